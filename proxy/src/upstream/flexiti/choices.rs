//! Flexiti's objects of codes to labels (`{"ON": "Ontario", ...}` in `merchants/login`), read
//! straight into [`Choice`]s in the upstream's order.
//!
//! Every widget's first call for the credit application reads one such answer (6.6 KB), so it
//! is read without a map or a `serde_json::Value` in between: that detour was most of the
//! proxy's JSON work per call.

use std::fmt;

use serde::{
    Deserialize, Deserializer,
    de::{IgnoredAny, MapAccess, Visitor},
};
use shared::Choice;

/// The choices of one object, in its order. A label that is not a string is left out; a code
/// given twice keeps its first place and its last label, as a JSON object read into a map would.
#[derive(Debug, Default)]
pub(super) struct Choices(pub Vec<Choice>);

impl<'de> Deserialize<'de> for Choices {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ChoicesVisitor)
    }
}

struct ChoicesVisitor;

impl<'de> Visitor<'de> for ChoicesVisitor {
    type Value = Choices;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object of codes to labels")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Choices, A::Error> {
        let mut read: Vec<(String, Option<String>)> =
            Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(code) = map.next_key::<String>()? {
            let Label(label) = map.next_value()?;
            match read.iter_mut().find(|(earlier, _)| *earlier == code) {
                Some((_, earlier)) => *earlier = label,
                None => read.push((code, label)),
            }
        }
        let choices = read
            .into_iter()
            .filter_map(|(code, label)| {
                Some(Choice {
                    code,
                    label: label?,
                })
            })
            .collect();
        Ok(Choices(choices))
    }
}

/// A label, trimmed; `None` for any value that is not a string.
struct Label(Option<String>);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LabelVisitor)
    }
}

struct LabelVisitor;

impl LabelVisitor {
    fn trimmed(text: String) -> Label {
        let trimmed = text.trim();
        if trimmed.len() == text.len() {
            Label(Some(text))
        } else {
            Label(Some(trimmed.to_owned()))
        }
    }
}

impl<'de> Visitor<'de> for LabelVisitor {
    type Value = Label;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a label")
    }

    fn visit_str<E>(self, text: &str) -> Result<Label, E> {
        Ok(Label(Some(text.trim().to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Label, E> {
        Ok(Self::trimmed(text))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Label, E> {
        Ok(Label(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Label, E> {
        Ok(Label(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Label, E> {
        Ok(Label(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Label, E> {
        Ok(Label(None))
    }

    fn visit_unit<E>(self) -> Result<Label, E> {
        Ok(Label(None))
    }

    fn visit_none<E>(self) -> Result<Label, E> {
        Ok(Label(None))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Label, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Label(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Label, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Label(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Vec<(String, String)> {
        let Choices(choices) = serde_json::from_str(json).expect("an object");
        choices
            .into_iter()
            .map(|choice| (choice.code, choice.label))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(code, label)| ((*code).to_owned(), (*label).to_owned()))
            .collect()
    }

    #[test]
    fn keeps_the_upstream_order_not_the_alphabet() {
        let read = read(r#"{"QC": "Québec", "AB": "Alberta", "ON": "Ontario"}"#);
        assert_eq!(
            read,
            pairs(&[("QC", "Québec"), ("AB", "Alberta"), ("ON", "Ontario")])
        );
    }

    #[test]
    fn trims_labels_and_reads_escapes() {
        let read = read(r#"{"mr": "  Mr. ", "q1": "Ville de naissance\u00a0?", "q2": "A \"b\""}"#);
        assert_eq!(
            read,
            pairs(&[
                ("mr", "Mr."),
                ("q1", "Ville de naissance\u{a0}?"),
                ("q2", "A \"b\"")
            ])
        );
    }

    #[test]
    fn leaves_out_labels_that_are_not_text() {
        let read = read(
            r#"{"a": 1, "b": null, "c": [1, {"x": 2}], "d": {"e": "f"}, "g": true, "h": "H"}"#,
        );
        assert_eq!(read, pairs(&[("h", "H")]));
    }

    #[test]
    fn a_code_given_twice_keeps_its_place_and_its_last_label() {
        assert_eq!(
            read(r#"{"a": "1", "b": "2", "a": "3"}"#),
            pairs(&[("a", "3"), ("b", "2")])
        );
        assert_eq!(
            read(r#"{"a": "1", "b": "2", "a": 0}"#),
            pairs(&[("b", "2")])
        );
        assert_eq!(
            read(r#"{"a": "1", "b": "2", "a": 0, "a": "4"}"#),
            pairs(&[("a", "4"), ("b", "2")])
        );
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        for json in [r#"["ON"]"#, r#""ON""#, "3", "null"] {
            assert!(serde_json::from_str::<Choices>(json).is_err(), "{json}");
        }
    }
}
