//! How an authorization's state and age decide what may still be done with it: a regular
//! purchase cannot be returned like a promotional one, an account closed since the hold leaves
//! the hold `unauthorized`, and a capture older than 100 days cannot be returned. Each runs on a
//! sandbox of its own, since each changes a test customer for good.

use reqwest::StatusCode;
use sandbox::{CLOCK_PATH, SandboxConfig};
use serde_json::{Value, json};

#[allow(clippy::wildcard_imports)]
use crate::walk::*;

/// A fresh sandbox where `customer_id` is verified and holds `hold`: the authorization's id.
async fn held(customer_id: u64, hold: Value) -> (Walk, u64) {
    let mut walk = Walk::start(SandboxConfig::default()).await;
    let (status, _) = walk
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{customer_id}/verify"),
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, held) = walk.post("POST authorization", "authorization", hold).await;
    assert_eq!(status, StatusCode::OK, "{held}");
    let id = held["authorization_id"].as_u64().expect("an id");
    (walk, id)
}

/// Captures `amount` of authorization `id`: the capture's id.
async fn captured(walk: &mut Walk, id: u64, amount: u32) -> u64 {
    let (status, capture) = walk
        .post(
            "POST authorization/{id}/capture",
            &format!("authorization/{id}/capture"),
            json!({ "amount": amount }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{capture}");
    capture["capture_id"].as_u64().expect("a capture id")
}

pub(crate) async fn authorization_states(walk: &mut Walk) {
    for mut finished in [
        regular_purchase().await,
        closed_account().await,
        old_capture().await,
    ] {
        walk.errors.append(&mut finished.errors);
    }
}

/// A hold with `plan_id` `0` is a regular purchase: held and captured, but not returned here.
async fn regular_purchase() -> Walk {
    let hold = json!({ "amount": 120, "plan_id": "0", "vcc_number": JANE_VCC });
    let (mut walk, id) = held(JANE_ID, hold).await;
    let capture_id = captured(&mut walk, id, 120).await;
    let answer = walk
        .post(
            "POST authorization/{id}/capture/{id}/return",
            &format!("authorization/{id}/capture/{capture_id}/return"),
            json!({ "amount": 10 }),
        )
        .await;
    Walk::refused(&answer, StatusCode::CONFLICT, "wrong_transaction_type");
    walk
}

/// Marie closes her (Quebec) account while a hold is open: the hold is `unauthorized`.
async fn closed_account() -> Walk {
    let hold = json!({ "amount": 200, "plan_id": "4", "term": "18", "customer_id": MARIE_ID });
    let (mut walk, id) = held(MARIE_ID, hold).await;
    let (status, _) = walk
        .post(
            "POST customers/close-account",
            "customers/close-account",
            json!({ "account_number": MARIE_ACCOUNT }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = walk
        .get("GET authorization/{id}", &format!("authorization/{id}"))
        .await;
    assert_eq!(shown["status"], json!("unauthorized"));
    for action in ["capture", "release"] {
        let answer = walk
            .post(
                "POST authorization/{id}/capture",
                &format!("authorization/{id}/{action}"),
                json!({ "amount": 50 }),
            )
            .await;
        Walk::refused(&answer, StatusCode::CONFLICT, "authorization_unauthorized");
    }
    walk
}

/// A capture can be returned for 100 days: the sandbox's clock moves 101 days ahead.
async fn old_capture() -> Walk {
    let hold = json!({ "amount": 300, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC });
    let (mut walk, id) = held(JANE_ID, hold).await;
    let capture_id = captured(&mut walk, id, 300).await;
    let ret = format!("authorization/{id}/capture/{capture_id}/return");
    let endpoint = "POST authorization/{id}/capture/{id}/return";
    let (status, _) = walk.post(endpoint, &ret, json!({ "amount": 1 })).await;
    assert_eq!(status, StatusCode::OK, "a fresh capture can be returned");
    let clock = walk
        .http
        .post(format!("http://{}{CLOCK_PATH}", walk.running.addr))
        .json(&json!({ "advance_days": 101 }))
        .send()
        .await
        .expect("an answer");
    assert_eq!(clock.status(), StatusCode::NO_CONTENT);
    let answer = walk.post(endpoint, &ret, json!({ "amount": 1 })).await;
    Walk::refused(&answer, StatusCode::CONFLICT, "return_date_exceeded");
    walk
}
