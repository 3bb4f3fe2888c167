//! Terms and conditions as the widget receives them: already sanitized by the proxy.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Which edition of the terms applies. Flexiti serves Quebec residents terms that comply with
/// Quebec's Consumer Protection Act, and everyone else the rest-of-Canada terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TermsRegion {
    /// Quebec residents.
    Quebec,
    /// Every other province and territory.
    RestOfCanada,
}

impl TermsRegion {
    /// The edition that applies to a two-letter province code.
    pub fn for_province(province: &str) -> TermsRegion {
        if province.eq_ignore_ascii_case("QC") {
            TermsRegion::Quebec
        } else {
            TermsRegion::RestOfCanada
        }
    }
}

/// The terms a shopper must agree to before applying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermsDocument {
    /// The province the terms were requested for.
    pub province: String,
    /// The language of the document.
    pub locale: Locale,
    /// The edition served.
    pub region: TermsRegion,
    /// HTML cleaned by an allow-list sanitizer on the proxy: no scripts, no event handlers, no
    /// `javascript:` links. Safe to set as `innerHTML` inside the widget.
    pub html: String,
}

/// The merchant's disclosures from Flexiti (`merchants/information`), sanitized by the proxy like
/// the terms, each shown where it applies: privacy before personal data is asked for, the credit
/// disclosure before applying, the debt-ratio disclosure beside a Quebec applicant's ratio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disclosures {
    /// `privacy_notice`.
    pub privacy: Option<String>,
    /// `credit_disclosure`.
    pub credit: Option<String>,
    /// `debt_ratio_disclosure`.
    pub debt_ratio: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_quebec_gets_the_quebec_edition() {
        assert_eq!(TermsRegion::for_province("QC"), TermsRegion::Quebec);
        assert_eq!(TermsRegion::for_province("qc"), TermsRegion::Quebec);
        for other in ["ON", "BC", "NU", "AB"] {
            assert_eq!(TermsRegion::for_province(other), TermsRegion::RestOfCanada);
        }
    }
}
