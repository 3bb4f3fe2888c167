//! `POST /v1/checkout-sessions/{id}/refund`: gives back all or part of what a checkout was paid,
//! the way it was paid: a FlexPay refund of the card payment, or a Flexiti refund to the shopper's
//! account against the purchase.
//!
//! The session keeps what has been refunded. An amount above what is left is refused here and
//! nothing is sent; the refunded total grows only once the upstream approved the refund. One
//! refund of a session runs at a time in this process, so two concurrent requests cannot both pass
//! the check against the same total.

use std::{collections::BTreeSet, convert::Infallible, num::NonZeroU64, sync::Mutex};

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Serialize;
use shared::{ApiError, ErrorCode, Locale, PaymentMethod, PaymentOutcome};
use tower_sessions::session::Id;

use super::{
    MerchantKey,
    amount::{AmountRequest, RequestedAmount},
    card_transactions::{FollowUp, send},
    failure,
};
use crate::{
    AppState,
    checkout::{CheckoutSession, parse_public_id},
    error::AppError,
    upstream::flexpay::{CardTransaction, FollowUpAmount, TransactionId},
};

/// A refund of a checkout session.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionRefundBody {
    /// The session, `cs_...`.
    session_id: String,
    /// How it was paid, hence how the money went back: `card` or `flexiti_account`.
    method: PaymentMethod,
    /// This refund, in cents.
    amount: u64,
    /// Refunded so far, this refund included, in cents.
    amount_refunded: u64,
    /// What can still be refunded, in cents.
    amount_refundable: u64,
    /// The refund's id upstream: FlexPay's transaction id (card) or Flexiti's (account).
    transaction_id: String,
    /// Card only: the `merchantTransactionId` the refund was sent with.
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_transaction_id: Option<String>,
}

/// A refund the upstream approved, before it is recorded.
struct Refunded {
    method: PaymentMethod,
    transaction_id: String,
    merchant_transaction_id: Option<String>,
}

/// The sessions with a refund under way in this process (their ids' numbers).
static IN_FLIGHT: Mutex<BTreeSet<i128>> = Mutex::new(BTreeSet::new());

/// The one refund under way for a session; dropping it lets the next one start.
struct OneAtATime(i128);

impl OneAtATime {
    fn claim(id: Id) -> Result<OneAtATime, AppError> {
        let mut in_flight = IN_FLIGHT
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !in_flight.insert(id.0) {
            return Err(
                AppError::new(ErrorCode::PaymentInProgress, Locale::default())
                    .caused_by("another refund of this session is under way"),
            );
        }
        Ok(OneAtATime(id.0))
    }
}

impl Drop for OneAtATime {
    fn drop(&mut self) {
        let mut in_flight = IN_FLIGHT
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        in_flight.remove(&self.0);
    }
}

/// What the session was paid and what is left to refund, or why it cannot be refunded.
fn refundable(session: &CheckoutSession) -> Result<(&PaymentOutcome, u64), AppError> {
    let Some(outcome) = &session.outcome else {
        return Err(AppError::new(ErrorCode::InvalidRequest, Locale::default())
            .param("id")
            .caused_by("the session is not paid: there is nothing to refund"));
    };
    let paid = match outcome {
        PaymentOutcome::Card { amount_cents, .. }
        | PaymentOutcome::FlexitiAccount { amount_cents, .. } => *amount_cents,
    };
    Ok((outcome, paid.saturating_sub(session.refunded_cents)))
}

/// `POST /v1/checkout-sessions/{id}/refund`: refunds `amount` cents, or all that is left.
///
/// Exactly-once is not promised yet: a card refund whose answer was lost is looked up by its
/// `merchantTransactionId`, but a Flexiti refund cannot be looked up, so after a `503` the refund
/// may have been posted without being recorded here. Persisting each attempt before it is sent
/// comes with the payment ledger in a later issue.
#[utoipa::path(post, path = "/v1/checkout-sessions/{id}/refund", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(("id" = String, Path, description = "`cs_...`")), security(("merchant_key" = [])),
    responses(
        (status = 200, description = "Refunded", body = SessionRefundBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or the session (`id`) is not paid", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
        (status = 409, description = "`exceeds_capture`: above what is left to refund, nothing sent; `not_returnable`: the payment cannot be refunded (e.g. voided); `payment_in_progress`: another refund of the session is under way, or FlexPay's answer was lost and the refund not found yet", body = ApiError),
        (status = 500, description = "Our session store failed; after an approved refund, the refund went through unrecorded (logged)", body = ApiError),
        (status = 502, description = "The upstream answered wrongly or refused the store's set-up", body = ApiError),
        (status = 503, description = "The upstream cannot be reached (Flexiti: a refund sent before the failure may have been posted)", body = ApiError),
    ))]
pub(super) async fn refund(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<SessionRefundBody>, AppError> {
    let key = parse_public_id(&id).ok_or_else(|| failure::not_found("id"))?;
    let _one_at_a_time = OneAtATime::claim(key)?;
    let session = state.sessions.get(key).await.map_err(failure::internal)?;
    let session = session.ok_or_else(|| failure::not_found("id"))?;
    let (outcome, left) = refundable(&session)?;
    let asked = requested.map_or(left, NonZeroU64::get);
    let amount = NonZeroU64::new(asked)
        .filter(|cents| cents.get() <= left)
        .ok_or_else(|| {
            let cause = format!("{asked} cents asked, {left} left to refund");
            failure::too_much(ErrorCode::ExceedsCapture, cause)
        })?;
    let refunded = match outcome {
        PaymentOutcome::Card { transaction_id, .. } => {
            refund_card(&state, transaction_id, amount).await?
        }
        PaymentOutcome::FlexitiAccount { transaction_id, .. } => {
            refund_account(&state, &session, transaction_id, amount).await?
        }
    };
    let recorded = record(&state, &session, amount, &refunded).await?;
    let (_, left) = refundable(&recorded)?;
    Ok(Json(SessionRefundBody {
        session_id: session.public_id(),
        method: refunded.method,
        amount: amount.get(),
        amount_refunded: recorded.refunded_cents,
        amount_refundable: left,
        transaction_id: refunded.transaction_id,
        merchant_transaction_id: refunded.merchant_transaction_id,
    }))
}

/// A FlexPay refund of exactly `amount` of the card payment `payment`.
async fn refund_card(
    state: &AppState,
    payment: &str,
    amount: NonZeroU64,
) -> Result<Refunded, AppError> {
    let payment = TransactionId::new(payment);
    let follow_up = FollowUp::Refund(FollowUpAmount::Partial(amount));
    let transaction = send(state, &payment, follow_up).await?;
    if !transaction.is_approved() {
        return Err(declined(&transaction));
    }
    Ok(Refunded {
        method: PaymentMethod::Card,
        transaction_id: transaction.id.as_str().to_owned(),
        merchant_transaction_id: Some(transaction.merchant_transaction_id.as_str().to_owned()),
    })
}

/// A refund FlexPay declined (and recorded), as the catalogue entry that says why.
fn declined(transaction: &CardTransaction) -> AppError {
    let code = match transaction.outcome.code {
        // Above what is left to refund: the card payment was refunded outside this session.
        30051 => ErrorCode::ExceedsCapture,
        // Voided, fully refunded, partly refunded then voided, or a declined payment.
        30010 | 30011 | 30066 => ErrorCode::NotReturnable,
        _ => ErrorCode::UpstreamError,
    };
    let cause = format!(
        "FlexPay declined refund {} ({}) with {}",
        transaction.id, transaction.merchant_transaction_id, transaction.outcome.code
    );
    let refused = AppError::new(code, Locale::default()).caused_by(cause);
    match code {
        ErrorCode::ExceedsCapture => refused.param("amount"),
        _ => refused,
    }
}

/// A Flexiti refund of `amount` to the session's account, against its purchase `purchase`.
async fn refund_account(
    state: &AppState,
    session: &CheckoutSession,
    purchase: &str,
    amount: NonZeroU64,
) -> Result<Refunded, AppError> {
    let account = session
        .flexiti_account
        .as_ref()
        .ok_or_else(|| failure::internal("a session paid by Flexiti account holds no account"))?;
    let purchase: u64 = purchase
        .parse()
        .map_err(|_| failure::internal(format!("purchase id {purchase:?} is not a number")))?;
    let refund = state
        .flexiti
        .refund(account.account_number, amount.get(), Some(purchase))
        .await
        .map_err(|error| match error.catalogue_code() {
            // The session's own account or purchase unknown to Flexiti is not the merchant's
            // mistake: nothing by the session's id is missing.
            ErrorCode::NotFound => {
                AppError::new(ErrorCode::UpstreamError, Locale::default()).caused_by(error)
            }
            _ => failure::flexiti(error),
        })?;
    if refund.refunded_cents != amount.get() {
        tracing::warn!(
            asked = amount.get(),
            refunded = refund.refunded_cents,
            "Flexiti refunded another amount than asked"
        );
    }
    Ok(Refunded {
        method: PaymentMethod::FlexitiAccount,
        transaction_id: refund.transaction_id.to_string(),
        merchant_transaction_id: None,
    })
}

/// Adds `amount` to the session's refunded total. The money has moved: a failure here is logged
/// with everything needed to record it by hand.
async fn record(
    state: &AppState,
    session: &CheckoutSession,
    amount: NonZeroU64,
    refunded: &Refunded,
) -> Result<CheckoutSession, AppError> {
    let applied = state
        .sessions
        .update(session.id, |current| {
            current.refunded_cents = current.refunded_cents.saturating_add(amount.get());
            Ok::<(), Infallible>(())
        })
        .await;
    match applied {
        Ok(Some(Ok(recorded))) => Ok(recorded),
        Ok(Some(Err(never))) => match never {},
        failed => {
            let cause = match failed {
                Err(error) => error.to_string(),
                _ => "the session is gone".to_owned(),
            };
            tracing::error!(
                session = %session.public_id(),
                cents = amount.get(),
                transaction_id = %refunded.transaction_id,
                %cause,
                "a refund went through but could not be recorded"
            );
            Err(failure::internal(cause))
        }
    }
}
