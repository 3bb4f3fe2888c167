//! Exactly once when answers are lost: a payment whose answer arrives after the timeout is
//! recorded `unknown` in the ledger, settled by looking it up (never by paying again), and the
//! same request replayed gets the same answer with one charge.

use std::time::Duration;

use proxy::testing::TestApp;

use crate::helpers::{fault_once, impatient_proxy, merchant_get};
use reqwest::{Method, StatusCode};
use sandbox::{FLEXITI_BASE_PATH, FLEXPAY_BASE_PATH};
use serde_json::{Value, json};
use shared::paths;

async fn attempts(app: &TestApp, id: &str) -> Value {
    merchant_get(app, &format!("{}/{id}/attempts", paths::CHECKOUT_SESSIONS)).await
}

/// Waits (at most 15 s) for the session's outcome, which only reconciliation can bring.
async fn reconciled_outcome(app: &TestApp, id: &str) -> Value {
    for _ in 0..60 {
        let session = merchant_get(app, &format!("{}/{id}", paths::CHECKOUT_SESSIONS)).await;
        if !session["outcome"].is_null() {
            return session["outcome"].clone();
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("never reconciled: {}", attempts(app, id).await);
}

fn card() -> Value {
    json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035, "cvc": "123",
        "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 })
}

#[tokio::test]
async fn a_charge_answered_after_the_timeout_is_reconciled_by_lookup_and_never_repeated() {
    let app = impatient_proxy().await;
    let (id, token) = app.open_session(5_500, "en-CA").await;
    fault_once(
        &app,
        &format!("{FLEXPAY_BASE_PATH}/gateways/charge"),
        "late=1500",
    );
    fault_once(
        &app,
        &format!("{FLEXPAY_BASE_PATH}/transactions"),
        "status=503",
    );

    let (status, lost) = app.widget_post(paths::CARD_PAYMENT, &token, &card()).await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{lost}"
    );
    let ledger = attempts(&app, &id).await;
    assert_eq!(ledger[0]["state"], json!("unknown"), "{ledger}");
    assert_eq!(
        app.sandbox().approved_card_transactions(),
        1,
        "it did charge"
    );

    let outcome = reconciled_outcome(&app, &id).await;
    assert_eq!(outcome["method"], json!("card"), "{outcome}");
    let ledger = attempts(&app, &id).await;
    assert_eq!(ledger.as_array().map(Vec::len), Some(1), "{ledger}");
    assert_eq!(
        (&ledger[0]["state"], &ledger[0]["reconciled"]),
        (&json!("approved"), &json!(true)),
        "{ledger}"
    );

    let (status, replayed) = app.widget_post(paths::CARD_PAYMENT, &token, &card()).await;
    assert_eq!(status, StatusCode::OK, "{replayed}");
    assert_eq!(
        replayed["merchant_transaction_id"],
        outcome["merchant_transaction_id"]
    );
    assert_eq!(app.sandbox().approved_card_transactions(), 1, "one charge");
}

#[tokio::test]
async fn a_flexiti_purchase_answered_after_the_timeout_is_found_in_the_accounts_purchases() {
    let app = impatient_proxy().await;
    let (id, token) = app.open_session(12_000, "en-CA").await;
    let jane = json!({ "by": "card", "vcc_number": "6374980300000001" });
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane).await;
    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "Buddy" });
    let (status, _) = app
        .widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    assert_eq!(status, StatusCode::OK);
    fault_once(
        &app,
        &format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/transactions"),
        "late=1500",
    );
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, lost) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{lost}"
    );
    let (_, again) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(
        again["code"],
        json!("payment_in_progress"),
        "never posted twice"
    );

    let outcome = reconciled_outcome(&app, &id).await;
    assert_eq!(
        (&outcome["method"], &outcome["amount_cents"]),
        (&json!("flexiti_account"), &json!(12_000)),
        "{outcome}"
    );
    let ledger = attempts(&app, &id).await;
    assert_eq!(ledger[0]["state"], json!("approved"), "{ledger}");
}

/// A purchase in flight is looked up on the account it was sent on: another account found
/// meanwhile would have it looked for where it is not, taken for declined, and the checkout
/// paid a second time (a shopper's second tab, or a retry of the lookup).
#[tokio::test]
async fn the_account_a_lost_purchase_went_on_stays_until_it_is_found() {
    let app = impatient_proxy().await;
    let (id, token) = app.open_session(12_000, "en-CA").await;
    let jane = json!({ "by": "card", "vcc_number": "6374980300000001" });
    app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane).await;
    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "Buddy" });
    app.widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
        .await;
    fault_once(
        &app,
        &format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/transactions"),
        "late=1500",
    );
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (_, lost) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(lost["code"], json!("payment_in_progress"), "{lost}");

    let marie = json!({ "by": "card", "vcc_number": "6374980300000019" });
    let (status, refused) = app.widget_post(paths::ACCOUNT_LOOKUP, &token, &marie).await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{refused}"
    );
    let outcome = reconciled_outcome(&app, &id).await;
    assert_eq!(
        (&outcome["method"], &outcome["amount_cents"]),
        (&json!("flexiti_account"), &json!(12_000)),
        "found on Jane's account: {outcome}"
    );
    let (_, by_card) = app.widget_post(paths::CARD_PAYMENT, &token, &card()).await;
    assert_eq!(by_card["code"], json!("session_closed"), "paid once");
    assert_eq!(app.sandbox().approved_card_transactions(), 0);
}

#[tokio::test]
async fn the_reconciliation_endpoint_reports_what_it_did() {
    let app = TestApp::spawn().await;
    let report: Value = app
        .merchant(Method::POST, "/v1/reconciliation")
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        report,
        json!({ "looked_up": 0, "approved": 0, "declined": 0, "still_unknown": 0,
            "follow_ups": { "looked_up": 0, "approved": 0, "declined": 0, "still_unknown": 0 } })
    );
    let refused = app
        .merchant(Method::POST, "/v1/reconciliation")
        .bearer_auth("wrong")
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}
