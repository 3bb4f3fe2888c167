//! The one source of truth shared by the widget (wasm32) and the proxy (native): the wire types of
//! the widget <-> proxy API, the province and government-ID rules, and the error catalogue with its
//! bilingual shopper messages.
//!
//! Only `serde`-level dependencies live here, because every byte of this crate is also downloaded by
//! shoppers as part of the widget.

pub mod account;
pub mod applicant_draft;
pub mod applicant_fields;
pub mod applicant_rules;
pub mod application;
pub mod calendar;
pub mod card;
pub mod card_outcome;
pub mod card_payment;
pub mod catalogue;
pub mod checkout;
pub mod events;
pub mod first_screen;
pub mod form_config;
pub mod locale;
pub mod terms;
pub mod wire_name;

pub use account::{
    AccountLookup, AccountSummary, PlanOffer, PlanQuote, PurchaseReceipt, PurchaseRequest,
    QuoteRequest, SecurityQuestion, VerificationMethod, VerifyRequest, VerifyResult,
};
pub use applicant_draft::{ApplicationDraft, parse_dollars};
pub use applicant_fields::{ApplicantField, FieldProblem, Problem};
pub use applicant_rules::{HOUSING_TYPES, MINIMUM_AGE, OCCUPATIONS, housing_types, occupations};
pub use application::{ApplicationApproval, CreditApplication, GovernmentId, Sensitive};
pub use calendar::CalendarDate;
pub use card::{
    CardBrand, CardProblem, card_digits, check_billing, check_cvc, check_expiry, check_number,
    format_card_number, luhn_valid,
};
pub use card_outcome::{CardNextStep, CardOutcome, CardOutcomeClass, GatewayStatus};
pub use card_payment::{CardPaymentRequest, CardPaymentResult};
pub use catalogue::{ApiError, ErrorCode, FieldError, NextStep};
pub use checkout::{
    CheckoutView, Currency, PaymentMethod, PaymentOutcome, SessionStatus, format_amount,
};
pub use events::{
    ApplicationStatus, EVENTS_SOURCE, EVENTS_VERSION, EventMessage, Step, WidgetEvent,
};
pub use first_screen::{FirstScreenWords, choice_html};
pub use form_config::{
    CANADA, Choice, FormConfig, GovIdTypeOption, PROVINCE_CODES, canonical_postal_code,
    is_postal_code_shape, is_province_code, province_of_postal_code,
};
pub use locale::Locale;
pub use terms::{Disclosures, TermsDocument, TermsRegion};
pub use wire_name::WireName;

/// Paths of the widget API, so that the widget and the proxy cannot disagree on them.
pub mod paths {
    /// `GET`: the options of the credit-application form (`?locale=`).
    pub const FORM_CONFIG: &str = "/api/v1/form-config";
    /// `GET`: the terms and conditions for a province (`?province=&locale=`).
    pub const TERMS: &str = "/api/v1/terms";
    /// `GET`: the merchant's disclosures, sanitized (`?locale=`).
    pub const DISCLOSURES: &str = "/api/v1/disclosures";
    /// `GET`: the widget's view of its checkout session.
    pub const SESSION: &str = "/api/v1/session";
    /// `POST`: find the shopper's Flexiti account.
    pub const ACCOUNT_LOOKUP: &str = "/api/v1/account/lookup";
    /// `POST`: verify that the account found is the shopper's.
    pub const ACCOUNT_VERIFY: &str = "/api/v1/account/verify";
    /// `POST`: what the session's amount costs on a plan.
    pub const ACCOUNT_QUOTE: &str = "/api/v1/account/quote";
    /// `POST`: pay the session's amount with the account, on a plan.
    pub const ACCOUNT_PURCHASE: &str = "/api/v1/account/purchase";
    /// `POST`: apply for Flexiti credit.
    pub const APPLICATIONS: &str = "/api/v1/applications";
    /// `POST`: a Quebec applicant declines the account just opened.
    pub const APPLICATION_CANCEL: &str = "/api/v1/applications/cancel";
    /// `POST`: pay the session's amount by card.
    pub const CARD_PAYMENT: &str = "/api/v1/card/payment";
    /// The merchant server API's checkout sessions (`POST` to create; `/{id}` to read or change;
    /// `/{id}/expire`).
    pub const CHECKOUT_SESSIONS: &str = "/v1/checkout-sessions";
}

/// The header the widget authenticates with: `Authorization: Bearer <client token>`. A header,
/// not a cookie, so that the widget works where third-party cookies are blocked.
pub const CLIENT_TOKEN_SCHEME: &str = "Bearer";
