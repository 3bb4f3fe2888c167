//! The Flexiti POS API v2.5 as `api-docs/002_...` documents it, with the error bodies of
//! `api-docs/001_...`.

mod apply;
mod authorizations;
mod book;
mod customers;
mod errors;
mod form_values;
mod gate;
mod i18n;
mod licence;
mod merchants;
mod money;
mod oauth;
mod offers;
mod purchases;
mod terms;
mod validation;

use std::{
    collections::HashMap,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
};

use axum::{
    Router,
    routing::{get, post},
};
use tokio::time::Instant;

use crate::Sandbox;
pub use customers::SENT_VERIFICATION_CODE;
pub use errors::FlexitiError;

/// One issued access token.
#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    expires_at: Instant,
    /// The categories it may call; `None` for all.
    scopes: Option<Vec<gate::Scope>>,
}

/// Tokens issued by `oauth/token`.
#[derive(Default)]
pub(crate) struct FlexitiState {
    grants: Mutex<HashMap<String, Grant>>,
    /// Refresh tokens still unused, mapped to the client they belong to.
    refresh_tokens: Mutex<HashMap<String, String>>,
    issued: Mutex<Vec<String>>,
    counter: AtomicU64,
    /// Customers and their accounts.
    book: Mutex<book::Book>,
    /// How many `calculate-interest` calls reached the simulator (a fault answers in its place).
    interest_calculations: AtomicUsize,
    /// How many applications reached adjudication: valid, and not from an existing customer.
    adjudications: AtomicUsize,
}

impl FlexitiState {
    pub(crate) fn issued_tokens(&self) -> Vec<String> {
        self.issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn book(&self) -> std::sync::MutexGuard<'_, book::Book> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn interest_calculations(&self) -> usize {
        self.interest_calculations.load(Ordering::Relaxed)
    }

    fn count_interest_calculation(&self) {
        self.interest_calculations.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn adjudications(&self) -> usize {
        self.adjudications.load(Ordering::Relaxed)
    }

    fn count_adjudication(&self) {
        self.adjudications.fetch_add(1, Ordering::Relaxed);
    }

    /// How many accounts there are, those opened by applications included.
    pub(crate) fn accounts(&self) -> usize {
        self.book().accounts.len()
    }

    /// How many purchases are posted on all accounts together.
    pub(crate) fn posted_purchases(&self) -> usize {
        self.book()
            .accounts
            .iter()
            .map(|account| account.purchases.len())
            .sum()
    }

    /// Moves the Flexiti calendar `days` ahead (see `Book::age`).
    pub(crate) fn age(&self, days: i64) {
        self.book().age(days);
    }

    pub(crate) fn token_requests(&self) -> usize {
        self.issued_tokens().len() / 2
    }

    /// The next 40-hex-digit token, shaped like the docs' examples. Deterministic: the n-th token
    /// of a run is always the same.
    fn next_token(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let token = format!(
            "{:016x}{:016x}{:08x}",
            splitmix(n),
            splitmix(n ^ 0xA5A5),
            n as u32
        );
        self.issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(token.clone());
        token
    }
}

pub(crate) use crate::splitmix;

/// The routes under `/flexiti/pos-api/v2.5`.
pub(crate) fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/oauth/token", post(oauth::token))
        .route(
            "/client-id/{client_id}/merchants/login",
            post(merchants::login),
        )
        .route(
            "/client-id/{client_id}/merchants/information",
            get(merchants::information),
        )
        .route(
            "/client-id/{client_id}/terms-and-conditions",
            get(terms::terms_and_conditions),
        )
        .route("/client-id/{client_id}/i18n", get(i18n::i18n))
        .route(
            "/client-id/{client_id}/customers/driverslicense",
            post(licence::decode),
        )
        .route(
            "/client-id/{client_id}/widget/init",
            post(apply::widget_init),
        )
        .route("/client-id/{client_id}/apply", post(apply::apply))
        .route(
            "/client-id/{client_id}/customers/lookup",
            get(customers::lookup),
        )
        .route(
            "/client-id/{client_id}/customers/search",
            get(customers::search),
        )
        .route(
            "/client-id/{client_id}/customers/close-account",
            post(customers::close_account),
        )
        .route(
            "/client-id/{client_id}/customers/{customer_id}/verify",
            post(customers::verify),
        )
        .route(
            "/client-id/{client_id}/account/{account_number}/verify",
            post(customers::verify),
        )
        .route(
            "/client-id/{client_id}/customers/{customer_id}/transactions",
            get(customers::history),
        )
        .route("/client-id/{client_id}/transactions", post(purchases::post))
        .route(
            "/client-id/{client_id}/authorization",
            post(authorizations::create),
        )
        .route(
            "/client-id/{client_id}/authorizations",
            get(authorizations::list),
        )
        .route(
            "/client-id/{client_id}/authorization/{id}",
            get(authorizations::show),
        )
        .route(
            "/client-id/{client_id}/authorization/{id}/capture",
            post(authorizations::capture),
        )
        .route(
            "/client-id/{client_id}/authorization/{id}/release",
            post(authorizations::release),
        )
        .route(
            "/client-id/{client_id}/authorization/{id}/capture/{capture_id}/return",
            post(authorizations::return_capture),
        )
        .route(
            "/client-id/{client_id}/captures",
            get(authorizations::captures),
        )
        .route(
            "/client-id/{client_id}/accounts/{account_number}/refund",
            post(purchases::refund),
        )
        .route(
            "/client-id/{client_id}/accounts/{account_number}/calculate-interest",
            post(purchases::calculate_interest),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            sandbox.clone(),
            gate::check,
        ))
        .with_state(sandbox)
}
