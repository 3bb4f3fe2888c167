//! Refunds to an account (`POST accounts/{account_number}/refund`, `api-docs/001_...`). The docs
//! give only the errors; the body and answer are the sandbox's reading (`sandbox/README.md`,
//! "Verification and purchases").

use serde::{Deserialize, Serialize};

use super::{FlexitiClient, FlexitiError, money::Dollars, read_json};

/// A refund Flexiti posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    /// The refund's own transaction id.
    pub transaction_id: u64,
    /// What was refunded, in cents.
    pub refunded_cents: u64,
    /// The account's open-to-buy after the refund, in cents.
    pub available_credit_cents: u64,
}

impl FlexitiClient {
    /// Refunds `amount_cents` to account `account_number`, against the purchase whose
    /// `transaction_id` is `purchase` when given (then at most what is left of that purchase),
    /// otherwise against the account's balance.
    ///
    /// Not idempotent: after [`FlexitiError::Unreachable`] the refund may have been posted, so
    /// check the account's transactions before trying again.
    ///
    /// # Errors
    /// Any [`FlexitiError`]; above the balance, `refunds_limit_exceeded_amount`; above what is
    /// left of the purchase, `capture_amount_exceeded`; an unknown account or purchase,
    /// `not_found`.
    pub async fn refund(
        &self,
        account_number: u64,
        amount_cents: u64,
        purchase: Option<u64>,
    ) -> Result<Refund, FlexitiError> {
        let body = RefundRequest {
            amount: Dollars(amount_cents),
            transaction_id: purchase,
        };
        let account_number = account_number.to_string();
        let url = self.client_url(&["accounts", &account_number, "refund"]);
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        Ok(read_json::<RefundResponse>(response).await?.into())
    }
}

#[derive(Serialize)]
struct RefundRequest {
    amount: Dollars,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_id: Option<u64>,
}

#[derive(Deserialize)]
pub(super) struct RefundResponse {
    transaction_id: u64,
    refunded_amount: Dollars,
    available_credit: Dollars,
}

impl From<RefundResponse> for Refund {
    fn from(answer: RefundResponse) -> Refund {
        Refund {
            transaction_id: answer.transaction_id,
            refunded_cents: answer.refunded_amount.cents(),
            available_credit_cents: answer.available_credit.cents(),
        }
    }
}
