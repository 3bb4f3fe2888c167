//! Debian's Chromium, headless, driven through Debian's chromedriver (WebDriver) by `fantoccini`.
//! Each test gets its own chromedriver on a free port and a fresh profile directory.

use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::eventually;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// WebDriver's Tab key.
pub const TAB: &str = "\u{E004}";
/// WebDriver's Enter key.
pub const ENTER: &str = "\u{E007}";
/// WebDriver's space bar.
pub const SPACE: &str = "\u{E00D}";

/// The flags that let headless Chromium run as root on a machine with no internet (TOOLCHAIN.md).
const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1024,1200",
];

/// A browser session; its chromedriver (and the Chromium it started) die with it.
pub struct Browser {
    client: Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

/// The chromedriver process, killed with its process group (Chromium included) when dropped,
/// even when a test fails before its session exists.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    ///
    /// # Panics
    /// When Chromium or chromedriver is missing (`cargo xtask setup --browser` installs them) or
    /// does not start.
    pub async fn launch() -> Browser {
        for binary in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                std::path::Path::new(binary).exists(),
                "{binary} is missing: run `cargo xtask setup --browser` (Debian's chromium and chromium-driver)"
            );
        }
        let port = free_port();
        let driver = Driver(spawn_driver(port));
        let profile = tempfile::tempdir().expect("a temporary profile directory");
        let ready = SocketAddr::from(([127, 0, 0, 1], port));
        eventually("chromedriver to listen", || async move {
            TcpStream::connect_timeout(&ready, Duration::from_millis(200))
                .map(drop)
                .map_err(|error| error.to_string())
        })
        .await;
        let mut args: Vec<String> = CHROMIUM_FLAGS
            .iter()
            .map(|flag| (*flag).to_owned())
            .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut capabilities = serde_json::Map::new();
        // Third-party cookies blocked, as Safari, Firefox and Android WebView do by default: the
        // widget must not need them.
        let prefs =
            json!({ "profile.block_third_party_cookies": true, "profile.cookie_controls_mode": 1 });
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": CHROMIUM, "args": args, "prefs": prefs }),
        );
        // Tried again until it comes: a probe of a port nothing listens on yet can connect to
        // itself (Linux's TCP simultaneous open, when the port is in the ephemeral range), so
        // chromedriver may not be listening even after the probe above succeeded.
        let driver_url = format!("http://127.0.0.1:{port}");
        let client = eventually("a Chromium session through chromedriver", || {
            let (capabilities, driver_url) = (capabilities.clone(), driver_url.clone());
            async move {
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(capabilities)
                    .connect(&driver_url)
                    .await
                    .map_err(|error| error.to_string())
            }
        })
        .await;
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url` and waits for the widget's iframe, then switches into it.
    pub async fn open_widget_in(&self, url: &str) {
        self.client.goto(url).await.expect("the demo page opens");
        self.enter_widget().await;
    }

    /// Waits for the widget's iframe on the current page and switches into it.
    pub async fn enter_widget(&self) {
        let frame = self
            .client
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::Css("iframe.flexiti-checkout-frame"))
            .await
            .expect("the loader adds the widget's iframe");
        frame
            .enter_frame()
            .await
            .expect("the iframe can be entered");
    }

    /// Switches back from the widget's iframe to the page around it.
    pub async fn leave_widget(&self) {
        self.client
            .enter_parent_frame()
            .await
            .expect("back to the page");
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the current frame.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .expect("the script runs")
    }

    /// Runs `script` (a function body; `arguments` holds `args`, then the callback that ends it
    /// with its value) in the current frame, for what answers later (a download's text).
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .expect("the script runs")
    }

    /// The options of the select `#id`, as (value, label) pairs, the empty placeholder left out.
    pub async fn options(&self, id: &str) -> Vec<(String, String)> {
        let found = self
            .js(
                "const s = document.getElementById(arguments[0]);
                 return s ? Array.from(s.options).filter(o => o.value).map(o => [o.value, o.textContent.trim()]) : null;",
                vec![json!(id)],
            )
            .await;
        serde_json::from_value(found).unwrap_or_default()
    }

    /// Waits for the credit application's form: its four salutations, which come with the form's
    /// choices from the proxy (`what` says what the wait is for, in a failure's message).
    pub async fn credit_form_shown(&self, what: &str) {
        eventually(what, || async {
            let options = self.options("salutation").await;
            if options.len() == 4 {
                Ok(())
            } else {
                Err(format!("{options:?}"))
            }
        })
        .await;
    }

    /// The value of the select `#id`.
    pub async fn value(&self, id: &str) -> String {
        let found = self
            .js(
                "const s = document.getElementById(arguments[0]); return s ? s.value : '';",
                vec![json!(id)],
            )
            .await;
        found.as_str().unwrap_or_default().to_owned()
    }

    /// Chooses `value` in the select `#id` as a shopper would (a WebDriver click on the option).
    pub async fn choose(&self, id: &str, value: &str) {
        let select = self
            .client
            .find(Locator::Id(id))
            .await
            .expect("the select is shown");
        select
            .select_by_value(value)
            .await
            .expect("the option can be chosen");
    }

    /// The text of the first element matching `css`, or `None`.
    pub async fn text(&self, css: &str) -> Option<String> {
        let found = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
                vec![json!(css)],
            )
            .await;
        found.as_str().map(str::to_owned)
    }

    /// Types `text` into the input `#id` as a shopper would.
    pub async fn type_into(&self, id: &str, text: &str) {
        let found = self
            .client
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::Id(id))
            .await;
        let Ok(input) = found else {
            let screen = self.js("return document.body.innerText;", vec![]).await;
            panic!("the field {id} is shown; the screen says: {screen}");
        };
        input.send_keys(text).await.expect("typed");
    }

    /// Replaces what the input `#id` holds with `text`.
    pub async fn retype(&self, id: &str, text: &str) {
        let input = self
            .client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|_| panic!("the field {id} is shown"));
        input.clear().await.expect("cleared");
        // WebDriver's clear fires no `input` event: the page would still hold the old value.
        self.js(
            "document.getElementById(arguments[0]).dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(id)],
        )
        .await;
        input.send_keys(text).await.expect("typed");
    }

    /// Sends `keys` to whatever has focus, as a keyboard would (WebDriver's key codes, e.g.
    /// [`TAB`], [`ENTER`], [`SPACE`]).
    pub async fn press(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("something has focus")
            .send_keys(keys)
            .await
            .expect("keys sent");
    }

    /// The id of the element that has focus (empty for none or no id).
    pub async fn focused_id(&self) -> String {
        let found = self
            .js(
                "return document.activeElement ? document.activeElement.id : '';",
                vec![],
            )
            .await;
        found.as_str().unwrap_or_default().to_owned()
    }

    /// Presses Tab until `#id` has focus, at most `most` times.
    pub async fn tab_to(&self, id: &str, most: usize) {
        for _ in 0..most {
            if self.focused_id().await == id {
                return;
            }
            self.press(TAB).await;
        }
        assert_eq!(self.focused_id().await, id, "Tab never reached #{id}");
    }

    /// Waits for the widget's first screen, its choice of how to pay, once the widget's code has
    /// taken it over: the proxy writes the choice into the page (`data-served`), which shows it
    /// before the code has arrived.
    pub async fn first_screen(&self) {
        self.client
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::Css("main:not([data-served]) input[name=method]"))
            .await
            .expect("the first screen shows the ways to pay");
    }

    /// Picks a way to pay in the widget's choice: `value` is its radio's, the method's wire name
    /// (`credit_application`, `flexiti_account`, `card`). None is picked for the shopper when
    /// several are offered.
    pub async fn pick_method(&self, value: &str) {
        self.click(&format!("input[name=method][value={value}]"))
            .await;
    }

    /// Clicks the first element matching `css`, once it is shown.
    pub async fn click(&self, css: &str) {
        self.client
            .wait()
            .at_most(crate::PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("{css} is shown"))
            .click()
            .await
            .expect("clicked");
    }

    /// Waits for the first element matching `css` to contain `text`.
    pub async fn shows(&self, css: &str, text: &str) {
        eventually(&format!("{css} to show {text:?}"), || async {
            match self.text(css).await {
                Some(shown) if shown.contains(text) => Ok(()),
                other => Err(format!("{other:?}")),
            }
        })
        .await;
    }

    /// The axe-core violations of the current frame's document, as `rule: targets` lines (empty
    /// when it has none). axe-core is installed by `cargo xtask setup --browser`.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let script = crate::checkout::root().join("target/tools/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&script).unwrap_or_else(|error| {
            panic!(
                "{}: {error}; run `cargo xtask setup --browser`",
                script.display()
            )
        });
        self.client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("axe-core loads");
        let found = self
            .js_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await;
        serde_json::from_value(found).unwrap_or_else(|_| vec!["axe answered nothing".into()])
    }

    /// Saves a screenshot of the page to `target/e2e/NAME.png`, for a person to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = crate::checkout::root().join("target/e2e");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }

    /// Ends the session and stops chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

fn spawn_driver(port: u16) -> Child {
    use std::os::unix::process::CommandExt;
    Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("chromedriver starts")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}
