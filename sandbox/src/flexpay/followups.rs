//! `POST /transactions/{id}/capture`, `/void` and `/refund`: the follow-ups that move money an
//! authorization or a charge holds.
//!
//! Readings (the docs list the codes but not which rule answers which):
//! - An unknown `{id}` is `404 50131`. A follow-up of a kind that cannot apply (capturing a
//!   refund, voiding a void, refunding an authorization never captured) is `400 50105`
//!   (`Invalid 'TransactionType'`). Both record nothing.
//! - Every other refusal is a processed, recorded follow-up with `transactionStatus` 2, as for
//!   declines: capture above the authorization or of a voided one `30064` (the docs' own words),
//!   a second capture or a capture of a charge `30079` (one capture per authorization; capturing
//!   less releases the rest), a void of a captured authorization `30065` (void the capture
//!   instead), a void or refund of something already voided or fully refunded `30066`, a void of
//!   a partly refunded charge `30010`, a refund above what is left `30051` ("Limit exceeded. Enter
//!   a lesser value."), a negative amount `30015`, any follow-up of a declined transaction `30011`.
//! - The docs say the path id of a refund is "the original authorize transaction": a refund may
//!   name the charge, the capture, or the authorization it captured.
//! - A capture or refund `amount` that is absent or `0` means everything left: the whole
//!   authorization, or what has not been refunded yet. Nothing settles in the sandbox, so a
//!   charge or capture can be voided until something is refunded from it.
//! - A successful void answers `10001` ("The reversal was processed successfully.").

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
};
use serde::Deserialize;

use super::{
    FlexPayError, Ledger,
    billing::{max_len, required},
    body, codes,
    gateways::TransactionEnvelope,
    transaction::{Draft, TransactionRecord, TransactionType},
};
use crate::Sandbox;

/// The `transaction` element of a follow-up.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FollowUpRequest {
    merchant_transaction_id: Option<String>,
    amount: Option<i64>,
    disable_customer_recovery: Option<bool>,
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Capture,
    Void,
    Refund,
}

/// What a follow-up does: to which transaction, with which outcome and amount.
struct Decision {
    target: usize,
    code: u32,
    amount: i64,
}

/// `POST /transactions/{id}/capture`
pub(super) async fn capture(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    follow_up(&sandbox, &id, &body, Action::Capture)
}

/// `POST /transactions/{id}/void`
pub(super) async fn void(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    follow_up(&sandbox, &id, &body, Action::Void)
}

/// `POST /transactions/{id}/refund`
pub(super) async fn refund(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    follow_up(&sandbox, &id, &body, Action::Refund)
}

fn follow_up(
    sandbox: &Sandbox,
    id: &str,
    body: &Bytes,
    action: Action,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    let request: FollowUpRequest = body::element(body, "transaction")?;
    let merchant_transaction_id = required(
        &request.merchant_transaction_id,
        50103,
        "transaction.merchantTransactionId",
    )?;
    max_len(
        &request.merchant_transaction_id,
        256,
        50104,
        "transaction.merchantTransactionId",
    )?;
    let mut ledger = sandbox.flexpay.ledger();
    let index = ledger
        .transaction_index(id)
        .ok_or_else(|| FlexPayError::not_found(50131, format!("no transaction {id}")))?;
    if ledger.merchant_transaction_id_taken(&merchant_transaction_id) {
        return Err(FlexPayError::invalid(
            50129,
            "transaction.merchantTransactionId is already used",
        ));
    }
    let decision = match action {
        Action::Capture => decide_capture(&ledger, index, request.amount)?,
        Action::Void => decide_void(&ledger, index)?,
        Action::Refund => decide_refund(&ledger, index, request.amount)?,
    };
    let kind = match action {
        Action::Capture => TransactionType::Capture,
        Action::Void => TransactionType::Void,
        Action::Refund => TransactionType::Refund,
    };
    let original = ledger.transactions[decision.target].view.clone();
    let draft = Draft {
        kind,
        code: decision.code,
        merchant_transaction_id,
        order_id: original.order_id.clone(),
        currency_code: original.currency_code.clone(),
        amount: decision.amount,
        merchant_account: original.merchant_account_reference_id.clone(),
    };
    let view = ledger.record(draft, |view| {
        view.customer_id = original.customer_id.clone();
        view.payment_method = original.payment_method.clone();
        view.disable_customer_recovery = request.disable_customer_recovery.unwrap_or(false);
    });
    if codes::transaction_status(decision.code) == 1 {
        let target = &mut ledger.transactions[decision.target];
        match action {
            Action::Capture => target.captured_by = Some(view.transaction_id.clone()),
            Action::Void => target.voided = true,
            Action::Refund => target.refunded += decision.amount,
        }
    }
    Ok(Json(TransactionEnvelope { transaction: view }))
}

fn wrong_type(action: &str, record: &TransactionRecord) -> FlexPayError {
    FlexPayError::invalid(
        50105,
        format!(
            "a {} transaction cannot be {action}",
            format!("{:?}", record.view.transaction_type).to_uppercase()
        ),
    )
}

fn decide_capture(
    ledger: &Ledger,
    index: usize,
    requested: Option<i64>,
) -> Result<Decision, FlexPayError> {
    let auth = &ledger.transactions[index];
    let authorized = auth.view.amount;
    let amount = requested.filter(|a| *a != 0).unwrap_or(authorized);
    let code = match auth.view.transaction_type {
        TransactionType::Authorize => {
            if !auth.approved() {
                30011
            } else if auth.voided || amount > authorized {
                30064
            } else if auth.captured_by.is_some() {
                30079
            } else if amount < 0 {
                30015
            } else {
                codes::APPROVED
            }
        }
        TransactionType::Charge => 30079,
        _ => return Err(wrong_type("captured", auth)),
    };
    Ok(Decision {
        target: index,
        code,
        amount,
    })
}

fn decide_void(ledger: &Ledger, index: usize) -> Result<Decision, FlexPayError> {
    let original = &ledger.transactions[index];
    let code = match original.view.transaction_type {
        TransactionType::Refund | TransactionType::Void => {
            return Err(wrong_type("voided", original));
        }
        _ if !original.approved() => 30011,
        _ if original.voided => 30066,
        _ if original.captured_by.is_some() => 30065,
        _ if original.refunded > 0 => 30010,
        _ => codes::REVERSED,
    };
    Ok(Decision {
        target: index,
        code,
        amount: original.view.amount,
    })
}

fn decide_refund(
    ledger: &Ledger,
    index: usize,
    requested: Option<i64>,
) -> Result<Decision, FlexPayError> {
    let original = &ledger.transactions[index];
    let target = match original.view.transaction_type {
        TransactionType::Charge | TransactionType::Capture => index,
        TransactionType::Authorize => original
            .captured_by
            .as_deref()
            .and_then(|capture| ledger.transaction_index(capture))
            .ok_or_else(|| wrong_type("refunded before it is captured", original))?,
        _ => return Err(wrong_type("refunded", original)),
    };
    let paid = &ledger.transactions[target];
    let remaining = paid.view.amount - paid.refunded;
    let amount = requested.filter(|a| *a != 0).unwrap_or(remaining);
    let code = if !paid.approved() {
        30011
    } else if paid.voided || remaining == 0 {
        30066
    } else if amount < 0 {
        30015
    } else if amount > remaining {
        30051
    } else {
        codes::APPROVED
    };
    Ok(Decision {
        target,
        code,
        amount,
    })
}
