//! `GET /api/v1/session`: the widget's view of its checkout session (amount, methods, status),
//! read again when the merchant may have changed the amount.

use axum::Json;
use shared::CheckoutView;
use time::OffsetDateTime;

use super::WidgetSession;

/// Answers the view of the caller's session, whatever its status: the widget says "expired" or
/// "paid" itself.
pub(super) async fn show(WidgetSession(session): WidgetSession) -> Json<CheckoutView> {
    Json(session.view(OffsetDateTime::now_utc()))
}
