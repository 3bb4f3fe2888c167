//! The security envelope's limits, each set low by configuration so a test reaches it: the body
//! size (413 `request_too_large`), the request time (504 `timed_out`, answered within the limit
//! and a second), and the rate of costly actions and of the reads that cost a Flexiti call (429
//! `too_many_requests` with `Retry-After`, in the session's language), per session and per
//! address.

use std::{
    net::IpAddr,
    time::{Duration, Instant},
};

use proxy::{
    config::RateLimitConfig,
    testing::{TestApp, test_config},
};
use reqwest::{StatusCode, header};
use sandbox::{FLEXITI_BASE_PATH, SandboxConfig, faults::Fault};
use serde_json::{Value, json};
use shared::{ErrorCode, Locale, paths};

fn card() -> Value {
    json!({ "number": "4000000000000002", "expiry_month": 6, "expiry_year": 2035, "cvc": "123",
        "holder_name": "Jane Roe", "city": "Toronto", "postal_code": "M5M 1M1", "revision": 0 })
}

async fn limited(per_session: u32, per_address: u32) -> TestApp {
    limited_behind(per_session, per_address, Vec::new()).await
}

async fn limited_behind(
    per_session: u32,
    per_address: u32,
    trusted_proxies: Vec<IpAddr>,
) -> TestApp {
    let mut config = test_config(None);
    config.rate_limit = RateLimitConfig {
        per_session,
        per_address,
        trusted_proxies,
        ..RateLimitConfig::DEFAULT
    };
    TestApp::launch(config, SandboxConfig::default()).await
}

/// A proxy whose reads are limited to `reads_per_session` and `reads_per_address`, its costly
/// actions as by default.
async fn reads_limited(reads_per_session: u32, reads_per_address: u32) -> TestApp {
    let mut config = test_config(None);
    config.rate_limit = RateLimitConfig {
        reads_per_session,
        reads_per_address,
        ..RateLimitConfig::DEFAULT
    };
    TestApp::launch(config, SandboxConfig::default()).await
}

/// A widget `GET` of `path` in the session of `token`: the answer's status, `Retry-After`, and
/// body.
async fn read(app: &TestApp, path: &str, token: &str) -> (StatusCode, Option<u64>, Value) {
    answered(app.widget_get(path, token)).await
}

/// Sends `request`: the answer's status, `Retry-After` in seconds, and body.
async fn answered(request: reqwest::RequestBuilder) -> (StatusCode, Option<u64>, Value) {
    let answer = request.send().await.expect("answered");
    let retry_after = answer
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok()?.parse().ok());
    (
        answer.status(),
        retry_after,
        answer.json().await.expect("JSON"),
    )
}

/// Pays by card in the session of `token`: the answer's status, `Retry-After`, and body.
async fn pay(app: &TestApp, token: &str) -> (StatusCode, Option<u64>, Value) {
    pay_from(app, token, None).await
}

/// As [`pay`], through a balancer that says the shopper is at `forwarded_for`.
async fn pay_from(
    app: &TestApp,
    token: &str,
    forwarded_for: Option<&str>,
) -> (StatusCode, Option<u64>, Value) {
    let mut request = app
        .widget_request(reqwest::Method::POST, paths::CARD_PAYMENT, token)
        .json(&card());
    if let Some(address) = forwarded_for {
        request = request.header("X-Forwarded-For", address);
    }
    answered(request).await
}

#[tokio::test]
async fn a_session_that_pays_too_often_is_told_to_wait_in_its_language() {
    let app = limited(2, 0).await;
    for (tag, locale) in [("en-CA", Locale::EnCa), ("fr-CA", Locale::FrCa)] {
        let (_, token) = app.open_session(100, tag).await;
        for attempt in 0..2 {
            let (status, _, body) = pay(&app, &token).await;
            assert_eq!(status, StatusCode::OK, "{tag} attempt {attempt}: {body}");
        }
        let (status, retry_after, body) = pay(&app, &token).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{tag}: {body}");
        assert_eq!(body["code"], "too_many_requests");
        assert_eq!(body["message"], ErrorCode::TooManyRequests.message(locale));
        assert_eq!(
            (body["retryable"].clone(), body["next_step"].clone()),
            (json!(true), json!("wait"))
        );
        let seconds = retry_after.expect("Retry-After in seconds");
        assert!((1..=300).contains(&seconds), "{seconds}");
    }
}

#[tokio::test]
async fn one_address_opening_many_sessions_is_limited_too() {
    let app = limited(0, 2).await;
    for _ in 0..2 {
        let token = app.client_token().await;
        assert_eq!(pay(&app, &token).await.0, StatusCode::OK);
    }
    let token = app.client_token().await;
    let (status, retry_after, body) = pay(&app, &token).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(retry_after.is_some());
}

#[tokio::test]
async fn behind_a_trusted_balancer_each_shopper_is_counted_apart_and_forgers_are_not() {
    let balanced = limited_behind(0, 1, vec![IpAddr::from([127, 0, 0, 1])]).await;
    let first = balanced.client_token().await;
    let status = pay_from(&balanced, &first, Some("203.0.113.1")).await.0;
    assert_eq!(status, StatusCode::OK);
    let same_shopper = balanced.client_token().await;
    let status = pay_from(&balanced, &same_shopper, Some("203.0.113.1"))
        .await
        .0;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let other_shopper = balanced.client_token().await;
    let status = pay_from(&balanced, &other_shopper, Some("203.0.113.2"))
        .await
        .0;
    assert_eq!(
        status,
        StatusCode::OK,
        "a second shopper behind the same balancer"
    );

    let direct = limited(0, 1).await;
    let first = direct.client_token().await;
    assert_eq!(
        pay_from(&direct, &first, Some("203.0.113.1")).await.0,
        StatusCode::OK
    );
    let forger = direct.client_token().await;
    let status = pay_from(&direct, &forger, Some("203.0.113.99")).await.0;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "an untrusted peer's header is not believed"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_in_our_shape() {
    let app = TestApp::spawn().await;
    let huge = json!({ "amount": 100, "order_id": "x".repeat(100 * 1024),
        "allowed_origins": ["https://shop.example"] });
    let (status, body) = app.create_session(&huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "request_too_large");
    let token = app.client_token().await;
    let (status, body) = app
        .widget_post(
            paths::APPLICATIONS,
            &token,
            &json!({ "padding": "x".repeat(100 * 1024) }),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "request_too_large");
}

#[tokio::test]
async fn a_request_slower_than_the_limit_is_answered_in_time_in_the_sessions_language() {
    let mut config = test_config(None);
    config.request_timeout_ms = 500;
    config.upstream_timeout_ms = 5_000;
    let app = TestApp::launch(config, SandboxConfig::default()).await;
    let (_, token) = app.open_session(100, "fr-CA").await;
    let slow: Fault = "latency=3000".parse().expect("a fault");
    let login = format!("{FLEXITI_BASE_PATH}/client-id/flexitidemo/merchants/login");
    app.sandbox().faults().inject(&login, slow, Some(1));
    let started = Instant::now();
    let answer = app
        .widget_get(&format!("{}?locale=fr-CA", paths::FORM_CONFIG), &token)
        .send()
        .await
        .expect("answered");
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(1_500),
        "answered after {took:?}"
    );
    assert_eq!(answer.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(answer.headers().contains_key("x-request-id"));
    let body: Value = answer.json().await.expect("our error shape");
    assert_eq!(body["code"], "timed_out");
    assert_eq!(body["message"], ErrorCode::TimedOut.message(Locale::FrCa));
}

#[tokio::test]
async fn a_session_that_reads_too_often_is_told_to_wait_and_may_still_pay() {
    let app = reads_limited(3, 0).await;
    for (tag, locale) in [("en-CA", Locale::EnCa), ("fr-CA", Locale::FrCa)] {
        let (_, token) = app.open_session(100, tag).await;
        // The form's choices, the terms and the disclosures share one allowance.
        for path in [
            paths::FORM_CONFIG,
            &format!("{}?province=QC", paths::TERMS),
            paths::DISCLOSURES,
        ] {
            let (status, _, body) = read(&app, path, &token).await;
            assert_eq!(status, StatusCode::OK, "{tag} {path}: {body}");
        }
        let (status, retry_after, body) = read(&app, paths::FORM_CONFIG, &token).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{tag}: {body}");
        assert_eq!(body["code"], "too_many_requests");
        assert_eq!(body["message"], ErrorCode::TooManyRequests.message(locale));
        let seconds = retry_after.expect("Retry-After in seconds");
        assert!((1..=200).contains(&seconds), "{seconds}");
        let (status, _, body) = pay(&app, &token).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{tag}: paying is counted apart: {body}"
        );
    }
}

#[tokio::test]
async fn a_plans_price_is_a_read_and_many_sessions_from_one_address_share_a_limit() {
    let app = reads_limited(0, 2).await;
    let token = app.client_token().await;
    crate::helpers::find_and_verify_jane(&app, &token).await;
    let plan = json!({ "plan_id": "4", "term": 18 });
    for _ in 0..2 {
        let (status, quote) = app.widget_post(paths::ACCOUNT_QUOTE, &token, &plan).await;
        assert_eq!(status, StatusCode::OK, "{quote}");
    }
    let (status, body) = app.widget_post(paths::ACCOUNT_QUOTE, &token, &plan).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let other = app.client_token().await;
    let (status, _, body) = read(&app, paths::FORM_CONFIG, &other).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "another session from the same address: {body}"
    );
}

#[tokio::test]
async fn a_closed_session_is_told_so_and_its_reads_count_nothing() {
    let app = reads_limited(1, 0).await;
    let token = app.client_token().await;
    let mut approved = card();
    approved["number"] = json!("4242424242424242");
    let (status, paid) = app
        .widget_post(paths::CARD_PAYMENT, &token, &approved)
        .await;
    assert_eq!(
        paid["outcome"]["class"],
        json!("approved"),
        "{status}: {paid}"
    );
    // A plan's price, read from the session's row (a `GET` may be served a second-old copy).
    let plan = json!({ "plan_id": "4", "term": 18 });
    for attempt in 0..3 {
        let (status, body) = app.widget_post(paths::ACCOUNT_QUOTE, &token, &plan).await;
        assert_eq!(
            (status, &body["code"]),
            (StatusCode::CONFLICT, &json!("session_closed")),
            "read {attempt} after paying: {body}"
        );
    }
}
