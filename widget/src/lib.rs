//! The checkout widget: a Leptos client-side app that runs inside an iframe served by the proxy.
//! It talks only to the proxy (same origin), never to Flexiti or FlexPay.

pub mod answers;
pub mod api;
pub mod components;
pub mod events;
pub mod flows;
pub mod i18n;
pub mod json;
pub mod loaded;

use leptos::prelude::*;
use shared::{CheckoutView, ErrorCode, Locale, PaymentMethod, SessionStatus, Step, WidgetEvent};

use crate::{components::retry_notice::RetryNotice, loaded::Loaded};

/// Mounts the widget on the iframe's `<body>`, then tells the page it is ready.
pub fn start() {
    let fragment = Fragment::read();
    if let Some(token) = fragment.get("token") {
        api::set_client_token(token);
    }
    events::offer(fragment.get("parent"), fragment.get("nonce"));
    leptos::mount::mount_to_body(App);
}

/// Opens the event channel if the page is one the session allows, and says `ready` (or why
/// not): once, when the first screen has the session it shows.
fn announce(session: &CheckoutView) {
    if !events::confirm(session) {
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

/// The widget's root: reads the shopper's language and the session, then shows the ways to pay
/// the session offers.
#[component]
pub fn App() -> impl IntoView {
    let locale = locale_from_url();
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
    // One read of the session serves the first screen and the `ready` event.
    let session = Loaded::read_by(answers::checkout_view, || Some(api::session()));
    let announced = StoredValue::new(false);
    Effect::new(move || {
        if let Some(Ok(view)) = session.answer()
            && !announced.get_value()
        {
            announced.set_value(true);
            announce(&view);
        }
    });
    let content = move || match session.answer() {
        None => loading(locale),
        Some(Ok(view)) => view! { <Methods locale session=view /> }.into_any(),
        Some(Err(failure)) => view! {
            <RetryNotice locale message=i18n::session_failure(&failure, locale)
                on_retry=Callback::new(move |()| session.refetch()) />
        }
        .into_any(),
    };
    view! { <main class="checkout">{content}</main> }
}

/// The ways to pay the session offers, as a choice when there are several (none picked for the
/// shopper), then the chosen one.
#[component]
fn Methods(
    /// The shopper's language.
    locale: Locale,
    /// The session.
    session: CheckoutView,
) -> impl IntoView {
    let offered: Vec<PaymentMethod> = PaymentMethod::ALL
        .into_iter()
        .filter(|method| session.methods.contains(method))
        .collect();
    // With several ways to pay, the shopper picks one before any flow downloads (`flows::parts`).
    let chosen = RwSignal::new(match offered[..] {
        [only] => Some(only),
        _ => None,
    });
    let words = i18n::text(locale);
    let choice = (offered.len() > 1).then(|| {
        let buttons = offered
            .iter()
            .map(|&method| {
                let (label, step) = match method {
                    PaymentMethod::Card => (words.method_card, Step::Card),
                    PaymentMethod::FlexitiAccount => (words.method_account, Step::Account),
                    PaymentMethod::CreditApplication => (words.method_credit, Step::Application),
                };
                let pick = move |_| {
                    chosen.set(Some(method));
                    events::send(WidgetEvent::StepChanged { step });
                };
                view! {
                    <label class="choice">
                        <input type="radio" name="method" value=method.as_str()
                            checked=move || chosen.get() == Some(method) on:change=pick />
                        " "{label}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="methods">
                // The question is the screen's heading while no flow is shown below it.
                <legend class="methods__legend">
                    <h1 class="methods__heading">{words.method_legend}</h1>
                </legend>
                {buttons}
            </fieldset>
        }
    });
    let session = RwSignal::new(session);
    // The merchant's server may change the amount while the shopper is here (a coupon): the
    // widget reads the session again now and then, and shows the amount in force.
    let _ = set_interval_with_handle(
        move || leptos::task::spawn_local(refresh_session(session)),
        std::time::Duration::from_secs(SESSION_REFRESH_SECONDS),
    );
    let none_offered = offered
        .is_empty()
        .then(|| view! { <p class="status">{words.no_method}</p> });
    view! {
        {choice}
        {none_offered}
        <ChosenFlow locale session chosen />
    }
}

/// The chosen way to pay, once its code is here: a flow that is a download of its own
/// (`flows::parts`) shows a loading line until it arrives, and a retry if it cannot.
#[component]
fn ChosenFlow(
    /// The shopper's language.
    locale: Locale,
    /// The session.
    session: RwSignal<CheckoutView>,
    /// The way to pay chosen; `None` until the shopper picks one.
    chosen: RwSignal<Option<PaymentMethod>>,
) -> impl IntoView {
    let switch_to = Callback::new(move |method| chosen.set(Some(method)));
    let arrived = RwSignal::new(Vec::new());
    // The flow whose download failed last: a retry is offered while it is the one chosen.
    let failed = RwSignal::new(None::<PaymentMethod>);
    let bring = move |method: PaymentMethod| {
        failed.set(None);
        leptos::task::spawn_local(async move {
            match flows::parts::fetch(method).await {
                Ok(()) => arrived.update(|here| {
                    if !here.contains(&method) {
                        here.push(method);
                    }
                }),
                Err(_) => failed.set(Some(method)),
            }
        });
    };
    Effect::new(move || {
        if let Some(method) = chosen.get()
            && !arrived.with_untracked(|here| here.contains(&method))
        {
            bring(method);
        }
    });
    // Only the chosen flow's arrival redraws: a part arriving later leaves the flow shown as it is.
    let shown = Memo::new(move |_| {
        let method = chosen.get()?;
        arrived
            .with(|here| here.contains(&method))
            .then_some(method)
    });
    move || match (shown.get(), chosen.get()) {
        (Some(method), _) => flows::parts::view(method, locale, session, switch_to)
            .unwrap_or_else(|| loading(locale)),
        (None, None) => ().into_any(),
        (None, Some(method)) if failed.get() == Some(method) => view! {
            <RetryNotice locale message=i18n::text(locale).network_error
                on_retry=Callback::new(move |()| bring(method)) />
        }
        .into_any(),
        (None, Some(_)) => loading(locale),
    }
}

/// The line a screen shows while what it needs is on its way (the session, a flow's part).
fn loading(locale: Locale) -> AnyView {
    view! { <p class="status" role="status">{i18n::text(locale).loading}</p> }.into_any()
}

/// Moves keyboard and screen-reader focus to the element `id` (a step's heading, the error
/// summary): it must be focusable, e.g. with `tabindex="-1"`.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// How often the widget reads its session again for a changed amount.
const SESSION_REFRESH_SECONDS: u64 = 15;

/// Reads the session again; a changed one replaces what the flows show.
pub async fn refresh_session(session: RwSignal<CheckoutView>) {
    if let Ok(fresh) = api::session_now().await
        && session.with_untracked(|shown| *shown != fresh)
    {
        session.set(fresh);
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
