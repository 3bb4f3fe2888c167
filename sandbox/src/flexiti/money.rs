//! Flexiti speaks decimal dollars (`"amount": 50.99`, `"transaction_balance": "1200.05"`). The
//! sandbox keeps every amount in integer cents and converts only at the edge, here.

use serde_json::{Number, Value};

use super::validation::Violation;

/// The most digits before the decimal point an amount may have (`length` beyond it).
const MAX_WHOLE_DIGITS: usize = 8;

/// Reads a dollar amount sent as a JSON number or string, into cents.
///
/// The docs' cases: not a number is `type`; a decimal comma is `invalid`; more precision or
/// scale than cents (or more than 8 whole digits) is `length`. Zero and negative amounts are
/// left to the caller, whose rules differ (incomes may be zero, purchases may not).
pub(super) fn parse_cents(value: &Value) -> Result<i64, Violation> {
    let text = match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.trim().to_owned(),
        _ => return Err(Violation::Type),
    };
    if text.contains(',') {
        return Err(Violation::Invalid);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !numeric(whole) || !numeric(fraction) {
        return Err(Violation::Type);
    }
    if whole.len() > MAX_WHOLE_DIGITS || fraction.len() > 2 {
        return Err(Violation::Length);
    }
    let whole: i64 = whole.parse().map_err(|_| Violation::Length)?;
    let fraction: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| Violation::Type)?;
    let cents = whole * 100 + fraction;
    Ok(if negative { -cents } else { cents })
}

/// Cents as a JSON number of dollars: `5000` for whole dollars, `4949.01` otherwise, as the
/// docs' examples print them.
pub(super) fn dollars(cents: i64) -> Value {
    if cents % 100 == 0 {
        Value::from(cents / 100)
    } else {
        Number::from_f64(cents as f64 / 100.0).map_or(Value::Null, Value::Number)
    }
}

/// Cents as the docs' dollar strings: `"1200.05"`.
pub(super) fn dollar_string(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// Cents as the docs' formatted payment strings: `"1,200.05"`.
pub(super) fn grouped_dollar_string(cents: i64) -> String {
    let plain = dollar_string(cents.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{fraction}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn amounts_parse_to_cents_with_the_documented_violations() {
        assert_eq!(parse_cents(&json!(5000)), Ok(500_000));
        assert_eq!(parse_cents(&json!(50.99)), Ok(5_099));
        assert_eq!(parse_cents(&json!("1200.05")), Ok(120_005));
        assert_eq!(parse_cents(&json!("0.5")), Ok(50));
        assert_eq!(parse_cents(&json!(-3)), Ok(-300));
        assert_eq!(parse_cents(&json!("12,50")), Err(Violation::Invalid));
        assert_eq!(parse_cents(&json!(1.005)), Err(Violation::Length));
        assert_eq!(parse_cents(&json!(123_456_789)), Err(Violation::Length));
        assert_eq!(parse_cents(&json!("ten")), Err(Violation::Type));
        assert_eq!(parse_cents(&json!(true)), Err(Violation::Type));
    }

    #[test]
    fn cents_print_as_the_docs_do() {
        assert_eq!(dollars(500_000), json!(5000));
        assert_eq!(dollars(494_901), json!(4949.01));
        assert_eq!(dollar_string(120_005), "1200.05");
        assert_eq!(grouped_dollar_string(120_005), "1,200.05");
        assert_eq!(grouped_dollar_string(1_700), "17.00");
        assert_eq!(grouped_dollar_string(123_456_789), "1,234,567.89");
    }
}
