//! The chosen plan's price at the plan step: asked of the proxy (which asks Flexiti) when the
//! shopper picks a plan, shown when it comes, and the proof that what is confirmed was priced.

use std::rc::Rc;

use shared::{PlanQuote, QuoteRequest, format_amount};
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use super::Flow;
use crate::{
    api, dom,
    flows::{failure_message, fresh_session},
};

/// How long after one quote the next may be asked. Arrowing through the plans with a keyboard
/// changes the choice at every key press: the choices made in between wait, and only the last
/// of them is priced, so a shopper reading every plan's price does not spend a Flexiti call (and
/// the session's allowance of reads) on each plan passed over. A single pick is asked at once.
const QUOTE_SPACING_MS: f64 = 300.0;

/// What asks for the chosen plan's price and shows it in `quote`: at once "calculating", then
/// the price or why there is none, never another plan's. A quote already on its way for the
/// same choice is waited for, not asked again.
pub(super) fn pricer(
    flow: &Rc<Flow>,
    quote: &Element,
    chosen: impl Fn() -> Option<(String, u32)> + Clone + 'static,
) -> impl Fn() + Clone + 'static {
    let (flow, quote) = (Rc::clone(flow), quote.clone());
    move || {
        let Some(choice) = chosen() else {
            return;
        };
        if flow.asking.borrow().as_ref() == Some(&choice) {
            return;
        }
        let asked = flow.quotes.get() + 1;
        flow.quotes.set(asked);
        flow.priced.replace(None);
        flow.asking.replace(Some(choice.clone()));
        quote.set_text_content(Some(flow.words.pricing));
        let _ = quote.set_attribute("aria-busy", "true");
        // At most the spacing, even when the shopper's clock has just gone back.
        let wait =
            (flow.quoted_at.get() + QUOTE_SPACING_MS - js_sys::Date::now()).min(QUOTE_SPACING_MS);
        if wait <= 0.0 {
            ask(&flow, &quote, asked, choice);
            return;
        }
        let (flow, quote) = (Rc::clone(&flow), quote.clone());
        // Whole milliseconds: `wait` is at most `QUOTE_SPACING_MS`.
        #[allow(clippy::cast_possible_truncation)]
        dom::after(wait.ceil() as i32, move || {
            // Only the last choice is priced; a flow taken off the page asks nothing.
            if flow.quotes.get() == asked && !flow.gone.get() {
                ask(&flow, &quote, asked, choice);
            }
        });
    }
}

/// Asks the price of `choice`, the quote numbered `asked`, and shows it if it is still the last.
fn ask(flow: &Rc<Flow>, quote: &Element, asked: u32, choice: (String, u32)) {
    flow.quoted_at.set(js_sys::Date::now());
    let (flow, quote) = (Rc::clone(flow), quote.clone());
    spawn_local(async move {
        let (plan_id, term) = choice;
        let priced = api::account_quote(&QuoteRequest { plan_id, term }).await;
        // A quicker answer to an earlier choice does not replace this one's.
        if flow.quotes.get() != asked {
            return;
        }
        flow.asking.replace(None);
        let _ = quote.remove_attribute("aria-busy");
        match priced {
            Ok(priced) => show_quote(&flow, &quote, &priced),
            Err(failure) => {
                quote.set_text_content(Some(failure_message(&failure, flow.locale)));
            }
        }
    });
}

/// Whether the price shown is plan `plan_id` over `term` months for the session's amount.
pub(super) fn priced_as_chosen(flow: &Flow, plan_id: &str, term: u32) -> bool {
    let amount = flow.session.borrow().amount_cents;
    flow.priced
        .borrow()
        .as_ref()
        .is_some_and(|(plan, months, cents)| plan == plan_id && *months == term && *cents == amount)
}

/// What the chosen plan costs, in `quote`.
fn show_quote(flow: &Flow, quote: &Element, priced: &PlanQuote) {
    let (document, words, locale) = (&flow.document, flow.words, flow.locale);
    quote.set_text_content(None);
    let monthly = format_amount(priced.monthly_payment_cents, locale);
    let fee = format_amount(priced.admin_fee_cents, locale);
    let (whole, hundredths) = (priced.apr_basis_points / 100, priced.apr_basis_points % 100);
    let decimal = locale.pick(".", ",");
    let costs = format!(
        "{} {fee} · {} {whole}{decimal}{hundredths:02} %",
        words.fees, words.rate
    );
    let monthly = dom::text(
        document,
        "p",
        "quote__monthly",
        &format!("{monthly} {}", words.per_month),
    );
    for line in [monthly, dom::text(document, "p", "", &costs)]
        .into_iter()
        .flatten()
    {
        let _ = quote.append_child(&line);
    }
    let shown = (priced.plan_id.clone(), priced.term, priced.amount_cents);
    flow.priced.replace(Some(shown));
}

/// Reads the session again (the amount may have changed: a coupon), then runs `reprice`, so the
/// price shown is the current amount's.
pub(super) fn reprice_after_reading(flow: &Flow, reprice: impl FnOnce() + 'static) {
    let session = Rc::clone(&flow.session);
    spawn_local(async move {
        let _ = fresh_session::read(&session).await;
        reprice();
    });
}
