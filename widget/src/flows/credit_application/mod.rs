//! The Flexiti credit application: four short steps (GOV.UK's one-thing-per-page, loosened to
//! one topic per page), the same rules as the proxy run before anything is sent, then Flexiti's
//! decision. Approved, the shopper pays with the new account at once; in Quebec they first see
//! the debt ratio and may cancel the account.
//!
//! Written with the DOM's own calls (`crate::dom`), as the other flows are: a session that
//! offers only the application downloads it with the first screen, and a renderer and reactive
//! graph would have more than doubled that download.

mod decision;
mod fields;
mod form;
mod outcome;
mod paying;
mod steps;
mod terms;
mod words;

use std::{
    any::Any,
    cell::{Cell, RefCell},
    rc::Rc,
};

use shared::{
    ApiError, ApplicantField, ApplicationApproval, ApplicationStatus, CheckoutView, Disclosures,
    ErrorCode, FormConfig, Locale, PaymentMethod, Step, WidgetEvent,
};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

use self::{
    form::Form,
    steps::{Section, Shown, told},
    words::{Words, words},
};
use crate::{
    answers,
    api::{self, ApiFailure},
    dom::{self, Interval, Listeners},
    events,
    flows::{failure_message, fresh_session, parts},
    i18n,
};

/// The id of the heading that takes focus whenever the screen changes.
const HEADING: &str = "application-heading";

/// The application on the page: dropping it takes it off the page, with its handlers and its
/// session refresh.
pub struct CreditApplication {
    application: Rc<Application>,
    _refresh: Interval,
}

impl Drop for CreditApplication {
    fn drop(&mut self) {
        let application = &self.application;
        // A call still in flight holds the application too: what it answers is not shown.
        application.gone.set(true);
        if let Some(form) = application.form.take() {
            form.forget_handlers();
        }
        drop(application.screen.take());
        application.section.remove();
    }
}

/// Shows the application at the end of `place`'s element: its options load, then its first
/// step. An approved applicant pays with the account flow, from its `account` part.
pub fn show(place: parts::Place, account: parts::AccountPart) -> Option<CreditApplication> {
    let document = dom::document()?;
    let words = words(place.locale);
    let (section, _) =
        dom::titled_section(&document, "application", "application-title", words.heading)?;
    let _ = place.parent.append_child(&section);
    let application = Rc::new(Application {
        document,
        locale: place.locale,
        words,
        session: place.session,
        switch_to: place.switch_to,
        account,
        section,
        screen: RefCell::new(None),
        form: RefCell::new(None),
        disclosures: RefCell::new(None),
        busy: Cell::new(false),
        gone: Cell::new(false),
    });
    Application::load(&application);
    let refresh = fresh_session::keep(Rc::clone(&application.session), || {});
    Some(CreditApplication {
        application,
        _refresh: refresh,
    })
}

/// What shows below the application's title: its elements, its handlers, the buttons that wait
/// while a call is in flight, and what else it keeps alive (the account flow it shows).
struct Screen {
    root: Option<Element>,
    listeners: Listeners,
    waiting: Vec<Element>,
    keeps: Option<Box<dyn Any>>,
}

impl Screen {
    /// A screen of `root` alone.
    fn of(root: Option<Element>) -> Screen {
        Screen {
            root,
            listeners: Listeners::default(),
            waiting: Vec::new(),
            keeps: None,
        }
    }
}

impl Screen {
    /// Says `message` at the end of the screen, in an alert with `id` that replaces the one said
    /// before (so that it is read out anew); `None` takes it away. The alert, when there is one.
    fn say(&self, document: &Document, id: &str, message: Option<&str>) -> Option<Element> {
        let root = self.root.as_ref()?;
        if let Some(said) = document.get_element_by_id(id)
            && root.contains(Some(&said))
        {
            said.remove();
        }
        let alert = dom::alert(document, message?)?;
        let _ = alert.set_attribute("id", id);
        let _ = root.append_child(&alert);
        Some(alert)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if let Some(root) = &self.root {
            root.remove();
        }
    }
}

/// The application's elements and state.
struct Application {
    document: Document,
    locale: Locale,
    words: &'static Words,
    /// The session as last read, kept current.
    session: Rc<RefCell<CheckoutView>>,
    switch_to: Rc<dyn Fn(PaymentMethod)>,
    /// The account flow, to pay with the account just opened.
    account: parts::AccountPart,
    section: Element,
    screen: RefCell<Option<Screen>>,
    /// The form, once its options are here: kept whatever screen shows, so nothing typed is lost.
    form: RefCell<Option<Rc<Form>>>,
    /// Flexiti's disclosures, once loaded: without them the application still works.
    disclosures: RefCell<Option<Disclosures>>,
    busy: Cell<bool>,
    /// Taken off the page: a call that answers now changes nothing.
    gone: Cell<bool>,
}

/// The amount as a shopper would type it: `1200.00`, `1200,00`.
fn dollars_text(cents: u64, locale: Locale) -> String {
    let mark = locale.pick(".", ",");
    format!("{}{mark}{:02}", cents / 100, cents % 100)
}

impl Application {
    /// Loads the form's options, then shows the form; a failed load offers to try again.
    fn load(application: &Rc<Self>) {
        let loading = dom::text(
            &application.document,
            "p",
            "status",
            i18n::text(application.locale).loading,
        );
        if let Some(loading) = &loading {
            let _ = loading.set_attribute("role", "status");
        }
        application.show(Screen::of(loading));
        let application = Rc::clone(application);
        spawn_local(async move {
            let config = api::get(api::form_config(application.locale))
                .await
                .and_then(|body| api::read_by(body, answers::form_config));
            if application.gone.get() {
                return;
            }
            match config {
                Ok(config) => Application::start(&application, config),
                Err(failure) => application.offer_retry(&failure),
            }
        });
    }

    /// Why the options could not load, and a way to load them again.
    fn offer_retry(self: &Rc<Self>, failure: &ApiFailure) {
        let message = failure_message(failure, self.locale);
        let try_again = i18n::text(self.locale).try_again;
        let Some((notice, button)) = dom::retry_notice(&self.document, message, try_again) else {
            return;
        };
        let mut screen = Screen::of(Some(notice));
        let weak = Rc::downgrade(self);
        screen.listeners.add_click_later(&button, move || {
            if let Some(application) = weak.upgrade() {
                Application::load(&application);
            }
        });
        self.show(screen);
    }

    /// Shows the form at its first step; loads the disclosures, and the account flow an
    /// approved applicant pays with, while the applicant fills it.
    fn start(self: &Rc<Self>, config: FormConfig) {
        let amount = dollars_text(self.session.borrow().amount_cents, self.locale);
        let Some(form) = Form::new(&self.document, self.locale, config, &amount) else {
            return;
        };
        let weak = Rc::downgrade(self);
        form.listen(move || {
            if let Some(application) = weak.upgrade() {
                application.submit();
            }
        });
        *self.form.borrow_mut() = Some(form);
        self.show_form();
        let application = Rc::clone(self);
        spawn_local(async move {
            let loaded = api::get(api::disclosures(application.locale))
                .await
                .and_then(|body| api::read_by(body, answers::disclosures));
            if let (Ok(disclosures), Some(form)) = (loaded, application.form()) {
                form.disclose(
                    disclosures.privacy.as_deref(),
                    disclosures.credit.as_deref(),
                );
                // Slow enough to arrive after the decision: beside the debt ratio shown.
                if let Some(html) = &disclosures.debt_ratio {
                    outcome::add_debt_ratio_disclosure(&application.document, html);
                }
                *application.disclosures.borrow_mut() = Some(disclosures);
            }
        });
        let fetch = self.account.fetch;
        spawn_local(async move {
            let _ = fetch().await;
        });
    }

    fn form(&self) -> Option<Rc<Form>> {
        self.form.borrow().clone()
    }

    /// Shows `screen` below the title, in place of the one shown.
    fn show(&self, screen: Screen) {
        drop(self.screen.take());
        if let Some(root) = &screen.root {
            let _ = self.section.append_child(root);
        }
        *self.screen.borrow_mut() = Some(screen);
    }

    /// Shows the form, at the step it is at.
    fn show_form(&self) {
        let Some(form) = self.form() else {
            return;
        };
        self.show(Screen::of(Some(form.screen().clone())));
    }

    /// Continue checks this step's fields; the last step checks them all and sends.
    fn submit(self: &Rc<Self>) {
        let Some(form) = self.form() else {
            return;
        };
        let current = form.section();
        let checked = form.check();
        let found: Vec<_> = match &checked {
            Ok(_) => Vec::new(),
            Err(found) => found
                .iter()
                .filter(|problem| {
                    current == Section::Security || Section::of(problem.field) == current
                })
                .copied()
                .collect(),
        };
        if !found.is_empty() {
            return self.show_problems(&told(&found, self.locale));
        }
        form.show_problems(&[]);
        match (current.next(), checked) {
            (Some(next), _) => form.go_to(next),
            (None, Ok(application)) => self.send(application),
            (None, Err(_)) => {}
        }
    }

    /// Back to the form, at the step of the first of `found`, which are listed and marked.
    fn show_problems(&self, found: &[Shown]) {
        let Some(form) = self.form() else {
            return;
        };
        if let Some((first, _)) = found.first() {
            form.draw(Section::of(*first));
        }
        self.show_form();
        form.show_problems(found);
    }

    /// Sends the application; Flexiti's decision shows next.
    fn send(self: &Rc<Self>, application: shared::CreditApplication) {
        self.run(
            async move { api::apply(&application).await },
            |this, approval| {
                events::send(WidgetEvent::ApplicationResult {
                    status: ApplicationStatus::Approved,
                });
                events::send(WidgetEvent::StepChanged { step: Step::Result });
                this.to_stage(Stage::Approved(approval));
            },
            Application::refused,
        );
    }

    /// A refused application: back to the fields it names, or why not and what next.
    fn refused(self: &Rc<Self>, error: ApiError) {
        if error.fields.is_empty() {
            announce_refusal(error.code);
            self.to_stage(Stage::Refused(error));
        } else {
            self.show_problems(&server_problems(&error));
        }
    }

    /// Runs `call`, the buttons waiting meanwhile; its answer goes to `then`, a refusal to
    /// `refused`; no network is said where the shopper is, nothing lost. Nothing happens while
    /// another call is in flight.
    fn run<T: 'static>(
        self: &Rc<Self>,
        call: impl Future<Output = Result<T, ApiFailure>> + 'static,
        then: impl FnOnce(&Rc<Application>, T) + 'static,
        refused: fn(&Rc<Application>, ApiError),
    ) {
        if self.busy.get() {
            return;
        }
        self.set_busy(true);
        self.show_network(false);
        let this = Rc::clone(self);
        spawn_local(async move {
            let answer = call.await;
            if this.gone.get() {
                return;
            }
            this.set_busy(false);
            match answer {
                Ok(value) => then(&this, value),
                Err(ApiFailure::Refused(error)) => refused(&this, error),
                Err(ApiFailure::Network) => this.show_network(true),
            }
        });
    }

    fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        if let Some(form) = self.form() {
            form.set_busy(busy);
        }
        if let Some(screen) = &*self.screen.borrow() {
            for button in &screen.waiting {
                dom::set_disabled(button, busy);
            }
        }
    }

    /// Says the last call found no network, what was typed being kept; or takes that away. The
    /// form says it above its fields; another screen (the cancellation's question) at its end.
    fn show_network(&self, failed: bool) {
        let form = self.form();
        if let Some(form) = &form {
            form.show_network(failed);
        }
        if let Some(screen) = &*self.screen.borrow()
            && screen.root.as_ref() != form.as_ref().map(|form| form.screen())
        {
            screen.say(
                &self.document,
                "network-notice",
                failed.then_some(self.words.network),
            );
        }
    }
}

/// The screens after the form.
enum Stage {
    /// Approved: the credit, and in Quebec the choice to keep it.
    Approved(ApplicationApproval),
    /// Quebec: asked to cancel, not yet confirmed.
    ConfirmCancel(ApplicationApproval),
    /// Quebec: the account is closed.
    Cancelled,
    /// Not approved, or refused: why, and what next.
    Refused(ApiError),
}

/// The proxy's field errors, on the form's fields (those it names that the form has).
fn server_problems(error: &ApiError) -> Vec<Shown> {
    let mut found: Vec<Shown> = error
        .fields
        .iter()
        .filter_map(|field| {
            ApplicantField::from_upstream(&field.field).map(|at| (at, field.message.clone()))
        })
        .collect();
    ApplicantField::sort_in_form_order(&mut found, |(field, _)| *field);
    found
}

/// Tells the host page how the application ended, when a refusal is an ending.
fn announce_refusal(code: ErrorCode) {
    let status = match code {
        ErrorCode::ApplicationDeclined => ApplicationStatus::Declined,
        ErrorCode::ApplicationPending => ApplicationStatus::Pending,
        _ => return,
    };
    events::send(WidgetEvent::ApplicationResult { status });
    events::send(WidgetEvent::StepChanged { step: Step::Result });
}
