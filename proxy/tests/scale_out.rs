//! Two proxy processes on different ports sharing one PostgreSQL database and one upstream, as
//! instances behind a load balancer: a checkout opened through one is read and paid through the
//! other, a Flexiti purchase hops between them step by step, and a payment cut short by killing
//! its proxy is settled by the other (charged once). Then both processes' logs and every table
//! are searched for the card, the tokens and the keys.
//!
//! PostgreSQL only (`TEST_DATABASE_URL`, set by `cargo xtask test-postgres`): shared state
//! between instances is what PostgreSQL is configured for. Without it the test says so and passes.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

use proxy::testing::{
    TEST_DATABASE_URL, TestDatabase,
    leak_scan::Secrets,
    process::{ProxyProcess, ProxyProcessConfig},
};
use reqwest::StatusCode;
use sandbox::{RunningSandbox, SandboxConfig};
use serde_json::{Value, json};
use shared::paths;

const PROXY: &str = env!("CARGO_BIN_EXE_proxy");
const MERCHANT_KEY: &str = "sk_test_scale_out_merchant";
const CARD: &str = "4242424242424242";
const CVC: &str = "987";
const CODE: &str = "2485";

fn card() -> Value {
    json!({ "number": CARD, "expiry_month": 6, "expiry_year": 2035, "cvc": CVC,
        "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 })
}

fn session_path(id: &str) -> String {
    format!("{}/{id}", paths::CHECKOUT_SESSIONS)
}

/// Opened through A; form, session and card payment through B; the outcome read through A.
async fn one_checkout_across_both(a: &ProxyProcess, b: &ProxyProcess) -> String {
    let (id, token) = a.open_session(4_200, "S-1").await;
    let (status, form) = b.widget(paths::FORM_CONFIG, &token, None).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    let (status, seen) = b.widget(paths::SESSION, &token, None).await;
    assert_eq!(
        (status, &seen["amount_cents"]),
        (StatusCode::OK, &json!(4_200))
    );

    let (status, paid) = b.widget(paths::CARD_PAYMENT, &token, Some(&card())).await;
    assert_eq!(status, StatusCode::OK, "{paid}");
    assert_eq!(paid["outcome"]["class"], json!("approved"), "{paid}");
    let outcome = &a.merchant_get(&session_path(&id)).await["outcome"];
    assert_eq!(
        outcome["method"],
        json!("card"),
        "A sees B's payment: {outcome}"
    );
    token
}

/// A Flexiti account purchase whose steps alternate: found through A, code texted through B,
/// bought through A with that code.
async fn account_purchase_across_both(a: &ProxyProcess, b: &ProxyProcess) -> String {
    let (id, token) = b.open_session(4_200, "S-2").await;
    let lookup = json!({ "by": "card", "vcc_number": "6374980300000001" });
    let (status, found) = a.widget(paths::ACCOUNT_LOOKUP, &token, Some(&lookup)).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let sms = json!({ "method": "sms" });
    let (status, texted) = b.widget(paths::ACCOUNT_VERIFY, &token, Some(&sms)).await;
    assert_eq!(status, StatusCode::OK, "{texted}");
    let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0, "verification_code": CODE });
    let (status, bought) = a
        .widget(paths::ACCOUNT_PURCHASE, &token, Some(&confirm))
        .await;
    assert_eq!(status, StatusCode::OK, "{bought}");
    let outcome = &b.merchant_get(&session_path(&id)).await["outcome"];
    assert_eq!(
        outcome["method"],
        json!("flexiti_account"),
        "B sees A's purchase: {outcome}"
    );
    token
}

/// Pays through A with the answer held back, kills A while it waits, and lets B settle it.
async fn payment_settled_by_the_survivor(
    a: &mut ProxyProcess,
    b: &ProxyProcess,
    running: &RunningSandbox,
) -> String {
    let (id, token) = a.open_session(4_200, "S-3").await;
    let charged_before = running.sandbox.approved_card_transactions();
    a.kill_during_card_payment(running, &token, &card()).await;

    b.assert_card_settled_once(&id, running, charged_before)
        .await;
    token
}

/// Starts a proxy on `database` logging to `log`.
async fn instance(
    database: &str,
    log: &Path,
    timeout_ms: u64,
    up: &RunningSandbox,
) -> ProxyProcess {
    let mut config = ProxyProcessConfig::new(PROXY, database, MERCHANT_KEY);
    config.upstream_timeout_ms = timeout_ms;
    config.log = Some(log.to_path_buf());
    // As the single-proxy leak test logs: every line the proxy could write.
    config.log_filter = "proxy=debug,tower_http=debug,info".into();
    ProxyProcess::start(&config, up).await
}

#[tokio::test]
async fn two_proxies_on_one_postgresql_serve_and_settle_each_others_checkouts() {
    let on_postgresql = std::env::var(TEST_DATABASE_URL).is_ok_and(|url| !url.is_empty());
    if !on_postgresql {
        println!(
            "skipped: {TEST_DATABASE_URL} names no PostgreSQL server (cargo xtask test-postgres)"
        );
        return;
    }
    let database = TestDatabase::fresh().await;
    let upstream = SocketAddr::from(([127, 0, 0, 1], 0));
    let running = sandbox::spawn(upstream, SandboxConfig::default())
        .await
        .expect("the sandbox starts");
    let folder = tempfile::tempdir().expect("a folder");
    let logs = [folder.path().join("a.log"), folder.path().join("b.log")];
    let mut a = instance(database.url(), &logs[0], 10_000, &running).await;
    // B settles A's attempt once its own upstream timeout and two seconds have passed.
    let b = instance(database.url(), &logs[1], 2_000, &running).await;

    let tokens = [
        one_checkout_across_both(&a, &b).await,
        account_purchase_across_both(&a, &b).await,
        payment_settled_by_the_survivor(&mut a, &b, &running).await,
    ];
    drop(b);
    assert_nothing_leaked(&running, &tokens, &logs, &database).await;
}

/// Searches both logs and every table for the card, the code, the tokens and the keys.
async fn assert_nothing_leaked(
    running: &RunningSandbox,
    tokens: &[String],
    logs: &[PathBuf; 2],
    database: &TestDatabase,
) {
    let mut secrets = Secrets::of_deployment(&running.sandbox, MERCHANT_KEY);
    secrets.add("card number", CARD);
    secrets.add("CVC", &format!("\"{CVC}\""));
    secrets.add("CVC", &format!("={CVC}"));
    // Quoted: bare, four digits turn up in any log's timestamps.
    secrets.add("verification code", &format!("\"{CODE}\""));
    for token in tokens {
        secrets.add_client_token(token);
    }
    let read = |path: &Path| std::fs::read_to_string(path).expect("a log");
    let (log_a, log_b) = (read(&logs[0]), read(&logs[1]));
    let stored = database.dump().await;
    assert!(
        log_a.lines().count() > 5 && log_b.lines().count() > 5,
        "{log_a}{log_b}"
    );
    assert!(stored.contains("approved"), "the ledger was read: {stored}");
    let places = [
        ("log of A", &*log_a),
        ("log of B", &*log_b),
        ("database", &*stored),
    ];
    assert_eq!(secrets.found_in(&places), Vec::<String>::new());
    println!(
        "searched {} + {} log lines and {} rows for {} secrets",
        log_a.lines().count(),
        log_b.lines().count(),
        stored.lines().count(),
        secrets.len()
    );
}
