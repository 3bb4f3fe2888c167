//! Finding a card attempt again by our `merchantTransactionId`, in FlexPay's list of
//! transactions (each read in full where the list does not say it:
//! [`FlexPayClient::find_transaction`](crate::upstream::flexpay::FlexPayClient::find_transaction)).

use shared::PaymentOutcome;
use time::OffsetDateTime;

use super::Found;
use crate::{
    AppState,
    upstream::flexpay::{CardTransaction, MerchantTransactionId},
};

/// How many pages of FlexPay's transaction list a lookup reads before giving up.
const LOOKUP_PAGES: usize = 10;

/// The transaction FlexPay recorded for `reference`: `Err` when the lookup failed or could not
/// tell (transactions left unread), which settles nothing.
///
/// # Errors
/// `Err(())` when FlexPay could not be asked, or could not say (logged here).
pub async fn find_card_attempt(
    state: &AppState,
    reference: &str,
) -> Result<Option<CardTransaction>, ()> {
    let id = MerchantTransactionId::new(reference.to_owned());
    state
        .flexpay
        .find_transaction(&id, LOOKUP_PAGES)
        .await
        .map_err(|error| tracing::warn!(%error, "looking a card attempt up failed"))
}

/// What an approved card transaction paid; `None` for a decline.
pub fn card_outcome(transaction: &CardTransaction) -> Option<PaymentOutcome> {
    transaction.is_approved().then(|| PaymentOutcome::Card {
        merchant_transaction_id: transaction.merchant_transaction_id.as_str().to_owned(),
        transaction_id: transaction.id.as_str().to_owned(),
        last_four: transaction.last_four.clone(),
        amount_cents: transaction.amount_cents,
    })
}

pub(super) async fn look_up(
    state: &AppState,
    reference: &str,
    sent_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Found {
    match find_card_attempt(state, reference).await {
        Ok(Some(transaction)) => card_outcome(&transaction).map_or(Found::Nothing, Found::Paid),
        Ok(None) if state.reconcile.never_processed(sent_at, now) => Found::Nothing,
        Ok(None) | Err(()) => Found::Unknown,
    }
}
