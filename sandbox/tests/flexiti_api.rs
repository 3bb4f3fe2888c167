//! The sandbox's Flexiti POS API over HTTP, as the docs' examples call it.

use std::net::SocketAddr;

use reqwest::StatusCode;
use sandbox::{RunningSandbox, SandboxConfig, config as demo};
use serde_json::Value;

async fn start() -> RunningSandbox {
    sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox")
}

async fn token(base: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/oauth/token"))
        .form(form)
        .send()
        .await
        .expect("an answer");
    (response.status(), response.json().await.expect("JSON"))
}

fn client_credentials(secret: &str) -> [(&'static str, &str); 3] {
    [
        ("grant_type", "client_credentials"),
        ("client_id", demo::DEMO_CLIENT_ID),
        ("client_secret", secret),
    ]
}

#[tokio::test]
async fn the_docs_token_example_works_and_bad_credentials_are_refused_as_documented() {
    let sandbox = start().await;
    let base = sandbox.flexiti_base_url();
    let (status, body) = token(&base, &client_credentials(demo::DEMO_CLIENT_SECRET)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 1200);
    assert!(
        body["access_token"].is_string() && body["refresh_token"].is_string(),
        "{body}"
    );

    let refresh = body["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let refreshed = [
        ("grant_type", "refresh_token"),
        ("client_id", demo::DEMO_CLIENT_ID),
        ("client_secret", demo::DEMO_CLIENT_SECRET),
        ("refresh_token", refresh.as_str()),
    ];
    let (status, renewed) = token(&base, &refreshed).await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    assert_ne!(renewed["access_token"], body["access_token"]);
    let (status, reused) = token(&base, &refreshed).await;
    assert_eq!(
        (status, reused["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "{reused}"
    );

    let (status, refused) = token(&base, &client_credentials("not-the-secret")).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_client")),
        "{refused}"
    );
    let (status, refused) = token(&base, &[("grant_type", "password")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(
        sandbox.sandbox.issued_tokens().len(),
        4,
        "two grants, each an access and a refresh token"
    );
}

#[tokio::test]
async fn endpoints_need_a_valid_token_and_the_merchants_login() {
    let sandbox = start().await;
    let base = sandbox.flexiti_base_url();
    let (_, body) = token(&base, &client_credentials(demo::DEMO_CLIENT_SECRET)).await;
    let access = body["access_token"].as_str().unwrap_or_default().to_owned();
    let login = format!(
        "{base}/client-id/{}/merchants/login?lang=fr",
        demo::DEMO_CLIENT_ID
    );
    let credentials = |password: &str| serde_json::json!({ "merchant_username": demo::DEMO_MERCHANT_USERNAME, "merchant_password": password });
    let client = reqwest::Client::new();

    let anonymous = client
        .post(&login)
        .json(&credentials(demo::DEMO_MERCHANT_PASSWORD))
        .send()
        .await
        .expect("an answer");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let wrong = client
        .post(&login)
        .bearer_auth(&access)
        .json(&credentials("guess"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let ok = client
        .post(&login)
        .bearer_auth(&access)
        .json(&credentials(demo::DEMO_MERCHANT_PASSWORD))
        .send()
        .await
        .expect("an answer");
    assert_eq!(ok.status(), StatusCode::OK);
    let body: Value = ok.json().await.expect("JSON");
    assert_eq!(
        body["form_values"]["govid_issued_by"]["option_depends"]["CAPID"]["ON"],
        "Ontario"
    );

    let terms = format!(
        "{base}/client-id/{}/terms-and-conditions",
        demo::DEMO_CLIENT_ID
    );
    let quebec = client
        .get(&terms)
        .bearer_auth(&access)
        .query(&[("lang", "en"), ("province", "QC")])
        .send()
        .await;
    let quebec = quebec.expect("an answer").text().await.expect("HTML");
    let ontario = client
        .get(&terms)
        .bearer_auth(&access)
        .query(&[("lang", "en"), ("province", "ON")])
        .send()
        .await;
    let ontario = ontario.expect("an answer").text().await.expect("HTML");
    assert!(
        quebec.contains("Quebec") && !ontario.contains("Quebec Residents"),
        "{quebec}\n{ontario}"
    );
    let unknown = client
        .get(&terms)
        .bearer_auth(&access)
        .query(&[("lang", "en"), ("province", "ZZ")])
        .send()
        .await;
    let unknown = unknown.expect("an answer");
    assert_eq!(unknown.status(), StatusCode::CONFLICT);
    let body: Value = unknown.json().await.expect("JSON");
    assert_eq!(body["error"], "wrong_inputs");
    assert_eq!(body["field_errors"][0]["param"], "province");
}
