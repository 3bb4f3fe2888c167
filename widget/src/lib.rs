//! The checkout widget: a Leptos client-side app that runs inside an iframe served by the proxy.
//! It talks only to the proxy (same origin), never to Flexiti or FlexPay.

pub mod api;
pub mod components;
pub mod events;
pub mod flows;
pub mod i18n;

use leptos::prelude::*;
use shared::{ErrorCode, Locale, SessionStatus, WidgetEvent};

use crate::flows::credit_application::CreditApplication;

/// Mounts the widget on the iframe's `<body>`, then tells the page it is ready.
pub fn start() {
    let fragment = Fragment::read();
    if let Some(token) = fragment.get("token") {
        api::set_client_token(token);
    }
    events::offer(fragment.get("parent"), fragment.get("nonce"));
    leptos::mount::mount_to_body(App);
    leptos::task::spawn_local(announce());
}

/// Reads the session, opens the event channel if the page is one the session allows, and says
/// `ready` (or why not).
async fn announce() {
    let Ok(session) = api::session().await else {
        return;
    };
    if !events::confirm(&session) {
        return;
    }
    events::send(WidgetEvent::Ready);
    events::watch_height();
    if session.status == SessionStatus::Expired {
        events::send(WidgetEvent::Error {
            code: ErrorCode::SessionExpired,
        });
    }
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

/// What the loader put in the iframe URL's fragment: the client token (`token`), this mount's
/// `nonce`, and the `parent` page's origin. A fragment is never sent to a server, so the token
/// stays out of request lines and logs.
struct Fragment(Option<web_sys::UrlSearchParams>);

impl Fragment {
    fn read() -> Fragment {
        let hash = window().location().hash().unwrap_or_default();
        Fragment(web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok())
    }

    fn get(&self, name: &str) -> Option<String> {
        self.0
            .as_ref()
            .and_then(|params| params.get(name))
            .filter(|value| !value.is_empty())
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
