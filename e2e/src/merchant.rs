//! A merchant's own site, on an origin of its own: it serves the demo page (its script tag
//! pointing at the proxy's loader on another origin) and opens checkout sessions through the
//! proxy's merchant API, server to server, as a real merchant's server does.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::{
    Json, Router,
    extract::State,
    response::Html,
    routing::{get, post},
};
use proxy::config::DEMO_MERCHANT_API_KEY;
use serde_json::{Value, json};
use tokio::{net::TcpListener, task::JoinHandle};

use crate::checkout::root;

/// The merchant's site, serving until dropped.
pub struct MerchantSite {
    addr: SocketAddr,
    last: Arc<Mutex<Option<String>>>,
    task: JoinHandle<()>,
}

#[derive(Clone)]
struct Site {
    proxy: String,
    origin: String,
    http: reqwest::Client,
    /// The id (`cs_...`) of the last session the demo page opened.
    last: Arc<Mutex<Option<String>>>,
}

impl MerchantSite {
    /// Serves on `127.0.0.1:0`, with `proxy` (e.g. `http://localhost:PORT`) as the checkout host.
    /// `foreign_origin` is the only origin the sessions of `/foreign.html` allow.
    pub async fn start(proxy: &str) -> MerchantSite {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let addr = listener.local_addr().expect("its address");
        let last = Arc::new(Mutex::new(None));
        let site = Site {
            proxy: proxy.to_owned(),
            origin: format!("http://{addr}"),
            http: reqwest::Client::new(),
            last: last.clone(),
        };
        let app = Router::new()
            .route("/", get(page))
            .route("/foreign.html", get(foreign))
            .route("/app.html", get(in_app))
            .route("/demo.js", get(|| asset("demo.js")))
            .route("/demo.css", get(|| asset("demo.css")))
            .route("/demo/checkout-session", post(open_session))
            .with_state(site);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MerchantSite { addr, last, task }
    }

    /// The id of the last session the demo page opened, as the merchant's server keeps it.
    pub fn last_session_id(&self) -> Option<String> {
        self.last
            .lock()
            .map(|last| last.clone())
            .unwrap_or_default()
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for MerchantSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn demo_file(name: &str) -> String {
    std::fs::read_to_string(root().join("static/demo").join(name)).expect("a demo file")
}

async fn asset(name: &'static str) -> ([(axum::http::HeaderName, &'static str); 1], String) {
    let kind = if name.ends_with(".js") {
        "text/javascript"
    } else {
        "text/css"
    };
    ([(axum::http::header::CONTENT_TYPE, kind)], demo_file(name))
}

/// The demo page, its loader taken from the proxy's origin.
async fn page(State(site): State<Site>) -> Html<String> {
    let loader = format!("{}/v1/checkout.js", site.proxy);
    Html(demo_file("index.html").replace("\"/v1/checkout.js\"", &format!("\"{loader}\"")))
}

/// Opens a session for the demo cart, embeddable by this site's origin only.
async fn open_session(State(site): State<Site>, Json(request): Json<Value>) -> Json<Value> {
    let locale = request["locale"].as_str().unwrap_or("en-CA");
    let session = create(&site, &site.origin, locale).await;
    if let (Ok(mut last), Some(id)) = (site.last.lock(), session["id"].as_str()) {
        *last = Some(id.to_owned());
    }
    Json(json!({ "client_token": session["client_token"] }))
}

/// The demo page as a mobile app's webview shows it: iOS's script message handler and Android's
/// injected interface stand in for native code, recording what reaches them.
async fn in_app(State(site): State<Site>) -> Html<String> {
    let Html(page) = page(State(site)).await;
    let bridges = r#"<script>
  window.nativeReceived = [];
  window.webkit = { messageHandlers: { flexitiCheckout: { postMessage: function (e) { window.nativeReceived.push("ios:" + e.type); } } } };
  window.FlexitiCheckoutAndroid = { postMessage: function (json) { window.nativeReceived.push("android:" + JSON.parse(json).type); } };
</script>"#;
    Html(page.replacen("<script", &format!("{bridges}\n    <script"), 1))
}

/// A page that mounts a session allowing only another origin: the browser must refuse the frame.
async fn foreign(State(site): State<Site>) -> Html<String> {
    let session = create(&site, "https://shop.example", "en-CA").await;
    let token = session["client_token"].as_str().unwrap_or_default();
    Html(format!(
        r##"<!DOCTYPE html><html lang="en-CA"><head><meta charset="utf-8"><title>Not allowed</title></head>
<body><div id="checkout"></div><ol id="events"></ol>
<script src="{proxy}/v1/checkout.js"></script>
<script>FlexitiCheckout.mount("#checkout", {{ clientToken: "{token}", onEvent: function (e) {{
  var li = document.createElement("li"); li.setAttribute("data-type", e.type); document.getElementById("events").appendChild(li);
}} }});</script></body></html>"##,
        proxy = site.proxy
    ))
}

async fn create(site: &Site, origin: &str, locale: &str) -> Value {
    let body = json!({ "amount": 195_700, "order_id": "SITE-1", "locale": locale, "allowed_origins": [origin] });
    site.http
        .post(format!("{}/v1/checkout-sessions", site.proxy))
        .bearer_auth(DEMO_MERCHANT_API_KEY)
        .json(&body)
        .send()
        .await
        .expect("the proxy answers")
        .json()
        .await
        .expect("a session")
}
