//! `/v1/card-transactions/{id}`: a FlexPay card transaction, and the follow-ups the merchant's
//! server sends after the checkout: capture an authorization, void, refund.
//!
//! Each follow-up is a FlexPay transaction of its own with its own `merchantTransactionId`
//! ([`mint`]). A follow-up FlexPay refuses on its merits (a capture above the authorization,
//! 30064; a refund of something fully refunded, 30066) is still a transaction it records: it is
//! answered `200` with `status: declined` and its outcome. An amount above the original is refused
//! here first, without calling FlexPay.

use std::{
    num::NonZeroU64,
    sync::atomic::{AtomicU64, Ordering},
};

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Serialize;
use shared::{ApiError, CardOutcome, Currency, ErrorCode, GatewayStatus, Locale};
use time::OffsetDateTime;

use super::{
    MerchantKey,
    amount::{AmountRequest, RequestedAmount},
    failure,
};
use crate::{
    AppState,
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

/// Process-wide count of the follow-up ids minted since start.
static MINTED: AtomicU64 = AtomicU64::new(0);

/// A new `merchantTransactionId` for a follow-up of `original`:
/// `{original}-{kind}-{unix milliseconds}-{n}`.
///
/// The counter alone would start again at 1 after a restart, and FlexPay refuses an id used
/// before (50129), declined transactions included; the millisecond stamp keeps the ids of two runs
/// apart, the counter those minted in the same millisecond. Two proxy instances minting in the
/// same millisecond with the same count would collide: FlexPay then refuses the second (50129),
/// so nothing moves twice.
///
/// The id is minted per request and kept nowhere: a merchant who retries after a lost answer
/// mints a new one. Persisting it before the call, so that a retry is recognised and sent once,
/// comes with the payment ledger in a later issue.
pub(super) fn mint(original: &TransactionId, kind: &str) -> MerchantTransactionId {
    let n = MINTED.fetch_add(1, Ordering::Relaxed) + 1;
    let millis = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    MerchantTransactionId::new(format!("{original}-{kind}-{millis}-{n}"))
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
    fn name(self) -> &'static str {
        match self {
            FollowUp::Capture(_) => "capture",
            FollowUp::Void => "void",
            FollowUp::Refund(_) => "refund",
        }
    }
}

/// Sends `follow_up` of `original` under a freshly minted id. An answer lost on the way back is
/// looked for by that id; still not found, the follow-up is `payment_in_progress`: it may yet be
/// processed, so it must not be sent again blind.
///
/// # Errors
/// FlexPay's failures as catalogue codes (see [`failure::flexpay`]); `payment_in_progress` as
/// above. A decline is `Ok`.
pub(super) async fn send(
    state: &AppState,
    original: &TransactionId,
    follow_up: FollowUp,
) -> Result<CardTransaction, AppError> {
    let flexpay = &state.flexpay;
    let name = follow_up.name();
    let sent = mint(original, name);
    let answer = match follow_up {
        FollowUp::Capture(amount) => flexpay.capture(original, &sent, amount).await,
        FollowUp::Void => flexpay.void(original, &sent).await,
        FollowUp::Refund(amount) => flexpay.refund(original, &sent, amount).await,
    };
    let error = match answer {
        Ok(transaction) => return Ok(transaction),
        Err(error) if error.outcome_unknown() => error,
        Err(error) => return Err(failure::flexpay(error)),
    };
    tracing::warn!(%error, merchant_transaction_id = %sent, "{name} answer lost; looking it up");
    let lookup = match flexpay.find_transaction(&sent, LOOKUP_PAGES).await {
        Ok(Some(transaction)) => return Ok(transaction),
        Ok(None) => "not listed".to_owned(),
        Err(failed) => failed.to_string(),
    };
    Err(
        AppError::new(ErrorCode::PaymentInProgress, Locale::default()).caused_by(format!(
            "{name} {sent} unsettled after {error}; lookup: {lookup}"
        )),
    )
}

/// `FollowUpAmount` of `requested`, refused here when above `original`'s amount with `code`.
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
    if cents.get() > transaction.amount_cents {
        let cause = format!(
            "{cents} above the {} of {original}",
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
    params(("id" = String, Path, description = "The authorization's FlexPay transaction id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The capture: approved, or declined by FlexPay with its outcome", body = CardTransactionBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or FlexPay refused the request", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 409, description = "`exceeds_authorization`: above the authorization, nothing sent; `payment_in_progress`: FlexPay's answer was lost and the capture not found yet", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was captured", body = ApiError),
    ))]
pub(super) async fn capture(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let amount = bounded(&state, &id, requested, ErrorCode::ExceedsAuthorization).await?;
    let captured = send(&state, &id, FollowUp::Capture(amount)).await?;
    Ok(Json(CardTransactionBody::from(&captured)))
}

/// `POST /v1/card-transactions/{id}/void`: cancels an authorization, or a charge or capture not
/// settled yet.
#[utoipa::path(post, path = "/v1/card-transactions/{id}/void", tag = "merchant",
    params(("id" = String, Path, description = "FlexPay's transaction id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The void: approved (10001), or declined by FlexPay with its outcome", body = CardTransactionBody),
        (status = 400, description = "FlexPay refused the request (e.g. a void of a void)", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 409, description = "`payment_in_progress`: FlexPay's answer was lost and the void not found yet", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was voided", body = ApiError),
    ))]
pub(super) async fn void(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let voided = send(&state, &id, FollowUp::Void).await?;
    Ok(Json(CardTransactionBody::from(&voided)))
}

/// `POST /v1/card-transactions/{id}/refund`: refunds all that is left (no `amount`) or part of a
/// charge or capture. To refund a checkout session, prefer `POST
/// /v1/checkout-sessions/{id}/refund`, which keeps the session's refunded total.
#[utoipa::path(post, path = "/v1/card-transactions/{id}/refund", tag = "merchant",
    request_body = Option<AmountRequest>,
    params(("id" = String, Path, description = "The charge's or capture's FlexPay transaction id")),
    security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The refund: approved, or declined by FlexPay with its outcome (30051: above what is left)", body = CardTransactionBody),
        (status = 400, description = "`amount` is not a positive whole number of cents, or FlexPay refused the request", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such transaction", body = ApiError),
        (status = 409, description = "`exceeds_capture`: above the amount paid, nothing sent; `payment_in_progress`: FlexPay's answer was lost and the refund not found yet", body = ApiError),
        (status = 502, description = "FlexPay answered wrongly or refused our credentials", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was refunded", body = ApiError),
    ))]
pub(super) async fn refund(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RequestedAmount(requested): RequestedAmount,
) -> Result<Json<CardTransactionBody>, AppError> {
    let id = transaction_id(&id)?;
    let amount = bounded(&state, &id, requested, ErrorCode::ExceedsCapture).await?;
    let refunded = send(&state, &id, FollowUp::Refund(amount)).await?;
    Ok(Json(CardTransactionBody::from(&refunded)))
}
