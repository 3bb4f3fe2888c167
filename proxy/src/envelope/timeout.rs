//! The limit on how long one request may take. When it passes, the caller gets `timed_out` in
//! its session's language, but the work is not cancelled: the handler runs on to its end in a
//! task of its own, so a payment whose upstream answer comes late is still recorded, and asking
//! again finds its outcome instead of paying twice. The upstream clients' own timeouts bound how
//! long that can take.

use std::time::Duration;

use axum::{
    extract::{Request, State},
    http::HeaderMap,
    middleware::Next,
    response::{IntoResponse, Response},
};
use shared::{ErrorCode, Locale};
use tracing::Instrument;

use crate::{AppState, error::AppError, routes::widget::client_token};

/// How long finding the caller's language may add to a timed-out answer.
const LOCALE_LOOKUP: Duration = Duration::from_millis(500);

/// Answers `timed_out` when `next` has not answered within the configured request timeout.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let handler = tokio::spawn(next.run(request).in_current_span());
    match tokio::time::timeout(state.envelope.request_timeout, handler).await {
        Ok(Ok(response)) => response,
        Ok(Err(failed)) => {
            let locale = caller_locale(&state, &headers).await;
            AppError::new(ErrorCode::Internal, locale)
                .caused_by(format_args!("the handler failed: {failed}"))
                .into_response()
        }
        Err(_) => {
            let locale = caller_locale(&state, &headers).await;
            AppError::new(ErrorCode::TimedOut, locale)
                .caused_by("no answer within request_timeout_ms; the work goes on")
                .into_response()
        }
    }
}

/// The language of the session whose client token the request carries; the default otherwise,
/// or when the store is too slow to say.
async fn caller_locale(state: &AppState, headers: &HeaderMap) -> Locale {
    let Some(token) = client_token(headers) else {
        return Locale::default();
    };
    match tokio::time::timeout(LOCALE_LOOKUP, state.sessions.authenticate(&token)).await {
        Ok(Ok(Some(session))) => session.locale,
        _ => Locale::default(),
    }
}
