//! The first screen's own copy for a session it cannot read (`widget::i18n::session_failure`),
//! which holds only part of the catalogue. Run with `wasm-bindgen-test-runner` (`cargo xtask
//! test` does), in Node.

#![cfg(target_arch = "wasm32")]

use shared::{ApiError, ErrorCode, Locale};
use wasm_bindgen_test::wasm_bindgen_test;
use widget::{api::ApiFailure, i18n};

fn refused(code: ErrorCode) -> ApiFailure {
    ApiFailure::Refused(ApiError::new(code, Locale::EnCa))
}

#[wasm_bindgen_test]
fn a_session_reads_refusals_say_what_the_catalogue_says_in_the_shoppers_language() {
    for code in [
        ErrorCode::Unauthenticated,
        ErrorCode::TooManyRequests,
        ErrorCode::TimedOut,
        ErrorCode::Internal,
    ] {
        for locale in [Locale::EnCa, Locale::FrCa] {
            assert_eq!(
                i18n::session_failure(&refused(code), locale),
                code.message(locale),
                "{code:?} in {locale:?}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn any_other_refusal_reads_as_a_failure_of_ours_and_no_answer_as_the_network() {
    assert_eq!(
        i18n::session_failure(&refused(ErrorCode::NotEnoughCredit), Locale::FrCa),
        ErrorCode::Internal.message(Locale::FrCa)
    );
    assert_eq!(
        i18n::session_failure(&ApiFailure::Network, Locale::FrCa),
        i18n::text(Locale::FrCa).network_error
    );
    assert_ne!(
        i18n::text(Locale::FrCa).network_error,
        i18n::text(Locale::EnCa).network_error
    );
}
