//! Exactly once for the merchant's follow-ups: every capture, void, refund, release and return is
//! in the ledger before it is sent; a retry under the same `Idempotency-Key` is answered the same
//! and sent once; a follow-up whose answer was lost blocks the next one of its payment (or
//! authorization) until it is found, then counts once.

use std::time::Duration;

use proxy::testing::TestApp;
use reqwest::{Method, StatusCode};
use sandbox::{FLEXITI_BASE_PATH, FLEXPAY_BASE_PATH};
use serde_json::{Value, json};
use shared::paths;

use crate::{
    helpers::{fault_once, impatient_proxy, merchant_get, pay_by_card, pay_with_jane},
    upstreams::{upstreams, upstreams_with},
};

/// `POST path` with `{ "amount": cents }` (no body for "all"), under `key` when there is one.
async fn post(
    app: &TestApp,
    path: &str,
    cents: Option<u64>,
    key: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = app.merchant(Method::POST, path);
    if let Some(cents) = cents {
        request = request.json(&json!({ "amount": cents }));
    }
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.expect("the proxy answers");
    (response.status(), response.json().await.expect("JSON"))
}

fn refund_path(session: &str) -> String {
    format!("{}/{session}/refund", paths::CHECKOUT_SESSIONS)
}

/// The `checkout_unknown_attempts` figure of `/metrics`.
async fn unknown_attempts(app: &TestApp) -> String {
    let response = app.merchant(Method::GET, "/metrics").send().await;
    let text = response.expect("answered").text().await.expect("text");
    text.lines()
        .find_map(|line| line.strip_prefix("checkout_unknown_attempts "))
        .unwrap_or("absent")
        .to_owned()
}

/// Waits (at most 15 s) until the session's refunded total is `cents`.
async fn refunded_total_reaches(app: &TestApp, session: &str, cents: u64) {
    for _ in 0..60 {
        let shown = merchant_get(app, &format!("{}/{session}", paths::CHECKOUT_SESSIONS)).await;
        if shown["amount_refunded"] == json!(cents) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("never reconciled to {cents}");
}

#[tokio::test]
async fn a_refund_retried_under_its_key_is_sent_once_and_answered_the_same() {
    let app = TestApp::spawn().await;
    let (session, payment) = pay_by_card(&app, 9_000).await;
    let refund = refund_path(&session);

    let (status, first) = post(&app, &refund, Some(2_000), Some("order-77-refund-1")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, again) = post(&app, &refund, Some(2_000), Some("order-77-refund-1")).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (&again["transaction_id"], &again["amount_refunded"]),
        (&first["transaction_id"], &json!(2_000)),
        "the same refund, counted once: {again}"
    );

    let (status, reused) = post(&app, &refund, Some(3_000), Some("order-77-refund-1")).await;
    assert_eq!(
        (status, &reused["code"], &reused["param"]),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!("idempotency_key_reused"),
            &json!("Idempotency-Key")
        ),
        "{reused}"
    );
    let (status, second) = post(&app, &refund, Some(3_000), Some("order-77-refund-2")).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(second["amount_refunded"], json!(5_000), "{second}");

    // The card-transaction route keeps its keys the same way.
    let card_refund = format!("/v1/card-transactions/{payment}/refund");
    let (_, direct) = post(&app, &card_refund, Some(1_000), Some("direct-1")).await;
    let (_, direct_again) = post(&app, &card_refund, Some(1_000), Some("direct-1")).await;
    assert_eq!(direct["status"], json!("approved"), "{direct}");
    assert_eq!(direct_again["id"], direct["id"], "{direct_again}");
    let (status, other_kind) = post(
        &app,
        &format!("/v1/card-transactions/{payment}/void"),
        None,
        Some("direct-1"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{other_kind}");

    let (status, bad_key) = post(&app, &refund, Some(100), Some("no spaces allowed")).await;
    assert_eq!(
        (status, &bad_key["param"]),
        (StatusCode::BAD_REQUEST, &json!("Idempotency-Key")),
        "{bad_key}"
    );
    // 9,000 paid; 2,000 + 3,000 by the session, 1,000 directly: FlexPay holds three refunds.
    let (status, beyond) = post(&app, &card_refund, Some(3_001), None).await;
    assert_eq!(
        (status, &beyond["code"]),
        (StatusCode::CONFLICT, &json!("exceeds_capture")),
        "what the ledger's refunds left is checked before sending: {beyond}"
    );
}

#[tokio::test]
async fn a_card_refund_whose_answer_is_lost_blocks_the_next_and_is_reconciled_once() {
    let app = impatient_proxy().await;
    let (session, payment) = pay_by_card(&app, 8_000).await;
    fault_once(
        &app,
        &format!("{FLEXPAY_BASE_PATH}/transactions/{payment}/refund"),
        "late=1500",
    );
    fault_once(
        &app,
        &format!("{FLEXPAY_BASE_PATH}/transactions"),
        "status=503",
    );
    let refund = refund_path(&session);

    let (status, lost) = post(&app, &refund, Some(3_000), Some("r-1")).await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{lost}"
    );
    assert_eq!(unknown_attempts(&app).await, "1");
    let (status, blocked) = post(&app, &refund, Some(1_000), None).await;
    assert_eq!(
        (status, &blocked["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "nothing more is sent while a refund is unknown: {blocked}"
    );

    refunded_total_reaches(&app, &session, 3_000).await;
    assert_eq!(unknown_attempts(&app).await, "0");
    let (status, replayed) = post(&app, &refund, Some(3_000), Some("r-1")).await;
    assert_eq!(status, StatusCode::OK, "{replayed}");
    assert_eq!(
        (
            &replayed["amount"],
            &replayed["amount_refunded"],
            &replayed["amount_refundable"]
        ),
        (&json!(3_000), &json!(3_000), &json!(5_000)),
        "{replayed}"
    );
    let refund_shown = merchant_get(
        &app,
        &format!(
            "/v1/card-transactions/{}",
            replayed["transaction_id"].as_str().unwrap_or_default()
        ),
    )
    .await;
    assert_eq!(
        (&refund_shown["kind"], &refund_shown["amount"]),
        (&json!("refund"), &json!(3_000)),
        "{refund_shown}"
    );
}

#[tokio::test]
async fn a_flexiti_refund_whose_answer_is_lost_is_found_by_what_is_left_of_the_purchase() {
    let app = impatient_proxy().await;
    let session = pay_with_jane(&app, 12_000).await;
    fault_once(
        &app,
        &format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/accounts/"),
        "late=1500",
    );
    let refund = refund_path(&session);

    let (status, lost) = post(&app, &refund, Some(4_500), None).await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{lost}"
    );
    refunded_total_reaches(&app, &session, 4_500).await;

    let (status, rest) = post(&app, &refund, None, None).await;
    assert_eq!(status, StatusCode::OK, "{rest}");
    assert_eq!(
        (
            &rest["amount"],
            &rest["amount_refunded"],
            &rest["amount_refundable"]
        ),
        (&json!(7_500), &json!(12_000), &json!(0)),
        "{rest}"
    );
}

/// The amounts of Flexiti authorization `id` as the merchant API shows it: what is held, and
/// each capture's amount and what was returned of it.
async fn held(app: &TestApp, id: u64) -> Value {
    let shown = merchant_get(app, &format!("/v1/flexiti/authorizations/{id}")).await;
    let captures: Vec<Value> = shown["captures"]
        .as_array()
        .map(|captures| {
            captures
                .iter()
                .map(|capture| json!([capture["amount"], capture["amount_returned"]]))
                .collect()
        })
        .unwrap_or_default();
    json!({ "held": shown["amount_remaining"], "captures": captures })
}

/// `POST path` of `cents` under `key` every 250 ms, for 20 s at most, until it is no longer
/// `409 payment_in_progress`: the answer then.
async fn asked_again_until_settled(
    app: &TestApp,
    path: &str,
    cents: u64,
    key: &str,
) -> (StatusCode, Value) {
    let mut answer = (StatusCode::CONFLICT, Value::Null);
    for _ in 0..80 {
        answer = post(app, path, Some(cents), Some(key)).await;
        if answer.0 != StatusCode::CONFLICT {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    answer
}

#[tokio::test]
async fn a_flexiti_capture_retried_under_its_key_is_captured_once() {
    let upstreams = upstreams().await;
    let app = &upstreams.app;
    let id = upstreams.hold(500).await;
    let path = format!("/v1/flexiti/authorizations/{id}");

    let (status, first) = post(app, &format!("{path}/capture"), Some(20_000), Some("c-1")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, again) = post(app, &format!("{path}/capture"), Some(20_000), Some("c-1")).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, first, "the retry answers the first capture");
    assert_eq!(
        held(app, id).await,
        json!({ "held": 30_000, "captures": [[20_000, 0]] })
    );

    let (status, reused) = post(app, &format!("{path}/release"), Some(20_000), Some("c-1")).await;
    assert_eq!(
        (status, &reused["code"]),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!("idempotency_key_reused")
        ),
        "{reused}"
    );
    let (status, released) = post(app, &format!("{path}/release"), Some(5_000), None).await;
    assert_eq!(status, StatusCode::OK, "{released}");
    let (status, rest) = post(app, &format!("{path}/capture"), None, Some("c-2")).await;
    assert_eq!(
        (status, &rest["amount"]),
        (StatusCode::OK, &json!(25_000)),
        "{rest}"
    );
    let (status, rest_again) = post(app, &format!("{path}/capture"), None, Some("c-2")).await;
    assert_eq!((status, &rest_again), (StatusCode::OK, &rest));
    assert_eq!(
        held(app, id).await,
        json!({ "held": 0, "captures": [[20_000, 0], [25_000, 0]] })
    );
    // Nothing is sent when nothing is held: had it been, Flexiti's teapot would answer.
    upstreams.flexiti_fault_once(&format!("authorization/{id}/"), "status=418");
    for (action, cents) in [("release", None), ("capture", Some(100))] {
        let (status, closed) = post(app, &format!("{path}/{action}"), cents, None).await;
        assert_eq!(
            (status, &closed["code"], &closed["param"]),
            (
                StatusCode::CONFLICT,
                &json!("authorization_closed"),
                &Value::Null
            ),
            "{action}: {closed}"
        );
    }
}

#[tokio::test]
async fn a_flexiti_capture_or_release_whose_answer_is_lost_is_found_by_what_the_authorization_holds()
 {
    let upstreams = upstreams_with(|config| config.upstream_timeout_ms = 400).await;
    let app = &upstreams.app;
    let id = upstreams.hold(500).await;

    for (action, cents, key, shown, expected) in [
        ("capture", 12_000, "lost-1", "amount", 12_000),
        ("release", 7_500, "lost-2", "amount_remaining", 30_500),
    ] {
        upstreams.flexiti_fault_once(&format!("authorization/{id}/{action}"), "late=1500");
        let path = format!("/v1/flexiti/authorizations/{id}/{action}");
        let (status, found) = post(app, &path, Some(cents), Some(key)).await;
        assert_eq!(
            (status, &found[shown]),
            (StatusCode::OK, &json!(expected)),
            "{action}: {found}"
        );
        let (status, again) = post(app, &path, Some(cents), Some(key)).await;
        assert_eq!((status, &again), (StatusCode::OK, &found), "{action}");
    }
    assert_eq!(
        held(app, id).await,
        json!({ "held": 30_500, "captures": [[12_000, 0]] }),
        "captured once, released once"
    );
}

#[tokio::test]
async fn a_flexiti_return_whose_answer_stays_lost_blocks_the_next_until_it_is_reconciled() {
    let upstreams = upstreams_with(|config| config.upstream_timeout_ms = 400).await;
    let app = &upstreams.app;
    let id = upstreams.hold(500).await;
    let path = format!("/v1/flexiti/authorizations/{id}");
    let (_, captured) = post(app, &format!("{path}/capture"), Some(20_000), None).await;
    let capture_id = captured["id"].as_u64().expect("a capture id");
    // The read before the return passes; the return is done but its answer comes too late; the
    // read that looks for it at once fails. Rules apply in the order given, the first that
    // matches: `authorization/{id}` also matches the return's path, and is used up first.
    upstreams.flexiti_fault_once(&format!("authorization/{id}"), "latency=0");
    let give_back = format!("authorization/{id}/capture/{capture_id}/return");
    upstreams.flexiti_fault_once(&give_back, "late=1500");
    upstreams.flexiti_fault_once(&format!("authorization/{id}"), "status=503");
    let give_back = format!("{path}/captures/{capture_id}/return");

    let (status, lost) = post(app, &give_back, Some(5_000), Some("r-1")).await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "{lost}"
    );
    assert_eq!(unknown_attempts(app).await, "1");
    let (status, blocked) = post(app, &give_back, Some(1_000), None).await;
    assert_eq!(
        (status, &blocked["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "nothing more is returned while a return is unknown: {blocked}"
    );

    let (status, returned) = asked_again_until_settled(app, &give_back, 5_000, "r-1").await;
    assert_eq!(status, StatusCode::OK, "reconciled: {returned}");
    assert_eq!(
        (&returned["amount_returned"], &returned["amount_returnable"]),
        (&json!(5_000), &json!(15_000)),
        "{returned}"
    );
    assert_eq!(unknown_attempts(app).await, "0");
    assert_eq!(
        held(app, id).await,
        json!({ "held": 30_000, "captures": [[20_000, 5_000]] }),
        "returned once"
    );
}

#[tokio::test]
async fn a_flexiti_capture_flexiti_never_processed_is_released_and_its_key_sends_it_afresh() {
    let upstreams = upstreams_with(|config| config.upstream_timeout_ms = 400).await;
    let app = &upstreams.app;
    let id = upstreams.hold(500).await;
    // A gateway answers in Flexiti's place: the capture never reached it.
    upstreams.flexiti_fault_once(&format!("authorization/{id}/capture"), "status=502");
    let capture = format!("/v1/flexiti/authorizations/{id}/capture");

    let (status, lost) = post(app, &capture, Some(9_000), Some("gw-1")).await;
    assert_eq!(
        (status, &lost["code"]),
        (StatusCode::CONFLICT, &json!("payment_in_progress")),
        "a gateway's error may hide a capture made: {lost}"
    );
    // Not found by `reconcile_unlisted_after_secs` (8 s in tests), it was never made: the key is
    // free again, and the retry under it captures.
    let (status, captured) = asked_again_until_settled(app, &capture, 9_000, "gw-1").await;
    assert_eq!(
        (status, &captured["amount"]),
        (StatusCode::OK, &json!(9_000)),
        "{captured}"
    );
    assert_eq!(
        held(app, id).await,
        json!({ "held": 41_000, "captures": [[9_000, 0]] }),
        "captured once"
    );
}

#[tokio::test]
async fn a_follow_up_no_lookup_can_settle_is_listed_and_settled_by_hand() {
    let upstreams = upstreams_with(|config| config.upstream_timeout_ms = 400).await;
    let app = &upstreams.app;
    let id = upstreams.hold(500).await;
    // Our capture goes through, its answer and the read that looks for it are lost (rules apply
    // in order, the first that matches)...
    upstreams.flexiti_fault_once(&format!("authorization/{id}"), "latency=0");
    upstreams.flexiti_fault_once(&format!("authorization/{id}/capture"), "late=1500");
    upstreams.flexiti_fault_once(&format!("authorization/{id}"), "status=503");
    let path = format!("/v1/flexiti/authorizations/{id}");
    let (status, lost) = post(app, &format!("{path}/capture"), Some(10_000), Some("k")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{lost}");
    // ...and the point of sale captures too, directly: the difference is no longer ours alone.
    let other = upstreams
        .flexiti(
            &format!("authorization/{id}/capture"),
            json!({ "amount": 50 }),
        )
        .await;

    let (status, unsettled) = get_json(app, "/v1/follow-ups/unsettled").await;
    assert_eq!(status, StatusCode::OK, "{unsettled}");
    let listed = &unsettled[0];
    assert_eq!(
        (
            &listed["kind"],
            &listed["original"],
            &listed["amount"],
            &listed["state"]
        ),
        (
            &json!("capture"),
            &json!(format!("flexiti-authorization-{id}")),
            &json!(10_000),
            &json!("unknown")
        ),
        "{unsettled}"
    );
    // What it found before it was sent, to compare with Flexiti's record; not yet for a person.
    assert_eq!(
        (&listed["held_before"], &listed["settle_by_hand"]),
        (
            &json!({ "amount": 50_000, "last_capture_id": 0 }),
            &json!(false)
        ),
        "{unsettled}"
    );
    let reference = listed["reference"]
        .as_str()
        .expect("a reference")
        .to_owned();
    let settle = format!("/v1/follow-ups/{reference}/settle");
    let too_soon = settle_as(app, &settle, json!({ "outcome": "done" })).await;
    assert_eq!(
        too_soon.1["code"],
        json!("payment_in_progress"),
        "{too_soon:?}"
    );

    // Once reconciliation would take an unfound follow-up for never made (8 s in tests), it
    // still cannot tell this one: a person must.
    tokio::time::sleep(Duration::from_millis(8_200)).await;
    let (_, report) = post(app, "/v1/reconciliation", None, None).await;
    assert_eq!(report["follow_ups"]["still_unknown"], json!(1), "{report}");
    let (_, unsettled) = get_json(app, "/v1/follow-ups/unsettled").await;
    assert_eq!(unsettled[0]["settle_by_hand"], json!(true), "{unsettled}");
    let (status, blocked) = post(app, &format!("{path}/release"), None, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{blocked}");

    let other = other["capture_id"]
        .as_u64()
        .expect("the other capture's id");
    let ours = capture_other_than(app, id, other).await;
    for (body, why) in [
        (json!({ "outcome": "done" }), "a capture names its capture"),
        (
            json!({ "outcome": "done", "upstream_id": other.to_string() }),
            "not a capture of this follow-up's",
        ),
        (
            json!({ "outcome": "not_done", "upstream_id": ours }),
            "not done names nothing",
        ),
    ] {
        let (status, refused) = settle_as(app, &settle, body).await;
        assert_eq!(
            (status, &refused["param"]),
            (StatusCode::BAD_REQUEST, &json!("upstream_id")),
            "{why}: {refused}"
        );
    }
    let done = json!({ "outcome": "done", "upstream_id": ours });
    let (status, settled) = settle_as(app, &settle, done.clone()).await;
    assert_eq!(
        (status, &settled["state"], &settled["upstream_id"]),
        (StatusCode::OK, &json!("approved"), &json!(ours)),
        "{settled}"
    );
    assert_eq!(settle_as(app, &settle, done).await, (status, settled));
    let (status, opposite) = settle_as(app, &settle, json!({ "outcome": "not_done" })).await;
    assert_eq!(
        (status, &opposite["code"]),
        (StatusCode::CONFLICT, &json!("already_settled")),
        "{opposite}"
    );
    assert_eq!(get_json(app, "/v1/follow-ups/unsettled").await.1, json!([]));
    let (status, released) = post(app, &format!("{path}/release"), None, None).await;
    assert_eq!(
        (status, &released["amount_remaining"]),
        (StatusCode::OK, &json!(0)),
        "{released}"
    );

    let (status, malformed) = settle_as(app, &settle, json!({ "outcome": "maybe" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{malformed}");
    let missing = settle_as(
        app,
        "/v1/follow-ups/nothing-1/settle",
        json!({ "outcome": "done" }),
    )
    .await;
    assert_eq!(
        (missing.0, &missing.1["param"]),
        (StatusCode::NOT_FOUND, &json!("reference"))
    );
}

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = app
        .merchant(Method::GET, path)
        .send()
        .await
        .expect("answered");
    (response.status(), response.json().await.expect("JSON"))
}

async fn settle_as(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app.merchant(Method::POST, path).json(&body).send().await;
    let response = response.expect("answered");
    (response.status(), response.json().await.expect("JSON"))
}

/// The id of the capture of authorization `id` that is not `other`.
async fn capture_other_than(app: &TestApp, id: u64, other: u64) -> String {
    let shown = merchant_get(app, &format!("/v1/flexiti/authorizations/{id}")).await;
    let captures = shown["captures"].as_array().cloned().unwrap_or_default();
    captures
        .iter()
        .filter_map(|capture| capture["id"].as_u64())
        .find(|capture| *capture != other)
        .expect("our capture")
        .to_string()
}
