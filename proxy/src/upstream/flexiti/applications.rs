//! Credit applications: `widget/init` (binds the applicant's identity to a widget session) and
//! `apply` (adjudication; a Quebec approval carries the debt ratio and the plans on offer).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::{ApplicationApproval, CreditApplication, PlanOffer};

use super::{FlexitiClient, FlexitiError, customers::text_of, money, offers::WireOffer, read_json};

/// An approved application: what the shopper sees, and the ids the proxy keeps.
#[derive(Debug, Clone)]
pub struct Approved {
    /// The new customer's id.
    pub customer_id: u64,
    /// The new account's number.
    pub account_number: u64,
    /// The new Flexiti card's number: the key to the account's plans when `apply` names none.
    pub vcc_number: SecretString,
    /// What the shopper sees.
    pub approval: ApplicationApproval,
}

#[derive(Serialize)]
struct WireInit<'a> {
    first_name: &'a str,
    last_name: &'a str,
    dob: &'a str,
    email: &'a str,
    phone_number: &'a str,
}

#[derive(Deserialize)]
pub(super) struct WireInitAnswer {
    pub(super) widget_session_id: String,
}

#[derive(Serialize)]
struct WireApply<'a> {
    amount_requested: Value,
    phone_number: &'a str,
    email: &'a str,
    language: &'static str,
    salutation: &'a str,
    first_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    middle_name: Option<&'a str>,
    last_name: &'a str,
    dob: &'a str,
    address_1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_2: Option<&'a str>,
    city: &'a str,
    province: &'a str,
    /// `A1A1A1`, as the docs' `apply` example writes it.
    postal_code: String,
    govid_type: &'a str,
    govid_issuedby: &'a str,
    govid_number: &'a str,
    govid_expiry: &'a str,
    input_type: &'static str,
    personal_income: Value,
    household_income: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    monthly_housing_expenses: Option<Value>,
    housing_type: &'a str,
    occupation_id: &'a str,
    occupation_title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    employer_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    employer_phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sin: Option<&'a str>,
    security_qid: &'a str,
    security_answer: &'a str,
    piw: &'a str,
    tos_agreement: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    widget_session_id: Option<&'a str>,
}

impl<'a> WireApply<'a> {
    fn of(application: &'a CreditApplication, widget_session_id: Option<&'a str>) -> Self {
        let a = application;
        let id = &a.government_id;
        WireApply {
            amount_requested: money::dollars(a.amount_requested_cents),
            phone_number: &a.phone_number,
            email: &a.email,
            language: a.language.tag(),
            salutation: &a.salutation,
            first_name: &a.first_name,
            middle_name: a.middle_name.as_deref(),
            last_name: &a.last_name,
            dob: &a.dob,
            address_1: &a.address_1,
            address_2: a.address_2.as_deref(),
            city: &a.city,
            province: &a.province,
            postal_code: shared::canonical_postal_code(&a.postal_code),
            govid_type: &id.kind,
            govid_issuedby: &id.issued_by,
            govid_number: id.number.expose(),
            govid_expiry: &id.expiry,
            input_type: "manual",
            personal_income: money::dollars(a.personal_income_cents),
            household_income: money::dollars(a.household_income_cents),
            monthly_housing_expenses: a.monthly_housing_expenses_cents.map(money::dollars),
            housing_type: &a.housing_type,
            occupation_id: &a.occupation_id,
            occupation_title: &a.occupation_title,
            employer_name: a.employer_name.as_deref(),
            employer_phone: a.employer_phone.as_deref(),
            sin: a.sin.as_ref().map(|sin| sin.expose()),
            security_qid: &a.security_question_id,
            security_answer: a.security_answer.expose(),
            piw: a.piw.expose(),
            tos_agreement: a.terms_accepted,
            widget_session_id,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct WireApproval {
    vcc_number: Value,
    account_number: u64,
    customer_id: u64,
    available_credit: Value,
    credit_limit: Value,
    #[serde(default)]
    debt_ratio: Option<Value>,
    #[serde(default)]
    offer_types: Vec<WireOffer>,
}

impl FlexitiClient {
    /// `widget/init`: opens Flexiti's widget session for this applicant; `apply` must then carry
    /// the same identity (`not_verified` otherwise).
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn widget_init(
        &self,
        application: &CreditApplication,
    ) -> Result<String, FlexitiError> {
        let url = self.client_url(&["widget", "init"]);
        let body = WireInit {
            first_name: &application.first_name,
            last_name: &application.last_name,
            dob: &application.dob,
            email: &application.email,
            phone_number: &application.phone_number,
        };
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        let answer: WireInitAnswer = read_json(response).await?;
        Ok(answer.widget_session_id)
    }

    /// `apply`: Flexiti adjudicates the application.
    ///
    /// # Errors
    /// Any [`FlexitiError`]: `wrong_inputs`, `tos_agreement_required`, `customer_already_exists`,
    /// `application_declined*`, `application_marked_pending_*`, `not_verified`...
    pub async fn apply(
        &self,
        application: &CreditApplication,
        widget_session_id: Option<&str>,
    ) -> Result<Approved, FlexitiError> {
        let url = self.client_url(&["apply"]);
        let body = WireApply::of(application, widget_session_id);
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        read_json::<WireApproval>(response).await?.try_into()
    }
}

impl TryFrom<WireApproval> for Approved {
    type Error = FlexitiError;

    fn try_from(answer: WireApproval) -> Result<Approved, FlexitiError> {
        let cents = |value: &Value, field: &str| {
            money::cents(value).ok_or_else(|| FlexitiError::Malformed(field.to_owned()))
        };
        let vcc = text_of(&answer.vcc_number);
        let debt_ratio = match &answer.debt_ratio {
            Some(ratio) => Some(
                money::basis_points(ratio)
                    .ok_or_else(|| FlexitiError::Malformed("debt_ratio".into()))?,
            ),
            None => None,
        };
        Ok(Approved {
            customer_id: answer.customer_id,
            account_number: answer.account_number,
            vcc_number: SecretString::from(vcc.clone()),
            approval: ApplicationApproval {
                available_credit_cents: cents(&answer.available_credit, "available_credit")?,
                credit_limit_cents: cents(&answer.credit_limit, "credit_limit")?,
                card_ending: vcc.chars().skip(vcc.len().saturating_sub(4)).collect(),
                debt_ratio_basis_points: debt_ratio,
                offers: answer
                    .offer_types
                    .into_iter()
                    .map(PlanOffer::from)
                    .collect(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_postal_code_goes_as_the_docs_example_writes_it() {
        let application: CreditApplication = serde_json::from_value(json!({
            "amount_requested_cents": 500_000, "phone_number": "5551231231",
            "email": "email@address.com", "language": "en-CA", "salutation": "mr",
            "first_name": "John", "last_name": "Doe", "dob": "1990-01-01",
            "address_1": "123 Any Street", "city": "Montreal", "province": "QC",
            "postal_code": "h2j 2l1",
            "government_id": { "kind": "CAP", "issued_by": "CANADA", "number": "ab121212",
                "expiry": "2035-12-12" },
            "personal_income_cents": 12_312_300, "household_income_cents": 22_312_300,
            "monthly_housing_expenses_cents": 100_000, "housing_type": "Rent",
            "occupation_id": "FE", "occupation_title": "Baker", "security_question_id": "8",
            "security_answer": "Horse", "piw": "Cloud", "terms_accepted": true
        }))
        .expect("an application");
        let body = serde_json::to_value(WireApply::of(&application, None)).expect("a body");
        assert_eq!(body["postal_code"], json!("H2J2L1"));
    }
}
