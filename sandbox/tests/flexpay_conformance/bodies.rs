//! Request bodies shaped as the docs describe them, JSON-pointer edits to them, and the
//! assertions every answer is checked with.

use reqwest::StatusCode;
use sandbox::flexpay::codes;
use serde_json::{Value, json};

const FUTURE_YEAR: &str = "2035";

/// A vault `creditCard` with every field the docs require.
pub(crate) fn card(number: &str) -> Value {
    json!({
        "creditCardNumber": number, "expiryMonth": "06", "expiryYear": FUTURE_YEAR, "cvv": "123",
        "firstName": "Jeanne", "lastName": "Tremblay", "address1": "100 rue Sainte-Catherine",
        "postalCode": "H2X 1Z4", "city": "Montréal", "state": "QC", "country": "CAN",
        "email": "jeanne@example.com", "phoneNumber": "5145550100"
    })
}

pub(crate) fn vault_body(number: &str) -> Value {
    json!({ "paymentMethod": { "customerId": "cust-42", "creditCard": card(number) } })
}

pub(crate) fn transaction(merchant_transaction_id: &str, amount: i64) -> Value {
    json!({ "transaction": {
        "merchantTransactionId": merchant_transaction_id, "orderId": "order-1", "currencyCode": "CAD",
        "amount": amount, "retryCount": 0, "customerId": "cust-42"
    } })
}

pub(crate) fn with_vaulted(mut body: Value, payment_method_id: &str) -> Value {
    set(
        &mut body,
        "/transaction/paymentMethodId",
        json!(payment_method_id),
    );
    body
}

pub(crate) fn with_card(mut body: Value, number: &str) -> Value {
    set(&mut body, "/transaction/paymentMethod", card(number));
    set(&mut body, "/transaction/retainOnSuccess", json!(false));
    body
}

pub(crate) fn with_token(mut body: Value) -> Value {
    let mut method = card("");
    remove(&mut method, "/creditCardNumber");
    set(
        &mut method,
        "/gatewayPaymentMethodId",
        json!("tok_3rdparty_0001"),
    );
    set(
        &mut method,
        "/merchantAccountReferenceId",
        json!("crm-account-7"),
    );
    set(&mut method, "/firstSixDigits", json!("555555"));
    set(&mut method, "/lastFourDigits", json!("4444"));
    set(&mut body, "/transaction/paymentMethod", method);
    set(&mut body, "/transaction/retainOnSuccess", json!(false));
    body
}

/// Sets the member a JSON pointer names (its parent must exist).
pub(crate) fn set(value: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("an object")
        .insert(key.to_owned(), new);
}

pub(crate) fn remove(value: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("an object")
        .remove(key);
}

/// Asserts a transaction answer: `200`, the code, its documented message and status.
pub(crate) fn assert_transaction(status: StatusCode, body: &Value, code: u32) -> &Value {
    assert_eq!(status, StatusCode::OK, "{body}");
    let transaction = &body["transaction"];
    assert_eq!(transaction["responseCode"], code.to_string(), "{body}");
    assert_eq!(transaction["message"], codes::message(code), "{body}");
    assert_eq!(
        transaction["transactionStatus"],
        codes::transaction_status(code),
        "{body}"
    );
    transaction
}

/// Asserts a refusal: the HTTP status, the code, its documented message, `transactionStatus` 3.
pub(crate) fn assert_error(
    status: StatusCode,
    body: &Value,
    expected_status: StatusCode,
    code: u32,
) {
    assert_eq!(status, expected_status, "{body}");
    let transaction = &body["transaction"];
    assert_eq!(transaction["responseCode"], code.to_string(), "{body}");
    assert_eq!(transaction["message"], codes::message(code), "{body}");
    assert_eq!(transaction["transactionStatus"], 3, "{body}");
    assert_eq!(
        transaction["response"]["errorCode"],
        code.to_string(),
        "{body}"
    );
    assert!(transaction["response"]["errorDetail"].is_string(), "{body}");
}
