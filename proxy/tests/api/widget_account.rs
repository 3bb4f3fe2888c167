//! Paying with an existing Flexiti account through the widget API, as the widget does it: find,
//! verify, price, buy; the amount always the session's, each refusal a catalogue entry.

use proxy::testing::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::paths;

fn jane() -> Value {
    json!({ "by": "card", "vcc_number": "6374980300000001" })
}

async fn view(app: &TestApp, token: &str) -> Value {
    app.widget_get(paths::SESSION, token)
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn a_shopper_finds_verifies_prices_and_pays_once() {
    let app = TestApp::spawn().await;
    let (id, token) = app.open_session(100_000, "en-CA").await;
    let (status, found) = app
        .widget_post(paths::ACCOUNT_LOOKUP, &token, &jane())
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(
        found["available_credit_cents"],
        Value::Null,
        "the credit only once verified"
    );
    assert!(
        found.get("account_number").is_none() && found.get("customer_id").is_none(),
        "{found}"
    );

    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "buddy" });
    let (status, verified) = app
        .widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    assert_eq!(
        (
            status,
            &verified["status"],
            &verified["available_credit_cents"]
        ),
        (StatusCode::OK, &json!("verified"), &json!(500_000)),
        "{verified}"
    );

    let plan = json!({ "plan_id": "4", "term": 18 });
    let (status, quote) = app.widget_post(paths::ACCOUNT_QUOTE, &token, &plan).await;
    assert_eq!(status, StatusCode::OK, "{quote}");
    assert_eq!(
        (&quote["amount_cents"], &quote["monthly_payment_cents"]),
        (&json!(100_000), &json!(6_967))
    );

    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt["remaining_credit_cents"], json!(400_000));
    let seen = view(&app, &token).await;
    assert_eq!(seen["status"], json!("completed"));
    assert_eq!(seen["outcome"]["method"], json!("flexiti_account"));

    // Sent again (its answer lost on the way, a second tab): the same receipt, nothing bought.
    let (status, again) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!((status, &again), (StatusCode::OK, &receipt));
    assert_eq!(app.sandbox().posted_flexiti_purchases(), 1);
    let merchant = app
        .merchant(Method::GET, &format!("{}/{id}", paths::CHECKOUT_SESSIONS))
        .send()
        .await
        .expect("answered")
        .json::<Value>()
        .await
        .expect("JSON");
    assert_eq!(
        merchant["outcome"]["transaction_id"],
        receipt["transaction_id"]
    );
    assert_eq!(merchant["outcome"]["amount_cents"], json!(100_000));
}

#[tokio::test]
async fn a_texted_code_is_typed_at_confirmation() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "en-CA").await;
    let confirm = |code: Option<&str>| json!({ "plan_id": "4", "term": 18, "revision": 0, "verification_code": code });
    let (status, early) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm(None))
        .await;
    assert_eq!(
        (status, &early["code"]),
        (StatusCode::CONFLICT, &json!("verification_required"))
    );
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane())
        .await;
    let sms = json!({ "method": "sms" });
    let (_, sent) = app.widget_post(paths::ACCOUNT_VERIFY, &token, &sms).await;
    assert_eq!(sent, json!({ "status": "code_sent", "method": "sms" }));
    let (_, untyped) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm(None))
        .await;
    assert_eq!(untyped["code"], json!("verification_required"));
    let (_, typo) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm(Some("1111")))
        .await;
    assert_eq!(typo["code"], json!("wrong_verification_code"));
    let (status, paid) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm(Some("2485")))
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
}

#[tokio::test]
async fn a_changed_amount_is_confirmed_again_before_anything_is_charged() {
    let app = TestApp::spawn().await;
    let (id, token) = app.open_session(100_000, "fr-CA").await;
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane())
        .await;
    let answer = json!({ "method": "security_question", "question_id": "5", "answer": "Japan" });
    app.widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    let coupon = app
        .merchant(Method::PATCH, &format!("{}/{id}", paths::CHECKOUT_SESSIONS))
        .json(&json!({ "amount": 90_000 }));
    assert_eq!(
        coupon.send().await.expect("answered").status(),
        StatusCode::OK
    );

    let stale = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, refused) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &stale)
        .await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::CONFLICT, &json!("amount_changed"))
    );
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("montant")),
        "{refused}"
    );
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane())
        .await;
    let (_, verified) = app
        .widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    assert_eq!(
        verified["available_credit_cents"],
        json!(500_000),
        "nothing was charged"
    );

    let seen = view(&app, &token).await;
    assert_eq!(
        (&seen["amount_cents"], &seen["revision"]),
        (&json!(90_000), &json!(1))
    );
    let fresh = json!({ "plan_id": "4", "term": 18, "revision": 1 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &fresh)
        .await;
    assert_eq!(
        (status, &receipt["amount_cents"]),
        (StatusCode::OK, &json!(90_000))
    );
}

#[tokio::test]
async fn each_refusal_is_told_in_the_shoppers_language() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(50_000, "fr-CA").await;
    let alex = json!({ "by": "card", "vcc_number": "6374980300000027" });
    let (status, refused) = app.widget_post(paths::ACCOUNT_LOOKUP, &token, &alex).await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::CONFLICT, &json!("account_not_activated"))
    );
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("activé")),
        "{refused}"
    );

    let sam = json!({ "by": "person", "first_name": "Sam", "last_name": "Low", "dob": "1995-12-12", "postal_code": "B3H 1A1" });
    let (status, _) = app.widget_post(paths::ACCOUNT_LOOKUP, &token, &sam).await;
    assert_eq!(status, StatusCode::OK);
    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "Buddy" });
    app.widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (_, short) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(short["code"], json!("not_enough_credit"), "{short}");
    let (_, wrong) = app
        .widget_post(
            paths::ACCOUNT_VERIFY,
            &token,
            &json!({ "method": "security_question", "question_id": "4", "answer": "Rex" }),
        )
        .await;
    assert_eq!(wrong["code"], json!("wrong_security_answer"));
}

#[tokio::test]
async fn a_purchase_whose_answer_was_lost_blocks_every_second_payment() {
    let app = TestApp::spawn().await;
    let (id, token) = app.open_session(100_000, "en-CA").await;
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane())
        .await;
    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "Buddy" });
    app.widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    let fault: sandbox::faults::Fault = "status=503".parse().expect("a fault");
    app.sandbox().faults().inject(
        &format!(
            "{}/client-id/flexitidemo/transactions",
            sandbox::FLEXITI_BASE_PATH
        ),
        fault,
        Some(1),
    );
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, lost) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress"))
    );
    let (_, again) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(
        again["code"],
        json!("payment_in_progress"),
        "never posted twice"
    );
    let card = json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035, "cvc": "123",
        "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 });
    let (_, by_card) = app.widget_post(paths::CARD_PAYMENT, &token, &card).await;
    assert_eq!(
        by_card["code"],
        json!("payment_in_progress"),
        "nor paid another way"
    );
    assert_eq!(view(&app, &token).await["payment_in_progress"], json!(true));

    let one = format!("{}/{id}", paths::CHECKOUT_SESSIONS);
    let coupon = app
        .merchant(Method::PATCH, &one)
        .json(&json!({ "amount": 1 }));
    let refused: Value = coupon
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        refused["code"],
        json!("payment_in_progress"),
        "the amount is frozen meanwhile"
    );
    let merchant: Value = app
        .merchant(Method::GET, &one)
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(merchant["payment_in_progress"], json!(true));
}
