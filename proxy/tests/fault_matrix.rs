//! The proxy under every upstream fault the sandbox can inject, on the calls that move money (a
//! card charge, a Flexiti purchase) and on one that does not (the form's choices): the widget
//! always gets a clean answer in our shape within the upstream timeout and a second, the proxy
//! stays up, and once reconciliation has run every attempt in the ledger is settled with the
//! upstream agreeing: no double charge, no lost attempt. Then randomized faults over many
//! payments (`FAULT_RUNS`, 100 by default; `cargo xtask prove` runs 1,000).

use std::time::{Duration, Instant};

use proxy::testing::{TestApp, test_config};
use reqwest::{Method, StatusCode};
use sandbox::{FLEXITI_BASE_PATH, FLEXPAY_BASE_PATH, SandboxConfig, faults::Fault};
use serde_json::{Value, json};
use shared::paths;

/// The upstream timeout these proxies run with.
const TIMEOUT: Duration = Duration::from_millis(1_500);

/// Every fault of the sandbox, with delays within and past the timeout.
const FAULTS: [&str; 13] = [
    "latency=500",
    "latency=1000",
    "latency=5000",
    "late=3000",
    "reset",
    "status=502",
    "status=503",
    "status=504",
    "truncate",
    "html",
    "malformed",
    "huge",
    "drip=40",
];

const CHARGE: &str = "/gateways/charge";
const PURCHASE: &str = "/client-id/flexitidemo/transactions";

async fn proxy() -> TestApp {
    let mut config = test_config(None);
    config.upstream_timeout_ms = u64::try_from(TIMEOUT.as_millis()).unwrap_or(u64::MAX);
    // Thousands of payments from one address: only the per-session limit applies here.
    config.rate_limit.per_address = 0;
    TestApp::launch(config, SandboxConfig::default()).await
}

fn inject(app: &TestApp, path: &str, fault: &str) {
    let fault: Fault = fault.parse().expect("a fault");
    app.sandbox().faults().inject(path, fault, Some(1));
}

/// A payment in a session of its own, by card or by Jane's Flexiti account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Way {
    Card,
    Account,
}

/// Opens a session for `cents`, ready to pay `way` (an account found and verified first).
async fn ready_to_pay(app: &TestApp, way: Way, cents: u64) -> (String, String) {
    let (id, token) = app.open_session(cents, "en-CA").await;
    if way == Way::Account {
        let jane = json!({ "by": "card", "vcc_number": "6374980300000001" });
        let (status, found) = app.widget_post(paths::ACCOUNT_LOOKUP, &token, &jane).await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let answer =
            json!({ "method": "security_question", "question_id": "4", "answer": "Buddy" });
        let (status, verified) = app
            .widget_post(paths::ACCOUNT_VERIFY, &token, &answer)
            .await;
        assert_eq!(status, StatusCode::OK, "{verified}");
    }
    (id, token)
}

/// Pays, and answers the status, the body and how long the widget waited.
async fn pay(app: &TestApp, way: Way, token: &str) -> (StatusCode, Value, Duration) {
    let started = Instant::now();
    let (status, body) = match way {
        Way::Card => {
            let card = json!({ "number": "4242424242424242", "expiry_month": 6, "expiry_year": 2035,
                "cvc": "123", "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1",
                "revision": 0 });
            app.widget_post(paths::CARD_PAYMENT, token, &card).await
        }
        Way::Account => {
            let confirm = json!({ "plan_id": "4", "term": 18, "revision": 0 });
            app.widget_post(paths::ACCOUNT_PURCHASE, token, &confirm)
                .await
        }
    };
    (status, body, started.elapsed())
}

/// Whether `body` is a clean answer: a payment's result, or our error shape.
fn clean(status: StatusCode, body: &Value) -> bool {
    let error_shape = ["code", "message", "retryable", "next_step"]
        .iter()
        .all(|field| body.get(field).is_some());
    status != StatusCode::INTERNAL_SERVER_ERROR && (status.is_success() || error_shape)
}

/// Runs reconciliation until no attempt is left unsettled (every attempt by then is past the
/// grace period), and answers the last report.
async fn reconcile_all(app: &TestApp) -> Value {
    tokio::time::sleep(TIMEOUT + Duration::from_secs(2)).await;
    let mut report = Value::Null;
    for _ in 0..20 {
        report = app
            .merchant(Method::POST, "/v1/reconciliation")
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("JSON");
        if report["still_unknown"] == json!(0) {
            return report;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("attempts left unknown: {report}");
}

/// The session's outcome method (`null` when unpaid) and its ledger.
async fn settled(app: &TestApp, id: &str) -> (Value, Vec<Value>) {
    let get = |path: String| async move {
        app.merchant(Method::GET, &path)
            .send()
            .await
            .expect("answered")
            .json::<Value>()
            .await
            .expect("JSON")
    };
    let session = get(format!("{}/{id}", paths::CHECKOUT_SESSIONS)).await;
    let attempts = get(format!("{}/{id}/attempts", paths::CHECKOUT_SESSIONS)).await;
    (
        session["outcome"]["method"].clone(),
        attempts.as_array().cloned().unwrap_or_default(),
    )
}

/// After reconciliation: every attempt settled, at most one approved per session and the
/// session paid exactly by it, and the upstreams holding exactly the payments the sessions hold.
async fn no_double_charge_no_lost_attempt(app: &TestApp, sessions: &[String]) {
    let (mut by_card, mut by_account) = (0, 0);
    for id in sessions {
        let (method, attempts) = settled(app, id).await;
        let approved = attempts.iter().filter(|a| a["state"] == "approved").count();
        assert!(
            attempts
                .iter()
                .all(|a| a["state"] == "approved" || a["state"] == "declined"),
            "a lost attempt in {id}: {attempts:?}"
        );
        assert!(approved <= 1, "paid twice in {id}: {attempts:?}");
        assert_eq!(
            method.is_null(),
            approved == 0,
            "{id}: {method} / {attempts:?}"
        );
        match method.as_str() {
            Some("card") => by_card += 1,
            Some("flexiti_account") => by_account += 1,
            _ => {}
        }
    }
    assert_eq!(
        app.sandbox().approved_card_transactions(),
        by_card,
        "card charges"
    );
    assert_eq!(
        app.sandbox().posted_flexiti_purchases(),
        by_account,
        "Flexiti purchases"
    );
}

#[tokio::test]
async fn every_fault_on_a_payment_gets_a_clean_answer_in_time_and_is_settled() {
    let app = proxy().await;
    let mut sessions = Vec::new();
    for fault in FAULTS {
        for (way, path) in [
            (Way::Card, format!("{FLEXPAY_BASE_PATH}{CHARGE}")),
            (Way::Account, format!("{FLEXITI_BASE_PATH}{PURCHASE}")),
        ] {
            let (id, token) = ready_to_pay(&app, way, 1_000).await;
            inject(&app, &path, fault);
            let (status, body, waited) = pay(&app, way, &token).await;
            assert!(clean(status, &body), "{fault} on {way:?}: {status} {body}");
            assert!(
                waited <= TIMEOUT * 2 + Duration::from_secs(1),
                "{fault} on {way:?}: answered after {waited:?}"
            );
            app.sandbox().faults().clear();
            sessions.push(id);
        }
    }
    let healthy = reqwest::get(app.url("/healthz")).await.expect("answered");
    assert_eq!(healthy.status(), StatusCode::OK, "the proxy is still up");
    reconcile_all(&app).await;
    no_double_charge_no_lost_attempt(&app, &sessions).await;
}

#[tokio::test]
async fn every_fault_on_a_read_is_a_clean_error_within_the_timeout() {
    let app = proxy().await;
    let token = app.client_token().await;
    for fault in FAULTS {
        // The form's choices come from the merchant login (each call logs in anew).
        inject(
            &app,
            &format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/merchants/login"),
            fault,
        );
        let started = Instant::now();
        let response = app
            .widget_get(paths::FORM_CONFIG, &token)
            .send()
            .await
            .expect("answered");
        let waited = started.elapsed();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(clean(status, &body), "{fault}: {status} {body}");
        assert!(
            waited <= TIMEOUT + Duration::from_secs(1),
            "{fault}: answered after {waited:?}"
        );
        app.sandbox().faults().clear();
    }
}

/// A small deterministic generator: the same seed replays the same runs.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
    }
}

#[tokio::test]
async fn randomized_faults_never_charge_twice_nor_lose_an_attempt() {
    let runs: usize = std::env::var("FAULT_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(100);
    let seed: u64 = std::env::var("FAULT_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x5EED);
    let app = proxy().await;
    let mut random = SplitMix(seed);
    let mut sessions = Vec::new();
    let mut answers = std::collections::BTreeMap::<String, usize>::new();
    // Fast faults only (the slow ones are in the matrix above), on half of the payments.
    let faults = [
        None,
        None,
        None,
        None,
        None,
        None,
        Some("late=1800"),
        Some("reset"),
        Some("status=503"),
        Some("truncate"),
        Some("malformed"),
        Some("html"),
    ];
    for _ in 0..runs {
        let way = if random.below(2) == 0 {
            Way::Card
        } else {
            Way::Account
        };
        let (id, token) = ready_to_pay(&app, way, 100).await;
        if let Some(fault) = faults[random.below(faults.len())] {
            let path = match way {
                Way::Card => format!("{FLEXPAY_BASE_PATH}{CHARGE}"),
                Way::Account => format!("{FLEXITI_BASE_PATH}{PURCHASE}"),
            };
            inject(&app, &path, fault);
        }
        let (status, body, _) = pay(&app, way, &token).await;
        assert!(clean(status, &body), "{way:?}: {status} {body}");
        *answers
            .entry(format!(
                "{way:?} {status} {}",
                body["code"]
                    .as_str()
                    .or(body["outcome"]["class"].as_str())
                    .unwrap_or("?")
            ))
            .or_insert(0) += 1;
        // A shopper who saw no receipt tries again, at once or not at all.
        if !status.is_success() && random.below(2) == 0 {
            let (status, body, _) = pay(&app, way, &token).await;
            assert!(clean(status, &body), "{way:?} again: {status} {body}");
        }
        app.sandbox().faults().clear();
        sessions.push(id);
    }
    let report = reconcile_all(&app).await;
    no_double_charge_no_lost_attempt(&app, &sessions).await;
    println!("first answers: {answers:?}");
    println!(
        "{runs} randomized payments (seed {seed}): {} card charges, {} Flexiti purchases, last reconciliation {report}",
        app.sandbox().approved_card_transactions(),
        app.sandbox().posted_flexiti_purchases()
    );
}
