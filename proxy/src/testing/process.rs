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

use reqwest::StatusCode;
use sandbox::RunningSandbox;

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
    addr: SocketAddr,
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
            addr: config.addr,
        };
        process.ready().await;
        process
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Kills it with SIGKILL, as a crash or the OOM killer would, and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    async fn ready(&self) {
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if let Ok(response) = http.get(self.url("/healthz")).send().await
                && response.status() == StatusCode::OK
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the proxy never answered at {}", self.addr);
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
