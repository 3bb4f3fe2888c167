//! The widget API: what the widget's flows call, authenticated by the checkout session's client
//! token in the `Authorization` header (no cookies, so it works in webviews that block them).

mod account;
mod application;
mod card;
mod client;
mod form;
mod session;

use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use client::WidgetSession;
pub(crate) use client::client_token_in;

use shared::{ErrorCode, PaymentMethod};

use crate::{AppState, checkout::CheckoutSession, error::AppError};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(form::form_config))
        .routes(routes!(form::terms))
        .routes(routes!(form::disclosures))
        .routes(routes!(session::show))
        .routes(routes!(account::lookup))
        .routes(routes!(account::verify))
        .routes(routes!(account::quote))
        .routes(routes!(account::purchase))
        .routes(routes!(card::pay))
        .routes(routes!(application::apply))
        .routes(routes!(application::declining::cancel))
        // Widget API answers carry personal data as soon as the flows do: never cache them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// Applies `change` to the stored session, refusing if it closed meanwhile: what every widget
/// call that moves the checkout forward keeps.
pub(super) async fn keep(
    state: &AppState,
    session: &CheckoutSession,
    change: impl FnOnce(&mut CheckoutSession) -> Result<(), AppError>,
) -> Result<CheckoutSession, AppError> {
    let locale = session.locale;
    let kept = state
        .sessions
        .update(session.id, |current| {
            WidgetSession(current.clone()).open()?;
            change(current)
        })
        .await
        .map_err(AppError::internal(locale))?;
    kept.ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, locale))?
}

/// `refusal`, unless the session, read again from the store, holds what answers the request
/// (`answer`): the same request sent twice at once (a double click, a retry, a second tab),
/// whose twin finished between this one's read and its write. The twin's answer is this one's.
pub(super) async fn answered_meanwhile<T>(
    state: &AppState,
    session: &CheckoutSession,
    refusal: AppError,
    answer: impl FnOnce(&CheckoutSession) -> Option<T>,
) -> Result<axum::Json<T>, AppError> {
    match state.sessions.get(session.id).await {
        Ok(Some(now)) => answer(&now).map(axum::Json).ok_or(refusal),
        _ => Err(refusal),
    }
}

/// Refuses a way to pay the merchant does not offer in this session.
pub(super) fn offered(session: &CheckoutSession, method: PaymentMethod) -> Result<(), AppError> {
    if session.methods.contains(&method) {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::MethodNotOffered, session.locale))
    }
}
