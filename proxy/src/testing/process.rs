//! The proxy binary as a child process, for the tests that kill one (SIGKILL, no goodbye) or run
//! several on one database: a crash or a second instance is only real in a process of its own.
//! Configured through the environment alone, as a deployment configures it, with the sandbox as
//! both upstreams.

use std::{
    fs::File,
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use reqwest::{Method, StatusCode};
use sandbox::{FLEXPAY_BASE_PATH, RunningSandbox, faults::Fault};
use serde_json::{Value, json};

use super::{ApiClient, json_of};
use shared::paths;

/// How to start one proxy process.
#[derive(Debug, Clone)]
pub struct ProxyProcessConfig {
    /// The proxy binary (`env!("CARGO_BIN_EXE_proxy")` in an integration test).
    pub binary: PathBuf,
    /// Where it listens; [`vacant_addr`] for a fresh one.
    pub addr: SocketAddr,
    /// `CHECKOUT_DATABASE_URL`.
    pub database_url: String,
    /// `CHECKOUT_MERCHANT_API_KEY`.
    pub merchant_api_key: String,
    /// `CHECKOUT_UPSTREAM_TIMEOUT_MS`.
    pub upstream_timeout_ms: u64,
    /// Where its standard error goes; `None`: no log at all.
    pub log: Option<PathBuf>,
    /// `RUST_LOG` when there is a log: `info` as in production, or more for a leak scan.
    pub log_filter: String,
}

/// A running proxy process, killed when dropped.
#[derive(Debug)]
pub struct ProxyProcess {
    child: Child,
    api: ApiClient,
}

/// A loopback address nothing listens on now.
///
/// # Panics
/// When no port is free.
pub fn vacant_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}

impl ProxyProcessConfig {
    /// The binary at `binary` on `database_url`, on a vacant address, quiet, with a 10 s
    /// upstream timeout.
    pub fn new(binary: impl AsRef<Path>, database_url: &str, merchant_api_key: &str) -> Self {
        ProxyProcessConfig {
            binary: binary.as_ref().to_path_buf(),
            addr: vacant_addr(),
            database_url: database_url.into(),
            merchant_api_key: merchant_api_key.into(),
            upstream_timeout_ms: 10_000,
            log: None,
            log_filter: "info".into(),
        }
    }
}

impl ProxyProcess {
    /// Starts the proxy of `config`, upstream `sandbox`, reconciling every second, and waits
    /// until it answers `/healthz`.
    ///
    /// # Panics
    /// When it cannot be started or never answers.
    pub async fn start(config: &ProxyProcessConfig, sandbox: &RunningSandbox) -> ProxyProcess {
        let upstream = sandbox.sandbox.config();
        let (log, filter) = match &config.log {
            Some(path) => (
                Stdio::from(File::create(path).expect("a log file")),
                config.log_filter.as_str(),
            ),
            None => (Stdio::null(), "off"),
        };
        let child = Command::new(&config.binary)
            .env_clear()
            .args(["--listen", &config.addr.to_string()])
            .env("RUST_LOG", filter)
            .env("NO_COLOR", "1")
            .env("CHECKOUT_DATABASE_URL", &config.database_url)
            .env(
                "CHECKOUT_UPSTREAM_TIMEOUT_MS",
                config.upstream_timeout_ms.to_string(),
            )
            .env("CHECKOUT_RECONCILE_EVERY_SECS", "1")
            .env("CHECKOUT_MERCHANT_API_KEY", &config.merchant_api_key)
            .env("CHECKOUT_FLEXITI__BASE_URL", sandbox.flexiti_base_url())
            .env("CHECKOUT_FLEXITI__CLIENT_ID", &upstream.client_id)
            .env("CHECKOUT_FLEXITI__CLIENT_SECRET", &upstream.client_secret)
            .env(
                "CHECKOUT_FLEXITI__MERCHANT_USERNAME",
                &upstream.merchant_username,
            )
            .env(
                "CHECKOUT_FLEXITI__MERCHANT_PASSWORD",
                &upstream.merchant_password,
            )
            .env("CHECKOUT_FLEXPAY__BASE_URL", sandbox.flexpay_base_url())
            .env("CHECKOUT_FLEXPAY__API_KEY", &upstream.flexpay_api_key)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the proxy starts");
        let process = ProxyProcess {
            child,
            api: ApiClient::new(config.addr, &config.merchant_api_key),
        };
        process.ready().await;
        process
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        self.api.url(path)
    }

    /// Kills it with SIGKILL, as a crash or the OOM killer would, and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Opens a checkout for `amount_cents` through the merchant API: its id and client token.
    ///
    /// # Panics
    /// When the proxy does not open it.
    pub async fn open_session(&self, amount_cents: u64, order_id: &str) -> (String, String) {
        self.api.open_session(amount_cents, order_id, "en-CA").await
    }

    /// A merchant API `GET` of `path`: the JSON answer.
    pub async fn merchant_get(&self, path: &str) -> Value {
        json_of(self.api.merchant(Method::GET, path)).await.1
    }

    /// A widget API call with `token`, `GET` when `body` is `None`, else a `POST` of it: the
    /// status and the JSON answer.
    pub async fn widget(
        &self,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let request = match body {
            None => self.api.widget_request(Method::GET, path, token),
            Some(body) => self
                .api
                .widget_request(Method::POST, path, token)
                .json(body),
        };
        json_of(request).await
    }

    /// Pays the session of `token` by `card` through this proxy with FlexPay's answer held back
    /// 5 s, and kills this proxy (SIGKILL) once FlexPay has charged: the attempt is in the ledger,
    /// charged upstream and settled nowhere.
    ///
    /// # Panics
    /// When FlexPay has not charged within 5 s, or the shopper's request outlives the proxy.
    pub async fn kill_during_card_payment(
        &mut self,
        upstream: &RunningSandbox,
        token: &str,
        card: &Value,
    ) {
        let charged_before = upstream.sandbox.approved_card_transactions();
        let late: Fault = "late=5000".parse().expect("a fault");
        let charge = format!("{FLEXPAY_BASE_PATH}/gateways/charge");
        upstream.sandbox.faults().inject(&charge, late, Some(1));
        let paying = self
            .api
            .widget_request(Method::POST, paths::CARD_PAYMENT, token)
            .json(card)
            .send();
        let paying = tokio::spawn(paying);
        for _ in 0..50 {
            if upstream.sandbox.approved_card_transactions() > charged_before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let charged = upstream.sandbox.approved_card_transactions() - charged_before;
        assert_eq!(charged, 1, "FlexPay charged while the proxy waited");
        self.kill();
        let answer = paying.await.expect("the request ends");
        assert!(answer.is_err(), "the shopper's request died with the proxy");
    }

    /// Session `id`'s outcome once this proxy reports one (`null` if none within 15 s), and its
    /// ledger of payment attempts.
    pub async fn settled(&self, id: &str) -> (Value, Value) {
        let session = format!("{}/{id}", paths::CHECKOUT_SESSIONS);
        let mut outcome = Value::Null;
        for _ in 0..60 {
            outcome = self.merchant_get(&session).await["outcome"].clone();
            if !outcome.is_null() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        (
            outcome,
            self.merchant_get(&format!("{session}/attempts")).await,
        )
    }

    /// Asserts that this proxy settles session `id`, whose card payment another proxy (or this
    /// one's previous life) was killed in the middle of: paid by card, its attempt `approved` by
    /// reconciliation, and FlexPay holding exactly one charge more than `charged_before`.
    pub async fn assert_card_settled_once(
        &self,
        id: &str,
        upstream: &RunningSandbox,
        charged_before: usize,
    ) {
        let (outcome, ledger) = self.settled(id).await;
        assert_eq!(outcome["method"], json!("card"), "settled: {ledger}");
        assert_eq!(
            (&ledger[0]["state"], &ledger[0]["reconciled"]),
            (&json!("approved"), &json!(true)),
            "{ledger}"
        );
        assert_eq!(
            upstream.sandbox.approved_card_transactions(),
            charged_before + 1,
            "charged once"
        );
    }

    async fn ready(&self) {
        for _ in 0..100 {
            let healthz = self.api.merchant(Method::GET, "/healthz").send().await;
            if let Ok(response) = healthz
                && response.status() == StatusCode::OK
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the proxy never answered at {}", self.api.addr());
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
