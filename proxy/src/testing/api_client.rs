//! One proxy's two APIs as its callers speak them: the merchant's server with its API key, the
//! widget with a session's client token. The in-process [`super::TestApp`] and the child-process
//! [`super::process::ProxyProcess`] both talk through it.

use std::net::SocketAddr;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use shared::{CLIENT_TOKEN_SCHEME, paths};

/// An HTTP client of the proxy at one address.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    addr: SocketAddr,
    merchant_api_key: String,
}

impl ApiClient {
    /// A client of the proxy at `addr`, a merchant holding `merchant_api_key`.
    pub fn new(addr: SocketAddr, merchant_api_key: &str) -> ApiClient {
        ApiClient {
            http: reqwest::Client::new(),
            addr,
            merchant_api_key: merchant_api_key.to_owned(),
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The loopback address of the proxy.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A merchant API request with the merchant's key.
    pub fn merchant(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.merchant_api_key)
    }

    /// A widget API request of `path` with `token`, to add a body to and send.
    pub fn widget_request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header("Authorization", format!("{CLIENT_TOKEN_SCHEME} {token}"))
    }

    /// `POST /v1/checkout-sessions` with `body`: the status and the answer.
    ///
    /// # Panics
    /// When the proxy does not answer, or not with JSON.
    pub async fn create_session(&self, body: &Value) -> (StatusCode, Value) {
        json_of(
            self.merchant(Method::POST, paths::CHECKOUT_SESSIONS)
                .json(body),
        )
        .await
    }

    /// Opens a session for `amount_cents` in `locale`, embeddable by [`super::TEST_ORIGIN`]:
    /// its id and client token.
    ///
    /// # Panics
    /// When the proxy does not open it.
    pub async fn open_session(
        &self,
        amount_cents: u64,
        order_id: &str,
        locale: &str,
    ) -> (String, String) {
        let body = json!({ "amount": amount_cents, "order_id": order_id, "locale": locale,
            "allowed_origins": [super::TEST_ORIGIN] });
        let (status, session) = self.create_session(&body).await;
        assert_eq!(status, StatusCode::CREATED, "{session}");
        let field = |name: &str| session[name].as_str().expect("a string").to_owned();
        (field("id"), field("client_token"))
    }
}

/// Sends `request`: the status and the JSON answer.
///
/// # Panics
/// When the proxy does not answer, or not with JSON.
pub async fn json_of(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("the proxy answers");
    (
        response.status(),
        response.json().await.expect("a JSON answer"),
    )
}
