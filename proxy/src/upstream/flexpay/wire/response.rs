//! What FlexPay answers, read leniently (the docs' tables disagree on some spellings), and its
//! conversion to our types. `creditCardNumber` and `cvv` are not declared: serde skips them unread.

use serde::{Deserialize, Deserializer};
use shared::{CardOutcome, Currency, GatewayStatus};

use super::super::{
    CardBrand, CardTransaction, FlexPayError, MerchantTransactionId, PaymentMethodId,
    TransactionId, TransactionKind, VaultedCard,
};

/// The transaction core object: the parts we use.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    pub transaction_id: Option<String>,
    pub merchant_transaction_id: Option<String>,
    pub order_id: Option<String>,
    pub transaction_type: Option<String>,
    pub transaction_status: Option<u8>,
    #[serde(default, deserialize_with = "response_code")]
    pub response_code: Option<u32>,
    /// The issuer's text: logged, never shown to shoppers.
    pub message: Option<String>,
    pub transaction_date: Option<String>,
    pub amount: Option<u64>,
    pub currency_code: Option<String>,
    pub customer_id: Option<String>,
    pub retry_date: Option<String>,
    pub reference_data: Option<String>,
    pub response: Option<Checks>,
    pub payment_method: Option<PaymentMethod>,
}

/// `response`: the address and CVV checks.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checks {
    avs_code: Option<String>,
    cvv_code: Option<String>,
}

/// The payment-method core object, and the transaction's `paymentMethod` element (whose table
/// spells the digits `firstSixDigit` / `lastfourDigit`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    payment_method_id: Option<String>,
    customer_id: Option<String>,
    card_type: Option<String>,
    #[serde(alias = "lastfourDigit", alias = "lastFourDigit")]
    last_four_digits: Option<String>,
    expiry_month: Option<String>,
    expiry_year: Option<String>,
    fingerprint: Option<String>,
}

/// `responseCode` is documented `String (6)`; a number is read too.
fn response_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Code {
        Number(u32),
        Text(String),
    }
    Ok(match Option::<Code>::deserialize(deserializer)? {
        Some(Code::Number(code)) => Some(code),
        Some(Code::Text(text)) => text.trim().parse().ok(),
        None => None,
    })
}

fn gateway_status(status: u8) -> Option<GatewayStatus> {
    match status {
        1 => Some(GatewayStatus::Approved),
        2 => Some(GatewayStatus::Declined),
        3 => Some(GatewayStatus::Error),
        _ => None,
    }
}

fn transaction_kind(kind: &str) -> Option<TransactionKind> {
    match kind.trim().to_ascii_uppercase().as_str() {
        "AUTHORIZE" => Some(TransactionKind::Authorize),
        "CAPTURE" => Some(TransactionKind::Capture),
        "CHARGE" => Some(TransactionKind::Charge),
        "REFUND" => Some(TransactionKind::Refund),
        "VOID" => Some(TransactionKind::Void),
        _ => None,
    }
}

fn currency(code: &str) -> Option<Currency> {
    [Currency::Cad, Currency::Usd]
        .into_iter()
        .find(|currency| currency.code().eq_ignore_ascii_case(code.trim()))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

fn missing(field: &str) -> FlexPayError {
    FlexPayError::Malformed(format!("the transaction has no valid {field}"))
}

impl Transaction {
    /// Its `transactionId`, when it has one.
    pub fn id(&self) -> Option<TransactionId> {
        non_empty(self.transaction_id.clone()).map(TransactionId::new)
    }

    /// Its `merchantTransactionId`, when it carries one: the docs' list of transactions names
    /// only some fields of each ("notable response elements include transactionId,
    /// transactionDate, transactionStatus..."), and this is not among them.
    pub fn sent_under(&self) -> Option<&str> {
        self.merchant_transaction_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
    }

    /// Our view of it; `call` is what the request did, for when the answer does not say.
    ///
    /// An answer without a transaction id is not a transaction: with a validation code it is the
    /// refusal of the request, otherwise an answer we cannot read.
    pub fn into_card_transaction(
        self,
        call: Option<TransactionKind>,
    ) -> Result<CardTransaction, FlexPayError> {
        let Some(id) = non_empty(self.transaction_id) else {
            return Err(match self.response_code {
                Some(code @ 50000..=59999) => FlexPayError::Invalid {
                    status: 200,
                    response_code: Some(code),
                    message: self.message.unwrap_or_default(),
                },
                _ => missing("transactionId"),
            });
        };
        let status = self
            .transaction_status
            .and_then(gateway_status)
            .ok_or_else(|| missing("transactionStatus"))?;
        let code = self.response_code.ok_or_else(|| missing("responseCode"))?;
        let merchant_transaction_id = non_empty(self.merchant_transaction_id)
            .ok_or_else(|| missing("merchantTransactionId"))?;
        let card = self.payment_method.map(PaymentMethod::summary);
        let (card_brand, last_four, payment_method_id) = card.unwrap_or_default();
        let (avs_code, cvv_code) = self
            .response
            .map(|checks| (non_empty(checks.avs_code), non_empty(checks.cvv_code)))
            .unwrap_or_default();
        Ok(CardTransaction {
            id: TransactionId::new(id),
            merchant_transaction_id: MerchantTransactionId::new(merchant_transaction_id),
            order_id: non_empty(self.order_id),
            kind: self
                .transaction_type
                .as_deref()
                .and_then(transaction_kind)
                .or(call),
            amount_cents: self.amount.ok_or_else(|| missing("amount"))?,
            currency: self.currency_code.as_deref().and_then(currency),
            status,
            outcome: CardOutcome::new(code, status),
            processed_at: non_empty(self.transaction_date),
            card_brand,
            last_four,
            payment_method_id,
            customer_id: non_empty(self.customer_id),
            retry_after: non_empty(self.retry_date),
            reference_data: non_empty(self.reference_data),
            avs_code,
            cvv_code,
        })
    }
}

impl PaymentMethod {
    fn summary(self) -> (Option<CardBrand>, Option<String>, Option<PaymentMethodId>) {
        (
            self.card_type
                .as_deref()
                .and_then(CardBrand::from_card_type),
            non_empty(self.last_four_digits),
            non_empty(self.payment_method_id).map(PaymentMethodId::new),
        )
    }

    pub fn into_vaulted_card(self) -> Result<VaultedCard, FlexPayError> {
        let id = non_empty(self.payment_method_id).ok_or_else(|| {
            FlexPayError::Malformed("the payment method has no paymentMethodId".into())
        })?;
        Ok(VaultedCard {
            id: PaymentMethodId::new(id),
            customer_id: non_empty(self.customer_id),
            brand: self
                .card_type
                .as_deref()
                .and_then(CardBrand::from_card_type),
            last_four: non_empty(self.last_four_digits),
            expiry_month: self
                .expiry_month
                .and_then(|month| month.trim().parse().ok()),
            expiry_year: self.expiry_year.and_then(|year| year.trim().parse().ok()),
            fingerprint: non_empty(self.fingerprint),
        })
    }
}

/// What an error answer carries: the docs define no error body, so the code and message are
/// looked for at the top level and under the `transaction` or `paymentMethod` root.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default, deserialize_with = "response_code")]
    response_code: Option<u32>,
    message: Option<String>,
    transaction: Option<Box<ErrorBody>>,
    payment_method: Option<Box<ErrorBody>>,
}

impl ErrorBody {
    /// The response code and message of an error answer, as far as it has them.
    pub fn read(body: &[u8]) -> (Option<u32>, String) {
        let body: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        let inner = body.transaction.or(body.payment_method).map(|inner| *inner);
        let code = body
            .response_code
            .or_else(|| inner.as_ref().and_then(|inner| inner.response_code));
        let message = body
            .message
            .or_else(|| inner.and_then(|inner| inner.message))
            .unwrap_or_default();
        (code, message)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn read(answer: Value) -> Result<CardTransaction, FlexPayError> {
        serde_json::from_value::<Transaction>(answer)
            .expect("decodes")
            .into_card_transaction(Some(TransactionKind::Charge))
    }

    #[test]
    fn numeric_codes_and_the_transaction_tables_spellings_are_read() {
        let transaction = read(json!({
            "transactionId": "T1", "merchantTransactionId": "M1", "transactionStatus": 1,
            "responseCode": 10000, "amount": 1957, "currencyCode": "cad",
            "paymentMethod": { "lastfourDigit": "1111", "cardType": "Visa",
                "creditCardNumber": "4111111111111111", "cvv": "123" }
        }))
        .expect("a transaction");

        assert!(transaction.is_approved());
        assert_eq!(transaction.kind, Some(TransactionKind::Charge));
        assert_eq!(transaction.currency, Some(Currency::Cad));
        assert_eq!(transaction.card_brand, Some(CardBrand::Visa));
        assert_eq!(transaction.last_four.as_deref(), Some("1111"));
        assert!(!format!("{transaction:?}").contains("4111111111111111"));
    }

    #[test]
    fn an_answer_without_a_transaction_id_is_a_refusal_or_unreadable() {
        let refusal = read(json!({ "transactionStatus": 3, "responseCode": "50129" }));
        let nothing = read(json!({ "transactionStatus": 1, "responseCode": "10000" }));
        let odd_status = read(json!({
            "transactionId": "T1", "merchantTransactionId": "M1", "transactionStatus": 7,
            "responseCode": "10000", "amount": 1
        }));

        assert!(matches!(
            refusal,
            Err(FlexPayError::Invalid {
                status: 200,
                response_code: Some(50129),
                ..
            })
        ));
        assert!(matches!(nothing, Err(FlexPayError::Malformed(_))));
        assert!(matches!(odd_status, Err(FlexPayError::Malformed(_))));
    }

    #[test]
    fn error_bodies_are_read_at_the_top_or_under_a_root() {
        let nested = br#"{"transaction":{"responseCode":"50129","message":"must be unique"}}"#;
        assert_eq!(
            ErrorBody::read(nested),
            (Some(50129), "must be unique".into())
        );
        assert_eq!(
            ErrorBody::read(br#"{"responseCode":50005}"#),
            (Some(50005), String::new())
        );
        assert_eq!(
            ErrorBody::read(b"<html>Bad Gateway</html>"),
            (None, String::new())
        );
    }
}
