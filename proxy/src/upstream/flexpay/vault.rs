//! The payment-method vault: store a card, show one, list them.

use super::{
    FlexPayClient, FlexPayError, ListOrder, ListQuery, NewCard, PaymentMethodId, VaultedCard, wire,
};

impl FlexPayClient {
    /// Stores a card in the FlexPay vault (`POST paymentmethods`), to charge or authorize it later
    /// by its id.
    ///
    /// # Errors
    /// Any [`FlexPayError`]; a card number the vault refuses (Luhn, 30002) is
    /// [`FlexPayError::Invalid`], whose [`card_outcome`](FlexPayError::card_outcome) tells the
    /// shopper what to fix.
    pub async fn vault_card(&self, card: &NewCard) -> Result<VaultedCard, FlexPayError> {
        let body = wire::PaymentMethodEnvelope {
            payment_method: wire::NewPaymentMethod {
                customer_id: card.customer_id.as_deref(),
                credit_card: wire::CardFields::new(&card.card, &card.holder),
            },
        };
        let request = self.http.post(self.url(&["paymentmethods"])).json(&body);
        let answer: wire::PaymentMethodEnvelope<wire::PaymentMethod> = self.call(request).await?;
        answer.payment_method.into_vaulted_card()
    }

    /// The vaulted card `id` (`GET paymentmethods/{id}`).
    ///
    /// # Errors
    /// Any [`FlexPayError`]; an unknown id is [`FlexPayError::NotFound`].
    pub async fn payment_method(&self, id: &PaymentMethodId) -> Result<VaultedCard, FlexPayError> {
        let request = self.http.get(self.url(&["paymentmethods", id.as_str()]));
        let answer: wire::PaymentMethodEnvelope<wire::PaymentMethod> = self.call(request).await?;
        answer.payment_method.into_vaulted_card()
    }

    /// One page of the vaulted cards (`GET paymentmethods`).
    ///
    /// # Errors
    /// Any [`FlexPayError`].
    pub async fn payment_methods(
        &self,
        query: &ListQuery<PaymentMethodId>,
    ) -> Result<Vec<VaultedCard>, FlexPayError> {
        let params = list_params(query, "sincePaymentMethodId", PaymentMethodId::as_str);
        let request = self.http.get(self.url(&["paymentmethods"])).query(&params);
        let answer: wire::PaymentMethodList = self.call(request).await?;
        answer
            .payment_methods
            .into_iter()
            .map(wire::PaymentMethod::into_vaulted_card)
            .collect()
    }
}

/// The query string of a list: `order`, `count` and the list's own `since...` parameter.
pub(super) fn list_params<Id>(
    query: &ListQuery<Id>,
    since_name: &'static str,
    as_str: impl Fn(&Id) -> &str,
) -> Vec<(&'static str, String)> {
    let order = match query.order {
        ListOrder::OldestFirst => "asc",
        ListOrder::NewestFirst => "desc",
    };
    let mut params = vec![("order", order.to_owned())];
    if let Some(count) = query.count {
        params.push(("count", count.to_string()));
    }
    if let Some(since) = &query.since {
        params.push((since_name, as_str(since).to_owned()));
    }
    params
}
