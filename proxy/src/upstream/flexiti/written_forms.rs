//! The form configuration last written in each language, beside the `merchants/login` answer it
//! was written from.
//!
//! Every widget's credit form asks for the form configuration, and Flexiti answers a store's
//! `merchants/login` with the same bytes call after call. Reading those 4-7 KB and writing the
//! 5-6 KB configuration was about a quarter of the proxy's CPU for such a call. The configuration
//! is a function of the answer's bytes alone, so an answer byte for byte equal to the last one
//! reuses what was written from it. Flexiti is still asked every time: a changed answer is read
//! and written afresh, and then kept in turn. What is kept is the store's (its name, its id,
//! the form's options): nothing of a shopper's, no secret, in memory only.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use shared::{FormConfig, Locale};

use crate::json_text::JsonText;

/// The last configuration written in each language.
#[derive(Debug, Default)]
pub(super) struct WrittenForms {
    english: Mutex<Option<Arc<Written>>>,
    french: Mutex<Option<Arc<Written>>>,
}

/// A configuration and the answer it was written from.
#[derive(Debug)]
struct Written {
    answer: Bytes,
    text: JsonText<FormConfig>,
}

impl WrittenForms {
    /// The configuration written from `answer` in `locale`, if it is the answer last written from.
    pub(super) fn get(&self, locale: Locale, answer: &[u8]) -> Option<JsonText<FormConfig>> {
        let last = self
            .slot(locale)
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()?;
        (last.answer == answer).then(|| last.text.clone())
    }

    /// Keeps `text` as the configuration written from `answer` in `locale`.
    pub(super) fn keep(&self, locale: Locale, answer: Bytes, text: &JsonText<FormConfig>) {
        let written = Arc::new(Written {
            answer,
            text: text.clone(),
        });
        *self
            .slot(locale)
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(written);
    }

    fn slot(&self, locale: Locale) -> &Mutex<Option<Arc<Written>>> {
        match locale {
            Locale::EnCa => &self.english,
            Locale::FrCa => &self.french,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(json: &'static str) -> JsonText<FormConfig> {
        JsonText::write(&serde_json::from_str::<serde_json::Value>(json).expect("JSON"))
            .expect("written")
    }

    #[test]
    fn an_answer_equal_to_the_last_one_gets_what_was_written_from_it() {
        let forms = WrittenForms::default();
        let written = text(r#"{"provinces":[]}"#);
        forms.keep(Locale::EnCa, Bytes::from_static(b"answer"), &written);

        let again = forms.get(Locale::EnCa, b"answer").expect("kept");

        assert_eq!(again.as_bytes(), written.as_bytes());
    }

    #[test]
    fn another_answer_or_another_language_gets_nothing() {
        let forms = WrittenForms::default();
        forms.keep(Locale::EnCa, Bytes::from_static(b"answer"), &text("{}"));

        assert!(forms.get(Locale::EnCa, b"answer, changed").is_none());
        assert!(forms.get(Locale::FrCa, b"answer").is_none());
    }

    #[test]
    fn a_changed_answer_replaces_the_last_one() {
        let forms = WrittenForms::default();
        forms.keep(Locale::FrCa, Bytes::from_static(b"first"), &text("[1]"));
        forms.keep(Locale::FrCa, Bytes::from_static(b"second"), &text("[2]"));

        assert!(forms.get(Locale::FrCa, b"first").is_none());
        assert_eq!(
            forms.get(Locale::FrCa, b"second").expect("kept").as_bytes(),
            b"[2]"
        );
    }
}
