//! The card form's JSON, written and read by hand (`widget::requests`, `widget::answers`),
//! against the serde bridge (`widget::json`) the Flexiti flows use: the same request JSON, the
//! same results read, the same answers refused. Run with `wasm-bindgen-test-runner` (`cargo
//! xtask test` does), in Node.

#![cfg(target_arch = "wasm32")]

mod common;

use js_sys::JSON;
use shared::{
    CardNextStep, CardOutcome, CardOutcomeClass, CardPaymentRequest, CardPaymentResult, Sensitive,
    WireName,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use widget::{answers, json, requests};

fn both_read(text: &str) -> Option<CardPaymentResult> {
    let parsed = || JSON::parse(text).expect("test JSON");
    let by_hand = answers::card_payment_result(parsed());
    assert_eq!(
        by_hand,
        json::from_value::<CardPaymentResult>(parsed()),
        "{text}"
    );
    by_hand
}

fn stringified(value: &JsValue) -> String {
    JSON::stringify(value).expect("printable").into()
}

#[wasm_bindgen_test]
fn the_request_is_the_json_the_bridge_writes() {
    let request = CardPaymentRequest {
        number: Sensitive::new("4242 4242 4242 4242"),
        expiry_month: 6,
        expiry_year: 2035,
        cvc: Sensitive::new("123"),
        holder_name: "Zoë \"Jo\" O'Brien".into(),
        city: "Montréal".into(),
        postal_code: "H2J 2L1".into(),
        revision: u32::MAX,
    };
    let by_hand = requests::card_payment(&request).expect("written");
    let bridged = json::to_value(&request).expect("written");
    assert_eq!(stringified(&by_hand), stringified(&bridged));
}

#[wasm_bindgen_test]
fn every_result_the_bridge_writes_is_read_back_by_hand() {
    for (index, &class) in CardOutcomeClass::VALUES.iter().enumerate() {
        for &next_step in CardNextStep::VALUES {
            let result = CardPaymentResult {
                outcome: CardOutcome {
                    code: 10_000 * u32::try_from(index + 1).expect("small") + 23,
                    class,
                },
                message: "Carte refusée : essayez une autre carte.".into(),
                next_step,
                merchant_transaction_id: format!("m-{index}"),
                last_four: (index % 2 == 0).then(|| "4242".into()),
            };
            let written = json::to_value(&result).expect("written");
            assert_eq!(answers::card_payment_result(written), Some(result));
        }
    }
}

/// A result's JSON with `field` written as `value` (`common::object_with`).
fn result_with(field: &str, value: Option<&str>) -> String {
    let fields = [
        ("outcome", r#"{"code":20023,"class":"soft_decline"}"#),
        ("message", r#""Try again""#),
        ("next_step", r#""try_again""#),
        ("merchant_transaction_id", r#""m-1""#),
        ("last_four", r#""0069""#),
    ];
    common::object_with(&fields, field, value)
}

#[wasm_bindgen_test]
fn a_result_reads_the_same_by_hand_as_through_serde() {
    let read = both_read(&result_with("", None)).expect("a result");
    assert_eq!(read.outcome.class, CardOutcomeClass::SoftDecline);
    assert_eq!(read.last_four.as_deref(), Some("0069"));
    for (field, value) in [
        ("last_four", None),
        ("last_four", Some("null")),
        ("outcome", Some(r#"{"code":4294967295,"class":"approved"}"#)),
        ("unknown", Some(r#"{"nested":[1,2]}"#)),
    ] {
        let text = result_with(field, value);
        assert!(both_read(&text).is_some(), "{text}");
    }
}

#[wasm_bindgen_test]
fn a_result_of_another_shape_is_refused_by_both() {
    for (field, value) in [
        ("outcome", None),
        ("outcome", Some("null")),
        ("outcome", Some(r#"{"code":20023}"#)),
        ("outcome", Some(r#"{"code":-1,"class":"risk"}"#)),
        ("outcome", Some(r#"{"code":1.5,"class":"risk"}"#)),
        ("outcome", Some(r#"{"code":4294967296,"class":"risk"}"#)),
        ("outcome", Some(r#"{"code":20023,"class":"declined"}"#)),
        ("message", None),
        ("message", Some("1")),
        ("next_step", Some(r#""done_already""#)),
        ("merchant_transaction_id", None),
        ("last_four", Some("4242")),
    ] {
        let text = result_with(field, value);
        assert_eq!(both_read(&text), None, "{text}");
    }
    for text in ["null", "[]", r#""approved""#] {
        assert_eq!(both_read(text), None, "{text}");
    }
}
