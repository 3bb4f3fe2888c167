//! Paying with an existing Flexiti account: find it (by card number, or by who the shopper is),
//! verify it is theirs (a security question, or a code by text or e-mail), choose a plan with
//! what it costs a month, confirm. Each refusal shows the catalogue's message.
//!
//! Written with the DOM's own calls (`crate::dom`), as the card form is: a session that offers
//! only this flow downloads it with the first screen before the shopper can pay, and Leptos's
//! renderer and reactive graph more than doubled that download. The credit application shows it
//! too, for the account it has just opened (`parts::AccountPart`).

mod pricing;
mod purchase;
mod stages;
mod words;

use std::{
    cell::{Cell, RefCell},
    future::Future,
    rc::Rc,
};

use shared::{
    AccountSummary, CheckoutView, ErrorCode, Locale, PaymentMethod, PurchaseReceipt, Step,
    WidgetEvent,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element, HtmlElement};

use self::words::{Words, words};
use crate::{
    api::ApiFailure,
    dom::{self, Interval, Listeners},
    events,
    flows::{fresh_session, parts::Place},
};

/// The flow on the page: dropping it takes the flow off the page, with its handlers and its
/// session refresh.
pub struct FlexitiAccount {
    flow: Rc<Flow>,
    _refresh: Option<Interval>,
}

impl Drop for FlexitiAccount {
    fn drop(&mut self) {
        // A call still in flight holds the flow too: what it answers is not shown.
        self.flow.gone.set(true);
        // The handlers of the step and of the notice hold the flow: dropping them lets it go.
        drop(self.flow.stage.take());
        drop(self.flow.notice.take());
        self.flow.section.remove();
    }
}

/// Shows the flow at the end of `place`'s element: from its first step, or at the plans of the
/// account the shopper has just `opened` and verified here.
pub fn show(place: Place, opened: Option<AccountSummary>) -> Option<FlexitiAccount> {
    let document = dom::document()?;
    let words = words(place.locale);
    let (section, heading) =
        dom::titled_section(&document, "account", "account-heading", words.heading)?;
    // Focused after each step, so that the next is read out from the top.
    let _ = heading.set_attribute("tabindex", "-1");
    let _ = place.parent.append_child(&section);
    let flow = Rc::new(Flow {
        document,
        locale: place.locale,
        words,
        session: place.session,
        switch_to: place.switch_to,
        section,
        heading,
        notice: RefCell::new(Notice::default()),
        attempts: Cell::new(0),
        busy: Cell::new(false),
        following: Cell::new(false),
        announced: Cell::new(false),
        paid: Cell::new(false),
        gone: Cell::new(false),
        quotes: Cell::new(0),
        asking: RefCell::new(None),
        quoted_at: Cell::new(0.0),
        priced: RefCell::new(None),
        stage: RefCell::new(None),
    });
    let opened_here = opened.is_some();
    flow.draw(match opened {
        Some(summary) => Stage::Plan {
            summary,
            code_sent: false,
        },
        None => Stage::Find,
    });
    // Opened inside the credit application, the application keeps the session current.
    let refresh = (!opened_here).then(|| fresh_session::keep(Rc::clone(&flow.session), || {}));
    Some(FlexitiAccount {
        flow,
        _refresh: refresh,
    })
}

/// Where the shopper is in the flow.
enum Stage {
    Find,
    Verify(AccountSummary),
    Plan {
        summary: AccountSummary,
        code_sent: bool,
    },
    Done(PurchaseReceipt),
    /// Paid, as the session says, when no receipt came: the plan, without what Flexiti's list
    /// of purchases does not give.
    Settled {
        plan_name: String,
        term: Option<u32>,
    },
}

/// A step on the page: its elements (after the heading and any refusal), its handlers, and the
/// button that is disabled while a call is in flight.
struct StageView {
    nodes: Vec<Element>,
    _listeners: Listeners,
    submit: Option<Element>,
}

impl Drop for StageView {
    fn drop(&mut self) {
        for node in &self.nodes {
            node.remove();
        }
    }
}

/// The last refusal's alert, and the way to pay by card after "not enough credit", with its
/// handler.
#[derive(Default)]
struct Notice {
    elements: Vec<Element>,
    listeners: Listeners,
}

impl Drop for Notice {
    fn drop(&mut self) {
        for element in &self.elements {
            element.remove();
        }
    }
}

/// The flow's elements and state.
struct Flow {
    document: Document,
    locale: Locale,
    words: &'static Words,
    /// The session as last read: the first screen's, or inside the credit application a copy
    /// that follows the application's.
    session: Rc<RefCell<CheckoutView>>,
    switch_to: Rc<dyn Fn(PaymentMethod)>,
    section: Element,
    heading: Element,
    notice: RefCell<Notice>,
    /// Refusals so far: each alert is numbered, so that the same refusal twice is announced anew.
    attempts: Cell<u32>,
    busy: Cell<bool>,
    /// A purchase whose outcome was not known is being followed (`purchase::follow`).
    following: Cell<bool>,
    /// The proxy said a purchase is being confirmed: if it settles unpaid, the shopper is told.
    announced: Cell<bool>,
    /// Shown paid, and the merchant's page told: once.
    paid: Cell<bool>,
    /// Taken off the page: a call that answers now changes nothing.
    gone: Cell<bool>,
    /// Quotes asked for so far: only the last one asked is shown, whatever order they come in.
    quotes: Cell<u32>,
    /// The plan and term a quote is on its way for, so that asking again waits for it.
    asking: RefCell<Option<(String, u32)>>,
    /// When the last quote was asked (`Date.now()`, milliseconds): the next waits its turn.
    quoted_at: Cell<f64>,
    /// The plan, term and amount whose price is shown: the purchase is confirmed only when they
    /// are the chosen plan's and the session's amount.
    priced: RefCell<Option<(String, u32, u64)>>,
    stage: RefCell<Option<StageView>>,
}

impl Flow {
    /// Shows `stage` in place of the step shown.
    fn draw(self: &Rc<Self>, stage: Stage) {
        if self.gone.get() {
            return;
        }
        drop(self.stage.take());
        let view = match stage {
            Stage::Find => stages::find(self),
            Stage::Verify(summary) => stages::verify(self, &summary),
            Stage::Plan { summary, code_sent } => stages::plan(self, &summary, code_sent),
            Stage::Done(receipt) => stages::receipt(self, &receipt),
            Stage::Settled { plan_name, term } => stages::settled(self, &plan_name, term),
        };
        if let Some(view) = &view {
            for node in &view.nodes {
                let _ = self.section.append_child(node);
            }
        }
        *self.stage.borrow_mut() = view;
    }

    /// Moves on to `stage`: the refusal shown goes, the page hears of the `step`, and the new
    /// step is announced, the keyboard starting from its top.
    fn advance(self: &Rc<Self>, stage: Stage, step: Step) {
        if self.gone.get() {
            return;
        }
        self.show_notice(Notice::default());
        self.attempts.set(0);
        self.draw(stage);
        events::send(WidgetEvent::StepChanged { step });
        if let Some(heading) = self.heading.dyn_ref::<HtmlElement>() {
            let _ = heading.focus();
        }
    }

    /// Says why the last call failed; after "not enough credit", offers the card when the
    /// merchant takes cards.
    fn fail(self: &Rc<Self>, error: ApiFailure) {
        if self.gone.get() {
            return;
        }
        let short_of_credit = matches!(
            &error,
            ApiFailure::Refused(refusal) if refusal.code == ErrorCode::NotEnoughCredit
        );
        let message = match error {
            ApiFailure::Refused(error) => error.message,
            ApiFailure::Network => self.words.network.to_owned(),
        };
        self.attempts.set(self.attempts.get() + 1);
        let mut notice = Notice::default();
        notice.elements.extend(self.alert(&message));
        let card_offered = self.session.borrow().methods.contains(&PaymentMethod::Card);
        if short_of_credit && card_offered {
            notice
                .elements
                .extend(self.pay_by_card(&mut notice.listeners));
        }
        self.show_notice(notice);
    }

    /// Says `message` in an alert, in place of the refusal shown.
    fn warn(&self, message: &str) {
        let mut notice = Notice::default();
        notice.elements.extend(self.alert(message));
        self.show_notice(notice);
    }

    /// `<div class="notice notice--error" role="alert" data-attempt="N">`.
    fn alert(&self, message: &str) -> Option<Element> {
        let alert = dom::alert(&self.document, message)?;
        let _ = alert.set_attribute("data-attempt", &self.attempts.get().to_string());
        Some(alert)
    }

    /// The button that switches to the card.
    fn pay_by_card(&self, listeners: &mut Listeners) -> Option<Element> {
        let button = dom::button(
            &self.document,
            "button",
            "button button--primary",
            self.words.pay_by_card,
        )?;
        let _ = button.set_attribute("id", "pay-by-card-instead");
        let switch_to = Rc::clone(&self.switch_to);
        listeners.add(&button, "click", move |_| switch_to(PaymentMethod::Card));
        Some(button)
    }

    /// Shows `notice` just after the heading, in place of the one shown.
    fn show_notice(&self, notice: Notice) {
        drop(self.notice.take());
        let mut after = self.heading.clone();
        for element in &notice.elements {
            let _ = after.after_with_node_1(element);
            after = element.clone();
        }
        *self.notice.borrow_mut() = notice;
    }

    /// Runs `call`, the step's button disabled meanwhile; its result goes to `then`, a refusal
    /// to `fail`. Nothing happens while another call is in flight.
    fn run<T: 'static>(
        self: &Rc<Self>,
        call: impl Future<Output = Result<T, ApiFailure>> + 'static,
        then: impl FnOnce(&Rc<Flow>, T) + 'static,
        fail: impl FnOnce(&Rc<Flow>, ApiFailure) + 'static,
    ) {
        if self.busy.get() {
            return;
        }
        self.set_busy(true);
        let flow = Rc::clone(self);
        spawn_local(async move {
            match call.await {
                Ok(value) => then(&flow, value),
                Err(error) => fail(&flow, error),
            }
            flow.set_busy(false);
        });
    }

    fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        let stage = self.stage.borrow();
        let Some(submit) = stage.as_ref().and_then(|view| view.submit.as_ref()) else {
            return;
        };
        dom::set_disabled(submit, busy);
    }
}
