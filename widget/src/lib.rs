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
