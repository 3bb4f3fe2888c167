//! The Flexiti authorization follow-ups (a capture, a release, a return of a capture) in the
//! follow-up ledger, as the card ones are ([`super::card_transactions`]): each is recorded before
//! it is sent, one of an authorization (of a capture, for a return) at a time on every proxy
//! sharing the database; a retry under the same `Idempotency-Key` is answered from the ledger and
//! never sent twice; an answer lost on the way back is looked for at once, then left `unknown` for
//! reconciliation, which finds it by the difference it made ([`HeldTarget`]). A retry is answered
//! with what Flexiti shows of the follow-up now: the capture, or the authorization after a
//! release.
//!
//! The authorization is read once the follow-up is recorded, so that no other follow-up of it
//! moves money between the check of the amount and the send: an amount above what is held (or
//! returnable) is refused here, and nothing is sent.

use std::num::NonZeroU64;

use shared::{ErrorCode, Locale, PaymentMethod};

use super::{
    failure,
    follow_up_steps::{left_unknown, moved_nothing, settle, to_send},
    idempotency::{self, IdempotencyKey},
};
use crate::{
    AppState,
    checkout::{
        AttemptState, FollowUpKind, FollowUpRecord, FollowUpStart, HeldBefore, new_reference,
    },
    error::AppError,
    reconciliation::{Difference, HeldTarget, difference},
    upstream::flexiti::{
        Authorization, AuthorizationId, Capture, CaptureId, FlexitiError, Portion,
    },
};

/// A follow-up of a Flexiti authorization; an amount of `None` is all there is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeldFollowUp {
    /// Posts what is held as a purchase.
    Capture(Option<NonZeroU64>),
    /// Gives what is held back to the shopper's open-to-buy.
    Release(Option<NonZeroU64>),
    /// Gives back what is left of a capture.
    Return(CaptureId, Option<NonZeroU64>),
}

/// What a follow-up answers with: the capture it made or gave back part of, or the authorization
/// after a release.
#[derive(Debug)]
pub(super) enum Moved {
    Capture(Capture),
    Authorization(Authorization),
}

impl Moved {
    /// The capture a capture or a return answers with.
    pub(super) fn into_capture(self) -> Result<Capture, AppError> {
        match self {
            Moved::Capture(capture) => Ok(capture),
            Moved::Authorization(_) => Err(failure::internal("a capture or return got no capture")),
        }
    }

    /// The authorization a release answers with.
    pub(super) fn into_authorization(self) -> Result<Authorization, AppError> {
        match self {
            Moved::Authorization(authorization) => Ok(authorization),
            Moved::Capture(_) => Err(failure::internal("a release got a capture")),
        }
    }

    fn upstream_id(&self) -> String {
        match self {
            Moved::Capture(capture) => capture.id.to_string(),
            Moved::Authorization(authorization) => authorization.id.to_string(),
        }
    }
}

impl HeldFollowUp {
    fn kind(self) -> FollowUpKind {
        match self {
            HeldFollowUp::Capture(_) => FollowUpKind::Capture,
            HeldFollowUp::Release(_) => FollowUpKind::Release,
            HeldFollowUp::Return(..) => FollowUpKind::Return,
        }
    }

    fn requested(self) -> Option<NonZeroU64> {
        match self {
            HeldFollowUp::Capture(cents)
            | HeldFollowUp::Release(cents)
            | HeldFollowUp::Return(_, cents) => cents,
        }
    }

    fn target(self, authorization: AuthorizationId) -> HeldTarget {
        let capture = match self {
            HeldFollowUp::Return(capture, _) => Some(capture),
            HeldFollowUp::Capture(_) | HeldFollowUp::Release(_) => None,
        };
        HeldTarget {
            authorization,
            capture,
        }
    }

    /// The ledger's record of this follow-up of `id`, about to be sent.
    fn start(self, id: AuthorizationId, key: IdempotencyKey) -> FollowUpStart {
        let (kind, target) = (self.kind(), self.target(id));
        FollowUpStart {
            reference: new_reference(target, kind),
            idempotency_key: key.0,
            kind,
            method: PaymentMethod::FlexitiAccount,
            original: target.to_string(),
            session_id: None,
            amount_cents: self.requested().map(NonZeroU64::get),
        }
    }

    /// What is unsettled while this follow-up is: the ledger holds one per target.
    fn busy(self) -> &'static str {
        match self {
            HeldFollowUp::Return(..) => "another return of this capture",
            HeldFollowUp::Capture(_) | HeldFollowUp::Release(_) => {
                "another capture or release of this authorization"
            }
        }
    }

    /// What `authorization` holds for this follow-up; the refusal when there is nothing to send:
    /// nothing held or returnable, an amount above it, a capture it does not have.
    fn held_before(self, authorization: &Authorization) -> Result<HeldBefore, AppError> {
        let (cents, too_much, nothing) = match self {
            HeldFollowUp::Return(capture_id, _) => {
                let capture = authorization
                    .captures
                    .iter()
                    .find(|capture| capture.id == capture_id)
                    .ok_or_else(|| failure::not_found("capture_id"))?;
                let code = ErrorCode::ExceedsCapture;
                (capture.returnable_cents(), code, code)
            }
            HeldFollowUp::Capture(_) | HeldFollowUp::Release(_) => (
                authorization.remaining_cents,
                ErrorCode::ExceedsAuthorization,
                ErrorCode::AuthorizationClosed,
            ),
        };
        if cents == 0 {
            let cause = format!("nothing is left of {}", authorization.id);
            return Err(AppError::new(nothing, Locale::default()).caused_by(cause));
        }
        if let Some(asked) = self.requested().filter(|asked| asked.get() > cents) {
            let cause = format!("{asked} above the {cents} left of {}", authorization.id);
            return Err(failure::too_much(too_much, cause));
        }
        let last_capture = authorization
            .captures
            .iter()
            .map(|capture| capture.id.0)
            .max()
            .unwrap_or(0);
        Ok(HeldBefore {
            cents,
            last_capture,
        })
    }
}

fn portion(requested: Option<NonZeroU64>) -> Portion {
    requested.map_or(Portion::All, |cents| Portion::Cents(cents.get()))
}

/// Records `follow_up` of authorization `id` in the ledger, then sends it; a retry under the
/// merchant's key is answered from the ledger instead.
///
/// # Errors
/// Flexiti's failures as catalogue codes ([`failure::flexiti`]); the refusals of
/// [`HeldFollowUp::held_before`]; `payment_in_progress` while another follow-up of the
/// authorization (or the one the key started) is unsettled, or when the answer was lost;
/// `idempotency_key_reused` for a key first sent with another request.
pub(super) async fn send(
    state: &AppState,
    id: AuthorizationId,
    follow_up: HeldFollowUp,
    key: IdempotencyKey,
) -> Result<Moved, AppError> {
    let start = follow_up.start(id, key);
    let begun = state
        .sessions
        .begin_follow_up(&start)
        .await
        .map_err(failure::internal)?;
    if let Some(earlier) = to_send(begun, &start, follow_up.busy())? {
        return replay(state, id, &earlier).await;
    }
    let record = start.in_flight();
    let before = claim(state, id, follow_up, &record).await?;
    deliver(state, id, follow_up, &record, before).await
}

/// Reads the authorization, checks `follow_up` against it and writes what it holds to the ledger
/// ([`HeldBefore`]). Anything refused frees the merchant's key: nothing was sent.
async fn claim(
    state: &AppState,
    id: AuthorizationId,
    follow_up: HeldFollowUp,
    record: &FollowUpRecord,
) -> Result<HeldBefore, AppError> {
    let checked = match state.flexiti.authorization(id).await {
        Ok(authorization) => follow_up.held_before(&authorization),
        Err(error) => Err(failure::flexiti(error)),
    };
    let before = match checked {
        Ok(before) => before,
        Err(refusal) => {
            moved_nothing(state, record).await?;
            return Err(refusal);
        }
    };
    let written = state
        .sessions
        .follow_up_held_before(&record.reference, before)
        .await
        .map_err(failure::internal)?;
    if !written {
        // Reconciliation found it unsent for too long and released it: it must stay unsent.
        return Err(failure::internal(format!(
            "{} released before it was sent",
            record.reference
        )));
    }
    Ok(before)
}

/// Sends `follow_up`, recorded as `record` with `before`, and settles it. An answer lost on the
/// way back is looked for in the authorization at once; not found, the follow-up is left
/// `unknown` for reconciliation and answered `payment_in_progress`.
async fn deliver(
    state: &AppState,
    id: AuthorizationId,
    follow_up: HeldFollowUp,
    record: &FollowUpRecord,
    before: HeldBefore,
) -> Result<Moved, AppError> {
    let flexiti = &state.flexiti;
    let portion = portion(follow_up.requested());
    let answer = match follow_up {
        HeldFollowUp::Capture(_) => flexiti
            .capture_authorization(id, portion)
            .await
            .map(Moved::Capture),
        HeldFollowUp::Release(_) => flexiti
            .release_authorization(id, portion)
            .await
            .map(Moved::Authorization),
        HeldFollowUp::Return(capture, _) => flexiti
            .return_capture(id, capture, portion)
            .await
            .map(Moved::Capture),
    };
    match answer {
        Ok(moved) => settled(state, record, moved).await,
        Err(error) if error.outcome_unknown() => {
            lost(state, follow_up.target(id), record, before, error).await
        }
        Err(error) => {
            moved_nothing(state, record).await?;
            Err(failure::flexiti(error))
        }
    }
}

/// The follow-up `record` whose answer was lost: settled if the authorization shows it done,
/// otherwise left `unknown`.
async fn lost(
    state: &AppState,
    target: HeldTarget,
    record: &FollowUpRecord,
    before: HeldBefore,
    error: FlexitiError,
) -> Result<Moved, AppError> {
    let name = &record.kind;
    tracing::warn!(%error, reference = %record.reference, "{name} answer lost; looking it up");
    let lookup = match state.flexiti.authorization(target.authorization).await {
        Ok(now) => match difference(record, target, before, &now) {
            Difference::Done(upstream_id) => {
                let moved = moved_in(now, &upstream_id, record)?;
                return settled(state, record, moved).await;
            }
            other => format!("{other:?}"),
        },
        Err(failed) => failed.to_string(),
    };
    Err(left_unknown(state, record, error, lookup).await)
}

/// What `record` answers with, from the authorization as it is now: the capture `upstream_id`,
/// or the authorization itself after a release.
fn moved_in(
    now: Authorization,
    upstream_id: &str,
    record: &FollowUpRecord,
) -> Result<Moved, AppError> {
    if record.kind == FollowUpKind::Release {
        return Ok(Moved::Authorization(now));
    }
    now.captures
        .into_iter()
        .find(|capture| capture.id.to_string() == upstream_id)
        .map(Moved::Capture)
        .ok_or_else(|| failure::internal(format!("capture {upstream_id} is not listed")))
}

/// The answer a follow-up gave, for a retry under its key: read again from Flexiti.
async fn replay(
    state: &AppState,
    id: AuthorizationId,
    earlier: &FollowUpRecord,
) -> Result<Moved, AppError> {
    let approved = earlier.state == AttemptState::Approved;
    let Some(upstream_id) = earlier.upstream_id.as_deref().filter(|_| approved) else {
        return Err(idempotency::still_in_flight(&earlier.reference));
    };
    let now = state
        .flexiti
        .authorization(id)
        .await
        .map_err(failure::flexiti)?;
    moved_in(now, upstream_id, earlier)
}

/// Records that `record` moved the money (see [`super::follow_up_steps::settle`]).
async fn settled(
    state: &AppState,
    record: &FollowUpRecord,
    moved: Moved,
) -> Result<Moved, AppError> {
    settle(state, record, AttemptState::Approved, &moved.upstream_id()).await?;
    Ok(moved)
}
