//! The widget's client token: it opens its own session and nothing else, reads the amount the
//! merchant bound, and can change none of it.

use proxy::testing::{TEST_ORIGIN, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::{CheckoutView, SessionStatus, paths};

async fn view(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let response = app
        .widget_get(paths::SESSION, token)
        .send()
        .await
        .expect("the proxy answers");
    (response.status(), response.json().await.expect("JSON"))
}

async fn session(app: &TestApp, amount: u64) -> (String, String) {
    let body = json!({ "amount": amount, "order_id": "W-1", "allowed_origins": [TEST_ORIGIN] });
    let (status, created) = app.create_session(&body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let field = |name: &str| created[name].as_str().expect("a string").to_owned();
    (field("id"), field("client_token"))
}

#[tokio::test]
async fn each_token_opens_its_own_session_and_follows_the_merchants_changes() {
    let app = TestApp::spawn().await;
    let (first_id, first) = session(&app, 10_000).await;
    let (_, second) = session(&app, 20_000).await;
    let (status, seen) = view(&app, &first).await;
    assert_eq!(status, StatusCode::OK);
    let seen: CheckoutView = serde_json::from_value(seen).expect("a view");
    assert_eq!(
        (seen.amount_cents, seen.status, seen.revision),
        (10_000, SessionStatus::Open, 0)
    );
    assert_eq!(view(&app, &second).await.1["amount_cents"], json!(20_000));

    let one = format!("{}/{first_id}", paths::CHECKOUT_SESSIONS);
    let coupon = app
        .merchant(Method::PATCH, &one)
        .json(&json!({ "amount": 8_000 }));
    assert_eq!(
        coupon.send().await.expect("answered").status(),
        StatusCode::OK
    );
    let (_, seen) = view(&app, &first).await;
    assert_eq!(
        (&seen["amount_cents"], &seen["revision"]),
        (&json!(8_000), &json!(1))
    );
    assert_eq!(view(&app, &second).await.1["amount_cents"], json!(20_000));
}

#[tokio::test]
async fn a_missing_forged_or_foreign_token_opens_nothing() {
    let app = TestApp::spawn().await;
    let (_, token) = session(&app, 10_000).await;
    let (id, secret) = token.split_once('.').expect("id.secret");
    let forged = format!("{id}.{}", "0".repeat(secret.len()));
    let (_, other) = session(&app, 10_000).await;
    let (other_id, _) = other.split_once('.').expect("id.secret");
    let swapped = format!("{other_id}.{secret}");
    for bad in ["", "nonsense", &forged, &swapped] {
        let (status, body) = view(&app, bad).await;
        assert_eq!(
            (status, &body["code"]),
            (StatusCode::UNAUTHORIZED, &json!("unauthenticated")),
            "{bad}"
        );
    }
    let bare = reqwest::get(app.url(paths::FORM_CONFIG))
        .await
        .expect("answered");
    assert_eq!(bare.status(), StatusCode::UNAUTHORIZED, "no token, no form");
}

#[tokio::test]
async fn the_widget_cannot_change_the_amount() {
    let app = TestApp::spawn().await;
    let (id, token) = session(&app, 10_000).await;
    let http = reqwest::Client::new();
    let attempts = [
        http.patch(app.url(paths::SESSION)),
        http.post(app.url(paths::SESSION)),
        http.patch(app.url(&format!("{}/{id}", paths::CHECKOUT_SESSIONS))),
    ];
    for attempt in attempts {
        let response = attempt
            .bearer_auth(&token)
            .json(&json!({ "amount": 1, "amount_cents": 1 }))
            .send()
            .await
            .expect("answered");
        assert!(
            matches!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED | StatusCode::UNAUTHORIZED
            ),
            "{}",
            response.status()
        );
    }
    assert_eq!(view(&app, &token).await.1["amount_cents"], json!(10_000));
}

#[tokio::test]
async fn an_expired_session_shows_as_expired_and_serves_no_form() {
    let app = TestApp::spawn().await;
    let (id, token) = session(&app, 10_000).await;
    let expire = format!("{}/{id}/expire", paths::CHECKOUT_SESSIONS);
    let expired = app
        .merchant(Method::POST, &expire)
        .send()
        .await
        .expect("answered");
    assert_eq!(expired.status(), StatusCode::OK);
    assert_eq!(view(&app, &token).await.1["status"], json!("expired"));
    let form = app
        .widget_get(&format!("{}?locale=fr-CA", paths::FORM_CONFIG), &token)
        .send()
        .await
        .expect("answered");
    assert_eq!(form.status(), StatusCode::GONE);
    let body: Value = form.json().await.expect("JSON");
    assert_eq!(body["code"], json!("session_expired"));
}
