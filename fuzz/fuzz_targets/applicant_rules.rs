//! The credit application's rules (`shared::applicant_rules`, `ApplicationDraft::application`):
//! any text in every field, any day as today, with and without the form's options. No panic, and
//! an application the draft lets through breaks no rule.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shared::{
    ApplicationDraft, CalendarDate, Choice, FormConfig, GovIdTypeOption, Locale, Sensitive,
};

#[derive(Debug, Arbitrary)]
struct Typed {
    text: [String; 26],
    secrets: [String; 4],
    french: bool,
    terms_accepted: bool,
    today: (u16, u8, u8),
    with_options: bool,
}

fuzz_target!(|typed: Typed| {
    let draft = draft(&typed);
    let (year, month, day) = typed.today;
    let today = CalendarDate::new(year, month, day)
        .or_else(|| CalendarDate::new(2026, 11, 23))
        .expect("a real date");
    let form = options();
    let options = typed.with_options.then_some(&form);
    match draft.application(today, options) {
        Ok(application) => {
            assert!(application.problems(today, options).is_empty());
            let json = serde_json::to_string(&application).expect("serializes");
            let back: shared::CreditApplication = serde_json::from_str(&json).expect("reads back");
            assert_eq!(back, application);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in problems {
                let _ = (problem.message(Locale::EnCa), problem.message(Locale::FrCa));
            }
        }
    }
});

fn draft(typed: &Typed) -> ApplicationDraft {
    let [
        amount_requested,
        phone_number,
        email,
        salutation,
        first_name,
        middle_name,
        last_name,
        dob,
        address_1,
        address_2,
        city,
        province,
        postal_code,
        govid_type,
        govid_issued_by,
        govid_expiry,
        personal_income,
        household_income,
        housing_type,
        monthly_housing_expenses,
        occupation_id,
        occupation_title,
        employer_name,
        employer_phone,
        security_question,
        _,
    ] = typed.text.clone();
    let [govid_number, sin, security_answer, piw] = typed.secrets.clone().map(Sensitive::new);
    ApplicationDraft {
        amount_requested,
        phone_number,
        email,
        language: if typed.french { Locale::FrCa } else { Locale::EnCa },
        salutation,
        first_name,
        middle_name,
        last_name,
        dob,
        address_1,
        address_2,
        city,
        province,
        postal_code,
        govid_type,
        govid_issued_by,
        govid_number,
        govid_expiry,
        personal_income,
        household_income,
        housing_type,
        monthly_housing_expenses,
        occupation_id,
        occupation_title,
        employer_name,
        employer_phone,
        sin,
        security_question,
        security_answer,
        piw,
        terms_accepted: typed.terms_accepted,
    }
}

/// A small form configuration in the shape `merchants/login` gives.
fn options() -> FormConfig {
    let choice = |code: &str| Choice {
        code: code.into(),
        label: code.into(),
    };
    FormConfig {
        provinces: ["ON", "QC", "BC"].map(choice).to_vec(),
        salutations: ["1", "2"].map(choice).to_vec(),
        security_questions: ["1", "2", "3"].map(choice).to_vec(),
        gov_id_types: vec![GovIdTypeOption {
            code: "CADL".into(),
            label: "Driver's licence".into(),
            issuers: ["ON", "QC"].map(choice).to_vec(),
        }],
    }
}
