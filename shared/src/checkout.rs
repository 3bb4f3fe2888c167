//! What a checkout session is to the widget: the amount the merchant's server bound, its currency,
//! the shopper's language, the ways to pay on offer, and whether the checkout is still open.
//!
//! The merchant's server creates and changes sessions; the widget only reads this view of one.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// A way to pay the merchant may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Apply for Flexiti credit, then pay with it.
    CreditApplication,
    /// Pay with an existing Flexiti account.
    FlexitiAccount,
    /// Pay by card through FlexPay.
    Card,
}

impl PaymentMethod {
    /// Every method, in the order the widget offers them.
    pub const ALL: [PaymentMethod; 3] = [
        PaymentMethod::CreditApplication,
        PaymentMethod::FlexitiAccount,
        PaymentMethod::Card,
    ];

    /// Its wire name (as serde writes it), for logs, metrics and the proxy's ledger.
    pub const fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::CreditApplication => "credit_application",
            PaymentMethod::FlexitiAccount => "flexiti_account",
            PaymentMethod::Card => "card",
        }
    }
}

/// The currencies a checkout can be in (those FlexPay accepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Currency {
    /// Canadian dollars, the default.
    #[default]
    #[serde(rename = "CAD")]
    Cad,
    /// US dollars (card payments only: Flexiti credit is in Canadian dollars).
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    /// The ISO 4217 code.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Cad => "CAD",
            Currency::Usd => "USD",
        }
    }
}

/// `cents` as the shopper reads an amount in `locale`: `$1,957.00` in English, `1 957,00 $` in
/// French (no-break spaces, so the amount never wraps).
pub fn format_amount(cents: u64, locale: Locale) -> String {
    let dollars = (cents / 100).to_string();
    let (separator, decimal) = match locale.in_build() {
        Locale::EnCa => (',', '.'),
        Locale::FrCa => ('\u{202f}', ','),
    };
    let mut grouped = String::new();
    for (position, digit) in dollars.chars().enumerate() {
        if position > 0 && (dollars.len() - position).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    let amount = format!("{grouped}{decimal}{:02}", cents % 100);
    match locale.in_build() {
        Locale::EnCa => format!("${amount}"),
        Locale::FrCa => format!("{amount}\u{a0}$"),
    }
}

/// Where a checkout session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// The shopper may still pay.
    Open,
    /// Paid: the outcome is final.
    Completed,
    /// Past its expiry, or expired by the merchant: nothing more can happen in it.
    Expired,
}

/// What the widget learns of its checkout session (`GET` [`crate::paths::SESSION`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutView {
    /// The amount to pay, in cents. Bound by the merchant's server; the widget cannot change it.
    pub amount_cents: u64,
    /// Its currency.
    pub currency: Currency,
    /// The shopper's language, as the merchant chose it.
    pub locale: Locale,
    /// The ways to pay on offer.
    pub methods: Vec<PaymentMethod>,
    /// Whether the checkout is still open.
    pub status: SessionStatus,
    /// Grows each time the merchant changes the session, so the widget can tell that the amount it
    /// shows is the current one before the shopper confirms.
    pub revision: u32,
    /// How it was paid, once it was.
    pub outcome: Option<PaymentOutcome>,
    /// A payment was sent and its answer is not settled yet: nothing else may be paid meanwhile.
    pub payment_in_progress: bool,
    /// The exact origins of the pages allowed to embed the widget: the only ones its events go to.
    pub allowed_origins: Vec<String>,
}

impl CheckoutView {
    /// The ways to pay on offer, in the order the widget offers them ([`PaymentMethod::ALL`]),
    /// whatever order the merchant named them in.
    pub fn offered(&self) -> Vec<PaymentMethod> {
        PaymentMethod::ALL
            .into_iter()
            .filter(|method| self.methods.contains(method))
            .collect()
    }
}

/// How a checkout was paid: what the shopper's receipt and the merchant's server show. No card
/// number beyond its last four digits, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum PaymentOutcome {
    /// Paid with a Flexiti account, on a plan.
    FlexitiAccount {
        /// Flexiti's transaction id.
        transaction_id: String,
        /// The plan's name.
        plan_name: String,
        /// Months.
        term: Option<u32>,
        /// Paid, in cents.
        amount_cents: u64,
        /// Each month's payment, in cents.
        monthly_payment_cents: u64,
    },
    /// Paid by card through FlexPay.
    Card {
        /// Ours: the FlexPay transaction's `merchantTransactionId`.
        merchant_transaction_id: String,
        /// FlexPay's transaction id, for capture, void and refund.
        transaction_id: String,
        /// The card's last four digits.
        last_four: Option<String>,
        /// Paid, in cents.
        amount_cents: u64,
    },
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_methods_name_is_its_wire_name() {
        for method in super::PaymentMethod::ALL {
            let wire = serde_json::to_value(method).expect("serializes");
            assert_eq!(wire.as_str(), Some(method.as_str()));
        }
    }

    use super::*;

    #[test]
    fn amounts_read_as_each_language_writes_them() {
        assert_eq!(format_amount(195_700, Locale::EnCa), "$1,957.00");
        assert_eq!(
            format_amount(195_700, Locale::FrCa),
            "1\u{202f}957,00\u{a0}$"
        );
        assert_eq!(format_amount(5, Locale::EnCa), "$0.05");
        assert_eq!(format_amount(123_456_789, Locale::EnCa), "$1,234,567.89");
    }
}
