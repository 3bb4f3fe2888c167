//! The "something failed, try again" state, in the shopper's language.

use leptos::prelude::*;
use shared::Locale;

use crate::{api::ApiFailure, i18n::text};

/// An alert with `message` and a retry button.
#[component]
pub fn RetryNotice(
    /// The shopper's language.
    locale: Locale,
    /// What the shopper reads: [`failure_message`], or another of the widget's messages. (The
    /// first screen draws its own notice, the same way: `first_screen`.)
    message: &'static str,
    /// Runs when the shopper asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="notice notice--error" role="alert">
            <p class="notice__message">{message}</p>
            <button type="button" class="button button--secondary" on:click=move |_| on_retry.run(())>
                {text(locale).try_again}
            </button>
        </div>
    }
}

/// The catalogue's message for a refusal's code, or that the proxy could not be reached. The
/// flows call it (their code is downloaded with them), so the whole catalogue stays out of the
/// first screen's download.
pub fn failure_message(failure: &ApiFailure, locale: Locale) -> &'static str {
    match failure {
        ApiFailure::Refused(error) => error.code.message(locale),
        ApiFailure::Network => text(locale).network_error,
    }
}
