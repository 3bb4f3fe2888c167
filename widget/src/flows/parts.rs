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
    pin::{Pin, pin},
    rc::Rc,
    task::{Context, Poll, Waker},
};

use shared::{AccountSummary, CheckoutView, Locale, PaymentMethod};
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::flows::{card_payment, credit_application, flexiti_account};

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
        PaymentMethod::CreditApplication => now(application(place, ACCOUNT_PART)),
        PaymentMethod::FlexitiAccount => now(account(place, None)),
        PaymentMethod::Card => now(card(place)),
    }
    .and_then(Result::ok)
}

/// The account flow as the credit application reaches it, to pay with the account just opened:
/// through its part, so that an applicant downloads it only once the form works; and handed to
/// the application rather than named by it, so that the application's part refers to no other
/// part (a test build, which keeps every part's code in its one module, then needs no part
/// loader).
#[derive(Clone, Copy)]
pub struct AccountPart {
    /// Downloads the account flow's part, unless it is here already.
    pub fetch: fn() -> Fetching,
    /// Shows the flow at `place`, at the plans of the account just opened; `None` before the
    /// part is here.
    pub mount: fn(Place, AccountSummary) -> Option<Shown>,
}

/// A part on its way.
pub type Fetching = Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// The account part, for the credit application.
const ACCOUNT_PART: AccountPart = AccountPart {
    fetch: || Box::pin(fetch_account()),
    mount: mount_opened_account,
};

/// Mounts the account flow at `place`, at the plans of the account the shopper has just
/// `opened` (the credit application's last step), once its part is here; `None` before.
fn mount_opened_account(place: Place, opened: AccountSummary) -> Option<Shown> {
    now(account(place, Some(opened))).and_then(Result::ok)
}

/// Runs a split function whose part is here: it then finishes at its first poll.
fn now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

#[wasm_split(credit_application, wasm_split_path = ::wasm_split_helpers, fallible, preload(fetch_application))]
fn application(place: Place, account: AccountPart) -> Result<Shown, SplitLoaderError> {
    Ok(Shown(Box::new(credit_application::show(place, account))))
}

#[wasm_split(flexiti_account, wasm_split_path = ::wasm_split_helpers, fallible, preload(fetch_account))]
fn account(place: Place, opened: Option<AccountSummary>) -> Result<Shown, SplitLoaderError> {
    Ok(Shown(Box::new(flexiti_account::show(place, opened))))
}

#[wasm_split(card, wasm_split_path = ::wasm_split_helpers, fallible, preload(fetch_card))]
fn card(place: Place) -> Result<Shown, SplitLoaderError> {
    Ok(Shown(Box::new(card_payment::show(place))))
}
