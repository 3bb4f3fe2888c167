//! `/v1/follow-ups`: the merchant's captures, voids, refunds, releases and returns the ledger has
//! not settled, for its operators: listed, and the Flexiti ones settled by hand where no lookup
//! can. Two cases need a person: a Flexiti authorization moved by something else than its
//! unsettled follow-up, and a Flexiti purchase whose balance matches neither side of an unsettled
//! refund (both logged at error level with the reference). Settling by hand sends nothing: the
//! operator has read Flexiti's own record first, and says what it shows. The ledger keeps the
//! first settlement, whoever makes it.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::{Deserialize, Serialize};
use shared::{ApiError, ErrorCode, Locale, PaymentMethod};
use time::OffsetDateTime;

use super::{MerchantKey, failure, paid_with::PaidWith};
use crate::{
    AppState,
    checkout::{AttemptState, FollowUpKind, FollowUpRecord, SESSION_ID_PREFIX},
    error::AppError,
    reconciliation::HeldTarget,
    routes::ApiJson,
};

/// A follow-up as the ledger holds it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct FollowUpBody {
    /// Its reference in the ledger (and a card follow-up's `merchantTransactionId`).
    reference: String,
    /// What it does.
    kind: FollowUpKind,
    /// Whose money: `card` or `flexiti_account`.
    method: PaidWith,
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
    /// A Flexiti authorization's follow-up once sent: what it found before it was sent, to
    /// compare with Flexiti's record of the authorization. Absent for other follow-ups, and for
    /// one never sent (reconciliation releases those).
    held_before: Option<HeldBeforeBody>,
    /// Whether `POST /v1/follow-ups/{reference}/settle` would take it now: a Flexiti follow-up,
    /// sent, `reconcile_unlisted_after_secs` ago or more. Reconciliation may still settle it
    /// first; one it cannot is logged at error level with its reference.
    settle_by_hand: bool,
}

/// What a Flexiti authorization's follow-up found before it was sent.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct HeldBeforeBody {
    /// What the authorization held (a capture, a release), or what the capture had left to
    /// return (a return), in cents.
    amount: u64,
    /// The highest id among the authorization's captures then (0 for none): a capture this
    /// follow-up made has a higher one.
    last_capture_id: u64,
}

impl FollowUpBody {
    /// `record` as listed, `settle_by_hand` as [`may_settle_by_hand`] says now.
    fn of(state: &AppState, record: FollowUpRecord) -> FollowUpBody {
        let settle_by_hand = may_settle_by_hand(state, &record).is_ok();
        FollowUpBody {
            settle_by_hand,
            ..FollowUpBody::from(record)
        }
    }
}

impl From<FollowUpRecord> for FollowUpBody {
    fn from(record: FollowUpRecord) -> FollowUpBody {
        FollowUpBody {
            reference: record.reference,
            kind: record.kind,
            method: record.method.into(),
            original: record.original,
            session_id: record
                .session_id
                .map(|id| format!("{SESSION_ID_PREFIX}{id}")),
            amount: record.amount_cents,
            state: record.state,
            upstream_id: record.upstream_id,
            sent_at: record.created_at,
            held_before: record.held_before.map(|before| HeldBeforeBody {
                amount: before.cents,
                last_capture_id: before.last_capture,
            }),
            settle_by_hand: false,
        }
    }
}

/// What Flexiti's own record shows of a follow-up.
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
    /// With `done`: Flexiti's id of the capture a capture made or a return gave back part of
    /// (required), of the authorization for a release (optional), of a session's refund (if
    /// known). Never with `not_done`.
    #[schema(pattern = r"^[0-9]{1,20}$")]
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
        unsettled
            .into_iter()
            .map(|record| FollowUpBody::of(&state, record))
            .collect(),
    ))
}

/// `POST /v1/follow-ups/{reference}/settle`: settles by hand a Flexiti follow-up no lookup
/// could, as Flexiti's own record shows it. Only once reconciliation would itself have taken an
/// unfound follow-up for never made (`reconcile_unlisted_after_secs` after it was sent), so that
/// nothing on its way is declared not done. One settled already that way is answered as it
/// stands.
#[utoipa::path(post, path = "/v1/follow-ups/{reference}/settle", tag = "merchant",
    request_body = SettleRequest,
    params(("reference" = String, Path, description = "The follow-up's reference, from `GET /v1/follow-ups/unsettled` or the log")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The follow-up as it now stands", body = FollowUpBody),
        (status = 400, description = "The body is not `{ \"outcome\": \"done\" | \"not_done\", \"upstream_id\"? }`, or `upstream_id` (`param`) is missing, given for `not_done`, or names nothing Flexiti shows for this follow-up", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No follow-up has that reference", body = ApiError),
        (status = 409, description = "`payment_in_progress`: sent too recently, never sent, or a card follow-up (reconciliation settles those by their `merchantTransactionId`); `already_settled`: settled the other way already", body = ApiError),
        (status = 500, description = "Our ledger failed", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached to check `upstream_id`", body = ApiError),
    ))]
pub(super) async fn settle(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(reference): Path<String>,
    ApiJson(request): ApiJson<SettleRequest>,
) -> Result<Json<FollowUpBody>, AppError> {
    let record = follow_up(&state, &reference).await?;
    if let Some(settled) = settled_already(&record, request.outcome) {
        return settled.map(|()| Json(FollowUpBody::from(record)));
    }
    may_settle_by_hand(&state, &record)?;
    let sessions = &state.sessions;
    match request.outcome {
        Outcome::Done => {
            let upstream_id = done_as(&state, &record, request.upstream_id).await?;
            sessions
                .settle_follow_up(
                    &record,
                    AttemptState::Approved,
                    upstream_id.as_deref(),
                    true,
                )
                .await
                .map(drop)
        }
        Outcome::NotDone if request.upstream_id.is_some() => {
            return Err(wrong_upstream_id("not_done takes no upstream_id"));
        }
        Outcome::NotDone => sessions.release_follow_up(&record.reference, true).await,
    }
    .map_err(failure::internal)?;
    let now = follow_up(&state, &reference).await?;
    if let Some(refused) = settled_already(&now, request.outcome).and_then(Result::err) {
        return Err(refused);
    }
    tracing::warn!(%reference, outcome = ?request.outcome, "a follow-up settled by hand");
    Ok(Json(FollowUpBody::from(now)))
}

/// `None` while `record` is unsettled; `Ok` when it is settled as `outcome` says, `Err`
/// (`already_settled`) when the other way.
fn settled_already(record: &FollowUpRecord, outcome: Outcome) -> Option<Result<(), AppError>> {
    let asked = match outcome {
        Outcome::Done => AttemptState::Approved,
        Outcome::NotDone => AttemptState::Declined,
    };
    match record.state {
        AttemptState::InFlight | AttemptState::Unknown => None,
        settled if settled == asked => Some(Ok(())),
        settled => Some(Err(AppError::new(
            ErrorCode::AlreadySettled,
            Locale::default(),
        )
        .caused_by(format!("{} is {settled:?}", record.reference)))),
    }
}

/// Refuses what a person must not settle: a card follow-up (found by its
/// `merchantTransactionId`), one never sent (reconciliation releases it), one sent too recently.
fn may_settle_by_hand(state: &AppState, record: &FollowUpRecord) -> Result<(), AppError> {
    let refuse = |why: &str| {
        let cause = format!("{}: {why}", record.reference);
        Err(AppError::new(ErrorCode::PaymentInProgress, Locale::default()).caused_by(cause))
    };
    if record.method == PaymentMethod::Card {
        return refuse("a card follow-up is settled by reconciliation");
    }
    if HeldTarget::parse(&record.original).is_some() && record.held_before.is_none() {
        return refuse("never sent: reconciliation releases it");
    }
    let now = OffsetDateTime::now_utc();
    let sent_at = OffsetDateTime::from_unix_timestamp(record.created_at).unwrap_or(now);
    if !state.reconcile.never_processed(sent_at, now) {
        return refuse("sent too recently to settle by hand");
    }
    Ok(())
}

/// The upstream id to settle `record` as done under, checked against Flexiti: the capture it
/// made or returned part of (on the authorization; for a capture, above the last capture before
/// it and of the amount asked); the authorization's own for a release; for a session's refund,
/// which Flexiti lists nowhere by itself, the refund's id if the operator has it.
async fn done_as(
    state: &AppState,
    record: &FollowUpRecord,
    given: Option<String>,
) -> Result<Option<String>, AppError> {
    let number = match given.as_deref() {
        Some(text) => Some(
            text.parse::<u64>()
                .map_err(|_| wrong_upstream_id("not a number"))?,
        ),
        None => None,
    };
    let (Some(target), Some(before)) = (HeldTarget::parse(&record.original), record.held_before)
    else {
        return Ok(number.map(|id| id.to_string()));
    };
    if record.kind == FollowUpKind::Release {
        return match number {
            None => Ok(Some(target.authorization.to_string())),
            Some(id) if id == target.authorization.0 => Ok(Some(id.to_string())),
            Some(_) => Err(wrong_upstream_id(
                "a release is known by its authorization's id",
            )),
        };
    }
    let id = number.ok_or_else(|| wrong_upstream_id("the capture's id is needed"))?;
    let authorization = state
        .flexiti
        .authorization(target.authorization)
        .await
        .map_err(failure::flexiti)?;
    let asked = record.amount_cents.unwrap_or(before.cents);
    let listed = authorization
        .captures
        .iter()
        .find(|capture| capture.id.0 == id);
    let plausible = listed.is_some_and(|capture| match record.kind {
        // Made after the follow-up found the authorization, of the amount it asked.
        FollowUpKind::Capture => id > before.last_capture && capture.amount_cents == asked,
        _ => target.capture == Some(capture.id),
    });
    if !plausible {
        return Err(wrong_upstream_id("no such capture of this follow-up"));
    }
    Ok(Some(id.to_string()))
}

fn wrong_upstream_id(why: &str) -> AppError {
    AppError::new(ErrorCode::InvalidRequest, Locale::default())
        .param("upstream_id")
        .caused_by(why.to_owned())
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
