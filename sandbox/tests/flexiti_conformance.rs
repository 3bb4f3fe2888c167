//! Walks the Flexiti POS API docs against the sandbox over HTTP: for each endpoint a success with
//! the documented shape, and each documented error with its status and body. Ends with a count of
//! what is covered out of what the docs list.

use std::{collections::BTreeSet, net::SocketAddr};

use reqwest::StatusCode;
use sandbox::{RunningSandbox, SandboxConfig, config as demo, flexiti::SENT_VERIFICATION_CODE};
use serde_json::{Value, json};

/// Every endpoint the docs name (`api-docs/002_...`, and the error tables of `001_...`).
const DOCUMENTED_ENDPOINTS: [&str; 23] = [
    "POST oauth/token",
    "POST merchants/login",
    "GET i18n",
    "POST widget/init",
    "GET terms-and-conditions",
    "POST apply",
    "GET customers/lookup",
    "GET customers/search",
    "POST customers/{id}/verify",
    "GET customers/{id}/transactions",
    "POST customers/driverslicense",
    "POST customers/close-account",
    "POST accounts/{n}/calculate-interest",
    "POST transactions",
    "POST authorization",
    "GET authorizations",
    "GET authorization/{id}",
    "POST authorization/{id}/capture",
    "POST authorization/{id}/release",
    "POST authorization/{id}/capture/{id}/return",
    "POST accounts/{n}/refund",
    "GET captures",
    "GET merchants/information",
];

/// Every error code the docs list for the POS API.
const DOCUMENTED_ERRORS: [&str; 53] = [
    "invalid_account",
    "invalid_client",
    "invalid_request",
    "not_found",
    "invalid_token",
    "Unauthorized",
    "customer_identity_not_found",
    "application_create_error",
    "application_declined",
    "application_declined_2",
    "application_declined_3",
    "application_marked_pending_1",
    "application_marked_pending_2",
    "auth_amount_exceeded",
    "auth_not_allowed",
    "authentication_failure",
    "authorization_ended",
    "authorization_unauthorized",
    "credit_exceeded",
    "creditapp_id_not_found",
    "customer_already_exists",
    "generic_error",
    "invalid_transaction_type",
    "limit_payment_amount_24",
    "merchant_override_is_not_allowed",
    "not_enough_credit",
    "not_permitted",
    "piw_mismatch",
    "plan_term_not_available",
    "plan_term_not_set",
    "refunds_limit_exceeded_amount",
    "secret_answer_mismatch",
    "tos_agreement_required",
    "user_not_able_to_purchase",
    "user_not_active",
    "verification_code_required",
    "wrong_transaction_type",
    "wrong_verification_code",
    "wrong_inputs",
    "invalid_role",
    "general_error",
    "not_verified",
    "external_location_id_not_found",
    "account_type_not_permitted",
    "merchant_not_support_nonprime_regularpurchase",
    "sms_not_valid_phone",
    "regular_purchase_bypass_is_not_allowed",
    "tries_exceed",
    "vcc_account_mismatch",
    "date_from_bigger_than_date_to",
    "capture_amount_exceeded",
    "return_date_exceeded",
    "no_returns_found",
];

/// The test customers of the sandbox's README.
const JANE_VCC: &str = "6374980300000001";
const JANE_ID: u64 = 50_001;
const JANE_ACCOUNT: u64 = 30_000_001;
const MARIE_ID: u64 = 50_002;
const ALEX_VCC: &str = "6374980300000027";
const DAVID_FROZEN_VCC: &str = "6374980111116457";
const SAM_ID: u64 = 50_005;

/// A sandbox, an access token, and what the walk has covered.
struct Walk {
    running: RunningSandbox,
    http: reqwest::Client,
    token: String,
    endpoints: BTreeSet<&'static str>,
    errors: BTreeSet<String>,
}

impl Walk {
    async fn start(config: SandboxConfig) -> Walk {
        let running = sandbox::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), config)
            .await
            .expect("a sandbox");
        let http = reqwest::Client::new();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", demo::DEMO_CLIENT_ID),
            ("client_secret", demo::DEMO_CLIENT_SECRET),
        ];
        let response = http
            .post(format!("{}/oauth/token", running.flexiti_base_url()))
            .form(&form)
            .send()
            .await;
        let body: Value = response.expect("a token").json().await.expect("JSON");
        let token = body["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned();
        let mut endpoints = BTreeSet::new();
        endpoints.insert("POST oauth/token");
        Walk {
            running,
            http,
            token,
            endpoints,
            errors: BTreeSet::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/client-id/{}/{path}",
            self.running.flexiti_base_url(),
            demo::DEMO_CLIENT_ID
        )
    }

    async fn read(
        &mut self,
        endpoint: &'static str,
        request: reqwest::RequestBuilder,
    ) -> (StatusCode, Value) {
        let response = request
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("an answer");
        let status = response.status();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if status.is_success() {
            self.endpoints.insert(endpoint);
        } else if let Some(error) = body["error"].as_str() {
            self.errors.insert(error.to_owned());
        }
        (status, body)
    }

    async fn get(&mut self, endpoint: &'static str, path: &str) -> (StatusCode, Value) {
        let request = self.http.get(self.url(path));
        self.read(endpoint, request).await
    }

    async fn post(
        &mut self,
        endpoint: &'static str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let request = self.http.post(self.url(path)).json(&body);
        self.read(endpoint, request).await
    }

    /// Asserts an error answer: its status, its `error`, and the documented shape.
    fn refused(answer: &(StatusCode, Value), status: StatusCode, error: &str) {
        assert_eq!(
            (answer.0, answer.1["error"].as_str()),
            (status, Some(error)),
            "{}",
            answer.1
        );
        let endpoint_shape = answer.1["url"].is_string() && answer.1["message"].is_string();
        let oauth_shape = answer.1["code"].is_number() && answer.1["error_description"].is_string();
        assert!(
            endpoint_shape || oauth_shape,
            "not a documented error shape: {}",
            answer.1
        );
    }
}

/// The docs' `apply` example, with its ID expiry moved into the future.
fn docs_application() -> Value {
    json!({ "amount_requested": 5000, "phone_number": "5551231231", "language": "en-CA", "salutation": "mr",
        "first_name": "John", "middle_name": "Grey", "last_name": "Doe", "dob": "1990-01-01",
        "address_1": "123 Any Street", "address_2": "Apt C", "govid_expiry": "2099-12-12", "city": "Montreal",
        "province": "QC", "postal_code": "A1A0H1", "govid_type": "CAP", "monthly_housing_expenses": 1000,
        "govid_issuedby": "CANADA", "govid_number": "ab121212", "input_type": "manual", "personal_income": 123123,
        "household_income": 223123, "housing_type": "Rent", "email": "email@address.com", "occupation_id": "FE",
        "occupation_title": "Baker", "employer_name": "Tasty Bakery", "employer_phone": "1231231231",
        "sin": "123123123", "security_qid": "8", "security_answer": "Horse", "piw": "Cloud", "tos_agreement": true })
}

fn applicant(changes: Value) -> Value {
    let mut body = docs_application();
    for (key, value) in changes.as_object().cloned().unwrap_or_default() {
        if value.is_null() {
            body.as_object_mut().map(|map| map.remove(&key));
        } else {
            body[key] = value;
        }
    }
    body
}

async fn credit_applications(walk: &mut Walk) {
    let (status, approved) = walk.post("POST apply", "apply", docs_application()).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(
        approved["vcc_number"], 6_374_980_100_408_234_u64,
        "the docs' example answer"
    );
    assert_eq!(
        (
            approved["account_number"].clone(),
            approved["customer_id"].clone()
        ),
        (json!(20_035_156), json!(43_353))
    );
    assert_eq!(
        (
            approved["credit_limit"].clone(),
            approved["available_credit"].clone()
        ),
        (json!(5000), json!(5000))
    );
    assert!(
        approved["offer_types"].is_array() && approved["debt_ratio"].is_number(),
        "Quebec: {approved}"
    );

    let ontario = applicant(
        json!({ "first_name": "Olivia", "province": "ON", "city": "Toronto", "postal_code": "M5V 2T6", "monthly_housing_expenses": null }),
    );
    let (status, answer) = walk.post("POST apply", "apply", ontario).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(
        answer.get("debt_ratio").is_none() && answer.get("offer_types").is_none(),
        "rest of Canada: {answer}"
    );

    let again = walk.post("POST apply", "apply", docs_application()).await;
    Walk::refused(&again, StatusCode::CONFLICT, "customer_already_exists");
    let no_tos = walk
        .post(
            "POST apply",
            "apply",
            applicant(json!({ "first_name": "T", "tos_agreement": false })),
        )
        .await;
    Walk::refused(&no_tos, StatusCode::CONFLICT, "tos_agreement_required");
    for (last_name, error) in [
        ("Declined", "application_declined"),
        ("Declined Two", "application_declined_2"),
        ("Declined Three", "application_declined_3"),
        ("Pending One", "application_marked_pending_1"),
        ("Pending Two", "application_marked_pending_2"),
        ("Timeout", "application_create_error"),
    ] {
        let answer = walk
            .post(
                "POST apply",
                "apply",
                applicant(json!({ "last_name": last_name })),
            )
            .await;
        Walk::refused(&answer, StatusCode::CONFLICT, error);
    }
    let elsewhere = walk
        .post(
            "POST apply",
            "apply",
            applicant(json!({ "first_name": "E", "external_location_id": "999" })),
        )
        .await;
    Walk::refused(
        &elsewhere,
        StatusCode::CONFLICT,
        "external_location_id_not_found",
    );
}

async fn application_validations(walk: &mut Walk) {
    // Quebec makes monthly housing expenses required; each other rule type once.
    let body = applicant(
        json!({ "first_name": "Q", "monthly_housing_expenses": null, "email": "johndoe@",
        "phone_number": "555123", "sin": "12a", "salutation": "dr", "govid_expiry": "2001-01-01",
        "govid_issuedby": "ON", "amount_requested": "12,50", "last_name": "x".repeat(51) }),
    );
    let answer = walk.post("POST apply", "apply", body).await;
    Walk::refused(&answer, StatusCode::CONFLICT, "wrong_inputs");
    let found: BTreeSet<(String, String)> = answer.1["field_errors"]
        .as_array()
        .expect("field_errors")
        .iter()
        .map(|error| {
            (
                error["param"].as_str().unwrap_or_default().to_owned(),
                error["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (param, kind) in [
        ("monthly_housing_expenses", "required"),
        ("email", "invalid"),
        ("phone_number", "length"),
        ("sin", "type"),
        ("salutation", "invalid"),
        ("govid_expiry", "invalid"),
        ("govid_issuedby", "invalid"),
        ("amount_requested", "invalid"),
        ("last_name", "length"),
    ] {
        assert!(
            found.contains(&(param.to_owned(), kind.to_owned())),
            "{param} {kind} missing from {}",
            answer.1
        );
    }
    assert_eq!(found.len(), 9, "no other field is at fault: {}", answer.1);

    let (status, session) = walk
        .post(
            "POST widget/init",
            "widget/init",
            json!({ "first_name": "Wendy", "dob": "1991-01-01" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let id = session["widget_session_id"].clone();
    let differs = applicant(
        json!({ "first_name": "Wanda", "dob": "1991-01-01", "widget_session_id": id.clone() }),
    );
    Walk::refused(
        &walk.post("POST apply", "apply", differs).await,
        StatusCode::CONFLICT,
        "not_verified",
    );
    let same =
        applicant(json!({ "first_name": "Wendy", "dob": "1991-01-01", "widget_session_id": id }));
    assert_eq!(
        walk.post("POST apply", "apply", same).await.0,
        StatusCode::OK
    );
}

async fn finding_customers(walk: &mut Walk) {
    let (status, jane) = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={JANE_VCC}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{jane}");
    assert_eq!(
        (
            jane["customer_id"].clone(),
            jane["available_credit"].clone()
        ),
        (json!(JANE_ID), json!(5000))
    );
    assert_eq!(
        jane["security_qid"][0]["text"],
        "What is the name of your favourite childhood friend?"
    );
    assert_eq!(jane["preferred_language"], "EN_CA");
    let (status, marie) =
        walk.get("GET customers/lookup", "customers/lookup?first_name=Marie&last_name=Tremblay&dob=1985-06-15&postal_code=H2J%202L1&lang=fr").await;
    assert_eq!(
        (status, marie["customer_id"].clone()),
        (StatusCode::OK, json!(MARIE_ID)),
        "{marie}"
    );
    assert_eq!(
        marie["security_qid"][0]["text"],
        "Quel a été le premier concert auquel vous avez assisté?"
    );

    let missing = walk
        .get(
            "GET customers/lookup",
            "customers/lookup?vcc_number=6374980399999999",
        )
        .await;
    Walk::refused(&missing, StatusCode::NOT_FOUND, "not_found");
    let inactive = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={ALEX_VCC}"),
        )
        .await;
    Walk::refused(&inactive, StatusCode::CONFLICT, "user_not_active");
    let frozen = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={DAVID_FROZEN_VCC}"),
        )
        .await;
    Walk::refused(&frozen, StatusCode::CONFLICT, "user_not_able_to_purchase");
    let bad = walk
        .get("GET customers/lookup", "customers/lookup?vcc_number=12ab")
        .await;
    Walk::refused(&bad, StatusCode::CONFLICT, "wrong_inputs");

    let (status, found) = walk
        .get(
            "GET customers/search",
            "customers/search?first_name=David&last_name=Morley&dob=1980-02-02",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let statuses: Vec<&str> = found
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|account| account["account_status"].as_str())
        .collect();
    assert_eq!(statuses, ["N", "F"], "{found}");
    assert_eq!(
        (
            found[0]["available_credit"].clone(),
            found[0]["card_ending_in"].clone()
        ),
        (json!("659.51"), json!("5941"))
    );
    let nobody = walk
        .get(
            "GET customers/search",
            "customers/search?first_name=No&last_name=Body&dob=1980-02-02",
        )
        .await;
    Walk::refused(&nobody, StatusCode::NOT_FOUND, "not_found");
}

async fn verifying(walk: &mut Walk) {
    let path = format!("customers/{JANE_ID}/verify");
    let wrong =
        json!({ "format": "security_question", "security_qid": "4", "security_answer": "Rex" });
    for _ in 0..3 {
        Walk::refused(
            &walk
                .post("POST customers/{id}/verify", &path, wrong.clone())
                .await,
            StatusCode::CONFLICT,
            "secret_answer_mismatch",
        );
    }
    let right =
        json!({ "format": "security_question", "security_qid": "4", "security_answer": "buddy" });
    Walk::refused(
        &walk.post("POST customers/{id}/verify", &path, right).await,
        StatusCode::CONFLICT,
        "tries_exceed",
    );

    let marie = format!("customers/{MARIE_ID}/verify");
    let right = json!({ "format": "security_question", "security_qid": "6", "security_answer": " beau  dommage " });
    let (status, answer) = walk.post("POST customers/{id}/verify", &marie, right).await;
    assert!(
        status.is_success() && answer["verification_code"].is_number(),
        "{answer}"
    );
    let piw = json!({ "format": "sms", "piw": "Wrong" });
    Walk::refused(
        &walk.post("POST customers/{id}/verify", &marie, piw).await,
        StatusCode::CONFLICT,
        "piw_mismatch",
    );
    let (status, sms) = walk
        .post(
            "POST customers/{id}/verify",
            &marie,
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(
        (status, sms),
        (
            StatusCode::OK,
            json!({ "verification_code": "verification_sent_to_sms" })
        )
    );
    let (_, email) = walk
        .post(
            "POST customers/{id}/verify",
            &marie,
            json!({ "format": "email" }),
        )
        .await;
    assert_eq!(
        email,
        json!({ "verification_code": "verification_sent_to_email" })
    );
    let (_, code) = walk
        .post(
            "POST customers/{id}/verify",
            &marie,
            json!({ "format": "override" }),
        )
        .await;
    assert!(code["verification_code"].is_number(), "{code}");

    let sam = format!("customers/{SAM_ID}/verify");
    Walk::refused(
        &walk
            .post(
                "POST customers/{id}/verify",
                &sam,
                json!({ "format": "sms" }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "sms_not_valid_phone",
    );
    let no_email = walk
        .post(
            "POST customers/{id}/verify",
            &sam,
            json!({ "format": "email" }),
        )
        .await;
    assert_eq!(
        (no_email.0, no_email.1["error"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_input"))
    );
    assert_eq!(no_email.1["field_errors"][0]["param"], "email");
    Walk::refused(
        &walk
            .post(
                "POST customers/{id}/verify",
                "customers/1/verify",
                json!({ "format": "sms" }),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

/// Verifies Marie by SMS and returns the code the sandbox "sent".
async fn verified_marie(walk: &mut Walk) -> &'static str {
    let (status, _) = walk
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{MARIE_ID}/verify"),
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    SENT_VERIFICATION_CODE
}

async fn purchasing(walk: &mut Walk) {
    let code = verified_marie(walk).await;
    let purchase = json!({ "transaction_type": "promotional_purchase", "plan_id": "5", "term": "6", "amount": 1200.05,
        "customer_id": MARIE_ID, "customer_confirmed": true, "verification_code": code });
    let (status, posted) = walk
        .post("POST transactions", "transactions", purchase.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{posted}");
    assert_eq!(
        (
            posted["available_credit"].clone(),
            posted["balance_after_purchase"].clone()
        ),
        (json!(3000), json!(1799.95))
    );
    assert_eq!(
        (posted["admin_fee"].clone(), posted["plan_name"].clone()),
        (json!(49.99), json!("Equal Payments, No Interest"))
    );
    assert_eq!(posted["payment_value"], "208.34");
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", purchase.clone())
            .await,
        StatusCode::CONFLICT,
        "wrong_verification_code",
    );
    let mut no_code = purchase.clone();
    no_code
        .as_object_mut()
        .map(|map| map.remove("verification_code"));
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", no_code)
            .await,
        StatusCode::CONFLICT,
        "verification_code_required",
    );
    let mut odd = purchase.clone();
    odd["transaction_type"] = json!("layaway");
    Walk::refused(
        &walk.post("POST transactions", "transactions", odd).await,
        StatusCode::CONFLICT,
        "invalid_transaction_type",
    );

    let code = verified_marie(walk).await;
    let too_much = json!({ "transaction_type": "regular_purchase", "amount": 1800, "customer_id": MARIE_ID, "verification_code": code });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", too_much)
            .await,
        StatusCode::CONFLICT,
        "not_enough_credit",
    );
    let trade_in = json!({ "transaction_type": "trade_in", "amount": 10000.01, "customer_id": MARIE_ID, "verification_code": code });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", trade_in)
            .await,
        StatusCode::CONFLICT,
        "limit_payment_amount_24",
    );
    let unknown = json!({ "transaction_type": "regular_purchase", "amount": 1, "vcc_number": "6374980399999999", "verification_code": code });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", unknown)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let inactive = json!({ "transaction_type": "regular_purchase", "amount": 1, "vcc_number": ALEX_VCC, "verification_code": "1" });
    Walk::refused(
        &walk
            .post("POST transactions", "transactions", inactive)
            .await,
        StatusCode::CONFLICT,
        "user_not_active",
    );
    let frozen = json!({ "transaction_type": "regular_purchase", "amount": 1, "vcc_number": DAVID_FROZEN_VCC, "verification_code": "1" });
    Walk::refused(
        &walk.post("POST transactions", "transactions", frozen).await,
        StatusCode::CONFLICT,
        "user_not_able_to_purchase",
    );

    let (status, history) = walk
        .get(
            "GET customers/{id}/transactions",
            &format!("customers/{MARIE_ID}/transactions"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let purchase_id = history["transactions"][0]["transaction_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert_eq!(history["transactions"][0]["transaction_balance"], "1200.05");
    assert_eq!(
        history["transactions"][0]["customer_name"],
        "Tremblay, Marie"
    );
    let none = walk
        .get(
            "GET customers/{id}/transactions",
            &format!("customers/{JANE_ID}/transactions"),
        )
        .await;
    Walk::refused(&none, StatusCode::CONFLICT, "no_returns_found");

    let refund_path = "accounts/30000002/refund";
    let over = walk
        .post(
            "POST accounts/{n}/refund",
            refund_path,
            json!({ "amount": 1300, "transaction_id": purchase_id }),
        )
        .await;
    Walk::refused(&over, StatusCode::CONFLICT, "capture_amount_exceeded");
    let (status, refunded) = walk
        .post(
            "POST accounts/{n}/refund",
            refund_path,
            json!({ "amount": 200.05, "transaction_id": purchase_id }),
        )
        .await;
    assert_eq!(
        (status, refunded["available_credit"].clone()),
        (StatusCode::OK, json!(2000)),
        "{refunded}"
    );
    let beyond = walk
        .post(
            "POST accounts/{n}/refund",
            refund_path,
            json!({ "amount": 1000.01 }),
        )
        .await;
    Walk::refused(
        &beyond,
        StatusCode::CONFLICT,
        "refunds_limit_exceeded_amount",
    );

    let (status, quote) = walk
        .post(
            "POST accounts/{n}/calculate-interest",
            &format!("accounts/{JANE_ACCOUNT}/calculate-interest"),
            json!({ "amount": 1000, "plan_id": "4", "term": "18" }),
        )
        .await;
    assert_eq!(
        (status, quote["payment_value"].clone()),
        (StatusCode::OK, json!("69.67")),
        "{quote}"
    );
    let bad_term = walk
        .post(
            "POST accounts/{n}/calculate-interest",
            &format!("accounts/{JANE_ACCOUNT}/calculate-interest"),
            json!({ "amount": 1000, "plan_id": "4", "term": "7" }),
        )
        .await;
    Walk::refused(&bad_term, StatusCode::CONFLICT, "wrong_inputs");

    let (status, closed) = walk
        .post(
            "POST customers/close-account",
            "customers/close-account",
            json!({ "account_number": 30_000_002 }),
        )
        .await;
    assert_eq!((status, closed), (StatusCode::OK, json!({})));
    let after = walk
        .get(
            "GET customers/lookup",
            "customers/lookup?vcc_number=6374980300000019",
        )
        .await;
    Walk::refused(&after, StatusCode::CONFLICT, "user_not_able_to_purchase");
}

async fn jane_available(walk: &mut Walk) -> Value {
    let (_, jane) = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={JANE_VCC}"),
        )
        .await;
    jane["available_credit"].clone()
}

async fn authorizing(walk: &mut Walk) {
    let hold = json!({ "amount": 500, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC });
    let unverified = walk
        .post("POST authorization", "authorization", hold.clone())
        .await;
    Walk::refused(
        &unverified,
        StatusCode::NOT_FOUND,
        "customer_identity_not_found",
    );
    let (status, _) = walk
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{JANE_ID}/verify"),
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mismatch = json!({ "amount": 500, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC, "account_number": 30_000_003 });
    Walk::refused(
        &walk
            .post("POST authorization", "authorization", mismatch)
            .await,
        StatusCode::CONFLICT,
        "vcc_account_mismatch",
    );
    let odd_term = json!({ "amount": 500, "plan_id": "4", "term": "7", "vcc_number": JANE_VCC });
    Walk::refused(
        &walk
            .post("POST authorization", "authorization", odd_term)
            .await,
        StatusCode::CONFLICT,
        "plan_term_not_available",
    );
    let too_much = json!({ "amount": 6000, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC });
    Walk::refused(
        &walk
            .post("POST authorization", "authorization", too_much)
            .await,
        StatusCode::CONFLICT,
        "credit_exceeded",
    );
    let (status, held) = walk.post("POST authorization", "authorization", hold).await;
    assert_eq!(
        (status, held["status"].clone()),
        (StatusCode::OK, json!("open")),
        "{held}"
    );
    assert_eq!(
        jane_available(walk).await,
        json!(4500),
        "the held amount is not available"
    );
    let id = held["authorization_id"].as_u64().expect("an id");

    let (status, shown) = walk
        .get("GET authorization/{id}", &format!("authorization/{id}"))
        .await;
    assert_eq!(
        (status, shown["remaining_amount"].clone()),
        (StatusCode::OK, json!(500))
    );
    Walk::refused(
        &walk.get("GET authorization/{id}", "authorization/1").await,
        StatusCode::BAD_REQUEST,
        "not_found",
    );

    let capture = format!("authorization/{id}/capture");
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/capture",
                &capture,
                json!({ "amount": 600 }),
            )
            .await,
        StatusCode::CONFLICT,
        "auth_amount_exceeded",
    );
    let (status, captured) = walk
        .post(
            "POST authorization/{id}/capture",
            &capture,
            json!({ "amount": 300 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{captured}");
    let capture_id = captured["capture_id"].as_u64().expect("a capture id");
    let release = format!("authorization/{id}/release");
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/release",
                &release,
                json!({ "amount": 250 }),
            )
            .await,
        StatusCode::CONFLICT,
        "auth_amount_exceeded",
    );
    let (status, released) = walk
        .post(
            "POST authorization/{id}/release",
            &release,
            json!({ "full_release": true }),
        )
        .await;
    assert_eq!(
        (status, released["status"].clone()),
        (StatusCode::OK, json!("closed")),
        "{released}"
    );
    assert_eq!(
        jane_available(walk).await,
        json!(4700),
        "the released 200 is available again"
    );
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/capture",
                &capture,
                json!({ "amount": 1 }),
            )
            .await,
        StatusCode::CONFLICT,
        "authorization_ended",
    );
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/release",
                &release,
                json!({ "amount": 1 }),
            )
            .await,
        StatusCode::CONFLICT,
        "authorization_ended",
    );

    let give_back = format!("authorization/{id}/capture/{capture_id}/return");
    let endpoint = "POST authorization/{id}/capture/{id}/return";
    Walk::refused(
        &walk
            .post(endpoint, &give_back, json!({ "amount": 400 }))
            .await,
        StatusCode::CONFLICT,
        "capture_amount_exceeded",
    );
    let (status, returned) = walk
        .post(endpoint, &give_back, json!({ "amount": 100 }))
        .await;
    assert_eq!(
        (status, returned["returned_amount"].clone()),
        (StatusCode::OK, json!(100)),
        "{returned}"
    );
    assert_eq!(jane_available(walk).await, json!(4800));

    let (status, listed) = walk.get("GET authorizations", "authorizations").await;
    assert_eq!(
        (status, listed["authorizations"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(1))
    );
    let backwards = walk
        .get(
            "GET authorizations",
            "authorizations?date_from=2026-02-01&date_to=2026-01-01",
        )
        .await;
    Walk::refused(
        &backwards,
        StatusCode::CONFLICT,
        "date_from_bigger_than_date_to",
    );
    let (status, captures) = walk
        .get("GET captures", "captures?date_from=2000-01-01")
        .await;
    assert_eq!(
        (status, captures["captures"][0]["capture_id"].as_u64()),
        (StatusCode::OK, Some(capture_id))
    );
    Walk::refused(
        &walk
            .get(
                "GET captures",
                "captures?date_from=2026-02-01&date_to=2026-01-01",
            )
            .await,
        StatusCode::CONFLICT,
        "date_from_bigger_than_date_to",
    );
}

/// The back of the docs' example licence, as a PDF417 scanner reads it.
const ONTARIO_LICENCE: &str = "@\n\u{1e}\rANSI 636012080002DL00410278ZO03190008DLDAQD6101-40706-60905\nDCSDOE\nDACJOHN\nDADGREY\nDBB19740515\nDBA20200515\nDAG55 UNIVERSITY AVE\nDAITORONTO\nDAJON\nDAKM5J2H7\n";

async fn scanning_licences(walk: &mut Walk) {
    let endpoint = "POST customers/driverslicense";
    let (status, decoded) = walk
        .post(
            endpoint,
            "customers/driverslicense",
            json!({ "code": ONTARIO_LICENCE }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decoded}");
    assert_eq!(
        (
            decoded["first_name"].clone(),
            decoded["govid_number"].clone()
        ),
        (json!("John"), json!("D61014070660905"))
    );
    assert_eq!(
        (decoded["dob"].clone(), decoded["postal_code"].clone()),
        (json!("1974-05-15"), json!("M5J 2H7"))
    );
    let garbled = walk
        .post(
            endpoint,
            "customers/driverslicense",
            json!({ "code": "hello" }),
        )
        .await;
    assert_eq!(
        (garbled.0, garbled.1["error"].as_str()),
        (StatusCode::CONFLICT, Some("Driver License's not supported"))
    );
    let missing = walk
        .post(endpoint, "customers/driverslicense", json!({}))
        .await;
    assert_eq!(
        (missing.0, missing.1["error"].as_str()),
        (StatusCode::CONFLICT, Some(""))
    );
}

async fn merchant_endpoints(walk: &mut Walk) {
    let (status, login) = walk
        .post("POST merchants/login", "merchants/login?lang=en", json!({ "merchant_username": demo::DEMO_MERCHANT_USERNAME, "merchant_password": demo::DEMO_MERCHANT_PASSWORD }))
        .await;
    assert_eq!(
        (status, login["merchant_name"].clone()),
        (StatusCode::OK, json!("European Restorations"))
    );
    let (status, _) = walk
        .get(
            "GET terms-and-conditions",
            "terms-and-conditions?lang=fr&province=QC",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, words) = walk.get("GET i18n", "i18n?lang=fr").await;
    assert_eq!(
        (status, words["lang"].clone()),
        (StatusCode::OK, json!("fr"))
    );
    Walk::refused(
        &walk.get("GET i18n", "i18n?lang=de").await,
        StatusCode::CONFLICT,
        "wrong_inputs",
    );

    let stale = walk
        .http
        .get(walk.url("i18n"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .expect("an answer");
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    let body: Value = stale.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({ "code": 401, "error": "invalid_token", "error_description": "The access token provided is invalid." })
    );
    walk.errors.insert("invalid_token".into());

    let base = walk.running.flexiti_base_url();
    for (form, status, error) in [
        (
            [
                ("grant_type", "client_credentials"),
                ("client_id", demo::DEMO_CLIENT_ID),
                ("client_secret", "wrong"),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_client",
        ),
        (
            [
                ("grant_type", "password"),
                ("client_id", demo::DEMO_CLIENT_ID),
                ("client_secret", demo::DEMO_CLIENT_SECRET),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ] {
        let response = walk
            .http
            .post(format!("{base}/oauth/token"))
            .form(&form)
            .send()
            .await
            .expect("an answer");
        let answer = (
            response.status(),
            response.json::<Value>().await.expect("JSON"),
        );
        Walk::refused(&answer, status, error);
        walk.errors.insert(error.to_owned());
    }
    let wrong_login = walk
        .post(
            "POST merchants/login",
            "merchants/login",
            json!({ "merchant_username": "x", "merchant_password": "y" }),
        )
        .await;
    Walk::refused(&wrong_login, StatusCode::UNAUTHORIZED, "Unauthorized");
}

#[tokio::test]
async fn the_docs_walk_over_the_pos_api() {
    let mut walk = Walk::start(SandboxConfig::default()).await;
    merchant_endpoints(&mut walk).await;
    credit_applications(&mut walk).await;
    application_validations(&mut walk).await;
    finding_customers(&mut walk).await;
    verifying(&mut walk).await;
    purchasing(&mut walk).await;
    authorizing(&mut walk).await;
    scanning_licences(&mut walk).await;

    let mut strict = Walk::start(SandboxConfig {
        merchant_override: false,
        ..SandboxConfig::default()
    })
    .await;
    let denied = strict
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{JANE_ID}/verify"),
            json!({ "format": "override" }),
        )
        .await;
    Walk::refused(
        &denied,
        StatusCode::CONFLICT,
        "merchant_override_is_not_allowed",
    );
    walk.errors.extend(strict.errors);

    let endpoints = DOCUMENTED_ENDPOINTS
        .iter()
        .filter(|endpoint| walk.endpoints.contains(*endpoint))
        .count();
    let errors: Vec<&&str> = DOCUMENTED_ERRORS
        .iter()
        .filter(|error| walk.errors.contains(**error))
        .collect();
    let missing: Vec<&&str> = DOCUMENTED_ENDPOINTS
        .iter()
        .filter(|endpoint| !walk.endpoints.contains(*endpoint))
        .collect();
    println!(
        "Flexiti POS API conformance: {endpoints}/{} endpoints, {}/{} documented error codes; endpoints not yet simulated: {missing:?}; error codes not yet reached: {:?}",
        DOCUMENTED_ENDPOINTS.len(),
        errors.len(),
        DOCUMENTED_ERRORS.len(),
        DOCUMENTED_ERRORS
            .iter()
            .filter(|error| !walk.errors.contains(**error))
            .collect::<Vec<_>>(),
    );
    // The sandbox simulates 22 of the documented endpoints so far: each must have answered a success.
    assert_eq!(
        endpoints, 22,
        "a simulated endpoint was not walked, or a new one is not counted yet"
    );
}
