//! Money movement: charge and authorize (a vaulted card or a pass-in card), capture, void and
//! refund, and the transaction lookups that reconcile them.

use super::{
    CardTransaction, FlexPayClient, FlexPayError, FollowUpAmount, ListOrder, ListQuery,
    MerchantTransactionId, PaymentRequest, TransactionId, TransactionKind, vault::list_params,
    wire,
};
use crate::upstream::http::Call;

/// The docs: `disableCustomerRecovery` "is usually turned to true in case of a new sale". A
/// checkout is a new sale with the shopper present; FlexPay must not re-attempt it on its own.
const DISABLE_CUSTOMER_RECOVERY: bool = true;

/// The page size of [`FlexPayClient::find_transaction`]: the largest the docs allow.
const LOOKUP_PAGE: u8 = 100;

/// How many listed transactions [`FlexPayClient::find_transaction`] reads in full at most, newest
/// first, when the list does not say which request made them: a lost attempt is among the newest,
/// and a lookup runs inside a shopper's or a merchant's request.
const FULL_READS: usize = 20;

impl FlexPayClient {
    /// Authorizes and captures at once (`POST gateways/charge`).
    ///
    /// # Errors
    /// Any [`FlexPayError`]. A decline is `Ok`: see [`CardTransaction::outcome`].
    pub async fn charge(&self, request: &PaymentRequest) -> Result<CardTransaction, FlexPayError> {
        self.gateway(TransactionKind::Charge, request).await
    }

    /// Reserves the amount, to capture later (`POST gateways/authorize`).
    ///
    /// # Errors
    /// Any [`FlexPayError`]. A decline is `Ok`: see [`CardTransaction::outcome`].
    pub async fn authorize(
        &self,
        request: &PaymentRequest,
    ) -> Result<CardTransaction, FlexPayError> {
        self.gateway(TransactionKind::Authorize, request).await
    }

    /// Captures all or part of the authorization `authorization`
    /// (`POST transactions/{id}/capture`). Capturing less releases the rest.
    ///
    /// # Errors
    /// Any [`FlexPayError`]. A refused capture (e.g. above the authorization, 30064) is `Ok`.
    pub async fn capture(
        &self,
        authorization: &TransactionId,
        merchant_transaction_id: &MerchantTransactionId,
        amount: FollowUpAmount,
    ) -> Result<CardTransaction, FlexPayError> {
        let kind = TransactionKind::Capture;
        self.follow_up(kind, authorization, merchant_transaction_id, amount)
            .await
    }

    /// Cancels an authorization, or a charge or capture not settled yet
    /// (`POST transactions/{id}/void`). Approved voids answer 10001.
    ///
    /// # Errors
    /// Any [`FlexPayError`]. A refused void is `Ok`.
    pub async fn void(
        &self,
        transaction: &TransactionId,
        merchant_transaction_id: &MerchantTransactionId,
    ) -> Result<CardTransaction, FlexPayError> {
        let (kind, amount) = (TransactionKind::Void, FollowUpAmount::Full);
        self.follow_up(kind, transaction, merchant_transaction_id, amount)
            .await
    }

    /// Refunds all or part of a charge or capture (`POST transactions/{id}/refund`).
    ///
    /// # Errors
    /// Any [`FlexPayError`]. A refused refund (e.g. above what is left, 30051) is `Ok`.
    pub async fn refund(
        &self,
        payment: &TransactionId,
        merchant_transaction_id: &MerchantTransactionId,
        amount: FollowUpAmount,
    ) -> Result<CardTransaction, FlexPayError> {
        let kind = TransactionKind::Refund;
        self.follow_up(kind, payment, merchant_transaction_id, amount)
            .await
    }

    /// The transaction `id` (`GET transactions/{id}`).
    ///
    /// # Errors
    /// Any [`FlexPayError`]; an unknown id is [`FlexPayError::NotFound`].
    pub async fn transaction(&self, id: &TransactionId) -> Result<CardTransaction, FlexPayError> {
        self.transaction_as_written(id)
            .await?
            .into_card_transaction(None)
    }

    /// One page of the account's transactions (`GET transactions`), each read as listed, or in
    /// full by its id where the list leaves out what we read.
    ///
    /// # Errors
    /// Any [`FlexPayError`], of the list or of any of its transactions.
    pub async fn transactions(
        &self,
        query: &ListQuery<TransactionId>,
    ) -> Result<Vec<CardTransaction>, FlexPayError> {
        let mut page = Vec::new();
        for listed in self.listed(query).await? {
            page.push(self.read_listed(listed).await?);
        }
        Ok(page)
    }

    /// One page of transactions as FlexPay lists them (`GET transactions`).
    async fn listed(
        &self,
        query: &ListQuery<TransactionId>,
    ) -> Result<Vec<wire::Transaction>, FlexPayError> {
        let params = list_params(query, "sinceTransactionId", TransactionId::as_str);
        let request = self.http.get(self.url(&["transactions"])).query(&params);
        let answer: wire::TransactionList = self.call(request).await?;
        Ok(answer.transactions)
    }

    /// The transaction `id` as FlexPay writes it (`GET transactions/{id}`).
    async fn transaction_as_written(
        &self,
        id: &TransactionId,
    ) -> Result<wire::Transaction, FlexPayError> {
        let request = self.http.get(self.url(&["transactions", id.as_str()]));
        let answer: wire::TransactionEnvelope<wire::Transaction> = self.call(request).await?;
        Ok(answer.transaction)
    }

    /// The transaction a request with `merchant_transaction_id` created, looked up newest first
    /// through at most `max_pages` pages of 100: how an attempt whose outcome is unknown
    /// ([`FlexPayError::outcome_unknown`]) is reconciled. `None` when FlexPay has no such
    /// transaction among those it listed.
    ///
    /// A listed transaction that does not say which request made it is read in full by its id
    /// (every request of ours carries one, so one that still does not say is not ours), newest
    /// first, at most [`FULL_READS`] a lookup. Those left unread beyond that make the answer an
    /// error rather than `None`, since a `None` lets the shopper pay again.
    ///
    /// # Errors
    /// Any [`FlexPayError`] of the calls; [`FlexPayError::Malformed`] when the transaction is
    /// found but cannot be read even in full, or when it is not found and some listed
    /// transaction was left unread: the outcome stays unknown.
    pub async fn find_transaction(
        &self,
        merchant_transaction_id: &MerchantTransactionId,
        max_pages: usize,
    ) -> Result<Option<CardTransaction>, FlexPayError> {
        let mut query = ListQuery {
            order: ListOrder::NewestFirst,
            count: Some(LOOKUP_PAGE),
            since: None,
        };
        let (mut read_in_full, mut unread) = (0_usize, 0_usize);
        for _ in 0..max_pages {
            let page = self.listed(&query).await?;
            let full = page.len() == usize::from(LOOKUP_PAGE);
            query.since = page.iter().rev().find_map(wire::Transaction::id);
            for listed in page {
                let (told, id) = (listed.sent_under().is_some(), listed.id());
                let transaction = match id {
                    Some(id) if !told && read_in_full < FULL_READS => {
                        read_in_full += 1;
                        self.transaction_as_written(&id).await?
                    }
                    Some(_) if !told => {
                        unread += 1;
                        continue;
                    }
                    _ => listed,
                };
                if transaction.sent_under() == Some(merchant_transaction_id.as_str()) {
                    return self.read_listed(transaction).await.map(Some);
                }
            }
            if !full || query.since.is_none() {
                break;
            }
        }
        if unread > 0 {
            return Err(FlexPayError::Malformed(format!(
                "{unread} listed transactions left unread do not say which request made them"
            )));
        }
        Ok(None)
    }

    /// The transaction found, read as listed, or in full by its id when the list leaves out
    /// what we read (its amount, its response code).
    async fn read_listed(
        &self,
        listed: wire::Transaction,
    ) -> Result<CardTransaction, FlexPayError> {
        match (listed.id(), listed.into_card_transaction(None)) {
            (Some(id), Err(FlexPayError::Malformed(_))) => self.transaction(&id).await,
            (_, read) => read,
        }
    }

    async fn gateway(
        &self,
        kind: TransactionKind,
        request: &PaymentRequest,
    ) -> Result<CardTransaction, FlexPayError> {
        let body = wire::TransactionEnvelope {
            transaction: wire::GatewayRequest::new(request, DISABLE_CUSTOMER_RECOVERY),
        };
        let path = ["gateways", segment(kind)];
        let http = self.http.post(self.url(&path)).json(&body);
        self.processed(http, kind).await
    }

    async fn follow_up(
        &self,
        kind: TransactionKind,
        original: &TransactionId,
        merchant_transaction_id: &MerchantTransactionId,
        amount: FollowUpAmount,
    ) -> Result<CardTransaction, FlexPayError> {
        let body = wire::TransactionEnvelope {
            transaction: wire::FollowUpRequest {
                merchant_transaction_id: merchant_transaction_id.as_str(),
                amount: match amount {
                    FollowUpAmount::Full => None,
                    FollowUpAmount::Partial(cents) => Some(cents.get()),
                },
                disable_customer_recovery: DISABLE_CUSTOMER_RECOVERY,
            },
        };
        let url = self.url(&["transactions", original.as_str(), segment(kind)]);
        self.processed(self.http.post(url).json(&body), kind).await
    }

    /// Sends a request that creates a transaction, logs what FlexPay made of it (its `message`
    /// goes to the logs only), and answers our view of it.
    async fn processed(
        &self,
        request: Call<'_>,
        kind: TransactionKind,
    ) -> Result<CardTransaction, FlexPayError> {
        let answer: wire::TransactionEnvelope<wire::Transaction> = self.call(request).await?;
        let gateway_message = answer.transaction.message.clone().unwrap_or_default();
        let transaction = answer.transaction.into_card_transaction(Some(kind))?;
        tracing::info!(
            kind = ?kind,
            transaction_id = %transaction.id,
            merchant_transaction_id = %transaction.merchant_transaction_id,
            response_code = transaction.outcome.code,
            class = ?transaction.outcome.class,
            gateway_message,
            "FlexPay processed a transaction"
        );
        Ok(transaction)
    }
}

/// The last path segment of the request that creates a transaction of `kind`.
fn segment(kind: TransactionKind) -> &'static str {
    match kind {
        TransactionKind::Authorize => "authorize",
        TransactionKind::Capture => "capture",
        TransactionKind::Charge => "charge",
        TransactionKind::Refund => "refund",
        TransactionKind::Void => "void",
    }
}
