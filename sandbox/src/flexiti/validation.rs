//! The parameter validations of `api-docs/001_...` ("Parameter Validations"): each field fails as
//! `required`, `invalid`, `type` or `length`, and every failure of a request is reported at once
//! in `field_errors`.

use serde_json::{Map, Value};
use time::{Date, format_description::BorrowedFormatItem, macros::format_description};

use super::{FlexitiError, errors::FieldError, money};

/// The docs' four validation types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Violation {
    /// Not sent.
    Required,
    /// Sent, but not an accepted value or format.
    Invalid,
    /// Sent with the wrong data type.
    Type,
    /// Longer, or more precise, than allowed.
    Length,
}

impl Violation {
    fn as_str(self) -> &'static str {
        match self {
            Violation::Required => "required",
            Violation::Invalid => "invalid",
            Violation::Type => "type",
            Violation::Length => "length",
        }
    }
}

/// Dates travel as `YYYY-MM-DD`.
pub(super) const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A request body as a JSON object; anything else reads as an empty one, so that every required
/// field is then reported missing.
pub(super) fn object(body: &[u8]) -> Map<String, Value> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Query parameters as a JSON object (absent ones left out), for the same field checks as bodies.
pub(super) fn query_object(pairs: &[(&str, &Option<String>)]) -> Map<String, Value> {
    pairs
        .iter()
        .filter_map(|(name, value)| {
            value
                .as_ref()
                .map(|value| ((*name).to_owned(), Value::from(value.as_str())))
        })
        .collect()
}

/// Reads fields out of a JSON body, collecting every violation.
pub(super) struct Fields<'a> {
    body: &'a Map<String, Value>,
    errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    /// Starts checking `body`.
    pub(super) fn new(body: &'a Map<String, Value>) -> Fields<'a> {
        Fields {
            body,
            errors: Vec::new(),
        }
    }

    /// Records that `name` failed with `violation`.
    pub(super) fn fail(&mut self, name: &str, violation: Violation) {
        let value = match self.body.get(name) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        };
        let kind = violation.as_str();
        self.errors.push(FieldError {
            param: name.into(),
            msg: kind.into(),
            value,
            kind: kind.into(),
        });
    }

    /// The field, or `None` (and `required` recorded when it must be there).
    fn present(&mut self, name: &str, required: bool) -> Option<&'a Value> {
        match self.body.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(name, Violation::Required);
                }
                None
            }
            Some(Value::String(text)) if text.trim().is_empty() => {
                if required {
                    self.fail(name, Violation::Required);
                }
                None
            }
            Some(value) => Some(value),
        }
    }

    /// A string of at most `max` characters.
    pub(super) fn text(&mut self, name: &str, required: bool, max: usize) -> Option<String> {
        let value = self.present(name, required)?;
        let Value::String(text) = value else {
            self.fail(name, Violation::Type);
            return None;
        };
        if text.chars().count() > max {
            self.fail(name, Violation::Length);
            return None;
        }
        Some(text.trim().to_owned())
    }

    /// One of `options` (a string).
    pub(super) fn choice(
        &mut self,
        name: &str,
        required: bool,
        options: &[&str],
    ) -> Option<String> {
        let value = self.present(name, required)?;
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => {
                self.fail(name, Violation::Type);
                return None;
            }
        };
        if options.contains(&text.as_str()) {
            Some(text)
        } else {
            self.fail(name, Violation::Invalid);
            None
        }
    }

    /// A whole number sent as a JSON number or a string of digits, of `min..=max` digits. Zero or
    /// negative and decimals are `invalid`, letters are `type`, too many digits is `length`.
    pub(super) fn digits(
        &mut self,
        name: &str,
        required: bool,
        min: usize,
        max: usize,
    ) -> Option<String> {
        let value = self.present(name, required)?;
        let text = match value {
            Value::String(text) => text.trim().to_owned(),
            Value::Number(number) => number.to_string(),
            _ => {
                self.fail(name, Violation::Type);
                return None;
            }
        };
        let violation = if text.starts_with('-') || text.contains('.') {
            Some(Violation::Invalid)
        } else if !text.chars().all(|c| c.is_ascii_digit()) {
            Some(Violation::Type)
        } else if text.len() > max || text.len() < min {
            Some(Violation::Length)
        } else if text.chars().all(|c| c == '0') {
            Some(Violation::Invalid)
        } else {
            None
        };
        match violation {
            Some(violation) => {
                self.fail(name, violation);
                None
            }
            None => Some(text),
        }
    }

    /// An amount in dollars, into cents; `positive` refuses zero as well as negatives.
    pub(super) fn money(&mut self, name: &str, required: bool, positive: bool) -> Option<i64> {
        let value = self.present(name, required)?;
        match money::parse_cents(value) {
            Ok(cents) if cents < 0 || (positive && cents == 0) => {
                self.fail(name, Violation::Invalid);
                None
            }
            Ok(cents) => Some(cents),
            Err(violation) => {
                self.fail(name, violation);
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub(super) fn date(&mut self, name: &str, required: bool) -> Option<Date> {
        let value = self.present(name, required)?;
        let parsed = value
            .as_str()
            .and_then(|text| Date::parse(text.trim(), DATE).ok());
        if parsed.is_none() {
            self.fail(name, Violation::Invalid);
        }
        parsed
    }

    /// An e-mail address: something, `@`, a domain with a dot.
    pub(super) fn email(&mut self, name: &str, required: bool) -> Option<String> {
        let text = self.text(name, required, 254)?;
        let valid = text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }) && !text.contains(char::is_whitespace);
        if valid {
            Some(text)
        } else {
            self.fail(name, Violation::Invalid);
            None
        }
    }

    /// A JSON boolean (or the strings `"true"` / `"false"`).
    pub(super) fn flag(&mut self, name: &str, required: bool) -> Option<bool> {
        let value = self.present(name, required)?;
        let flag = match value {
            Value::Bool(flag) => Some(*flag),
            Value::String(text) if text == "true" => Some(true),
            Value::String(text) if text == "false" => Some(false),
            _ => None,
        };
        if flag.is_none() {
            self.fail(name, Violation::Invalid);
        }
        flag
    }

    /// Whether nothing failed so far.
    pub(super) fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok` when every field passed, else the documented `409 wrong_inputs` for `url`.
    pub(super) fn finish(self, url: &str) -> Result<(), FlexitiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(FlexitiError::wrong_inputs(url, self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(body: Value, run: impl FnOnce(&mut Fields<'_>)) -> Vec<(String, String)> {
        let map = body.as_object().cloned().unwrap_or_default();
        let mut fields = Fields::new(&map);
        run(&mut fields);
        fields
            .errors
            .into_iter()
            .map(|error| (error.param, error.kind))
            .collect()
    }

    #[test]
    fn each_documented_violation_is_reported_with_its_field() {
        let errors = check(
            json!({ "first_name": 12, "city": "x".repeat(60), "sin": "12a", "phone_number": "555",
                    "salutation": "dr", "dob": "01/01/1990", "email": "johndoe@", "tos_agreement": "yes" }),
            |fields| {
                fields.text("first_name", true, 50);
                fields.text("last_name", true, 50);
                fields.text("city", true, 50);
                fields.digits("sin", false, 9, 9);
                fields.digits("phone_number", true, 10, 10);
                fields.choice("salutation", true, &["mr", "ms"]);
                fields.date("dob", true);
                fields.email("email", true);
                fields.flag("tos_agreement", true);
            },
        );
        let expected = [
            ("first_name", "type"),
            ("last_name", "required"),
            ("city", "length"),
            ("sin", "type"),
            ("phone_number", "length"),
            ("salutation", "invalid"),
            ("dob", "invalid"),
            ("email", "invalid"),
            ("tos_agreement", "invalid"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(param, kind)| ((*param).to_owned(), (*kind).to_owned()))
            .collect();
        assert_eq!(errors, expected);
    }

    #[test]
    fn good_values_pass() {
        let errors = check(
            json!({ "phone_number": "5551231231", "amount": 5000, "dob": "1990-01-01", "tos_agreement": true }),
            |fields| {
                assert_eq!(
                    fields.digits("phone_number", true, 10, 10).as_deref(),
                    Some("5551231231")
                );
                assert_eq!(fields.money("amount", true, true), Some(500_000));
                assert!(fields.date("dob", true).is_some());
                assert_eq!(fields.flag("tos_agreement", true), Some(true));
                assert_eq!(fields.money("income", false, false), None);
            },
        );
        assert!(errors.is_empty(), "{errors:?}");
    }
}
