//! The limit on how long one request may take. When it passes, the caller gets `timed_out` in
//! its session's language, but the work is not cancelled: what is left of the handler runs on to
//! its end in a task of its own, so a payment whose upstream answer comes late is still recorded,
//! and asking again finds its outcome instead of paying twice. The same holds when the caller goes
//! away before its answer. The upstream clients' own timeouts bound how long that can take.
//!
//! The handler runs in the request's own task until then: spawning a task for every request (and
//! waking the request's task when it ended) cost more CPU than any one layer of the envelope.

use std::{
    any::Any,
    panic::{AssertUnwindSafe, catch_unwind},
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    extract::{Request, State},
    http::HeaderValue,
    middleware::Next,
    response::{IntoResponse, Response},
};
use shared::{ErrorCode, Locale};
use tracing::{Instrument, Span};

use crate::{
    AppState,
    error::AppError,
    routes::{sole_authorization, widget::client_token_in},
};

/// How long finding the caller's language may add to a timed-out answer.
const LOCALE_LOOKUP: Duration = Duration::from_millis(500);

/// Answers `timed_out` when `next` has not answered within the configured request timeout.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // All a late or failed answer needs of the request: whose session it is, for its language.
    let authorization = sole_authorization(request.headers()).cloned();
    let handler = RunToEnd::new(next.run(request));
    let (code, cause) = match tokio::time::timeout(state.envelope.request_timeout, handler).await {
        Ok(Ok(response)) => return response,
        Ok(Err(_panic)) => (ErrorCode::Internal, "the handler panicked"),
        Err(_) => (
            ErrorCode::TimedOut,
            "no answer within request_timeout_ms; the work goes on",
        ),
    };
    let locale = caller_locale(&state, authorization.as_ref()).await;
    AppError::new(code, locale).caused_by(cause).into_response()
}

/// The language of the session whose client token the request carried; the default otherwise,
/// or when the store is too slow to say.
async fn caller_locale(state: &AppState, authorization: Option<&HeaderValue>) -> Locale {
    let Some(token) = authorization.and_then(client_token_in) else {
        return Locale::default();
    };
    match tokio::time::timeout(LOCALE_LOOKUP, state.sessions.authenticate(&token)).await {
        Ok(Ok(Some(session))) => session.locale,
        _ => Locale::default(),
    }
}

/// What a panic carried.
type Panic = Box<dyn Any + Send>;

/// A handler's future that is never cancelled: dropped before its end (the time limit passed, or
/// the caller went away), it goes on in a task of its own, in the request's span. A panic in it
/// is its output, as a task would report it, so that the caller still gets an answer.
struct RunToEnd {
    handler: Option<Pin<Box<dyn Future<Output = Response> + Send>>>,
    /// The request's span. Until the handler's task starts, the request's task polls it inside
    /// that span already: entering it again on every poll cost a lock shared by all threads.
    span: Span,
}

impl RunToEnd {
    fn new(handler: impl Future<Output = Response> + Send + 'static) -> RunToEnd {
        RunToEnd {
            handler: Some(Box::pin(handler)),
            span: Span::current(),
        }
    }
}

impl Future for RunToEnd {
    type Output = Result<Response, Panic>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(handler) = self.handler.as_mut() else {
            return Poll::Pending;
        };
        let polled = catch_unwind(AssertUnwindSafe(|| handler.as_mut().poll(cx)));
        let ended = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(response)) => Ok(response),
            Err(panic) => Err(panic),
        };
        self.handler = None;
        Poll::Ready(ended)
    }
}

impl Drop for RunToEnd {
    fn drop(&mut self) {
        let Some(rest) = self.handler.take() else {
            return;
        };
        // Dropped on the runtime's threads (the connection's task). A panic in the rest ends
        // its task, as it did when every handler had a task of its own.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(rest.instrument(self.span.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::sync::oneshot;

    use super::*;

    #[tokio::test]
    async fn a_handler_dropped_before_its_end_runs_on_to_it() {
        let (go_on, go_on_received) = oneshot::channel::<()>();
        let (ended, ended_received) = oneshot::channel();
        let handler = RunToEnd::new(async move {
            let _ = go_on_received.await;
            let _ = ended.send(());
            Response::default()
        });
        let late = tokio::time::timeout(Duration::from_millis(10), handler).await;
        assert!(late.is_err(), "the handler was still waiting");
        go_on.send(()).expect("the handler's future is still alive");
        let ran_on = tokio::time::timeout(Duration::from_secs(5), ended_received).await;
        assert!(
            matches!(ran_on, Ok(Ok(()))),
            "the handler did not run to its end"
        );
    }

    #[tokio::test]
    async fn a_handler_that_panics_is_an_answer_not_a_lost_connection() {
        async fn buggy() -> Response {
            panic!("a bug in a handler")
        }
        assert!(RunToEnd::new(buggy()).await.is_err());
    }
}
