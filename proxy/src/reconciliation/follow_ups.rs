//! Settling the follow-ups whose answer was lost: a card capture, void or refund is looked up by
//! its `merchantTransactionId`; a Flexiti refund, which Flexiti lists nowhere by itself, by what
//! is left of the purchase it refunds; a Flexiti authorization's capture, release or return by
//! what the authorization holds now against what it held before ([`super::flexiti_held`]).

use serde::Serialize;
use shared::PaymentMethod;
use time::OffsetDateTime;

use super::{
    card::find_card_attempt,
    flexiti_held::{self, Difference, Found, HeldTarget},
};
use crate::{
    AppState,
    checkout::{AttemptState, CheckoutSession, FollowUpRecord, StoreError},
};

/// What a run did with follow-ups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FollowUpReport {
    /// Unsettled follow-ups old enough to look up.
    pub looked_up: usize,
    /// Found done: the money moved (a refund is added to its session's refunded total).
    pub approved: usize,
    /// Found declined, or never processed: nothing moved.
    pub declined: usize,
    /// Could not be settled yet: tried again next run (they keep refusing the next follow-up of
    /// their transaction meanwhile).
    pub still_unknown: usize,
}

/// What a lookup found.
enum Verdict {
    /// The upstream recorded it: approved or declined, under this id when known.
    Recorded(AttemptState, Option<String>),
    /// The upstream never processed it.
    Never,
    /// A Flexiti follow-up never sent: released only if it still has no snapshot.
    Unsent,
    /// The lookup could not tell.
    Unknown,
}

/// Settles every follow-up sent before `sent_by` and still unsettled.
///
/// # Errors
/// See [`StoreError`].
pub(super) async fn reconcile(
    state: &AppState,
    sent_by: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<FollowUpReport, StoreError> {
    let due = state.sessions.unsettled_follow_ups(sent_by).await?;
    let mut report = FollowUpReport {
        looked_up: due.len(),
        ..FollowUpReport::default()
    };
    for record in due {
        let sent_at = OffsetDateTime::from_unix_timestamp(record.created_at).unwrap_or(now);
        let never = state.reconcile.never_processed(sent_at, now);
        let verdict = match (record.method, HeldTarget::parse(&record.original)) {
            (PaymentMethod::Card, _) => card(state, &record, never).await,
            (_, Some(target)) => held(state, &record, target, never).await,
            _ => flexiti_refund(state, &record, never).await?,
        };
        match verdict {
            Verdict::Recorded(verdict, upstream_id) => {
                state
                    .sessions
                    .settle_follow_up(&record, verdict, upstream_id.as_deref(), true)
                    .await?;
                match verdict {
                    AttemptState::Approved => report.approved += 1,
                    _ => report.declined += 1,
                }
            }
            Verdict::Never => {
                state
                    .sessions
                    .release_follow_up(&record.reference, true)
                    .await?;
                report.declined += 1;
            }
            Verdict::Unsent => {
                if state
                    .sessions
                    .release_unsent_follow_up(&record.reference)
                    .await?
                {
                    report.declined += 1;
                } else {
                    report.still_unknown += 1;
                }
            }
            Verdict::Unknown => report.still_unknown += 1,
        }
    }
    Ok(report)
}

/// A card follow-up, found by its `merchantTransactionId`.
async fn card(state: &AppState, record: &FollowUpRecord, never: bool) -> Verdict {
    match find_card_attempt(state, &record.reference).await {
        Ok(Some(transaction)) => {
            let verdict = if transaction.is_approved() {
                AttemptState::Approved
            } else {
                AttemptState::Declined
            };
            Verdict::Recorded(verdict, Some(transaction.id.as_str().to_owned()))
        }
        Ok(None) if never => Verdict::Never,
        Ok(None) | Err(()) => Verdict::Unknown,
    }
}

/// A Flexiti authorization's follow-up, found by the difference it made.
async fn held(
    state: &AppState,
    record: &FollowUpRecord,
    target: HeldTarget,
    never: bool,
) -> Verdict {
    match flexiti_held::look_up(state, record, target).await {
        Found::Said(Difference::Done(id)) => Verdict::Recorded(AttemptState::Approved, Some(id)),
        Found::Said(Difference::NotDone) if never => Verdict::Never,
        Found::Unsent if never => Verdict::Unsent,
        Found::Said(Difference::NotDone | Difference::Unclear) | Found::Unsent | Found::Failed => {
            Verdict::Unknown
        }
    }
}

/// A Flexiti refund of a session's purchase: what Flexiti says is left of the purchase, against
/// what the session says was left before it. One refund of a purchase is unsettled at a time (see
/// [`crate::checkout::FollowUpStart`]), so the difference is this refund's or nothing. A fully
/// refunded purchase is no longer listed. Flexiti's id of the refund is not known this way.
async fn flexiti_refund(
    state: &AppState,
    record: &FollowUpRecord,
    never: bool,
) -> Result<Verdict, StoreError> {
    let session_id = record.session_id.as_deref().and_then(|id| id.parse().ok());
    let session = match session_id {
        Some(id) => state.sessions.get(id).await?,
        None => None,
    };
    let Some((customer_id, before)) = session.as_ref().and_then(left_before) else {
        tracing::error!(reference = %record.reference, "an unsettled refund's session is gone");
        return Ok(Verdict::Unknown);
    };
    let after = before.saturating_sub(record.amount_cents.unwrap_or(before));
    let purchases = match state.flexiti.purchases(customer_id).await {
        Ok(purchases) => purchases,
        Err(error) => {
            tracing::warn!(%error, "looking a Flexiti refund up failed");
            return Ok(Verdict::Unknown);
        }
    };
    let left = purchases
        .iter()
        .find(|purchase| purchase.transaction_id == record.original)
        .map_or(0, |purchase| purchase.balance_cents);
    Ok(match left {
        left if left == after => Verdict::Recorded(AttemptState::Approved, None),
        left if left == before && never => Verdict::Never,
        left => {
            if left != before {
                tracing::error!(
                    reference = %record.reference, left, before, after,
                    "a Flexiti purchase's balance matches neither side of an unsettled refund"
                );
            }
            Verdict::Unknown
        }
    })
}

/// The customer whose account a session paid, and what was left to refund of the purchase.
fn left_before(session: &CheckoutSession) -> Option<(u64, u64)> {
    let account = session.flexiti_account.as_ref()?;
    let paid = match session.outcome.as_ref()? {
        shared::PaymentOutcome::FlexitiAccount { amount_cents, .. } => *amount_cents,
        shared::PaymentOutcome::Card { .. } => return None,
    };
    Some((
        account.customer_id,
        paid.saturating_sub(session.refunded_cents),
    ))
}
