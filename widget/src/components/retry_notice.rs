//! The "something failed, try again" state, in the shopper's language.

use leptos::prelude::*;
use shared::Locale;

use crate::{api::ApiFailure, i18n::text};

/// An alert with the catalogue's message for `failure` and a retry button.
#[component]
pub fn RetryNotice(
    /// The shopper's language.
    locale: Locale,
    /// What failed.
    failure: ApiFailure,
    /// Runs when the shopper asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let words = text(locale);
    let message = match &failure {
        ApiFailure::Refused(error) => error.code.message(locale),
        ApiFailure::Network => words.network_error,
    };
    view! {
        <div class="notice notice--error" role="alert">
            <p class="notice__message">{message}</p>
            <button type="button" class="button button--secondary" on:click=move |_| on_retry.run(())>
                {words.try_again}
            </button>
        </div>
    }
}
