//! What we send: the bodies of charge / authorize, capture / void / refund, and the vault. They
//! hold the card number and CVV exposed, so they derive no `Debug`.

use secrecy::ExposeSecret;
use serde::Serialize;

use super::super::{Attempt, CardDetails, Cardholder, PaymentRequest, PaymentSource};

/// The `transaction` of `gateways/charge` and `gateways/authorize`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayRequest<'a> {
    pub merchant_transaction_id: &'a str,
    pub order_id: &'a str,
    pub currency_code: &'static str,
    pub amount: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retain_on_success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<CardFields<'a>>,
    pub retry_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_first_attempt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_data: Option<&'a str>,
    pub disable_customer_recovery: bool,
}

impl<'a> GatewayRequest<'a> {
    pub fn new(request: &'a PaymentRequest, disable_customer_recovery: bool) -> GatewayRequest<'a> {
        let (payment_method_id, payment_method, retain_on_success) = match &request.source {
            PaymentSource::Vaulted(id) => (Some(id.as_str()), None, None),
            PaymentSource::Card(pass_in) => (
                None,
                Some(CardFields::new(&pass_in.card, &pass_in.holder)),
                Some(pass_in.retain_on_success),
            ),
        };
        let (retry_count, date_first_attempt, reference_data) = match &request.attempt {
            Attempt::First => (0, None, None),
            Attempt::Retry {
                number,
                first_attempted_at,
                reference_data,
            } => (
                number.get(),
                Some(first_attempted_at.as_str()),
                reference_data.as_deref(),
            ),
        };
        GatewayRequest {
            merchant_transaction_id: request.merchant_transaction_id.as_str(),
            order_id: &request.order_id,
            currency_code: request.currency.code(),
            amount: request.amount_cents,
            customer_id: request.customer_id.as_deref(),
            customer_ip: request.customer_ip.map(|ip| ip.to_string()),
            description: request.description.as_deref(),
            payment_method_id,
            retain_on_success,
            payment_method,
            retry_count,
            date_first_attempt,
            reference_data,
            disable_customer_recovery,
        }
    }
}

/// The `transaction` of capture, void and refund.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpRequest<'a> {
    pub merchant_transaction_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    pub disable_customer_recovery: bool,
}

/// The `paymentMethod` of `POST paymentmethods`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPaymentMethod<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<&'a str>,
    pub credit_card: CardFields<'a>,
}

/// A card and its holder: `creditCard` of the vault, `paymentMethod` of a pass-in.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardFields<'a> {
    credit_card_number: &'a str,
    expiry_month: String,
    expiry_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    cvv: Option<&'a str>,
    first_name: &'a str,
    last_name: &'a str,
    address1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address2: Option<&'a str>,
    postal_code: &'a str,
    city: &'a str,
    state: &'a str,
    country: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<&'a str>,
}

impl<'a> CardFields<'a> {
    pub fn new(card: &'a CardDetails, holder: &'a Cardholder) -> CardFields<'a> {
        CardFields {
            credit_card_number: card.number.expose_secret(),
            expiry_month: format!("{:02}", card.expiry_month),
            expiry_year: format!("{:04}", card.expiry_year),
            cvv: card.cvv.as_ref().map(ExposeSecret::expose_secret),
            first_name: &holder.first_name,
            last_name: &holder.last_name,
            address1: &holder.address1,
            address2: holder.address2.as_deref(),
            postal_code: &holder.postal_code,
            city: &holder.city,
            state: &holder.province,
            country: &holder.country,
            email: holder.email.as_deref(),
            phone_number: holder.phone.as_deref(),
        }
    }
}
