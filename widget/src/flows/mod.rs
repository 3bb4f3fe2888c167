//! The shopper's journeys through the widget.

pub mod card_payment;
pub mod credit_application;
pub mod flexiti_account;
mod fresh_session;
pub mod parts;

use shared::Locale;

use crate::{api::ApiFailure, i18n::text};

/// The catalogue's message for a refusal's code, or that the proxy could not be reached. The
/// flows call it (their code is downloaded with them), so the whole catalogue stays out of the
/// first screen's download.
pub fn failure_message(failure: &ApiFailure, locale: Locale) -> &'static str {
    match failure {
        ApiFailure::Refused(error) => error.code.message(locale),
        ApiFailure::Network => text(locale).network_error,
    }
}
