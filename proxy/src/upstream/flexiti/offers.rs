//! Financing plans: Flexiti's `offer_types`, and what a purchase costs on one plan
//! (`accounts/{n}/calculate-interest`).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::{PlanOffer, PlanQuote};

use super::{FlexitiClient, FlexitiError, customers::text_of, money, read_json};

/// One entry of `offer_types`: term options come as numbers or as strings.
#[derive(Deserialize)]
pub(super) struct WireOffer {
    plan_id: Value,
    plan_name: String,
    #[serde(default)]
    offer_category: String,
    #[serde(default)]
    term_options: Vec<Value>,
}

impl From<WireOffer> for PlanOffer {
    fn from(offer: WireOffer) -> PlanOffer {
        PlanOffer {
            plan_id: text_of(&offer.plan_id),
            name: offer.plan_name.trim().to_owned(),
            category: offer.offer_category,
            terms: offer
                .term_options
                .iter()
                .filter_map(|term| text_of(term).trim().parse().ok())
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct WireQuoteRequest<'a> {
    amount: Value,
    plan_id: &'a str,
    term: u32,
}

#[derive(Deserialize)]
pub(super) struct WireQuote {
    plan_id: Value,
    plan_name: String,
    admin_fee: Value,
    apr: Value,
    payment_value: Value,
    #[serde(default)]
    total_interest: Value,
}

impl FlexitiClient {
    /// What `amount_cents` costs on `plan_id` over `term` months for account `account_number`.
    ///
    /// # Errors
    /// Any [`FlexitiError`]; `wrong_inputs` for a plan or term not offered.
    pub async fn quote(
        &self,
        account_number: u64,
        amount_cents: u64,
        plan_id: &str,
        term: u32,
    ) -> Result<PlanQuote, FlexitiError> {
        let number = account_number.to_string();
        let url = self.client_url(&["accounts", &number, "calculate-interest"]);
        let body = WireQuoteRequest {
            amount: money::dollars(amount_cents),
            plan_id,
            term,
        };
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        plan_quote(read_json(response).await?, amount_cents, term)
    }
}

/// Our quote of `amount_cents` over `term` months, from Flexiti's answer.
pub(super) fn plan_quote(
    quote: WireQuote,
    amount_cents: u64,
    term: u32,
) -> Result<PlanQuote, FlexitiError> {
    let cents = |value: &Value, field: &str| {
        money::cents(value).ok_or_else(|| FlexitiError::Malformed(field.to_owned()))
    };
    Ok(PlanQuote {
        plan_id: text_of(&quote.plan_id),
        name: quote.plan_name.trim().to_owned(),
        term,
        amount_cents,
        admin_fee_cents: cents(&quote.admin_fee, "admin_fee")?,
        monthly_payment_cents: cents(&quote.payment_value, "payment_value")?,
        apr_basis_points: u32::try_from(cents(&quote.apr, "apr")?)
            .map_err(|_| FlexitiError::Malformed("apr".into()))?,
        total_interest_cents: money::cents(&quote.total_interest).unwrap_or(0),
    })
}
