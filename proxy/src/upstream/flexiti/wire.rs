//! Flexiti's own request and response bodies (`api-docs/002_...`) and their conversion to our
//! types. Nothing here is visible outside the `flexiti` module.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shared::{Choice, FormConfig, GovIdTypeOption};

use super::choices::Choices;

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
    /// `wrong_inputs`: which parameters, and why.
    #[serde(default)]
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

/// `POST merchants/login` answer: the parts we use.
#[derive(Deserialize)]
pub(super) struct LoginResponse {
    pub form_values: FormValues,
}

#[derive(Deserialize)]
pub(super) struct OptionList {
    options: Choices,
}

#[derive(Deserialize)]
pub(super) struct DependentOptions {
    option_depends: BTreeMap<String, Choices>,
}

#[derive(Deserialize)]
pub(super) struct FormValues {
    salutation: OptionList,
    province: OptionList,
    security_qid: OptionList,
    govid_type: OptionList,
    govid_issued_by: DependentOptions,
}

impl From<FormValues> for FormConfig {
    fn from(values: FormValues) -> FormConfig {
        let mut issuers = values.govid_issued_by.option_depends;
        let gov_id_types = values
            .govid_type
            .options
            .0
            .into_iter()
            .map(|Choice { code, label }| GovIdTypeOption {
                issuers: issuers.remove(&code).unwrap_or_default().0,
                code,
                label,
            })
            .collect();
        FormConfig {
            provinces: values.province.options.0,
            salutations: values.salutation.options.0,
            security_questions: values.security_qid.options.0,
            gov_id_types,
        }
    }
}
