//! How the proxy behaves when Flexiti misbehaves (the sandbox's fault injection): one token
//! renewal however many callers find it expired, one retry after a refused token, and a clean
//! catalogue error, with no upstream text, for every broken answer.

use std::time::Duration;

use reqwest::StatusCode;
use sandbox::{FLEXITI_BASE_PATH, SandboxConfig, faults::Fault};
use serde_json::Value;

use crate::helpers::Shopper;

const FORM: &str = "/api/v1/form-config?locale=en-CA";
const LOGIN: &str = "/client-id/flexitidemo/merchants/login";

fn fault(shopper: &Shopper, path: &str, fault: &str, times: Option<u32>) {
    let fault: Fault = fault.parse().expect("a fault");
    shopper
        .app
        .sandbox()
        .faults()
        .inject(&format!("{FLEXITI_BASE_PATH}{path}"), fault, times);
}

#[tokio::test]
async fn a_hundred_callers_finding_the_token_expired_cause_one_renewal() {
    let lifetime = Duration::from_secs(2);
    let shopper = Shopper::start(SandboxConfig {
        token_lifetime: lifetime,
        ..SandboxConfig::default()
    })
    .await;
    assert_eq!(shopper.get(FORM).await.status(), StatusCode::OK);
    assert_eq!(shopper.app.sandbox().token_requests(), 1);
    tokio::time::sleep(lifetime + Duration::from_millis(200)).await;
    let calls: Vec<_> = (0..100)
        .map(|_| tokio::spawn(shopper.app.widget_get(FORM, &shopper.token).send()))
        .collect();
    for call in calls {
        let answer = call.await.expect("joined").expect("answered");
        assert_eq!(answer.status(), StatusCode::OK);
    }
    assert_eq!(
        shopper.app.sandbox().token_requests(),
        2,
        "one renewal for 100 callers"
    );
}

#[tokio::test]
async fn a_token_refused_once_is_renewed_and_the_call_retried() {
    let shopper = Shopper::start(SandboxConfig::default()).await;
    assert_eq!(shopper.get(FORM).await.status(), StatusCode::OK);
    fault(&shopper, LOGIN, "status=401", Some(1));
    assert_eq!(shopper.get(FORM).await.status(), StatusCode::OK);
    assert_eq!(shopper.app.sandbox().token_requests(), 2, "one renewal");
}

#[tokio::test]
async fn a_token_refused_twice_is_a_clean_error_after_two_attempts() {
    let shopper = Shopper::start(SandboxConfig::default()).await;
    fault(&shopper, LOGIN, "status=401", None);
    let answer = shopper.get(FORM).await;
    assert_eq!(answer.status(), StatusCode::BAD_GATEWAY);
    let body: Value = answer.json().await.expect("JSON");
    assert_eq!(body["code"], "not_available_here");
    assert_eq!(
        shopper.app.sandbox().token_requests(),
        2,
        "the first token and one renewal, then no more"
    );
}

#[tokio::test]
async fn broken_answers_become_catalogue_errors_with_no_upstream_text() {
    let shopper = Shopper::start(SandboxConfig::default()).await;
    for (broken, status, code) in [
        ("malformed", StatusCode::BAD_GATEWAY, "upstream_error"),
        ("html", StatusCode::BAD_GATEWAY, "upstream_error"),
        ("truncate", StatusCode::BAD_GATEWAY, "upstream_error"),
        (
            "status=500",
            StatusCode::SERVICE_UNAVAILABLE,
            "upstream_unavailable",
        ),
        (
            "status=503",
            StatusCode::SERVICE_UNAVAILABLE,
            "upstream_unavailable",
        ),
        (
            "reset",
            StatusCode::SERVICE_UNAVAILABLE,
            "upstream_unavailable",
        ),
    ] {
        fault(&shopper, LOGIN, broken, Some(1));
        let answer = shopper.get(FORM).await;
        assert_eq!(answer.status(), status, "{broken}");
        let text = answer.text().await.expect("a body");
        let body: Value = serde_json::from_str(&text).expect("our JSON shape");
        assert_eq!(body["code"], code, "{broken}: {text}");
        let keys: Vec<&String> = body.as_object().expect("an object").keys().collect();
        assert_eq!(
            keys,
            ["code", "message", "retryable", "next_step"],
            "{broken}: {text}"
        );
        for upstream_word in ["html", "<", "flexiti.", "sandbox", "502 Bad Gateway"] {
            assert!(!text.contains(upstream_word), "{broken}: {text}");
        }
        assert_eq!(shopper.get(FORM).await.status(), StatusCode::OK, "recovers");
    }
}
