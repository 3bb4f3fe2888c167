//! Paying by card through the widget: what the shopper typed, and what came of it. The card
//! number and security code are [`Sensitive`]; the answer carries only the last four digits.

use serde::{Deserialize, Serialize};

use crate::{CardNextStep, CardOutcome, Sensitive};

/// `POST` [`crate::paths::CARD_PAYMENT`]: the card, typed in the widget's iframe only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPaymentRequest {
    /// The card number, digits (spaces are ignored).
    pub number: Sensitive,
    /// 1 to 12.
    pub expiry_month: u8,
    /// Four digits.
    pub expiry_year: u16,
    /// The 3- or 4-digit security code.
    pub cvc: Sensitive,
    /// The name on the card.
    pub holder_name: String,
    /// The billing city (FlexPay requires it).
    pub city: String,
    /// The billing postal code: Canadian, its first letter gives the province.
    pub postal_code: String,
    /// The session revision whose amount the shopper saw (see the account purchase).
    pub revision: u32,
}

/// What came of a card payment: approved, or declined with what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPaymentResult {
    /// FlexPay's response code and its class.
    pub outcome: CardOutcome,
    /// The shopper's message, in the session's language: never the gateway's text.
    pub message: String,
    /// What the shopper can do now.
    pub next_step: CardNextStep,
    /// Ours, for the receipt and the merchant's reconciliation.
    pub merchant_transaction_id: String,
    /// The card's last four digits.
    pub last_four: Option<String>,
}
