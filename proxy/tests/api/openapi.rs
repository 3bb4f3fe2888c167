//! `/openapi.json` describes exactly what the router serves: every documented operation is routed
//! and refuses a caller without credentials as documented, and every API path is documented.

use proxy::testing::TestApp;

use crate::helpers::openapi;
use reqwest::{Method, StatusCode};
use shared::paths;

#[tokio::test]
async fn every_documented_operation_is_served_and_every_api_path_documented() {
    let app = TestApp::spawn().await;
    let doc = openapi(&app).await;
    assert_eq!(
        doc["openapi"].as_str().map(|v| &v[..2]),
        Some("3."),
        "{doc}"
    );
    let documented = doc["paths"].as_object().expect("paths");
    for path in [
        paths::CHECKOUT_SESSIONS,
        "/v1/checkout-sessions/{id}",
        "/v1/checkout-sessions/{id}/expire",
        paths::SESSION,
        paths::FORM_CONFIG,
        paths::TERMS,
        paths::ACCOUNT_LOOKUP,
        paths::ACCOUNT_VERIFY,
        paths::ACCOUNT_QUOTE,
        paths::ACCOUNT_PURCHASE,
        paths::CARD_PAYMENT,
        paths::APPLICATIONS,
        paths::APPLICATION_CANCEL,
    ] {
        assert!(documented.contains_key(path), "{path} is not documented");
    }
    let mut operations = 0;
    let http = reqwest::Client::new();
    for (path, item) in documented {
        for (method, operation) in item.as_object().expect("operations") {
            let method: Method = method.to_uppercase().parse().expect("an HTTP method");
            let url = app.url(&path.replace("{id}", "cs_AAAAAAAAAAAAAAAAAAAAAA"));
            let answer = http
                .request(method.clone(), url)
                .send()
                .await
                .expect("answered");
            assert_eq!(
                answer.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path}: routed and refused without credentials"
            );
            assert!(
                operation["responses"].get("401").is_some(),
                "{method} {path} documents its 401"
            );
            if path.starts_with("/api/") && path != paths::SESSION {
                for status in ["410", "502", "503"] {
                    assert!(
                        operation["responses"].get(status).is_some(),
                        "{method} {path} may answer {status} and documents it"
                    );
                }
            }
            assert!(
                operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty()),
                "{method} {path} names its credential"
            );
            operations += 1;
        }
    }
    assert_eq!(
        operations, 30,
        "the merchant API's 19 operations and the widget API's 11"
    );
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for schema in [
        "ApiError",
        "CheckoutView",
        "SessionBody",
        "NewSession",
        "SessionEdit",
        "FormConfig",
    ] {
        assert!(schemas.contains_key(schema), "{schema} has no schema");
    }
}

#[tokio::test]
async fn the_ledgers_offer_only_the_two_ways_money_moves() {
    let app = TestApp::spawn().await;
    let doc = openapi(&app).await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["PaidWith"]["enum"],
        serde_json::json!(["card", "flexiti_account"]),
        "{}",
        schemas["PaidWith"]
    );
    for body in ["AttemptBody", "FollowUpBody", "SessionRefundBody"] {
        assert_eq!(
            schemas[body]["properties"]["method"]["$ref"], "#/components/schemas/PaidWith",
            "{body}: {}",
            schemas[body]["properties"]["method"]
        );
    }
}
