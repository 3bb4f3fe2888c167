//! The flow's steps, each drawn with the DOM's own calls: find the account, verify it is the
//! shopper's, choose a plan and confirm, and the receipt.

use std::rc::Rc;

use shared::{
    AccountLookup, AccountSummary, PurchaseReceipt, PurchaseRequest, Sensitive, Step,
    VerificationMethod, VerifyRequest, VerifyResult, format_amount, format_card_number,
};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use super::{Flow, Stage, StageView, pricing, purchase};
use crate::{
    api,
    dom::{self, Listeners, field::FieldSpec, text_field::TextField},
};

/// Step 1: the Flexiti card number, or who the shopper is.
pub fn find(flow: &Rc<Flow>) -> Option<StageView> {
    let (document, words) = (&flow.document, flow.words);
    let fieldset = dom::element(document, "fieldset", "methods")?;
    let legend = dom::text(document, "legend", "methods__legend", words.find_by)?;
    let _ = fieldset.append_child(&legend);
    let by_card = dom::choice(document, &fieldset, ("find", "card"), words.card_number)?;
    let by_person = dom::choice(document, &fieldset, ("find", "person"), words.by_identity)?;
    by_card.set_checked(true);
    let [first, last, dob, postal] = [
        FieldSpec::new("first_name", words.first_name, "given-name", "text"),
        FieldSpec::new("last_name", words.last_name, "family-name", "text"),
        FieldSpec::new("dob", words.dob, "bday", "text").with_hint(words.dob_hint),
        FieldSpec::new(
            "lookup_postal_code",
            words.postal_code,
            "postal-code",
            "text",
        ),
    ]
    .map(|spec| TextField::new(document, spec));
    let fields = Rc::new(FindFields {
        form: dom::form(document)?,
        number: TextField::new(
            document,
            FieldSpec::new("vcc_number", words.card_number, "off", "numeric"),
        )?,
        person: [first?, last?, dob?, postal?],
        submit: dom::button(document, "submit", "button button--primary", words.find)?,
        by_card: by_card.clone(),
    });
    let _ = fields.form.append_child(&fields.submit);
    fields.show();
    let mut listeners = Listeners::default();
    fields
        .number
        .on_input(&mut listeners, Some(format_card_number), |_| {});
    for radio in [&by_card, &by_person] {
        let fields = Rc::clone(&fields);
        listeners.add(radio, "change", move |_| fields.show());
    }
    let (submitted, found) = (Rc::clone(flow), Rc::clone(&fields));
    listeners.add(&fields.form, "submit", move |event| {
        event.prevent_default();
        let lookup = found.lookup();
        submitted.run(
            async move { api::account_lookup(&lookup).await },
            |flow, summary| flow.advance(Stage::Verify(summary), Step::Account),
            Flow::fail,
        );
    });
    Some(StageView {
        nodes: vec![fieldset, fields.form.clone()],
        _listeners: listeners,
        submit: Some(fields.submit.clone()),
    })
}

/// The first step's form: the card number, or the four fields of who the shopper is.
struct FindFields {
    form: Element,
    number: TextField,
    person: [TextField; 4],
    submit: Element,
    by_card: HtmlInputElement,
}

impl FindFields {
    /// The fields of the way to find the account that is chosen, before the button.
    fn show(&self) {
        let by_card = self.by_card.checked();
        let (shown, hidden) = if by_card {
            (vec![&self.number], self.person.iter().collect())
        } else {
            (self.person.iter().collect(), vec![&self.number])
        };
        for field in hidden {
            field.element().remove();
        }
        for field in shown {
            let _ = self.form.insert_before(field.element(), Some(&self.submit));
        }
    }

    fn lookup(&self) -> AccountLookup {
        if self.by_card.checked() {
            return AccountLookup::Card {
                vcc_number: Sensitive::new(shared::card_digits(&self.number.value())),
            };
        }
        let [first, last, dob, postal] = &self.person;
        AccountLookup::Person {
            first_name: first.value(),
            last_name: last.value(),
            dob: dob.value(),
            postal_code: postal.value(),
        }
    }
}

/// Step 2: a security question, or a code by text or e-mail.
pub fn verify(flow: &Rc<Flow>, summary: &AccountSummary) -> Option<StageView> {
    let (document, words) = (&flow.document, flow.words);
    let form = dom::form(document)?;
    let question = summary.security_questions.first();
    let label = dom::text(document, "p", "field__label", words.question)?;
    let text = question.map_or("", |question| question.text.as_str());
    let asked = dom::text(document, "p", "", text)?;
    let _ = asked.set_attribute("id", "security-question");
    let piw = FieldSpec::new("piw", words.piw, "off", "text").with_hint(words.piw_hint);
    let piw = TextField::new(document, piw)?;
    let answer = FieldSpec::new("security_answer", words.answer, "off", "text");
    let answer = TextField::new(document, answer)?;
    let submit = dom::button(document, "submit", "button button--primary", words.verify)?;
    for child in [&label, &asked, piw.element(), answer.element(), &submit] {
        let _ = form.append_child(child);
    }
    let other_ways = dom::element(document, "p", "")?;
    let by_sms = dom::button(document, "button", "button", words.by_sms)?;
    let _ = by_sms.set_attribute("id", "verify-by-sms");
    let by_email = dom::button(document, "button", "button", words.by_email)?;
    let _ = by_email.set_attribute("id", "verify-by-email");
    let _ = other_ways.append_child(&by_sms);
    let _ = other_ways.append_with_str_1(" ");
    let _ = other_ways.append_child(&by_email);

    let typed = Rc::new((piw, answer));
    let verify = Rc::new({
        let (flow, summary) = (Rc::clone(flow), summary.clone());
        let question_id = question.map(|question| question.id.clone());
        move |method: VerificationMethod| {
            let (piw, answer) = &*typed;
            let by_question = method == VerificationMethod::SecurityQuestion;
            let request = VerifyRequest {
                method,
                question_id: question_id.clone().filter(|_| by_question),
                answer: by_question.then(|| Sensitive::new(answer.value())),
                piw: Some(piw.value())
                    .filter(|piw| !piw.trim().is_empty())
                    .map(Sensitive::new),
            };
            let mut summary = summary.clone();
            flow.run(
                async move { api::account_verify(&request).await },
                move |flow, result| {
                    let code_sent = match result {
                        VerifyResult::Verified {
                            available_credit_cents,
                        } => {
                            summary.available_credit_cents = available_credit_cents;
                            false
                        }
                        VerifyResult::CodeSent { .. } => true,
                    };
                    flow.advance(Stage::Plan { summary, code_sent }, Step::Plan);
                },
                Flow::fail,
            );
        }
    });
    let mut listeners = Listeners::default();
    for (target, method) in [
        (&form, VerificationMethod::SecurityQuestion),
        (&by_sms, VerificationMethod::Sms),
        (&by_email, VerificationMethod::Email),
    ] {
        let verify = Rc::clone(&verify);
        let event = if method == VerificationMethod::SecurityQuestion {
            "submit"
        } else {
            "click"
        };
        listeners.add(target, event, move |event| {
            event.prevent_default();
            verify(method);
        });
    }
    Some(StageView {
        nodes: vec![form, other_ways],
        _listeners: listeners,
        submit: Some(submit),
    })
}

/// Step 3: the credit, once the shopper has shown the account is theirs; a plan and term, what
/// they cost, and the confirmation.
pub fn plan(flow: &Rc<Flow>, summary: &AccountSummary, code_sent: bool) -> Option<StageView> {
    let (document, words) = (&flow.document, flow.words);
    let form = dom::form(document)?;
    if let Some(cents) = summary.available_credit_cents {
        let credit = credit_line(flow, cents)?;
        let _ = form.append_child(&credit);
    }
    let choice = dom::element(document, "div", "field")?;
    let label = dom::text(document, "label", "field__label", words.plan)?;
    let _ = label.set_attribute("for", "plan");
    let select: HtmlSelectElement = dom::element(document, "select", "field__select")?
        .dyn_into()
        .ok()?;
    let _ = select.set_attribute("id", "plan");
    for offer in &summary.offers {
        for term in &offer.terms {
            let text = format!("{} · {term} {}", offer.name, words.months);
            let option = dom::text(document, "option", "", &text)?;
            let _ = option.set_attribute("value", &format!("{}:{term}", offer.plan_id));
            let _ = select.append_child(&option);
        }
    }
    let _ = choice.append_child(&label);
    let _ = choice.append_child(&select);
    let quote = dom::element(document, "div", "quote")?;
    dom::set_attributes(&quote, &[("role", "status"), ("aria-live", "polite")]);
    let _ = form.append_child(&choice);
    let _ = form.append_child(&quote);
    let code = if code_sent {
        let sent = dom::text(document, "p", "", words.code_sent)?;
        let code = FieldSpec::new("verification_code", words.code, "one-time-code", "numeric");
        let code = TextField::new(document, code)?;
        let _ = form.append_child(&sent);
        let _ = form.append_child(code.element());
        Some(code)
    } else {
        None
    };
    let submit = dom::button(document, "submit", "button button--primary", words.confirm)?;
    let _ = submit.set_attribute("id", "confirm-purchase");
    let _ = form.append_child(&submit);

    let chosen = {
        let select = select.clone();
        move || {
            let picked = select.value();
            let (plan, term) = picked.split_once(':')?;
            Some((plan.to_owned(), term.parse().ok()?))
        }
    };
    let price = pricing::pricer(flow, &quote, chosen.clone());
    price();
    let mut listeners = Listeners::default();
    let reprice = price.clone();
    listeners.add(&select, "change", move |_| price());
    let confirmed = Rc::clone(flow);
    listeners.add(&form, "submit", move |event| {
        event.prevent_default();
        let Some((plan_id, term)) = chosen() else {
            return;
        };
        // Nothing is confirmed before its cost is shown, for this plan and this amount: the
        // price is asked for instead (the amount may have changed since, a coupon).
        if !pricing::priced_as_chosen(&confirmed, &plan_id, term) {
            confirmed.warn(confirmed.words.price_first);
            pricing::reprice_after_reading(&confirmed, reprice.clone());
            return;
        }
        let revision = confirmed.session.borrow().revision;
        let request = PurchaseRequest {
            plan_id,
            term,
            verification_code: code.as_ref().map(|code| Sensitive::new(code.value())),
            revision,
        };
        purchase::send(&confirmed, request, Rc::new(reprice.clone()));
    });
    Some(StageView {
        nodes: vec![form],
        _listeners: listeners,
        submit: Some(submit),
    })
}

/// "Available credit: $X": at the plan step once verified, and on the receipt (what remains).
fn credit_line(flow: &Flow, cents: u64) -> Option<Element> {
    let available = format_amount(cents, flow.locale);
    dom::text(
        &flow.document,
        "p",
        "",
        &format!("{} {available}", flow.words.available),
    )
}

/// The approved purchase.
pub fn receipt(flow: &Rc<Flow>, receipt: &PurchaseReceipt) -> Option<StageView> {
    let (document, words, locale) = (&flow.document, flow.words, flow.locale);
    let monthly = format_amount(receipt.monthly_payment_cents, locale);
    paid(
        flow,
        &receipt.plan_name,
        receipt.term,
        &[
            dom::text(document, "p", "", &format!("{monthly} {}", words.per_month))?,
            credit_line(flow, receipt.remaining_credit_cents)?,
        ],
    )
}

/// The purchase the session says is paid, when its receipt did not come: the plan, and that
/// Flexiti sends the rest.
pub fn settled(flow: &Rc<Flow>, plan_name: &str, term: Option<u32>) -> Option<StageView> {
    let later = dom::text(&flow.document, "p", "", flow.words.details_later)?;
    paid(flow, plan_name, term, &[later])
}

/// "Purchase approved", the plan and its term, then `details`: a status a screen reader reads.
fn paid(
    flow: &Rc<Flow>,
    plan_name: &str,
    term: Option<u32>,
    details: &[Element],
) -> Option<StageView> {
    let (document, words) = (&flow.document, flow.words);
    let shown = dom::element(document, "div", "receipt")?;
    let _ = shown.set_attribute("role", "status");
    let term = term
        .map(|term| format!(" · {term} {}", words.months))
        .unwrap_or_default();
    let title = dom::text(document, "p", "receipt__title", words.paid)?;
    let plan = dom::text(document, "p", "", &format!("{plan_name}{term}"))?;
    for line in [&title, &plan].into_iter().chain(details) {
        let _ = shown.append_child(line);
    }
    Some(StageView {
        nodes: vec![shown],
        _listeners: Listeners::default(),
        submit: None,
    })
}
