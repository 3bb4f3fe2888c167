//! Card numbers: brand, Luhn check, fingerprint, expiry, and the sandbox's test cards (numbers
//! borrowed from Stripe's test-card table, so developers recognise them).

use serde::Deserialize;

use super::ids;

/// A card brand the docs list, with its documented identifier (`cardType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brand {
    /// `VISA`
    Visa,
    /// `MASTERCARD`
    MasterCard,
    /// `AMERICAN EXPRESS`
    AmericanExpress,
    /// `DISCOVER`
    Discover,
    /// `JCB`
    Jcb,
    /// `DINERS CLUB INTERNATIONAL`
    DinersClub,
}

impl Brand {
    /// The documented `cardType` identifier.
    pub fn identifier(self) -> &'static str {
        match self {
            Brand::Visa => "VISA",
            Brand::MasterCard => "MASTERCARD",
            Brand::AmericanExpress => "AMERICAN EXPRESS",
            Brand::Discover => "DISCOVER",
            Brand::Jcb => "JCB",
            Brand::DinersClub => "DINERS CLUB INTERNATIONAL",
        }
    }

    /// The brand whose issuer ranges hold `digits` (a full number or just its first six digits).
    pub fn of_prefix(digits: &str) -> Option<Brand> {
        let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
        let in_range =
            |n: usize, low: u32, high: u32| prefix(n).is_some_and(|p| (low..=high).contains(&p));
        if digits.starts_with('4') {
            Some(Brand::Visa)
        } else if in_range(2, 51, 55) || in_range(4, 2221, 2720) {
            Some(Brand::MasterCard)
        } else if in_range(2, 34, 34) || in_range(2, 37, 37) {
            Some(Brand::AmericanExpress)
        } else if in_range(4, 6011, 6011)
            || in_range(3, 644, 649)
            || in_range(2, 65, 65)
            || in_range(6, 622_126, 622_925)
        {
            Some(Brand::Discover)
        } else if in_range(4, 3528, 3589) {
            Some(Brand::Jcb)
        } else if in_range(3, 300, 305) || in_range(2, 36, 36) || in_range(2, 38, 39) {
            Some(Brand::DinersClub)
        } else {
            None
        }
    }

    fn accepts_length(self, length: usize) -> bool {
        match self {
            Brand::Visa => matches!(length, 13 | 16 | 19),
            Brand::MasterCard => length == 16,
            Brand::AmericanExpress => length == 15,
            Brand::Discover | Brand::Jcb => (16..=19).contains(&length),
            Brand::DinersClub => (14..=19).contains(&length),
        }
    }

    /// The brand of a whole card number: its range and a length that brand issues.
    pub fn of_number(digits: &str) -> Option<Brand> {
        Brand::of_prefix(digits).filter(|brand| brand.accepts_length(digits.len()))
    }
}

/// The card fields of a request, as sent.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardInput {
    /// `creditCardNumber`
    pub credit_card_number: Option<String>,
    /// `expiryMonth`
    pub expiry_month: Option<String>,
    /// `expiryYear`
    pub expiry_year: Option<String>,
    /// `cvv`
    pub cvv: Option<String>,
}

/// A card number that passed the documented checks.
#[derive(Clone, PartialEq, Eq)]
pub struct Card {
    /// Digits only.
    pub number: String,
    /// `MM`.
    pub expiry_month: String,
    /// `YYYY`.
    pub expiry_year: String,
    /// 3 or 4 digits, when sent.
    pub cvv: Option<String>,
}

impl std::fmt::Debug for Card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Card")
            .field("last_four", &last_four(&self.number))
            .finish_non_exhaustive()
    }
}

/// Why a card was refused, as `(response code, detail)`. 5xxxx codes are validation errors;
/// 30002 (Luhn) and 30012 (not a number) are hard declines when a gateway is involved.
pub type CardRejection = (u32, &'static str);

impl Card {
    /// Checks a card as the docs' validation codes describe: number required (50059), 12 to 19
    /// digits once spaces and dashes are dropped (50060, the docs' `String (22)` leaving room for
    /// separators), digits only (30012), Luhn (30002), month `MM` 01-12 (50055, 50056; a single
    /// digit is accepted and padded), year `YYYY` (50057, 50058), CVV 3 or 4 digits (50000: the
    /// docs give the CVV no validation code).
    ///
    /// # Errors
    /// The first rule broken, in that order.
    pub fn parse(input: &CardInput) -> Result<Card, CardRejection> {
        let raw =
            present(&input.credit_card_number).ok_or((50059, "creditCardNumber is required"))?;
        let number: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if !number.chars().all(|c| c.is_ascii_digit()) {
            return Err((30012, "creditCardNumber must contain digits only"));
        }
        if !(12..=19).contains(&number.len()) {
            return Err((50060, "creditCardNumber must have 12 to 19 digits"));
        }
        if !luhn_valid(&number) {
            return Err((30002, "creditCardNumber fails the Luhn check"));
        }
        let month = present(&input.expiry_month).ok_or((50055, "expiryMonth is required"))?;
        let month = parse_month(month).ok_or((50056, "expiryMonth must be MM, 01 to 12"))?;
        let year = present(&input.expiry_year).ok_or((50057, "expiryYear is required"))?;
        let year = parse_year(year).ok_or((50058, "expiryYear must be YYYY"))?;
        let cvv = match present(&input.cvv) {
            None => None,
            Some(cvv) => Some(parse_cvv(cvv).ok_or((50000, "cvv must be 3 or 4 digits"))?),
        };
        Ok(Card {
            number,
            expiry_month: month,
            expiry_year: year,
            cvv,
        })
    }
}

/// A field's value when it is sent and not blank.
pub fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `MM` (or `M`), 1 to 12, normalised to two digits.
pub fn parse_month(value: &str) -> Option<String> {
    let ok = (1..=2).contains(&value.len()) && value.chars().all(|c| c.is_ascii_digit());
    let month: u8 = value.parse().ok().filter(|m| ok && (1..=12).contains(m))?;
    Some(format!("{month:02}"))
}

/// `YYYY`, four digits.
pub fn parse_year(value: &str) -> Option<String> {
    (value.len() == 4 && value.chars().all(|c| c.is_ascii_digit())).then(|| value.to_owned())
}

/// 3 or 4 digits.
pub fn parse_cvv(value: &str) -> Option<String> {
    ((3..=4).contains(&value.len()) && value.chars().all(|c| c.is_ascii_digit()))
        .then(|| value.to_owned())
}

/// The Luhn (mod 10) check.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The last four digits.
pub fn last_four(digits: &str) -> &str {
    &digits[digits.len().saturating_sub(4)..]
}

/// The first six digits.
pub fn first_six(digits: &str) -> &str {
    &digits[..digits.len().min(6)]
}

/// `XXXXXXXXXXXX1111`: the number as the vault shows it, never in full.
pub fn masked(digits: &str) -> String {
    let shown = last_four(digits);
    format!("{}{shown}", "X".repeat(digits.len() - shown.len()))
}

/// The same number always gives the same fingerprint, in every sandbox run.
pub fn fingerprint(digits: &str) -> String {
    let hash = ids::fnv1a(digits.as_bytes());
    format!(
        "{:016x}{:016x}",
        ids::splitmix(hash),
        ids::splitmix(hash ^ 0x5EED)
    )
}

/// Whether a card expiring at the end of `month`/`year` has expired in the UTC month `today`
/// (`(year, month)`).
pub fn is_expired(month: &str, year: &str, today: (i64, u32)) -> bool {
    let month: u32 = month.parse().unwrap_or(12);
    let year: i64 = year.parse().unwrap_or(i64::MAX);
    (year, month) < today
}

/// What a test card does.
#[derive(Debug, Clone, Copy)]
pub struct TestCard {
    /// The number.
    pub number: &'static str,
    /// Its documented brand identifier.
    pub brand: &'static str,
    /// The response code a charge or authorize with it answers (10000 approves).
    pub code: u32,
    /// For the README: what it simulates.
    pub note: &'static str,
}

/// The number that answers 40003 only when no CVV is on hand: the merchant's gateway "requires a
/// CVV", so a vaulted copy must be recached before each use.
pub const CVV_REQUIRED_CARD: &str = "4000000000000101";

const fn t(number: &'static str, brand: &'static str, code: u32, note: &'static str) -> TestCard {
    TestCard {
        number,
        brand,
        code,
        note,
    }
}

/// The sandbox's test cards. Any other Luhn-valid number of a documented brand approves.
pub const TEST_CARDS: &[TestCard] = &[
    t("4111111111111111", "VISA", 10000, "approved"),
    t("4242424242424242", "VISA", 10000, "approved"),
    t("5555555555554444", "MASTERCARD", 10000, "approved"),
    t(
        "2223003122003222",
        "MASTERCARD",
        10000,
        "approved (2-series)",
    ),
    t("378282246310005", "AMERICAN EXPRESS", 10000, "approved"),
    t("6011111111111117", "DISCOVER", 10000, "approved"),
    t("3566002020360505", "JCB", 10000, "approved"),
    t(
        "36227206271667",
        "DINERS CLUB INTERNATIONAL",
        10000,
        "approved",
    ),
    t(
        CVV_REQUIRED_CARD,
        "VISA",
        10000,
        "approved with a CVV; 40003 without one (recache a vaulted copy)",
    ),
    t(
        "4000000000000002",
        "VISA",
        20003,
        "soft decline: do not honor",
    ),
    t(
        "4000000000009995",
        "VISA",
        20023,
        "soft decline: insufficient funds",
    ),
    t(
        "4000000000006975",
        "VISA",
        20050,
        "soft decline: over daily limit",
    ),
    t(
        "4000000000000119",
        "VISA",
        20046,
        "system error (transactionStatus 3)",
    ),
    t("4000000000009987", "VISA", 30008, "hard decline: lost card"),
    t(
        "4000000000009979",
        "VISA",
        30009,
        "hard decline: stolen card",
    ),
    t(
        "4000000000000069",
        "VISA",
        30026,
        "hard decline: expired card",
    ),
    t(
        "4000000000000341",
        "VISA",
        30034,
        "hard decline: restricted card (vaulting it succeeds)",
    ),
    t(
        "4100000000000019",
        "VISA",
        40000,
        "risk: blocked by the risk model",
    ),
    t("4000000000000127", "VISA", 40003, "risk: incorrect CVV"),
    t(
        "4000000000000036",
        "VISA",
        40004,
        "risk: postal code check failed",
    ),
    t(
        "4000000000000028",
        "VISA",
        40006,
        "risk: address (AVS) check failed",
    ),
];

/// The response code a test card answers, if `digits` is one.
pub fn test_card_code(digits: &str) -> Option<u32> {
    TEST_CARDS
        .iter()
        .find(|card| card.number == digits)
        .map(|card| card.code)
}
