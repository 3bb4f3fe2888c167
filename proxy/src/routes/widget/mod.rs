//! The widget API: what the widget's flows call, authenticated by the checkout session's client
//! token in the `Authorization` header (no cookies, so it works in webviews that block them).

mod client;
mod form;
mod session;

use axum::{
    Router,
    http::{HeaderValue, header},
    routing::get,
};
use shared::paths;
use tower_http::set_header::SetResponseHeaderLayer;

pub use client::WidgetSession;

use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::FORM_CONFIG, get(form::form_config))
        .route(paths::TERMS, get(form::terms))
        .route(paths::SESSION, get(session::show))
        // Widget API answers carry personal data as soon as the flows do: never cache them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
