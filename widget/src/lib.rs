//! The checkout widget: a client-side app that runs inside an iframe served by the proxy. Its
//! first screen and every flow are written with the DOM's own calls (`first_screen`, `dom`),
//! without a UI framework, whose renderer would be most of the download; each way to pay is downloaded
//! when chosen (`flows`). It talks only to the proxy (same origin), never to Flexiti or FlexPay.

pub mod answers;
pub mod api;
mod dom;
pub mod events;
mod first_screen;
pub mod flows;
pub mod i18n;
pub mod json;
pub mod requests;

use shared::{CheckoutView, ErrorCode, Locale, SessionStatus, WidgetEvent};

/// The heap's allocator: Talc, smaller than `dlmalloc` (Rust's default for wasm) by most of its
/// code, in the download every shopper waits for.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Shows the first screen in the iframe page's `<main>`; it tells the page it is ready, unless
/// the page's own script did.
pub fn start() {
    let fragment = Fragment::read();
    if let Some(token) = fragment.get("token") {
        api::set_client_token(token);
    }
    events::offer(fragment.get("parent"), fragment.get("nonce"));
    // The build's language (`Locale::in_build`): the words shown and the locale sent agree.
    first_screen::show(locale_from_url().in_build());
}

/// Opens the event channel if the page is one the session allows, and says `ready` (or why
/// not): once, when the first screen has the session it shows, unless the page `said` it already
/// (it does when the proxy wrote the first screen in).
fn announce(session: &CheckoutView, said: bool) {
    if !events::confirm(session) {
        return;
    }
    if !said {
        events::send(WidgetEvent::Ready);
    }
    events::watch_height();
    // A payment sent before the session expired may still pay it: the page waits for the outcome.
    if session.status == SessionStatus::Expired && !session.payment_in_progress {
        events::send(WidgetEvent::Error {
            code: ErrorCode::SessionExpired,
        });
    }
}

/// Moves keyboard and screen-reader focus to the element `id` (a step's heading, the error
/// summary): it must be focusable, e.g. with `tabindex="-1"`.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = dom::document().and_then(|document| document.get_element_by_id(id))
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// What the loader put in the iframe URL's fragment: the client token (`token`), this mount's
/// `nonce`, and the `parent` page's origin. A fragment is never sent to a server, so the token
/// stays out of request lines and logs.
struct Fragment(Option<web_sys::UrlSearchParams>);

impl Fragment {
    fn read() -> Fragment {
        let hash = web_sys::window()
            .and_then(|window| window.location().hash().ok())
            .unwrap_or_default();
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
    web_sys::window()
        .and_then(|window| window.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("locale"))
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}
