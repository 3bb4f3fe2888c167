//! Charge and authorize (`/gateways/...`) with each way of naming the card: vaulted, passed in,
//! a third-party token; and the refusal of a repeated `merchantTransactionId`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    bodies::{
        assert_error, assert_transaction, remove, set, transaction, with_card, with_token,
        with_vaulted,
    },
    walk::{finished, start, text},
};

#[tokio::test]
async fn charge_and_authorize_with_a_vaulted_card_answer_the_transaction_core_object() {
    let api = start().await;
    let id = api.vault("4242424242424242").await;
    let mut request = with_vaulted(transaction("charge-1", 1957), &id);
    set(&mut request, "/transaction/description", json!("Order #1"));
    set(
        &mut request,
        "/transaction/customerIp",
        json!("203.0.113.7"),
    );
    set(
        &mut request,
        "/transaction/shippingAddress",
        json!({ "address1": "1 Main St", "city": "Toronto", "state": "ON", "postalCode": "M5V 2T6", "country": "CA" }),
    );
    set(
        &mut request,
        "/transaction/customVariable1",
        json!("campaign-9"),
    );
    set(
        &mut request,
        "/transaction/References",
        json!({ "PreviousTransaction": {
        "merchantAccountReferenceId": "crm-1", "gatewayCode": "05", "gatewayMessage": "Do not honor",
        "transactionDate": "2024-07-16T19:20:30.45+01:00" } }),
    );
    let (status, body) = api.charge(&request).await;
    let charge = assert_transaction(status, &body, 10000);
    assert_eq!(charge["transactionType"], "CHARGE");
    assert_eq!(charge["amount"], 1957);
    assert_eq!(charge["currencyCode"], "CAD");
    assert_eq!(charge["merchantTransactionId"], "charge-1");
    assert_eq!(charge["orderId"], "order-1");
    assert_eq!(charge["customerId"], "cust-42");
    assert_eq!(charge["description"], "Order #1");
    assert_eq!(charge["customerIp"], "203.0.113.7");
    assert_eq!(charge["shippingAddress"]["city"], "Toronto");
    assert_eq!(charge["customVariable1"], "campaign-9");
    assert_eq!(
        charge["References"]["PreviousTransaction"]["gatewayCode"],
        "05"
    );
    assert_eq!(charge["paymentMethod"]["paymentMethodId"], id.as_str());
    assert_eq!(charge["paymentMethod"]["lastFourDigits"], "4242");
    assert_eq!(charge["response"]["cvvCode"], "M");
    assert_eq!(charge["response"]["avsCode"], "Y");
    for field in [
        "transactionId",
        "transactionDate",
        "gatewayToken",
        "gatewayType",
        "gatewayTransactionId",
        "merchantAccountReferenceId",
    ] {
        assert!(charge[field].is_string(), "{field}: {body}");
    }
    assert_eq!(charge["gateway"]["token"], charge["gatewayToken"]);
    assert!(!body.to_string().contains("4242424242424242"));

    let (status, body) = api
        .authorize(&with_vaulted(transaction("auth-1", 5000), &id))
        .await;
    let auth = assert_transaction(status, &body, 10000);
    assert_eq!(auth["transactionType"], "AUTHORIZE");
    assert_eq!(
        auth["response"]["cvvCode"], "P",
        "the vault forgets the CVV after one use"
    );
    finished();
}

#[tokio::test]
async fn a_pass_in_card_is_vaulted_only_when_retained_and_approved() {
    let api = start().await;
    let mut retained = with_card(transaction("pass-in-1", 2500), "5555555555554444");
    set(&mut retained, "/transaction/retainOnSuccess", json!(true));
    let (status, body) = api.charge(&retained).await;
    let charge = assert_transaction(status, &body, 10000);
    let id = text(&charge["paymentMethod"]["paymentMethodId"]);
    let (status, shown) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{id}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["paymentMethod"]["cardType"], "MASTERCARD");

    let (status, body) = api
        .charge(&with_card(
            transaction("pass-in-2", 2500),
            "5555555555554444",
        ))
        .await;
    let charge = assert_transaction(status, &body, 10000);
    assert_eq!(charge["paymentMethod"]["paymentMethodId"], Value::Null);

    let mut declined = with_card(transaction("pass-in-3", 2500), "4000000000000002");
    set(&mut declined, "/transaction/retainOnSuccess", json!(true));
    let (status, body) = api.charge(&declined).await;
    let charge = assert_transaction(status, &body, 20003);
    assert_eq!(
        charge["paymentMethod"]["paymentMethodId"],
        Value::Null,
        "a declined card is not kept"
    );

    let mut full_name_only = with_card(transaction("pass-in-4", 2500), "4111111111111111");
    for field in ["firstName", "lastName", "address1", "country"] {
        remove(
            &mut full_name_only,
            &format!("/transaction/paymentMethod/{field}"),
        );
    }
    set(
        &mut full_name_only,
        "/transaction/paymentMethod/fullName",
        json!("Jeanne Marie Tremblay"),
    );
    let (status, body) = api.charge(&full_name_only).await;
    let charge = assert_transaction(status, &body, 10000);
    assert_eq!(charge["paymentMethod"]["lastName"], "Tremblay");
    let mut authorize_needs_names = full_name_only.clone();
    set(
        &mut authorize_needs_names,
        "/transaction/merchantTransactionId",
        json!("pass-in-5"),
    );
    let (status, body) = api.authorize(&authorize_needs_names).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50088);
    let mut no_names = full_name_only;
    remove(&mut no_names, "/transaction/paymentMethod/fullName");
    let (status, body) = api.charge(&no_names).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50090);
    finished();
}

#[tokio::test]
async fn a_third_party_gateway_token_charges_and_authorizes() {
    let api = start().await;
    let (status, body) = api.charge(&with_token(transaction("token-1", 3000))).await;
    let charge = assert_transaction(status, &body, 10000);
    assert_eq!(
        charge["paymentMethod"]["gatewayPaymentMethodId"],
        "tok_3rdparty_0001"
    );
    assert_eq!(charge["paymentMethod"]["cardType"], "MASTERCARD");
    assert_eq!(charge["merchantAccountReferenceId"], "crm-account-7");
    let (status, body) = api
        .authorize(&with_token(transaction("token-2", 3000)))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 10000)["transactionType"],
        "AUTHORIZE"
    );

    let mut no_retain = with_token(transaction("token-3", 3000));
    remove(&mut no_retain, "/transaction/retainOnSuccess");
    let (status, body) = api.authorize(&no_retain).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50000);
    let (status, body) = api.charge(&no_retain).await;
    assert_transaction(status, &body, 10000);

    let cases: Vec<(&str, Option<Value>, u32)> = vec![
        ("/firstSixDigits", None, 50136),
        ("/lastFourDigits", Some(json!("44")), 50136),
        ("/merchantAccountReferenceId", None, 50136),
        (
            "/gatewayPaymentMethodId",
            Some(json!("t".repeat(257))),
            50125,
        ),
        ("/gatewayPaymentMethodId", None, 50138),
        ("/creditCardNumber", Some(json!("4111111111111111")), 50136),
    ];
    for (n, (field, value, code)) in cases.into_iter().enumerate() {
        let mut body = with_token(transaction(&format!("token-case-{n}"), 3000));
        let pointer = format!("/transaction/paymentMethod{field}");
        match value {
            Some(value) => set(&mut body, &pointer, value),
            None => remove(&mut body, &pointer),
        }
        let (status, answer) = api.charge(&body).await;
        assert_error(status, &answer, StatusCode::BAD_REQUEST, code);
    }
    finished();
}

#[tokio::test]
async fn a_duplicate_merchant_transaction_id_gets_50129() {
    let api = start().await;
    let id = api.vault("4242424242424242").await;
    let (status, body) = api
        .charge(&with_vaulted(transaction("order-77-attempt-1", 1000), &id))
        .await;
    let first = text(&assert_transaction(status, &body, 10000)["transactionId"]);
    let (status, body) = api
        .charge(&with_vaulted(transaction("order-77-attempt-1", 1000), &id))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50129);
    let (status, body) = api
        .authorize(&with_vaulted(transaction("order-77-attempt-1", 1000), &id))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50129);
    let refund = json!({ "transaction": { "merchantTransactionId": "order-77-attempt-1" } });
    let (status, body) = api.follow_up("refund", &first, &refund).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50129);
    let (_, list) = api.get("/transactions", "/transactions").await;
    assert_eq!(
        list["transactions"].as_array().expect("a list").len(),
        1,
        "nothing charged twice"
    );
    finished();
}
