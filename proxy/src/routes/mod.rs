//! The proxy's HTTP surface: the widget API, health endpoints and the assets the browser loads.

mod assets;
mod form;
mod health;

use axum::{
    Router,
    extract::{FromRequestParts, rejection::QueryRejection},
    http::{HeaderValue, header},
};
use shared::{ErrorCode, Locale, paths};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{AppState, error::AppError};

/// The whole application, ready for `axum::serve` or for `oneshot` in tests.
pub fn router(state: AppState) -> Router {
    let widget_api = Router::new()
        .route(paths::FORM_CONFIG, axum::routing::get(form::form_config))
        .route(paths::TERMS, axum::routing::get(form::terms))
        // Widget API answers carry personal data as soon as the flows do: never cache them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    Router::new()
        .merge(widget_api)
        .merge(health::router())
        .merge(assets::router(&state.assets))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// `axum::extract::Query` whose rejection is our error shape instead of plain text.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> AppError {
        AppError::new(ErrorCode::InvalidRequest, Locale::default()).caused_by(rejection.body_text())
    }
}
