//! A running proxy for one test, on `127.0.0.1:0`, serving the built widget and `static/`.

use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
};

use proxy::{
    config::{Config, FlexitiConfig},
    startup::Application,
};
use sandbox::{Sandbox, SandboxConfig, config as demo};
use secrecy::SecretString;
use tokio::{sync::oneshot, task::JoinHandle};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A proxy serving in the background until dropped.
pub struct Checkout {
    addr: SocketAddr,
    sandbox: Option<Sandbox>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Checkout {
    /// A proxy with the embedded sandbox, as `cargo xtask run` starts it.
    pub async fn start() -> Checkout {
        Checkout::start_with_sandbox(SandboxConfig::default()).await
    }

    /// A proxy whose embedded sandbox runs with `sandbox_config`.
    pub async fn start_with_sandbox(sandbox_config: SandboxConfig) -> Checkout {
        Checkout::launch(config(None), sandbox_config).await
    }

    /// A proxy whose Flexiti upstream is `base_url` (with the demo credentials).
    pub async fn start_with_upstream(base_url: &str) -> Checkout {
        let flexiti = FlexitiConfig {
            base_url: base_url.parse().expect("a valid upstream URL"),
            client_id: demo::DEMO_CLIENT_ID.into(),
            client_secret: SecretString::from(demo::DEMO_CLIENT_SECRET.to_owned()),
            merchant_username: demo::DEMO_MERCHANT_USERNAME.into(),
            merchant_password: SecretString::from(demo::DEMO_MERCHANT_PASSWORD.to_owned()),
        };
        Checkout::launch(config(Some(flexiti)), SandboxConfig::default()).await
    }

    async fn launch(config: Config, sandbox_config: SandboxConfig) -> Checkout {
        let app = Application::build(config, sandbox_config)
            .await
            .expect("the proxy starts");
        assert!(
            app.widget_built(),
            "the widget is not built in {}: run `cargo xtask test` (or `trunk build --release --offline`) first",
            root().join("dist/widget").display()
        );
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
        Checkout {
            addr,
            sandbox,
            stop: Some(stop),
            task,
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
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
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}

fn config(flexiti: Option<FlexitiConfig>) -> Config {
    let root = root();
    Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        widget_dir: root.join("dist/widget"),
        static_dir: root.join("static"),
        upstream_timeout_ms: 3_000,
        flexiti,
    }
}

/// A loopback address nothing listens on (bound, then released): an upstream that is down.
pub fn vacant_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}
