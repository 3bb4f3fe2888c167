//! Reconciliation: every payment attempt and every follow-up (capture, void, refund, release,
//! return) whose answer never came back (a timeout, a reset, a proxy that died between the ledger
//! write and the upstream's answer) is settled by looking it up upstream, never by sending it
//! again. The routine runs at start and then now and then, on every proxy sharing the database;
//! settling is idempotent, so two proxies reconciling the same attempt agree.

mod card;
mod flexiti;
mod flexiti_held;
mod follow_ups;

use serde::Serialize;
use shared::PaymentMethod;
use time::OffsetDateTime;

pub use card::{card_outcome, find_card_attempt};
pub use flexiti_held::{Difference, HeldTarget, difference};
pub use follow_ups::FollowUpReport;

/// When attempts are looked up, and when an attempt nowhere to be found counts as never made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How long after it was sent an unsettled attempt is looked up: the request that sent it
    /// has had its answer or given up by then (the upstream timeout and a margin).
    pub grace: time::Duration,
    /// How long after it was sent an attempt the upstream does not list was never processed.
    /// Longer than any delay before an upstream processes what it received: an attempt declared
    /// never made and then made would be a payment the ledger does not know.
    pub unlisted_after: time::Duration,
}

impl Policy {
    /// Whether an attempt sent at `sent_at` and not found by `now` was never processed.
    pub fn never_processed(&self, sent_at: OffsetDateTime, now: OffsetDateTime) -> bool {
        now - sent_at > self.unlisted_after
    }
}

use crate::{
    AppState,
    checkout::{Attempt, StoreError},
};

/// What a run did, for the log and the merchant's reconciliation endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReconciliationReport {
    /// Unsettled attempts old enough to look up.
    pub looked_up: usize,
    /// Found paid: the session is paid with them.
    pub approved: usize,
    /// Found declined, or never processed: nothing was paid.
    pub declined: usize,
    /// Could not be settled yet (the upstream did not answer the lookup): tried again next run.
    pub still_unknown: usize,
    /// The merchant's follow-ups (captures, voids, refunds, releases, returns) settled the same
    /// way.
    pub follow_ups: FollowUpReport,
}

/// What the lookup of one attempt found.
enum Found {
    /// It paid this.
    Paid(shared::PaymentOutcome),
    /// Nothing was paid.
    Nothing,
    /// The lookup could not tell.
    Unknown,
}

/// Settles every attempt sent at least the policy's grace ago and still unsettled: the grace
/// leaves a request still waiting for its own answer alone.
///
/// # Errors
/// See [`StoreError`]: the ledger itself could not be read or written.
pub async fn reconcile(state: &AppState) -> Result<ReconciliationReport, StoreError> {
    let now = OffsetDateTime::now_utc();
    let sent_by = now - state.reconcile.grace;
    let due = state.sessions.unsettled_attempts(sent_by).await?;
    let mut report = ReconciliationReport {
        looked_up: due.len(),
        follow_ups: follow_ups::reconcile(state, sent_by, now).await?,
        ..ReconciliationReport::default()
    };
    for attempt in due {
        match settle(state, &attempt, now).await? {
            Found::Paid(_) => report.approved += 1,
            Found::Nothing => report.declined += 1,
            Found::Unknown => report.still_unknown += 1,
        }
    }
    if report.looked_up > 0 || report.follow_ups.looked_up > 0 {
        tracing::info!(?report, "reconciled unsettled payment attempts");
    }
    Ok(report)
}

/// Looks `attempt` up and, when the lookup tells, settles it.
async fn settle(
    state: &AppState,
    attempt: &Attempt,
    now: OffsetDateTime,
) -> Result<Found, StoreError> {
    let Ok(id) = attempt.session_id.parse() else {
        return Ok(Found::Unknown);
    };
    let Some(session) = state.sessions.get(id).await? else {
        tracing::error!(reference = %attempt.reference, "an unsettled attempt's session is gone");
        return Ok(Found::Unknown);
    };
    let sent_at = OffsetDateTime::from_unix_timestamp(attempt.created_at).unwrap_or(now);
    let found = match attempt.method {
        PaymentMethod::Card => card::look_up(state, &attempt.reference, sent_at, now).await,
        PaymentMethod::FlexitiAccount => flexiti::look_up(state, &session, sent_at, now).await,
        // Paid by the account it opened: recorded as `flexiti_account`, never as this.
        PaymentMethod::CreditApplication => Found::Unknown,
    };
    let outcome = match &found {
        Found::Paid(outcome) => Some(outcome.clone()),
        Found::Nothing => None,
        Found::Unknown => return Ok(found),
    };
    state
        .sessions
        .reconcile_payment(session.id, &attempt.reference, outcome)
        .await?;
    Ok(found)
}
