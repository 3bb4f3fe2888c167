//! What the merchant's set-up and the token's scope refuse: one sandbox per set-up switch turned
//! off, each answering the documented error; and a token limited by `scope`.

use reqwest::StatusCode;
use sandbox::{SandboxConfig, config as demo, config::MerchantSetup};
use serde_json::{Value, json};

#[allow(clippy::wildcard_imports)]
use crate::walk::*;

/// A sandbox whose merchant set-up is `setup`.
async fn merchant(setup: MerchantSetup) -> Walk {
    Walk::start(SandboxConfig {
        merchant: setup,
        ..SandboxConfig::default()
    })
    .await
}

const HOLD: &str =
    r#"{ "amount": 100, "plan_id": "4", "term": "18", "vcc_number": "6374980300000001" }"#;

fn hold() -> Value {
    serde_json::from_str(HOLD).expect("JSON")
}

pub(crate) async fn merchant_set_up(walk: &mut Walk) {
    let everything = MerchantSetup::default();

    let mut strict = merchant(MerchantSetup {
        merchant_override: false,
        ..everything.clone()
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
    walk.errors.append(&mut strict.errors);

    let mut unprovisioned = merchant(MerchantSetup {
        provisioned: false,
        ..everything.clone()
    })
    .await;
    for path in ["i18n", "customers/lookup?vcc_number=6374980300000001"] {
        let answer = unprovisioned.get("GET i18n", path).await;
        Walk::refused(&answer, StatusCode::CONFLICT, "invalid_role");
    }
    walk.errors.append(&mut unprovisioned.errors);

    let mut unfinished = merchant(MerchantSetup {
        set_up: false,
        ..everything.clone()
    })
    .await;
    let general = unfinished.get("GET i18n", "i18n").await;
    Walk::refused(&general, StatusCode::CONFLICT, "general_error");
    let applying = unfinished.post("POST apply", "apply", json!({})).await;
    Walk::refused(&applying, StatusCode::BAD_REQUEST, "general_error");
    let generic = unfinished.get("GET captures", "captures").await;
    Walk::refused(&generic, StatusCode::CONFLICT, "generic_error");
    let (status, _) = unfinished
        .get(
            "GET customers/lookup",
            "customers/lookup?vcc_number=6374980300000001",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "lookup documents no back-end error");
    walk.errors.append(&mut unfinished.errors);

    for (setup, error) in [
        (
            MerchantSetup {
                pre_authorization: false,
                ..everything.clone()
            },
            "auth_not_allowed",
        ),
        (
            MerchantSetup {
                financing: false,
                ..everything.clone()
            },
            "plan_term_not_set",
        ),
        (
            MerchantSetup {
                account_type: false,
                ..everything.clone()
            },
            "account_type_not_permitted",
        ),
        (
            MerchantSetup {
                employee_permissions: false,
                ..everything.clone()
            },
            "not_permitted",
        ),
    ] {
        let mut limited = merchant(setup).await;
        let answer = limited
            .post("POST authorization", "authorization", hold())
            .await;
        Walk::refused(&answer, StatusCode::CONFLICT, error);
        walk.errors.append(&mut limited.errors);
    }
    employees_without_permissions(walk).await;
    prime_only(walk).await;
    scoped_tokens(walk).await;
}

/// Without the permissions, capture, release and return are refused before anything is looked up.
async fn employees_without_permissions(walk: &mut Walk) {
    let mut limited = merchant(MerchantSetup {
        employee_permissions: false,
        ..MerchantSetup::default()
    })
    .await;
    for (endpoint, path) in [
        (
            "POST authorization/{id}/capture",
            "authorization/900001/capture",
        ),
        (
            "POST authorization/{id}/release",
            "authorization/900001/release",
        ),
        (
            "POST authorization/{id}/capture/{id}/return",
            "authorization/900001/capture/1/return",
        ),
    ] {
        let answer = limited.post(endpoint, path, json!({ "amount": 1 })).await;
        Walk::refused(&answer, StatusCode::CONFLICT, "not_permitted");
    }
    walk.errors.append(&mut limited.errors);
}

/// A merchant for prime customers only: a non-prime customer (David, risk rating `H`) cannot be
/// looked up there, and no merchant may bypass the security check of a non-prime customer.
async fn prime_only(walk: &mut Walk) {
    let mut prime = merchant(MerchantSetup {
        non_prime: false,
        ..MerchantSetup::default()
    })
    .await;
    let david = prime
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={DAVID_VCC}"),
        )
        .await;
    Walk::refused(
        &david,
        StatusCode::CONFLICT,
        "merchant_not_support_nonprime_regularpurchase",
    );
    let (status, _) = prime
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={JANE_VCC}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "a prime customer is found");
    walk.errors.append(&mut prime.errors);

    let bypass = walk
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{DAVID_ID}/verify"),
            json!({ "format": "override" }),
        )
        .await;
    Walk::refused(
        &bypass,
        StatusCode::CONFLICT,
        "regular_purchase_bypass_is_not_allowed",
    );
}

/// A token asked for with `scope` calls only those categories of endpoints.
async fn scoped_tokens(walk: &mut Walk) {
    let base = walk.running.flexiti_base_url();
    let token = |scope: &'static str| {
        let http = walk.http.clone();
        let url = format!("{base}/oauth/token");
        async move {
            let form = [
                ("grant_type", "client_credentials"),
                ("client_id", demo::DEMO_CLIENT_ID),
                ("client_secret", demo::DEMO_CLIENT_SECRET),
                ("scope", scope),
            ];
            let response = http.post(url).form(&form).send().await.expect("an answer");
            (
                response.status(),
                response.json::<Value>().await.expect("JSON"),
            )
        }
    };
    let (status, granted) = token("customers").await;
    assert_eq!(status, StatusCode::OK, "{granted}");
    let customers_only = granted["access_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let invalid = token("everything").await;
    Walk::refused(&invalid, StatusCode::BAD_REQUEST, "invalid_scope");

    let ask = |path: &str| {
        walk.http
            .get(walk.url(path))
            .bearer_auth(&customers_only)
            .send()
    };
    let found = ask(&format!("customers/lookup?vcc_number={JANE_VCC}"))
        .await
        .expect("an answer");
    assert_eq!(found.status(), StatusCode::OK);
    let outside = ask("captures").await.expect("an answer");
    let answer = (
        outside.status(),
        outside.json::<Value>().await.expect("JSON"),
    );
    Walk::refused(&answer, StatusCode::FORBIDDEN, "insufficient_scope");
    assert_eq!(
        answer.1["error_description"],
        json!("Insufficient scope: authorized scope is insufficient")
    );
    walk.errors.insert("insufficient_scope".into());
}
