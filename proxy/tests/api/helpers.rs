//! The shopper's side of a test: a running proxy and the client token of a session opened on it
//! by the merchant API, so widget calls go out as the widget makes them.

use proxy::testing::TestApp;
use sandbox::SandboxConfig;

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
