//! Finding and verifying customers.

use reqwest::StatusCode;
use sandbox::flexiti::SENT_VERIFICATION_CODE;
use serde_json::json;

#[allow(clippy::wildcard_imports)]
use crate::walk::*;

pub(crate) async fn finding_customers(walk: &mut Walk) {
    let (status, jane) = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={JANE_VCC}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{jane}");
    assert_eq!(
        (
            jane["customer_id"].clone(),
            jane["available_credit"].clone()
        ),
        (json!(JANE_ID), json!(5000))
    );
    assert_eq!(
        jane["security_qid"][0]["text"],
        "What is the name of your favourite childhood friend?"
    );
    assert_eq!(jane["preferred_language"], "EN_CA");
    let (status, marie) =
        walk.get("GET customers/lookup", "customers/lookup?first_name=Marie&last_name=Tremblay&dob=1985-06-15&postal_code=H2J%202L1&lang=fr").await;
    assert_eq!(
        (status, marie["customer_id"].clone()),
        (StatusCode::OK, json!(MARIE_ID)),
        "{marie}"
    );
    assert_eq!(
        marie["security_qid"][0]["text"],
        "Quel a été le premier concert auquel vous avez assisté?"
    );

    let missing = walk
        .get(
            "GET customers/lookup",
            "customers/lookup?vcc_number=6374980399999999",
        )
        .await;
    Walk::refused(&missing, StatusCode::NOT_FOUND, "not_found");
    let inactive = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={ALEX_VCC}"),
        )
        .await;
    Walk::refused(&inactive, StatusCode::CONFLICT, "user_not_active");
    let frozen = walk
        .get(
            "GET customers/lookup",
            &format!("customers/lookup?vcc_number={DAVID_FROZEN_VCC}"),
        )
        .await;
    Walk::refused(&frozen, StatusCode::CONFLICT, "user_not_able_to_purchase");
    let bad = walk
        .get("GET customers/lookup", "customers/lookup?vcc_number=12ab")
        .await;
    Walk::refused(&bad, StatusCode::CONFLICT, "wrong_inputs");

    let (status, found) = walk
        .get(
            "GET customers/search",
            "customers/search?first_name=David&last_name=Morley&dob=1980-02-02",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let statuses: Vec<&str> = found
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|account| account["account_status"].as_str())
        .collect();
    assert_eq!(statuses, ["N", "F"], "{found}");
    assert_eq!(
        (
            found[0]["available_credit"].clone(),
            found[0]["card_ending_in"].clone()
        ),
        (json!("659.51"), json!("5941"))
    );
    let nobody = walk
        .get(
            "GET customers/search",
            "customers/search?first_name=No&last_name=Body&dob=1980-02-02",
        )
        .await;
    Walk::refused(&nobody, StatusCode::NOT_FOUND, "not_found");
}

pub(crate) async fn verifying(walk: &mut Walk) {
    let path = format!("customers/{JANE_ID}/verify");
    let wrong =
        json!({ "format": "security_question", "security_qid": "4", "security_answer": "Rex" });
    for _ in 0..3 {
        Walk::refused(
            &walk
                .post("POST customers/{id}/verify", &path, wrong.clone())
                .await,
            StatusCode::CONFLICT,
            "secret_answer_mismatch",
        );
    }
    let right =
        json!({ "format": "security_question", "security_qid": "4", "security_answer": "buddy" });
    Walk::refused(
        &walk.post("POST customers/{id}/verify", &path, right).await,
        StatusCode::CONFLICT,
        "tries_exceed",
    );

    let marie = format!("customers/{MARIE_ID}/verify");
    let right = json!({ "format": "security_question", "security_qid": "6", "security_answer": " beau  dommage " });
    let (status, answer) = walk.post("POST customers/{id}/verify", &marie, right).await;
    assert!(
        status.is_success() && answer["verification_code"].is_number(),
        "{answer}"
    );
    let piw = json!({ "format": "sms", "piw": "Wrong" });
    Walk::refused(
        &walk.post("POST customers/{id}/verify", &marie, piw).await,
        StatusCode::CONFLICT,
        "piw_mismatch",
    );
    let (status, sms) = walk
        .post(
            "POST customers/{id}/verify",
            &marie,
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(
        (status, sms),
        (
            StatusCode::OK,
            json!({ "verification_code": "verification_sent_to_sms" })
        )
    );
    let (_, email) = walk
        .post(
            "POST customers/{id}/verify",
            &marie,
            json!({ "format": "email" }),
        )
        .await;
    assert_eq!(
        email,
        json!({ "verification_code": "verification_sent_to_email" })
    );
    let (_, code) = walk
        .post(
            "POST customers/{id}/verify",
            &marie,
            json!({ "format": "override" }),
        )
        .await;
    assert!(code["verification_code"].is_number(), "{code}");

    let sam = format!("customers/{SAM_ID}/verify");
    Walk::refused(
        &walk
            .post(
                "POST customers/{id}/verify",
                &sam,
                json!({ "format": "sms" }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "sms_not_valid_phone",
    );
    let no_email = walk
        .post(
            "POST customers/{id}/verify",
            &sam,
            json!({ "format": "email" }),
        )
        .await;
    assert_eq!(
        (no_email.0, no_email.1["error"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_input"))
    );
    assert_eq!(no_email.1["field_errors"][0]["param"], "email");
    Walk::refused(
        &walk
            .post(
                "POST customers/{id}/verify",
                "customers/1/verify",
                json!({ "format": "sms" }),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

/// Verifies Marie by SMS and returns the code the sandbox "sent".
pub(crate) async fn verified_marie(walk: &mut Walk) -> &'static str {
    let (status, _) = walk
        .post(
            "POST customers/{id}/verify",
            &format!("customers/{MARIE_ID}/verify"),
            json!({ "format": "sms" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    SENT_VERIFICATION_CODE
}
