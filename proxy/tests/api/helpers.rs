//! The shopper's side of a test: a running proxy and the client token of a session opened on it
//! by the merchant API, so widget calls go out as the widget makes them.

use proxy::testing::{TestApp, test_config};
use reqwest::{Method, StatusCode};
use sandbox::{SandboxConfig, faults::Fault};
use serde_json::{Value, json};
use shared::paths;

/// A proxy and a shopper's open checkout session on it.
pub struct Shopper {
    pub app: TestApp,
    pub token: String,
}

impl Shopper {
    /// A proxy on an embedded sandbox configured by `sandbox`, and an open session.
    pub async fn start(sandbox: SandboxConfig) -> Shopper {
        let app = TestApp::spawn_with_sandbox(sandbox).await;
        let token = app.client_token().await;
        Shopper { app, token }
    }

    /// A widget API `GET` of `path` with the session's client token.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.app
            .widget_get(path, &self.token)
            .send()
            .await
            .expect("the proxy answers")
    }
}

/// The proxy's `/openapi.json`.
pub async fn openapi(app: &TestApp) -> serde_json::Value {
    reqwest::get(app.url("/openapi.json"))
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON")
}

/// Pays `amount_cents` by card through the widget: the session id and FlexPay's transaction id.
pub async fn pay_by_card(app: &TestApp, amount_cents: u64) -> (String, String) {
    let (id, token) = app.open_session(amount_cents, "en-CA").await;
    let card = json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035,
        "cvc": "123", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1",
        "revision": 0 });
    let (status, paid) = app.widget_post(paths::CARD_PAYMENT, &token, &card).await;
    assert_eq!(
        (status, &paid["outcome"]["class"]),
        (StatusCode::OK, &json!("approved")),
        "{paid}"
    );
    let session = merchant_get(app, &format!("{}/{id}", paths::CHECKOUT_SESSIONS)).await;
    let transaction = session["outcome"]["transaction_id"]
        .as_str()
        .expect("a FlexPay id");
    (id, transaction.to_owned())
}

/// Finds Jane Roe (VCC `6374980300000001`) in a session and verifies her by a question: the
/// verification's answer (with her available credit).
pub async fn find_and_verify_jane(app: &TestApp, token: &str) -> Value {
    let jane = json!({ "by": "card", "vcc_number": "6374980300000001" });
    let (status, found) = app.widget_post(paths::ACCOUNT_LOOKUP, token, &jane).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let answer = json!({ "method": "security_question", "question_id": "4", "answer": "Buddy" });
    let (status, verified) = app.widget_post(paths::ACCOUNT_VERIFY, token, &answer).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    verified
}

/// Jane pays `amount_cents` with her Flexiti account on plan 4 over 18 months: the session id.
pub async fn pay_with_jane(app: &TestApp, amount_cents: u64) -> String {
    let (id, token) = app.open_session(amount_cents, "en-CA").await;
    find_and_verify_jane(app, &token).await;
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
    let (status, receipt) = app
        .widget_post(paths::ACCOUNT_PURCHASE, &token, &confirm)
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    id
}

/// A merchant API `GET` of `path`: its JSON answer.
pub async fn merchant_get(app: &TestApp, path: &str) -> Value {
    let response = app.merchant(Method::GET, path).send().await;
    response.expect("answered").json().await.expect("JSON")
}

/// A proxy whose upstream calls give up after 400 ms, so that a late answer is a lost one.
pub async fn impatient_proxy() -> TestApp {
    let mut config = test_config(None);
    config.upstream_timeout_ms = 400;
    TestApp::launch(config, SandboxConfig::default()).await
}

/// `fault` (the sandbox's syntax) on the next upstream request under `path`.
pub fn fault_once(app: &TestApp, path: &str, fault: &str) {
    let fault: Fault = fault.parse().expect("a fault");
    app.sandbox().faults().inject(path, fault, Some(1));
}
