//! A running proxy for one test, over real HTTP on `127.0.0.1:0`, with helpers that speak the
//! merchant API and the widget API the way the merchant's server and the widget do. Shared by the
//! proxy's own tests and the browser tests (feature `testing`).

mod api_client;
mod database;
pub mod leak_scan;
pub mod load;
mod log_capture;
pub mod process;
pub mod xss;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
};

use reqwest::{Method, RequestBuilder, StatusCode};
use sandbox::{Sandbox, SandboxConfig, config as demo};
use secrecy::SecretString;
use serde_json::Value;
use tokio::{sync::oneshot, task::JoinHandle};

pub use api_client::{ApiClient, json_of};
pub use database::{TEST_DATABASE_URL, TestDatabase};
pub use log_capture::CapturedLog;

use crate::{
    config::{Config, DEMO_MERCHANT_API_KEY, FlexPayConfig, FlexitiConfig, RateLimitConfig},
    startup::Application,
};

/// The workspace root (where `dist/widget` and `static/` are).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The origin the test sessions allow by default.
pub const TEST_ORIGIN: &str = "https://shop.example";

/// A proxy serving in the background until dropped, on a database of its own (see
/// [`TestDatabase`]).
pub struct TestApp {
    sandbox: Option<Sandbox>,
    config: Config,
    sandbox_config: SandboxConfig,
    database: Arc<TestDatabase>,
    api: ApiClient,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl TestApp {
    /// A proxy with an embedded sandbox, as `cargo xtask run` starts it.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_sandbox(SandboxConfig::default()).await
    }

    /// A proxy whose embedded sandbox runs with `sandbox_config`.
    pub async fn spawn_with_sandbox(sandbox_config: SandboxConfig) -> TestApp {
        TestApp::launch(test_config(None), sandbox_config).await
    }

    /// A proxy whose Flexiti upstream is `base_url` (with the docs' demo credentials), the demo
    /// page on and the demo merchant key, as a staging host would run.
    pub async fn spawn_with_upstream(base_url: &str) -> TestApp {
        let flexiti = demo_flexiti_config(base_url);
        TestApp::launch(test_config(Some(flexiti)), SandboxConfig::default()).await
    }

    /// A proxy started from `config`, on a fresh database of its own whatever
    /// `config.database_url` says: SQLite, or PostgreSQL when [`TEST_DATABASE_URL`] is set.
    pub async fn launch(config: Config, sandbox_config: SandboxConfig) -> TestApp {
        let database = Arc::new(TestDatabase::fresh().await);
        TestApp::launch_on(database, config, sandbox_config).await
    }

    /// Stops this proxy and starts another from the same configuration on the same database, as
    /// a restart (or a second instance) would: nothing survives but what the database kept. The
    /// embedded sandbox starts afresh too.
    pub async fn restart(mut self) -> TestApp {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
        let _ = (&mut self.task).await;
        let (database, config) = (self.database.clone(), self.config.clone());
        TestApp::launch_on(database, config, self.sandbox_config.clone()).await
    }

    /// The database this proxy keeps its sessions in.
    pub fn database(&self) -> &TestDatabase {
        &self.database
    }

    async fn launch_on(
        database: Arc<TestDatabase>,
        mut config: Config,
        sandbox_config: SandboxConfig,
    ) -> TestApp {
        config.database_url = SecretString::from(database.url());
        let app = Application::build(config.clone(), sandbox_config.clone())
            .await
            .expect("the proxy starts");
        let addr = app.addr().expect("a bound address");
        let sandbox = app.sandbox().cloned();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = app
                .run_until(async {
                    let _ = stopped.await;
                })
                .await;
        });
        TestApp {
            sandbox,
            config,
            sandbox_config,
            database,
            api: ApiClient::new(addr, DEMO_MERCHANT_API_KEY),
            stop: Some(stop),
            task,
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        self.api.url(path)
    }

    /// The loopback address it serves on, for a test that speaks raw TCP to it.
    pub fn addr(&self) -> SocketAddr {
        self.api.addr()
    }

    /// Its merchant and widget APIs.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// The embedded sandbox, to inspect what it issued.
    ///
    /// # Panics
    /// When the proxy was started against another upstream.
    pub fn sandbox(&self) -> &Sandbox {
        self.sandbox
            .as_ref()
            .expect("this proxy runs an embedded sandbox")
    }

    /// A merchant API request with the demo merchant key.
    pub fn merchant(&self, method: Method, path: &str) -> RequestBuilder {
        self.api.merchant(method, path)
    }

    /// `POST /v1/checkout-sessions` with `body`: the status and the answer.
    pub async fn create_session(&self, body: &Value) -> (StatusCode, Value) {
        self.api.create_session(body).await
    }

    /// Opens a session for $1,500.00 offering everything, embeddable by [`TEST_ORIGIN`], and
    /// answers its client token.
    pub async fn client_token(&self) -> String {
        self.api.open_session(150_000, "T-1", "en-CA").await.1
    }

    /// A widget API `POST` of `body` to `path` with `token`: the status and the JSON answer.
    pub async fn widget_post(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        json_of(self.widget_request(Method::POST, path, token).json(body)).await
    }

    /// A widget API `POST` without a body: the status.
    pub async fn widget_post_empty(&self, path: &str, token: &str) -> StatusCode {
        self.widget_request(Method::POST, path, token)
            .send()
            .await
            .expect("the proxy answers")
            .status()
    }

    /// Opens a session for `amount_cents` in `locale`: its id and client token.
    pub async fn open_session(&self, amount_cents: u64, locale: &str) -> (String, String) {
        self.api.open_session(amount_cents, "T-2", locale).await
    }

    /// A widget API `GET` of `path` with `token`.
    pub fn widget_get(&self, path: &str, token: &str) -> RequestBuilder {
        self.widget_request(Method::GET, path, token)
    }

    /// A widget API request of `path` with `token`, to add a body to and send.
    pub fn widget_request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.api.widget_request(method, path, token)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}

/// A Flexiti client of `running`'s POS API with the docs' demo credentials, over the process's
/// kind of HTTP client.
pub fn flexiti_client(
    running: &sandbox::RunningSandbox,
) -> crate::upstream::flexiti::FlexitiClient {
    let config = demo_flexiti_config(&running.flexiti_base_url());
    let http = crate::upstream::http_client(
        std::time::Duration::from_secs(5),
        crate::upstream::OutboundProxies::none(),
    )
    .expect("an HTTP client");
    crate::upstream::flexiti::FlexitiClient::new(http, config)
}

/// `POST {flexiti_base_url}/client-id/{demo client}/{path}` with `body`, under a fresh token
/// of the docs' demo credentials, as the merchant's point of sale calls Flexiti directly (a hold
/// on an account, say): the answer, which must be a success.
pub async fn point_of_sale_call(
    http: &reqwest::Client,
    flexiti_base_url: &str,
    path: &str,
    body: &Value,
) -> Value {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", demo::DEMO_CLIENT_ID),
        ("client_secret", demo::DEMO_CLIENT_SECRET),
    ];
    let token: Value = http
        .post(format!("{flexiti_base_url}/oauth/token"))
        .form(&form)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    let url = format!(
        "{flexiti_base_url}/client-id/{}/{path}",
        demo::DEMO_CLIENT_ID
    );
    let response = http
        .post(url)
        .bearer_auth(token["access_token"].as_str().expect("a token"))
        .json(body)
        .send()
        .await
        .expect("sent");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.expect("JSON")
}

/// The Flexiti POS API at `base_url`, with the docs' demo credentials (the sandbox's defaults).
pub fn demo_flexiti_config(base_url: &str) -> FlexitiConfig {
    FlexitiConfig {
        base_url: base_url.parse().expect("a valid upstream URL"),
        client_id: demo::DEMO_CLIENT_ID.into(),
        client_secret: SecretString::from(demo::DEMO_CLIENT_SECRET),
        merchant_username: demo::DEMO_MERCHANT_USERNAME.into(),
        merchant_password: SecretString::from(demo::DEMO_MERCHANT_PASSWORD),
    }
}

/// The FlexPay API at `base_url`, with the docs' demo API key (the sandbox's default).
pub fn demo_flexpay_config(base_url: &str) -> FlexPayConfig {
    FlexPayConfig {
        base_url: base_url.parse().expect("a valid upstream URL"),
        api_key: SecretString::from(demo::DEMO_FLEXPAY_API_KEY),
    }
}

/// The configuration tests run with: loopback port 0, the workspace's widget and `static/`, a
/// short upstream timeout, the demo page on, an in-memory database ([`TestApp::launch`] gives
/// each proxy a database of its own instead).
pub fn test_config(flexiti: Option<FlexitiConfig>) -> Config {
    let root = workspace_root();
    Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        widget_dir: root.join("dist/widget"),
        loader_dir: root.join("dist/loader"),
        static_dir: root.join("static"),
        upstream_timeout_ms: 3_000,
        // A real-upstream test talks to no FlexPay: nothing listens on port 9.
        flexpay: flexiti
            .as_ref()
            .map(|_| demo_flexpay_config("http://127.0.0.1:9/v1")),
        flexiti,
        merchant_api_key: Some(SecretString::from(DEMO_MERCHANT_API_KEY)),
        demo: Some(true),
        database_url: SecretString::from("sqlite::memory:"),
        reconcile_every_secs: 1,
        // The sandbox's longest fault delays processing by 5 s.
        reconcile_unlisted_after_secs: 8,
        request_timeout_ms: 10_000,
        max_body_bytes: 64 * 1024,
        rate_limit: RateLimitConfig::DEFAULT,
        session_cache_ms: 1_000,
        header_read_timeout_ms: 10_000,
    }
}
