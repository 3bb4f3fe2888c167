//! The terms and conditions of the chosen province, in a scrollable, keyboard-reachable region.

use leptos::prelude::*;
use shared::{Locale, TermsDocument};

use crate::{
    api,
    components::retry_notice::{RetryNotice, failure_message},
    i18n::text,
    loaded::Loaded,
};

/// Loads and shows the terms for `province` (nothing chosen: a hint).
#[component]
pub fn TermsPanel(
    /// The shopper's language.
    locale: Locale,
    /// The chosen province code, empty for none.
    #[prop(into)]
    province: Signal<String>,
) -> impl IntoView {
    let words = text(locale);
    let terms = Loaded::<TermsDocument>::new(move || {
        let province = province.get();
        (!province.is_empty()).then(|| api::get(api::terms(&province, locale)))
    });
    let body = move || {
        match terms.get() {
        None => view! { <p class="terms__status">{words.loading}</p> }.into_any(),
        Some(None) => view! { <p class="terms__status">{words.terms_pending}</p> }.into_any(),
        Some(Some(Ok(document))) => view! {
            // The proxy sanitized this HTML with an allow-list: no script, handler or js: link.
            <div class="terms__document" data-region=format!("{:?}", document.region) inner_html=document.html />
        }
        .into_any(),
        Some(Some(Err(failure))) => view! {
            <RetryNotice locale message=failure_message(&failure, locale)
                on_retry=Callback::new(move |()| terms.refetch()) />
        }
        .into_any(),
    }
    };
    view! {
        <div class="terms">
            <h2 id="terms-heading" class="terms__heading">{words.terms_heading}</h2>
            <div id="terms" class="terms__body" role="region" aria-labelledby="terms-heading" tabindex="0">
                {body}
            </div>
        </div>
    }
}
