//! A proxy killed (SIGKILL, no goodbye) between writing a payment attempt to its ledger and
//! hearing the upstream's answer loses nothing: the proxy started again on the same database
//! finds the attempt and settles it by looking it up, and the shopper is charged once.

use std::{net::SocketAddr, time::Duration};

use proxy::testing::process::{ProxyProcess, ProxyProcessConfig};
use sandbox::{FLEXPAY_BASE_PATH, SandboxConfig, faults::Fault};
use serde_json::{Value, json};

const PROXY: &str = env!("CARGO_BIN_EXE_proxy");
const MERCHANT_KEY: &str = "sk_test_crash_merchant";

async fn merchant_get(http: &reqwest::Client, url: &str) -> Value {
    http.get(url)
        .bearer_auth(MERCHANT_KEY)
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn a_payment_cut_short_by_a_killed_proxy_is_reconciled_after_the_restart() {
    let running = sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("the sandbox starts");
    let folder = tempfile::tempdir().expect("a folder");
    let database = format!("sqlite://{}", folder.path().join("checkout.db").display());
    let mut config = ProxyProcessConfig::new(PROXY, &database, MERCHANT_KEY);
    let base = format!("http://{}", config.addr);
    let http = reqwest::Client::new();
    let mut first = ProxyProcess::start(&config, &running).await;

    let body =
        json!({ "amount": 3_300, "order_id": "K-9", "allowed_origins": ["https://shop.example"] });
    let created: Value = http
        .post(format!("{base}/v1/checkout-sessions"))
        .bearer_auth(MERCHANT_KEY)
        .json(&body)
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    let id = created["id"].as_str().expect("an id").to_owned();
    let token = created["client_token"]
        .as_str()
        .expect("a token")
        .to_owned();

    // FlexPay charges at once and holds its answer back; the proxy dies while it waits.
    let late: Fault = "late=5000".parse().expect("a fault");
    let charge = format!("{FLEXPAY_BASE_PATH}/gateways/charge");
    running.sandbox.faults().inject(&charge, late, Some(1));
    let card = json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035,
        "cvc": "123", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 });
    let paying = tokio::spawn({
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        async move {
            http.post(format!("{base}/api/v1/card/payment"))
                .bearer_auth(token)
                .json(&card)
                .send()
                .await
        }
    });
    for _ in 0..50 {
        if running.sandbox.approved_card_transactions() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        running.sandbox.approved_card_transactions(),
        1,
        "the charge went through"
    );
    first.kill();
    assert!(
        paying.await.expect("the task ends").is_err(),
        "the shopper's request died with the proxy"
    );
    let attempts = format!("{base}/v1/checkout-sessions/{id}/attempts");

    config.upstream_timeout_ms = 500;
    let second = ProxyProcess::start(&config, &running).await;
    let mut outcome = Value::Null;
    for _ in 0..60 {
        outcome =
            merchant_get(&http, &format!("{base}/v1/checkout-sessions/{id}")).await["outcome"]
                .clone();
        if !outcome.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let ledger = merchant_get(&http, &attempts).await;
    drop(second);
    assert_eq!(outcome["method"], json!("card"), "reconciled: {ledger}");
    assert_eq!(
        (&ledger[0]["state"], &ledger[0]["reconciled"]),
        (&json!("approved"), &json!(true)),
        "{ledger}"
    );
    assert_eq!(
        running.sandbox.approved_card_transactions(),
        1,
        "charged once"
    );
}
