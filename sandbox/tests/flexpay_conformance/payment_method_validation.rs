//! The vault's validation: each missing or malformed field answers its documented code.

use reqwest::StatusCode;
use sandbox::config::DEMO_FLEXPAY_API_KEY;
use serde_json::{Value, json};

use crate::{
    bodies::{assert_error, remove, set, vault_body},
    walk::{CODES_SEEN, finished, start},
};

#[tokio::test]
async fn vault_validation_answers_the_documented_codes() {
    let api = start().await;
    let long = |n: usize| json!("x".repeat(n));
    let cases: Vec<(&str, Option<Value>, u32)> = vec![
        ("/creditCardNumber", None, 50059),
        ("/creditCardNumber", Some(json!("41111111111")), 50060),
        (
            "/creditCardNumber",
            Some(json!("4111-1111-1111-111a")),
            30012,
        ),
        ("/creditCardNumber", Some(json!("4111111111111112")), 30002),
        ("/expiryMonth", None, 50055),
        ("/expiryMonth", Some(json!("13")), 50056),
        ("/expiryYear", None, 50057),
        ("/expiryYear", Some(json!("35")), 50058),
        ("/cvv", Some(json!("12")), 50000),
        ("/firstName", None, 50088),
        ("/lastName", None, 50089),
        ("/firstName", Some(long(51)), 50091),
        ("/lastName", Some(long(51)), 50092),
        ("/fullName", Some(long(101)), 50028),
        ("/address1", None, 50099),
        ("/address1", Some(long(256)), 50100),
        ("/address2", Some(long(256)), 50119),
        ("/postalCode", None, 50094),
        ("/postalCode", Some(long(101)), 50095),
        ("/city", None, 50097),
        ("/city", Some(long(101)), 50098),
        ("/state", None, 50096),
        ("/state", Some(long(101)), 50029),
        ("/country", None, 50093),
        ("/country", Some(json!("Canada")), 50039),
        (
            "/email",
            Some(json!(format!("{}@example.com", "x".repeat(90)))),
            50015,
        ),
        ("/phoneNumber", Some(long(101)), 50020),
    ];
    for (field, value, code) in cases {
        let mut body = vault_body("4111111111111111");
        let pointer = format!("/paymentMethod/creditCard{field}");
        match value {
            Some(value) => set(&mut body, &pointer, value),
            None => remove(&mut body, &pointer),
        }
        let (status, answer) = api.post("/paymentmethods", "/paymentmethods", &body).await;
        assert_error(status, &answer, StatusCode::BAD_REQUEST, code);
    }
    let mut anonymous = vault_body("4111111111111111");
    remove(&mut anonymous, "/paymentMethod/customerId");
    remove(&mut anonymous, "/paymentMethod/creditCard/email");
    let (status, answer) = api
        .post("/paymentmethods", "/paymentmethods", &anonymous)
        .await;
    assert_error(status, &answer, StatusCode::BAD_REQUEST, 50048);
    let mut long_customer = vault_body("4111111111111111");
    set(&mut long_customer, "/paymentMethod/customerId", long(51));
    let (status, answer) = api
        .post("/paymentmethods", "/paymentmethods", &long_customer)
        .await;
    assert_error(status, &answer, StatusCode::BAD_REQUEST, 50014);

    let mut email_only = vault_body("4111111111111111");
    remove(&mut email_only, "/paymentMethod/customerId");
    let (_, first) = api
        .post("/paymentmethods", "/paymentmethods", &email_only)
        .await;
    let (_, second) = api
        .post("/paymentmethods", "/paymentmethods", &email_only)
        .await;
    assert!(
        first["paymentMethod"]["customerId"].is_string(),
        "a customer id is created: {first}"
    );
    assert_eq!(
        first["paymentMethod"]["customerId"],
        second["paymentMethod"]["customerId"]
    );

    for (raw, code) in [
        ("", 50003),
        ("{}", 50003),
        ("{not json", 50002),
        (r#"{"paymentMethod": {"customerId": 7}}"#, 50002),
    ] {
        let response = api
            .http
            .post(format!("{}/paymentmethods", api.base))
            .header("Authorization", format!("Basic {DEMO_FLEXPAY_API_KEY}"))
            .header("Content-Type", "application/json")
            .body(raw)
            .send()
            .await
            .expect("an answer");
        let status = response.status();
        let answer: Value = response.json().await.expect("JSON");
        assert_error(status, &answer, StatusCode::BAD_REQUEST, code);
        CODES_SEEN.lock().expect("coverage").insert(code);
    }
    let id = api.vault("4111111111111111").await;
    let (status, answer) = api
        .put(
            "/paymentmethods/{paymentMethodId}/recache",
            &format!("/paymentmethods/{id}/recache"),
            &json!({ "paymentMethod": {} }),
        )
        .await;
    assert_error(status, &answer, StatusCode::BAD_REQUEST, 50000);
    for (field, value, code) in [
        ("expiryMonth", "0", 50056),
        ("expiryYear", "20355", 50058),
        ("firstName", "", 50088),
        ("country", "CA", 50039),
    ] {
        let update = json!({ "paymentMethod": { field: value } });
        let (status, answer) = api
            .put(
                "/paymentmethods/{paymentMethodId}",
                &format!("/paymentmethods/{id}"),
                &update,
            )
            .await;
        assert_error(status, &answer, StatusCode::BAD_REQUEST, code);
    }
    finished();
}
