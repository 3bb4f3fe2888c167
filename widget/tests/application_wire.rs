//! The credit application's JSON, written and read by hand (`widget::requests`,
//! `widget::answers`), against the serde bridge (`widget::json`) the account flow uses: the same
//! application JSON, the same options, terms, disclosures and approvals read, the same answers
//! refused. Run with `wasm-bindgen-test-runner` (`cargo xtask test` does), in Node.

#![cfg(target_arch = "wasm32")]

mod common;

use std::fmt::Debug;

use js_sys::JSON;
use serde::de::DeserializeOwned;
use shared::{
    ApplicationApproval, CreditApplication, Disclosures, FormConfig, GovernmentId, Locale,
    Sensitive, TermsDocument, TermsRegion,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use widget::{answers, json, requests};

/// What both readers make of `text`: the same, or both refuse it.
fn both_read<T: DeserializeOwned + PartialEq + Debug>(
    text: &str,
    by_hand: fn(JsValue) -> Option<T>,
) -> Option<T> {
    let parsed = || JSON::parse(text).expect("test JSON");
    let read = by_hand(parsed());
    assert_eq!(read, json::from_value::<T>(parsed()), "{text}");
    read
}

fn stringified(value: &JsValue) -> String {
    JSON::stringify(value).expect("printable").into()
}

/// An application with every optional field given, or none.
fn application(optional: bool) -> CreditApplication {
    let given = |text: &str| optional.then(|| text.to_owned());
    CreditApplication {
        amount_requested_cents: 195_700,
        phone_number: "4165550123".into(),
        email: "sam@example.com".into(),
        language: Locale::FrCa,
        salutation: "ms".into(),
        first_name: "Zoë \"Sam\"".into(),
        middle_name: given("Marie"),
        last_name: "O'Brien".into(),
        dob: "1990-01-01".into(),
        address_1: "123 Any Street".into(),
        address_2: given("Apt 4"),
        city: "Montréal".into(),
        province: "QC".into(),
        postal_code: "H2J 2L1".into(),
        government_id: GovernmentId {
            kind: "CADL".into(),
            issued_by: "QC".into(),
            number: Sensitive::new("D6101-40706-60905"),
            expiry: "2031-01-01".into(),
        },
        personal_income_cents: 6_000_000,
        household_income_cents: 9_007_199_254_740_991,
        monthly_housing_expenses_cents: optional.then_some(250_000),
        housing_type: "Rent".into(),
        occupation_id: "FE".into(),
        occupation_title: "Baker".into(),
        employer_name: given("Boulangerie"),
        employer_phone: given("5145550123"),
        sin: optional.then(|| Sensitive::new("046454286")),
        security_question_id: "4".into(),
        security_answer: Sensitive::new("Robin"),
        piw: Sensitive::new("Cloud"),
        terms_accepted: true,
    }
}

#[wasm_bindgen_test]
fn the_application_is_the_json_the_bridge_writes() {
    for optional in [true, false] {
        let application = application(optional);
        let by_hand = requests::credit_application(&application).expect("written");
        let bridged = json::to_value(&application).expect("written");
        assert_eq!(stringified(&by_hand), stringified(&bridged));
    }
}

#[wasm_bindgen_test]
fn an_amount_no_number_holds_exactly_is_refused_by_both() {
    let application = CreditApplication {
        personal_income_cents: 1 << 53,
        ..application(true)
    };
    assert!(requests::credit_application(&application).is_none());
    assert!(json::to_value(&application).is_none());
}

/// The form's options' JSON with `field` written as `value` (`common::object_with`).
fn config_with(field: &str, value: Option<&str>) -> String {
    let fields = [
        ("provinces", r#"[{"code":"ON","label":"Ontario"}]"#),
        ("salutations", r#"[{"code":"ms","label":"Ms."}]"#),
        ("security_questions", "[]"),
        (
            "gov_id_types",
            r#"[{"code":"CADL","label":"Driver's licence","issuers":[{"code":"ON","label":"Ontario"}]}]"#,
        ),
    ];
    common::object_with(&fields, field, value)
}

#[wasm_bindgen_test]
fn the_options_read_the_same_by_hand_as_through_serde() {
    let read = both_read(&config_with("", None), answers::form_config).expect("options");
    assert_eq!(read.gov_id_types[0].issuers[0].code, "ON");
    for (field, value) in [
        ("provinces", Some("[]")),
        ("unknown", Some(r#"{"nested":[1,2]}"#)),
    ] {
        let text = config_with(field, value);
        assert!(both_read(&text, answers::form_config).is_some(), "{text}");
    }
    for (field, value) in [
        ("provinces", None),
        ("provinces", Some("null")),
        ("provinces", Some(r#"[{"code":"ON"}]"#)),
        ("salutations", Some(r#"{"code":"ms","label":"Ms."}"#)),
        (
            "gov_id_types",
            Some(r#"[{"code":"CADL","label":"Licence"}]"#),
        ),
        (
            "gov_id_types",
            Some(r#"[{"code":"CADL","label":"L","issuers":[1]}]"#),
        ),
    ] {
        let text = config_with(field, value);
        assert_eq!(both_read(&text, answers::form_config), None, "{text}");
    }
}

/// A terms document's JSON with `field` written as `value`.
fn terms_with(field: &str, value: Option<&str>) -> String {
    let fields = [
        ("province", r#""QC""#),
        ("locale", r#""fr-CA""#),
        ("region", r#""quebec""#),
        ("html", r#""<p>Conditions</p>""#),
    ];
    common::object_with(&fields, field, value)
}

#[wasm_bindgen_test]
fn the_terms_read_the_same_by_hand_as_through_serde() {
    let read = both_read(&terms_with("", None), answers::terms_document).expect("terms");
    assert_eq!(read.region, TermsRegion::Quebec);
    let rest = terms_with("region", Some(r#""rest_of_canada""#));
    assert!(both_read(&rest, answers::terms_document).is_some());
    for (field, value) in [
        ("region", Some(r#""Quebec""#)),
        ("region", None),
        ("locale", Some(r#""fr""#)),
        ("html", Some("null")),
        ("province", Some("1")),
    ] {
        let text = terms_with(field, value);
        assert_eq!(both_read(&text, answers::terms_document), None, "{text}");
    }
}

#[wasm_bindgen_test]
fn the_disclosures_read_the_same_by_hand_as_through_serde() {
    for text in [
        r#"{"privacy":"<p>Privacy</p>","credit":null,"debt_ratio":"<p>Ratio</p>"}"#,
        r#"{"credit":"<p>Credit</p>"}"#,
        "{}",
    ] {
        assert!(
            both_read::<Disclosures>(text, answers::disclosures).is_some(),
            "{text}"
        );
    }
    for text in [r#"{"privacy":1}"#, "null", "[]"] {
        assert_eq!(both_read(text, answers::disclosures), None, "{text}");
    }
}

/// An approval's JSON with `field` written as `value`.
fn approval_with(field: &str, value: Option<&str>) -> String {
    let fields = [
        ("available_credit_cents", "500000"),
        ("credit_limit_cents", "500000"),
        ("card_ending", r#""0069""#),
        ("debt_ratio_basis_points", "5000"),
        (
            "offers",
            r#"[{"plan_id":"P1","name":"12 months","category":"equal_billing","terms":[6,12]}]"#,
        ),
    ];
    common::object_with(&fields, field, value)
}

#[wasm_bindgen_test]
fn an_approval_reads_the_same_by_hand_as_through_serde() {
    let read: ApplicationApproval =
        both_read(&approval_with("", None), answers::application_approval).expect("approval");
    assert_eq!(read.debt_ratio_basis_points, Some(5000));
    assert_eq!(read.offers[0].terms, [6, 12]);
    for (field, value) in [
        ("debt_ratio_basis_points", None),
        ("debt_ratio_basis_points", Some("null")),
        ("offers", Some("[]")),
    ] {
        let text = approval_with(field, value);
        assert!(
            both_read(&text, answers::application_approval).is_some(),
            "{text}"
        );
    }
    for (field, value) in [
        ("available_credit_cents", Some("-1")),
        ("credit_limit_cents", Some("1.5")),
        ("card_ending", None),
        ("debt_ratio_basis_points", Some("4294967296")),
        ("offers", None),
        (
            "offers",
            Some(r#"[{"plan_id":"P1","name":"N","category":"c","terms":[-6]}]"#),
        ),
    ] {
        let text = approval_with(field, value);
        assert_eq!(
            both_read(&text, answers::application_approval),
            None,
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn every_config_the_bridge_writes_is_read_back_by_hand() {
    let config: FormConfig =
        json::from_value(JSON::parse(&config_with("", None)).expect("test JSON")).expect("read");
    let written = json::to_value(&config).expect("written");
    assert_eq!(answers::form_config(written), Some(config));
    let terms: TermsDocument =
        json::from_value(JSON::parse(&terms_with("", None)).expect("test JSON")).expect("read");
    let written = json::to_value(&terms).expect("written");
    assert_eq!(answers::terms_document(written), Some(terms));
}
