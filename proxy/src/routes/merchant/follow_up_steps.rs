//! The steps every follow-up takes through the ledger, whichever upstream it goes to (a card
//! capture, void or refund; a Flexiti refund, capture, release or return): what `begin` said, a
//! refusal that frees the merchant's key, an answer that settles it, an answer lost.

use std::fmt;

use shared::{ErrorCode, Locale};

use super::{failure, idempotency};
use crate::{
    AppState,
    checkout::{AttemptState, Begun, FollowUpRecord, FollowUpStart},
    error::AppError,
};

/// What to do with `start` once the ledger has `begun` it: send it (`None`), or answer a retry
/// under its key with the follow-up it first started (`Some`).
///
/// # Errors
/// `idempotency_key_reused` for a key first sent with another request; `payment_in_progress`
/// while `busy` (another follow-up of the same payment, say) is unsettled.
pub(super) fn to_send(
    begun: Begun,
    start: &FollowUpStart,
    busy: &str,
) -> Result<Option<FollowUpRecord>, AppError> {
    match begun {
        Begun::Started => Ok(None),
        Begun::Replay(earlier) if earlier.answers(start) => Ok(Some(earlier)),
        Begun::Replay(earlier) => Err(idempotency::reused(&earlier)),
        Begun::Busy => Err(idempotency::still_in_flight(busy)),
    }
}

/// Records that `record` was refused before anything moved: its key is free for a retry.
pub(super) async fn moved_nothing(
    state: &AppState,
    record: &FollowUpRecord,
) -> Result<(), AppError> {
    state
        .sessions
        .release_follow_up(&record.reference, false)
        .await
        .map_err(failure::internal)
}

/// Records how the upstream answered `record`. The money may have moved: if the ledger cannot be
/// written, the follow-up stays in flight and reconciliation settles it later.
pub(super) async fn settle(
    state: &AppState,
    record: &FollowUpRecord,
    verdict: AttemptState,
    upstream_id: &str,
) -> Result<(), AppError> {
    state
        .sessions
        .settle_follow_up(record, verdict, Some(upstream_id), false)
        .await
        .map(drop)
        .map_err(failure::internal)
}

/// Leaves `record`, whose answer was lost (`error`) and not found by `lookup`, `unknown` for
/// reconciliation: it may yet be processed, so it must not be sent again blind. The answer to
/// give the merchant, `payment_in_progress`, unless the ledger itself failed.
pub(super) async fn left_unknown(
    state: &AppState,
    record: &FollowUpRecord,
    error: impl fmt::Display,
    lookup: impl fmt::Display,
) -> AppError {
    match state.sessions.follow_up_unknown(&record.reference).await {
        Ok(true) => {}
        // Settled meanwhile, by reconciliation or by hand: its key may be free again, so
        // "ask again under the same key" could send it afresh. Nothing here can say more.
        Ok(false) => {
            tracing::error!(reference = %record.reference, "a follow-up was settled while its answer was looked for");
            return failure::internal("settled elsewhere while its answer was looked for");
        }
        Err(failed) => return failure::internal(failed),
    }
    AppError::new(ErrorCode::PaymentInProgress, Locale::default()).caused_by(format!(
        "{} {} unsettled after {error}; lookup: {lookup}",
        record.kind, record.reference
    ))
}
