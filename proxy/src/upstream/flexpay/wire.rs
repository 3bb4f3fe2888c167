//! FlexPay's own request and response bodies (`api-docs/003_...`) and their conversion to and from
//! our types. Nothing here is visible outside the `flexpay` module.

mod request;
mod response;

use serde::{Deserialize, Serialize};

pub(super) use request::{CardFields, FollowUpRequest, GatewayRequest, NewPaymentMethod};
pub(super) use response::{ErrorBody, PaymentMethod, Transaction};

/// `{ "transaction": ... }`, both ways.
#[derive(Serialize, Deserialize)]
pub(super) struct TransactionEnvelope<T> {
    pub transaction: T,
}

/// `{ "paymentMethod": ... }`, both ways.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentMethodEnvelope<T> {
    pub payment_method: T,
}

/// `GET transactions` answer.
#[derive(Deserialize)]
pub(super) struct TransactionList {
    #[serde(default)]
    pub transactions: Vec<Transaction>,
}

/// `GET paymentmethods` answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentMethodList {
    #[serde(default)]
    pub payment_methods: Vec<PaymentMethod>,
}
