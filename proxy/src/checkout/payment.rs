//! One payment at a time per checkout session, whatever the way to pay: a payment is recorded as
//! in flight, with the reference it is sent under, before anything goes upstream; it is settled
//! only by that reference; an outcome, once recorded, is never replaced. These are the rules that
//! keep a double click, two tabs, a card and a Flexiti account at once, or a retry after a lost
//! answer from charging twice.

use serde::{Deserialize, Serialize};
use shared::{ErrorCode, PaymentMethod, PaymentOutcome, SessionStatus};
use time::OffsetDateTime;

use super::CheckoutSession;

/// At most this many payments may be attempted in one session: declines included, so that a
/// checkout cannot be used to test stolen cards.
pub const MAX_PAYMENT_ATTEMPTS: u32 = 10;

/// A payment sent upstream and not settled yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInFlight {
    /// How it pays.
    pub method: PaymentMethod,
    /// What it was sent under: the card attempt's `merchantTransactionId`, or the Flexiti
    /// purchase's reference.
    pub reference: String,
    /// When it was sent.
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// What settling an attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// It was the attempt in flight; its outcome, if any, is the session's.
    Recorded,
    /// It was no longer in flight (settled already): nothing changed.
    Stale,
    /// It paid, but the session was already paid another way: a refund is owed.
    PaidTwice,
}

impl CheckoutSession {
    /// Starts a payment by `method` of the amount at `revision`: records it as in flight and
    /// answers the reference to send it under.
    ///
    /// # Errors
    /// The catalogue code of what stops it: paid or expired session, a payment in flight, an
    /// amount changed since the shopper saw it, a method not offered, too many attempts.
    pub fn begin_payment(
        &mut self,
        method: PaymentMethod,
        revision: u32,
        now: OffsetDateTime,
    ) -> Result<String, ErrorCode> {
        match self.status(now) {
            SessionStatus::Open => {}
            SessionStatus::Expired => return Err(ErrorCode::SessionExpired),
            SessionStatus::Completed => return Err(ErrorCode::SessionClosed),
        }
        if self.payment_in_flight.is_some() {
            return Err(ErrorCode::PaymentInProgress);
        }
        if revision != self.revision {
            return Err(ErrorCode::AmountChanged);
        }
        if !self.may_pay_by(method) {
            return Err(ErrorCode::MethodNotOffered);
        }
        if self.payment_attempts >= MAX_PAYMENT_ATTEMPTS {
            return Err(ErrorCode::TooManyAttempts);
        }
        self.payment_attempts += 1;
        let reference = format!("{}-{}", self.public_id(), self.payment_attempts);
        self.payment_in_flight = Some(PaymentInFlight {
            method,
            reference: reference.clone(),
            sent_at: now,
        });
        Ok(reference)
    }

    /// Settles the attempt sent under `reference` with its `outcome` (`None`: nothing was paid).
    pub fn settle_payment(&mut self, reference: &str, outcome: Option<PaymentOutcome>) -> Settled {
        let ours = self
            .payment_in_flight
            .as_ref()
            .is_some_and(|in_flight| in_flight.reference == reference);
        if !ours {
            return match (&outcome, &self.outcome) {
                (Some(_), Some(_)) => Settled::PaidTwice,
                _ => Settled::Stale,
            };
        }
        self.payment_in_flight = None;
        match (outcome, &self.outcome) {
            (Some(_), Some(_)) => Settled::PaidTwice,
            (Some(paid), None) => {
                self.outcome = Some(paid);
                Settled::Recorded
            }
            (None, _) => Settled::Recorded,
        }
    }

    /// Whether the Flexiti account the session holds may change (another found, one opened, the
    /// one opened here closed).
    ///
    /// # Errors
    /// `payment_in_progress` while a payment is in flight: a purchase sent on the account and
    /// not settled yet is looked up on the account the session holds
    /// ([`crate::reconciliation`]), and a paid one is refunded to it. Were it changed meanwhile,
    /// a lost purchase would be looked for on another account, found on none, taken for
    /// declined, and the shopper could pay a second time; a refund would go to another account.
    pub fn may_change_account(&self) -> Result<(), ErrorCode> {
        match self.payment_in_flight {
            Some(_) => Err(ErrorCode::PaymentInProgress),
            None => Ok(()),
        }
    }

    /// Whether the shopper may pay by `method` here: offered by the merchant, or, for a Flexiti
    /// account, opened by an application the merchant offered.
    pub fn may_pay_by(&self, method: PaymentMethod) -> bool {
        self.methods.contains(&method)
            || (method == PaymentMethod::FlexitiAccount
                && self
                    .flexiti_account
                    .as_ref()
                    .is_some_and(|account| account.opened_here))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use shared::{Currency, Locale};
    use tower_sessions::session::Id;

    use super::*;

    /// An open session paid by nothing yet, created `now`.
    pub(in crate::checkout) fn session(now: OffsetDateTime) -> CheckoutSession {
        CheckoutSession {
            id: Id::default(),
            token_hash: String::new(),
            amount_cents: 1_000,
            currency: Currency::Cad,
            order_id: "O-1".into(),
            locale: Locale::EnCa,
            methods: vec![PaymentMethod::Card, PaymentMethod::FlexitiAccount],
            allowed_origins: Vec::new(),
            created_at: now,
            expires_at: now + time::Duration::HOUR,
            expired_by_merchant: false,
            outcome: None,
            revision: 0,
            flexiti_account: None,
            payment_in_flight: None,
            payment_attempts: 0,
            terms_shown: Vec::new(),
            consent: None,
            refunded_cents: 0,
            declined_account: false,
            application_in_flight: None,
            application_refused: None,
        }
    }

    fn paid(reference: &str) -> PaymentOutcome {
        PaymentOutcome::Card {
            merchant_transaction_id: reference.into(),
            transaction_id: "t".into(),
            last_four: None,
            amount_cents: 1_000,
        }
    }

    #[test]
    fn the_account_stays_while_a_payment_is_in_flight() {
        let now = OffsetDateTime::now_utc();
        let mut session = session(now);
        assert_eq!(session.may_change_account(), Ok(()));
        let purchase = session
            .begin_payment(PaymentMethod::FlexitiAccount, 0, now)
            .expect("starts");
        assert_eq!(
            session.may_change_account(),
            Err(ErrorCode::PaymentInProgress)
        );
        assert_eq!(session.settle_payment(&purchase, None), Settled::Recorded);
        assert_eq!(session.may_change_account(), Ok(()), "declined: free again");
    }

    #[test]
    fn one_payment_at_a_time_whatever_the_method() {
        let now = OffsetDateTime::now_utc();
        let mut session = session(now);
        let card = session
            .begin_payment(PaymentMethod::Card, 0, now)
            .expect("starts");
        assert_eq!(
            session.begin_payment(PaymentMethod::FlexitiAccount, 0, now),
            Err(ErrorCode::PaymentInProgress)
        );
        assert_eq!(session.settle_payment(&card, None), Settled::Recorded);
        let second = session
            .begin_payment(PaymentMethod::Card, 0, now)
            .expect("starts");
        assert_ne!(second, card, "each attempt has its own reference");
    }

    #[test]
    fn a_stale_settlement_changes_nothing_and_a_second_payment_is_reported() {
        let now = OffsetDateTime::now_utc();
        let mut session = session(now);
        let first = session
            .begin_payment(PaymentMethod::Card, 0, now)
            .expect("starts");
        assert_eq!(session.settle_payment(&first, None), Settled::Recorded);
        let second = session
            .begin_payment(PaymentMethod::Card, 0, now)
            .expect("starts");
        assert_eq!(session.settle_payment(&first, None), Settled::Stale);
        assert!(
            session.payment_in_flight.is_some(),
            "the second attempt stays in flight"
        );
        assert_eq!(
            session.settle_payment(&second, Some(paid(&second))),
            Settled::Recorded
        );
        assert_eq!(
            session.settle_payment(&first, Some(paid(&first))),
            Settled::PaidTwice
        );
        assert_eq!(
            session.outcome,
            Some(paid(&second)),
            "the outcome is never replaced"
        );
    }

    #[test]
    fn a_changed_amount_a_method_not_offered_and_too_many_attempts_are_refused() {
        let now = OffsetDateTime::now_utc();
        let mut session = session(now);
        session.revision = 2;
        assert_eq!(
            session.begin_payment(PaymentMethod::Card, 1, now),
            Err(ErrorCode::AmountChanged)
        );
        assert_eq!(
            session.begin_payment(PaymentMethod::CreditApplication, 2, now),
            Err(ErrorCode::MethodNotOffered)
        );
        for _ in 0..MAX_PAYMENT_ATTEMPTS {
            let reference = session
                .begin_payment(PaymentMethod::Card, 2, now)
                .expect("starts");
            session.settle_payment(&reference, None);
        }
        assert_eq!(
            session.begin_payment(PaymentMethod::Card, 2, now),
            Err(ErrorCode::TooManyAttempts)
        );
    }
}
