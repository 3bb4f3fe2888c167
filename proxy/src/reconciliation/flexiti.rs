//! Finding a Flexiti purchase again. Flexiti's purchases carry no reference of ours, so the one
//! that answers a lost attempt is the purchase on the session's account, of the session's
//! amount, posted on or after the day the attempt was sent (Flexiti lists days, and in its own
//! time zone: one day of slack). One attempt at a time per session keeps this unambiguous within
//! a checkout; a shopper paying the same amount twice the same day from two checkouts is the
//! case this reading cannot tell apart, and it takes the newest.

use shared::PaymentOutcome;
use time::OffsetDateTime;

use super::{Found, never_processed};
use crate::{AppState, checkout::CheckoutSession};

pub(super) async fn look_up(
    state: &AppState,
    session: &CheckoutSession,
    sent_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Found {
    let Some(account) = &session.flexiti_account else {
        return Found::Unknown;
    };
    let purchases = match state.flexiti.purchases(account.customer_id).await {
        Ok(purchases) => purchases,
        Err(error) => {
            tracing::warn!(%error, "looking a Flexiti purchase up failed");
            return Found::Unknown;
        }
    };
    let earliest = sent_at.date().previous_day().unwrap_or(sent_at.date());
    let posted = purchases.into_iter().find(|purchase| {
        purchase.balance_cents == session.amount_cents
            && purchase.date.is_none_or(|date| date >= earliest)
    });
    match posted {
        Some(purchase) => Found::Paid(PaymentOutcome::FlexitiAccount {
            transaction_id: purchase.transaction_id,
            plan_name: purchase.plan_name,
            term: purchase.term,
            amount_cents: purchase.balance_cents,
            // Flexiti's list does not say; the statement will.
            monthly_payment_cents: 0,
        }),
        None if never_processed(sent_at, now) => Found::Nothing,
        None => Found::Unknown,
    }
}
