//! Confirming the purchase, and following one whose outcome was not known when its answer came
//! (the connection dropped, or Flexiti answered the proxy too late): the session is read until
//! it says how the purchase ended, so the shopper sees it paid, and the merchant's page hears
//! so, without confirming again; or is told it was not made.

use std::rc::Rc;

use shared::{ErrorCode, PaymentMethod, PaymentOutcome, PurchaseRequest, Step, WidgetEvent};
use wasm_bindgen_futures::spawn_local;

use super::{Flow, Stage, pricing};
use crate::{
    api::{self, ApiFailure},
    dom, events,
    flows::fresh_session,
};

/// How often the session is read while a purchase is followed.
const FOLLOW_EVERY_MS: i32 = 3_000;

/// How many reads before the shopper is left to confirm again: two minutes, well beyond the time
/// the proxy takes to look a lost purchase up.
const FOLLOW_READS: u32 = 40;

/// Sends the confirmation `request`. `reprice` asks the chosen plan's price again, after the
/// merchant changed the amount.
pub(super) fn send(flow: &Rc<Flow>, request: PurchaseRequest, reprice: Rc<dyn Fn()>) {
    let kept = request.clone();
    flow.run(
        async move { api::account_purchase(&request).await },
        |flow, receipt| paid(flow, Stage::Done(receipt)),
        move |flow, error| refused(flow, error, kept, reprice),
    );
}

/// Says why the purchase `request` failed, and what follows.
fn refused(flow: &Rc<Flow>, error: ApiFailure, request: PurchaseRequest, reprice: Rc<dyn Fn()>) {
    // A purchase whose answer never came may have been made: the merchant's page is told
    // nothing of it, as the card form does; the session says how it ends.
    let code = match &error {
        ApiFailure::Refused(refusal) => Some(refusal.code),
        ApiFailure::Network => None,
    };
    if let Some(code) = code {
        events::payment_failed(PaymentMethod::FlexitiAccount, Some(code));
    }
    match code {
        None | Some(ErrorCode::PaymentInProgress | ErrorCode::TimedOut) => {
            follow(flow, request, code.is_some());
        }
        // Paid already: by this purchase, which a lookup found (its receipt never came), or
        // from another tab. Shown paid if it was with the account.
        Some(ErrorCode::SessionClosed) => {
            let flow = Rc::clone(flow);
            spawn_local(async move {
                let _ = fresh_session::read(&flow.session).await;
                match settled(&flow) {
                    Some(stage) => paid(&flow, stage),
                    None => flow.fail(error),
                }
            });
            return;
        }
        // The next confirmation carries the new amount's revision, priced anew.
        Some(ErrorCode::AmountChanged) => {
            flow.priced.replace(None);
            pricing::reprice_after_reading(flow, move || reprice());
        }
        Some(_) => {}
    }
    flow.fail(error);
}

/// The session as last read, paid with the account: its plan.
fn settled(flow: &Flow) -> Option<Stage> {
    match &flow.session.borrow().outcome {
        Some(PaymentOutcome::FlexitiAccount {
            plan_name, term, ..
        }) => Some(Stage::Settled {
            plan_name: plan_name.clone(),
            term: *term,
        }),
        _ => None,
    }
}

/// Shows the purchase paid (`stage`), and tells the merchant's page: once, however many answers
/// say so (the shopper's confirmation and the follow-up's may both).
fn paid(flow: &Rc<Flow>, stage: Stage) {
    if flow.gone.get() || flow.paid.replace(true) {
        return;
    }
    let (amount_cents, currency) = {
        let session = flow.session.borrow();
        (session.amount_cents, session.currency)
    };
    events::send(WidgetEvent::PaymentSucceeded {
        method: PaymentMethod::FlexitiAccount,
        amount_cents,
        currency,
    });
    flow.advance(stage, Step::Result);
}

/// Reads the session until the purchase `request` settles. Paid with the account, the same
/// confirmation is sent again: the proxy answers it with the receipt and never buys twice (or,
/// when only a lookup found the purchase, says the checkout is complete, and the plan is shown
/// without its monthly payment, which Flexiti's list does not give). Settled unpaid after the
/// proxy said it was being confirmed (`announced`, by this answer or an earlier one), the
/// shopper is told it was not made. A read that fails decides nothing.
fn follow(flow: &Rc<Flow>, request: PurchaseRequest, announced: bool) {
    if announced {
        flow.announced.set(true);
    }
    if flow.following.replace(true) {
        return;
    }
    read_later(Rc::clone(flow), request, FOLLOW_READS);
}

fn read_later(flow: Rc<Flow>, request: PurchaseRequest, left: u32) {
    dom::after(FOLLOW_EVERY_MS, move || {
        spawn_local(async move {
            if flow.gone.get() || flow.paid.get() {
                return flow.following.set(false);
            }
            let read = fresh_session::read(&flow.session).await;
            if flow.gone.get() || flow.paid.get() {
                return flow.following.set(false);
            }
            if read.is_none() {
                // A read that failed decides nothing: the next may succeed.
                return if left > 1 {
                    read_later(flow, request, left - 1);
                } else {
                    flow.following.set(false);
                };
            }
            let (outcome, in_flight) = {
                let session = flow.session.borrow();
                (session.outcome.clone(), session.payment_in_progress)
            };
            match outcome {
                None if in_flight && left > 1 => read_later(flow, request, left - 1),
                Some(PaymentOutcome::FlexitiAccount { .. }) => {
                    flow.following.set(false);
                    send(&flow, request, Rc::new(|| {}));
                }
                None if !in_flight => {
                    flow.following.set(false);
                    if flow.announced.replace(false) {
                        flow.warn(flow.words.not_made);
                    }
                }
                // Paid another way (another tab), or still unknown after every read: the
                // shopper's next confirmation gets the proxy's answer.
                _ => flow.following.set(false),
            }
        });
    });
}
