//! The checkout widget: a Leptos client-side app that runs inside an iframe served by the proxy.
//! It talks only to the proxy (same origin), never to Flexiti or FlexPay.

pub mod api;
pub mod components;
pub mod flows;
pub mod i18n;

use leptos::prelude::*;
use shared::Locale;

use crate::flows::credit_application::CreditApplication;

/// Mounts the widget on the iframe's `<body>`.
pub fn start() {
    if let Some(token) = client_token_from_url() {
        api::set_client_token(token);
    }
    leptos::mount::mount_to_body(App);
}

/// The widget's root: reads the shopper's language and shows the flow.
#[component]
pub fn App() -> impl IntoView {
    let locale = locale_from_url();
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
    view! {
        <main class="checkout">
            <CreditApplication locale=locale />
        </main>
    }
}

/// The client token the loader put in the iframe URL's fragment (`#token=...`): a fragment is
/// never sent to a server, so the token stays out of request lines and logs.
fn client_token_from_url() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok()?;
    params.get("token").filter(|token| !token.is_empty())
}

/// The `locale` query parameter of the iframe's URL (`en-CA` when absent).
fn locale_from_url() -> Locale {
    window()
        .location()
        .search()
        .ok()
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("locale"))
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}
