//! A proxy killed (SIGKILL, no goodbye) between writing a payment attempt to its ledger and
//! hearing the upstream's answer loses nothing: the proxy started again on the same database
//! finds the attempt and settles it by looking it up, and the shopper is charged once.

use std::{
    net::{SocketAddr, TcpListener},
    process::{Child, Command, Stdio},
    time::Duration,
};

use reqwest::StatusCode;
use sandbox::{FLEXPAY_BASE_PATH, SandboxConfig, faults::Fault};
use serde_json::{Value, json};

const PROXY: &str = env!("CARGO_BIN_EXE_proxy");
const MERCHANT_KEY: &str = "sk_test_crash_merchant";

fn vacant_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}

/// The proxy binary on `addr` and `database`, upstream `sandbox`, giving up on upstream calls
/// after `timeout_ms`.
fn start(
    addr: SocketAddr,
    database: &str,
    sandbox: &sandbox::RunningSandbox,
    timeout_ms: u64,
) -> Child {
    let flexiti = sandbox.flexiti_base_url();
    let flexpay = sandbox.flexpay_base_url();
    let config = sandbox.sandbox.config();
    Command::new(PROXY)
        .env_clear()
        .args(["--listen", &addr.to_string()])
        .env("RUST_LOG", "off")
        .env("CHECKOUT_DATABASE_URL", database)
        .env("CHECKOUT_UPSTREAM_TIMEOUT_MS", timeout_ms.to_string())
        .env("CHECKOUT_RECONCILE_EVERY_SECS", "1")
        .env("CHECKOUT_MERCHANT_API_KEY", MERCHANT_KEY)
        .env("CHECKOUT_FLEXITI__BASE_URL", flexiti)
        .env("CHECKOUT_FLEXITI__CLIENT_ID", &config.client_id)
        .env("CHECKOUT_FLEXITI__CLIENT_SECRET", &config.client_secret)
        .env(
            "CHECKOUT_FLEXITI__MERCHANT_USERNAME",
            &config.merchant_username,
        )
        .env(
            "CHECKOUT_FLEXITI__MERCHANT_PASSWORD",
            &config.merchant_password,
        )
        .env("CHECKOUT_FLEXPAY__BASE_URL", flexpay)
        .env("CHECKOUT_FLEXPAY__API_KEY", &config.flexpay_api_key)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the proxy starts")
}

async fn ready(http: &reqwest::Client, base: &str) {
    for _ in 0..100 {
        if let Ok(response) = http.get(format!("{base}/healthz")).send().await
            && response.status() == StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the proxy never answered at {base}");
}

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
    let addr = vacant_addr();
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    let mut first = start(addr, &database, &running, 10_000);
    ready(&http, &base).await;

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
    first.kill().expect("killed");
    let _ = first.wait();
    assert!(
        paying.await.expect("the task ends").is_err(),
        "the shopper's request died with the proxy"
    );
    let attempts = format!("{base}/v1/checkout-sessions/{id}/attempts");

    let mut second = start(addr, &database, &running, 500);
    ready(&http, &base).await;
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
    let _ = second.kill();
    let _ = second.wait();
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
