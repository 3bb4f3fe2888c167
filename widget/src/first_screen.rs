//! The first screen: the session read, then the choice of how to pay, and the chosen flow in
//! its place once its part has arrived (`flows::parts`).
//!
//! The choice itself comes written in the page: the proxy writes it (`shared::choice_html`), so
//! that it shows, and can be used, before this code has arrived. The widget takes it over as it
//! finds it, a way to pay already chosen included.
//!
//! Written with the DOM's own calls rather than a UI framework: the first screen is what every
//! shopper downloads and runs before anything works, and Leptos's renderer and reactive graph
//! were about a third of its wasm and most of the functions the browser compiled before the first
//! screen showed. Every flow is written the same way, and mounts itself below the choice.

use std::{cell::RefCell, rc::Rc};

use shared::{CheckoutView, Locale, PaymentMethod, SessionStatus, Step, WidgetEvent};
use wasm_bindgen::{JsCast, closure::Closure};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element, HtmlInputElement};

use crate::{
    announce, answers,
    api::{self, ApiFailure},
    dom, events,
    flows::parts::{self, Place, Shown},
    i18n,
};

/// Shows the first screen in `locale` in the page's `<main>`, and reads the session. The proxy may
/// have written the choice of how to pay in already (`data-served`, taken off now: the page's
/// script stops waiting for the code): the widget then takes it as it is, with whatever the
/// shopper chose before the code arrived.
pub fn show(locale: Locale) {
    let Some(document) = dom::document() else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
    let Ok(Some(screen)) = document.query_selector("main") else {
        return;
    };
    let served = screen.has_attribute(SERVED);
    let _ = screen.remove_attribute(SERVED);
    let screen = Screen {
        document,
        screen,
        locale,
        served,
    };
    if !served {
        screen.replace_all(screen.loading());
    }
    read_session(screen);
}

/// The attribute of a `<main>` whose choice of how to pay the proxy wrote
/// (`proxy/src/routes/widget_page.rs`); the widget takes it off as it starts, and the page's own
/// script stops waiting for it (`widget/page/index.html`).
const SERVED: &str = "data-served";

/// The attribute the page's script sets on `<main>` once it has said `ready`.
const READY_SAID: &str = "data-ready";

/// The `<main>` the first screen fills, in the shopper's language.
#[derive(Clone)]
struct Screen {
    document: Document,
    screen: Element,
    locale: Locale,
    /// Whether the proxy wrote the choice of how to pay into the page.
    served: bool,
}

impl Screen {
    /// `<tag class="class">text</tag>`.
    fn text(&self, tag: &str, class: &str, text: &str) -> Option<Element> {
        dom::text(&self.document, tag, class, text)
    }

    /// The line shown while what the screen needs is on its way (the session, a flow's part).
    fn loading(&self) -> Option<Element> {
        let line = self.text("p", "status", i18n::text(self.locale).loading)?;
        let _ = line.set_attribute("role", "status");
        Some(line)
    }

    /// An alert with `message` and a button that runs `retry` (`dom::retry_notice`).
    fn retry_notice(&self, message: &str, retry: impl FnOnce() + 'static) -> Option<Element> {
        let try_again = i18n::text(self.locale).try_again;
        let (notice, button) = dom::retry_notice(&self.document, message, try_again)?;
        let retry = Closure::once_into_js(retry);
        let _ = button.add_event_listener_with_callback("click", retry.unchecked_ref());
        Some(notice)
    }

    /// Shows `element` alone in the screen.
    fn replace_all(&self, element: Option<Element>) {
        self.screen.set_text_content(None);
        if let Some(element) = element {
            let _ = self.screen.append_child(&element);
        }
    }
}

/// Reads the session (the page's read first, then the network's), then shows the ways to pay it
/// offers and says `ready` (unless the page said it, `data-ready`); or says why it could not, with
/// a retry.
fn read_session(screen: Screen) {
    spawn_local(async move {
        let read = api::session()
            .await
            .and_then(|body| answers::checkout_view(body).ok_or(ApiFailure::Network));
        match read {
            Ok(session) => {
                // The channel opens first: a way to pay chosen before the code arrived is told
                // to the page as the choice is taken over.
                announce(&session, screen.screen.has_attribute(READY_SAID));
                if session.status == SessionStatus::Expired {
                    // Nothing can be paid any more: the shopper is told so in place of the ways
                    // to pay (the page has heard `error` from `announce`), or, while a payment
                    // sent before it expired is still being settled, that it is.
                    let said = i18n::session_expired(screen.locale, session.payment_in_progress);
                    let line = screen.text("p", "status", said);
                    if let Some(line) = &line {
                        let _ = line.set_attribute("role", "status");
                    }
                    screen.replace_all(line);
                    return;
                }
                Methods::show(&screen, session);
            }
            Err(failure) => {
                let message = i18n::session_failure(&failure, screen.locale);
                screen.replace_all(screen.retry_notice(message, reload));
                refused_after_ready(&screen, &failure);
            }
        }
    });
}

/// Tells the merchant's page why the widget cannot go on when the proxy refused the session's
/// read for good (expired, closed, a token not the session's) after the page said `ready` for
/// it: the page would otherwise hear nothing more, where a widget that had not said `ready` is
/// reported by the loader's wait (`load_error`). A read the shopper can retry (the network lost
/// it, the proxy was busy) stays theirs: the frame offers it.
fn refused_after_ready(screen: &Screen, failure: &ApiFailure) {
    if let ApiFailure::Refused(error) = failure
        && !error.retryable
        && screen.screen.has_attribute(READY_SAID)
    {
        events::confirm_by_page();
        events::send(WidgetEvent::Error { code: error.code });
    }
}

/// The ways to pay the session offers, as a choice when there are several (none picked for the
/// shopper), then the chosen one's flow.
struct Methods {
    screen: Screen,
    /// The session as last read; the flow shown keeps it up to date.
    session: Rc<RefCell<CheckoutView>>,
    /// The radio of each way to pay offered, when there is a choice.
    radios: Vec<(PaymentMethod, HtmlInputElement)>,
    /// The ways to pay whose part has arrived.
    arrived: RefCell<Vec<PaymentMethod>>,
    /// The way to pay chosen, if any.
    chosen: RefCell<Option<PaymentMethod>>,
    /// What shows below the choice: the chosen flow, or a loading line or a retry while its part
    /// is on its way.
    below: RefCell<Below>,
}

/// What shows below the choice.
#[derive(Default)]
enum Below {
    #[default]
    Nothing,
    /// A loading line or a retry.
    Status(Element),
    /// A flow: dropping it takes the flow off the page.
    Flow(#[expect(dead_code, reason = "held for its drop")] Shown),
}

impl Methods {
    fn show(screen: &Screen, session: CheckoutView) {
        let offered = session.offered();
        let radios = radios(screen);
        // The choice the proxy wrote, if it offers the ways the session does now (the merchant
        // may have changed them since).
        let served = screen.served
            && radios
                .iter()
                .map(|(method, _)| *method)
                .eq(offered.iter().copied());
        if !served {
            screen.replace_all(None);
            if offered.len() > 1 {
                // The proxy writes the choice into the page whenever it can read the session: a
                // page that came without it, or with another, is loaded again.
                let message = i18n::text(screen.locale).network_error;
                screen.replace_all(screen.retry_notice(message, reload));
                return;
            }
        }
        let radios = if served { radios } else { Vec::new() };
        if offered.is_empty() {
            let none = screen.text("p", "status", i18n::text(screen.locale).no_method);
            if let Some(none) = none {
                let _ = screen.screen.append_child(&none);
            }
        }
        let methods = Rc::new(Methods {
            screen: screen.clone(),
            session: Rc::new(RefCell::new(session)),
            radios,
            arrived: RefCell::new(Vec::new()),
            chosen: RefCell::new(None),
            below: RefCell::new(Below::Nothing),
        });
        for (method, radio) in &methods.radios {
            let (methods, method) = (Rc::clone(&methods), *method);
            let pick = Closure::<dyn Fn()>::new(move || {
                methods.choose(method);
                events::send(WidgetEvent::StepChanged { step: step(method) });
            });
            let _ = radio.add_event_listener_with_callback("change", pick.as_ref().unchecked_ref());
            // The radios live as long as the page.
            pick.forget();
        }
        // With one way to pay, its flow shows at once; a way the shopper chose before the code
        // arrived shows as if chosen now.
        if let [only] = offered[..] {
            methods.choose(only);
        } else if let Some(&(method, _)) = methods.radios.iter().find(|(_, radio)| radio.checked())
        {
            methods.choose(method);
            events::send(WidgetEvent::StepChanged { step: step(method) });
        }
        // The choice and the flow below it live as long as the page, whether or not a radio or
        // the flow holds on to them.
        std::mem::forget(methods);
    }

    /// Shows `method`'s flow, once its part is here: a loading line until then, a retry if it
    /// cannot come.
    fn choose(self: &Rc<Self>, method: PaymentMethod) {
        if *self.chosen.borrow() == Some(method) && matches!(*self.below.borrow(), Below::Flow(_)) {
            return;
        }
        *self.chosen.borrow_mut() = Some(method);
        for (offered, radio) in &self.radios {
            radio.set_checked(*offered == method);
        }
        if self.arrived.borrow().contains(&method) {
            self.show_flow(method);
            return;
        }
        self.show_below(status(self.screen.loading()));
        let methods = Rc::clone(self);
        spawn_local(async move {
            let fetched = parts::fetch(method).await;
            // A part arriving for a way to pay no longer chosen leaves the screen as it is.
            let still_chosen = *methods.chosen.borrow() == Some(method);
            match fetched {
                Ok(()) => {
                    methods.arrived.borrow_mut().push(method);
                    if still_chosen {
                        methods.show_flow(method);
                    }
                }
                Err(_) if still_chosen => {
                    let again = Rc::clone(&methods);
                    let retry = move || {
                        *again.chosen.borrow_mut() = None;
                        again.choose(method);
                    };
                    let message = i18n::text(methods.screen.locale).network_error;
                    methods.show_below(status(methods.screen.retry_notice(message, retry)));
                }
                Err(_) => {}
            }
        });
    }

    /// Mounts `method`'s flow below the choice; its part is here.
    fn show_flow(self: &Rc<Self>, method: PaymentMethod) {
        self.show_below(Below::Nothing);
        let methods = Rc::clone(self);
        let place = Place {
            // `<main>` is an HTML element.
            parent: self.screen.screen.clone().unchecked_into(),
            locale: self.screen.locale,
            session: Rc::clone(&self.session),
            // A flow switches to another way to pay from its own handlers: the switch waits for
            // them to finish before it takes that flow off the page.
            switch_to: Rc::new(move |other| {
                let methods = Rc::clone(&methods);
                spawn_local(async move { methods.choose(other) });
            }),
        };
        match parts::mount(method, place) {
            Some(shown) => self.show_below(Below::Flow(shown)),
            None => self.show_below(status(self.screen.loading())),
        }
    }

    /// Replaces what shows below the choice with `below`.
    fn show_below(&self, below: Below) {
        if let Below::Status(element) = &below {
            let _ = self.screen.screen.append_child(element);
        }
        let before = std::mem::replace(&mut *self.below.borrow_mut(), below);
        if let Below::Status(element) = &before {
            element.remove();
        }
        // A flow shown before comes off the page as `before` drops.
    }
}

/// A loading line or a retry below the choice, when the page made one.
fn status(element: Option<Element>) -> Below {
    element.map_or(Below::Nothing, Below::Status)
}

/// Loads the page again, by its URL: it comes with its session's choice of how to pay, and the
/// widget reads the session again.
fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The radio of each way to pay in the choice the proxy wrote (`shared::choice_html`), in the
/// order the widget offers them.
fn radios(screen: &Screen) -> Vec<(PaymentMethod, HtmlInputElement)> {
    PaymentMethod::ALL
        .iter()
        .filter_map(|&method| {
            let selector = ["input[name=method][value=", method.as_str(), "]"].concat();
            let radio = screen.document.query_selector(&selector).ok()??;
            Some((method, radio.dyn_into().ok()?))
        })
        .collect()
}

/// The step a way to pay begins with, as events name it.
fn step(method: PaymentMethod) -> Step {
    match method {
        PaymentMethod::Card => Step::Card,
        PaymentMethod::FlexitiAccount => Step::Account,
        PaymentMethod::CreditApplication => Step::Application,
    }
}
