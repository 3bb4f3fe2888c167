//! Flexiti's objects of codes to labels (`{"ON": "Ontario", ...}` in `merchants/login`), read
//! straight into [`Choice`]s in the upstream's order.
//!
//! Every widget's first call for the credit application reads one such answer (4-7 KB), so it
//! is read without a map or a `serde_json::Value` in between, and a code or label with no escape
//! in it is borrowed from the answer's text rather than copied: the form configuration is written
//! out again from these borrows (`wire.rs`) before the text goes.

use std::{borrow::Cow, fmt};

use serde::{
    Deserialize, Deserializer, Serialize,
    de::{IgnoredAny, MapAccess, SeqAccess, Visitor},
};

/// One option as Flexiti gave it, written as [`shared::Choice`] is.
#[derive(Debug, Serialize)]
pub(super) struct Choice<'a> {
    pub code: Cow<'a, str>,
    pub label: Cow<'a, str>,
}

/// The choices of one object, in its order. A label that is not a string is left out; a code
/// given twice keeps its first place and its last label, as a JSON object read into a map would.
#[derive(Debug, Default)]
pub(super) struct Choices<'a>(pub Vec<Choice<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Choices<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ChoicesVisitor)
    }
}

struct ChoicesVisitor;

impl<'de> Visitor<'de> for ChoicesVisitor {
    type Value = Choices<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object of codes to labels")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Choices<'de>, A::Error> {
        let mut read: Vec<(Cow<'de, str>, Option<Cow<'de, str>>)> =
            Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(Code(code)) = map.next_key()? {
            let Label(label) = map.next_value()?;
            match read
                .iter_mut()
                .find(|(earlier, _)| same_code(earlier, &code))
            {
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

/// Whether two codes are the same, compared inline: codes are a few bytes, and a call to
/// `memcmp` for each pair was 2% of the proxy's CPU per `merchants/login` read.
fn same_code(one: &str, other: &str) -> bool {
    one.len() == other.len() && one.bytes().zip(other.bytes()).all(|(a, b)| a == b)
}

/// Choices that depend on another field's value (`option_depends`: an ID type's issuers), in
/// Flexiti's order; a value given twice is found by its last occurrence, as in a map.
#[derive(Debug, Default)]
pub(super) struct DependentChoices<'a>(Vec<(Cow<'a, str>, Choices<'a>)>);

impl<'a> DependentChoices<'a> {
    /// The choices `code` has, taken out (each ID type is asked for once).
    pub(super) fn take(&mut self, code: &str) -> Choices<'a> {
        self.0
            .iter_mut()
            .rev()
            .find(|(depends_on, _)| same_code(depends_on, code))
            .map(|(_, choices)| std::mem::take(choices))
            .unwrap_or_default()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for DependentChoices<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DependentChoicesVisitor)
    }
}

struct DependentChoicesVisitor;

impl<'de> Visitor<'de> for DependentChoicesVisitor {
    type Value = DependentChoices<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object of codes to objects of choices")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DependentChoices<'de>, A::Error> {
        let mut read = Vec::with_capacity(map.size_hint().unwrap_or(32));
        while let Some(Code(code)) = map.next_key()? {
            read.push((code, map.next_value()?));
        }
        Ok(DependentChoices(read))
    }
}

/// A key, borrowed from the text unless it had an escape to undo.
struct Code<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Code<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CodeVisitor)
    }
}

struct CodeVisitor;

impl<'de> Visitor<'de> for CodeVisitor {
    type Value = Code<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a code")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Code<'de>, E> {
        Ok(Code(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Code<'de>, E> {
        Ok(Code(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Code<'de>, E> {
        Ok(Code(Cow::Owned(text)))
    }
}

/// A label, trimmed; `None` for any value that is not a string.
struct Label<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Label<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LabelVisitor)
    }
}

struct LabelVisitor;

impl<'de> Visitor<'de> for LabelVisitor {
    type Value = Label<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a label")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Label<'de>, E> {
        Ok(Label(Some(Cow::Borrowed(text.trim()))))
    }

    fn visit_str<E>(self, text: &str) -> Result<Label<'de>, E> {
        Ok(Label(Some(Cow::Owned(text.trim().to_owned()))))
    }

    fn visit_string<E>(self, text: String) -> Result<Label<'de>, E> {
        let trimmed = text.trim();
        if trimmed.len() == text.len() {
            Ok(Label(Some(Cow::Owned(text))))
        } else {
            Ok(Label(Some(Cow::Owned(trimmed.to_owned()))))
        }
    }

    fn visit_bool<E>(self, _: bool) -> Result<Label<'de>, E> {
        Ok(Label(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Label<'de>, E> {
        Ok(Label(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Label<'de>, E> {
        Ok(Label(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Label<'de>, E> {
        Ok(Label(None))
    }

    fn visit_unit<E>(self) -> Result<Label<'de>, E> {
        Ok(Label(None))
    }

    fn visit_none<E>(self) -> Result<Label<'de>, E> {
        Ok(Label(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Label<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Label(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Label<'de>, A::Error> {
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
            .map(|choice| (choice.code.into_owned(), choice.label.into_owned()))
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
    fn borrows_what_has_no_escape_and_reads_escaped_codes_too() {
        let Choices(choices) =
            serde_json::from_str(r#"{"ON": " Ontario ", "Q\u0043": "Qu\u00e9bec"}"#)
                .expect("an object");
        assert!(matches!(choices[0].code, Cow::Borrowed("ON")));
        assert!(matches!(choices[0].label, Cow::Borrowed("Ontario")));
        assert_eq!((&*choices[1].code, &*choices[1].label), ("QC", "Québec"));
    }

    #[test]
    fn dependent_choices_are_found_by_the_last_occurrence_of_their_code() {
        let mut depends: DependentChoices = serde_json::from_str(
            r#"{"CADL": {"ON": "Ontario"}, "CAP": {"CANADA": "Canada"}, "CADL": {"QC": "Quebec"}}"#,
        )
        .expect("an object");
        let codes = |choices: Choices| -> Vec<String> {
            choices
                .0
                .into_iter()
                .map(|choice| choice.code.into_owned())
                .collect()
        };
        assert_eq!(codes(depends.take("CADL")), ["QC"]);
        assert_eq!(codes(depends.take("CAP")), ["CANADA"]);
        assert!(codes(depends.take("CAHC")).is_empty());
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        for json in [r#"["ON"]"#, r#""ON""#, "3", "null"] {
            assert!(serde_json::from_str::<Choices>(json).is_err(), "{json}");
        }
    }
}
