//! The two languages the checkout speaks: Canadian English and Canadian French.

use serde::{Deserialize, Serialize};

/// A shopper's language. Serialized as a BCP 47 tag (`en-CA`, `fr-CA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    /// Canadian English, the default.
    #[default]
    #[serde(rename = "en-CA")]
    EnCa,
    /// Canadian French.
    #[serde(rename = "fr-CA")]
    FrCa,
}

impl Locale {
    /// The BCP 47 tag, as used in `lang` attributes and on the wire.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::EnCa => "en-CA",
            Locale::FrCa => "fr-CA",
        }
    }

    /// The two-letter code Flexiti's `lang` query parameter takes.
    pub const fn language(self) -> &'static str {
        match self {
            Locale::EnCa => "en",
            Locale::FrCa => "fr",
        }
    }

    /// Reads a tag leniently (`fr`, `fr-CA`, `FR_ca`); anything that is not French is English,
    /// because a page must always render in some language.
    pub fn from_tag(tag: &str) -> Locale {
        let lower = tag.trim().to_ascii_lowercase();
        if lower == "fr" || lower.starts_with("fr-") || lower.starts_with("fr_") {
            Locale::FrCa
        } else {
            Locale::EnCa
        }
    }

    /// Picks the English or the French text (or table of texts).
    pub const fn pick<T: Copy>(self, en: T, fr: T) -> T {
        match self.in_build() {
            Locale::EnCa => en,
            Locale::FrCa => fr,
        }
    }

    /// The language whose words a choice in this locale reads. In a build for one language
    /// (the widget's, built with `--cfg widget_language="en"` or `"fr"`) that language, whatever
    /// `self` says: a constant, so the compiler drops the other language's words and a shopper
    /// downloads only theirs. The proxy serves each locale's page the build of its language, so
    /// the two agree; everywhere else (the proxy, tests) `self`.
    pub const fn in_build(self) -> Locale {
        if cfg!(widget_language = "en") {
            Locale::EnCa
        } else if cfg!(widget_language = "fr") {
            Locale::FrCa
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_serde() {
        for locale in [Locale::EnCa, Locale::FrCa] {
            let json = serde_json::to_string(&locale).expect("serialize");
            assert_eq!(json, format!("\"{}\"", locale.tag()));
            assert_eq!(
                serde_json::from_str::<Locale>(&json).expect("parse"),
                locale
            );
        }
    }

    #[test]
    fn lenient_tags_fall_back_to_english() {
        assert_eq!(Locale::from_tag("fr"), Locale::FrCa);
        assert_eq!(Locale::from_tag("FR_ca"), Locale::FrCa);
        assert_eq!(Locale::from_tag("de-DE"), Locale::EnCa);
        assert_eq!(Locale::from_tag(""), Locale::EnCa);
    }
}
