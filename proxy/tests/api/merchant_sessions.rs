//! The merchant server API's checkout sessions: create, read, change and expire, with the
//! merchant key, and every refusal in our error shape naming what to fix.

use proxy::testing::{TEST_ORIGIN, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::paths;

fn cart(amount: u64) -> Value {
    json!({ "amount": amount, "order_id": "A-1001", "locale": "fr-CA",
        "methods": ["card", "flexiti_account"], "allowed_origins": [TEST_ORIGIN, "http://localhost:3000"] })
}

async fn answer(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("the proxy answers");
    let status = response.status();
    assert_eq!(
        response.headers()["cache-control"],
        "no-store",
        "merchant answers are never cached"
    );
    (status, response.json().await.expect("a JSON answer"))
}

#[tokio::test]
async fn a_session_is_created_read_changed_and_expired() {
    let app = TestApp::spawn().await;
    let (status, created) = app.create_session(&cart(195_700)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("an id");
    assert!(id.starts_with("cs_"), "{id}");
    assert!(created["client_token"].is_string());
    assert_eq!(
        (
            &created["amount"],
            &created["currency"],
            &created["locale"],
            &created["status"]
        ),
        (
            &json!(195_700),
            &json!("CAD"),
            &json!("fr-CA"),
            &json!("open")
        )
    );
    assert_eq!(created["methods"], json!(["flexiti_account", "card"]));
    assert_eq!(
        created["allowed_origins"],
        json!([TEST_ORIGIN, "http://localhost:3000"])
    );

    let one = format!("{}/{id}", paths::CHECKOUT_SESSIONS);
    let (status, read) = answer(app.merchant(Method::GET, &one)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        read.get("client_token").is_none(),
        "the token is handed out once"
    );
    assert_eq!(read["amount"], json!(195_700));

    let coupon = app
        .merchant(Method::PATCH, &one)
        .json(&json!({ "amount": 175_700 }));
    let (status, changed) = answer(coupon).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        (&changed["amount"], &changed["revision"]),
        (&json!(175_700), &json!(1))
    );

    let (status, expired) = answer(app.merchant(Method::POST, &format!("{one}/expire"))).await;
    assert_eq!(
        (status, &expired["status"]),
        (StatusCode::OK, &json!("expired"))
    );
    let late = app
        .merchant(Method::PATCH, &one)
        .json(&json!({ "amount": 1 }));
    let (status, refused) = answer(late).await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::GONE, &json!("session_expired"))
    );
    let (_, still) = answer(app.merchant(Method::GET, &one)).await;
    assert_eq!(
        still["amount"],
        json!(175_700),
        "a refused change changes nothing"
    );
}

#[tokio::test]
async fn without_the_merchant_key_nothing_is_created_or_read() {
    let app = TestApp::spawn().await;
    let (_, created) = app.create_session(&cart(1_000)).await;
    let one = format!(
        "{}/{}",
        paths::CHECKOUT_SESSIONS,
        created["id"].as_str().expect("an id")
    );
    let token = created["client_token"].as_str().expect("a token");
    let http = reqwest::Client::new();
    let create = || {
        http.post(app.url(paths::CHECKOUT_SESSIONS))
            .json(&cart(1_000))
    };
    for (request, what) in [
        (
            http.get(app.url(&one)).bearer_auth("sk_test_wrong"),
            "a wrong key",
        ),
        (http.get(app.url(&one)).bearer_auth(token), "a client token"),
        (http.get(app.url(&one)), "no key"),
        (create().bearer_auth(""), "an empty key"),
        (
            app.merchant(Method::GET, &one).bearer_auth("sk_test_wrong"),
            "the right key beside a wrong one",
        ),
    ] {
        let (status, body) = answer(request).await;
        assert_eq!(
            (status, &body["code"]),
            (StatusCode::UNAUTHORIZED, &json!("unauthenticated")),
            "{what}"
        );
    }
}

#[tokio::test]
async fn each_mistake_is_refused_naming_its_parameter() {
    let app = TestApp::spawn().await;
    for (body, param) in [
        (
            json!({ "order_id": "A", "allowed_origins": [TEST_ORIGIN] }),
            Some("amount"),
        ),
        (
            json!({ "amount": 10.5, "order_id": "A", "allowed_origins": [TEST_ORIGIN] }),
            Some("amount"),
        ),
        (
            json!({ "amount": 100, "order_id": "A", "allowed_origins": ["*"] }),
            Some("allowed_origins"),
        ),
        (
            json!({ "amount": 100, "order_id": "A", "allowed_origins": ["https://shop.example/pay"] }),
            Some("allowed_origins"),
        ),
        (
            json!({ "amount": 100, "order_id": "A", "allowed_origins": [TEST_ORIGIN], "currency": "USD", "methods": ["card", "flexiti_account"] }),
            Some("methods"),
        ),
        (
            json!({ "amount": 100, "order_id": "A", "allowed_origins": [TEST_ORIGIN], "tip": 5 }),
            None,
        ),
    ] {
        let (status, refused) = app.create_session(&body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(refused["code"], json!("invalid_request"), "{body}");
        assert_eq!(refused["param"].as_str(), param, "{body}");
    }
    let malformed = app
        .merchant(Method::POST, paths::CHECKOUT_SESSIONS)
        .header("content-type", "application/json")
        .body("{\"amount\": ");
    let (status, refused) = answer(malformed).await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_request"))
    );
    let (status, missing) = answer(app.merchant(
        Method::GET,
        &format!("{}/cs_nope", paths::CHECKOUT_SESSIONS),
    ))
    .await;
    assert_eq!(
        (status, &missing["code"]),
        (StatusCode::NOT_FOUND, &json!("not_found"))
    );
}

#[tokio::test]
async fn a_usd_session_offers_the_card_alone_and_keeps_to_it() {
    let app = TestApp::spawn().await;
    let body = json!({ "amount": 2_500, "order_id": "US-1", "currency": "USD",
        "allowed_origins": [TEST_ORIGIN] });
    let (status, created) = app.create_session(&body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["methods"], json!(["card"]));

    let one = format!(
        "{}/{}",
        paths::CHECKOUT_SESSIONS,
        created["id"].as_str().expect("an id")
    );
    let flexiti = json!({ "methods": ["card", "flexiti_account"] });
    let (status, refused) = answer(app.merchant(Method::PATCH, &one).json(&flexiti)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["code"], json!("not_in_currency"));
    assert_eq!(refused["param"], json!("methods"));

    let (status, unchanged) = answer(app.merchant(Method::GET, &one)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unchanged["methods"], json!(["card"]));
    assert_eq!(unchanged["revision"], created["revision"]);
}
