//! How money moved, as the merchant API names it in the ledger's lists and a refund's answer.

use serde::Serialize;
use shared::PaymentMethod;

/// The two ways money moves: a card through FlexPay, or a Flexiti account. A credit application
/// pays with the account it has just opened, so its money moved as `flexiti_account`; the
/// ledger never holds `credit_application`, and the API's schema does not offer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub(super) enum PaidWith {
    /// A card, through FlexPay.
    Card,
    /// A Flexiti account, existing or opened in the checkout.
    FlexitiAccount,
}

impl From<PaymentMethod> for PaidWith {
    fn from(method: PaymentMethod) -> PaidWith {
        match method {
            PaymentMethod::Card => PaidWith::Card,
            PaymentMethod::FlexitiAccount | PaymentMethod::CreditApplication => {
                PaidWith::FlexitiAccount
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_applications_money_moved_on_its_new_account() {
        let named = |method| serde_json::to_value(PaidWith::from(method)).expect("serializes");
        assert_eq!(named(PaymentMethod::Card), "card");
        assert_eq!(named(PaymentMethod::FlexitiAccount), "flexiti_account");
        assert_eq!(named(PaymentMethod::CreditApplication), "flexiti_account");
    }
}
