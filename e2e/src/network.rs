//! A network other than loopback's, as Chromium emulates it for a browser's pages: the start-up
//! bench measures a phone's, and a test slows the widget's code down to choose before it arrives.

use serde_json::json;

use crate::browser::Browser;

/// A network as Chromium emulates it for a browser's pages (ChromeDriver's network conditions,
/// DevTools' `Network.emulateNetworkConditions`): each request's answer held back `latency_ms`,
/// the bytes of all of them together paced to the throughputs.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    /// How long each answer is held back.
    pub latency_ms: u32,
    /// Bytes a second, from the server.
    pub down_bytes_per_s: u32,
    /// Bytes a second, to the server.
    pub up_bytes_per_s: u32,
    /// No network at all: every request fails at once, as in a tunnel.
    pub offline: bool,
}

impl Network {
    /// No network: the page's requests fail.
    pub const OFFLINE: Network = Network {
        latency_ms: 0,
        down_bytes_per_s: 1_000_000_000,
        up_bytes_per_s: 1_000_000_000,
        offline: true,
    };
    /// Loopback as it is: nothing held back, no pace a test would notice.
    pub const LOOPBACK: Network = Network {
        offline: false,
        ..Network::OFFLINE
    };
}

impl Browser {
    /// Makes the widget's next request to `path` fail as a dropped connection does, once the
    /// proxy has answered it: what it asked for is done, and the widget never hears so. Runs in
    /// the widget's frame (its own `fetch`, wrapped).
    pub async fn lose_next_answer(&self, path: &str) {
        self.js(LOSE_NEXT_ANSWER, vec![json!(path)]).await;
    }

    /// Sets `network` for this browser's pages, from now on.
    ///
    /// # Panics
    /// When ChromeDriver refuses the command.
    pub async fn emulate(&self, network: Network) {
        self.client()
            .issue_cmd(network)
            .await
            .expect("ChromeDriver emulates the network");
    }
}

/// ChromeDriver's command (`POST /session/{id}/chromium/network_conditions`).
impl fantoccini::wd::WebDriverCompatibleCommand for Network {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session.unwrap_or_default();
        base.join(&format!("session/{session}/chromium/network_conditions"))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let conditions = json!({ "network_conditions": {
            "offline": self.offline,
            "latency": self.latency_ms,
            "download_throughput": self.down_bytes_per_s,
            "upload_throughput": self.up_bytes_per_s,
        } });
        (axum::http::Method::POST, Some(conditions.to_string()))
    }
}

/// [`Browser::lose_next_answer`]'s wrapper of `fetch`: its argument is the path.
const LOSE_NEXT_ANSWER: &str = "
    const [path] = arguments;
    const sent = window.fetch.bind(window);
    let lost = false;
    window.fetch = async (url, init) => {
        const answer = await sent(url, init);
        if (!lost && new URL(String(url), location.href).pathname === path) {
            lost = true;
            throw new TypeError('Failed to fetch');
        }
        return answer;
    };
";
