//! `/v1/card-transactions/{id}`: a FlexPay card transaction, and the follow-ups the merchant's
//! server sends after the checkout: capture an authorization, void, refund.
//!
//! Each follow-up is a FlexPay transaction of its own with its own `merchantTransactionId`
//! ([`crate::checkout::new_reference`]), written to the follow-up ledger before it is sent (see
//! [`crate::checkout::FollowUpStart`]): a retry under the same `Idempotency-Key` gets the first
//! answer and sends nothing, a second follow-up of a transaction waits for the first, and one whose
//! answer was lost is reconciled by lookup. A follow-up FlexPay refuses on its merits (a capture
//! above the authorization, 30064; a refund of something fully refunded, 30066) is still a
//! transaction it records: it is answered `200` with `status: declined` and its outcome. An amount
//! above the original (for a refund, above what is left after the refunds the ledger holds) is
//! refused here first, without calling FlexPay.

use std::num::NonZeroU64;

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Serialize;
use shared::{ApiError, CardOutcome, Currency, ErrorCode, GatewayStatus, PaymentMethod};

use super::{
    MerchantKey,
    amount::{AmountRequest, RequestedAmount},
    failure,
    follow_up_steps::{left_unknown, moved_nothing, to_send},
    idempotency::{self, IdempotencyKey},
};
use crate::{
    AppState,
    checkout::{AttemptState, FollowUpKind, FollowUpRecord, FollowUpStart, new_reference},
    error::AppError,
    upstream::flexpay::{
        CardTransaction, FollowUpAmount, MerchantTransactionId, TransactionId, TransactionKind,
    },
};

/// Pages of 100 transactions searched, newest first, for a follow-up whose answer was lost.
const LOOKUP_PAGES: usize = 3;

/// FlexPay's ids are 26 characters; anything much longer, or not URL-safe, cannot be one.
const MAX_ID_CHARS: usize = 64;

/// A card transaction as the merchant's server sees it: never FlexPay's body or its message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CardTransactionBody {
    /// FlexPay's transaction id: the `{id}` of the other card-transaction operations.
    id: String,
    /// Ours: the `merchantTransactionId` it was sent with.
    merchant_transaction_id: String,
    /// What it did, when FlexPay says.
    kind: Option<CardTransactionKind>,
    /// In cents.
    amount: u64,
    currency: Option<Currency>,
    /// FlexPay's verdict.
    status: GatewayStatus,
    /// The response code and its class.
    outcome: CardOutcome,
    /// The card's last four digits.
    last_four: Option<String>,
}

/// What a card transaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CardTransactionKind {
    /// Funds reserved, to capture later.
    Authorize,
    /// An authorization captured.
    Capture,
    /// Authorized and captured at once.
    Charge,
    /// Money returned.
    Refund,
    /// Cancelled before settlement.
    Void,
}

impl From<TransactionKind> for CardTransactionKind {
    fn from(kind: TransactionKind) -> CardTransactionKind {
        match kind {
            TransactionKind::Authorize => CardTransactionKind::Authorize,
            TransactionKind::Capture => CardTransactionKind::Capture,
            TransactionKind::Charge => CardTransactionKind::Charge,
            TransactionKind::Refund => CardTransactionKind::Refund,
            TransactionKind::Void => CardTransactionKind::Void,
        }
    }
}

impl From<&CardTransaction> for CardTransactionBody {
    fn from(transaction: &CardTransaction) -> CardTransactionBody {
        CardTransactionBody {
            id: transaction.id.as_str().to_owned(),
            merchant_transaction_id: transaction.merchant_transaction_id.as_str().to_owned(),
            kind: transaction.kind.map(CardTransactionKind::from),
            amount: transaction.amount_cents,
            currency: transaction.currency,
            status: transaction.status,
            outcome: transaction.outcome,
            last_four: transaction.last_four.clone(),
        }
    }
}

/// Reads a path id; one that cannot be FlexPay's is not found.
fn transaction_id(id: &str) -> Result<TransactionId, AppError> {
    let plausible = !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plausible
        .then(|| TransactionId::new(id))
        .ok_or_else(|| failure::not_found("id"))
}

/// A follow-up of a card transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FollowUp {
    /// Capture all or part of an authorization.
    Capture(FollowUpAmount),
    /// Cancel before settlement.
    Void,
    /// Refund all that is left or part of a charge or capture.
    Refund(FollowUpAmount),
}

impl FollowUp {
    fn kind(self) -> FollowUpKind {
        match self {
            FollowUp::Capture(_) => FollowUpKind::Capture,
            FollowUp::Void => FollowUpKind::Void,
            FollowUp::Refund(_) => FollowUpKind::Refund,
        }
    }

    /// How much it moves, in cents; `None` for all there is.
    fn cents(self) -> Option<u64> {
        match self {
            FollowUp::Capture(FollowUpAmount::Partial(cents))
            | FollowUp::Refund(FollowUpAmount::Partial(cents)) => Some(cents.get()),
            FollowUp::Capture(FollowUpAmount::Full)
            | FollowUp::Refund(FollowUpAmount::Full)
            | FollowUp::Void => None,
        }
    }

    /// The ledger's record of this follow-up of `original`, about to be sent under a new id.
    fn start(self, original: &TransactionId, key: IdempotencyKey) -> FollowUpStart {
        let kind = self.kind();
        FollowUpStart {
            reference: new_reference(original, kind),
            idempotency_key: key.0,
            kind,
            method: PaymentMethod::Card,
            original: original.as_str().to_owned(),
            session_id: None,
            amount_cents: self.cents(),
        }
    }
}

/// Records `follow_up` of `original` in the ledger, then sends it ([`deliver`]); a retry under
/// the merchant's key is answered from the ledger instead.
///
/// # Errors
/// As [`deliver`]; `payment_in_progress` while another follow-up of `original` (or the one the
/// key started) is unsettled; `idempotency_key_reused` for a key first sent with another request.
async fn send(
    state: &AppState,
    original: &TransactionId,
    follow_up: FollowUp,
    key: IdempotencyKey,
) -> Result<CardTransaction, AppError> {
    let start = follow_up.start(original, key);
    let begun = state
        .sessions
        .begin_follow_up(&start)
        .await
        .map_err(failure::internal)?;
    match to_send(begun, &start, "another follow-up of this transaction")? {
        None => deliver(state, original, follow_up, &start.in_flight()).await,
        Some(earlier) => replay(state, &earlier).await,
    }
}

/// The answer a follow-up gave, for a retry under its key: FlexPay's record of it, read again.
pub(super) async fn replay(
    state: &AppState,
    earlier: &FollowUpRecord,
) -> Result<CardTransaction, AppError> {
    let settled = matches!(
        earlier.state,
        AttemptState::Approved | AttemptState::Declined
    );
    let Some(id) = earlier.upstream_id.as_deref().filter(|_| settled) else {
        return Err(idempotency::still_in_flight(&earlier.reference));
    };
    state
        .flexpay
        .transaction(&TransactionId::new(id))
        .await
        .map_err(failure::flexpay)
}

/// Sends `follow_up` of `original`, recorded in the ledger as `record`, and settles it. An answer
/// lost on the way back is looked for by its id; still not found, the follow-up is left `unknown`
/// for reconciliation and answered `payment_in_progress`: it may yet be processed, so it must not
/// be sent again blind. A refusal before anything moved frees the merchant's key.
///
/// # Errors
/// FlexPay's failures as catalogue codes (see [`failure::flexpay`]); `payment_in_progress` as
/// above. A decline is `Ok`.
pub(super) async fn deliver(
    state: &AppState,
    original: &TransactionId,
    follow_up: FollowUp,
    record: &FollowUpRecord,
) -> Result<CardTransaction, AppError> {
    let flexpay = &state.flexpay;
    let sent = MerchantTransactionId::new(record.reference.clone());
    let answer = match follow_up {
        FollowUp::Capture(amount) => flexpay.capture(original, &sent, amount).await,
        FollowUp::Void => flexpay.void(original, &sent).await,
        FollowUp::Refund(amount) => flexpay.refund(original, &sent, amount).await,
    };
    let error = match answer {
        Ok(transaction) => return settle(state, record, transaction).await,
        Err(error) if error.outcome_unknown() => error,
        Err(error) => {
            moved_nothing(state, record).await?;
            return Err(failure::flexpay(error));
        }
    };
    let name = &record.kind;
    tracing::warn!(%error, merchant_transaction_id = %sent, "{name} answer lost; looking it up");
    let lookup = match flexpay.find_transaction(&sent, LOOKUP_PAGES).await {
        Ok(Some(transaction)) => return settle(state, record, transaction).await,
        Ok(None) => "not listed".to_owned(),
        Err(failed) => failed.to_string(),
    };
    Err(left_unknown(state, record, error, lookup).await)
}

/// Records FlexPay's answer to `record` (see [`super::follow_up_steps::settle`]).
async fn settle(
    state: &AppState,
    record: &FollowUpRecord,
    transaction: CardTransaction,
) -> Result<CardTransaction, AppError> {
    let verdict = if transaction.is_approved() {
        AttemptState::Approved
    } else {
        AttemptState::Declined
    };
    let id = transaction.id.as_str();
    super::follow_up_steps::settle(state, record, verdict, id).await?;
    Ok(transaction)
}

/// `FollowUpAmount` of `requested`, refused here with `code` when above `original`'s amount or,
/// for a refund, above what the refunds in the ledger left of it. A refund settled meanwhile by
/// another proxy can slip past this check; FlexPay's own limit (30051) then declines it.
async fn bounded(
    state: &AppState,
    original: &TransactionId,
    requested: Option<NonZeroU64>,
    code: ErrorCode,
) -> Result<FollowUpAmount, AppError> {
    let Some(cents) = requested else {
        return Ok(FollowUpAmount::Full);
    };
    let transaction = state
        .flexpay
        .transaction(original)
        .await
        .map_err(failure::flexpay)?;
    let limit = match code {
        ErrorCode::ExceedsCapture => {
            let refunded = state
                .sessions
                .refunded(original.as_str())
                .await
                .map_err(failure::internal)?;
            refunded.map_or(0, |cents| transaction.amount_cents.saturating_sub(cents))
        }
        _ => transaction.amount_cents,
    };
    if cents.get() > limit {
        let cause = format!(
            "{cents} above the {limit} left of the {} of {original}",
            transaction.amount_cents
        );
        return Err(failure::too_much(code, cause));
    }
    Ok(FollowUpAmount::Partial(cents))
}

/// `GET /v1/card-transactions/{id}`.
#[utoipa::path(get, path = "/v1/card-transactions/{id}", tag = "merchant",
    params(("id" = String, Path, description = "FlexPay's transaction id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The transaction", body = CardTransactionBody),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached", body = ApiError),
    ))]
pub(super) async fn show(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let transaction = state
        .flexpay
        .transaction(&id)
        .await
        .map_err(failure::flexpay)?;
    Ok(Json(CardTransactionBody::from(&transaction)))
}

/// `POST /v1/card-transactions/{id}/capture`: captures all (no `amount`) or part of an
/// authorization; capturing less releases the rest.
#[utoipa::path(post, path = "/v1/card-transactions/{id}/capture", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = String, Path, description = "The authorization's FlexPay transaction id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key gets the first answer and sends nothing again"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The capture: approved, or declined by FlexPay with its outcome", body = CardTransactionBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, the `Idempotency-Key` is not valid, or FlexPay refused the request", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 409, description = "`exceeds_authorization`: above the authorization, nothing sent; `payment_in_progress`: another follow-up of the transaction is unsettled, or FlexPay's answer was lost and the capture not found yet (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was captured, unless this is a retry under a key whose first request went through (its answer is read from FlexPay: ask again under the same key)", body = ApiError),
    ))]
pub(super) async fn capture(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let amount = bounded(&state, &id, requested, ErrorCode::ExceedsAuthorization).await?;
    let captured = send(&state, &id, FollowUp::Capture(amount), key).await?;
    Ok(Json(CardTransactionBody::from(&captured)))
}

/// `POST /v1/card-transactions/{id}/void`: cancels an authorization, or a charge or capture not
/// settled yet.
#[utoipa::path(post, path = "/v1/card-transactions/{id}/void", tag = "merchant",
    params(
        ("id" = String, Path, description = "FlexPay's transaction id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key gets the first answer and sends nothing again"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The void: approved (10001), or declined by FlexPay with its outcome", body = CardTransactionBody),
        (status = 400, description = "FlexPay refused the request (e.g. a void of a void), or the `Idempotency-Key` is not valid", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 409, description = "`payment_in_progress`: another follow-up of the transaction is unsettled, or FlexPay's answer was lost and the void not found yet (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was voided, unless this is a retry under a key whose first request went through (its answer is read from FlexPay: ask again under the same key)", body = ApiError),
    ))]
pub(super) async fn void(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    key: IdempotencyKey,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let voided = send(&state, &id, FollowUp::Void, key).await?;
    Ok(Json(CardTransactionBody::from(&voided)))
}

/// `POST /v1/card-transactions/{id}/refund`: refunds all that is left (no `amount`) or part of a
/// charge or capture. To refund a checkout session, prefer `POST
/// /v1/checkout-sessions/{id}/refund`, which keeps the session's refunded total.
#[utoipa::path(post, path = "/v1/card-transactions/{id}/refund", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(
        ("id" = String, Path, description = "The charge's or capture's FlexPay transaction id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = r"^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters. A retry under the same key gets the first answer and sends nothing again"),
    ),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The refund: approved, or declined by FlexPay with its outcome (30051: above what is left)", body = CardTransactionBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, the `Idempotency-Key` is not valid, or FlexPay refused the request", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 409, description = "`exceeds_capture`: above the amount paid, nothing sent; `payment_in_progress`: another follow-up of the transaction is unsettled, or FlexPay's answer was lost and the refund not found yet (reconciliation will settle it: ask again under the same key)", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was first sent with another request", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was refunded, unless this is a retry under a key whose first request went through (its answer is read from FlexPay: ask again under the same key)", body = ApiError),
    ))]
pub(super) async fn refund(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let amount = bounded(&state, &id, requested, ErrorCode::ExceedsCapture).await?;
    let refunded = send(&state, &id, FollowUp::Refund(amount), key).await?;
    Ok(Json(CardTransactionBody::from(&refunded)))
}
