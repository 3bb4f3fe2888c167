//! A payment method held in the vault, and the payment-method core object that shows it.
//!
//! The core object lists `creditCardNumber` and `cvv`. The sandbox never shows either: the number
//! is masked (`XXXXXXXXXXXX1111`) and becomes `null` once redacted, `cvv` is always `null`.

use serde::Serialize;

use super::{
    billing::{Holder, Rules},
    cards::{self, Brand, Card},
};

/// What the vault keeps for one payment method.
#[derive(Debug, Clone)]
pub struct StoredPaymentMethod {
    /// `paymentMethodId`
    pub id: String,
    /// The full number, until redacted. `None` for a third-party gateway token.
    pub number: Option<String>,
    /// The CVV, kept only until the next gateway call (PCI forbids keeping it after an
    /// authorization); `recache` sets it again.
    pub cvv: Option<String>,
    /// `expiryMonth`
    pub expiry_month: Option<String>,
    /// `expiryYear`
    pub expiry_year: Option<String>,
    /// `firstSixDigits`
    pub first_six: Option<String>,
    /// `lastFourDigits`
    pub last_four: Option<String>,
    /// `fingerprint`
    pub fingerprint: Option<String>,
    /// `cardType`
    pub brand: Option<Brand>,
    /// `gatewayPaymentMethodId`, for a third-party token.
    pub gateway_payment_method_id: Option<String>,
    /// `merchantAccountReferenceId`, for a third-party token.
    pub merchant_account_reference_id: Option<String>,
    /// The cardholder.
    pub holder: Holder,
    /// Which validation table the holder was checked against (updates keep to it).
    pub rules: Rules,
    /// `customerId`
    pub customer_id: Option<String>,
    /// Stripped of sensitive data: it cannot be charged, updated or recached any more.
    pub redacted: bool,
}

/// The payment-method core object.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodView {
    payment_method_id: Option<String>,
    credit_card_number: Option<String>,
    expiry_month: Option<String>,
    expiry_year: Option<String>,
    cvv: Option<String>,
    gateway_payment_method_id: Option<String>,
    merchant_account_reference_id: Option<String>,
    first_six_digits: Option<String>,
    last_four_digits: Option<String>,
    #[serde(flatten)]
    holder: Holder,
    customer_id: Option<String>,
    payment_method_type: &'static str,
    fingerprint: Option<String>,
    card_type: Option<&'static str>,
}

impl StoredPaymentMethod {
    /// A card, not yet given an id (`id` is empty until the vault retains it).
    pub fn from_card(
        card: &Card,
        holder: Holder,
        rules: Rules,
        customer_id: Option<String>,
    ) -> Self {
        StoredPaymentMethod {
            id: String::new(),
            number: Some(card.number.clone()),
            cvv: card.cvv.clone(),
            expiry_month: Some(card.expiry_month.clone()),
            expiry_year: Some(card.expiry_year.clone()),
            first_six: Some(cards::first_six(&card.number).to_owned()),
            last_four: Some(cards::last_four(&card.number).to_owned()),
            fingerprint: Some(cards::fingerprint(&card.number)),
            brand: Brand::of_number(&card.number),
            gateway_payment_method_id: None,
            merchant_account_reference_id: None,
            holder,
            rules,
            customer_id,
            redacted: false,
        }
    }

    /// The payment method of a pass-in card refused before the gateway looked at it (Luhn,
    /// characters): only the cardholder is known.
    pub fn refused(holder: Holder) -> Self {
        StoredPaymentMethod {
            id: String::new(),
            number: None,
            cvv: None,
            expiry_month: None,
            expiry_year: None,
            first_six: None,
            last_four: None,
            fingerprint: None,
            brand: None,
            gateway_payment_method_id: None,
            merchant_account_reference_id: None,
            holder,
            rules: Rules::Lenient,
            customer_id: None,
            redacted: false,
        }
    }

    /// Strips the number and the CVV.
    pub fn redact(&mut self) {
        self.number = None;
        self.cvv = None;
        self.redacted = true;
    }

    /// The core object.
    pub fn view(&self) -> PaymentMethodView {
        PaymentMethodView {
            payment_method_id: (!self.id.is_empty()).then(|| self.id.clone()),
            credit_card_number: self.number.as_deref().map(cards::masked),
            expiry_month: self.expiry_month.clone(),
            expiry_year: self.expiry_year.clone(),
            cvv: None,
            gateway_payment_method_id: self.gateway_payment_method_id.clone(),
            merchant_account_reference_id: self.merchant_account_reference_id.clone(),
            first_six_digits: self.first_six.clone(),
            last_four_digits: self.last_four.clone(),
            holder: self.holder.clone(),
            customer_id: self.customer_id.clone(),
            payment_method_type: "CreditCard",
            fingerprint: self.fingerprint.clone(),
            card_type: self.brand.map(Brand::identifier),
        }
    }
}
