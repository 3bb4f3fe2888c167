//! `POST /v1/checkout-sessions/{id}/refund`: gives back all or part of what a checkout was paid,
//! the way it was paid: a FlexPay refund of the card payment, or a Flexiti refund to the shopper's
//! account against the purchase.
//!
//! Each refund goes into the follow-up ledger before it is sent, under the session's row lock, with
//! the check of what is left: one refund of a payment at a time on every proxy sharing the
//! database, an amount above what is left refused and nothing sent. The session's refunded total
//! grows in the transaction that settles the refund, once. A refund whose answer was lost stays
//! `unknown`, refusing the next one, until reconciliation finds it (FlexPay by its
//! `merchantTransactionId`, Flexiti by what is left of the purchase). A retry under the same
//! `Idempotency-Key` gets the first refund's answer.

use std::num::NonZeroU64;

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
    card_transactions::{FollowUp, deliver},
    failure,
    follow_up_steps::{left_unknown, moved_nothing, settle},
    idempotency::{self, IdempotencyKey},
    paid_with::PaidWith,
};
use crate::{
    AppState,
    checkout::{
        AttemptState, CheckoutSession, FollowUpKind, FollowUpRecord, FollowUpStart, RefundBegun,
        new_reference, parse_public_id,
    },
    error::AppError,
    upstream::flexpay::{CardTransaction, FollowUpAmount, TransactionId},
};

/// A refund of a checkout session.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionRefundBody {
    /// The session, `cs_...`.
    session_id: String,
    /// How it was paid, hence how the money went back: `card` or `flexiti_account`.
    method: PaidWith,
    /// This refund, in cents.
    amount: u64,
    /// Refunded so far, this refund included, in cents.
    amount_refunded: u64,
    /// What can still be refunded, in cents.
    amount_refundable: u64,
    /// The refund's id upstream: FlexPay's transaction id (card) or Flexiti's (account). Absent
    /// for a Flexiti refund whose answer was lost and that reconciliation found: Flexiti's list
    /// shows what is left of the purchase, not the refund's id.
    transaction_id: Option<String>,
    /// Card only: the `merchantTransactionId` the refund was sent with.
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_transaction_id: Option<String>,
}

/// A refund the upstream approved.
struct Refunded {
    method: PaymentMethod,
    amount: u64,
    transaction_id: Option<String>,
    merchant_transaction_id: Option<String>,
}

/// What the session was paid and what is left to refund, or why it cannot be refunded.
fn refundable(session: &CheckoutSession) -> Result<(&PaymentOutcome, u64), AppError> {
    let Some(outcome) = &session.outcome else {
        return Err(AppError::new(ErrorCode::NotPaid, Locale::default())
            .param("id")
            .caused_by("the session is not paid: there is nothing to refund"));
    };
    let paid = match outcome {
        PaymentOutcome::Card { amount_cents, .. }
        | PaymentOutcome::FlexitiAccount { amount_cents, .. } => *amount_cents,
    };
    Ok((outcome, paid.saturating_sub(session.refunded_cents)))
}

/// The refund of `requested` cents (all that is left when `None`) to record for `session`, or why
/// there is none.
fn decide(
    session: &CheckoutSession,
    requested: Option<NonZeroU64>,
    key: Option<String>,
) -> Result<FollowUpStart, AppError> {
    let (outcome, left) = refundable(session)?;
    let asked = requested.map_or(left, NonZeroU64::get);
    let amount = NonZeroU64::new(asked)
        .filter(|cents| cents.get() <= left)
        .ok_or_else(|| {
            let cause = format!("{asked} cents asked, {left} left to refund");
            failure::too_much(ErrorCode::ExceedsCapture, cause)
        })?;
    let (method, original) = match outcome {
        PaymentOutcome::Card { transaction_id, .. } => (PaymentMethod::Card, transaction_id),
        PaymentOutcome::FlexitiAccount { transaction_id, .. } => {
            (PaymentMethod::FlexitiAccount, transaction_id)
        }
    };
    let original = TransactionId::new(original.as_str());
    Ok(FollowUpStart {
        reference: new_reference(&original, FollowUpKind::Refund),
        idempotency_key: key,
        kind: FollowUpKind::Refund,
        method,
        original: original.as_str().to_owned(),
        session_id: Some(session.id),
        amount_cents: Some(amount.get()),
    })
}

/// `POST /v1/checkout-sessions/{id}/refund`: refunds `amount` cents, or all that is left.
#[utoipa::path(post, path = "/v1/checkout-sessions/{id}/refund", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = String, Path, description = "`cs_...`"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key gets the first refund's answer and sends nothing again"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "Refunded", body = SessionRefundBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or the `Idempotency-Key` is not valid", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
        (status = 409, description = "`not_paid`: the session (`id`) was never paid; `exceeds_capture`: above what is left to refund, nothing sent; `not_returnable`: the payment cannot be refunded (e.g. voided); `payment_in_progress`: another refund of the payment is unsettled, or this one's answer was lost (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 500, description = "Our session store failed; a refund that went through is settled by reconciliation", body = ApiError),
        (status = 502, description = "The upstream answered wrongly or refused the store's set-up", body = ApiError),
        (status = 503, description = "The upstream cannot be reached: nothing was refunded", body = ApiError),
    ))]
pub(super) async fn refund(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<SessionRefundBody>, AppError> {
    let id = parse_public_id(&id).ok_or_else(|| failure::not_found("id"))?;
    let begun = state
        .sessions
        .begin_session_refund(id, key.as_deref(), |session| {
            decide(session, requested, key.clone())
        })
        .await
        .map_err(failure::internal)?
        .ok_or_else(|| failure::not_found("id"))?;
    let record = match begun {
        RefundBegun::Started(start) => start.in_flight(),
        RefundBegun::Replay(earlier) => {
            let refunded = replay(&state, id, requested, &earlier).await?;
            return answer(&state, id, refunded).await;
        }
        RefundBegun::Busy => {
            return Err(idempotency::still_in_flight(
                "another refund of this payment",
            ));
        }
        RefundBegun::Refused(refusal) => return Err(refusal),
    };
    let refunded = match record.method {
        PaymentMethod::Card => refund_card(&state, &record).await?,
        PaymentMethod::FlexitiAccount | PaymentMethod::CreditApplication => {
            refund_account(&state, id, &record).await?
        }
    };
    answer(&state, id, refunded).await
}

/// The body for `refunded`, with the session's totals as they are now.
async fn answer(
    state: &AppState,
    id: Id,
    refunded: Refunded,
) -> Result<Json<SessionRefundBody>, AppError> {
    let session = state.sessions.get(id).await.map_err(failure::internal)?;
    let session = session.ok_or_else(|| failure::not_found("id"))?;
    let (_, left) = refundable(&session)?;
    Ok(Json(SessionRefundBody {
        session_id: session.public_id(),
        method: refunded.method.into(),
        amount: refunded.amount,
        amount_refunded: session.refunded_cents,
        amount_refundable: left,
        transaction_id: refunded.transaction_id,
        merchant_transaction_id: refunded.merchant_transaction_id,
    }))
}

/// The first answer to the refund `earlier`, for a retry under its key.
async fn replay(
    state: &AppState,
    id: Id,
    requested: Option<NonZeroU64>,
    earlier: &FollowUpRecord,
) -> Result<Refunded, AppError> {
    let same = earlier.kind == FollowUpKind::Refund
        && earlier.session_id.as_deref() == Some(id.to_string().as_str())
        && requested.is_none_or(|cents| Some(cents.get()) == earlier.amount_cents);
    if !same {
        return Err(idempotency::reused(earlier));
    }
    let card = earlier.method == PaymentMethod::Card;
    match (earlier.state, &earlier.upstream_id) {
        (AttemptState::Approved, transaction_id) => Ok(Refunded {
            method: if card {
                PaymentMethod::Card
            } else {
                PaymentMethod::FlexitiAccount
            },
            amount: earlier.amount_cents.unwrap_or_default(),
            transaction_id: transaction_id.clone(),
            merchant_transaction_id: card.then(|| earlier.reference.clone()),
        }),
        (AttemptState::Declined, Some(transaction_id)) if card => {
            let transaction = state
                .flexpay
                .transaction(&TransactionId::new(transaction_id.as_str()))
                .await
                .map_err(failure::flexpay)?;
            Err(declined(&transaction))
        }
        _ => Err(idempotency::still_in_flight(&earlier.reference)),
    }
}

/// The FlexPay refund `record` of the card payment it names.
async fn refund_card(state: &AppState, record: &FollowUpRecord) -> Result<Refunded, AppError> {
    let amount = record
        .amount_cents
        .and_then(NonZeroU64::new)
        .ok_or_else(|| failure::internal("a session refund without an amount"))?;
    let payment = TransactionId::new(record.original.as_str());
    let follow_up = FollowUp::Refund(FollowUpAmount::Partial(amount));
    let transaction = deliver(state, &payment, follow_up, record).await?;
    if !transaction.is_approved() {
        return Err(declined(&transaction));
    }
    Ok(Refunded {
        method: PaymentMethod::Card,
        amount: amount.get(),
        transaction_id: Some(transaction.id.as_str().to_owned()),
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

/// The Flexiti refund `record` to session `id`'s account, against the purchase it names. An
/// answer lost on the way back leaves it `unknown` for reconciliation; a refusal frees its key.
async fn refund_account(
    state: &AppState,
    id: Id,
    record: &FollowUpRecord,
) -> Result<Refunded, AppError> {
    let session = state.sessions.get(id).await.map_err(failure::internal)?;
    let account = session
        .as_ref()
        .and_then(|session| session.flexiti_account.as_ref())
        .ok_or_else(|| failure::internal("a session paid by Flexiti account holds no account"))?;
    let purchase: u64 = record.original.parse().map_err(|_| {
        failure::internal(format!("purchase id {:?} is not a number", record.original))
    })?;
    let cents = record.amount_cents.unwrap_or_default();
    let answer = state
        .flexiti
        .refund(account.account_number, cents, Some(purchase))
        .await;
    let refund = match answer {
        Ok(refund) => refund,
        Err(error) if error.outcome_unknown() => {
            let lookup = "left to reconciliation (the purchase's balance)";
            return Err(left_unknown(state, record, error, lookup).await);
        }
        Err(error) => {
            moved_nothing(state, record).await?;
            return Err(match error.catalogue_code() {
                // The session's own account or purchase unknown to Flexiti is not the merchant's
                // mistake: nothing by the session's id is missing.
                ErrorCode::NotFound => {
                    AppError::new(ErrorCode::UpstreamError, Locale::default()).caused_by(error)
                }
                _ => failure::flexiti(error),
            });
        }
    };
    if refund.refunded_cents != cents {
        tracing::warn!(
            asked = cents,
            refunded = refund.refunded_cents,
            "Flexiti refunded another amount than asked"
        );
    }
    let transaction_id = refund.transaction_id.to_string();
    settle(state, record, AttemptState::Approved, &transaction_id).await?;
    Ok(Refunded {
        method: PaymentMethod::FlexitiAccount,
        amount: cents,
        transaction_id: Some(transaction_id),
        merchant_transaction_id: None,
    })
}
