//! Nothing secret reaches the logs or the database: a credit application (SIN, PIW, security
//! answer, ID number), a card payment (number, CVC) and a Flexiti purchase (answer, PIW, code),
//! each also through its failures (a wrong answer, a decline, a lost answer), with every log line
//! of the proxy kept at debug level; then the logs and every table are searched for each secret,
//! token and key.

use proxy::{
    config::DEMO_MERCHANT_API_KEY,
    testing::{CapturedLog, TestApp, leak_scan::Secrets},
};
use reqwest::StatusCode;
use sandbox::{FLEXPAY_BASE_PATH, faults::Fault};
use serde_json::{Value, json};
use shared::paths;

const SIN: &str = "046454286";
const PIW: &str = "Cloudberry";
const ANSWER: &str = "Marmalade";
const ID_NUMBER: &str = "QX77241958";
const CARD: &str = "4242424242424242";
const CVC: &str = "987";

fn applicant() -> Value {
    json!({
        "amount_requested_cents": 500_000, "phone_number": "5551231231", "email": "leak@example.com",
        "language": "en-CA", "salutation": "mr", "first_name": "Lee", "last_name": "Kage",
        "dob": "1990-01-01", "address_1": "1 Quiet Street", "city": "Toronto", "province": "ON",
        "postal_code": "M5M 1M1",
        "government_id": { "kind": "CAP", "issued_by": "CANADA", "number": ID_NUMBER, "expiry": "2035-12-12" },
        "personal_income_cents": 9_000_000, "household_income_cents": 9_000_000,
        "housing_type": "Rent", "occupation_id": "FE", "occupation_title": "Baker",
        "sin": SIN, "security_question_id": "8", "security_answer": ANSWER, "piw": PIW,
        "terms_accepted": true
    })
}

fn card(number: &str) -> Value {
    json!({ "number": number, "expiry_month": 6, "expiry_year": 2035, "cvc": CVC,
        "holder_name": "Lee Kage", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 })
}

/// A credit application, approved, then paid with the new account.
async fn apply(app: &TestApp) -> String {
    let (_, token) = app.open_session(40_000, "en-CA").await;
    let terms = format!("{}?province=ON&locale=en-CA", paths::TERMS);
    app.widget_get(&terms, &token).send().await.expect("terms");
    let (status, approved) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant())
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    let plan = &approved["offers"][0];
    let confirm = json!({ "plan_id": plan["plan_id"], "term": plan["terms"][0], "revision": 0 });
    let (status, paid) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    token
}

/// A decline, a lost answer, then an approval by card.
async fn pay_by_card(app: &TestApp) -> String {
    let (_, token) = app.open_session(2_500, "en-CA").await;
    let (status, _) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4000000000009995"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let truncate: Fault = "truncate".parse().expect("a fault");
    let charge = format!("{FLEXPAY_BASE_PATH}/gateways/charge");
    app.sandbox().faults().inject(&charge, truncate, Some(1));
    let (status, paid) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card(CARD))
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    token
}

/// A wrong answer with a wrong PIW, then a texted code, then a purchase.
async fn pay_with_account(app: &TestApp) -> String {
    let (_, token) = app.open_session(10_000, "en-CA").await;
    let lookup = json!({ "by": "card", "vcc_number": "6374980300000001" });
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &lookup)
        .await;
    let wrong =
        json!({ "method": "security_question", "question_id": "4", "answer": ANSWER, "piw": PIW });
    let (status, _) = app.widget_post(paths::ACCOUNT_VERIFY, &token, &wrong).await;
    assert_eq!(status, StatusCode::CONFLICT);
    app.widget_post(paths::ACCOUNT_VERIFY, &token, &json!({ "method": "sms" }))
        .await;
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0, "verification_code": "2485" });
    let (status, paid) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    token
}

#[tokio::test]
async fn no_secret_reaches_the_logs_or_the_database() {
    let logs = CapturedLog::install("proxy=debug,tower_http=debug,info");
    let app = TestApp::spawn().await;
    let tokens = [
        apply(&app).await,
        pay_by_card(&app).await,
        pay_with_account(&app).await,
    ];

    let mut secrets = Secrets::of_deployment(app.sandbox(), DEMO_MERCHANT_API_KEY);
    for (what, secret) in [
        ("SIN", SIN),
        ("PIW", PIW),
        ("security answer", ANSWER),
        ("ID number", ID_NUMBER),
        ("card number", CARD),
        ("card number, grouped", "4242 4242 4242 4242"),
        ("CVC", &format!("\"{CVC}\"")),
        ("CVC", &format!("={CVC}")),
        ("verification code", "2485"),
    ] {
        secrets.add(what, secret);
    }
    for token in &tokens {
        secrets.add_client_token(token);
    }

    let logged = logs.text();
    let stored = app.database().dump().await;
    assert!(
        logged.lines().count() > 20,
        "the logs were captured: {logged}"
    );
    assert!(stored.contains("approved"), "the ledger was read: {stored}");
    let leaks = secrets.found_in(&[("logs", &logged), ("database", &stored)]);
    assert_eq!(leaks, Vec::<String>::new());
    println!(
        "searched {} log lines and {} database rows for {} secrets",
        logged.lines().count(),
        stored.lines().count(),
        secrets.len()
    );
}
