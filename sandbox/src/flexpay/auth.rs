//! The API-key check every FlexPay route makes.
//!
//! The docs' only example is `Authorization: Basic kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA=`:
//! the key itself follows `Basic`, not a base64 `user:password` pair. We accept exactly that (the
//! scheme name case-insensitively, as HTTP wants) and answer anything else `401 50005`.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::FlexPayError;
use crate::Sandbox;

/// Lets the request through when it carries the configured API key.
pub(super) async fn require_api_key(
    State(sandbox): State<Sandbox>,
    request: Request,
    next: Next,
) -> Response {
    if presented_key(request.headers()) == Some(sandbox.config().flexpay_api_key.as_str()) {
        next.run(request).await
    } else {
        FlexPayError::unauthorized().into_response()
    }
}

/// The key after `Basic `, if the header has that form.
fn presented_key(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, key) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("basic").then_some(key.trim())
}
