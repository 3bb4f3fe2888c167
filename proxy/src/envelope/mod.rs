//! The proxy's security envelope: what every answer carries whichever route made it (security
//! headers, a request id) and the limits that keep one caller from exhausting the proxy or the
//! upstreams (body size, time, rate of costly actions). Applied once, around the whole router,
//! so that a new route cannot forget it; the rate limits are an extractor of the handlers they
//! count ([`Throttled`]).
//!
//! No CORS layer, on purpose: the widget calls the proxy from the proxy's own origin and the
//! merchant API is server to server, so no other origin is ever granted a cross-origin read.

pub mod client_address;
mod csp;
mod throttle;
mod timeout;

use std::time::Duration;

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderName, HeaderValue, header},
    middleware,
};
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use tracing::Span;

pub use csp::{DEMO_PAGE, LOCKED_DOWN, demo_page_policy, hash_source, widget_page_policy};
pub use throttle::{Action, Counted, RetryAfter, Throttle, Throttled, counted, too_many_requests};

use crate::{AppState, config::Config, metrics};

/// The header carrying the request id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The envelope's settings and state, part of [`AppState`].
#[derive(Debug, Clone)]
pub struct Envelope {
    /// How long one request may take before the caller is answered `timed_out`.
    pub request_timeout: Duration,
    /// The largest request body read.
    pub max_body_bytes: usize,
    /// The rate limits of the shopper's costly actions.
    pub throttle: Throttle,
}

impl Envelope {
    /// The envelope `config` describes.
    pub fn new(config: &Config) -> Envelope {
        Envelope {
            request_timeout: config.request_timeout(),
            max_body_bytes: config.max_body_bytes,
            throttle: Throttle::new(&config.rate_limit),
        }
    }
}

/// `router` inside the envelope. Outermost first: the request id (so every log line and every
/// answer has one; a caller's own is kept if usable), the trace span, the request metrics, the headers (so the time limit's answer has them too), the
/// time limit, the body limit.
pub fn wrap(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let envelope = &state.envelope;
    router.layer(
        ServiceBuilder::new()
            .map_request(drop_unusable_request_id)
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(span))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                metrics::count,
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            // The proxy speaks plain HTTP behind whatever ends TLS in front of it; a browser
            // heeds this only over HTTPS (RFC 6797 §8.1), and then never tries the checkout
            // over plain HTTP for a year, where the shopper's details could be read or changed.
            .layer(SetResponseHeaderLayer::overriding(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            ))
            // Pages and assets that set their own keep theirs; everything else is an API answer
            // or an error, which may carry personal data and must not be framed or cached.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(LOCKED_DOWN),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                timeout::limit,
            ))
            .layer(DefaultBodyLimit::max(envelope.max_body_bytes)),
    )
}

/// A caller's own request id is kept (a merchant can trace its calls through ours) when it is
/// short and plain; anything else is replaced, so no caller writes what it likes into our logs.
fn drop_unusable_request_id(mut request: Request) -> Request {
    let usable = request.headers().get(&REQUEST_ID).is_some_and(|id| {
        let id = id.as_bytes();
        (1..=64).contains(&id.len())
            && id
                .iter()
                .all(|&byte| byte.is_ascii_alphanumeric() || b"-_.:".contains(&byte))
    });
    if !usable {
        request.headers_mut().remove(&REQUEST_ID);
    }
    request
}

/// The request's span: method, path (never the query string, never a header but the request
/// id), so a log line can be tied to its request without logging what it carried.
fn span(request: &Request) -> Span {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}
