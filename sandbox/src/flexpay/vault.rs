//! The payment-method vault: create, list, show, update, redact, recache.
//!
//! Readings: `customerId` is "required if the email is not provided; otherwise a new customer id
//! is created": without both, `50048`; with only an email, the vault mints an id (the same one for
//! the same email). An unknown id in the path is `404 50134` (the docs' `PaymentToken` is the
//! payment-method id); updating or recaching a redacted method is `400 50134`. A card number that
//! fails the Luhn check or holds other characters is refused with `400` and its hard-decline code
//! (30002, 30012): nothing is stored. Storing a card creates no transaction (the docs' transaction
//! types are AUTHORIZE, CAPTURE, CHARGE, REFUND and VOID).

use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State},
};
use serde::{Deserialize, Serialize};

use super::{
    FlexPayError,
    billing::{HolderInput, Rules, max_len},
    body,
    cards::{self, Card, CardInput},
    pagination::{self, ListQuery, Listing},
    payment_method::{PaymentMethodView, StoredPaymentMethod},
};
use crate::Sandbox;

/// `{ "paymentMethod": ... }`
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentMethodEnvelope {
    payment_method: PaymentMethodView,
}

/// `{ "paymentMethods": [...] }`
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentMethodList {
    payment_methods: Vec<PaymentMethodView>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateRequest {
    customer_id: Option<String>,
    credit_card: Option<CreditCardInput>,
}

#[derive(Debug, Default, Deserialize)]
struct CreditCardInput {
    #[serde(flatten)]
    card: CardInput,
    #[serde(flatten)]
    holder: HolderInput,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateRequest {
    expiry_month: Option<String>,
    expiry_year: Option<String>,
    #[serde(flatten)]
    holder: HolderInput,
}

#[derive(Debug, Deserialize)]
struct RecacheRequest {
    cvv: Option<String>,
}

fn envelope(payment_method: PaymentMethodView) -> Json<PaymentMethodEnvelope> {
    Json(PaymentMethodEnvelope { payment_method })
}

fn unknown(id: &str) -> FlexPayError {
    FlexPayError::not_found(50134, format!("no payment method {id}"))
}

fn redacted(id: &str) -> FlexPayError {
    FlexPayError::invalid(50134, format!("payment method {id} is redacted"))
}

/// `POST /paymentmethods`: vaults a card.
pub(super) async fn create(
    State(sandbox): State<Sandbox>,
    body: Bytes,
) -> Result<Json<PaymentMethodEnvelope>, FlexPayError> {
    let request: CreateRequest = body::element(&body, "paymentMethod")?;
    max_len(&request.customer_id, 50, 50014, "paymentMethod.customerId")?;
    let input = request.credit_card.unwrap_or_default();
    let card = Card::parse(&input.card).map_err(|(code, detail)| {
        FlexPayError::invalid(code, format!("paymentMethod.creditCard.{detail}"))
    })?;
    let holder = input
        .holder
        .validate(Rules::Strict, "paymentMethod.creditCard")?;
    let mut ledger = sandbox.flexpay.ledger();
    let customer_id = ledger
        .customer_id(
            cards::present(&request.customer_id),
            holder.email.as_deref(),
        )
        .ok_or_else(|| {
            FlexPayError::invalid(
                50048,
                "paymentMethod.customerId or paymentMethod.creditCard.email is required",
            )
        })?;
    let method = StoredPaymentMethod::from_card(&card, holder, Rules::Strict, Some(customer_id));
    Ok(envelope(ledger.retain(method)))
}

/// `GET /paymentmethods`
pub(super) async fn list(
    State(sandbox): State<Sandbox>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PaymentMethodList>, FlexPayError> {
    let Query(query) = query.map_err(|error| FlexPayError::invalid(50002, error.body_text()))?;
    let ledger = sandbox.flexpay.ledger();
    let page = pagination::page(
        &ledger.payment_methods,
        |m| &m.id,
        &query,
        Listing::PaymentMethods,
    )?;
    Ok(Json(PaymentMethodList {
        payment_methods: page.into_iter().map(StoredPaymentMethod::view).collect(),
    }))
}

/// `GET /paymentmethods/{id}`
pub(super) async fn show(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
) -> Result<Json<PaymentMethodEnvelope>, FlexPayError> {
    let mut ledger = sandbox.flexpay.ledger();
    let method = ledger.payment_method_mut(&id).ok_or_else(|| unknown(&id))?;
    Ok(envelope(method.view()))
}

/// `PUT /paymentmethods/{id}`: the non-sensitive fields; fields not sent are kept.
pub(super) async fn update(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<PaymentMethodEnvelope>, FlexPayError> {
    let request: UpdateRequest = body::element(&body, "paymentMethod")?;
    let mut ledger = sandbox.flexpay.ledger();
    let method = ledger.payment_method_mut(&id).ok_or_else(|| unknown(&id))?;
    if method.redacted {
        return Err(redacted(&id));
    }
    let month = match &request.expiry_month {
        None => method.expiry_month.clone(),
        Some(month) => Some(cards::parse_month(month.trim()).ok_or_else(|| {
            FlexPayError::invalid(50056, "paymentMethod.expiryMonth must be MM, 01 to 12")
        })?),
    };
    let year = match &request.expiry_year {
        None => method.expiry_year.clone(),
        Some(year) => Some(cards::parse_year(year.trim()).ok_or_else(|| {
            FlexPayError::invalid(50058, "paymentMethod.expiryYear must be YYYY")
        })?),
    };
    let holder = method
        .holder
        .overlay(&request.holder)
        .validate(method.rules, "paymentMethod")?;
    method.expiry_month = month;
    method.expiry_year = year;
    method.holder = holder;
    Ok(envelope(method.view()))
}

/// `PUT /paymentmethods/{id}/redact`: strips the number and the CVV for good. Redacting twice
/// answers the same object.
pub(super) async fn redact(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
) -> Result<Json<PaymentMethodEnvelope>, FlexPayError> {
    let mut ledger = sandbox.flexpay.ledger();
    let method = ledger.payment_method_mut(&id).ok_or_else(|| unknown(&id))?;
    method.redact();
    Ok(envelope(method.view()))
}

/// `PUT /paymentmethods/{id}/recache`: gives the vaulted card a CVV for its next gateway call.
/// The docs give a missing or malformed CVV no code of its own: `400 50000`. A third-party token
/// has no card to recache: `400 50136`.
pub(super) async fn recache(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<PaymentMethodEnvelope>, FlexPayError> {
    let request: RecacheRequest = body::element(&body, "paymentMethod")?;
    let cvv = cards::present(&request.cvv)
        .ok_or_else(|| FlexPayError::validation("paymentMethod.cvv is required"))?;
    let cvv = cards::parse_cvv(cvv)
        .ok_or_else(|| FlexPayError::validation("paymentMethod.cvv must be 3 or 4 digits"))?;
    let mut ledger = sandbox.flexpay.ledger();
    let method = ledger.payment_method_mut(&id).ok_or_else(|| unknown(&id))?;
    if method.redacted {
        return Err(redacted(&id));
    }
    if method.number.is_none() {
        return Err(FlexPayError::invalid(
            50136,
            "a third-party gateway token has no CVV",
        ));
    }
    method.cvv = Some(cvv);
    Ok(envelope(method.view()))
}
