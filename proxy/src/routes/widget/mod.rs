//! The widget API: what the widget's flows call, authenticated by the checkout session's client
//! token in the `Authorization` header (no cookies, so it works in webviews that block them).

mod account;
mod client;
mod form;
mod session;

use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use client::WidgetSession;

use crate::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(form::form_config))
        .routes(routes!(form::terms))
        .routes(routes!(session::show))
        .routes(routes!(account::lookup))
        .routes(routes!(account::verify))
        .routes(routes!(account::quote))
        .routes(routes!(account::purchase))
        // Widget API answers carry personal data as soon as the flows do: never cache them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
