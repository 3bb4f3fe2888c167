//! What the proxy logs, at the most verbose level: every line of a request carries its request
//! id, and no line carries a client token, a secret, a card number, a CVC or anything else the
//! shopper typed, even when the request is refused. Its own test binary: it owns the process's
//! global log subscriber.

use proxy::{
    config::DEMO_MERCHANT_API_KEY,
    testing::{CapturedLog, TestApp},
};
use reqwest::Method;
use sandbox::config as demo;
use serde_json::json;
use shared::paths;

const CARD: &str = "4000000000000002";
const CVC: &str = "739";
const SIN: &str = "046454286";

#[tokio::test]
async fn logs_tie_lines_to_requests_and_never_print_what_was_sent() {
    let log = CapturedLog::install("trace");
    let app = TestApp::spawn().await;
    let token = app.client_token().await;

    let card = json!({ "number": CARD, "expiry_month": 6, "expiry_year": 2035, "cvc": CVC,
        "holder_name": "Quinlan Oyelaran", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 });
    let paid = app
        .widget_request(Method::POST, paths::CARD_PAYMENT, &token)
        .json(&card)
        .send()
        .await
        .expect("answered");
    assert_eq!(
        paid.status(),
        reqwest::StatusCode::OK,
        "a decline, through FlexPay"
    );
    let request_id = paid.headers()["x-request-id"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    // Refused bodies: one of the wrong shape, one that does not parse, both carrying values.
    let (status, _) = app
        .widget_post(
            paths::APPLICATIONS,
            &token,
            &json!({ "sin": SIN, "cvc": CVC }),
        )
        .await;
    assert!(status.is_client_error());
    let broken = app
        .widget_request(Method::POST, paths::CARD_PAYMENT, &token)
        .header("Content-Type", "application/json")
        .body(format!("{{\"number\": \"{CARD}\", \"cvc\": {CVC}, oops"))
        .send()
        .await
        .expect("answered");
    assert!(broken.status().is_client_error());
    let _ = app
        .merchant(
            Method::GET,
            "/v1/checkout-sessions/cs_AAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await;

    let text = log.text();
    assert!(text.contains(&format!("request_id={request_id}")), "{text}");
    let secret = token
        .split_once('.')
        .map(|(_, secret)| secret)
        .unwrap_or(&token);
    for (what, value) in [
        ("the client token's secret", secret),
        ("the card number", CARD),
        ("the CVC, quoted", &format!("\"{CVC}\"")),
        ("the CVC, as JSON", &format!(": {CVC}")),
        ("the CVC, as a field", &format!("cvc={CVC}")),
        ("the SIN", SIN),
        ("the holder's name", "Oyelaran"),
        ("the merchant API key", DEMO_MERCHANT_API_KEY),
        ("the Flexiti client secret", demo::DEMO_CLIENT_SECRET),
        ("the merchant password", demo::DEMO_MERCHANT_PASSWORD),
        ("the FlexPay API key", demo::DEMO_FLEXPAY_API_KEY),
    ] {
        assert!(!text.contains(value), "{what} is in the log");
    }
}
