//! A checkout session as the proxy keeps it: what the merchant's server bound (amount, currency,
//! order, language, methods, the pages allowed to embed it) and where it stands.

use serde::{Deserialize, Serialize};
use shared::{
    ApplicationApproval, CheckoutView, Currency, Locale, PaymentMethod, PaymentOutcome,
    PurchaseReceipt, SessionStatus,
};
use time::OffsetDateTime;
use tower_sessions::session::Id;

use super::{
    Origin, SealedCode,
    application::{ApplicationInFlight, RefusedApplication},
    payment::PaymentInFlight,
    token::SecretHash,
};

/// The prefix of session ids as merchants see them, so an id is recognisable in their logs.
pub const SESSION_ID_PREFIX: &str = "cs_";

/// One checkout session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutSession {
    /// The store's key.
    #[serde(with = "id_text")]
    pub id: Id,
    /// The hash of the client token's secret.
    pub token_hash: SecretHash,
    /// What the shopper pays, in cents.
    pub amount_cents: u64,
    /// In which currency.
    pub currency: Currency,
    /// The merchant's order id (FlexPay's `orderId`: at most 50 characters).
    pub order_id: String,
    /// The shopper's language.
    pub locale: Locale,
    /// The ways to pay on offer.
    pub methods: Vec<PaymentMethod>,
    /// The exact origins of the pages that may embed the widget.
    pub allowed_origins: Vec<Origin>,
    /// When the merchant created it.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it stops accepting payments.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Set when the merchant expired it early.
    pub expired_by_merchant: bool,
    /// How it was paid, once a payment completed it.
    pub outcome: Option<PaymentOutcome>,
    /// Grows with each change the merchant makes.
    pub revision: u32,
    /// The Flexiti account the shopper found (or opened) in this session, kept server-side.
    pub flexiti_account: Option<HeldAccount>,
    /// The payment sent upstream and not settled yet, if any (see [`super::payment`]).
    #[serde(default)]
    pub payment_in_flight: Option<PaymentInFlight>,
    /// Payments attempted so far, declines included.
    #[serde(default)]
    pub payment_attempts: u32,
    /// The terms served to the shopper in this session (province, language, digest).
    #[serde(default)]
    pub terms_shown: Vec<TermsShown>,
    /// What the applicant agreed to, when they applied.
    #[serde(default)]
    pub consent: Option<ConsentReceipt>,
    /// What the merchant refunded of the payment so far, in cents: recorded only once the
    /// upstream approved each refund, and checked before the next one is sent.
    #[serde(default)]
    pub refunded_cents: u64,
    /// A Quebec applicant declined the account an application opened in this session, and
    /// Flexiti closed it: the cancellation sent again (its answer lost on the way) is answered
    /// as done, not as a request for an account the session no longer holds.
    #[serde(default)]
    pub declined_account: bool,
    /// The credit application sent to Flexiti and not decided yet, if any (see
    /// [`super::application`]).
    #[serde(default)]
    pub application_in_flight: Option<ApplicationInFlight>,
    /// Flexiti's decline or review of an application of this session (see
    /// [`super::application`]).
    #[serde(default)]
    pub application_refused: Option<RefusedApplication>,
}

/// Terms the widget was served: the digest of the exact sanitized HTML, in one language, for one
/// province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsShown {
    /// The province they apply to.
    pub province: String,
    /// Their language.
    pub locale: Locale,
    /// SHA-256 of the HTML served, hex.
    pub sha256: String,
}

impl TermsShown {
    /// The record of `html` served for `province` in `locale`.
    pub fn of(province: &str, locale: Locale, html: &str) -> TermsShown {
        use sha2::{Digest, Sha256};
        let sha256 = super::token::hex(&Sha256::digest(html.as_bytes()));
        TermsShown {
            province: province.to_owned(),
            locale,
            sha256,
        }
    }
}

/// The receipt of an applicant's agreement: which terms (by digest), in which language, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentReceipt {
    /// The terms agreed to.
    pub terms: TermsShown,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub agreed_at: OffsetDateTime,
}

/// A Flexiti account in use in a session: its ids never go to the widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldAccount {
    /// Flexiti's customer id.
    pub customer_id: u64,
    /// The account number.
    pub account_number: u64,
    /// The code a verification gave, for the purchase, sealed under the client token's key;
    /// `None` until verified, or when the code went to the shopper by text or e-mail. (Rows from
    /// before sealing kept the code in plain text under `verification_code`: no longer read, so
    /// such a shopper verifies again.)
    #[serde(default)]
    pub sealed_code: Option<SealedCode>,
    /// Whether a verification happened (a code sent counts: the shopper brings it).
    pub verification_started: bool,
    /// Open-to-buy, in cents, as the lookup found it (or the application opened it with): told
    /// to the shopper once verified, never by the lookup. `None` in rows from before it was kept.
    #[serde(default)]
    pub available_credit_cents: Option<u64>,
    /// Opened by an application in this session, in Quebec: the applicant may still cancel it
    /// (until it is used).
    #[serde(default)]
    pub cancellable: bool,
    /// Opened by an application in this session: it may pay even where the merchant offers
    /// credit applications but not existing accounts.
    #[serde(default)]
    pub opened_here: bool,
    /// The receipt of the purchase that paid this session with the account, as Flexiti answered
    /// it: a confirmation sent again (its answer lost on the way, a second tab) is answered with
    /// it instead of a refusal. `None` until then, and when a lookup settled the purchase (see
    /// [`crate::reconciliation`]): Flexiti's list of purchases does not say their fees.
    #[serde(default)]
    pub receipt: Option<PurchaseReceipt>,
    /// The approval of the application that opened it in this session: the application sent
    /// again (its answer lost on the way) is answered with it. Flexiti would answer that the
    /// applicant already has an account, which they did not know they had.
    #[serde(default)]
    pub approval: Option<ApplicationApproval>,
    /// Who applied for it, as [`super::CodeKey::fingerprint`] of their names and birth date: an
    /// application sent again is answered with [`HeldAccount::approval`] only if it is theirs.
    #[serde(default)]
    pub applicant: Option<String>,
}

impl CheckoutSession {
    /// The id as merchants see it: `cs_` and the store key.
    pub fn public_id(&self) -> String {
        format!("{SESSION_ID_PREFIX}{}", self.id)
    }

    /// Where it stands at `now`.
    pub fn status(&self, now: OffsetDateTime) -> SessionStatus {
        if self.outcome.is_some() {
            SessionStatus::Completed
        } else if self.expired_by_merchant || now >= self.expires_at {
            SessionStatus::Expired
        } else {
            SessionStatus::Open
        }
    }

    /// Whether it is still open at `now`.
    ///
    /// # Errors
    /// `session_expired` past its expiry, `session_closed` once paid.
    pub fn require_open(&self, now: OffsetDateTime) -> Result<(), shared::ErrorCode> {
        match self.status(now) {
            SessionStatus::Open => Ok(()),
            SessionStatus::Expired => Err(shared::ErrorCode::SessionExpired),
            SessionStatus::Completed => Err(shared::ErrorCode::SessionClosed),
        }
    }

    /// The widget's view of it.
    pub fn view(&self, now: OffsetDateTime) -> CheckoutView {
        CheckoutView {
            amount_cents: self.amount_cents,
            currency: self.currency,
            locale: self.locale,
            methods: self.methods.clone(),
            status: self.status(now),
            revision: self.revision,
            outcome: self.outcome.clone(),
            payment_in_progress: self.payment_in_flight.is_some(),
            allowed_origins: self
                .allowed_origins
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }
}

/// Reads a merchant-facing session id (`cs_...`) back into the store key.
pub fn parse_public_id(text: &str) -> Option<Id> {
    text.strip_prefix(SESSION_ID_PREFIX)?.parse().ok()
}

/// The store key as its URL-safe text: JSON numbers cannot carry its 128 bits.
mod id_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use tower_sessions::session::Id;

    pub(super) fn serialize<S: Serializer>(id: &Id, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(D::Error::custom)
    }
}
