//! A proxy killed (SIGKILL, no goodbye) between writing a payment attempt to its ledger and
//! hearing the upstream's answer loses nothing: the proxy started again on the same database
//! finds the attempt and settles it by looking it up, and the shopper is charged once.

use std::net::SocketAddr;

use proxy::testing::process::{ProxyProcess, ProxyProcessConfig};
use sandbox::SandboxConfig;
use serde_json::json;

const PROXY: &str = env!("CARGO_BIN_EXE_proxy");
const MERCHANT_KEY: &str = "sk_test_crash_merchant";

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
    let mut first = ProxyProcess::start(&config, &running).await;
    let (id, token) = first.open_session(3_300, "K-9").await;

    // FlexPay charges at once and holds its answer back; the proxy dies while it waits.
    let card = json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035,
        "cvc": "123", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 });
    first
        .kill_during_card_payment(&running, &token, &card)
        .await;

    config.upstream_timeout_ms = 500;
    let second = ProxyProcess::start(&config, &running).await;
    second.assert_card_settled_once(&id, &running, 0).await;
}
