//! Applying for Flexiti credit through the widget API: only after the terms were shown, approved
//! in Quebec with the debt ratio and a way to decline, and payable at once with the new account.

use proxy::testing::TestApp;
use reqwest::StatusCode;
use sandbox::FLEXITI_BASE_PATH;

use crate::helpers::fault_once;
use serde_json::{Value, json};
use shared::paths;

/// The docs' `apply` example (a Quebec applicant), its ID expiry moved into the future, its
/// postal code moved to Quebec and its SIN given a valid check digit.
fn applicant(last_name: &str) -> Value {
    json!({
        "amount_requested_cents": 500_000, "phone_number": "5551231231", "email": "email@address.com",
        "language": "en-CA", "salutation": "mr", "first_name": "John", "middle_name": "Grey",
        "last_name": last_name, "dob": "1990-01-01", "address_1": "123 Any Street", "address_2": "Apt C",
        "city": "Montreal", "province": "QC", "postal_code": "H2J 2L1",
        "government_id": { "kind": "CAP", "issued_by": "CANADA", "number": "ab121212", "expiry": "2035-12-12" },
        "personal_income_cents": 12_312_300, "household_income_cents": 22_312_300,
        "monthly_housing_expenses_cents": 100_000, "housing_type": "Rent", "occupation_id": "FE",
        "occupation_title": "Baker", "employer_name": "Tasty Bakery", "employer_phone": "1231231231",
        "sin": "046454286", "security_question_id": "8", "security_answer": "Horse", "piw": "Cloud",
        "terms_accepted": true
    })
}

async fn show_terms(app: &TestApp, token: &str, province: &str) {
    let path = format!("{}?province={province}&locale=en-CA", paths::TERMS);
    let shown = app.widget_get(&path, token).send().await.expect("answered");
    assert_eq!(shown.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_applicant_sees_the_terms_is_approved_and_pays_with_the_new_account() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(120_000, "en-CA").await;
    let (status, unseen) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(
        (status, &unseen["code"]),
        (StatusCode::CONFLICT, &json!("terms_not_accepted"))
    );
    show_terms(&app, &token, "ON").await;
    let (_, elsewhere) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(
        elsewhere["code"],
        json!("terms_not_accepted"),
        "Ontario's terms do not cover Quebec"
    );

    show_terms(&app, &token, "QC").await;
    let (status, approved) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["card_ending"], json!("8234"));
    assert!(
        approved["debt_ratio_basis_points"].is_u64(),
        "Quebec: {approved}"
    );
    let text = approved.to_string();
    assert!(
        !text.contains("20035156") && !text.contains("43353"),
        "no ids: {text}"
    );

    let plan = json!({ "plan_id": "4", "term": 18 });
    let (status, quote) = app.widget_post(paths::ACCOUNT_QUOTE, &token, &plan).await;
    assert_eq!(status, StatusCode::OK, "{quote}");
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt["amount_cents"], json!(120_000));
    let (status, _) = app
        .widget_post(paths::APPLICATION_CANCEL, &token, &json!({}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a used account cannot be declined here"
    );
}

/// A session of $500 in French whose Quebec applicant, shown the terms, was approved: its token.
async fn approved_in_quebec(app: &TestApp) -> String {
    let (_, token) = app.open_session(50_000, "fr-CA").await;
    show_terms(app, &token, "QC").await;
    let (status, approved) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    token
}

#[tokio::test]
async fn a_quebec_applicant_may_decline_the_new_account() {
    let app = TestApp::spawn().await;
    let token = approved_in_quebec(&app).await;
    let cancelled = app
        .widget_post_empty(paths::APPLICATION_CANCEL, &token)
        .await;
    assert_eq!(cancelled, StatusCode::NO_CONTENT);
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (_, after) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(
        after["code"],
        json!("verification_required"),
        "the account is gone from the session"
    );
    assert_eq!(
        app.widget_post_empty(paths::APPLICATION_CANCEL, &token)
            .await,
        StatusCode::NO_CONTENT,
        "sent again (its answer lost on the way): closed, as the first said"
    );
}

#[tokio::test]
async fn a_cancellation_without_an_account_opened_here_is_refused() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "fr-CA").await;
    assert_eq!(
        app.widget_post_empty(paths::APPLICATION_CANCEL, &token)
            .await,
        StatusCode::BAD_REQUEST
    );
    let jane = json!({ "by": "card", "vcc_number": "6374980300000001" });
    let (status, _) = app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.widget_post_empty(paths::APPLICATION_CANCEL, &token)
            .await,
        StatusCode::BAD_REQUEST,
        "an account found, not opened here, is not closed"
    );
}

/// A purchase whose answer was lost may have been made with the new account: it is not closed
/// until that purchase is settled (by a lookup of the account's purchases).
#[tokio::test]
async fn the_new_account_is_not_declined_while_a_purchase_on_it_is_in_flight() {
    let app = TestApp::spawn().await;
    let token = approved_in_quebec(&app).await;
    let purchases = format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/transactions");
    fault_once(&app, &purchases, "status=503");
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (_, lost) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(lost["code"], json!("payment_in_progress"), "{lost}");
    let (status, refused) = app
        .widget_post(paths::APPLICATION_CANCEL, &token, &json!({}))
        .await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{refused}"
    );
    let (_, again) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(
        again["code"],
        json!("payment_in_progress"),
        "nor replaced by another: {again}"
    );
}

#[tokio::test]
async fn a_declined_applicant_is_told_in_their_language() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "fr-CA").await;
    show_terms(&app, &token, "QC").await;
    let (status, declined) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Declined"))
        .await;
    assert_eq!(
        (status, &declined["code"]),
        (StatusCode::CONFLICT, &json!("application_declined"))
    );
    assert!(
        declined["message"]
            .as_str()
            .is_some_and(|m| m.contains("désolés")),
        "{declined}"
    );
    let (status, incomplete) = app
        .widget_post(
            paths::APPLICATIONS,
            &token,
            &json!({ "first_name": "John" }),
        )
        .await;
    assert_eq!(
        (status, &incomplete["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_request"))
    );
}

#[tokio::test]
async fn each_field_that_breaks_a_rule_is_named_before_flexiti_is_asked() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "fr-CA").await;
    show_terms(&app, &token, "QC").await;
    let mut wrong = applicant("Doe");
    wrong["dob"] = json!("2015-02-30");
    wrong["sin"] = json!("123123123");
    wrong["postal_code"] = json!("M5M 1M1");
    wrong
        .as_object_mut()
        .map(|map| map.remove("monthly_housing_expenses_cents"));
    let (status, refused) = app.widget_post(paths::APPLICATIONS, &token, &wrong).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|field| field["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["dob", "postal_code", "monthly_housing_expenses", "sin"]
    );
    assert!(
        refused["fields"][2]["message"]
            .as_str()
            .is_some_and(|message| message.contains("Québec")),
        "told in French why: {refused}"
    );
    assert!(
        !refused.to_string().contains("123123123"),
        "the SIN is not echoed"
    );
}

#[tokio::test]
async fn fields_flexiti_refuses_come_back_named_as_the_form_names_them() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "en-CA").await;
    show_terms(&app, &token, "QC").await;
    let mut wrong = applicant("Doe");
    // Our rules do not know which issuers a passport has; Flexiti does.
    wrong["government_id"]["issued_by"] = json!("ON");
    wrong["email"] = json!("john@undeliverable.example");
    let (status, refused) = app.widget_post(paths::APPLICATIONS, &token, &wrong).await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_request")),
        "{refused}"
    );
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|field| field["field"].as_str())
        .collect();
    assert_eq!(fields, ["email", "govid_issued_by"]);
}

#[tokio::test]
async fn an_applicant_outside_quebec_is_shown_the_new_accounts_plans_and_no_debt_ratio() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "en-CA").await;
    show_terms(&app, &token, "ON").await;
    let mut ontario = applicant("Tremblay-Smith");
    ontario["province"] = json!("ON");
    ontario["postal_code"] = json!("M5M 1M1");
    let (status, approved) = app.widget_post(paths::APPLICATIONS, &token, &ontario).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert!(approved["debt_ratio_basis_points"].is_null(), "{approved}");
    assert!(
        approved["offers"]
            .as_array()
            .is_some_and(|offers| !offers.is_empty()),
        "the plans come from the new account: {approved}"
    );
    let (status, _) = app
        .widget_post(paths::APPLICATION_CANCEL, &token, &json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "only Quebec may decline");
}

#[tokio::test]
async fn an_application_sent_again_after_its_approval_is_answered_with_it() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(120_000, "en-CA").await;
    show_terms(&app, &token, "QC").await;
    let (status, approved) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");

    // Its answer lost on the way, the applicant sends it again: the account opened is the
    // answer, not "you already have an account" (Flexiti knows them now), and it still pays.
    let accounts = app.sandbox().flexiti_accounts();
    let mut edited = applicant("Doe");
    edited["first_name"] = json!(" john ");
    edited["employer_name"] = json!("Another Bakery");
    let (status, again) = app.widget_post(paths::APPLICATIONS, &token, &edited).await;
    assert_eq!((status, &again), (StatusCode::OK, &approved));
    assert_eq!(app.sandbox().flexiti_accounts(), accounts, "none opened");
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
}

#[tokio::test]
async fn another_applicant_in_the_same_checkout_is_not_answered_with_the_first_ones_approval() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(120_000, "en-CA").await;
    show_terms(&app, &token, "QC").await;
    let (_, first) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    let accounts = app.sandbox().flexiti_accounts();
    let mut another = applicant("Doe");
    another["first_name"] = json!("Jane");
    another["dob"] = json!("1991-02-02");
    let (status, second) = app.widget_post(paths::APPLICATIONS, &token, &another).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["card_ending"], first["card_ending"], "{second}");
    assert_eq!(
        app.sandbox().flexiti_accounts(),
        accounts + 1,
        "Flexiti asked"
    );
}

#[tokio::test]
async fn an_application_sent_again_while_flexiti_decides_the_first_does_not_apply_twice() {
    // The proxy answers `timed_out` after 300 ms; Flexiti takes 1.5 s to decide.
    let mut config = proxy::testing::test_config(None);
    config.request_timeout_ms = 300;
    let app = TestApp::launch(config, sandbox::SandboxConfig::default()).await;
    let (_, token) = app.open_session(120_000, "fr-CA").await;
    show_terms(&app, &token, "QC").await;
    let checks = app.sandbox().flexiti_adjudications();
    let apply = format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/apply");
    fault_once(&app, &apply, "latency=1500");
    let (status, first) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(
        (status, &first["code"]),
        (StatusCode::GATEWAY_TIMEOUT, &json!("timed_out"))
    );

    // The applicant tries again at once: asked to wait, in their language; Flexiti is not asked.
    let (status, again) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["code"], "application_in_progress");
    assert!(
        again["message"]
            .as_str()
            .is_some_and(|m| m.contains("patienter")),
        "{again}"
    );

    // Once Flexiti has decided, the same application is answered with the account it opened.
    let mut decided = None;
    for _ in 0..20 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        let (status, answer) = app
            .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
            .await;
        if answer["code"] != "application_in_progress" {
            decided = Some((status, answer));
            break;
        }
    }
    let (status, approved) = decided.expect("decided within 5 s");
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(
        app.sandbox().flexiti_adjudications(),
        checks + 1,
        "one credit check"
    );
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
}

/// Doe's application sent twice in a Quebec checkout, Flexiti's `call` (under the client id)
/// meeting `fault` the first time: both answers.
async fn sent_twice_after(call: &str, fault: &str) -> [(StatusCode, Value); 2] {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(120_000, "en-CA").await;
    show_terms(&app, &token, "QC").await;
    let path = format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/{call}");
    fault_once(&app, &path, fault);
    let first = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    let again = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Doe"))
        .await;
    [first, again]
}

#[tokio::test]
async fn an_application_whose_answer_never_came_from_flexiti_holds_the_next_one_back() {
    // A gateway's 503 in Flexiti's place: whether Flexiti adjudicated is not known.
    let [(status, first), (again, said)] = sent_twice_after("apply", "status=503").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{first}");
    assert_eq!(again, StatusCode::CONFLICT, "{said}");
    assert_eq!(said["code"], "application_in_progress");
}

#[tokio::test]
async fn an_application_that_never_reached_adjudication_may_be_sent_again_at_once() {
    let [(status, first), (again, said)] = sent_twice_after("widget/init", "status=503").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{first}");
    assert_eq!(again, StatusCode::OK, "not held back by the first: {said}");
}

#[tokio::test]
async fn a_declined_application_sent_again_is_answered_with_the_decline_without_a_second_check() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(120_000, "en-CA").await;
    show_terms(&app, &token, "QC").await;
    let checks = app.sandbox().flexiti_adjudications();
    let (status, declined) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Declined"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{declined}");
    assert_eq!(declined["code"], "application_declined");
    assert_eq!(app.sandbox().flexiti_adjudications(), checks + 1);

    // Its answer lost on the way, the applicant sends it again: the same decline, and Flexiti
    // does not check their credit a second time.
    let (status, again) = app
        .widget_post(paths::APPLICATIONS, &token, &applicant("Declined"))
        .await;
    assert_eq!((status, &again), (StatusCode::CONFLICT, &declined));
    assert_eq!(
        app.sandbox().flexiti_adjudications(),
        checks + 1,
        "asked once"
    );

    // Put right (a higher income), it is another application: Flexiti decides it.
    let mut edited = applicant("Declined");
    edited["personal_income_cents"] = json!(15_000_000);
    let (status, _) = app.widget_post(paths::APPLICATIONS, &token, &edited).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        app.sandbox().flexiti_adjudications(),
        checks + 2,
        "decided anew"
    );

    // Someone else applying in the same checkout is decided on their own.
    let mut another = applicant("Doe");
    another["first_name"] = json!("Jane");
    let (status, approved) = app.widget_post(paths::APPLICATIONS, &token, &another).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(app.sandbox().flexiti_adjudications(), checks + 3);
}
