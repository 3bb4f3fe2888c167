//! `POST /gateways/charge` and `POST /gateways/authorize`, each with a vaulted `paymentMethodId`,
//! a pass-in card (`retainOnSuccess`) or a third-party gateway token.
//!
//! Readings:
//! - A request that fails validation (5xxxx) answers `400` and records nothing. A request the
//!   gateway declines (2xxxx, 3xxxx, 4xxxx, including a Luhn failure, 30002) is processed: it is
//!   recorded, uses up its `merchantTransactionId`, and answers `200` with `transactionStatus` 2
//!   (3 for the codes that describe a processing failure), a new `referenceData` to send back on a
//!   retry, and for soft declines a `retryDate` one day later.
//! - `paymentMethodId` and `paymentMethod` together, or a `paymentMethod` with both a card number
//!   and a `gatewayPaymentMethodId`, are `50136`; neither is `50135`; a blank `paymentMethodId` is
//!   `50133`; an unknown or redacted one is `50134`; a `paymentMethod` with neither a card number
//!   nor a `gatewayPaymentMethodId` is `50138`. A token without its `merchantAccountReferenceId`,
//!   six-digit `firstSixDigits` and four-digit `lastFourDigits` is `50136`; a
//!   `gatewayPaymentMethodId` over 256 characters is `50125` (the docs' `GatewayTransactionToken`).
//! - `retainOnSuccess` is required for a pass-in card (both endpoints) and for an authorize with a
//!   third-party token, where the docs' tables mark it `Yes`; missing, `50000`.
//! - A pass-in needs a `customerId` or an `email` (`50048`); a vaulted card brings its customer.
//! - A card of no documented brand is `50130`. A referenceData the sandbox never handed out is
//!   `50132`.

use axum::{Json, body::Bytes, extract::State};
use serde::Serialize;

use super::{
    FlexPayError, Ledger,
    billing::{Holder, Rules},
    body,
    cards::{Brand, Card, present},
    codes,
    gateway_request::{Checked, GatewayRequest, PaymentMethodInput},
    ids,
    issuer::{self, Attempt},
    payment_method::StoredPaymentMethod,
    salt,
    transaction::{Draft, GatewayResponse, TransactionType, TransactionView, gateway},
};
use crate::Sandbox;

/// `{ "transaction": ... }`
#[derive(Debug, Serialize)]
pub(super) struct TransactionEnvelope {
    /// The transaction core object.
    pub transaction: TransactionView,
}

/// Where the money comes from.
enum Source {
    /// A `paymentMethodId`, resolved under the ledger lock.
    Vaulted(String),
    /// A pass-in card or third-party token, with whether to keep it on success.
    PassIn(Box<StoredPaymentMethod>, bool),
    /// A pass-in card the gateway refuses before looking at it (30002, 30012).
    Refused(u32, Box<Holder>),
}

/// `POST /gateways/charge`
pub(super) async fn charge(
    State(sandbox): State<Sandbox>,
    body: Bytes,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    process(&sandbox, TransactionType::Charge, &body)
}

/// `POST /gateways/authorize`
pub(super) async fn authorize(
    State(sandbox): State<Sandbox>,
    body: Bytes,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    process(&sandbox, TransactionType::Authorize, &body)
}

fn process(
    sandbox: &Sandbox,
    kind: TransactionType,
    body: &Bytes,
) -> Result<Json<TransactionEnvelope>, FlexPayError> {
    let request: GatewayRequest = body::element(body, "transaction")?;
    let checked = request.check()?;
    let rules = match kind {
        TransactionType::Charge => Rules::Lenient,
        _ => Rules::Strict,
    };
    let source = source(&request, rules)?;
    let mut ledger = sandbox.flexpay.ledger();
    if ledger.merchant_transaction_id_taken(&checked.merchant_transaction_id) {
        return Err(FlexPayError::invalid(
            50129,
            "transaction.merchantTransactionId is already used",
        ));
    }
    if let Some(reference) = present(&request.reference_data)
        && !ledger.reference_data.iter().any(|known| known == reference)
    {
        return Err(FlexPayError::invalid(
            50132,
            "transaction.referenceData was not issued by FlexPay",
        ));
    }
    let (method, retain, refused) = match source {
        Source::Vaulted(id) => (vaulted(&mut ledger, &id)?, false, None),
        Source::PassIn(method, retain) => (*method, retain, None),
        Source::Refused(code, holder) => (StoredPaymentMethod::refused(*holder), false, Some(code)),
    };
    if refused.is_none() && method.brand.is_none() {
        return Err(FlexPayError::invalid(
            50130,
            "the card's brand is not one the gateway accepts",
        ));
    }
    let customer_id = present(&request.customer_id)
        .map(str::to_owned)
        .or_else(|| method.customer_id.clone())
        .or_else(|| ledger.customer_id(None, method.holder.email.as_deref()))
        .ok_or_else(|| {
            FlexPayError::invalid(
                50048,
                "transaction.customerId or transaction.paymentMethod.email is required",
            )
        })?;
    let method = StoredPaymentMethod {
        customer_id: Some(customer_id),
        ..method
    };
    let attempt = Attempt {
        number: method.number.as_deref(),
        expiry: method
            .expiry_month
            .as_deref()
            .zip(method.expiry_year.as_deref()),
        has_cvv: method.cvv.is_some(),
        has_postal_code: method.holder.postal_code.is_some(),
        amount: checked.amount,
        currency: &checked.currency_code,
        today: ids::year_month(ids::now_seconds()),
    };
    let code = refused.unwrap_or_else(|| issuer::decide(&attempt));
    let response = issuer::checks(&attempt, code);
    let outcome = Outcome {
        kind,
        code,
        response,
        retain,
    };
    let view = settle(&mut ledger, &request, checked, &method, outcome);
    Ok(Json(TransactionEnvelope { transaction: view }))
}

/// The vaulted method for `id`, its CVV used up by this call.
fn vaulted(ledger: &mut Ledger, id: &str) -> Result<StoredPaymentMethod, FlexPayError> {
    let method = ledger
        .payment_method_mut(id)
        .filter(|method| !method.redacted)
        .ok_or_else(|| {
            FlexPayError::invalid(
                50134,
                format!("transaction.paymentMethodId {id} is unknown or redacted"),
            )
        })?;
    let used = method.clone();
    method.cvv = None;
    Ok(used)
}

/// Which payment method the request names, checked as far as it can be without the ledger.
fn source(request: &GatewayRequest, rules: Rules) -> Result<Source, FlexPayError> {
    match (&request.payment_method_id, &request.payment_method) {
        (Some(_), Some(_)) => Err(FlexPayError::invalid(
            50136,
            "send paymentMethodId or paymentMethod, not both",
        )),
        (Some(id), None) => present(&Some(id.clone()))
            .map(|id| Source::Vaulted(id.to_owned()))
            .ok_or_else(|| FlexPayError::invalid(50133, "transaction.paymentMethodId is required")),
        (None, Some(input)) => pass_in(request, input, rules),
        (None, None) => Err(FlexPayError::invalid(
            50135,
            "transaction.paymentMethodId or transaction.paymentMethod is required",
        )),
    }
}

fn pass_in(
    request: &GatewayRequest,
    input: &PaymentMethodInput,
    rules: Rules,
) -> Result<Source, FlexPayError> {
    let has_card = present(&input.card.credit_card_number).is_some();
    let has_token = present(&input.gateway_payment_method_id).is_some();
    if has_card && has_token {
        return Err(FlexPayError::invalid(
            50136,
            "send creditCardNumber or gatewayPaymentMethodId, not both",
        ));
    }
    if !has_card && !has_token {
        return Err(FlexPayError::invalid(
            50138,
            "transaction.paymentMethod.gatewayPaymentMethodId is required without creditCardNumber",
        ));
    }
    let card = if has_card {
        match Card::parse(&input.card) {
            Err((code, detail)) if code >= 50000 => {
                return Err(FlexPayError::invalid(
                    code,
                    format!("transaction.paymentMethod.{detail}"),
                ));
            }
            parsed => Some(parsed),
        }
    } else {
        None
    };
    let holder = input.holder.validate(rules, "transaction.paymentMethod")?;
    let retain_required = has_card || rules == Rules::Strict;
    let retain = match request.retain_on_success {
        Some(retain) => retain,
        None if retain_required => {
            return Err(FlexPayError::validation(
                "transaction.retainOnSuccess is required",
            ));
        }
        None => false,
    };
    Ok(match card {
        Some(Ok(card)) => Source::PassIn(
            Box::new(StoredPaymentMethod::from_card(&card, holder, rules, None)),
            retain,
        ),
        Some(Err((code, _))) => Source::Refused(code, Box::new(holder)),
        None => Source::PassIn(Box::new(third_party(input, holder, rules)?), retain),
    })
}

fn third_party(
    input: &PaymentMethodInput,
    holder: Holder,
    rules: Rules,
) -> Result<StoredPaymentMethod, FlexPayError> {
    let token = present(&input.gateway_payment_method_id).unwrap_or_default();
    if token.chars().count() > 256 {
        return Err(FlexPayError::invalid(
            50125,
            "transaction.paymentMethod.gatewayPaymentMethodId is longer than 256 characters",
        ));
    }
    let digits = |value: &Option<String>, len: usize| {
        present(value)
            .filter(|v| v.len() == len && v.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_owned)
    };
    let account =
        present(&input.merchant_account_reference_id).filter(|a| a.chars().count() <= 512);
    let (Some(account), Some(first_six), Some(last_four)) = (
        account,
        digits(&input.first_six_digits, 6),
        digits(&input.last_four_digits, 4),
    ) else {
        return Err(FlexPayError::invalid(
            50136,
            "a gatewayPaymentMethodId needs merchantAccountReferenceId, firstSixDigits (6 digits) and lastFourDigits (4 digits)",
        ));
    };
    Ok(StoredPaymentMethod {
        id: String::new(),
        number: None,
        cvv: None,
        expiry_month: None,
        expiry_year: None,
        brand: Brand::of_prefix(&first_six),
        first_six: Some(first_six),
        last_four: Some(last_four),
        fingerprint: None,
        gateway_payment_method_id: Some(token.to_owned()),
        merchant_account_reference_id: Some(account.to_owned()),
        holder,
        rules,
        customer_id: None,
        redacted: false,
    })
}

/// What the gateway decided.
struct Outcome {
    kind: TransactionType,
    code: u32,
    response: GatewayResponse,
    /// Keep a pass-in payment method in the vault if approved.
    retain: bool,
}

/// Records `outcome` and answers the transaction.
fn settle(
    ledger: &mut Ledger,
    request: &GatewayRequest,
    checked: Checked,
    method: &StoredPaymentMethod,
    outcome: Outcome,
) -> TransactionView {
    let Outcome {
        kind,
        code,
        response,
        retain,
    } = outcome;
    let payment_method = if retain && code == codes::APPROVED {
        ledger.retain(method.clone())
    } else {
        method.view()
    };
    let reference_data = if codes::transaction_status(code) == 1 {
        present(&request.reference_data).map(str::to_owned)
    } else {
        let reference = ledger.next_token(salt::REFERENCE);
        ledger.reference_data.push(reference.clone());
        Some(reference)
    };
    let draft = Draft {
        kind,
        code,
        merchant_transaction_id: checked.merchant_transaction_id,
        order_id: checked.order_id,
        currency_code: checked.currency_code,
        amount: checked.amount,
        merchant_account: method
            .merchant_account_reference_id
            .clone()
            .unwrap_or_else(|| gateway::MERCHANT_ACCOUNT.to_owned()),
    };
    ledger.record(draft, |view| {
        view.response = response;
        view.customer_id = method.customer_id.clone();
        view.payment_method = Some(payment_method);
        view.retry_count = checked.retry_count;
        view.reference_data = reference_data;
        view.description = present(&request.description).map(str::to_owned);
        view.customer_ip = present(&request.customer_ip).map(str::to_owned);
        view.shipping_address = request.shipping_address.clone();
        view.assigned_gateway_token = present(&request.assigned_gateway_token).map(str::to_owned);
        view.date_first_attempt = present(&request.date_first_attempt).map(str::to_owned);
        view.disable_customer_recovery = request.disable_customer_recovery.unwrap_or(false);
        view.custom_variable1 = request.custom_variable1.clone();
        view.custom_variable2 = request.custom_variable2.clone();
        view.custom_variable3 = request.custom_variable3.clone();
        view.custom_variable4 = request.custom_variable4.clone();
        view.custom_variable5 = request.custom_variable5.clone();
        view.references = request.references.clone();
    })
}
