//! The gateways' validation: each missing or malformed transaction field answers its code.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    bodies::{
        assert_error, assert_transaction, card, remove, set, transaction, with_card, with_vaulted,
    },
    walk::{finished, start},
};

#[tokio::test]
async fn gateway_validation_answers_the_documented_codes() {
    let api = start().await;
    let id = api.vault("4242424242424242").await;
    let long = |n: usize| json!("x".repeat(n));
    let cases: Vec<(&str, Option<Value>, u32)> = vec![
        ("/merchantTransactionId", None, 50103),
        ("/merchantTransactionId", Some(long(257)), 50104),
        ("/orderId", None, 50126),
        ("/orderId", Some(long(51)), 50127),
        ("/description", Some(long(256)), 50124),
        ("/customerId", Some(long(51)), 50014),
        ("/currencyCode", None, 50045),
        ("/currencyCode", Some(json!("CADX")), 50073),
        ("/amount", None, 50000),
        ("/amount", Some(json!("19.57")), 50002),
        ("/customerIp", Some(json!("2001:db8::1:2:3:4")), 50037),
        ("/customerIp", Some(json!("300.1.1.1")), 50000),
        (
            "/shippingAddress",
            Some(json!({ "address1": "x".repeat(256) })),
            50118,
        ),
        (
            "/shippingAddress",
            Some(json!({ "address2": "x".repeat(256) })),
            50117,
        ),
        (
            "/shippingAddress",
            Some(json!({ "postalCode": "x".repeat(101) })),
            50114,
        ),
        (
            "/shippingAddress",
            Some(json!({ "city": "x".repeat(101) })),
            50116,
        ),
        (
            "/shippingAddress",
            Some(json!({ "state": "x".repeat(101) })),
            50115,
        ),
        (
            "/shippingAddress",
            Some(json!({ "country": "x".repeat(51) })),
            50113,
        ),
        ("/assignedGatewayToken", Some(long(51)), 50128),
        (
            "/paymentPlan",
            Some(json!({ "sku": "x".repeat(151) })),
            50122,
        ),
        (
            "/paymentPlan",
            Some(json!({ "category": "x".repeat(151) })),
            50121,
        ),
        (
            "/paymentPlan",
            Some(json!({ "billingPlan": "x".repeat(51) })),
            50120,
        ),
        ("/retryCount", None, 50000),
        ("/retryCount", Some(json!(2)), 50000),
        ("/referenceData", Some(long(513)), 50111),
        ("/customVariable1", Some(long(51)), 50106),
        ("/customVariable2", Some(long(51)), 50107),
        ("/customVariable3", Some(long(51)), 50108),
        ("/customVariable4", Some(long(51)), 50109),
        ("/customVariable5", Some(long(51)), 50110),
        (
            "/References",
            Some(json!({ "PreviousTransaction": { "gatewayCode": "05" } })),
            50000,
        ),
        ("/paymentMethodId", Some(json!("  ")), 50133),
        ("/paymentMethodId", Some(json!("NOSUCHMETHOD")), 50134),
        ("/paymentMethodId", None, 50135),
        ("/paymentMethod", Some(card("4111111111111111")), 50136),
    ];
    for (n, (field, value, code)) in cases.into_iter().enumerate() {
        let mut body = with_vaulted(transaction(&format!("validation-{n}"), 1000), &id);
        let pointer = format!("/transaction{field}");
        match value {
            Some(value) => set(&mut body, &pointer, value),
            None => remove(&mut body, &pointer),
        }
        let (status, answer) = api.charge(&body).await;
        assert_error(status, &answer, StatusCode::BAD_REQUEST, code);
    }
    let mut anonymous = with_card(transaction("anonymous", 1000), "4242424242424242");
    remove(&mut anonymous, "/transaction/customerId");
    remove(&mut anonymous, "/transaction/paymentMethod/email");
    let (status, answer) = api.charge(&anonymous).await;
    assert_error(status, &answer, StatusCode::BAD_REQUEST, 50048);
    let mut no_retain = with_card(transaction("no-retain", 1000), "4242424242424242");
    remove(&mut no_retain, "/transaction/retainOnSuccess");
    let (status, answer) = api.authorize(&no_retain).await;
    assert_error(status, &answer, StatusCode::BAD_REQUEST, 50000);
    let (status, answer) = api.charge(&json!({})).await;
    assert_error(status, &answer, StatusCode::BAD_REQUEST, 50003);

    let (status, answer) = api
        .charge(&with_vaulted(transaction("validation-ok", 1000), &id))
        .await;
    assert_transaction(status, &answer, 10000);
    finished();
}
