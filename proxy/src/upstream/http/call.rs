//! One call: the request written, sent within the client's deadline, its answer read within
//! what is left of it and within [`MAX_ANSWER_BYTES`].

use axum::http::{
    HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri,
    header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, PROXY_AUTHORIZATION, USER_AGENT},
};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use serde::Serialize;
use tokio::time::{Instant, timeout_at};
use url::Url;

use super::{HttpClient, HttpError, MAX_ANSWER_BYTES};

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

    /// `value` as an `application/x-www-form-urlencoded` body.
    pub fn form<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let body = serde_urlencoded::to_string(value)
            .map_err(|error| HttpError::Encode(error.to_string()));
        self.body(body, "application/x-www-form-urlencoded")
    }

    /// Sets the body, or keeps why it could not be written for `send` to report.
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
        let (request, forwarded) = self.request()?;
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
        if forwarded && status == StatusCode::PROXY_AUTHENTICATION_REQUIRED {
            tracing::error!(
                "the outbound proxy refused the call: it wants credentials, or other ones than its variable (HTTP_PROXY or ALL_PROXY) gives"
            );
            return Err(HttpError::ProxyRefused);
        }
        Ok(Answer { answer, deadline })
    }

    /// The request as hyper sends it, and whether it is handed whole to a proxy; or why it
    /// cannot be written.
    fn request(self) -> Result<(Request<Full<Bytes>>, bool), HttpError> {
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
        let proxy = self.client.proxies.forwarding_proxy(request.uri());
        if let Some(credentials) = proxy.as_ref().and_then(|proxy| proxy.basic_auth()) {
            let headers = request.headers_mut();
            headers.insert(PROXY_AUTHORIZATION, credentials.clone());
        }
        Ok((request, proxy.is_some()))
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

/// Reads `body` to its end, refusing it past [`MAX_ANSWER_BYTES`] (http-body-util's
/// `Limited`; a body that came in one frame is kept as it came, not copied).
async fn read_limited(body: Incoming) -> Result<Bytes, HttpError> {
    match Limited::new(body, MAX_ANSWER_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) => match error.downcast::<hyper::Error>() {
            Ok(failed) => Err(HttpError::Read(*failed)),
            // The only other error `Limited` gives is its `LengthLimitError`.
            Err(_) => Err(HttpError::TooLarge),
        },
    }
}
