//! A running proxy for one browser test: `proxy::testing`'s app, checked to serve a built widget.

use std::{
    net::{SocketAddr, TcpListener},
    ops::Deref,
    path::PathBuf,
};

use proxy::testing::{TestApp, workspace_root};
use sandbox::SandboxConfig;
use shared::{Locale, WireName};

/// The workspace root.
pub fn root() -> PathBuf {
    workspace_root()
}

/// A proxy serving the built widget in the background until dropped. Derefs to [`TestApp`] for
/// its merchant and widget API helpers.
pub struct Checkout {
    app: TestApp,
}

impl Checkout {
    /// A proxy with the embedded sandbox, as `cargo xtask run` starts it.
    pub async fn start() -> Checkout {
        Checkout::start_with_sandbox(SandboxConfig::default()).await
    }

    /// A proxy whose embedded sandbox runs with `sandbox_config`.
    pub async fn start_with_sandbox(sandbox_config: SandboxConfig) -> Checkout {
        Checkout::ready(TestApp::spawn_with_sandbox(sandbox_config).await)
    }

    /// A proxy whose Flexiti upstream is `base_url` (with the demo credentials).
    pub async fn start_with_upstream(base_url: &str) -> Checkout {
        Checkout::ready(TestApp::spawn_with_upstream(base_url).await)
    }

    /// A proxy with the embedded sandbox that serves the widget's files from `widget_dir` (a
    /// copy of the built widget a test may change).
    pub async fn start_with_widget_dir(widget_dir: &std::path::Path) -> Checkout {
        Checkout::start_with(|config| config.widget_dir = widget_dir.to_path_buf()).await
    }

    /// A proxy with the embedded sandbox, its test configuration changed by `change` first.
    pub async fn start_with(change: impl FnOnce(&mut proxy::config::Config)) -> Checkout {
        let mut config = proxy::testing::test_config(None);
        change(&mut config);
        Checkout::ready(TestApp::launch(config, SandboxConfig::default()).await)
    }

    fn ready(app: TestApp) -> Checkout {
        // As the build writes them, wherever a test serves the widget from.
        let built = proxy::testing::test_config(None);
        let pages = Locale::VALUES.iter().map(|locale| {
            built
                .widget_dir
                .join(proxy::routes::widget_page_file(*locale))
        });
        let loader = built.loader_dir.join(proxy::routes::LOADER_FILE);
        for built in pages.chain([loader]) {
            assert!(
                built.is_file(),
                "the widget is not built ({} is missing): run `cargo xtask build` (or `cargo xtask test`) first",
                built.display()
            );
        }
        Checkout { app }
    }
}

impl Deref for Checkout {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A loopback address nothing listens on (bound, then released): an upstream that is down.
pub fn vacant_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}

/// Copies the built widget into `into`, leaving out the files whose names hold `left_out`;
/// returns those.
///
/// # Panics
/// When the widget is not built, or has no such file.
pub fn copy_widget_without(into: &std::path::Path, left_out: &str) -> Vec<std::path::PathBuf> {
    let built = root().join("dist/widget");
    let mut held_back = Vec::new();
    for entry in std::fs::read_dir(&built).expect("the widget is built") {
        let file = entry.expect("a file").path();
        let name = file.file_name().expect("a name").to_string_lossy();
        if name.contains(left_out) {
            held_back.push(file);
        } else {
            std::fs::copy(&file, into.join(&*name)).expect("copied");
        }
    }
    assert!(!held_back.is_empty(), "the build has no {left_out} part");
    held_back
}
