//! Cards: what the shopper typed (held as secrets), who holds them, and what the vault keeps.

use secrecy::SecretString;

use super::transaction::PaymentMethodId;

/// A card as the shopper typed it. The number and the CVV are `secrecy` types, so `Debug` shows
/// `[REDACTED]` for both; they only leave memory in the body of the FlexPay request.
#[derive(Debug, Clone)]
pub struct CardDetails {
    /// The card number, digits only.
    pub number: SecretString,
    /// The expiry month, 1 to 12.
    pub expiry_month: u8,
    /// The expiry year, four digits.
    pub expiry_year: u16,
    /// The 3- or 4-digit security code.
    pub cvv: Option<SecretString>,
}

/// The cardholder and the billing address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cardholder {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Address line 1.
    pub address1: String,
    /// Address line 2.
    pub address2: Option<String>,
    /// City.
    pub city: String,
    /// Province or state: a two-letter code or the full name.
    pub province: String,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-3 country code (`CAN`).
    pub country: String,
    /// Email: lets FlexPay mint a customer id when the request has none.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

/// A card to store in the vault.
#[derive(Debug, Clone)]
pub struct NewCard {
    /// The merchant's id of the customer; without it the holder's email is required.
    pub customer_id: Option<String>,
    /// The card.
    pub card: CardDetails,
    /// Its holder and billing address.
    pub holder: Cardholder,
}

/// A card brand, as FlexPay's `cardType` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardBrand {
    /// `VISA`
    Visa,
    /// `MASTERCARD`
    Mastercard,
    /// `AMERICAN EXPRESS`
    AmericanExpress,
    /// `DISCOVER`
    Discover,
    /// `JCB`
    Jcb,
    /// `DINERS CLUB INTERNATIONAL`
    DinersClub,
}

impl CardBrand {
    /// The brand of a documented `cardType` identifier (case and spacing aside).
    pub fn from_card_type(card_type: &str) -> Option<CardBrand> {
        let normalized = card_type
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_uppercase();
        match normalized.as_str() {
            "VISA" => Some(CardBrand::Visa),
            "MASTERCARD" => Some(CardBrand::Mastercard),
            "AMERICAN EXPRESS" => Some(CardBrand::AmericanExpress),
            "DISCOVER" => Some(CardBrand::Discover),
            "JCB" => Some(CardBrand::Jcb),
            "DINERS CLUB INTERNATIONAL" | "DINERS CLUB" => Some(CardBrand::DinersClub),
            _ => None,
        }
    }
}

/// A card held in the FlexPay vault. FlexPay's `creditCardNumber` and `cvv` are never read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultedCard {
    /// Its id, to charge or authorize it later.
    pub id: PaymentMethodId,
    /// The customer FlexPay filed it under.
    pub customer_id: Option<String>,
    /// The brand.
    pub brand: Option<CardBrand>,
    /// The last four digits.
    pub last_four: Option<String>,
    /// The expiry month.
    pub expiry_month: Option<u8>,
    /// The expiry year.
    pub expiry_year: Option<u16>,
    /// A value that identifies the card number (the same card vaulted twice has the same one).
    pub fingerprint: Option<String>,
}
