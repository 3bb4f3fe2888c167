//! `GET /metrics`: the merchant API key's to read, Prometheus text with requests by route and
//! status, upstream latency, token renewals and payment outcomes by class.

use proxy::testing::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;
use shared::paths;

#[tokio::test]
async fn metrics_count_requests_upstream_calls_renewals_and_payment_outcomes() {
    let app = TestApp::spawn().await;
    let anonymous = reqwest::get(app.url("/metrics")).await.expect("answered");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let token = app.client_token().await;
    let form = app
        .widget_get(&format!("{}?locale=en-CA", paths::FORM_CONFIG), &token)
        .send()
        .await
        .expect("answered");
    assert_eq!(form.status(), StatusCode::OK);
    let declined = json!({ "number": "4000000000000002", "expiry_month": 6, "expiry_year": 2035,
        "cvc": "123", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1",
        "revision": 0 });
    let (status, _) = app
        .widget_post(paths::CARD_PAYMENT, &token, &declined)
        .await;
    assert_eq!(status, StatusCode::OK);

    let answer = app
        .merchant(Method::GET, "/metrics")
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .is_ok_and(|value| value.starts_with("application/openmetrics-text"))
    );
    let text = answer.text().await.expect("text");
    for line in [
        r#"checkout_http_requests_total{route="/api/v1/card/payment",method="POST",status="200"} 1"#,
        r#"checkout_http_requests_total{route="/v1/checkout-sessions",method="POST",status="201"} 1"#,
        r#"checkout_http_request_duration_seconds_count{route="/api/v1/form-config"} 1"#,
        r#"checkout_upstream_request_duration_seconds_count{upstream="flexpay",outcome="answered"} 1"#,
        r#"checkout_flexiti_token_renewals_total 1"#,
        r#"checkout_payment_outcomes_total{method="card",class="soft_decline"} 1"#,
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(
        text.contains(r#"upstream="flexiti",outcome="answered""#),
        "{text}"
    );
}
