//! The first screen: the session read, then the choice of how to pay, and the chosen flow in
//! its place once its part has arrived (`flows::parts`).
//!
//! Written with the DOM's own calls rather than a UI framework: the first screen is what every
//! shopper downloads and runs before anything works, and Leptos's renderer and reactive graph
//! were about a third of its wasm and most of the functions the browser compiled before the first
//! screen showed. Every flow is written the same way, and mounts itself below the choice.

use std::{cell::RefCell, rc::Rc};

use shared::{CheckoutView, Locale, PaymentMethod, Step, WidgetEvent};
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

/// Shows the first screen in `locale` on the page's `<body>`, and reads the session.
pub fn show(locale: Locale) {
    let Some(document) = dom::document() else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
    let Ok(screen) = document.create_element("main") else {
        return;
    };
    screen.set_class_name("checkout");
    if let Some(body) = document.body() {
        let _ = body.append_child(&screen);
    }
    read_session(Screen {
        document,
        screen,
        locale,
    });
}

/// The `<main>` the first screen fills, in the shopper's language.
#[derive(Clone)]
struct Screen {
    document: Document,
    screen: Element,
    locale: Locale,
}

impl Screen {
    /// `<tag class="class">`, or `None` when the page will not make one.
    fn element(&self, tag: &str, class: &str) -> Option<Element> {
        dom::element(&self.document, tag, class)
    }

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
/// offers and says `ready`; or says why it could not, with a retry.
fn read_session(screen: Screen) {
    screen.replace_all(screen.loading());
    spawn_local(async move {
        let read = api::session()
            .await
            .and_then(|body| answers::checkout_view(body).ok_or(ApiFailure::Network));
        match read {
            Ok(session) => {
                Methods::show(&screen, session.clone());
                announce(&session);
            }
            Err(failure) => {
                let message = i18n::session_failure(&failure, screen.locale);
                let again = screen.clone();
                screen.replace_all(screen.retry_notice(message, move || read_session(again)));
            }
        }
    });
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
        let offered: Vec<PaymentMethod> = PaymentMethod::ALL
            .into_iter()
            .filter(|method| session.methods.contains(method))
            .collect();
        screen.replace_all(None);
        let words = i18n::text(screen.locale);
        let radios = if offered.len() > 1 {
            choice(screen, &offered)
        } else {
            Vec::new()
        };
        if offered.is_empty() {
            let none = screen.text("p", "status", words.no_method);
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
        // With one way to pay, its flow shows at once.
        if let [only] = offered[..] {
            methods.choose(only);
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

/// The fieldset of radios, one per way to pay `offered`; none checked.
fn choice(screen: &Screen, offered: &[PaymentMethod]) -> Vec<(PaymentMethod, HtmlInputElement)> {
    let words = i18n::text(screen.locale);
    let Some(fieldset) = screen.element("fieldset", "methods") else {
        return Vec::new();
    };
    // The question is the screen's heading while no flow is shown below it.
    if let (Some(legend), Some(heading)) = (
        screen.element("legend", "methods__legend"),
        screen.text("h1", "methods__heading", words.method_legend),
    ) {
        let _ = legend.append_child(&heading);
        let _ = fieldset.append_child(&legend);
    }
    let mut radios = Vec::new();
    for &method in offered {
        let label = match method {
            PaymentMethod::Card => words.method_card,
            PaymentMethod::FlexitiAccount => words.method_account,
            PaymentMethod::CreditApplication => words.method_credit,
        };
        let answer = ("method", method.as_str());
        if let Some(radio) = dom::choice(&screen.document, &fieldset, answer, label) {
            radios.push((method, radio));
        }
    }
    let _ = screen.screen.append_child(&fieldset);
    radios
}

/// The step a way to pay begins with, as events name it.
fn step(method: PaymentMethod) -> Step {
    match method {
        PaymentMethod::Card => Step::Card,
        PaymentMethod::FlexitiAccount => Step::Account,
        PaymentMethod::CreditApplication => Step::Application,
    }
}
