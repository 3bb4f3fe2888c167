//! The existing-account flow as the widget sees it: the account found, how the shopper can prove
//! it is theirs, the financing plans on offer and what each costs, and the purchase's receipt.
//! Amounts are integer cents; Flexiti's decimal dollars never reach the widget.

use serde::{Deserialize, Serialize};

use crate::Sensitive;

/// A financing plan the merchant and the account allow (Flexiti's `offer_types`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanOffer {
    /// Flexiti's `plan_id`.
    pub plan_id: String,
    /// The plan's name, as Flexiti words it.
    pub name: String,
    /// `equal_billing` or `deferred_payment`.
    pub category: String,
    /// The terms offered, in months.
    pub terms: Vec<u32>,
}

/// What a purchase costs on one plan and term (`calculate-interest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanQuote {
    /// The plan.
    pub plan_id: String,
    /// Its name.
    pub name: String,
    /// Months.
    pub term: u32,
    /// The purchase, in cents.
    pub amount_cents: u64,
    /// The one-time administration fee, in cents.
    pub admin_fee_cents: u64,
    /// Each month's payment, in cents.
    pub monthly_payment_cents: u64,
    /// The annual percentage rate, in hundredths of a percent (2999 is 29.99%).
    pub apr_basis_points: u32,
    /// Interest over the term, in cents.
    pub total_interest_cents: u64,
}

/// How a shopper can prove an account is theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// One of the account's security questions.
    SecurityQuestion,
    /// A code sent by text message.
    Sms,
    /// A code sent by e-mail.
    Email,
}

/// One of the account's security questions, in the shopper's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecurityQuestion {
    /// Flexiti's question id.
    pub id: String,
    /// The question.
    pub text: String,
}

/// The account a lookup found: enough for the shopper to verify, nothing more (no address, no
/// account number, and no credit: see `available_credit_cents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    /// Open-to-buy, in cents, once the shopper has shown the account is theirs: `null` in a
    /// lookup's answer, which anyone holding a checkout can ask with a card number, or with a
    /// name, a birth date and a postal code; told by [`VerifyResult::Verified`].
    pub available_credit_cents: Option<u64>,
    /// The questions the shopper may answer to verify.
    pub security_questions: Vec<SecurityQuestion>,
    /// The plans on offer.
    pub offers: Vec<PlanOffer>,
}

/// The receipt of a Flexiti purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseReceipt {
    /// Flexiti's transaction id.
    pub transaction_id: String,
    /// The plan's name.
    pub plan_name: String,
    /// Months, when the plan has a term.
    pub term: Option<u32>,
    /// The purchase, in cents.
    pub amount_cents: u64,
    /// Each month's payment, in cents.
    pub monthly_payment_cents: u64,
    /// Fees, in cents.
    pub admin_fee_cents: u64,
    /// Open-to-buy left after the purchase, in cents.
    pub remaining_credit_cents: u64,
}

/// `POST` [`crate::paths::ACCOUNT_LOOKUP`]: how the shopper identifies their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum AccountLookup {
    /// The 16-digit Flexiti card number.
    Card {
        /// The card number.
        vcc_number: Sensitive,
    },
    /// Who the shopper is.
    Person {
        /// First name.
        first_name: String,
        /// Last name.
        last_name: String,
        /// `YYYY-MM-DD`.
        dob: String,
        /// Postal code.
        postal_code: String,
    },
}

/// `POST` [`crate::paths::ACCOUNT_VERIFY`]: how the shopper proves the account is theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    /// By a question, or by a code sent by text or e-mail.
    pub method: VerificationMethod,
    /// The question answered (security question only).
    pub question_id: Option<String>,
    /// The answer (security question only).
    pub answer: Option<Sensitive>,
    /// The personal identification word, when the shopper gives it.
    pub piw: Option<Sensitive>,
}

/// What a verification gave the shopper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum VerifyResult {
    /// Verified: the shopper may choose a plan and confirm.
    Verified {
        /// The account's open-to-buy, in cents, as the lookup found it.
        available_credit_cents: Option<u64>,
    },
    /// A code went out by this channel: the shopper types it when confirming.
    CodeSent {
        /// The channel.
        method: VerificationMethod,
    },
}

/// `POST` [`crate::paths::ACCOUNT_QUOTE`]: a plan and term to price for the session's amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    /// The plan.
    pub plan_id: String,
    /// Its term, in months.
    pub term: u32,
}

/// `POST` [`crate::paths::ACCOUNT_PURCHASE`]: the shopper confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseRequest {
    /// The plan.
    pub plan_id: String,
    /// Its term, in months.
    pub term: u32,
    /// The code the shopper received by text or e-mail (not needed after a security question).
    pub verification_code: Option<Sensitive>,
    /// The session revision whose amount the shopper saw: a purchase of an amount the merchant
    /// has changed since is refused, so the shopper confirms only what they saw.
    pub revision: u32,
}
