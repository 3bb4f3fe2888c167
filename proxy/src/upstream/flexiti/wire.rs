//! Flexiti's own request and response bodies (`api-docs/002_...`) and their conversion to our
//! types. Nothing here is visible outside the `flexiti` module.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
#[cfg(doc)]
use shared::FormConfig;

use super::choices::{Choice, Choices, DependentChoices};

/// `POST /oauth/token` form body.
#[derive(Serialize)]
pub(super) struct TokenRequest<'a> {
    pub grant_type: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<&'a str>,
}

/// `POST /oauth/token` answer.
#[derive(Deserialize)]
pub(super) struct TokenResponse {
    pub access_token: String,
    pub expires_in: u64,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// Both error shapes of the docs carry the code in `error`.
#[derive(Deserialize)]
pub(super) struct ErrorBody {
    #[serde(default)]
    pub error: String,
    /// `wrong_inputs`: which parameters, and why. The v2.5 catalogue's model names the list
    /// `error_fields`, its examples `field_errors`: either is read.
    #[serde(default, alias = "error_fields")]
    pub field_errors: Vec<FieldErrorBody>,
}

/// One entry of `field_errors`: the parameter and the rule it broke (`required`, `invalid`,
/// `type`, `length`). Its `value` is the applicant's own input and is never read.
#[derive(Deserialize)]
pub(super) struct FieldErrorBody {
    #[serde(default)]
    pub param: String,
    #[serde(default)]
    pub msg: String,
}

/// `POST merchants/login` body.
#[derive(Serialize)]
pub(super) struct LoginRequest<'a> {
    pub merchant_username: &'a str,
    pub merchant_password: &'a str,
}

/// `POST merchants/login` answer: the parts we use, borrowed from its text.
#[derive(Deserialize)]
pub(super) struct LoginResponse<'a> {
    #[serde(borrow)]
    pub form_values: FormValues<'a>,
}

#[derive(Deserialize)]
pub(super) struct OptionList<'a> {
    #[serde(borrow)]
    options: Choices<'a>,
}

#[derive(Deserialize)]
pub(super) struct DependentOptions<'a> {
    #[serde(borrow)]
    option_depends: DependentChoices<'a>,
}

#[derive(Deserialize)]
pub(super) struct FormValues<'a> {
    #[serde(borrow)]
    salutation: OptionList<'a>,
    #[serde(borrow)]
    province: OptionList<'a>,
    #[serde(borrow)]
    security_qid: OptionList<'a>,
    #[serde(borrow)]
    govid_type: OptionList<'a>,
    #[serde(borrow)]
    govid_issued_by: DependentOptions<'a>,
}

/// A [`FormConfig`] that borrows Flexiti's codes and labels, written as [`FormConfig`] is (same
/// fields, same order): the form configuration is written straight from the answer's text
/// without a copy of each of its hundred-odd strings, which with the frees after was a fifth of
/// the proxy's CPU per call. A test holds the two to the same bytes.
#[derive(Serialize)]
pub(super) struct FormConfigOut<'a> {
    provinces: Vec<Choice<'a>>,
    salutations: Vec<Choice<'a>>,
    security_questions: Vec<Choice<'a>>,
    gov_id_types: Vec<GovIdTypeOut<'a>>,
}

/// A [`shared::GovIdTypeOption`], borrowed.
#[derive(Serialize)]
struct GovIdTypeOut<'a> {
    code: Cow<'a, str>,
    label: Cow<'a, str>,
    issuers: Vec<Choice<'a>>,
}

impl<'a> From<FormValues<'a>> for FormConfigOut<'a> {
    fn from(values: FormValues<'a>) -> FormConfigOut<'a> {
        let mut issuers = values.govid_issued_by.option_depends;
        let gov_id_types = values
            .govid_type
            .options
            .0
            .into_iter()
            .map(|Choice { code, label }| GovIdTypeOut {
                issuers: issuers.take(&code).0,
                code,
                label,
            })
            .collect();
        FormConfigOut {
            provinces: values.province.options.0,
            salutations: values.salutation.options.0,
            security_questions: values.security_qid.options.0,
            gov_id_types,
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::{Choice as SharedChoice, FormConfig, GovIdTypeOption};

    use super::*;

    fn written(answer: &str) -> Vec<u8> {
        let login: LoginResponse = serde_json::from_str(answer).expect("a login answer");
        serde_json::to_vec(&FormConfigOut::from(login.form_values)).expect("written")
    }

    fn choice(code: &str, label: &str) -> SharedChoice {
        SharedChoice {
            code: code.into(),
            label: label.into(),
        }
    }

    #[test]
    fn the_form_configuration_is_written_as_form_config_writes_itself() {
        let answer = r#"{
            "merchant_name": "Shop", "merchant_id": "382",
            "form_values": {
                "offer_types": [{"plan_name": "90 Days", "terms": [3, 6]}],
                "salutation": {"options": {"mr": " Mr. ", "ms": "Ms."}, "type": "select"},
                "province": {"options": {"QC": "Qu\u00e9bec", "ON": "Ontario", "QC": "Québec", "XX": 4}},
                "security_qid": {"options": {"1": "Ville de naissance\u00a0?", "2": "A \"b\" \\ c"}},
                "govid_type": {"options": {"CADL": "Driver's Licence", "CAP": "Passport", "CAHC": "Health Card"}},
                "govid_issued_by": {"option_depends": {
                    "CADL": {"ON": "Ontario", "QC": "Quebec"},
                    "CAP": {"CANADA": "Canada"},
                    "CADL": {"QC": "Québec"}
                }}
            }
        }"#;
        let text = written(answer);
        let config: FormConfig = serde_json::from_slice(&text).expect("a FormConfig");
        assert_eq!(
            config,
            FormConfig {
                provinces: vec![choice("QC", "Québec"), choice("ON", "Ontario")],
                salutations: vec![choice("mr", "Mr."), choice("ms", "Ms.")],
                security_questions: vec![
                    choice("1", "Ville de naissance\u{a0}?"),
                    choice("2", "A \"b\" \\ c")
                ],
                gov_id_types: vec![
                    GovIdTypeOption {
                        code: "CADL".into(),
                        label: "Driver's Licence".into(),
                        issuers: vec![choice("QC", "Québec")],
                    },
                    GovIdTypeOption {
                        code: "CAP".into(),
                        label: "Passport".into(),
                        issuers: vec![choice("CANADA", "Canada")],
                    },
                    GovIdTypeOption {
                        code: "CAHC".into(),
                        label: "Health Card".into(),
                        issuers: vec![],
                    },
                ],
            }
        );
        // Same fields, same order, same escapes: byte for byte what `FormConfig` writes.
        assert_eq!(
            String::from_utf8(text).expect("UTF-8"),
            serde_json::to_string(&config).expect("written")
        );
    }

    #[test]
    fn an_answer_without_the_form_values_is_refused() {
        for answer in [
            r#"{"merchant_name": "Shop"}"#,
            r#"{"form_values": {"salutation": {"options": {}}}}"#,
            r#"{"form_values": {"salutation": {"options": ["mr"]}, "province": {"options": {}},
                "security_qid": {"options": {}}, "govid_type": {"options": {}},
                "govid_issued_by": {"option_depends": {}}}}"#,
        ] {
            assert!(
                serde_json::from_str::<LoginResponse>(answer).is_err(),
                "{answer}"
            );
        }
    }
}
