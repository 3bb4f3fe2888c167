//! A recorded transaction, the transaction core object that shows it, and the request elements a
//! transaction echoes (shipping address, `References`).
//!
//! Readings: `responseCode` is a string (`String (6)`); `transactionType` (listed by
//! `GET /transactions`) and the `gateway` element (`token`, `gatewayType`, `name`, `referenceId`)
//! are shown on every transaction beside the core object's flat `gatewayToken` / `gatewayType`;
//! `References` / `PreviousTransaction` keep the capitals the docs give them everywhere.

use serde::{Deserialize, Serialize};

use super::{codes, payment_method::PaymentMethodView};

/// The sandbox's one gateway.
pub mod gateway {
    /// `gatewayToken` / `gateway.token`
    pub const TOKEN: &str = "SANDBOXGATEWAYFLEXPAY2CA4Q";
    /// `gatewayType`
    pub const TYPE: &str = "Sandbox";
    /// `gateway.name`
    pub const NAME: &str = "FlexPay Sandbox Gateway";
    /// `merchantAccountReferenceId` / `gateway.referenceId`
    pub const MERCHANT_ACCOUNT: &str = "sandbox-merchant-account";
}

/// `transactionType`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TransactionType {
    /// Funds reserved, to capture later.
    Authorize,
    /// An authorization captured.
    Capture,
    /// Authorized and captured at once.
    Charge,
    /// Money returned from a charge or capture.
    Refund,
    /// An authorization, charge or capture cancelled.
    Void,
}

/// The shipping-address core object (also the request element).
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ShippingAddress {
    /// `address1`
    pub address1: Option<String>,
    /// `address2`
    pub address2: Option<String>,
    /// `postalCode`
    pub postal_code: Option<String>,
    /// `city`
    pub city: Option<String>,
    /// `state`
    pub state: Option<String>,
    /// `country`
    pub country: Option<String>,
}

/// `References`
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct References {
    /// `PreviousTransaction`
    #[serde(rename = "PreviousTransaction", alias = "previousTransaction")]
    pub previous_transaction: Option<PreviousTransaction>,
}

/// `PreviousTransaction`: what another system answered for an earlier attempt.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PreviousTransaction {
    /// `merchantAccountReferenceId`
    pub merchant_account_reference_id: Option<String>,
    /// `gatewayCode`
    pub gateway_code: Option<String>,
    /// `gatewayMessage`
    pub gateway_message: Option<String>,
    /// `transactionDate`
    pub transaction_date: Option<String>,
}

/// `response`: address and CVV checks, and the error of a declined transaction.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct GatewayResponse {
    /// `avsCode`
    pub avs_code: Option<&'static str>,
    /// `avsMessage`
    pub avs_message: Option<&'static str>,
    /// `cvvCode`
    pub cvv_code: Option<&'static str>,
    /// `cvvMessage`
    pub cvv_message: Option<&'static str>,
    /// `errorCode`
    pub error_code: Option<String>,
    /// `errorDetail`
    pub error_detail: Option<&'static str>,
}

/// The `gateway` element of the list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct GatewayElement {
    token: &'static str,
    gateway_type: &'static str,
    name: &'static str,
    reference_id: String,
}

/// The transaction core object.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionView {
    pub merchant_transaction_id: String,
    pub transaction_type: TransactionType,
    pub transaction_status: u8,
    pub response_code: String,
    pub message: &'static str,
    pub transaction_id: String,
    pub transaction_date: String,
    pub response: GatewayResponse,
    pub currency_code: String,
    pub amount: i64,
    pub gateway_token: &'static str,
    pub gateway_type: &'static str,
    pub gateway_transaction_id: Option<String>,
    pub merchant_account_reference_id: String,
    pub gateway: GatewayElement,
    pub customer_id: Option<String>,
    pub assigned_gateway_token: Option<String>,
    pub order_id: String,
    pub retry_date: Option<String>,
    pub retry_count: i64,
    pub date_first_attempt: Option<String>,
    pub payment_method: Option<PaymentMethodView>,
    pub customer_ip: Option<String>,
    pub shipping_address: Option<ShippingAddress>,
    pub reference_data: Option<String>,
    pub description: Option<String>,
    pub disable_customer_recovery: bool,
    pub custom_variable1: Option<String>,
    pub custom_variable2: Option<String>,
    pub custom_variable3: Option<String>,
    pub custom_variable4: Option<String>,
    pub custom_variable5: Option<String>,
    #[serde(rename = "References")]
    pub references: Option<References>,
}

/// What a transaction needs to be shown, before the ledger gives it an id and a date.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: TransactionType,
    pub code: u32,
    pub merchant_transaction_id: String,
    pub order_id: String,
    pub currency_code: String,
    pub amount: i64,
    pub merchant_account: String,
}

impl TransactionView {
    /// A transaction with `draft`'s outcome and every optional field empty.
    pub fn new(draft: Draft, transaction_id: String, transaction_date: String) -> TransactionView {
        let declined = codes::transaction_status(draft.code) != 1;
        TransactionView {
            merchant_transaction_id: draft.merchant_transaction_id,
            transaction_type: draft.kind,
            transaction_status: codes::transaction_status(draft.code),
            response_code: draft.code.to_string(),
            message: codes::message(draft.code),
            transaction_id,
            transaction_date,
            response: GatewayResponse {
                error_code: declined.then(|| draft.code.to_string()),
                error_detail: declined.then(|| codes::message(draft.code)),
                ..GatewayResponse::default()
            },
            currency_code: draft.currency_code,
            amount: draft.amount,
            gateway_token: gateway::TOKEN,
            gateway_type: gateway::TYPE,
            gateway_transaction_id: None,
            gateway: GatewayElement {
                token: gateway::TOKEN,
                gateway_type: gateway::TYPE,
                name: gateway::NAME,
                reference_id: draft.merchant_account.clone(),
            },
            merchant_account_reference_id: draft.merchant_account,
            customer_id: None,
            assigned_gateway_token: None,
            order_id: draft.order_id,
            retry_date: None,
            retry_count: 0,
            date_first_attempt: None,
            payment_method: None,
            customer_ip: None,
            shipping_address: None,
            reference_data: None,
            description: None,
            disable_customer_recovery: false,
            custom_variable1: None,
            custom_variable2: None,
            custom_variable3: None,
            custom_variable4: None,
            custom_variable5: None,
            references: None,
        }
    }
}

/// A transaction and the money it still holds.
#[derive(Debug, Clone)]
pub struct TransactionRecord {
    /// What the API shows.
    pub view: TransactionView,
    /// Its response code.
    pub code: u32,
    /// For an authorization: the capture that completed it.
    pub captured_by: Option<String>,
    /// Voided: nothing can be captured or refunded any more.
    pub voided: bool,
    /// For a charge or capture: the cents refunded so far.
    pub refunded: i64,
}

impl TransactionRecord {
    /// Whether it was approved.
    pub fn approved(&self) -> bool {
        self.code == codes::APPROVED
    }
}
