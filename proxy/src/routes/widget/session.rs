//! `GET /api/v1/session`: the widget's view of its checkout session (amount, methods, status),
//! read again when the merchant may have changed the amount.

use axum::Json;
use shared::{ApiError, CheckoutView, paths};
use time::OffsetDateTime;

use super::WidgetSession;

/// Answers the view of the caller's session, whatever its status: the widget says "expired" or
/// "paid" itself.
#[utoipa::path(get, path = paths::SESSION, tag = "widget", security(("client_token" = [])),
    responses(
        (status = 200, description = "The session as the widget sees it", body = CheckoutView),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
    ))]
pub(super) async fn show(WidgetSession(session): WidgetSession) -> Json<CheckoutView> {
    Json(session.view(OffsetDateTime::now_utc()))
}
