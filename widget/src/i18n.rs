//! The widget's own words, in Canadian English and Canadian French. Error messages come from the
//! catalogue in `shared`; these are labels, hints and headings.

use shared::{ErrorCode, Locale, first_screen};

use crate::api::ApiFailure;

/// Every string of the widget's screens, for one language.
pub struct Text {
    /// Heading of the terms region.
    pub terms_heading: &'static str,
    /// Shown before a province is chosen.
    pub terms_pending: &'static str,
    /// While something loads.
    pub loading: &'static str,
    /// The retry button.
    pub try_again: &'static str,
    /// When the proxy cannot be reached at all.
    pub network_error: &'static str,
    /// When the session offers no way to pay the widget takes.
    pub no_method: &'static str,
}

const EN_CA: Text = Text {
    terms_heading: "Terms and conditions",
    terms_pending: "Choose your province or territory to read the terms that apply to you.",
    loading: first_screen::EN_CA.loading,
    try_again: first_screen::EN_CA.try_again,
    network_error: first_screen::EN_CA.network_error,
    no_method: "No way to pay is available here. Please contact the store.",
};

const FR_CA: Text = Text {
    terms_heading: "Conditions générales",
    terms_pending: "Choisissez votre province ou territoire pour lire les conditions qui s'appliquent à vous.",
    loading: first_screen::FR_CA.loading,
    try_again: first_screen::FR_CA.try_again,
    network_error: first_screen::FR_CA.network_error,
    no_method: "Aucun mode de paiement n'est offert ici. Veuillez communiquer avec la boutique.",
};

/// The widget's words in `locale`.
pub fn text(locale: Locale) -> &'static Text {
    locale.pick(&EN_CA, &FR_CA)
}

/// What the first screen says when it cannot read the session. Only the catalogue's messages for
/// the refusals a session read can bring (no valid client token, too many tries, a failure of
/// ours, too slow) are compiled in, as constants: the whole catalogue is 2 KB brotli that the first
/// screen's download need not hold (the flows show the message the proxy sends with a refusal,
/// `flows::failure_message`). Any other code reads as a failure of ours.
pub fn session_failure(failure: &ApiFailure, locale: Locale) -> &'static str {
    let ApiFailure::Refused(error) = failure else {
        return text(locale).network_error;
    };
    // Each arm names its code, so that only that message (in the build's language) is kept.
    match error.code {
        ErrorCode::Unauthenticated => ErrorCode::Unauthenticated.message(locale),
        ErrorCode::TooManyRequests => ErrorCode::TooManyRequests.message(locale),
        ErrorCode::TimedOut => ErrorCode::TimedOut.message(locale),
        _ => ErrorCode::Internal.message(locale),
    }
}

/// What the first screen says in place of the ways to pay when the session has expired: the
/// catalogue's message, or, while a payment sent before it expired is being settled, that one's
/// (the shopper must not start again and pay twice). Only these two of the catalogue's messages
/// are in the first screen's download.
pub fn session_expired(locale: Locale, payment_in_progress: bool) -> &'static str {
    // Read from the catalogue when compiled, not when run: a third call of `message` here made
    // the compiler keep it whole, every message of the catalogue (1.2 KiB brotli of the first
    // screen, measured).
    const EXPIRED: [&str; 2] = [
        ErrorCode::SessionExpired.message(Locale::EnCa),
        ErrorCode::SessionExpired.message(Locale::FrCa),
    ];
    const CONFIRMING: [&str; 2] = [
        ErrorCode::PaymentInProgress.message(Locale::EnCa),
        ErrorCode::PaymentInProgress.message(Locale::FrCa),
    ];
    let [en, fr] = if payment_in_progress {
        CONFIRMING
    } else {
        EXPIRED
    };
    locale.pick(en, fr)
}
