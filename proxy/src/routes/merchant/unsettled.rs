//! `/v1/follow-ups`: the merchant's captures, voids, refunds, releases and returns the ledger has
//! not settled, for its operators: listed, and settled by hand where no lookup can. Two cases
//! need a person: a Flexiti authorization moved by something else than its unsettled follow-up,
//! and a Flexiti purchase whose balance matches neither side of an unsettled refund (both logged
//! at error level with the reference). Settling by hand sends nothing upstream: the operator has
//! read the upstream's own record first, and says what it shows.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::{Deserialize, Serialize};
use shared::{ApiError, ErrorCode, Locale};
use time::OffsetDateTime;

use super::{MerchantKey, failure};
use crate::{
    AppState,
    checkout::{AttemptState, FollowUpRecord, SESSION_ID_PREFIX},
    error::AppError,
    routes::ApiJson,
};

/// The longest upstream id kept: FlexPay's are 26 characters, Flexiti's numbers.
const MAX_UPSTREAM_ID_CHARS: usize = 64;

/// A follow-up as the ledger holds it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct FollowUpBody {
    /// Its reference in the ledger (and a card follow-up's `merchantTransactionId`).
    reference: String,
    /// `capture`, `void`, `refund`, `release` or `return`.
    kind: String,
    /// `card` or `flexiti_account`.
    method: String,
    /// What it follows up: a FlexPay transaction id, a Flexiti purchase id (a session's refund),
    /// `flexiti-authorization-{id}` or `flexiti-authorization-{id}-capture-{capture id}`.
    original: String,
    /// The session it refunds, `cs_...`, if any.
    session_id: Option<String>,
    /// In cents; absent for "all that was left".
    amount: Option<u64>,
    /// `in_flight`, `unknown` (its answer was lost), `approved` or `declined`.
    state: AttemptState,
    /// The upstream's id of it, once known.
    upstream_id: Option<String>,
    /// When it was sent, Unix seconds.
    sent_at: i64,
}

impl From<FollowUpRecord> for FollowUpBody {
    fn from(record: FollowUpRecord) -> FollowUpBody {
        FollowUpBody {
            reference: record.reference,
            kind: record.kind,
            method: record.method,
            original: record.original,
            session_id: record
                .session_id
                .map(|id| format!("{SESSION_ID_PREFIX}{id}")),
            amount: record.amount_cents,
            state: record.state,
            upstream_id: record.upstream_id,
            sent_at: record.created_at,
        }
    }
}

/// What the upstream's own record shows of a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub(super) enum Outcome {
    /// It went through: the money moved (a refund of a session counts in its refunded total).
    Done,
    /// It never happened: nothing moved, and its `Idempotency-Key` is free again.
    NotDone,
}

/// How the operator settles a follow-up.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SettleRequest {
    /// What the upstream's record shows.
    outcome: Outcome,
    /// The upstream's id of it (FlexPay's transaction id, Flexiti's capture id), when `done`.
    #[schema(pattern = r"^[!-~]{1,64}$")]
    upstream_id: Option<String>,
}

/// `GET /v1/follow-ups/unsettled`: every follow-up in flight or `unknown`, oldest first.
#[utoipa::path(get, path = "/v1/follow-ups/unsettled", tag = "merchant",
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The follow-ups not settled yet", body = [FollowUpBody]),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
    ))]
pub(super) async fn list(
    _: MerchantKey,
    State(state): State<AppState>,
) -> Result<Json<Vec<FollowUpBody>>, AppError> {
    let now = OffsetDateTime::now_utc();
    let unsettled = state
        .sessions
        .unsettled_follow_ups(now)
        .await
        .map_err(failure::internal)?;
    Ok(Json(
        unsettled.into_iter().map(FollowUpBody::from).collect(),
    ))
}

/// `POST /v1/follow-ups/{reference}/settle`: settles by hand a follow-up no lookup could, as the
/// upstream's own record shows it. One settled already is answered as it stands, unchanged.
#[utoipa::path(post, path = "/v1/follow-ups/{reference}/settle", tag = "merchant",
    request_body = SettleRequest,
    params(("reference" = String, Path, description = "The follow-up's reference, from `GET /v1/follow-ups/unsettled` or the log")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The follow-up as it now stands", body = FollowUpBody),
        (status = 400, description = "The body is not `{ \"outcome\": \"done\" | \"not_done\", \"upstream_id\"? }`: `param` names what is wrong", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No follow-up has that reference", body = ApiError),
        (status = 409, description = "`payment_in_progress`: sent too recently: its own request, or the next lookup, may still settle it", body = ApiError),
    ))]
pub(super) async fn settle(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<SettleRequest>,
) -> Result<Json<FollowUpBody>, AppError> {
    let upstream_id = checked_upstream_id(request.upstream_id)?;
    let record = follow_up(&state, &reference).await?;
    if !matches!(record.state, AttemptState::InFlight | AttemptState::Unknown) {
        return Ok(Json(FollowUpBody::from(record)));
    }
    let sent_at = OffsetDateTime::from_unix_timestamp(record.created_at)
        .map_err(|_| failure::internal("a follow-up sent at no valid time"))?;
    if OffsetDateTime::now_utc() - sent_at <= state.reconcile.grace {
        let cause = format!("{reference} was sent too recently to settle by hand");
        return Err(
            AppError::new(ErrorCode::PaymentInProgress, Locale::default()).caused_by(cause),
        );
    }
    let sessions = &state.sessions;
    match request.outcome {
        Outcome::Done => sessions
            .settle_follow_up(
                &record,
                AttemptState::Approved,
                upstream_id.as_deref(),
                true,
            )
            .await
            .map(drop),
        Outcome::NotDone => sessions.release_follow_up(&record.reference, true).await,
    }
    .map_err(failure::internal)?;
    tracing::warn!(%reference, outcome = ?request.outcome, "a follow-up settled by hand");
    Ok(Json(FollowUpBody::from(
        follow_up(&state, &reference).await?,
    )))
}

/// The follow-up `reference`; `not_found` when the ledger has none.
async fn follow_up(state: &AppState, reference: &str) -> Result<FollowUpRecord, AppError> {
    state
        .sessions
        .follow_up(reference)
        .await
        .map_err(failure::internal)?
        .ok_or_else(|| failure::not_found("reference"))
}

/// An upstream id of 1 to 64 visible ASCII characters, or none.
fn checked_upstream_id(id: Option<String>) -> Result<Option<String>, AppError> {
    match id {
        Some(id)
            if id.is_empty()
                || id.len() > MAX_UPSTREAM_ID_CHARS
                || !id.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            Err(AppError::new(ErrorCode::InvalidRequest, Locale::default())
                .param("upstream_id")
                .caused_by("1 to 64 visible ASCII characters"))
        }
        id => Ok(id),
    }
}
