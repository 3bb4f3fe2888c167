//! Paying by card: the number formatted and its brand shown as typed, the same checks the proxy
//! makes (`shared::card`) before anything is sent, one payment in flight at a time, and the result
//! by outcome class, in the shopper's language.
//!
//! Written with the DOM's own calls (`crate::dom`), as the first screen is, not with a UI
//! framework: a session that offers only cards downloads this flow with the first screen before
//! the shopper can pay, and Leptos's renderer and reactive graph more than doubled that download.

mod entry;
mod words;

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use shared::{
    CardBrand, CardNextStep, CardPaymentResult, CardProblem, CheckoutView, ErrorCode, Locale,
    PaymentMethod, WidgetEvent, format_amount, format_card_number,
};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

use self::{
    entry::{Typed, brand_so_far, format_expiry},
    words::{Words, words},
};
use crate::{
    api::{self, ApiFailure},
    dom::{
        self, Interval, Listeners, error_summary::ErrorSummary, field::FieldSpec,
        text_field::TextField,
    },
    events,
    flows::{fresh_session, parts::Place},
};

/// The card form on the page: dropping it takes the form off the page, with its handlers and
/// its session refresh.
pub struct CardPayment {
    form: Rc<Form>,
    _listeners: Listeners,
    _refresh: Interval,
}

impl Drop for CardPayment {
    fn drop(&mut self) {
        self.form.section.remove();
    }
}

/// Shows the card form at the end of `place`'s element.
pub fn show(place: Place) -> Option<CardPayment> {
    let document = dom::document()?;
    let form = Rc::new(Form::new(&document, place.locale, place.session)?);
    let _ = place.parent.append_child(&form.section);
    form.show_amount();

    let mut listeners = Listeners::default();
    let brand = form.brand.clone();
    form.fields
        .number
        .on_input(&mut listeners, Some(format_card_number), move |typed| {
            brand.set_text_content(brand_so_far(typed).map(CardBrand::label));
        });
    form.fields
        .expiry
        .on_input(&mut listeners, Some(format_expiry), |_| {});
    let submitted = Rc::clone(&form);
    listeners.add(&form.form, "submit", move |event| {
        event.prevent_default();
        pay(&submitted);
    });
    let refreshed = Rc::clone(&form);
    let refresh = fresh_session::keep(Rc::clone(&form.session), move || refreshed.show_amount());
    Some(CardPayment {
        form,
        _listeners: listeners,
        _refresh: refresh,
    })
}

/// The card form's elements and state.
struct Form {
    document: Document,
    locale: Locale,
    words: &'static Words,
    /// The session as last read, shared with the first screen.
    session: Rc<RefCell<CheckoutView>>,
    section: Element,
    heading: Element,
    summary: ErrorSummary,
    /// The alert of the last payment that failed, while it stands.
    notice: RefCell<Option<Element>>,
    form: Element,
    fields: Fields,
    brand: Element,
    pay: Element,
    in_flight: Cell<bool>,
}

/// The form's fields.
struct Fields {
    number: TextField,
    expiry: TextField,
    cvc: TextField,
    name: TextField,
    city: TextField,
    postal_code: TextField,
}

impl Form {
    fn new(
        document: &Document,
        locale: Locale,
        session: Rc<RefCell<CheckoutView>>,
    ) -> Option<Form> {
        let words = words(locale);
        // Its words follow the amount: written once the session is read.
        let (section, heading) = dom::titled_section(document, "card", "card-heading", "")?;
        let form = dom::form(document)?;
        let fields = Fields::new(document, words)?;
        let brand = dom::element(document, "p", "field__hint")?;
        dom::set_attributes(&brand, &[("id", "number-brand"), ("aria-live", "polite")]);
        let pay = dom::button(document, "submit", "button button--primary", "")?;
        for (index, field) in fields.in_order().into_iter().enumerate() {
            let _ = form.append_child(field.element());
            if index == 0 {
                let _ = form.append_child(&brand);
            }
        }
        let _ = form.append_child(&pay);
        let _ = section.append_child(&form);
        Some(Form {
            summary: ErrorSummary::new(document, words.problems)?,
            document: document.clone(),
            locale,
            words,
            session,
            section,
            heading,
            notice: RefCell::new(None),
            form,
            fields,
            brand,
            pay,
            in_flight: Cell::new(false),
        })
    }

    /// The session's amount in the heading and on the button.
    fn show_amount(&self) {
        let amount = format_amount(self.session.borrow().amount_cents, self.locale);
        let heading = format!("{} · {amount}", self.words.heading);
        self.heading.set_text_content(Some(&heading));
        let pay = if self.in_flight.get() {
            self.words.paying.to_owned()
        } else {
            format!("{} {amount}", self.words.pay)
        };
        self.pay.set_text_content(Some(&pay));
    }

    fn set_in_flight(&self, in_flight: bool) {
        self.in_flight.set(in_flight);
        dom::set_disabled(&self.pay, in_flight);
        self.show_amount();
    }

    /// Each field's problem under it, and all of them in the summary (which takes focus).
    fn show_problems(&self, problems: &[CardProblem]) {
        for (problem, field) in self.fields.by_problem() {
            let message = problems
                .contains(&problem)
                .then(|| problem.message(self.locale));
            field.show_error(message);
        }
        let listed: Vec<(&str, &str)> = problems
            .iter()
            .map(|problem| (problem.field(), problem.message(self.locale)))
            .collect();
        self.summary.show(&self.heading, &listed);
    }

    /// An alert with `message` above the form, in place of the last one; none with `None`.
    fn show_failure(&self, message: Option<&str>) {
        if let Some(shown) = self.notice.borrow_mut().take() {
            shown.remove();
        }
        let Some(message) = message else {
            return;
        };
        let Some(notice) = dom::alert(&self.document, message) else {
            return;
        };
        let _ = self.form.before_with_node_1(&notice);
        *self.notice.borrow_mut() = Some(notice);
    }

    /// The approved payment in place of the form: last four digits and our reference, nothing more.
    fn show_receipt(&self, result: &CardPaymentResult) {
        // The card's number and code are not kept once paid, not even off the page.
        self.fields.number.clear();
        self.fields.cvc.clear();
        self.summary.show(&self.heading, &[]);
        self.show_failure(None);
        self.form.remove();
        let _ = self
            .receipt(result)
            .map(|receipt| self.section.append_child(&receipt));
    }

    fn receipt(&self, result: &CardPaymentResult) -> Option<Element> {
        let (document, words) = (&self.document, self.words);
        let receipt = dom::element(document, "div", "receipt")?;
        let _ = receipt.set_attribute("role", "status");
        let done = result.next_step == CardNextStep::Done;
        let title = dom::text(
            document,
            "p",
            "receipt__title",
            if done { words.paid } else { "" },
        )?;
        let last_four = result.last_four.as_deref().unwrap_or_default();
        let ending = dom::text(document, "p", "", &format!("{} {last_four}", words.ending))?;
        let reference = dom::text(document, "p", "", &format!("{} ", words.reference))?;
        let id = &result.merchant_transaction_id;
        let id = dom::text(document, "span", "receipt__reference", id)?;
        let _ = reference.append_child(&id);
        for line in [title, ending, reference] {
            let _ = receipt.append_child(&line);
        }
        Some(receipt)
    }
}

impl Fields {
    fn new(document: &Document, words: &'static Words) -> Option<Fields> {
        let field = |spec| TextField::new(document, spec);
        let expiry = FieldSpec::new("expiry_month", words.expiry, "cc-exp", "numeric");
        Some(Fields {
            number: field(FieldSpec::new(
                "number",
                words.number,
                "cc-number",
                "numeric",
            ))?,
            expiry: field(expiry.with_hint(words.expiry_hint))?,
            cvc: field(FieldSpec::new("cvc", words.cvc, "cc-csc", "numeric"))?,
            name: field(FieldSpec::new("holder_name", words.name, "cc-name", "text"))?,
            city: field(FieldSpec::new("city", words.city, "address-level2", "text"))?,
            postal_code: field(FieldSpec::new(
                "postal_code",
                words.postal_code,
                "postal-code",
                "text",
            ))?,
        })
    }

    /// Each field with the problem it can have, in the order of the form.
    fn by_problem(&self) -> [(CardProblem, &TextField); 6] {
        [
            (CardProblem::Number, &self.number),
            (CardProblem::Expiry, &self.expiry),
            (CardProblem::Cvc, &self.cvc),
            (CardProblem::Name, &self.name),
            (CardProblem::City, &self.city),
            (CardProblem::PostalCode, &self.postal_code),
        ]
    }

    fn in_order(&self) -> [&TextField; 6] {
        self.by_problem().map(|(_, field)| field)
    }

    fn typed(&self) -> Typed {
        Typed {
            number: self.number.value(),
            expiry: self.expiry.value(),
            cvc: self.cvc.value(),
            name: self.name.value(),
            city: self.city.value(),
            postal_code: self.postal_code.value(),
        }
    }
}

/// Sends the payment, unless one is in flight or the form has problems (then shown).
fn pay(form: &Rc<Form>) {
    if form.in_flight.get() {
        return;
    }
    let (amount_cents, currency, revision) = {
        let session = form.session.borrow();
        (session.amount_cents, session.currency, session.revision)
    };
    let request = match form.fields.typed().request(revision, today()) {
        Ok(request) => request,
        Err(problems) => {
            form.show_problems(&problems);
            return;
        }
    };
    form.show_problems(&[]);
    form.show_failure(None);
    form.set_in_flight(true);
    let form = Rc::clone(form);
    spawn_local(async move {
        let failed = |code| events::payment_failed(PaymentMethod::Card, code);
        match api::card_payment(&request).await {
            Ok(paid) if paid.outcome.is_approved() => {
                events::send(WidgetEvent::PaymentSucceeded {
                    method: PaymentMethod::Card,
                    amount_cents,
                    currency,
                });
                form.show_receipt(&paid);
            }
            Ok(declined) => {
                failed(None);
                form.show_failure(Some(&declined.message));
            }
            Err(ApiFailure::Refused(error)) => {
                failed(Some(error.code));
                if error.code == ErrorCode::AmountChanged
                    && fresh_session::read(&form.session).await == Some(true)
                {
                    form.show_amount();
                }
                form.show_failure(Some(&error.message));
            }
            Err(ApiFailure::Network) => form.show_failure(Some(form.words.network)),
        }
        form.set_in_flight(false);
    });
}

/// Today's (year, month), from the shopper's clock: the proxy checks again with its own.
fn today() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).unwrap_or(u16::MAX);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(12);
    (year, month)
}
