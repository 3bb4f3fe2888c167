//! `/v1/flexiti/authorizations` and `/v1/flexiti/captures`: Flexiti credit authorizations the
//! merchant holds, and what it does with them: capture, release, return a capture. Amounts are
//! cents here; the Flexiti client converts them to its decimal dollars.
//!
//! A capture, release or return goes through the follow-up ledger ([`super::flexiti_follow_ups`]):
//! recorded before it is sent, once per `Idempotency-Key`, one of an authorization at a time. An
//! amount above what is held (or returnable) is refused here, after reading the authorization and
//! before anything is sent; Flexiti checks again.

use axum::{
    Json,
    extract::{Path, State},
};
use shared::ApiError;

use super::{
    MerchantKey,
    amount::{AmountRequest, RequestedAmount},
    failure,
    flexiti_bodies::{AuthorizationBody, AuthorizationList, CaptureBody, CaptureList, DateQuery},
    flexiti_follow_ups::{HeldFollowUp, send},
    idempotency::IdempotencyKey,
};
use crate::{
    AppState,
    error::AppError,
    routes::ApiQuery,
    upstream::flexiti::{Authorization, AuthorizationId, CaptureId},
};

/// A path id: a number, or nothing Flexiti could have.
fn number(text: &str, param: &'static str) -> Result<u64, AppError> {
    text.parse().map_err(|_| failure::not_found(param))
}

async fn authorization(state: &AppState, id: AuthorizationId) -> Result<Authorization, AppError> {
    state
        .flexiti
        .authorization(id)
        .await
        .map_err(failure::flexiti)
}

/// `GET /v1/flexiti/authorizations`: those made in a range of days.
#[utoipa::path(get, path = "/v1/flexiti/authorizations", tag = "merchant", params(DateQuery),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The authorizations", body = AuthorizationList),
        (status = 400, description = "A date is not `YYYY-MM-DD`, or `date_from` is after `date_to`: `param` names it", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn list(
    _: MerchantKey,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<DateQuery>,
) -> Result<Json<AuthorizationList>, AppError> {
    let range = query.range()?;
    let listed = state
        .flexiti
        .list_authorizations(range)
        .await
        .map_err(failure::flexiti)?;
    Ok(Json(AuthorizationList::from(listed.as_slice())))
}

/// `GET /v1/flexiti/authorizations/{id}`: one authorization with its captures.
#[utoipa::path(get, path = "/v1/flexiti/authorizations/{id}", tag = "merchant",
    params(("id" = u64, Path, description = "Flexiti's authorization id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The authorization", body = AuthorizationBody),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn show(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AuthorizationBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let shown = authorization(&state, id).await?;
    Ok(Json(AuthorizationBody::from(&shown)))
}

/// `POST /v1/flexiti/authorizations/{id}/capture`: posts all that is held (no `amount`) or part of
/// it as a purchase.
#[utoipa::path(post, path = "/v1/flexiti/authorizations/{id}/capture", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = u64, Path, description = "Flexiti's authorization id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key gets the first answer and sends nothing again"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The capture", body = CaptureBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or the `Idempotency-Key` is not valid", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization", body = ApiError),
        (status = 409, description = "`exceeds_authorization`: above what is held, nothing sent; `authorization_closed`: nothing is held any more; `payment_in_progress`: another capture or release of the authorization is unsettled, or Flexiti's answer was lost and the authorization does not show it yet (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached: nothing was captured, unless this is a retry under a key whose first request went through (its answer is read from Flexiti: ask again under the same key)", body = ApiError),
    ))]
pub(super) async fn capture(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CaptureBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let moved = send(&state, id, HeldFollowUp::Capture(requested), key).await?;
    Ok(Json(CaptureBody::from(&moved.into_capture()?)))
}

/// `POST /v1/flexiti/authorizations/{id}/release`: gives all that is held (no `amount`) or part
/// of it back to the shopper's open-to-buy.
#[utoipa::path(post, path = "/v1/flexiti/authorizations/{id}/release", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = u64, Path, description = "Flexiti's authorization id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key sends nothing again and gets the authorization as it is now"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The authorization after the release", body = AuthorizationBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or the `Idempotency-Key` is not valid", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization", body = ApiError),
        (status = 409, description = "`exceeds_authorization`: above what is held, nothing sent; `authorization_closed`: nothing is held any more; `payment_in_progress`: another capture or release of the authorization is unsettled, or Flexiti's answer was lost and the authorization does not show it yet (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached: nothing was released, unless this is a retry under a key whose first request went through (its answer is read from Flexiti: ask again under the same key)", body = ApiError),
    ))]
pub(super) async fn release(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<AuthorizationBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let moved = send(&state, id, HeldFollowUp::Release(requested), key).await?;
    Ok(Json(AuthorizationBody::from(&moved.into_authorization()?)))
}

/// `POST /v1/flexiti/authorizations/{id}/captures/{capture_id}/return`: returns all that is left
/// (no `amount`) or part of a capture of a promotional purchase, within 100 days of it.
#[utoipa::path(post, path = "/v1/flexiti/authorizations/{id}/captures/{capture_id}/return", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = u64, Path, description = "Flexiti's authorization id"),
        ("capture_id" = u64, Path, description = "The capture's id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key gets the first answer and sends nothing again"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The capture after the return", body = CaptureBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or the `Idempotency-Key` is not valid", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization, or no such capture of it: `param` says which", body = ApiError),
        (status = 409, description = "`exceeds_capture`: above what is left of the capture (or nothing is), nothing sent; `return_window_closed`: past 100 days; `not_returnable`: a regular purchase; `payment_in_progress`: another return of the capture is unsettled, or Flexiti's answer was lost and the capture does not show it yet (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached: nothing was returned, unless this is a retry under a key whose first request went through (its answer is read from Flexiti: ask again under the same key)", body = ApiError),
    ))]
pub(super) async fn return_capture(
    _: MerchantKey,
    State(state): State<AppState>,
    Path((id, capture_id)): Path<(String, String)>,
    key: IdempotencyKey,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CaptureBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let capture_id = CaptureId(number(&capture_id, "capture_id")?);
    let follow_up = HeldFollowUp::Return(capture_id, requested);
    let moved = send(&state, id, follow_up, key).await?;
    Ok(Json(CaptureBody::from(&moved.into_capture()?)))
}

/// `GET /v1/flexiti/captures`: the captures made in a range of days.
#[utoipa::path(get, path = "/v1/flexiti/captures", tag = "merchant", params(DateQuery),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The captures", body = CaptureList),
        (status = 400, description = "A date is not `YYYY-MM-DD`, or `date_from` is after `date_to`: `param` names it", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn list_captures(
    _: MerchantKey,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<DateQuery>,
) -> Result<Json<CaptureList>, AppError> {
    let range = query.range()?;
    let listed = state
        .flexiti
        .list_captures(range)
        .await
        .map_err(failure::flexiti)?;
    Ok(Json(CaptureList::from(listed.as_slice())))
}
