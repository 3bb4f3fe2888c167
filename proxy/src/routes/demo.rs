//! The demo merchant's own server, for `cargo xtask run` with the embedded sandbox: the demo page
//! asks it for a checkout session, as a real merchant's page asks its server, and it opens one
//! through the same code the merchant API uses. Off whenever a real upstream is configured.

use axum::{
    BoxError, Json, Router,
    body::{Body, Bytes, HttpBody},
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use shared::{Currency, ErrorCode, Locale, PaymentMethod};
use time::OffsetDateTime;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;

use crate::{
    AppState, Assets,
    checkout::{Origin, SessionTerms},
    envelope::{DEMO_PAGE, demo_page_policy},
    error::AppError,
    routes::ApiJson,
};

/// Where the demo page asks for its session.
pub const DEMO_SESSION_PATH: &str = "/demo/checkout-session";

/// The demo cart: a restored oak dining table, $1,957.00.
const DEMO_AMOUNT_CENTS: u64 = 195_700;

#[derive(Debug, Deserialize)]
pub(super) struct DemoRequest {
    locale: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct DemoSession {
    client_token: String,
}

/// The demo page (`static/demo/`), `/` leading to it, and its session endpoint.
pub(super) fn router(assets: &Assets) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/demo/") }))
        .route(DEMO_SESSION_PATH, post(open))
        .nest_service(
            "/demo",
            ServiceBuilder::new()
                .layer(middleware::map_response(with_policy))
                .service(ServeDir::new(assets.static_dir.join("demo"))),
        )
}

/// The largest demo page whose inline styles the proxy reads for its policy.
const PAGE_LIMIT: usize = 256 * 1024;

/// A demo file's answer with its policy: [`DEMO_PAGE`], and for a page sent whole (`200`) the
/// hashes of its inline styles too ([`demo_page_policy`]). (A `304` would carry the plain
/// policy, which a browser applies to the page it kept; none comes: the envelope sends the demo's
/// answers `no-store`.)
async fn with_policy<B>(response: Response<B>) -> Response
where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let (mut parts, body) = response.into_parts();
    let is_page = parts.status == StatusCode::OK
        && parts
            .headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|kind| kind.as_bytes().starts_with(b"text/html"));
    let mut policy = HeaderValue::from_static(DEMO_PAGE);
    let body = if is_page {
        let Ok(page) = axum::body::to_bytes(Body::new(body), PAGE_LIMIT).await else {
            tracing::error!(
                limit = PAGE_LIMIT,
                "a demo page too large to read for its policy"
            );
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        if let Ok(with_styles) =
            HeaderValue::from_str(&demo_page_policy(&String::from_utf8_lossy(&page)))
        {
            policy = with_styles;
        }
        Body::from(page)
    } else {
        Body::new(body)
    };
    parts
        .headers
        .insert(header::CONTENT_SECURITY_POLICY, policy);
    Response::from_parts(parts, body)
}

/// Opens a session for the demo cart, embeddable by the page that asked (its `Origin`).
async fn open(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DemoRequest>,
) -> Result<Json<DemoSession>, AppError> {
    let locale = request
        .locale
        .as_deref()
        .map(Locale::from_tag)
        .unwrap_or_default();
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| Origin::parse(value).ok())
        .ok_or_else(|| {
            AppError::new(ErrorCode::InvalidRequest, locale).caused_by("demo: no usable Origin")
        })?;
    let now = OffsetDateTime::now_utc();
    let terms = SessionTerms {
        amount_cents: DEMO_AMOUNT_CENTS,
        currency: Currency::Cad,
        order_id: format!("DEMO-{}", now.unix_timestamp()),
        locale,
        methods: PaymentMethod::ALL.to_vec(),
        allowed_origins: vec![origin],
        lifetime: crate::checkout::DEFAULT_LIFETIME,
    };
    let (_, token) = state
        .sessions
        .open(terms, now)
        .await
        .map_err(AppError::internal(locale))?;
    Ok(Json(DemoSession {
        client_token: token.reveal(),
    }))
}
