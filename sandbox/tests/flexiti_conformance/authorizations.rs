//! Credit authorizations and their captures, releases and returns.

use reqwest::StatusCode;
use serde_json::json;

#[allow(clippy::wildcard_imports)]
use crate::{purchases::jane_available, walk::*};

pub(crate) async fn authorizing(walk: &mut Walk) {
    let hold = json!({ "amount": 500, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC });
    let unverified = walk
        .post("POST authorization", "authorization", hold.clone())
        .await;
    Walk::refused(
        &unverified,
        StatusCode::NOT_FOUND,
        "customer_identity_not_found",
    );
    let (status, _) = walk
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{JANE_ID}/verify"),
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mismatch = json!({ "amount": 500, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC, "account_number": 30_000_003 });
    Walk::refused(
        &walk
            .post("POST authorization", "authorization", mismatch)
            .await,
        StatusCode::CONFLICT,
        "vcc_account_mismatch",
    );
    let odd_term = json!({ "amount": 500, "plan_id": "4", "term": "7", "vcc_number": JANE_VCC });
    Walk::refused(
        &walk
            .post("POST authorization", "authorization", odd_term)
            .await,
        StatusCode::CONFLICT,
        "plan_term_not_available",
    );
    let too_much = json!({ "amount": 6000, "plan_id": "4", "term": "18", "vcc_number": JANE_VCC });
    Walk::refused(
        &walk
            .post("POST authorization", "authorization", too_much)
            .await,
        StatusCode::CONFLICT,
        "credit_exceeded",
    );
    let (status, held) = walk.post("POST authorization", "authorization", hold).await;
    assert_eq!(
        (status, held["status"].clone()),
        (StatusCode::OK, json!("open")),
        "{held}"
    );
    assert_eq!(
        jane_available(walk).await,
        json!(4500),
        "the held amount is not available"
    );
    let id = held["authorization_id"].as_u64().expect("an id");

    let (status, shown) = walk
        .get("GET authorization/{id}", &format!("authorization/{id}"))
        .await;
    assert_eq!(
        (status, shown["remaining_amount"].clone()),
        (StatusCode::OK, json!(500))
    );
    Walk::refused(
        &walk.get("GET authorization/{id}", "authorization/1").await,
        StatusCode::BAD_REQUEST,
        "not_found",
    );

    let capture = format!("authorization/{id}/capture");
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/capture",
                &capture,
                json!({ "amount": 600 }),
            )
            .await,
        StatusCode::CONFLICT,
        "auth_amount_exceeded",
    );
    let (status, captured) = walk
        .post(
            "POST authorization/{id}/capture",
            &capture,
            json!({ "amount": 300 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{captured}");
    let capture_id = captured["capture_id"].as_u64().expect("a capture id");
    let release = format!("authorization/{id}/release");
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/release",
                &release,
                json!({ "amount": 250 }),
            )
            .await,
        StatusCode::CONFLICT,
        "auth_amount_exceeded",
    );
    let (status, released) = walk
        .post(
            "POST authorization/{id}/release",
            &release,
            json!({ "full_release": true }),
        )
        .await;
    assert_eq!(
        (status, released["status"].clone()),
        (StatusCode::OK, json!("closed")),
        "{released}"
    );
    assert_eq!(
        jane_available(walk).await,
        json!(4700),
        "the released 200 is available again"
    );
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/capture",
                &capture,
                json!({ "amount": 1 }),
            )
            .await,
        StatusCode::CONFLICT,
        "authorization_ended",
    );
    Walk::refused(
        &walk
            .post(
                "POST authorization/{id}/release",
                &release,
                json!({ "amount": 1 }),
            )
            .await,
        StatusCode::CONFLICT,
        "authorization_ended",
    );

    let give_back = format!("authorization/{id}/capture/{capture_id}/return");
    let endpoint = "POST authorization/{id}/capture/{id}/return";
    Walk::refused(
        &walk
            .post(endpoint, &give_back, json!({ "amount": 400 }))
            .await,
        StatusCode::CONFLICT,
        "capture_amount_exceeded",
    );
    let (status, returned) = walk
        .post(endpoint, &give_back, json!({ "amount": 100 }))
        .await;
    assert_eq!(
        (status, returned["returned_amount"].clone()),
        (StatusCode::OK, json!(100)),
        "{returned}"
    );
    assert_eq!(jane_available(walk).await, json!(4800));

    let (status, listed) = walk.get("GET authorizations", "authorizations").await;
    assert_eq!(
        (status, listed["authorizations"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(1))
    );
    let backwards = walk
        .get(
            "GET authorizations",
            "authorizations?date_from=2026-02-01&date_to=2026-01-01",
        )
        .await;
    Walk::refused(
        &backwards,
        StatusCode::CONFLICT,
        "date_from_bigger_than_date_to",
    );
    let (status, captures) = walk
        .get("GET captures", "captures?date_from=2000-01-01")
        .await;
    assert_eq!(
        (status, captures["captures"][0]["capture_id"].as_u64()),
        (StatusCode::OK, Some(capture_id))
    );
    Walk::refused(
        &walk
            .get(
                "GET captures",
                "captures?date_from=2026-02-01&date_to=2026-01-01",
            )
            .await,
        StatusCode::CONFLICT,
        "date_from_bigger_than_date_to",
    );
}
