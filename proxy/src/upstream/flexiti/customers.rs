//! Finding a shopper's account (`customers/lookup`), verifying that it is theirs
//! (`customers/{id}/verify`), and closing a just-opened Quebec account (`customers/close-account`).

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::{AccountSummary, Locale, SecurityQuestion, VerificationMethod};

use super::{FlexitiClient, FlexitiError, money, offers::WireOffer, read_json};

/// How to find an account: by Flexiti card (VCC) number, or by who the shopper is.
#[derive(Clone)]
pub enum AccountQuery {
    /// The 16-digit Flexiti card number.
    Card(SecretString),
    /// First name, last name, date of birth (`YYYY-MM-DD`) and postal code.
    Person {
        /// First name.
        first_name: String,
        /// Last name.
        last_name: String,
        /// `YYYY-MM-DD`.
        dob: String,
        /// Canadian postal code.
        postal_code: String,
    },
}

/// An account a lookup found: what the widget may see, and the ids the proxy keeps to itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAccount {
    /// Flexiti's customer id (for `verify`).
    pub customer_id: u64,
    /// The account number (for quotes and purchases).
    pub account_number: u64,
    /// Open-to-buy, in cents: for the shopper once verified, not with the summary.
    pub available_credit_cents: u64,
    /// What the shopper sees on finding it.
    pub summary: AccountSummary,
}

/// How the shopper proves the account is theirs.
pub enum Verification {
    /// An answer to one of the account's questions.
    SecurityQuestion {
        /// The question's id.
        question_id: String,
        /// The shopper's answer.
        answer: SecretString,
    },
    /// A code sent by text message, entered next.
    Sms,
    /// A code sent by e-mail, entered next.
    Email,
}

/// What a verification gave.
#[derive(Debug)]
pub enum Verified {
    /// Verified at once: the code the purchase must carry.
    Code(SecretString),
    /// A code went to the shopper by this channel; they type it next.
    CodeSent(VerificationMethod),
}

#[derive(Deserialize)]
pub(super) struct WireAccount {
    customer_id: u64,
    account_number: u64,
    available_credit: Value,
    #[serde(default)]
    security_qid: Vec<WireQuestion>,
    #[serde(default)]
    offer_types: Vec<WireOffer>,
}

#[derive(Deserialize)]
struct WireQuestion {
    id: Value,
    text: String,
}

#[derive(Serialize)]
struct WireVerify<'a> {
    format: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_qid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_answer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    piw: Option<&'a str>,
}

#[derive(Deserialize)]
pub(super) struct WireVerified {
    verification_code: Value,
}

/// The query of a lookup by person, as Flexiti's examples write it: the postal code `A1A1A1`
/// ([`shared::canonical_postal_code`]), however the shopper typed it.
fn person_query<'a>(
    first_name: &'a str,
    last_name: &'a str,
    dob: &'a str,
    postal_code: &str,
) -> [(&'static str, String); 4] {
    [
        ("first_name", first_name.trim().to_owned()),
        ("last_name", last_name.trim().to_owned()),
        ("dob", dob.trim().to_owned()),
        ("postal_code", shared::canonical_postal_code(postal_code)),
    ]
}

impl FlexitiClient {
    /// Finds an account, refusing those that cannot purchase (`user_not_active`,
    /// `user_not_able_to_purchase`).
    ///
    /// # Errors
    /// Any [`FlexitiError`]; `not_found` when no account matches.
    pub async fn lookup(
        &self,
        query: &AccountQuery,
        locale: Locale,
    ) -> Result<FoundAccount, FlexitiError> {
        let url = self.client_url(&["customers", "lookup"]);
        let response = self
            .authorized(|| {
                let request = self
                    .http
                    .get(url.clone())
                    .query(&[("lang", locale.language())]);
                match query {
                    AccountQuery::Card(vcc) => {
                        request.query(&[("vcc_number", vcc.expose_secret())])
                    }
                    AccountQuery::Person {
                        first_name,
                        last_name,
                        dob,
                        postal_code,
                    } => request.query(&person_query(first_name, last_name, dob, postal_code)),
                }
            })
            .await?;
        read_json::<WireAccount>(response).await?.try_into()
    }

    /// Verifies customer `customer_id` by `verification`, with the personal identification word
    /// when the shopper gave one.
    ///
    /// # Errors
    /// Any [`FlexitiError`]: `secret_answer_mismatch`, `piw_mismatch`, `tries_exceed`,
    /// `sms_not_valid_phone`...
    pub async fn verify(
        &self,
        customer_id: u64,
        verification: &Verification,
        piw: Option<&SecretString>,
    ) -> Result<Verified, FlexitiError> {
        let id = customer_id.to_string();
        let url = self.client_url(&["customers", &id, "verify"]);
        let body = match verification {
            Verification::SecurityQuestion {
                question_id,
                answer,
            } => WireVerify {
                format: "security_question",
                security_qid: Some(question_id),
                security_answer: Some(answer.expose_secret()),
                piw: None,
            },
            Verification::Sms => WireVerify::channel("sms"),
            Verification::Email => WireVerify::channel("email"),
        };
        let body = WireVerify {
            piw: piw.map(ExposeSecret::expose_secret),
            ..body
        };
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        verified(read_json(response).await?, verification)
    }

    /// Closes a Quebec account right after its approval, when the applicant declines it.
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn close_account(&self, account_number: u64) -> Result<(), FlexitiError> {
        let url = self.client_url(&["customers", "close-account"]);
        let body = serde_json::json!({ "account_number": account_number });
        self.authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        Ok(())
    }
}

impl WireVerify<'_> {
    fn channel(format: &str) -> WireVerify<'_> {
        WireVerify {
            format,
            security_qid: None,
            security_answer: None,
            piw: None,
        }
    }
}

impl TryFrom<WireAccount> for FoundAccount {
    type Error = FlexitiError;

    fn try_from(account: WireAccount) -> Result<FoundAccount, FlexitiError> {
        let available = money::cents(&account.available_credit)
            .ok_or_else(|| FlexitiError::Malformed("available_credit".into()))?;
        let security_questions = account
            .security_qid
            .into_iter()
            .map(|question| SecurityQuestion {
                id: text_of(&question.id),
                text: question.text,
            })
            .collect();
        Ok(FoundAccount {
            customer_id: account.customer_id,
            account_number: account.account_number,
            available_credit_cents: available,
            summary: AccountSummary {
                available_credit_cents: None,
                security_questions,
                offers: account.offer_types.into_iter().map(Into::into).collect(),
            },
        })
    }
}

/// What a verification's answer means for the `verification` asked for.
pub(super) fn verified(
    answer: WireVerified,
    verification: &Verification,
) -> Result<Verified, FlexitiError> {
    Ok(match (&answer.verification_code, verification) {
        (Value::String(sent), Verification::Sms) if sent.contains("sms") => {
            Verified::CodeSent(VerificationMethod::Sms)
        }
        (Value::String(sent), Verification::Email) if sent.contains("email") => {
            Verified::CodeSent(VerificationMethod::Email)
        }
        (code @ (Value::Number(_) | Value::String(_)), Verification::SecurityQuestion { .. }) => {
            Verified::Code(SecretString::from(text_of(code)))
        }
        _ => return Err(FlexitiError::Malformed("verification_code".into())),
    })
}

/// Flexiti writes ids both as numbers and as strings.
pub(super) fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_looked_up_with_the_postal_code_as_flexitis_examples_write_it() {
        let query = person_query(" Jane ", "Roe", "1988-08-08", "m5m 1m1 ");
        assert_eq!(
            query,
            [
                ("first_name", "Jane".to_owned()),
                ("last_name", "Roe".to_owned()),
                ("dob", "1988-08-08".to_owned()),
                ("postal_code", "M5M1M1".to_owned()),
            ]
        );
    }
}
