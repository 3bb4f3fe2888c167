//! The HTTP client both upstream clients share: hyper-util's pooled HTTP/1 client over rustls,
//! with one deadline on each call (connection, request, and the answer read to its end) and a
//! limit on how much of an answer is read.
//!
//! Until 2026-12-06 this was `reqwest`, which wraps the same hyper-util client. Per call it also
//! parsed the answer's URL again for its redirect layer (every answer, even with redirects
//! off), merged its default headers and boxed the body twice. At the bench's paced load the
//! proxy's p50 is 33-46 us lower without it, a fifth of what it added to an upstream call, and
//! its CPU a call 17% less (`docs/performance.md`).
//! Nothing here follows a redirect: an upstream API that answers `3xx` is an error logged for the
//! operator (its base URL is wrong), and our credentials never go anywhere we did not address.
//! Where the operator's network says so (`HTTPS_PROXY` and the rest), calls go through its
//! outbound proxy ([`OutboundProxies`]).

mod call;
mod connector;
mod error;
mod outbound;

pub use call::{Answer, Call};
pub use error::HttpError;
pub use outbound::{OutboundProxies, OutboundProxyError};

use std::{fmt, sync::Arc, time::Duration};

use axum::http::HeaderValue;
use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::{TokioExecutor, TokioTimer},
};

use connector::{ConnectWithin, Dial};

/// The largest answer read from either API: a page of 100 FlexPay transactions, Flexiti's
/// login answer (4-7 KB) or its terms (tens of KB) are far below it.
pub const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// The process's one HTTP client: connections reused across every upstream call, a deadline on
/// each. Cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    client: Client<ConnectWithin<HttpsConnector<Dial>>, Full<Bytes>>,
    timeout: Duration,
    user_agent: HeaderValue,
    proxies: OutboundProxies,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// A client whose calls each end within `timeout`, connection included; the connection (name
/// lookup, TCP, a proxy's tunnel and TLS) alone within half of it, at most 5 s, so that a call
/// that could not connect is known to have sent nothing while there is still time to say so.
/// Calls go through `proxies` where they say so.
///
/// # Errors
/// When rustls refuses its own safe defaults (not expected).
pub fn http_client(
    timeout: Duration,
    proxies: OutboundProxies,
) -> Result<HttpClient, rustls::Error> {
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
    let dial = Dial {
        tcp,
        proxies: proxies.clone(),
    };
    let connector = ConnectWithin {
        connector: HttpsConnector::from((dial, tls)),
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
        proxies,
    })
}
