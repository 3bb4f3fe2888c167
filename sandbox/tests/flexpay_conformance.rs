//! The sandbox's FlexPay API over real HTTP, checked against `api-docs/003_...`: every endpoint's
//! success with its documented shape, and every response code the simulator implements with its
//! documented status and body. The last test to finish prints a coverage line.

use std::{
    collections::BTreeSet,
    io::Write,
    net::SocketAddr,
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use reqwest::{Method, StatusCode};
use sandbox::{
    RunningSandbox, SandboxConfig,
    config::DEMO_FLEXPAY_API_KEY,
    flexpay::{ENDPOINTS, cards, codes},
};
use serde_json::{Value, json};

/// How many `#[tokio::test]`s this file has: the last one to finish prints the coverage.
const TESTS: usize = 17;
static FINISHED: AtomicUsize = AtomicUsize::new(0);
static ENDPOINTS_SEEN: Mutex<BTreeSet<(&str, &str)>> = Mutex::new(BTreeSet::new());
static CODES_SEEN: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

const FUTURE_YEAR: &str = "2035";

/// Marks a test finished; the last one writes the coverage line straight to stdout (libtest only
/// captures `print!`, so the line shows without `--nocapture`).
fn finished() {
    if FINISHED.fetch_add(1, Ordering::SeqCst) + 1 != TESTS {
        return;
    }
    let endpoints = ENDPOINTS_SEEN.lock().expect("coverage").len();
    let seen = CODES_SEEN.lock().expect("coverage").clone();
    let documented: BTreeSet<u32> = codes::RESPONSE_CODES.iter().map(|c| c.code).collect();
    let covered = seen.intersection(&documented).count();
    let line = format!(
        "\nFlexPay coverage: endpoints {endpoints}/{} documented; response codes {covered}/{} documented ({} not simulated: {:?})\n",
        ENDPOINTS.len(),
        documented.len(),
        codes::NOT_SIMULATED.len(),
        codes::NOT_SIMULATED,
    );
    let _ = std::io::stdout().write_all(line.as_bytes());
}

struct Api {
    _sandbox: RunningSandbox,
    base: String,
    http: reqwest::Client,
}

async fn start() -> Api {
    let sandbox = sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox");
    Api {
        base: sandbox.flexpay_base_url(),
        _sandbox: sandbox,
        http: reqwest::Client::new(),
    }
}

impl Api {
    /// Calls `path` (shaped like the documented `template`) with the demo key, and notes the
    /// endpoint (on success) and the response code for the coverage line.
    async fn call(
        &self,
        method: Method,
        template: &'static str,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .header("Authorization", format!("Basic {DEMO_FLEXPAY_API_KEY}"));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("an answer");
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON body");
        if status == StatusCode::OK {
            let method = ENDPOINTS
                .iter()
                .find(|(m, t)| *m == method.as_str() && *t == template)
                .expect("a documented endpoint");
            ENDPOINTS_SEEN.lock().expect("coverage").insert(*method);
        }
        if let Some(code) = body["transaction"]["responseCode"].as_str() {
            CODES_SEEN
                .lock()
                .expect("coverage")
                .insert(code.parse().expect("a numeric code"));
        }
        (status, body)
    }

    async fn post(&self, template: &'static str, path: &str, body: &Value) -> (StatusCode, Value) {
        self.call(Method::POST, template, path, Some(body)).await
    }

    async fn put(&self, template: &'static str, path: &str, body: &Value) -> (StatusCode, Value) {
        self.call(Method::PUT, template, path, Some(body)).await
    }

    async fn get(&self, template: &'static str, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, template, path, None).await
    }

    async fn charge(&self, body: &Value) -> (StatusCode, Value) {
        self.post("/gateways/charge", "/gateways/charge", body)
            .await
    }

    async fn authorize(&self, body: &Value) -> (StatusCode, Value) {
        self.post("/gateways/authorize", "/gateways/authorize", body)
            .await
    }

    async fn follow_up(&self, action: &'static str, id: &str, body: &Value) -> (StatusCode, Value) {
        let template = match action {
            "capture" => "/transactions/{transactionId}/capture",
            "void" => "/transactions/{transactionId}/void",
            _ => "/transactions/{transactionId}/refund",
        };
        self.post(template, &format!("/transactions/{id}/{action}"), body)
            .await
    }

    async fn vault(&self, number: &str) -> String {
        let (status, body) = self
            .post("/paymentmethods", "/paymentmethods", &vault_body(number))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        text(&body["paymentMethod"]["paymentMethodId"])
    }
}

fn text(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}

/// A vault `creditCard` with every field the docs require.
fn card(number: &str) -> Value {
    json!({
        "creditCardNumber": number, "expiryMonth": "06", "expiryYear": FUTURE_YEAR, "cvv": "123",
        "firstName": "Jeanne", "lastName": "Tremblay", "address1": "100 rue Sainte-Catherine",
        "postalCode": "H2X 1Z4", "city": "Montréal", "state": "QC", "country": "CAN",
        "email": "jeanne@example.com", "phoneNumber": "5145550100"
    })
}

fn vault_body(number: &str) -> Value {
    json!({ "paymentMethod": { "customerId": "cust-42", "creditCard": card(number) } })
}

fn transaction(merchant_transaction_id: &str, amount: i64) -> Value {
    json!({ "transaction": {
        "merchantTransactionId": merchant_transaction_id, "orderId": "order-1", "currencyCode": "CAD",
        "amount": amount, "retryCount": 0, "customerId": "cust-42"
    } })
}

fn with_vaulted(mut body: Value, payment_method_id: &str) -> Value {
    set(
        &mut body,
        "/transaction/paymentMethodId",
        json!(payment_method_id),
    );
    body
}

fn with_card(mut body: Value, number: &str) -> Value {
    set(&mut body, "/transaction/paymentMethod", card(number));
    set(&mut body, "/transaction/retainOnSuccess", json!(false));
    body
}

fn with_token(mut body: Value) -> Value {
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
fn set(value: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("an object")
        .insert(key.to_owned(), new);
}

fn remove(value: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("an object")
        .remove(key);
}

/// Asserts a transaction answer: `200`, the code, its documented message and status.
fn assert_transaction(status: StatusCode, body: &Value, code: u32) -> &Value {
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
fn assert_error(status: StatusCode, body: &Value, expected_status: StatusCode, code: u32) {
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

// ---- authentication ------------------------------------------------------------------------

#[tokio::test]
async fn the_docs_example_request_works_and_a_wrong_key_is_refused_with_50005() {
    let api = start().await;
    let (status, body) = api.get("/transactions", "/transactions").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "transactions": [] }));

    let url = format!("{}/transactions", api.base);
    for header in [
        None,
        Some("Basic not-the-key"),
        Some("Bearer kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA="),
    ] {
        let mut request = api.http.get(&url);
        if let Some(header) = header {
            request = request.header("Authorization", header);
        }
        let response = request.send().await.expect("an answer");
        let status = response.status();
        let body: Value = response.json().await.expect("JSON");
        assert_error(status, &body, StatusCode::UNAUTHORIZED, 50005);
        CODES_SEEN.lock().expect("coverage").insert(50005);
    }
    let lower_case_scheme = api
        .http
        .get(&url)
        .header("Authorization", format!("basic {DEMO_FLEXPAY_API_KEY}"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(lower_case_scheme.status(), StatusCode::OK);
    finished();
}

// ---- vault ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_vault_stores_shows_updates_recaches_and_redacts_without_echoing_the_card() {
    let api = start().await;
    let (status, body) = api
        .post(
            "/paymentmethods",
            "/paymentmethods",
            &vault_body("4111 1111 1111 1111"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let method = &body["paymentMethod"];
    assert_eq!(method["cardType"], "VISA");
    assert_eq!(method["firstSixDigits"], "411111");
    assert_eq!(method["lastFourDigits"], "1111");
    assert_eq!(method["creditCardNumber"], "XXXXXXXXXXXX1111");
    assert_eq!(method["cvv"], Value::Null);
    assert_eq!(method["paymentMethodType"], "CreditCard");
    assert_eq!(method["customerId"], "cust-42");
    assert_eq!(method["expiryMonth"], "06");
    assert_eq!(method["city"], "Montréal");
    assert!(
        !body.to_string().contains("4111111111111111") && !body.to_string().contains("\"123\"")
    );
    let id = text(&method["paymentMethodId"]);
    let fingerprint = text(&method["fingerprint"]);

    let same_card = api.vault("4111111111111111").await;
    let (_, shown) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{same_card}"),
        )
        .await;
    assert_eq!(
        shown["paymentMethod"]["fingerprint"],
        fingerprint.as_str(),
        "same number, same fingerprint"
    );
    let other = api.vault("5555555555554444").await;
    let (status, shown) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{other}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["paymentMethod"]["cardType"], "MASTERCARD");
    assert_ne!(shown["paymentMethod"]["fingerprint"], fingerprint.as_str());

    let update = json!({ "paymentMethod": { "expiryMonth": "12", "city": "Laval" } });
    let (status, updated) = api
        .put(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{id}"),
            &update,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["paymentMethod"]["expiryMonth"], "12");
    assert_eq!(updated["paymentMethod"]["city"], "Laval");
    assert_eq!(
        updated["paymentMethod"]["firstName"], "Jeanne",
        "fields not sent are kept"
    );

    let recache = json!({ "paymentMethod": { "cvv": "456" } });
    let (status, recached) = api
        .put(
            "/paymentmethods/{paymentMethodId}/recache",
            &format!("/paymentmethods/{id}/recache"),
            &recache,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{recached}");
    assert_eq!(recached["paymentMethod"]["cvv"], Value::Null);

    let (status, redacted) = api
        .put(
            "/paymentmethods/{paymentMethodId}/redact",
            &format!("/paymentmethods/{id}/redact"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{redacted}");
    assert_eq!(redacted["paymentMethod"]["creditCardNumber"], Value::Null);
    assert_eq!(redacted["paymentMethod"]["lastFourDigits"], "1111");
    let (status, body) = api
        .charge(&with_vaulted(transaction("after-redact", 1000), &id))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50134);
    let (status, body) = api
        .put(
            "/paymentmethods/{paymentMethodId}",
            &format!("/paymentmethods/{id}"),
            &update,
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50134);
    let (status, body) = api
        .get(
            "/paymentmethods/{paymentMethodId}",
            "/paymentmethods/NOSUCHMETHOD",
        )
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, 50134);
    finished();
}

#[tokio::test]
async fn the_vault_list_pages_in_order() {
    let api = start().await;
    let mut ids = Vec::new();
    for number in [
        "4111111111111111",
        "4242424242424242",
        "5555555555554444",
        "378282246310005",
    ] {
        ids.push(api.vault(number).await);
    }
    let template = "/paymentmethods";
    let (status, body) = api.get(template, "/paymentmethods").await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<String> = body["paymentMethods"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| text(&m["paymentMethodId"]))
        .collect();
    assert_eq!(listed, ids);
    assert_eq!(body["paymentMethods"][3]["cardType"], "AMERICAN EXPRESS");
    let (_, body) = api
        .get(
            template,
            &format!(
                "/paymentmethods?order=desc&count=2&sincePaymentMethodId={}",
                ids[3]
            ),
        )
        .await;
    let listed: Vec<String> = body["paymentMethods"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| text(&m["paymentMethodId"]))
        .collect();
    assert_eq!(listed, vec![ids[2].clone(), ids[1].clone()]);
    let (status, body) = api.get(template, "/paymentmethods?count=101").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50000);
    finished();
}

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

// ---- gateways ------------------------------------------------------------------------------

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
async fn every_test_card_answers_its_documented_code() {
    let api = start().await;
    for (n, test_card) in cards::TEST_CARDS.iter().enumerate() {
        let (status, body) = api
            .charge(&with_card(
                transaction(&format!("card-{n}"), 1000),
                test_card.number,
            ))
            .await;
        let charge = assert_transaction(status, &body, test_card.code);
        assert_eq!(
            charge["paymentMethod"]["cardType"], test_card.brand,
            "{}",
            test_card.number
        );
        if test_card.code != codes::APPROVED {
            assert_eq!(charge["response"]["errorCode"], test_card.code.to_string());
            assert!(
                charge["referenceData"].is_string(),
                "a decline hands out referenceData: {body}"
            );
        }
    }
    let (status, body) = api
        .charge(&with_card(transaction("cvv-0", 1000), "4000000000000127"))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 40003)["response"]["cvvCode"],
        "N"
    );

    // The CVV-required card: the vault keeps the CVV for one call only; recache gives it back.
    let id = api.vault(cards::CVV_REQUIRED_CARD).await;
    let (status, body) = api
        .charge(&with_vaulted(transaction("cvv-1", 1000), &id))
        .await;
    assert_transaction(status, &body, 10000);
    let (status, body) = api
        .charge(&with_vaulted(transaction("cvv-2", 1000), &id))
        .await;
    assert_transaction(status, &body, 40003);
    let recache = json!({ "paymentMethod": { "cvv": "321" } });
    let (status, _) = api
        .put(
            "/paymentmethods/{paymentMethodId}/recache",
            &format!("/paymentmethods/{id}/recache"),
            &recache,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = api
        .charge(&with_vaulted(transaction("cvv-3", 1000), &id))
        .await;
    assert_transaction(status, &body, 10000);

    // A restricted card can be vaulted; charging it is declined.
    let restricted = api.vault("4000000000000341").await;
    let (status, body) = api
        .charge(&with_vaulted(transaction("restricted", 1000), &restricted))
        .await;
    assert_transaction(status, &body, 30034);
    finished();
}

#[tokio::test]
async fn card_checks_decline_as_documented() {
    let api = start().await;
    let luhn = with_card(transaction("luhn", 1000), "4242424242424241");
    let (status, body) = api.charge(&luhn).await;
    assert_eq!(
        assert_transaction(status, &body, 30002)["transactionStatus"],
        2
    );
    let (status, body) = api
        .charge(&with_card(
            transaction("letters", 1000),
            "4242 4242 4242 424X",
        ))
        .await;
    assert_transaction(status, &body, 30012);
    let mut expired = with_card(transaction("expired", 1000), "4242424242424242");
    set(
        &mut expired,
        "/transaction/paymentMethod/expiryYear",
        json!("2020"),
    );
    let (status, body) = api.charge(&expired).await;
    assert_transaction(status, &body, 30026);
    let mut euros = with_card(transaction("euros", 1000), "4242424242424242");
    set(&mut euros, "/transaction/currencyCode", json!("EUR"));
    let (status, body) = api.charge(&euros).await;
    assert_transaction(status, &body, 30061);
    let (status, body) = api
        .charge(&with_card(transaction("zero", 0), "4242424242424242"))
        .await;
    assert_transaction(status, &body, 30015);
    let (status, body) = api
        .charge(&with_card(
            transaction("no-brand", 1000),
            "9000000000000001",
        ))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50130);
    finished();
}

#[tokio::test]
async fn every_test_amount_answers_its_code_and_a_retry_can_send_the_reference_back() {
    let api = start().await;
    let mut triggered = 0;
    for entry in codes::RESPONSE_CODES {
        let Some(amount) = codes::test_amount(entry.code) else {
            continue;
        };
        let (status, body) = api
            .charge(&with_card(
                transaction(&format!("amount-{}", entry.code), amount),
                "4242424242424242",
            ))
            .await;
        let charge = assert_transaction(status, &body, entry.code);
        assert_eq!(charge["amount"], amount);
        assert_eq!(
            charge["retryDate"].is_string(),
            codes::is_soft_decline(entry.code),
            "{body}"
        );
        triggered += 1;
    }
    assert!(triggered > 100, "only {triggered} codes have a test amount");

    let (status, body) = api
        .charge(&with_card(
            transaction("nsf-1", 200_230),
            "4242424242424242",
        ))
        .await;
    let declined = assert_transaction(status, &body, 20023);
    let reference = text(&declined["referenceData"]);
    let mut retry = with_card(transaction("nsf-2", 1000), "4242424242424242");
    set(&mut retry, "/transaction/retryCount", json!(1));
    set(&mut retry, "/transaction/referenceData", json!(reference));
    let (status, body) = api.charge(&retry).await;
    assert_eq!(
        assert_transaction(status, &body, 10000)["referenceData"],
        reference.as_str()
    );
    set(
        &mut retry,
        "/transaction/merchantTransactionId",
        json!("nsf-3"),
    );
    set(&mut retry, "/transaction/referenceData", json!("made-up"));
    let (status, body) = api.charge(&retry).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50132);
    finished();
}

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

// ---- capture, void, refund -----------------------------------------------------------------

fn follow(merchant_transaction_id: &str, amount: Option<i64>) -> Value {
    let mut body = json!({ "transaction": { "merchantTransactionId": merchant_transaction_id } });
    if let Some(amount) = amount {
        set(&mut body, "/transaction/amount", json!(amount));
    }
    body
}

async fn approved(api: &Api, kind: &str, merchant_transaction_id: &str, amount: i64) -> String {
    let body = with_card(
        transaction(merchant_transaction_id, amount),
        "4242424242424242",
    );
    let (status, answer) = if kind == "charge" {
        api.charge(&body).await
    } else {
        api.authorize(&body).await
    };
    text(&assert_transaction(status, &answer, 10000)["transactionId"])
}

#[tokio::test]
async fn an_authorization_then_a_partial_capture_then_refunds_move_the_amounts() {
    let api = start().await;
    let auth = approved(&api, "authorize", "auth", 10_000).await;

    let (status, body) = api
        .follow_up("capture", &auth, &follow("capture", Some(6_000)))
        .await;
    let capture = assert_transaction(status, &body, 10000);
    assert_eq!(capture["transactionType"], "CAPTURE");
    assert_eq!(capture["amount"], 6_000);
    assert_eq!(capture["orderId"], "order-1");
    assert_eq!(capture["currencyCode"], "CAD");
    let capture_id = text(&capture["transactionId"]);
    let (status, body) = api
        .follow_up("capture", &auth, &follow("capture-again", Some(1_000)))
        .await;
    assert_transaction(status, &body, 30079);

    let (status, body) = api
        .follow_up("refund", &capture_id, &follow("refund-1", Some(2_500)))
        .await;
    let refund = assert_transaction(status, &body, 10000);
    assert_eq!(
        (refund["transactionType"].clone(), refund["amount"].clone()),
        (json!("REFUND"), json!(2_500))
    );
    let (status, body) = api
        .follow_up("refund", &auth, &follow("refund-too-much", Some(4_000)))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 30051)["amount"],
        4_000,
        "only 3500 is left"
    );
    let (status, body) = api
        .follow_up("refund", &auth, &follow("refund-rest", None))
        .await;
    assert_eq!(
        assert_transaction(status, &body, 10000)["amount"],
        3_500,
        "the path may name the authorization"
    );
    let (status, body) = api
        .follow_up(
            "refund",
            &capture_id,
            &follow("refund-nothing-left", Some(0)),
        )
        .await;
    assert_transaction(status, &body, 30066);

    let (_, list) = api.get("/transactions", "/transactions").await;
    let moves: Vec<(String, i64, String)> = list["transactions"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| {
            (
                text(&t["transactionType"]),
                t["amount"].as_i64().expect("cents"),
                text(&t["responseCode"]),
            )
        })
        .collect();
    let expected = [
        ("AUTHORIZE", 10_000, "10000"),
        ("CAPTURE", 6_000, "10000"),
        ("CAPTURE", 1_000, "30079"),
        ("REFUND", 2_500, "10000"),
        ("REFUND", 4_000, "30051"),
        ("REFUND", 3_500, "10000"),
        ("REFUND", 0, "30066"),
    ]
    .map(|(kind, amount, code)| (kind.to_owned(), amount, code.to_owned()));
    assert_eq!(moves, expected);
    finished();
}

#[tokio::test]
async fn a_capture_above_the_authorization_or_after_a_void_is_refused_with_30064() {
    let api = start().await;
    let auth = approved(&api, "authorize", "auth", 5_000).await;
    let (status, body) = api
        .follow_up("capture", &auth, &follow("too-much", Some(5_001)))
        .await;
    let refused = assert_transaction(status, &body, 30064);
    assert_eq!(refused["transactionType"], "CAPTURE");
    assert_eq!(refused["response"]["errorCode"], "30064");
    let (status, body) = api
        .follow_up("capture", &auth, &follow("negative", Some(-1)))
        .await;
    assert_transaction(status, &body, 30015);

    let (status, body) = api.follow_up("void", &auth, &follow("void", None)).await;
    let void = assert_transaction(status, &body, 10001);
    assert_eq!(
        (void["transactionType"].clone(), void["amount"].clone()),
        (json!("VOID"), json!(5_000))
    );
    let (status, body) = api
        .follow_up("capture", &auth, &follow("after-void", None))
        .await;
    assert_transaction(status, &body, 30064);
    let (status, body) = api
        .follow_up("void", &auth, &follow("void-again", None))
        .await;
    assert_transaction(status, &body, 30066);
    finished();
}

#[tokio::test]
async fn void_and_refund_rules_follow_what_the_money_did() {
    let api = start().await;
    // A full capture (no amount), then the authorization cannot be voided, the capture can.
    let auth = approved(&api, "authorize", "auth", 4_000).await;
    let (status, body) = api
        .follow_up("capture", &auth, &follow("capture", None))
        .await;
    let capture = text(&assert_transaction(status, &body, 10000)["transactionId"]);
    assert_eq!(body["transaction"]["amount"], 4_000);
    let (status, body) = api
        .follow_up("void", &auth, &follow("void-auth", None))
        .await;
    assert_transaction(status, &body, 30065);
    let (status, body) = api
        .follow_up("void", &capture, &follow("void-capture", None))
        .await;
    let void = text(&assert_transaction(status, &body, 10001)["transactionId"]);
    let (status, body) = api
        .follow_up("refund", &capture, &follow("refund-voided", None))
        .await;
    assert_transaction(status, &body, 30066);

    // A charge: cannot be captured; once partly refunded it cannot be voided.
    let charge = approved(&api, "charge", "charge", 3_000).await;
    let (status, body) = api
        .follow_up("capture", &charge, &follow("capture-charge", None))
        .await;
    assert_transaction(status, &body, 30079);
    let (status, body) = api
        .follow_up("refund", &charge, &follow("refund-part", Some(1_000)))
        .await;
    let refund = text(&assert_transaction(status, &body, 10000)["transactionId"]);
    let (status, body) = api
        .follow_up("refund", &charge, &follow("refund-negative", Some(-5)))
        .await;
    assert_transaction(status, &body, 30015);
    let (status, body) = api
        .follow_up("void", &charge, &follow("void-refunded", None))
        .await;
    assert_transaction(status, &body, 30010);

    // Follow-ups of the wrong kind, of declines, of nothing.
    let (status, body) = api
        .follow_up("capture", &refund, &follow("capture-refund", None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50105);
    let (status, body) = api
        .follow_up("void", &void, &follow("void-void", None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50105);
    let open_auth = approved(&api, "authorize", "open-auth", 1_000).await;
    let (status, body) = api
        .follow_up("refund", &open_auth, &follow("refund-open-auth", None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50105);
    let (status, body) = api
        .authorize(&with_card(
            transaction("declined-auth", 1000),
            "4000000000009995",
        ))
        .await;
    let declined = text(&assert_transaction(status, &body, 20023)["transactionId"]);
    let (status, body) = api
        .follow_up("capture", &declined, &follow("capture-declined", None))
        .await;
    assert_transaction(status, &body, 30011);
    let (status, body) = api
        .follow_up("void", "NOSUCHTRANSACTION", &follow("void-nothing", None))
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, 50131);
    let (status, body) = api
        .follow_up("refund", &charge, &json!({ "transaction": {} }))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50103);
    let (status, body) = api
        .follow_up("refund", &charge, &follow(&"x".repeat(257), None))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, 50104);
    finished();
}

// ---- transaction list and show -------------------------------------------------------------

#[tokio::test]
async fn the_transaction_list_pages_with_order_count_and_since() {
    let api = start().await;
    let id = api.vault("4242424242424242").await;
    let mut ids = Vec::new();
    for n in 0..25 {
        let (status, body) = api
            .charge(&with_vaulted(
                transaction(&format!("page-{n}"), 100 + n),
                &id,
            ))
            .await;
        ids.push(text(
            &assert_transaction(status, &body, 10000)["transactionId"],
        ));
    }
    let listed = |body: &Value| -> Vec<String> {
        body["transactions"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|t| text(&t["transactionId"]))
            .collect()
    };
    let template = "/transactions";
    let (_, body) = api.get(template, "/transactions").await;
    assert_eq!(listed(&body), ids[..20], "20 by default, oldest first");
    let (_, body) = api
        .get(
            template,
            &format!("/transactions?sinceTransactionId={}", ids[19]),
        )
        .await;
    assert_eq!(listed(&body), ids[20..]);
    let (_, body) = api
        .get(
            template,
            &format!("/transactions?sinceToken={}&count=2", ids[19]),
        )
        .await;
    assert_eq!(listed(&body), ids[20..22]);
    let (_, body) = api.get(template, "/transactions?order=desc&count=3").await;
    assert_eq!(
        listed(&body),
        [ids[24].clone(), ids[23].clone(), ids[22].clone()]
    );
    let (_, body) = api.get(template, "/transactions?count=100").await;
    assert_eq!(listed(&body).len(), 25);
    for query in [
        "count=101",
        "count=0",
        "count=many",
        "order=sideways",
        "sinceTransactionId=NOSUCH",
    ] {
        let (status, body) = api.get(template, &format!("/transactions?{query}")).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, 50000);
    }

    let (status, body) = api
        .get(
            "/transactions/{transactionId}",
            &format!("/transactions/{}", ids[3]),
        )
        .await;
    let shown = assert_transaction(status, &body, 10000);
    assert_eq!(shown["amount"], 103);
    assert_eq!(shown["paymentMethod"]["paymentMethodId"], id.as_str());
    let (status, body) = api
        .get("/transactions/{transactionId}", "/transactions/NOSUCH")
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, 50131);
    finished();
}

#[tokio::test]
async fn the_same_requests_give_the_same_answers_in_a_fresh_sandbox() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let api = start().await;
        let method = api.vault("4111111111111111").await;
        let (_, charge) = api
            .charge(&with_vaulted(transaction("same", 1234), &method))
            .await;
        let (_, declined) = api
            .charge(&with_vaulted(transaction("same-2", 200_230), &method))
            .await;
        let pick = |body: &Value, field: &str| body["transaction"][field].clone();
        runs.push((
            method,
            pick(&charge, "transactionId"),
            pick(&charge, "gatewayTransactionId"),
            pick(&declined, "referenceData"),
            charge["transaction"]["paymentMethod"]["fingerprint"].clone(),
        ));
    }
    assert_eq!(runs[0], runs[1]);
    finished();
}
