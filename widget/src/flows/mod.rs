//! The shopper's journeys through the widget.

pub mod card_payment;
pub mod credit_application;
pub mod flexiti_account;
mod fresh_session;
pub mod parts;

use shared::Locale;

use crate::{api::ApiFailure, i18n::text};

/// What the shopper reads when a call failed: the refusal's message (the proxy tells it from the
/// shared catalogue, by its code, in the shopper's language), or that the proxy could not be
/// reached. Not looked up again here: the catalogue's every message in both languages would come
/// with the flow's download.
pub fn failure_message(failure: &ApiFailure, locale: Locale) -> &str {
    match failure {
        ApiFailure::Refused(error) => &error.message,
        ApiFailure::Network => text(locale).network_error,
    }
}
