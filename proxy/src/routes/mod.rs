//! The proxy's HTTP surface: the widget API, health endpoints and the assets the browser loads.

mod assets;
mod demo;
mod health;
mod known_by_content;
mod large_json;
pub mod merchant;
pub mod widget;
mod widget_page;

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{
        FromRequest, FromRequestParts,
        rejection::{JsonRejection, QueryRejection},
    },
    http::{HeaderMap, HeaderValue, StatusCode, header},
    routing::get,
};
use shared::{ErrorCode, Locale};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, envelope, error::AppError};

pub use assets::LOADER_FILE;
pub use large_json::LargeJson;
pub use widget_page::widget_page_file;

/// Where the OpenAPI description of the merchant and widget APIs is served.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// The OpenAPI document's frame: title, version, and the two ways callers authenticate. The
/// operations come from the handlers themselves, registered with the router that serves them.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Flexiti checkout proxy", description = "The merchant server API (merchant API key) and the widget API (client token)."),
    modifiers(&Credentials),
    tags(
        (name = "merchant", description = "Server to server, with the merchant API key"),
        (name = "widget", description = "From the widget, with the checkout session's client token"),
    )
)]
struct ApiDoc;

/// Declares the two bearer credentials the operations refer to.
struct Credentials;

impl utoipa::Modify for Credentials {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        for name in ["merchant_key", "client_token"] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
        }
    }
}

/// The whole application, ready for `axum::serve` or for `oneshot` in tests.
pub fn router(state: AppState) -> Router {
    let demo = if state.demo {
        demo::router(&state.assets)
    } else {
        Router::new()
    };
    let (apis, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(widget::router())
        .merge(merchant::router().layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        )))
        .split_for_parts();
    let openapi = Arc::new(openapi);
    let router = Router::new()
        .merge(apis)
        .route(
            OPENAPI_PATH,
            get(move || {
                let openapi = openapi.clone();
                async move { Json(openapi.as_ref().clone()) }
            }),
        )
        .merge(demo)
        .merge(health::router())
        .merge(assets::router(&state))
        .fallback(not_found);
    envelope::wrap(router, &state).with_state(state)
}

/// Any path the proxy does not serve: our error shape, like every other refusal.
async fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, Locale::default())
}

/// `axum::extract::Query` whose rejection is our error shape instead of plain text.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> AppError {
        // Not `body_text()`: serde repeats the offending value, and a value may be personal.
        let kind = match rejection {
            QueryRejection::FailedToDeserializeQueryString(_) => "query string not as expected",
            _ => "query string rejected",
        };
        AppError::new(ErrorCode::InvalidRequest, Locale::default()).caused_by(kind)
    }
}

/// `axum::Json` whose rejection (malformed JSON, wrong content type, unknown field) is our error
/// shape instead of plain text.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> AppError {
        // Not `body_text()`: serde repeats the offending value (a mistyped card number, a SIN),
        // and causes are logged. The kind of mistake is enough to debug with.
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return too_large();
        }
        let kind = match rejection {
            JsonRejection::JsonDataError(_) => "JSON body not of the expected shape",
            JsonRejection::JsonSyntaxError(_) => "JSON body does not parse",
            JsonRejection::MissingJsonContentType(_) => "not Content-Type: application/json",
            _ => "body unreadable",
        };
        AppError::new(ErrorCode::InvalidRequest, Locale::default()).caused_by(kind)
    }
}

/// A body over `max_body_bytes`: the limit is the envelope's ([`envelope::Envelope`]).
pub(crate) fn too_large() -> AppError {
    AppError::new(ErrorCode::RequestTooLarge, Locale::default())
        .caused_by("body over max_body_bytes")
}

/// The request's one `Authorization` header: a request carrying two is refused, so that a proxy
/// or client that appends one to another can never smuggle a second credential past the first.
pub(crate) fn sole_authorization(headers: &HeaderMap) -> Option<&HeaderValue> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let first = values.next()?;
    values.next().is_none().then_some(first)
}
