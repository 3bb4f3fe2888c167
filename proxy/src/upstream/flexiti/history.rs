//! A customer's posted purchases (`GET customers/{customer_id}/transactions`): how a purchase
//! whose answer was lost is found again. Flexiti's purchases carry no reference of ours, so the
//! caller matches on account, amount and date.

use serde::Deserialize;
use serde_json::Value;
use time::{Date, macros::format_description};

use super::{FlexitiClient, FlexitiError, customers::text_of, money, read_json};

/// A purchase Flexiti lists for a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedPurchase {
    /// Flexiti's transaction id.
    pub transaction_id: String,
    /// The day it was posted.
    pub date: Option<Date>,
    /// What is left of it (the amount, less returns), in cents.
    pub balance_cents: u64,
    /// The plan's name.
    pub plan_name: String,
    /// The term in months, when the plan has one.
    pub term: Option<u32>,
}

#[derive(Deserialize)]
pub(super) struct WireHistory {
    #[serde(default)]
    pub(super) transactions: Vec<WireEntry>,
}

#[derive(Deserialize)]
pub(super) struct WireEntry {
    transaction_id: Value,
    #[serde(default)]
    transaction_date: String,
    transaction_balance: Value,
    #[serde(default)]
    plan_name: String,
    #[serde(default)]
    term: Value,
}

impl FlexitiClient {
    /// The purchases posted on customer `customer_id`'s accounts, newest first; none is an empty
    /// list (Flexiti answers `no_returns_found`).
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn purchases(&self, customer_id: u64) -> Result<Vec<PostedPurchase>, FlexitiError> {
        let id = customer_id.to_string();
        let url = self.client_url(&["customers", &id, "transactions"]);
        let answer = self.authorized(|| self.http.get(url.clone())).await;
        let response = match answer {
            Err(FlexitiError::Rejected { code, .. }) if code == "no_returns_found" => {
                return Ok(Vec::new());
            }
            other => other?,
        };
        let history: WireHistory = read_json(response).await?;
        history.transactions.into_iter().map(posted).collect()
    }
}

pub(super) fn posted(entry: WireEntry) -> Result<PostedPurchase, FlexitiError> {
    let listed = format_description!("[year]/[month]/[day]");
    Ok(PostedPurchase {
        transaction_id: text_of(&entry.transaction_id),
        date: Date::parse(entry.transaction_date.trim(), listed).ok(),
        balance_cents: money::cents(&entry.transaction_balance)
            .ok_or_else(|| FlexitiError::Malformed("transaction_balance".into()))?,
        plan_name: entry.plan_name.trim().to_owned(),
        term: text_of(&entry.term).trim().parse().ok(),
    })
}
