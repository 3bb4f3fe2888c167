//! Flexiti's amounts are decimal dollars (`50.99`, `5000`, `"1,200.05"`); ours are integer cents.
//! This is the one place that converts between them, always through decimal text: reading never
//! multiplies a float, writing never divides one.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use serde_json::Value;

/// Cents as the JSON value Flexiti expects for an amount (see [`Dollars`]).
pub(super) fn dollars(cents: u64) -> Value {
    serde_json::to_value(Dollars(cents)).unwrap_or_else(|_| Value::String(format_dollars(cents)))
}

/// A JSON number or string of dollars, in cents; `None` when it is not an amount (`null`, a
/// negative number, a fraction of a cent...).
pub(super) fn cents(value: &Value) -> Option<u64> {
    Dollars::deserialize(value).ok().map(Dollars::cents)
}

/// A percentage (Quebec's `debt_ratio`: `35.42`, `"35.42"`, `0`) in hundredths of a percent,
/// rounded half up past the second decimal: the docs give no precision, and a ratio Flexiti
/// writes more finely must still reach the applicant (who may then cancel) rather than fail an
/// application already approved. `None` for what is not a non-negative decimal.
pub(super) fn basis_points(value: &Value) -> Option<u32> {
    let text = match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.trim().to_owned(),
        _ => return None,
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let digit = |index: usize| u64::from(fraction.as_bytes().get(index).map_or(0, |d| d - b'0'));
    let hundredths = whole
        .parse::<u64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(digit(0) * 10 + digit(1) + u64::from(digit(2) >= 5))?;
    u32::try_from(hundredths).ok()
}

/// An amount as Flexiti carries it, held as integer cents.
///
/// Reads a JSON number or a string (with or without thousands separators); writes a JSON number,
/// whole dollars without a fraction (`5000`) and others as their shortest decimal (`50.99`, `0.5`),
/// as the docs' examples print them. An amount of ten trillion dollars or more with cents, which
/// no `f64` can carry exactly, is written as a string (`"10000000000000.01"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Dollars(pub(super) u64);

impl Dollars {
    /// The amount in cents.
    pub(super) fn cents(self) -> u64 {
        self.0
    }
}

/// Text that is not an amount in dollars and cents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an amount of dollars and cents")]
pub(super) struct NotAnAmount(String);

/// The largest amount written as a JSON number: up to 15 significant digits, every decimal text
/// survives the trip through the nearest `f64` and back unchanged (shortest round-trip printing).
const LARGEST_EXACT_CENTS: u64 = 999_999_999_999_999;

/// Reads decimal dollars into cents: `5000`, `50.99`, `0.5`, `1,200.05`, `17.00000`.
///
/// # Errors
/// A sign, an exponent, badly grouped thousands, digits below the cent that are not zero, or more
/// cents than a `u64` holds.
pub(super) fn parse_dollars(text: &str) -> Result<u64, NotAnAmount> {
    let fail = || NotAnAmount(text.to_owned());
    let trimmed = text.trim();
    let (whole, fraction) = trimmed.split_once('.').unwrap_or((trimmed, ""));
    let whole = ungrouped(whole).ok_or_else(fail)?;
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() || !all_digits(&whole) || !all_digits(fraction) {
        return Err(fail());
    }
    let (cents, below_a_cent) = fraction.split_at(fraction.len().min(2));
    if below_a_cent.bytes().any(|digit| digit != b'0') {
        return Err(fail());
    }
    let dollars: u64 = whole.parse().map_err(|_| fail())?;
    let cents: u64 = format!("{cents:0<2}").parse().map_err(|_| fail())?;
    dollars
        .checked_mul(100)
        .and_then(|whole_cents| whole_cents.checked_add(cents))
        .ok_or_else(fail)
}

/// `1,200` as `1200`; `None` when the commas do not separate thousands.
fn ungrouped(whole: &str) -> Option<String> {
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let mut digits = first.to_owned();
    for group in groups {
        if first.is_empty() || first.len() > 3 || group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// Writes cents as decimal dollars with two decimals: `50.99`, `5000.00`.
pub(super) fn format_dollars(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

impl Serialize for Dollars {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            return serializer.serialize_u64(self.0 / 100);
        }
        if self.0 > LARGEST_EXACT_CENTS {
            return serializer.serialize_str(&format_dollars(self.0));
        }
        // Parsing the exact decimal text gives the nearest f64, which JSON writers print back as
        // that same shortest text: no arithmetic happens in floating point.
        let nearest: f64 = format_dollars(self.0)
            .parse()
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(nearest)
    }
}

impl<'de> Deserialize<'de> for Dollars {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DollarsVisitor)
    }
}

struct DollarsVisitor;

impl de::Visitor<'_> for DollarsVisitor {
    type Value = Dollars;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an amount in dollars, as a number or a string")
    }

    fn visit_u64<E: de::Error>(self, dollars: u64) -> Result<Dollars, E> {
        dollars
            .checked_mul(100)
            .map(Dollars)
            .ok_or_else(|| E::custom(NotAnAmount(dollars.to_string())))
    }

    fn visit_i64<E: de::Error>(self, dollars: i64) -> Result<Dollars, E> {
        let dollars =
            u64::try_from(dollars).map_err(|_| E::custom(NotAnAmount(dollars.to_string())))?;
        self.visit_u64(dollars)
    }

    fn visit_f64<E: de::Error>(self, dollars: f64) -> Result<Dollars, E> {
        // `Display` of an f64 is the shortest text that reads back as the same f64: the decimal
        // the upstream wrote (`4949.01`), which is then read exactly.
        self.visit_str(&dollars.to_string())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Dollars, E> {
        parse_dollars(text).map(Dollars).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_docs_amounts_read_as_cents() {
        let cases = [
            ("5000", 500_000),
            ("50.99", 5_099),
            ("0.05", 5),
            ("0.5", 50),
            ("1200.05", 120_005),
            ("1,200.05", 120_005),
            ("1,234,567.89", 123_456_789),
            ("17.00000", 1_700),
            (" 49.99 ", 4_999),
            ("0", 0),
        ];
        for (text, cents) in cases {
            assert_eq!(parse_dollars(text), Ok(cents), "{text}");
        }
    }

    #[test]
    fn text_that_is_not_dollars_and_cents_is_refused() {
        let refused = [
            "",
            ".5",
            "-3",
            "+3",
            "1.005",
            "1e3",
            "12,50",
            "1,2000.00",
            ",100",
            "1,,000",
            "ten",
            "50.9.9",
            "NaN",
        ];
        for text in refused {
            assert!(parse_dollars(text).is_err(), "{text:?} was accepted");
        }
        assert!(parse_dollars("184467440737095516.16").is_err(), "overflow");
    }

    #[test]
    fn json_numbers_and_strings_read_exactly() {
        let read = |value: serde_json::Value| {
            serde_json::from_value::<Dollars>(value)
                .map(Dollars::cents)
                .ok()
        };
        assert_eq!(read(json!(5000)), Some(500_000));
        assert_eq!(read(json!(4949.01)), Some(494_901));
        assert_eq!(
            read(json!(0.29)),
            Some(29),
            "0.29 * 100 is 28.999... in f64"
        );
        assert_eq!(
            read(json!(1.15)),
            Some(115),
            "1.15 * 100 is 114.999... in f64"
        );
        assert_eq!(read(json!("1,200.05")), Some(120_005));
        assert_eq!(read(json!(-1)), None);
        assert_eq!(read(json!(true)), None);
    }

    #[test]
    fn cents_write_as_the_docs_print_them() {
        let write = |cents| serde_json::to_string(&Dollars(cents)).expect("serializable");
        assert_eq!(write(500_000), "5000");
        assert_eq!(write(5_099), "50.99");
        assert_eq!(write(5), "0.05");
        assert_eq!(write(50), "0.5");
        assert_eq!(write(120_005), "1200.05");
        assert_eq!(format_dollars(50), "0.50");
        assert_eq!(
            write(LARGEST_EXACT_CENTS + 2),
            "\"10000000000000.01\"",
            "beyond what an f64 carries exactly"
        );
        assert_eq!(dollars(5_099), json!(50.99));
        assert_eq!(cents(&json!("1,200.05")), Some(120_005));
        assert_eq!(cents(&Value::Null), None);
    }

    #[test]
    fn a_ratio_reads_in_hundredths_of_a_percent_however_finely_written() {
        for (value, points) in [
            (json!(0), Some(0)),
            (json!(35.42), Some(3_542)),
            (json!("35.42"), Some(3_542)),
            (json!(35.125), Some(3_513)),
            (json!(35.124), Some(3_512)),
            (json!(" 7.5 "), Some(750)),
            (json!(0.3542), Some(35)),
            (json!(99.999), Some(10_000)),
            (json!(-1), None),
            (json!("1e3"), None),
            (json!(".5"), None),
            (json!(null), None),
            (json!("ten"), None),
        ] {
            assert_eq!(basis_points(&value), points, "{value}");
        }
    }

    /// Every amount up to $10,000 and a band around the largest exact one survive the trip to
    /// JSON and back unchanged, and read back from the two-decimal text too.
    #[test]
    fn every_amount_round_trips_through_json() {
        let near_the_limit = LARGEST_EXACT_CENTS - 20_000..=LARGEST_EXACT_CENTS + 20_000;
        for cents in (0..=1_000_000).chain(near_the_limit) {
            let json = serde_json::to_string(&Dollars(cents)).expect("serializable");
            let back: Dollars = serde_json::from_str(&json).expect("readable");
            assert_eq!(back.cents(), cents, "{json}");
            assert_eq!(parse_dollars(&format_dollars(cents)), Ok(cents));
        }
    }
}
