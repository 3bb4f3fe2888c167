//! Each way to pay is a download of its own: the first screen (the session and the choice of how
//! to pay) carries none of them, and a shopper downloads only the flow they choose. A shopper
//! paying by card never downloads the credit application's fields, rules and copy.
//!
//! `cargo xtask` splits the wasm at the functions below (`wasm-split`, xtask/src/split/); code
//! two flows share goes in a part of its own, fetched with either. Each split is named by its
//! method's wire name: the page starts the download of a session's only flow by that name
//! (`widget/page/index.html`). In native builds (tests, clippy) they are plain calls.

use std::{
    future::Future,
    pin::pin,
    task::{Context, Poll, Waker},
};

use leptos::{
    prelude::*,
    wasm_split::{SplitLoaderError, wasm_split},
};
use shared::{CheckoutView, Locale, PaymentMethod};

use crate::flows::{
    card_payment::CardPayment, credit_application::CreditApplication,
    flexiti_account::FlexitiAccount,
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

/// The flow of `method`, once [`fetch`] has brought its part; `None` before.
pub fn view(
    method: PaymentMethod,
    locale: Locale,
    session: RwSignal<CheckoutView>,
    switch_to: Callback<PaymentMethod>,
) -> Option<AnyView> {
    match method {
        PaymentMethod::CreditApplication => now(application(locale, session, switch_to)),
        PaymentMethod::FlexitiAccount => now(account(locale, session, switch_to)),
        PaymentMethod::Card => now(card(locale, session)),
    }
    .and_then(Result::ok)
}

/// Runs a split function whose part is here: it then finishes at its first poll, so the view
/// is built in the same render, like any other.
fn now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

#[wasm_split(credit_application, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_application))]
fn application(
    locale: Locale,
    session: RwSignal<CheckoutView>,
    switch_to: Callback<PaymentMethod>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <CreditApplication locale session switch_to /> }.into_any())
}

#[wasm_split(flexiti_account, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_account))]
fn account(
    locale: Locale,
    session: RwSignal<CheckoutView>,
    switch_to: Callback<PaymentMethod>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <FlexitiAccount locale session switch_to /> }.into_any())
}

#[wasm_split(card, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_card))]
fn card(locale: Locale, session: RwSignal<CheckoutView>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <CardPayment locale session /> }.into_any())
}
