//! The HTTP client both upstream clients share: hyper-util's pooled HTTP/1 client over rustls,
//! with one deadline on each call (connection, request, and the answer read to its end) and a
//! limit on how much of an answer is read.
//!
//! Until 2026-12-06 this was `reqwest`, which wraps the same hyper-util client. Per call it also
//! parsed the answer's URL again for its redirect layer (every answer, even with redirects
//! off), merged its default headers and boxed the body twice: about 30 us a call at the bench's
//! paced load, a sixth of what the proxy added to an upstream call (`docs/performance.md`).
//! Nothing here follows a redirect: an upstream API that answers `3xx` is an error logged for the
//! operator (its base URL is wrong), and our credentials never go anywhere we did not address.

use std::{
    fmt, io,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::http::{
    HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri,
    header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT},
};
use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::{TokioExecutor, TokioTimer},
};
use serde::Serialize;
use tokio::time::{Instant, timeout_at};
use tower::Service;
use url::Url;

/// The largest answer read from either API: a page of 100 FlexPay transactions, Flexiti's
/// login answer (4-7 KB) or its terms (tens of KB) are far below it.
pub const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// The process's one HTTP client: connections reused across every upstream call, a deadline on
/// each. Cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    client: Client<ConnectWithin<HttpsConnector<HttpConnector>>, Full<Bytes>>,
    timeout: Duration,
    user_agent: HeaderValue,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// A client whose calls each end within `timeout`, connection included; the connection (name
/// lookup, TCP and TLS) alone within half of it, at most 5 s, so that a call that could not
/// connect is known to have sent nothing while there is still time to say so.
///
/// # Errors
/// When rustls refuses its own safe defaults (not expected).
pub fn http_client(timeout: Duration) -> Result<HttpClient, rustls::Error> {
    let mut tcp = HttpConnector::new();
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    // An idle pooled connection that a firewall or NAT dropped is found out before it is used.
    tcp.set_keepalive(Some(Duration::from_secs(15)));
    tcp.set_keepalive_interval(Some(Duration::from_secs(15)));
    tcp.set_keepalive_retries(Some(3));
    let mut tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_webpki_roots()
    .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let connector = ConnectWithin {
        connector: HttpsConnector::from((tcp, tls)),
        limit: (timeout / 2).min(Duration::from_secs(5)),
    };
    let client = Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_timer(TokioTimer::new())
        .build(connector);
    Ok(HttpClient {
        client,
        timeout,
        user_agent: HeaderValue::from_static(concat!(
            "flexiti-checkout-proxy/",
            env!("CARGO_PKG_VERSION")
        )),
    })
}

/// A connector whose every connection opens within `limit`, or fails as a connection that
/// timed out. hyper-util's own connect timeout covers the TCP connect alone, not the name lookup
/// or the TLS handshake, and a connection the pool finishes in the background has no other
/// deadline.
#[derive(Clone)]
struct ConnectWithin<C> {
    connector: C,
    limit: Duration,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<C> Service<Uri> for ConnectWithin<C>
where
    C: Service<Uri>,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.connector.poll_ready(context).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connecting = self.connector.call(uri);
        let limit = self.limit;
        Box::pin(async move {
            match tokio::time::timeout(limit, connecting).await {
                Ok(connected) => connected.map_err(Into::into),
                Err(_) => {
                    Err(io::Error::new(io::ErrorKind::TimedOut, "no connection in time").into())
                }
            }
        })
    }
}

impl HttpClient {
    /// A `GET` of `url`.
    pub fn get(&self, url: Url) -> Call<'_> {
        self.call(Method::GET, url)
    }

    /// A `POST` to `url`, with no body until one is given.
    pub fn post(&self, url: Url) -> Call<'_> {
        self.call(Method::POST, url)
    }

    fn call(&self, method: Method, url: Url) -> Call<'_> {
        Call {
            client: self,
            method,
            url,
            headers: HeaderMap::new(),
            body: Ok(Bytes::new()),
        }
    }
}

/// One request being written; [`Call::send`] sends it.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'a> {
    client: &'a HttpClient,
    method: Method,
    url: Url,
    headers: HeaderMap,
    /// The body, or why it could not be written (reported by `send`, as nothing was sent).
    body: Result<Bytes, HttpError>,
}

impl Call<'_> {
    /// Appends `pairs` to the URL's query, each escaped.
    pub fn query<K: AsRef<str>, V: AsRef<str>>(mut self, pairs: &[(K, V)]) -> Self {
        self.url.query_pairs_mut().extend_pairs(pairs);
        if self.url.query() == Some("") {
            self.url.set_query(None);
        }
        self
    }

    /// `value` as the JSON body.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let body = serde_json::to_vec(value).map_err(|error| HttpError::Encode(error.to_string()));
        self.body(body, "application/json")
    }

    /// `value` as a `application/x-www-form-urlencoded` body.
    pub fn form<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let body = serde_urlencoded::to_string(value)
            .map_err(|error| HttpError::Encode(error.to_string()));
        self.body(body, "application/x-www-form-urlencoded")
    }

    fn body<B: Into<Bytes>>(mut self, body: Result<B, HttpError>, media: &'static str) -> Self {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(media));
        self.body = body.map(Into::into);
        self
    }

    /// `Authorization: Bearer <token>`, marked sensitive so that no `Debug` prints it.
    pub fn bearer_auth(self, token: &str) -> Self {
        match HeaderValue::try_from(format!("Bearer {token}")) {
            Ok(value) => self.header(AUTHORIZATION, value),
            Err(_) => self.unsendable("the access token cannot be sent in a header"),
        }
    }

    /// Sets `name` to `value`; a sensitive value stays marked so.
    pub fn header(mut self, name: HeaderName, mut value: HeaderValue) -> Self {
        if name == AUTHORIZATION {
            value.set_sensitive(true);
        }
        self.headers.insert(name, value);
        self
    }

    /// A call that `send` refuses, as nothing of it could be sent.
    fn unsendable(mut self, why: &str) -> Self {
        self.body = Err(HttpError::Encode(why.to_owned()));
        self
    }

    /// Sends the request and waits for the answer's head, within the client's deadline; the
    /// [`Answer`] carries what is left of it for reading the body.
    ///
    /// # Errors
    /// [`HttpError`]: nothing was sent ([`HttpError::nothing_sent`]), no answer came in time, or
    /// the answer was a redirect (logged: a base URL to fix).
    pub async fn send(self) -> Result<Answer, HttpError> {
        let client = self.client;
        let deadline = Instant::now() + client.timeout;
        let request = self.request()?;
        let answer = timeout_at(deadline, client.client.request(request))
            .await
            .map_err(|_| HttpError::Timeout)?
            .map_err(HttpError::from)?;
        let status = answer.status();
        if status.is_redirection() {
            tracing::error!(
                status = status.as_u16(),
                "an upstream API answered with a redirect, which is not followed: check its base_url"
            );
            return Err(HttpError::Redirected(status.as_u16()));
        }
        Ok(Answer { answer, deadline })
    }

    /// The request as hyper sends it, or why it cannot be written.
    fn request(self) -> Result<Request<Full<Bytes>>, HttpError> {
        let body = self.body?;
        // `url` writes a valid URI; this is its one parse into `http`'s form.
        let uri: Uri = self.url.as_str().parse().map_err(|_| HttpError::Url)?;
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(USER_AGENT, self.client.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        headers.extend(self.headers);
        Ok(request)
    }
}

/// An answer whose head has arrived; its body is read within the call's deadline.
pub struct Answer {
    answer: axum::http::Response<Incoming>,
    deadline: Instant,
}

impl Answer {
    /// The answer's status.
    pub fn status(&self) -> StatusCode {
        self.answer.status()
    }

    /// The whole body.
    ///
    /// # Errors
    /// [`HttpError::TooLarge`] past [`MAX_ANSWER_BYTES`]; [`HttpError::Timeout`] when the call's
    /// deadline passes first; [`HttpError::Read`] when the connection fails.
    pub async fn bytes(self) -> Result<Bytes, HttpError> {
        let deadline = self.deadline;
        timeout_at(deadline, read_limited(self.answer.into_body()))
            .await
            .map_err(|_| HttpError::Timeout)?
    }

    /// The body as text, any byte that is not UTF-8 replaced.
    ///
    /// # Errors
    /// As [`Answer::bytes`].
    pub async fn text(self) -> Result<String, HttpError> {
        let body = self.bytes().await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

/// Reads `body` to its end, refusing it past [`MAX_ANSWER_BYTES`].
async fn read_limited(mut body: Incoming) -> Result<Bytes, HttpError> {
    let mut read = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(HttpError::Read)?.into_data() else {
            continue; // trailers
        };
        if read.len() + data.len() > MAX_ANSWER_BYTES {
            return Err(HttpError::TooLarge);
        }
        if read.is_empty() && body.is_end_stream() {
            return Ok(data); // the whole body in one frame: no copy
        }
        read.extend_from_slice(&data);
    }
    Ok(read.freeze())
}

/// A call that failed before a whole answer was read. No variant carries a URL, a header or a
/// body: they may hold credentials or a shopper's data.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The request could not be written (a body that would not serialize, a token that cannot
    /// be a header): nothing was sent.
    #[error("the request could not be written: {0}")]
    Encode(String),
    /// The URL is not one `http` can send to: nothing was sent.
    #[error("the URL cannot be sent to")]
    Url,
    /// No connection could be opened: nothing was sent.
    #[error("no connection: {0}")]
    Connect(#[source] hyper_util::client::legacy::Error),
    /// The connection failed while the request was sent or its answer awaited.
    #[error("the call failed: {0}")]
    Call(#[source] hyper_util::client::legacy::Error),
    /// The answer's body could not be read to its end.
    #[error("the answer could not be read: {0}")]
    Read(#[source] hyper::Error),
    /// The answer was longer than [`MAX_ANSWER_BYTES`].
    #[error("the answer is larger than {MAX_ANSWER_BYTES} bytes")]
    TooLarge,
    /// The call's deadline passed.
    #[error("no answer in time")]
    Timeout,
    /// The answer was a redirect (this status): the upstream is not where the configuration
    /// says, and credentials are not sent anywhere else.
    #[error("answered with a redirect ({0}), which is not followed")]
    Redirected(u16),
}

impl From<hyper_util::client::legacy::Error> for HttpError {
    fn from(error: hyper_util::client::legacy::Error) -> Self {
        if error.is_connect() {
            HttpError::Connect(error)
        } else {
            HttpError::Call(error)
        }
    }
}

impl HttpError {
    /// Whether the request certainly never left: a call that moves money and failed so did not
    /// happen, where any other failure may have come after the upstream acted on it.
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            HttpError::Encode(_) | HttpError::Url | HttpError::Connect(_)
        )
    }

    /// Whether time ran out: the call's deadline, or the connection's.
    pub fn is_timeout(&self) -> bool {
        match self {
            HttpError::Timeout => true,
            HttpError::Connect(error) => {
                let mut source = std::error::Error::source(error);
                while let Some(cause) = source {
                    if cause
                        .downcast_ref::<std::io::Error>()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
                    {
                        return true;
                    }
                    source = cause.source();
                }
                false
            }
            _ => false,
        }
    }
}
