//! The walk's harness: a sandbox over HTTP called with the demo key, and the endpoints and
//! response codes answered so far, which the last test to finish prints as the coverage line.

use std::{
    collections::BTreeSet,
    io::Write,
    net::SocketAddr,
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use reqwest::{Method, StatusCode};
use sandbox::{
    RunningSandbox, SandboxConfig,
    config::DEMO_FLEXPAY_API_KEY,
    flexpay::{ENDPOINTS, codes},
};
use serde_json::Value;

use crate::bodies::vault_body;

/// How many `#[tokio::test]`s this target has: the last one to finish prints the coverage.
const TESTS: usize = 17;
static FINISHED: AtomicUsize = AtomicUsize::new(0);
static ENDPOINTS_SEEN: Mutex<BTreeSet<(&str, &str)>> = Mutex::new(BTreeSet::new());
pub(crate) static CODES_SEEN: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// Marks a test finished; the last one writes the coverage line straight to stdout (libtest only
/// captures `print!`, so the line shows without `--nocapture`).
pub(crate) fn finished() {
    if FINISHED.fetch_add(1, Ordering::SeqCst) + 1 != TESTS {
        return;
    }
    let endpoints = ENDPOINTS_SEEN.lock().expect("coverage").len();
    let seen = CODES_SEEN.lock().expect("coverage").clone();
    let documented: BTreeSet<u32> = codes::RESPONSE_CODES.iter().map(|c| c.code).collect();
    let covered = seen.intersection(&documented).count();
    let line = format!(
        "\nFlexPay coverage: endpoints {endpoints}/{} documented; response codes {covered}/{} documented ({} not simulated: {:?})\n",
        ENDPOINTS.len(),
        documented.len(),
        codes::NOT_SIMULATED.len(),
        codes::NOT_SIMULATED,
    );
    let _ = std::io::stdout().write_all(line.as_bytes());
}

/// A sandbox of its own, reached over HTTP.
pub(crate) struct Api {
    _sandbox: RunningSandbox,
    pub(crate) base: String,
    pub(crate) http: reqwest::Client,
}

pub(crate) async fn start() -> Api {
    let sandbox = sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox");
    Api {
        base: sandbox.flexpay_base_url(),
        _sandbox: sandbox,
        http: reqwest::Client::new(),
    }
}

impl Api {
    /// Calls `path` (shaped like the documented `template`) with the demo key, and notes the
    /// endpoint (on success) and the response code for the coverage line.
    async fn call(
        &self,
        method: Method,
        template: &'static str,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .header("Authorization", format!("Basic {DEMO_FLEXPAY_API_KEY}"));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("an answer");
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON body");
        if status == StatusCode::OK {
            let method = ENDPOINTS
                .iter()
                .find(|(m, t)| *m == method.as_str() && *t == template)
                .expect("a documented endpoint");
            ENDPOINTS_SEEN.lock().expect("coverage").insert(*method);
        }
        if let Some(code) = body["transaction"]["responseCode"].as_str() {
            CODES_SEEN
                .lock()
                .expect("coverage")
                .insert(code.parse().expect("a numeric code"));
        }
        (status, body)
    }

    pub(crate) async fn post(
        &self,
        template: &'static str,
        path: &str,
        body: &Value,
    ) -> (StatusCode, Value) {
        self.call(Method::POST, template, path, Some(body)).await
    }

    pub(crate) async fn put(
        &self,
        template: &'static str,
        path: &str,
        body: &Value,
    ) -> (StatusCode, Value) {
        self.call(Method::PUT, template, path, Some(body)).await
    }

    pub(crate) async fn get(&self, template: &'static str, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, template, path, None).await
    }

    pub(crate) async fn charge(&self, body: &Value) -> (StatusCode, Value) {
        self.post("/gateways/charge", "/gateways/charge", body)
            .await
    }

    pub(crate) async fn authorize(&self, body: &Value) -> (StatusCode, Value) {
        self.post("/gateways/authorize", "/gateways/authorize", body)
            .await
    }

    pub(crate) async fn follow_up(
        &self,
        action: &'static str,
        id: &str,
        body: &Value,
    ) -> (StatusCode, Value) {
        let template = match action {
            "capture" => "/transactions/{transactionId}/capture",
            "void" => "/transactions/{transactionId}/void",
            _ => "/transactions/{transactionId}/refund",
        };
        self.post(template, &format!("/transactions/{id}/{action}"), body)
            .await
    }

    pub(crate) async fn vault(&self, number: &str) -> String {
        let (status, body) = self
            .post("/paymentmethods", "/paymentmethods", &vault_body(number))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        text(&body["paymentMethod"]["paymentMethodId"])
    }
}

pub(crate) fn text(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}
