//! The widget's JSON bridge (`widget::json`) against the JSON the proxy writes and reads: run
//! with `wasm-bindgen-test-runner` (`cargo xtask test` does), in Node.

#![cfg(target_arch = "wasm32")]

use js_sys::JSON;
use shared::{
    AccountLookup, ApiError, CheckoutView, Currency, ErrorCode, EventMessage, Locale, NextStep,
    PaymentMethod, PaymentOutcome, SessionStatus, VerifyResult, WidgetEvent,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use widget::json::{from_value, to_value};

fn parse(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).expect("JSON").into()
}

#[wasm_bindgen_test]
fn a_session_with_a_tagged_outcome_is_read() {
    let text = r#"{"amount_cents":195700,"currency":"CAD","locale":"fr-CA",
        "methods":["card","flexiti_account"],"status":"completed","revision":3,
        "outcome":{"method":"card","merchant_transaction_id":"m-1","transaction_id":"t-1",
        "last_four":null,"amount_cents":195700},"payment_in_progress":false,
        "allowed_origins":["https://shop.example"],"unknown_field":[1,{"a":2}]}"#;
    let session: CheckoutView = from_value(parse(text)).expect("a session");
    assert_eq!(
        session,
        CheckoutView {
            amount_cents: 195_700,
            currency: Currency::Cad,
            locale: Locale::FrCa,
            methods: vec![PaymentMethod::Card, PaymentMethod::FlexitiAccount],
            status: SessionStatus::Completed,
            revision: 3,
            outcome: Some(PaymentOutcome::Card {
                merchant_transaction_id: "m-1".into(),
                transaction_id: "t-1".into(),
                last_four: None,
                amount_cents: 195_700,
            }),
            payment_in_progress: false,
            allowed_origins: vec!["https://shop.example".into()],
        }
    );
}

#[wasm_bindgen_test]
fn an_error_without_its_optional_fields_is_read() {
    let text =
        r#"{"code":"session_expired","message":"M","retryable":false,"next_step":"start_again"}"#;
    let error: ApiError = from_value(parse(text)).expect("an error");
    assert_eq!(error.code, ErrorCode::SessionExpired);
    assert_eq!(error.next_step, NextStep::StartAgain);
    assert_eq!((error.param, error.fields), (None, Vec::new()));
}

#[wasm_bindgen_test]
fn a_value_of_another_shape_is_not_read() {
    for text in [
        r#"{"status":"code_sent"}"#,
        r#"{"status":"unknown"}"#,
        r#"{"code":"session_expired"}"#,
        r#""verified""#,
        "null",
        "[]",
    ] {
        assert_eq!(from_value::<VerifyResult>(parse(text)), None, "{text}");
    }
    assert_eq!(
        from_value::<CheckoutView>(parse(r#"{"amount_cents":1.5}"#)),
        None
    );
    assert_eq!(from_value::<u32>(parse("4294967296")), None);
    assert_eq!(from_value::<u64>(parse("-1")), None);
    assert_eq!(
        from_value::<VerifyResult>(parse(
            r#"{"status":"verified","available_credit_cents":500000}"#
        )),
        Some(VerifyResult::Verified {
            available_credit_cents: Some(500_000)
        })
    );
}

#[wasm_bindgen_test]
fn an_event_is_written_as_the_reference_says() {
    let paid = WidgetEvent::PaymentSucceeded {
        method: PaymentMethod::Card,
        amount_cents: 195_700,
        currency: Currency::Cad,
    };
    let value = to_value(&EventMessage::new(paid, "n0nce")).expect("a value");
    assert_eq!(
        stringify(&value),
        r#"{"source":"flexiti-checkout","version":1,"nonce":"n0nce","event":{"type":"payment_succeeded","method":"card","amount_cents":195700,"currency":"CAD"}}"#
    );
    let failed = WidgetEvent::PaymentFailed {
        method: PaymentMethod::Card,
        code: None,
    };
    assert_eq!(
        stringify(&to_value(&failed).expect("a value")),
        r#"{"type":"payment_failed","method":"card","code":null}"#
    );
}

#[wasm_bindgen_test]
fn a_request_is_written_as_the_proxy_reads_it() {
    let lookup = AccountLookup::Person {
        first_name: "Ana".into(),
        last_name: "Roy".into(),
        dob: "1988-08-08".into(),
        postal_code: "K1A 0B1".into(),
    };
    assert_eq!(
        stringify(&to_value(&lookup).expect("a value")),
        r#"{"by":"person","first_name":"Ana","last_name":"Roy","dob":"1988-08-08","postal_code":"K1A 0B1"}"#
    );
    assert_eq!(
        to_value(&(1_u64 << 53)),
        None,
        "beyond 2^53 a number would change"
    );
    assert_eq!(
        stringify(&to_value(&((1_u64 << 53) - 1)).expect("a value")),
        "9007199254740991"
    );
}
