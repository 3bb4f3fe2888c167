//! Tokens, merchant login, terms and messages.

use reqwest::StatusCode;
use sandbox::config as demo;
use serde_json::{Value, json};

#[allow(clippy::wildcard_imports)]
use crate::walk::*;

pub(crate) async fn merchant_endpoints(walk: &mut Walk) {
    let (status, login) = walk
        .post("POST merchants/login", "merchants/login?lang=en", json!({ "merchant_username": demo::DEMO_MERCHANT_USERNAME, "merchant_password": demo::DEMO_MERCHANT_PASSWORD }))
        .await;
    assert_eq!(
        (status, login["merchant_name"].clone()),
        (StatusCode::OK, json!("European Restorations"))
    );
    let (status, _) = walk
        .get(
            "GET terms-and-conditions",
            "terms-and-conditions?lang=fr&province=QC",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, words) = walk.get("GET i18n", "i18n?lang=fr").await;
    assert_eq!(
        (status, words["lang"].clone()),
        (StatusCode::OK, json!("fr"))
    );
    Walk::refused(
        &walk.get("GET i18n", "i18n?lang=de").await,
        StatusCode::CONFLICT,
        "wrong_inputs",
    );

    let stale = walk
        .http
        .get(walk.url("i18n"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .expect("an answer");
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    let body: Value = stale.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({ "code": 401, "error": "invalid_token", "error_description": "The access token provided is invalid." })
    );
    walk.errors.insert("invalid_token".into());

    let base = walk.running.flexiti_base_url();
    for (form, status, error) in [
        (
            [
                ("grant_type", "client_credentials"),
                ("client_id", demo::DEMO_CLIENT_ID),
                ("client_secret", "wrong"),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_client",
        ),
        (
            [
                ("grant_type", "password"),
                ("client_id", demo::DEMO_CLIENT_ID),
                ("client_secret", demo::DEMO_CLIENT_SECRET),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ] {
        let response = walk
            .http
            .post(format!("{base}/oauth/token"))
            .form(&form)
            .send()
            .await
            .expect("an answer");
        let answer = (
            response.status(),
            response.json::<Value>().await.expect("JSON"),
        );
        Walk::refused(&answer, status, error);
        walk.errors.insert(error.to_owned());
    }
    let wrong_login = walk
        .post(
            "POST merchants/login",
            "merchants/login",
            json!({ "merchant_username": "x", "merchant_password": "y" }),
        )
        .await;
    Walk::refused(&wrong_login, StatusCode::UNAUTHORIZED, "Unauthorized");
    let nameless = walk
        .post(
            "POST merchants/login",
            "merchants/login",
            json!({ "merchant_username": demo::DEMO_MERCHANT_USERNAME }),
        )
        .await;
    Walk::refused(&nameless, StatusCode::CONFLICT, "authentication_failure");
    information(walk).await;
}

/// `merchants/information`: every message, one message by key, in French, and an unknown key.
async fn information(walk: &mut Walk) {
    let endpoint = "GET merchants/information";
    let (status, all) = walk.get(endpoint, "merchants/information").await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<&String> = all.as_object().expect("an object").keys().collect();
    assert!(keys.len() > 1, "{all}");
    assert!(
        all.as_object()
            .expect("an object")
            .values()
            .all(|html| html.as_str().is_some_and(|html| html.starts_with('<'))),
        "every message is HTML: {all}"
    );
    let (status, one) = walk
        .get(
            endpoint,
            "merchants/information?message=debt_ratio_disclosure",
        )
        .await;
    let one = one.as_object().expect("an object").clone();
    assert_eq!((status, one.len()), (StatusCode::OK, 1));
    let (_, french) = walk
        .get(
            endpoint,
            "merchants/information?message=debt_ratio_disclosure&lang=fr",
        )
        .await;
    assert!(
        french["debt_ratio_disclosure"]
            .as_str()
            .is_some_and(|html| html.contains("ratio d’endettement")),
        "{french}"
    );
    let unknown = walk
        .get(endpoint, "merchants/information?message=no_such_message")
        .await;
    Walk::refused(&unknown, StatusCode::NOT_FOUND, "not_found");
}
