//! The sandbox's customers and their accounts: the test customers of the README's catalogue,
//! plus everyone `apply` approves. Amounts are cents.

use std::collections::HashMap;

use serde_json::Value;
use time::{Date, macros::date};
use tokio::time::Instant;

/// `account_status` (CUSS7), as `customers/search` documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// "N": the only status that allows purchases and authorizations.
    Normal,
    /// "F": frozen by Operations.
    Frozen,
    /// "C": closed for good (Quebec applicants may close right after approval).
    Closed,
}

impl Status {
    pub(super) fn code(self) -> &'static str {
        match self {
            Status::Normal => "N",
            Status::Frozen => "F",
            Status::Closed => "C",
        }
    }
}

/// A purchase posted on an account.
#[derive(Debug, Clone)]
pub(super) struct Purchase {
    pub transaction_id: u64,
    pub date: Date,
    pub amount: i64,
    pub refunded: i64,
    pub plan_name: String,
    pub term: String,
}

/// A credit authorization: open-to-buy held on an account until captured or released.
#[derive(Debug, Clone)]
pub(super) struct Authorization {
    pub id: u64,
    pub account_number: u64,
    pub amount: i64,
    /// Held and not yet captured or released.
    pub remaining: i64,
    pub plan_id: String,
    pub term: String,
    pub created: Date,
    pub captures: Vec<Capture>,
}

/// A capture of an authorization: a posted purchase.
#[derive(Debug, Clone)]
pub(super) struct Capture {
    pub id: u64,
    pub amount: i64,
    pub returned: i64,
    pub created: Date,
}

/// One customer account (a customer with two accounts appears twice, as in `customers/search`).
#[derive(Debug, Clone)]
pub(super) struct Account {
    pub customer_id: u64,
    pub account_number: u64,
    pub vcc_number: u64,
    pub first_name: String,
    pub last_name: String,
    pub dob: Date,
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub province: String,
    pub postal_code: String,
    pub preferred_language: &'static str,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// (security question id, answer).
    pub answers: Vec<(String, String)>,
    pub piw: String,
    pub status: Status,
    pub status_reason: &'static str,
    pub activated: bool,
    pub credit_limit: i64,
    pub available: i64,
    pub risk_rating: &'static str,
    pub merchant: (&'static str, &'static str),
    pub created: Date,
    /// When wrong security answers were given (for `tries_exceed`).
    pub wrong_answers: Vec<Instant>,
    /// The code a successful verification issued, consumed by the next purchase.
    pub verification_code: Option<String>,
    pub purchases: Vec<Purchase>,
    /// Payments (in-store payments, trade-ins) in the last 24 h, for `limit_payment_amount_24`.
    pub payments: Vec<(Instant, i64)>,
}

impl Account {
    /// Whether `answer` matches what is on file for `qid` (case and spaces aside).
    pub(super) fn answers(&self, qid: &str, answer: &str) -> bool {
        let normalize = |text: &str| {
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        self.answers
            .iter()
            .any(|(id, on_file)| id == qid && normalize(on_file) == normalize(answer))
    }

    /// Gives `amount` cents of open-to-buy back (a release, a return, a refund, a payment),
    /// never beyond the credit limit.
    pub(super) fn restore(&mut self, amount: i64) {
        self.available = (self.available + amount).min(self.credit_limit);
    }

    /// The card's last four digits.
    pub(super) fn card_ending(&self) -> String {
        format!("{:04}", self.vcc_number % 10_000)
    }
}

/// Every account, and the counters new ones draw from.
#[derive(Debug)]
pub(super) struct Book {
    pub accounts: Vec<Account>,
    next_customer_id: u64,
    next_account_number: u64,
    next_vcc: u64,
    next_transaction_id: u64,
    /// `widget/init` payloads by `widget_session_id`.
    pub widget_sessions: HashMap<String, Value>,
    pub authorizations: Vec<Authorization>,
}

impl Default for Book {
    fn default() -> Self {
        Book {
            accounts: test_customers(),
            // The docs' `apply` example answers these: the first applicant gets them.
            next_customer_id: 43_353,
            next_account_number: 20_035_156,
            next_vcc: 6_374_980_100_408_234,
            next_transaction_id: 167_635,
            widget_sessions: HashMap::new(),
            authorizations: Vec::new(),
        }
    }
}

impl Book {
    pub(super) fn by_vcc(&mut self, vcc: u64) -> Option<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|account| account.vcc_number == vcc)
    }

    pub(super) fn by_account(&mut self, number: u64) -> Option<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|account| account.account_number == number)
    }

    /// A customer's account: the one with the highest open-to-buy when they have several.
    pub(super) fn by_customer(&mut self, customer_id: u64) -> Option<&mut Account> {
        self.accounts
            .iter_mut()
            .filter(|account| account.customer_id == customer_id)
            .max_by_key(|account| account.available)
    }

    /// The accounts of the person named, born on `dob`.
    pub(super) fn search(&self, first: &str, last: &str, dob: Date) -> Vec<&Account> {
        self.accounts
            .iter()
            .filter(|account| {
                account.first_name.eq_ignore_ascii_case(first.trim())
                    && account.last_name.eq_ignore_ascii_case(last.trim())
                    && account.dob == dob
            })
            .collect()
    }

    /// Ages every dated record by `days`, as if the calendar had moved that far ahead: tests
    /// reach the rules that depend on age (a capture returned after 100 days) without waiting.
    pub(super) fn age(&mut self, days: i64) {
        let days = time::Duration::days(days);
        for authorization in &mut self.authorizations {
            authorization.created = authorization.created.saturating_sub(days);
            for capture in &mut authorization.captures {
                capture.created = capture.created.saturating_sub(days);
            }
        }
        for account in &mut self.accounts {
            account.created = account.created.saturating_sub(days);
            for purchase in &mut account.purchases {
                purchase.date = purchase.date.saturating_sub(days);
            }
        }
    }

    /// The next ids for a new account: (customer id, account number, VCC number).
    pub(super) fn new_ids(&mut self) -> (u64, u64, u64) {
        let ids = (
            self.next_customer_id,
            self.next_account_number,
            self.next_vcc,
        );
        self.next_customer_id += 1;
        self.next_account_number += 1;
        self.next_vcc += 17;
        ids
    }

    pub(super) fn new_transaction_id(&mut self) -> u64 {
        let id = self.next_transaction_id;
        self.next_transaction_id += 1;
        id
    }
}

/// The account number of a path, as the API reads it.
///
/// # Errors
/// `400 invalid_account` ("Wrong account number") when it is not a number.
pub(super) fn account_number(raw: &str, url: &str) -> Result<u64, super::FlexitiError> {
    raw.parse().map_err(|_| {
        super::FlexitiError::endpoint(
            axum::http::StatusCode::BAD_REQUEST,
            url,
            "invalid_account",
            "Wrong account number",
        )
    })
}

/// The README's test customers. Keep the two in step.
fn test_customers() -> Vec<Account> {
    let base = Account {
        customer_id: 50_001,
        account_number: 30_000_001,
        vcc_number: 6_374_980_300_000_001,
        first_name: "Jane".into(),
        last_name: "Roe".into(),
        dob: date!(1988 - 08 - 08),
        address_1: "123 Anystreet Ave".into(),
        address_2: "Suite 100".into(),
        city: "Toronto".into(),
        province: "ON".into(),
        postal_code: "M5M1M1".into(),
        preferred_language: "en-CA",
        phone: Some("4165550100".into()),
        email: Some("jane.roe@example.com".into()),
        answers: vec![("4".into(), "Buddy".into()), ("5".into(), "Japan".into())],
        piw: "Maple".into(),
        status: Status::Normal,
        status_reason: "NNOR",
        activated: true,
        credit_limit: 500_000,
        available: 500_000,
        risk_rating: "L",
        merchant: ("382", "European Restorations"),
        created: date!(2024 - 01 - 15),
        wrong_answers: Vec::new(),
        verification_code: None,
        purchases: Vec::new(),
        payments: Vec::new(),
    };
    let marie = Account {
        customer_id: 50_002,
        account_number: 30_000_002,
        vcc_number: 6_374_980_300_000_019,
        first_name: "Marie".into(),
        last_name: "Tremblay".into(),
        dob: date!(1985 - 06 - 15),
        address_1: "4500 rue Saint-Denis".into(),
        address_2: String::new(),
        city: "Montréal".into(),
        province: "QC".into(),
        postal_code: "H2J2L1".into(),
        preferred_language: "fr-CA",
        phone: Some("5145550100".into()),
        email: Some("marie.tremblay@example.com".into()),
        answers: vec![
            ("6".into(), "Beau Dommage".into()),
            ("7".into(), "Rue des Érables".into()),
        ],
        piw: "Érable".into(),
        credit_limit: 300_000,
        available: 300_000,
        ..base.clone()
    };
    let alex = Account {
        customer_id: 50_003,
        account_number: 30_000_003,
        vcc_number: 6_374_980_300_000_027,
        first_name: "Alex".into(),
        last_name: "Martin".into(),
        dob: date!(1992 - 03 - 03),
        address_1: "800 Robson St".into(),
        address_2: String::new(),
        city: "Vancouver".into(),
        province: "BC".into(),
        postal_code: "V6B1A1".into(),
        email: Some("alex.martin@example.com".into()),
        phone: Some("6045550100".into()),
        activated: false,
        ..base.clone()
    };
    // The two accounts of `customers/search`'s example, with its figures.
    let david = Account {
        customer_id: 829_825,
        account_number: 116_574_819,
        vcc_number: 6_374_980_111_115_941,
        first_name: "David".into(),
        last_name: "Morley".into(),
        dob: date!(1980 - 02 - 02),
        address_1: "100 City Centre Dr".into(),
        address_2: String::new(),
        city: "Mississauga".into(),
        province: "ON".into(),
        postal_code: "L5B2C9".into(),
        preferred_language: "fr-CA",
        answers: vec![
            ("8".into(), "Mrs Smith".into()),
            ("9".into(), "Casablanca".into()),
        ],
        credit_limit: 100_000,
        available: 65_951,
        risk_rating: "H",
        merchant: ("11503", "Paris Jewellers"),
        created: date!(2019 - 01 - 17),
        ..base.clone()
    };
    let david_frozen = Account {
        customer_id: 829_875,
        account_number: 116_574_860,
        vcc_number: 6_374_980_111_116_457,
        status: Status::Frozen,
        status_reason: "FLCK",
        available: 84_700,
        risk_rating: "Y",
        preferred_language: "en-CA",
        created: date!(2019 - 01 - 22),
        ..david.clone()
    };
    let sam = Account {
        customer_id: 50_005,
        account_number: 30_000_005,
        vcc_number: 6_374_980_300_000_043,
        first_name: "Sam".into(),
        last_name: "Low".into(),
        dob: date!(1995 - 12 - 12),
        address_1: "1 Spring Garden Rd".into(),
        address_2: String::new(),
        city: "Halifax".into(),
        province: "NS".into(),
        postal_code: "B3H1A1".into(),
        phone: None,
        email: None,
        credit_limit: 50_000,
        available: 10_000,
        ..base.clone()
    };
    vec![base, marie, alex, david, david_frozen, sam]
}
