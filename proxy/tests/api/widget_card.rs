//! Paying by card through the widget API: approved, declined with the next step, never twice, and
//! an attempt whose answer was lost found again instead of charged again.

use proxy::testing::{TEST_ORIGIN, TestApp};
use reqwest::{Method, StatusCode};
use sandbox::{FLEXPAY_BASE_PATH, faults::Fault};
use serde_json::{Value, json};
use shared::paths;

fn card(number: &str, revision: u32) -> Value {
    json!({ "number": number, "expiry_month": 6, "expiry_year": 2035, "cvc": "123",
        "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": revision })
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

fn fault(app: &TestApp, path: &str, fault: &str) {
    let fault: Fault = fault.parse().expect("a fault");
    app.sandbox()
        .faults()
        .inject(&format!("{FLEXPAY_BASE_PATH}{path}"), fault, Some(1));
}

/// FlexPay refuses a first or last name over 50 characters whole: a shopper with many given
/// names would be told their card details are wrong, and could not mend them.
#[tokio::test]
async fn a_long_name_on_the_card_still_pays() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(12_345, "fr-CA").await;
    let mut long = card("4242424242424242", 0);
    long["holder_name"] =
        json!("Marie-Ève Anne-Sophie Geneviève Catherine Élisabeth Joséphine Tremblay-Bélanger");
    let (status, paid) = app.widget_post(paths::CARD_PAYMENT, &token, &long).await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    assert_eq!(paid["outcome"]["class"], json!("approved"), "{paid}");
}

#[tokio::test]
async fn an_approved_card_completes_the_checkout_once() {
    let app = TestApp::spawn().await;
    let (id, token) = app.open_session(12_345, "en-CA").await;
    let (status, paid) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4242 4242 4242 4242", 0))
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    assert_eq!(paid["outcome"]["class"], json!("approved"));
    assert_eq!(
        (&paid["last_four"], &paid["next_step"]),
        (&json!("4242"), &json!("done"))
    );
    let text = paid.to_string();
    assert!(
        !text.contains("4242424242424242") && !text.contains("123\""),
        "{text}"
    );

    let seen = view(&app, &token).await;
    assert_eq!(seen["status"], json!("completed"));
    assert_eq!(seen["outcome"]["method"], json!("card"));
    let (status, again) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4242424242424242", 0))
        .await;
    assert_eq!(
        (status, &again["merchant_transaction_id"]),
        (StatusCode::OK, &paid["merchant_transaction_id"]),
        "paying again answers the payment made, and charges nothing"
    );

    let merchant: Value = app
        .merchant(Method::GET, &format!("{}/{id}", paths::CHECKOUT_SESSIONS))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(merchant["outcome"]["amount_cents"], json!(12_345));
    assert_eq!(
        merchant["outcome"]["merchant_transaction_id"],
        paid["merchant_transaction_id"]
    );
}

#[tokio::test]
async fn a_decline_says_what_to_do_and_another_card_may_follow() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(5_000, "fr-CA").await;
    let (status, declined) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4000000000009995", 0))
        .await;
    assert_eq!(status, StatusCode::OK, "{declined}");
    assert_eq!(
        (&declined["outcome"]["code"], &declined["outcome"]["class"]),
        (&json!(20023), &json!("soft_decline"))
    );
    assert!(
        declined["message"]
            .as_str()
            .is_some_and(|m| m.contains("fonds")),
        "{declined}"
    );
    assert_eq!(view(&app, &token).await["status"], json!("open"));

    let (status, paid) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("5555555555554444", 0))
        .await;
    assert_eq!(
        (status, &paid["outcome"]["class"]),
        (StatusCode::OK, &json!("approved"))
    );
    assert_ne!(
        paid["merchant_transaction_id"],
        declined["merchant_transaction_id"]
    );
}

#[tokio::test]
async fn a_lost_answer_is_found_again_not_charged_again() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(7_700, "en-CA").await;
    fault(&app, "/gateways/charge", "truncate");
    let (status, paid) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4111111111111111", 0))
        .await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    assert_eq!(paid["outcome"]["class"], json!("approved"));
    assert_eq!(view(&app, &token).await["status"], json!("completed"));
}

#[tokio::test]
async fn an_unsettled_attempt_blocks_a_second_charge() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(7_700, "en-CA").await;
    fault(&app, "/gateways/charge", "status=503");
    let (status, first) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4111111111111111", 0))
        .await;
    assert_eq!(
        (status, &first["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress"))
    );
    let (status, second) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4111111111111111", 0))
        .await;
    assert_eq!(
        (status, &second["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "no second charge while the first is unknown"
    );
    assert_eq!(view(&app, &token).await["status"], json!("open"));
}

#[tokio::test]
async fn a_card_is_refused_where_it_is_not_offered_or_the_amount_moved() {
    let app = TestApp::spawn().await;
    let body = json!({ "amount": 1_000, "order_id": "C-1", "methods": ["flexiti_account"], "allowed_origins": [TEST_ORIGIN] });
    let (_, created) = app.create_session(&body).await;
    let token = created["client_token"].as_str().expect("a token");
    let (status, refused) = app
        .widget_post(paths::CARD_PAYMENT, token, &card("4242424242424242", 0))
        .await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::CONFLICT, &json!("method_not_offered"))
    );

    let (_, token) = app.open_session(1_000, "en-CA").await;
    let (status, stale) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4242424242424242", 3))
        .await;
    assert_eq!(
        (status, &stale["code"]),
        (StatusCode::CONFLICT, &json!("amount_changed"))
    );
    let (status, bad) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4242-4242", 0))
        .await;
    assert_eq!(
        (status, &bad["param"]),
        (StatusCode::BAD_REQUEST, &json!("number"))
    );
}

#[tokio::test]
async fn a_double_click_charges_once() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(4_200, "en-CA").await;
    let body = card("4242424242424242", 0);
    let (first, second) = tokio::join!(
        app.widget_post(paths::CARD_PAYMENT, &token, &body),
        app.widget_post(paths::CARD_PAYMENT, &token, &body)
    );
    assert_eq!(app.sandbox().approved_card_transactions(), 1, "one charge");
    // Each click is answered: the payment, or "being confirmed" while it was in flight.
    for (status, answer) in [&first, &second] {
        let paid = *status == StatusCode::OK && answer["outcome"]["class"] == "approved";
        assert!(
            paid || answer["code"] == "payment_in_progress",
            "{first:?} / {second:?}"
        );
    }
    let (status, replayed) = app.widget_post(paths::CARD_PAYMENT, &token, &body).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a replay gets the same answer: {replayed}"
    );
    let paid = [&first, &second]
        .into_iter()
        .find(|(status, _)| *status == StatusCode::OK)
        .map(|(_, answer)| answer["merchant_transaction_id"].clone());
    assert_eq!(Some(replayed["merchant_transaction_id"].clone()), paid);
    assert_eq!(
        app.sandbox().approved_card_transactions(),
        1,
        "still one charge"
    );
}

#[tokio::test]
async fn a_checkout_cannot_be_used_to_test_cards() {
    let app = TestApp::spawn().await;
    let (_, token) = app.open_session(100, "en-CA").await;
    for attempt in 0..10 {
        let (status, declined) = app
            .widget_post(paths::CARD_PAYMENT, &token, &card("4000000000000002", 0))
            .await;
        assert_eq!(
            (status, &declined["outcome"]["class"]),
            (StatusCode::OK, &json!("soft_decline")),
            "attempt {attempt}: {declined}"
        );
    }
    let (status, stopped) = app
        .widget_post(paths::CARD_PAYMENT, &token, &card("4242424242424242", 0))
        .await;
    assert_eq!(
        (status, &stopped["code"]),
        (StatusCode::TOO_MANY_REQUESTS, &json!("too_many_attempts"))
    );
}
