//! The options of the credit-application form, as the proxy rebuilds them from Flexiti's
//! `merchants/login` `form_values`, and the rules that tie province, ID type and issuer together.

use serde::{Deserialize, Serialize};

/// The issuer code Flexiti uses for federal documents (passport, PR card...).
pub const CANADA: &str = "CANADA";

/// The two-letter codes of Canada's provinces and territories, as Flexiti spells them.
pub const PROVINCE_CODES: [&str; 13] = [
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// Whether `code` is one of [`PROVINCE_CODES`] (exact, upper case).
pub fn is_province_code(code: &str) -> bool {
    PROVINCE_CODES.contains(&code)
}

/// A postal code as typed, written as Flexiti's requests write it: `A1A1A1`, upper case, no space
/// (the examples of `apply`, and the accounts a lookup answers; only the driver's licence decode
/// writes a space). Its length limit is not given: six characters is the shortest form. Anything
/// else is left squashed, for the rules to refuse.
pub fn canonical_postal_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Whether `typed`, spaces left out, has a Canadian postal code's shape: `A1A1A1`, letters and
/// digits alternating (either case). Whether its first letter names a province is
/// [`province_of_postal_code`]'s to say.
pub fn is_postal_code_shape(typed: &str) -> bool {
    let squashed: Vec<char> = typed.chars().filter(|c| !c.is_whitespace()).collect();
    squashed.len() == 6
        && squashed.iter().enumerate().all(|(position, c)| {
            if position % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The province or territory a Canadian postal code belongs to, by its first letter (Canada
/// Post's forward sortation areas); `None` for a code that is not Canadian. `X` covers both the
/// Northwest Territories and Nunavut: `X0A`, `X0B` and `X0C` are Nunavut.
pub fn province_of_postal_code(postal_code: &str) -> Option<&'static str> {
    let code = canonical_postal_code(postal_code);
    let province = match code.chars().next()? {
        'A' => "NL",
        'B' => "NS",
        'C' => "PE",
        'E' => "NB",
        'G' | 'H' | 'J' => "QC",
        'K' | 'L' | 'M' | 'N' | 'P' => "ON",
        'R' => "MB",
        'S' => "SK",
        'T' => "AB",
        'V' => "BC",
        'X' if ["X0A", "X0B", "X0C"]
            .iter()
            .any(|fsa| code.starts_with(fsa)) =>
        {
            "NU"
        }
        'X' => "NT",
        'Y' => "YT",
        _ => return None,
    };
    Some(province)
}

/// One option of a select: the code sent upstream and the label shown to the shopper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    /// The value sent upstream (`ON`, `CADL`, `4`...).
    pub code: String,
    /// The label, in the language the configuration was requested in.
    pub label: String,
}

/// A kind of government ID and who issues it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GovIdTypeOption {
    /// Flexiti's code (`CADL`, `CAPID`...).
    pub code: String,
    /// The label shown to the shopper.
    pub label: String,
    /// The provinces (or `CANADA`) that issue it, from `govid_issued_by.option_depends`.
    pub issuers: Vec<Choice>,
}

impl GovIdTypeOption {
    /// Whether this document is issued by `issuer` (a province code or `CANADA`).
    pub fn is_issued_by(&self, issuer: &str) -> bool {
        self.issuers.iter().any(|choice| choice.code == issuer)
    }
}

/// Everything the credit-application form needs to offer its choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormConfig {
    /// Provinces and territories, in the upstream's order.
    pub provinces: Vec<Choice>,
    /// Salutations (Mr., Ms....).
    pub salutations: Vec<Choice>,
    /// Security questions the applicant picks one of.
    pub security_questions: Vec<Choice>,
    /// Every government-ID type with its issuers.
    pub gov_id_types: Vec<GovIdTypeOption>,
}

impl FormConfig {
    /// The ID types a resident of `province` can present: those that province or Canada issues.
    /// A Quebec resident is not offered Ontario's "Provincial ID Card".
    pub fn id_types_for(&self, province: &str) -> Vec<&GovIdTypeOption> {
        self.gov_id_types
            .iter()
            .filter(|id_type| id_type.is_issued_by(province) || id_type.is_issued_by(CANADA))
            .collect()
    }

    /// The ID type with this code, if any.
    pub fn id_type(&self, code: &str) -> Option<&GovIdTypeOption> {
        self.gov_id_types
            .iter()
            .find(|id_type| id_type.code == code)
    }

    /// The issuer to preselect: the shopper's province where it issues this ID type, else the only
    /// issuer when there is just one (a passport is issued by Canada), else none.
    pub fn default_issuer(&self, id_type: &str, province: &str) -> Option<String> {
        let id_type = self.id_type(id_type)?;
        if id_type.is_issued_by(province) {
            return Some(province.to_owned());
        }
        match id_type.issuers.as_slice() {
            [only] => Some(only.code.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postal_code_shape_is_three_letter_digit_pairs_whatever_the_spaces_and_case() {
        for shaped in ["K1A 0B1", "k1a0b1", " H2X  1Y4 ", "Z9Z9Z9"] {
            assert!(is_postal_code_shape(shaped), "{shaped:?}");
        }
        for misshaped in [
            "",
            "K1A 0B",
            "K1A 0B1 2",
            "1KA 0B1",
            "K1A-0B1",
            "K1A 0BB",
            "Ｋ1A0B1",
        ] {
            assert!(!is_postal_code_shape(misshaped), "{misshaped:?}");
        }
    }

    #[test]
    fn postal_codes_name_their_province() {
        for (code, province) in [
            ("M5M 1M1", Some("ON")),
            ("h2j2l1", Some("QC")),
            ("V6B 1A1", Some("BC")),
            ("X0A 0H0", Some("NU")),
            ("X1A 2P7", Some("NT")),
            ("90210", None),
            ("", None),
        ] {
            assert_eq!(province_of_postal_code(code), province, "{code}");
        }
    }

    fn choice(code: &str) -> Choice {
        Choice {
            code: code.into(),
            label: code.to_lowercase(),
        }
    }

    fn id_type(code: &str, issuers: &[&str]) -> GovIdTypeOption {
        GovIdTypeOption {
            code: code.into(),
            label: code.into(),
            issuers: issuers.iter().map(|code| choice(code)).collect(),
        }
    }

    fn config() -> FormConfig {
        FormConfig {
            provinces: vec![choice("ON"), choice("QC")],
            salutations: vec![],
            security_questions: vec![],
            gov_id_types: vec![
                id_type("CADL", &["ON", "QC", "BC"]),
                id_type("CAHC", &["QC", "BC"]),
                id_type("CAPID", &["ON"]),
                id_type("CAP", &[CANADA]),
            ],
        }
    }

    fn codes(types: Vec<&GovIdTypeOption>) -> Vec<&str> {
        types.iter().map(|id_type| id_type.code.as_str()).collect()
    }

    #[test]
    fn ontario_resident_is_offered_the_provincial_id_card() {
        assert_eq!(codes(config().id_types_for("ON")), ["CADL", "CAPID", "CAP"]);
    }

    #[test]
    fn quebec_resident_is_not_offered_ontario_documents() {
        assert_eq!(codes(config().id_types_for("QC")), ["CADL", "CAHC", "CAP"]);
    }

    #[test]
    fn issuer_defaults_to_the_shoppers_province_then_to_a_sole_issuer() {
        let config = config();
        assert_eq!(config.default_issuer("CADL", "QC").as_deref(), Some("QC"));
        assert_eq!(config.default_issuer("CAP", "QC").as_deref(), Some(CANADA));
        assert_eq!(config.default_issuer("CAHC", "ON"), None);
        assert_eq!(config.default_issuer("NOPE", "ON"), None);
    }
}
