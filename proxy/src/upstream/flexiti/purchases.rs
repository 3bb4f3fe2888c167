//! Posting a purchase on an account (`POST transactions`, a promotional purchase on a plan).

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::PurchaseReceipt;

use super::{FlexitiClient, FlexitiError, customers::text_of, money, read_json};

/// A purchase the shopper confirmed, on a plan and term they chose.
pub struct Purchase<'a> {
    /// The account it goes on.
    pub account_number: u64,
    /// The checkout's amount, in cents.
    pub amount_cents: u64,
    /// The plan.
    pub plan_id: &'a str,
    /// Its term, in months.
    pub term: u32,
    /// The code the verification gave (or the shopper typed).
    pub verification_code: &'a SecretString,
}

#[derive(Serialize)]
struct WirePurchase<'a> {
    transaction_type: &'static str,
    amount: Value,
    account_number: u64,
    plan_id: &'a str,
    term: u32,
    customer_confirmed: bool,
    verification_code: &'a str,
}

#[derive(Deserialize)]
pub(super) struct WireReceipt {
    transaction_id: Value,
    #[serde(default)]
    plan_name: String,
    #[serde(default)]
    admin_fee: Value,
    payment_value: Value,
    balance_after_purchase: Value,
}

impl FlexitiClient {
    /// Posts `purchase` as a promotional purchase, confirmed by the customer.
    ///
    /// Not retried by the client on a lost answer: the caller settles an unknown outcome by
    /// looking the transaction up, never by posting again.
    ///
    /// # Errors
    /// Any [`FlexitiError`]: `wrong_verification_code`, `not_enough_credit`,
    /// `limit_payment_amount_24`...
    pub async fn purchase(&self, purchase: &Purchase<'_>) -> Result<PurchaseReceipt, FlexitiError> {
        let url = self.client_url(&["transactions"]);
        let body = WirePurchase {
            transaction_type: "promotional_purchase",
            amount: money::dollars(purchase.amount_cents),
            account_number: purchase.account_number,
            plan_id: purchase.plan_id,
            term: purchase.term,
            customer_confirmed: true,
            verification_code: purchase.verification_code.expose_secret(),
        };
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        receipt_of(
            read_json(response).await?,
            purchase.amount_cents,
            purchase.term,
        )
    }
}

/// Our receipt of a purchase of `amount_cents` over `term` months, from Flexiti's answer.
pub(super) fn receipt_of(
    receipt: WireReceipt,
    amount_cents: u64,
    term: u32,
) -> Result<PurchaseReceipt, FlexitiError> {
    let cents = |value: &Value, field: &str| {
        money::cents(value).ok_or_else(|| FlexitiError::Malformed(field.to_owned()))
    };
    Ok(PurchaseReceipt {
        transaction_id: text_of(&receipt.transaction_id),
        plan_name: receipt.plan_name.trim().to_owned(),
        // The docs' answer carries no term: it is the one the shopper chose.
        term: Some(term),
        amount_cents,
        monthly_payment_cents: cents(&receipt.payment_value, "payment_value")?,
        admin_fee_cents: money::cents(&receipt.admin_fee).unwrap_or(0),
        remaining_credit_cents: cents(&receipt.balance_after_purchase, "balance_after_purchase")?,
    })
}
