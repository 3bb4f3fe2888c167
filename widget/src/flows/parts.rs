//! Each way to pay is a download of its own: the first screen (the session and the choice of how
//! to pay) carries none of them, and a shopper downloads only the flow they choose. A shopper
//! paying by card never downloads the credit application's fields, rules and copy.
//!
//! `cargo xtask` splits the wasm at the functions below (`wasm-split`, xtask/src/split/); code
//! two flows share goes in a part of its own, fetched with either. Each split is named by its
//! method's wire name: the page starts the download of a session's only flow by that name
//! (`widget/page/index.html`). In native builds (tests, clippy) they are plain calls.

use std::{
    any::Any,
    cell::RefCell,
    future::Future,
    pin::pin,
    rc::Rc,
    task::{Context, Poll, Waker},
};

use leptos::{
    prelude::*,
    wasm_split::{SplitLoaderError, wasm_split},
};
use shared::{AccountSummary, CheckoutView, Locale, PaymentMethod};

use crate::flows::{
    card_payment, credit_application::CreditApplication, flexiti_account, fresh_session,
};

/// Downloads the part that holds `method`'s flow, unless it is here already.
///
/// # Errors
/// The part could not be fetched or started (the network, most likely). Nothing is kept of a
/// failed attempt: the next call tries again.
pub async fn fetch(method: PaymentMethod) -> Result<(), SplitLoaderError> {
    match method {
        PaymentMethod::CreditApplication => fetch_application().await,
        PaymentMethod::FlexitiAccount => fetch_account().await,
        PaymentMethod::Card => fetch_card().await,
    }
}

/// Where the first screen puts a flow, and what the flow needs from it.
pub struct Place {
    /// The element the flow is added to, after what it holds.
    pub parent: web_sys::HtmlElement,
    /// The shopper's language.
    pub locale: Locale,
    /// The session as last read: the flow starts from it, and keeps it up to date.
    pub session: Rc<RefCell<CheckoutView>>,
    /// Shows another way to pay instead of this flow.
    pub switch_to: Rc<dyn Fn(PaymentMethod)>,
}

/// A flow on the page: dropping it takes the flow off the page, with its handlers and state.
pub struct Shown(#[expect(dead_code, reason = "held for its drop")] Box<dyn Any>);

/// Mounts `method`'s flow at `place`, once [`fetch`] has brought its part; `None` before.
pub fn mount(method: PaymentMethod, place: Place) -> Option<Shown> {
    match method {
        PaymentMethod::CreditApplication => now(application(place)),
        PaymentMethod::FlexitiAccount => now(account(place, None)),
        PaymentMethod::Card => now(card(place)),
    }
    .and_then(Result::ok)
}

/// Mounts the account flow at `place`, at the plans of the account the shopper has just
/// `opened` (the credit application's last step), once [`fetch`] has brought its part; `None`
/// before. The application reaches the flow through its part rather than calling it, so that
/// an applicant downloads the account flow only once approved.
pub fn mount_opened_account(place: Place, opened: AccountSummary) -> Option<Shown> {
    now(account(place, Some(opened))).and_then(Result::ok)
}

/// Runs a split function whose part is here: it then finishes at its first poll.
fn now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// Mounts the view `flow` draws at `place`, under a reactive root of its own. The session is a
/// signal there: the merchant's server may change the amount while the shopper is here (a
/// coupon), so it is read again now and then; and each change goes back to the first screen,
/// for the flow shown next.
fn mount_flow<V: IntoView + 'static>(
    place: Place,
    flow: impl FnOnce(Locale, RwSignal<CheckoutView>, Callback<PaymentMethod>) -> V + 'static,
) -> Shown {
    let Place {
        parent,
        locale,
        session: latest,
        switch_to,
    } = place;
    let mounted = leptos::mount::mount_to(parent, move || {
        let session = RwSignal::new(latest.borrow().clone());
        let follows = Rc::clone(&latest);
        Effect::new(move || *follows.borrow_mut() = session.get());
        // The refresh reads into `latest`, as for the DOM-built flows; a change goes to the signal.
        let read = Rc::clone(&latest);
        let refresh = fresh_session::keep(latest, move || session.set(read.borrow().clone()));
        let refresh = StoredValue::new_local(Some(refresh));
        on_cleanup(move || drop(refresh.try_update_value(Option::take)));
        // A callback is shared between threads where there are some; this one stays on the page's.
        let switch_to = StoredValue::new_local(switch_to);
        let switch_to = Callback::new(move |method| switch_to.with_value(|switch| switch(method)));
        flow(locale, session, switch_to)
    });
    Shown(Box::new(mounted))
}

#[wasm_split(credit_application, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_application))]
fn application(place: Place) -> Result<Shown, SplitLoaderError> {
    Ok(mount_flow(place, |locale, session, switch_to| {
        view! { <CreditApplication locale session switch_to /> }
    }))
}

#[wasm_split(flexiti_account, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_account))]
fn account(place: Place, opened: Option<AccountSummary>) -> Result<Shown, SplitLoaderError> {
    Ok(Shown(Box::new(flexiti_account::show(place, opened))))
}

#[wasm_split(card, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_card))]
fn card(place: Place) -> Result<Shown, SplitLoaderError> {
    Ok(Shown(Box::new(card_payment::show(place))))
}
