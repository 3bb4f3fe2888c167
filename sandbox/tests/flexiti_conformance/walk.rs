//! The walk's harness: a sandbox over HTTP, a token, and the endpoints and error codes
//! answered so far; the lists of what the docs document; the README's test customers.

use std::{collections::BTreeSet, net::SocketAddr};

use reqwest::StatusCode;
use sandbox::{RunningSandbox, SandboxConfig, config as demo};
use serde_json::Value;

/// Every endpoint the docs name (`api-docs/002_...`, and the error tables of `001_...`).
pub(crate) const DOCUMENTED_ENDPOINTS: [&str; 23] = [
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
pub(crate) const DOCUMENTED_ERRORS: [&str; 54] = [
    "insufficient_scope",
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
pub(crate) const JANE_VCC: &str = "6374980300000001";
pub(crate) const JANE_ID: u64 = 50_001;
pub(crate) const JANE_ACCOUNT: u64 = 30_000_001;
pub(crate) const MARIE_ID: u64 = 50_002;
pub(crate) const MARIE_ACCOUNT: u64 = 30_000_002;
pub(crate) const ALEX_VCC: &str = "6374980300000027";
/// David Morley, the docs' `customers/search` example: risk rating `H` (non-prime).
pub(crate) const DAVID_ID: u64 = 829_825;
pub(crate) const DAVID_VCC: &str = "6374980111115941";
pub(crate) const DAVID_FROZEN_VCC: &str = "6374980111116457";
pub(crate) const SAM_ID: u64 = 50_005;

/// A sandbox, an access token, and what the walk has covered.
pub(crate) struct Walk {
    pub(crate) running: RunningSandbox,
    pub(crate) http: reqwest::Client,
    pub(crate) token: String,
    pub(crate) endpoints: BTreeSet<&'static str>,
    pub(crate) errors: BTreeSet<String>,
}

impl Walk {
    pub(crate) async fn start(config: SandboxConfig) -> Walk {
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

    pub(crate) fn url(&self, path: &str) -> String {
        format!(
            "{}/client-id/{}/{path}",
            self.running.flexiti_base_url(),
            demo::DEMO_CLIENT_ID
        )
    }

    pub(crate) async fn read(
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

    pub(crate) async fn get(&mut self, endpoint: &'static str, path: &str) -> (StatusCode, Value) {
        let request = self.http.get(self.url(path));
        self.read(endpoint, request).await
    }

    pub(crate) async fn post(
        &mut self,
        endpoint: &'static str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let request = self.http.post(self.url(path)).json(&body);
        self.read(endpoint, request).await
    }

    /// Asserts an error answer: its status, its `error`, and the documented shape.
    pub(crate) fn refused(answer: &(StatusCode, Value), status: StatusCode, error: &str) {
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
