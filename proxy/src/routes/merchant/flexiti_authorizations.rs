//! `/v1/flexiti/authorizations` and `/v1/flexiti/captures`: Flexiti credit authorizations the
//! merchant holds, and what it does with them: capture, release, return a capture. Amounts are
//! cents here; the Flexiti client converts them to its decimal dollars.
//!
//! An amount above what is held (or returnable) is refused here, after reading the authorization
//! and before anything is sent; Flexiti checks again.

use std::num::NonZeroU64;

use axum::{
    Json,
    extract::{Path, State},
};
use shared::{ApiError, ErrorCode};

use super::{
    MerchantKey,
    amount::{AmountRequest, RequestedAmount},
    failure,
    flexiti_bodies::{AuthorizationBody, AuthorizationList, CaptureBody, CaptureList, DateQuery},
};
use crate::{
    AppState,
    error::AppError,
    routes::ApiQuery,
    upstream::flexiti::{Authorization, AuthorizationId, CaptureId, Portion},
};

/// A path id: a number, or nothing Flexiti could have.
fn number(text: &str, param: &'static str) -> Result<u64, AppError> {
    text.parse().map_err(|_| failure::not_found(param))
}

fn portion(requested: Option<NonZeroU64>) -> Portion {
    requested.map_or(Portion::All, |cents| Portion::Cents(cents.get()))
}

/// Reads authorization `id` when an amount is asked for, and refuses one above what it holds.
async fn within_held(
    state: &AppState,
    id: AuthorizationId,
    requested: Option<NonZeroU64>,
) -> Result<Portion, AppError> {
    if let Some(cents) = requested {
        let held = authorization(state, id).await?;
        if cents.get() > held.remaining_cents {
            let cause = format!("{cents} above the {} held by {id}", held.remaining_cents);
            return Err(failure::too_much(ErrorCode::ExceedsAuthorization, cause));
        }
    }
    Ok(portion(requested))
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
///
/// Not idempotent: after a `503`, read the authorization before capturing again.
#[utoipa::path(post, path = "/v1/flexiti/authorizations/{id}/capture", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(("id" = u64, Path, description = "Flexiti's authorization id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The capture", body = CaptureBody),
        (status = 400, description = "`amount` is not a positive whole number of cents", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization", body = ApiError),
        (status = 409, description = "`exceeds_authorization`: above what is held; `authorization_closed`: nothing is held any more", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn capture(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CaptureBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let portion = within_held(&state, id, requested).await?;
    let captured = state
        .flexiti
        .capture_authorization(id, portion)
        .await
        .map_err(failure::flexiti)?;
    Ok(Json(CaptureBody::from(&captured)))
}

/// `POST /v1/flexiti/authorizations/{id}/release`: gives all that is held (no `amount`) or part
/// of it back to the shopper's open-to-buy.
#[utoipa::path(post, path = "/v1/flexiti/authorizations/{id}/release", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(("id" = u64, Path, description = "Flexiti's authorization id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The authorization after the release", body = AuthorizationBody),
        (status = 400, description = "`amount` is not a positive whole number of cents", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization", body = ApiError),
        (status = 409, description = "`exceeds_authorization`: above what is held; `authorization_closed`: nothing is held any more", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn release(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<AuthorizationBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let portion = within_held(&state, id, requested).await?;
    let released = state
        .flexiti
        .release_authorization(id, portion)
        .await
        .map_err(failure::flexiti)?;
    Ok(Json(AuthorizationBody::from(&released)))
}

/// `POST /v1/flexiti/authorizations/{id}/captures/{capture_id}/return`: returns all that is left
/// (no `amount`) or part of a capture of a promotional purchase, within 100 days of it.
///
/// Not idempotent: after a `503`, read the authorization before returning again.
#[utoipa::path(post, path = "/v1/flexiti/authorizations/{id}/captures/{capture_id}/return", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = u64, Path, description = "Flexiti's authorization id"),
        ("capture_id" = u64, Path, description = "The capture's id"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The capture after the return", body = CaptureBody),
        (status = 400, description = "`amount` is not a positive whole number of cents", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such authorization, or no such capture of it: `param` says which", body = ApiError),
        (status = 409, description = "`exceeds_capture`: above what is left of the capture; `return_window_closed`: past 100 days; `not_returnable`: a regular purchase", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn return_capture(
    _: MerchantKey,
    State(state): State<AppState>,
    Path((id, capture_id)): Path<(String, String)>,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CaptureBody>, AppError> {
    let id = AuthorizationId(number(&id, "id")?);
    let capture_id = CaptureId(number(&capture_id, "capture_id")?);
    if let Some(cents) = requested {
        let held = authorization(&state, id).await?;
        let capture = held
            .captures
            .iter()
            .find(|capture| capture.id == capture_id);
        let capture = capture.ok_or_else(|| failure::not_found("capture_id"))?;
        if cents.get() > capture.returnable_cents() {
            let cause = format!(
                "{cents} above the {} returnable",
                capture.returnable_cents()
            );
            return Err(failure::too_much(ErrorCode::ExceedsCapture, cause));
        }
    }
    let returned = state
        .flexiti
        .return_capture(id, capture_id, portion(requested))
        .await
        .map_err(failure::flexiti)?;
    Ok(Json(CaptureBody::from(&returned)))
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
