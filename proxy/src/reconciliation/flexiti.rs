//! Finding a Flexiti purchase again. Flexiti's purchases carry no reference of ours, so the one
//! that answers a lost attempt is a purchase on the session's account, of the session's amount,
//! posted on or after the day the attempt was sent (Flexiti lists days, and in its own time zone:
//! one day of slack), that no other attempt in the ledger holds: the oldest such, as attempts
//! are reconciled oldest first. A purchase is never given to two attempts. What this reading
//! cannot tell apart is two lost attempts of the same amount on the same account the same day,
//! one made and one not: the money then matches the paid sessions, but possibly not which one.

use shared::{PaymentMethod, PaymentOutcome};
use time::OffsetDateTime;

use super::Found;
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
    let mut candidates: Vec<_> = purchases
        .into_iter()
        .filter(|purchase| {
            purchase.balance_cents == session.amount_cents
                && purchase.date.is_none_or(|date| date >= earliest)
        })
        .collect();
    candidates.sort_by_key(|purchase| purchase.transaction_id.parse::<u64>().unwrap_or(u64::MAX));
    let mut posted = None;
    for purchase in candidates {
        match state
            .sessions
            .is_claimed(PaymentMethod::FlexitiAccount, &purchase.transaction_id)
            .await
        {
            Ok(false) => {
                posted = Some(purchase);
                break;
            }
            Ok(true) => {}
            Err(error) => {
                tracing::warn!(%error, "reading the ledger failed");
                return Found::Unknown;
            }
        }
    }
    match posted {
        Some(purchase) => Found::Paid(PaymentOutcome::FlexitiAccount {
            transaction_id: purchase.transaction_id,
            plan_name: purchase.plan_name,
            term: purchase.term,
            amount_cents: purchase.balance_cents,
            // Flexiti's list does not say; the statement will.
            monthly_payment_cents: 0,
        }),
        None if state.reconcile.never_processed(sent_at, now) => Found::Nothing,
        None => Found::Unknown,
    }
}
