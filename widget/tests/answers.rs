//! The first screen's hand readers (`widget::answers`) against the serde bridge (`widget::json`):
//! for every answer below, both read the same thing, or both refuse it. Run with
//! `wasm-bindgen-test-runner` (`cargo xtask test` does), in Node.

#![cfg(target_arch = "wasm32")]

mod common;

use js_sys::JSON;
use shared::{
    ApiError, CheckoutView, Currency, ErrorCode, FieldError, Locale, NextStep, PaymentMethod,
    PaymentOutcome, SessionStatus, WireName,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use widget::{answers, json};

fn parse(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

/// A session's JSON with `field` written as `value` (`common::object_with`).
fn session_with(field: &str, value: Option<&str>) -> String {
    let fields = [
        ("amount_cents", "195700"),
        ("currency", r#""CAD""#),
        ("locale", r#""fr-CA""#),
        ("methods", r#"["card","flexiti_account"]"#),
        ("status", r#""open""#),
        ("revision", "3"),
        ("outcome", "null"),
        ("payment_in_progress", "false"),
        ("allowed_origins", r#"["https://shop.example"]"#),
    ];
    common::object_with(&fields, field, value)
}

fn both_read_the_session(text: &str) -> Option<CheckoutView> {
    let by_hand = answers::checkout_view(parse(text));
    assert_eq!(
        by_hand,
        json::from_value::<CheckoutView>(parse(text)),
        "{text}"
    );
    by_hand
}

fn both_read_the_error(text: &str) -> Option<ApiError> {
    let by_hand = answers::api_error(parse(text));
    assert_eq!(by_hand, json::from_value::<ApiError>(parse(text)), "{text}");
    by_hand
}

#[wasm_bindgen_test]
fn a_session_reads_the_same_by_hand_as_through_serde() {
    let read = both_read_the_session(&session_with("", None)).expect("a session");
    assert_eq!(read.amount_cents, 195_700);
    assert_eq!(read.locale, Locale::FrCa);
    for (field, value) in [
        ("outcome", None),
        (
            "outcome",
            Some(
                r#"{"method":"card","merchant_transaction_id":"m","transaction_id":"t","amount_cents":5}"#,
            ),
        ),
        (
            "outcome",
            Some(
                r#"{"method":"flexiti_account","transaction_id":"t","plan_name":"12 mois","term":12,"amount_cents":5,"monthly_payment_cents":1}"#,
            ),
        ),
        (
            "outcome",
            Some(
                r#"{"method":"flexiti_account","transaction_id":"t","plan_name":"p","term":null,"amount_cents":5,"monthly_payment_cents":1,"extra":[1]}"#,
            ),
        ),
        ("methods", Some("[]")),
        ("amount_cents", Some("9007199254740991")),
        ("revision", Some("4294967295")),
        ("unknown", Some(r#"{"nested":[1,2]}"#)),
    ] {
        let text = session_with(field, value);
        assert!(both_read_the_session(&text).is_some(), "{text}");
    }
}

#[wasm_bindgen_test]
fn a_session_of_another_shape_is_refused_by_both() {
    for (field, value) in [
        ("amount_cents", None),
        ("amount_cents", Some("1.5")),
        ("amount_cents", Some("-1")),
        ("amount_cents", Some(r#""100""#)),
        ("currency", Some(r#""EUR""#)),
        ("locale", Some(r#""fr""#)),
        ("methods", Some(r#"["card","cash"]"#)),
        ("methods", Some(r#""card""#)),
        ("status", Some(r#""paid""#)),
        ("revision", Some("4294967296")),
        ("outcome", Some(r#"{"method":"cash","amount_cents":5}"#)),
        (
            "outcome",
            Some(r#"{"method":"card","transaction_id":"t","amount_cents":5}"#),
        ),
        (
            "outcome",
            Some(
                r#"{"method":"flexiti_account","transaction_id":"t","plan_name":"p","term":1.5,"amount_cents":5,"monthly_payment_cents":1}"#,
            ),
        ),
        ("payment_in_progress", Some("0")),
        ("payment_in_progress", None),
        ("allowed_origins", Some("[1]")),
    ] {
        let text = session_with(field, value);
        assert_eq!(both_read_the_session(&text), None, "{text}");
    }
    for text in ["null", "[]", r#""open""#, "3"] {
        assert_eq!(both_read_the_session(text), None, "{text}");
    }
}

#[wasm_bindgen_test]
fn every_session_the_bridge_writes_is_read_back_by_hand() {
    let outcomes = [
        None,
        Some(PaymentOutcome::Card {
            merchant_transaction_id: "m-1".into(),
            transaction_id: "t-1".into(),
            last_four: Some("4242".into()),
            amount_cents: 1,
        }),
        Some(PaymentOutcome::FlexitiAccount {
            transaction_id: "t-2".into(),
            plan_name: "Égal paiement".into(),
            term: Some(24),
            amount_cents: 2,
            monthly_payment_cents: 3,
        }),
    ];
    for (index, outcome) in outcomes.into_iter().enumerate() {
        for &status in SessionStatus::VALUES {
            let session = CheckoutView {
                amount_cents: 123_456,
                currency: Currency::VALUES[index % 2],
                locale: Locale::VALUES[index % 2],
                methods: PaymentMethod::ALL[index..].to_vec(),
                status,
                revision: u32::try_from(index).expect("small"),
                outcome: outcome.clone(),
                payment_in_progress: index == 1,
                allowed_origins: vec!["https://a.example".into(), "https://b.example".into()],
            };
            let written = json::to_value(&session).expect("written");
            assert_eq!(answers::checkout_view(written), Some(session));
        }
    }
}

#[wasm_bindgen_test]
fn a_refusal_reads_the_same_by_hand_as_through_serde() {
    for &code in ErrorCode::ALL {
        let error = ApiError::new(code, Locale::FrCa);
        let written = json::to_value(&error).expect("written");
        assert_eq!(answers::api_error(written), Some(error));
    }
    let with_fields = both_read_the_error(
        r#"{"code":"invalid_request","message":"M","retryable":false,"next_step":"check_details",
            "param":"dob","fields":[{"field":"dob","message":"Too young"}]}"#,
    )
    .expect("an error");
    assert_eq!(with_fields.next_step, NextStep::CheckDetails);
    assert_eq!(with_fields.param.as_deref(), Some("dob"));
    assert_eq!(
        with_fields.fields,
        vec![FieldError {
            field: "dob".into(),
            message: "Too young".into()
        }]
    );
    let bare = both_read_the_error(
        r#"{"code":"session_expired","message":"M","retryable":false,"next_step":"start_again","param":null}"#,
    )
    .expect("an error");
    assert_eq!((bare.param, bare.fields), (None, Vec::new()));
}

#[wasm_bindgen_test]
fn a_refusal_of_another_shape_is_refused_by_both() {
    for text in [
        r#"{"code":"no_such_code","message":"M","retryable":false,"next_step":"nothing"}"#,
        r#"{"code":"not_found","message":"M","retryable":"no","next_step":"nothing"}"#,
        r#"{"code":"not_found","message":"M","retryable":false,"next_step":"later"}"#,
        r#"{"code":"not_found","message":"M","retryable":false,"next_step":"nothing","fields":[{"field":"dob"}]}"#,
        r#"{"code":"not_found","message":"M","retryable":false,"next_step":"nothing","fields":{}}"#,
        r#"{"code":"not_found","retryable":false,"next_step":"nothing"}"#,
        r#"{"error":"Bad Gateway"}"#,
        "null",
        r#""not_found""#,
    ] {
        assert_eq!(both_read_the_error(text), None, "{text}");
    }
}
