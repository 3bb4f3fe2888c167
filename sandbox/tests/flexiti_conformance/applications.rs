//! Credit applications: `widget/init`, `apply` and their validations.

use reqwest::StatusCode;
use serde_json::{Value, json};

#[allow(clippy::wildcard_imports)]
use crate::walk::*;
use std::collections::BTreeSet;

/// The docs' `apply` example, with its ID expiry moved into the future.
pub(crate) fn docs_application() -> Value {
    json!({ "amount_requested": 5000, "phone_number": "5551231231", "language": "en-CA", "salutation": "mr",
        "first_name": "John", "middle_name": "Grey", "last_name": "Doe", "dob": "1990-01-01",
        "address_1": "123 Any Street", "address_2": "Apt C", "govid_expiry": "2099-12-12", "city": "Montreal",
        "province": "QC", "postal_code": "A1A0H1", "govid_type": "CAP", "monthly_housing_expenses": 1000,
        "govid_issuedby": "CANADA", "govid_number": "ab121212", "input_type": "manual", "personal_income": 123123,
        "household_income": 223123, "housing_type": "Rent", "email": "email@address.com", "occupation_id": "FE",
        "occupation_title": "Baker", "employer_name": "Tasty Bakery", "employer_phone": "1231231231",
        "sin": "123123123", "security_qid": "8", "security_answer": "Horse", "piw": "Cloud", "tos_agreement": true })
}

pub(crate) fn applicant(changes: Value) -> Value {
    let mut body = docs_application();
    for (key, value) in changes.as_object().cloned().unwrap_or_default() {
        if value.is_null() {
            body.as_object_mut().map(|map| map.remove(&key));
        } else {
            body[key] = value;
        }
    }
    body
}

pub(crate) async fn credit_applications(walk: &mut Walk) {
    let (status, approved) = walk.post("POST apply", "apply", docs_application()).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(
        approved["vcc_number"], 6_374_980_100_408_234_u64,
        "the docs' example answer"
    );
    assert_eq!(
        (
            approved["account_number"].clone(),
            approved["customer_id"].clone()
        ),
        (json!(20_035_156), json!(43_353))
    );
    assert_eq!(
        (
            approved["credit_limit"].clone(),
            approved["available_credit"].clone()
        ),
        (json!(5000), json!(5000))
    );
    assert!(
        approved["offer_types"].is_array() && approved["debt_ratio"].is_number(),
        "Quebec: {approved}"
    );

    let ontario = applicant(
        json!({ "first_name": "Olivia", "province": "ON", "city": "Toronto", "postal_code": "M5V 2T6", "monthly_housing_expenses": null }),
    );
    let (status, answer) = walk.post("POST apply", "apply", ontario).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(
        answer.get("debt_ratio").is_none() && answer.get("offer_types").is_none(),
        "rest of Canada: {answer}"
    );

    let again = walk.post("POST apply", "apply", docs_application()).await;
    Walk::refused(&again, StatusCode::CONFLICT, "customer_already_exists");
    let no_tos = walk
        .post(
            "POST apply",
            "apply",
            applicant(json!({ "first_name": "T", "tos_agreement": false })),
        )
        .await;
    Walk::refused(&no_tos, StatusCode::CONFLICT, "tos_agreement_required");
    for (last_name, error) in [
        ("Declined", "application_declined"),
        ("Declined Two", "application_declined_2"),
        ("Declined Three", "application_declined_3"),
        ("Pending One", "application_marked_pending_1"),
        ("Pending Two", "application_marked_pending_2"),
        ("Timeout", "application_create_error"),
    ] {
        let answer = walk
            .post(
                "POST apply",
                "apply",
                applicant(json!({ "last_name": last_name })),
            )
            .await;
        Walk::refused(&answer, StatusCode::CONFLICT, error);
    }
    let elsewhere = walk
        .post(
            "POST apply",
            "apply",
            applicant(json!({ "first_name": "E", "external_location_id": "999" })),
        )
        .await;
    Walk::refused(
        &elsewhere,
        StatusCode::CONFLICT,
        "external_location_id_not_found",
    );
}

pub(crate) async fn application_validations(walk: &mut Walk) {
    // Quebec makes monthly housing expenses required; each other rule type once.
    let body = applicant(
        json!({ "first_name": "Q", "monthly_housing_expenses": null, "email": "johndoe@",
        "phone_number": "555123", "sin": "12a", "salutation": "dr", "govid_expiry": "2001-01-01",
        "govid_issuedby": "ON", "amount_requested": "12,50", "last_name": "x".repeat(51) }),
    );
    let answer = walk.post("POST apply", "apply", body).await;
    Walk::refused(&answer, StatusCode::CONFLICT, "wrong_inputs");
    let found: BTreeSet<(String, String)> = answer.1["field_errors"]
        .as_array()
        .expect("field_errors")
        .iter()
        .map(|error| {
            (
                error["param"].as_str().unwrap_or_default().to_owned(),
                error["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (param, kind) in [
        ("monthly_housing_expenses", "required"),
        ("email", "invalid"),
        ("phone_number", "length"),
        ("sin", "type"),
        ("salutation", "invalid"),
        ("govid_expiry", "invalid"),
        ("govid_issuedby", "invalid"),
        ("amount_requested", "invalid"),
        ("last_name", "length"),
    ] {
        assert!(
            found.contains(&(param.to_owned(), kind.to_owned())),
            "{param} {kind} missing from {}",
            answer.1
        );
    }
    assert_eq!(found.len(), 9, "no other field is at fault: {}", answer.1);

    let (status, session) = walk
        .post(
            "POST widget/init",
            "widget/init",
            json!({ "first_name": "Wendy", "dob": "1991-01-01" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let id = session["widget_session_id"].clone();
    let differs = applicant(
        json!({ "first_name": "Wanda", "dob": "1991-01-01", "widget_session_id": id.clone() }),
    );
    Walk::refused(
        &walk.post("POST apply", "apply", differs).await,
        StatusCode::CONFLICT,
        "not_verified",
    );
    let same =
        applicant(json!({ "first_name": "Wendy", "dob": "1991-01-01", "widget_session_id": id }));
    assert_eq!(
        walk.post("POST apply", "apply", same).await.0,
        StatusCode::OK
    );
}
