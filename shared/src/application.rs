//! The credit application as the widget sends it, and Flexiti's decision as the widget shows it.
//! Amounts are integer cents. Identity secrets (SIN, government-ID number, security answer,
//! personal identification word) are [`Sensitive`]: their `Debug` never prints them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Locale, PlanOffer};

/// A value that must never reach a log: `Debug` prints `[redacted]`. It travels as a plain JSON
/// string between the widget and the proxy, and on to Flexiti; nothing stores it.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Sensitive(String);

impl Sensitive {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Sensitive {
        Sensitive(value.into())
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A government-issued ID, as `apply` takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GovernmentId {
    /// `govid_type`, e.g. `CADL`.
    pub kind: String,
    /// `govid_issuedby`, e.g. `ON` or `CANADA`.
    pub issued_by: String,
    /// `govid_number`.
    pub number: Sensitive,
    /// `govid_expiry`, `YYYY-MM-DD`.
    pub expiry: String,
}

/// Every field of Flexiti's `apply`, named for the shopper's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditApplication {
    /// The credit asked for, in cents.
    pub amount_requested_cents: u64,
    /// Ten digits.
    pub phone_number: String,
    /// E-mail address.
    pub email: String,
    /// Preferred language.
    pub language: Locale,
    /// `mr`, `ms`, `mrs` or `mss` (from the form's choices).
    pub salutation: String,
    /// First name.
    pub first_name: String,
    /// Middle name, if any.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub dob: String,
    /// Street address.
    pub address_1: String,
    /// Apartment, suite...
    pub address_2: Option<String>,
    /// City.
    pub city: String,
    /// Province or territory code.
    pub province: String,
    /// Postal code.
    pub postal_code: String,
    /// The ID shown.
    pub government_id: GovernmentId,
    /// Yearly personal income, in cents.
    pub personal_income_cents: u64,
    /// Yearly household income, in cents.
    pub household_income_cents: u64,
    /// Monthly housing expenses, in cents: required in Quebec.
    pub monthly_housing_expenses_cents: Option<u64>,
    /// `housing_type`, e.g. `Rent` or `Own`.
    pub housing_type: String,
    /// `occupation_id`.
    pub occupation_id: String,
    /// `occupation_title`.
    pub occupation_title: String,
    /// Employer, if any.
    pub employer_name: Option<String>,
    /// Employer's phone, if any.
    pub employer_phone: Option<String>,
    /// Social insurance number: optional.
    pub sin: Option<Sensitive>,
    /// The chosen security question's id.
    pub security_question_id: String,
    /// Its answer.
    pub security_answer: Sensitive,
    /// The personal identification word.
    pub piw: Sensitive,
    /// The terms shown were agreed to.
    pub terms_accepted: bool,
}

/// An approved application, as the shopper sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationApproval {
    /// Credit available now, in cents.
    pub available_credit_cents: u64,
    /// The credit limit, in cents.
    pub credit_limit_cents: u64,
    /// The last four digits of the new Flexiti card.
    pub card_ending: String,
    /// Quebec: the debt ratio to disclose, in hundredths of a percent; with it, the shopper must
    /// be offered to cancel the account.
    pub debt_ratio_basis_points: Option<u32>,
    /// The plans the new account may use.
    pub offers: Vec<PlanOffer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_never_print() {
        let id = GovernmentId {
            kind: "CADL".into(),
            issued_by: "ON".into(),
            number: Sensitive::new("D6101-40706-60905"),
            expiry: "2031-01-01".into(),
        };
        let printed = format!("{id:?}");
        assert!(!printed.contains("D6101"), "{printed}");
        let json = serde_json::to_string(&id.number).expect("serialize");
        assert_eq!(json, "\"D6101-40706-60905\"");
    }
}
