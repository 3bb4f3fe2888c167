//! The FlexPay.io API v1 as `api-docs/003_...` documents it, served under `/v1`: the payment-method
//! vault, `gateways/charge` and `gateways/authorize`, capture / void / refund, and the transaction
//! list. State lives in one in-memory ledger; ids are deterministic (the n-th id of a run is always
//! the same), dates come from the real clock.
//!
//! Test data (cards, amounts, the API key) is listed in `sandbox/README.md`, generated from
//! [`cards::TEST_CARDS`] and [`codes::test_amount`].

mod auth;
mod billing;
mod body;
pub mod cards;
pub mod codes;
mod errors;
mod followups;
mod gateway_request;
mod gateways;
mod ids;
mod issuer;
mod pagination;
mod payment_method;
mod transaction;
mod transactions;
mod vault;

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use axum::{
    Router, middleware,
    routing::{get, post, put},
};

use crate::Sandbox;
pub use errors::FlexPayError;
use payment_method::StoredPaymentMethod;
use transaction::{Draft, TransactionRecord, TransactionView};

/// Every endpoint the docs list, as `(method, path under /v1)`.
pub const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/transactions"),
    ("GET", "/transactions/{transactionId}"),
    ("POST", "/paymentmethods"),
    ("GET", "/paymentmethods"),
    ("GET", "/paymentmethods/{paymentMethodId}"),
    ("PUT", "/paymentmethods/{paymentMethodId}"),
    ("PUT", "/paymentmethods/{paymentMethodId}/redact"),
    ("PUT", "/paymentmethods/{paymentMethodId}/recache"),
    ("POST", "/gateways/charge"),
    ("POST", "/gateways/authorize"),
    ("POST", "/transactions/{transactionId}/capture"),
    ("POST", "/transactions/{transactionId}/void"),
    ("POST", "/transactions/{transactionId}/refund"),
];

/// The FlexPay state of one sandbox.
#[derive(Default)]
pub(crate) struct FlexPayState {
    ledger: Mutex<Ledger>,
}

impl FlexPayState {
    /// The ledger, for one request. One lock for everything keeps "is this merchantTransactionId
    /// new?" and "record it" atomic.
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many gateway transactions were approved, whatever their kind: what a shopper's card
    /// statement would show.
    pub(crate) fn approved_transactions(&self) -> usize {
        self.ledger()
            .transactions
            .iter()
            .filter(|record| record.approved())
            .count()
    }
}

/// Payment methods and transactions, oldest first.
#[derive(Default)]
struct Ledger {
    counter: u64,
    payment_methods: Vec<StoredPaymentMethod>,
    transactions: Vec<TransactionRecord>,
    /// Customer ids minted for emails, so the same email gets the same id.
    customers: HashMap<String, String>,
    /// `referenceData` handed out with declines, the only values a retry may send back.
    reference_data: Vec<String>,
}

/// Salts that keep the different kinds of ids apart.
mod salt {
    pub const PAYMENT_METHOD: u64 = 0x504D;
    pub const TRANSACTION: u64 = 0x5458;
    pub const GATEWAY_TRANSACTION: u64 = 0x4754;
    pub const CUSTOMER: u64 = 0x4355;
    pub const REFERENCE: u64 = 0x5246;
}

impl Ledger {
    fn next_token(&mut self, salt: u64) -> String {
        self.counter += 1;
        ids::token(self.counter, salt)
    }

    fn payment_method_mut(&mut self, id: &str) -> Option<&mut StoredPaymentMethod> {
        self.payment_methods
            .iter_mut()
            .find(|method| method.id == id)
    }

    fn transaction_index(&self, id: &str) -> Option<usize> {
        self.transactions
            .iter()
            .position(|record| record.view.transaction_id == id)
    }

    fn merchant_transaction_id_taken(&self, id: &str) -> bool {
        self.transactions
            .iter()
            .any(|record| record.view.merchant_transaction_id == id)
    }

    /// The customer id for a request: the one sent, else one minted for the email.
    fn customer_id(&mut self, sent: Option<&str>, email: Option<&str>) -> Option<String> {
        if let Some(id) = sent {
            return Some(id.to_owned());
        }
        let email = email?.to_lowercase();
        if let Some(id) = self.customers.get(&email) {
            return Some(id.clone());
        }
        let id = ids::token(ids::fnv1a(email.as_bytes()), salt::CUSTOMER);
        self.customers.insert(email, id.clone());
        Some(id)
    }

    /// Records a transaction: gives it an id, a date, a gateway transaction id and (for a soft
    /// decline) a `retryDate` one day later, lets `finish` fill in the rest, and answers it.
    fn record(
        &mut self,
        draft: Draft,
        finish: impl FnOnce(&mut TransactionView),
    ) -> TransactionView {
        let id = self.next_token(salt::TRANSACTION);
        let now = ids::now_seconds();
        let code = draft.code;
        let mut view = TransactionView::new(draft, id, ids::iso8601(now));
        self.counter += 1;
        view.gateway_transaction_id = Some(format!(
            "{:012}",
            ids::splitmix(self.counter ^ salt::GATEWAY_TRANSACTION) % 1_000_000_000_000
        ));
        if codes::is_soft_decline(code) {
            view.retry_date = Some(ids::iso8601(now + 86_400));
        }
        finish(&mut view);
        self.transactions.push(TransactionRecord {
            view: view.clone(),
            code,
            captured_by: None,
            voided: false,
            refunded: 0,
        });
        view
    }

    /// Stores `method` under a new id and answers its core object.
    fn retain(&mut self, mut method: StoredPaymentMethod) -> payment_method::PaymentMethodView {
        method.id = self.next_token(salt::PAYMENT_METHOD);
        let view = method.view();
        self.payment_methods.push(method);
        view
    }
}

/// The routes under `/v1`, all behind the API-key check.
pub(crate) fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/transactions", get(transactions::list))
        .route("/transactions/{transaction_id}", get(transactions::show))
        .route(
            "/transactions/{transaction_id}/capture",
            post(followups::capture),
        )
        .route("/transactions/{transaction_id}/void", post(followups::void))
        .route(
            "/transactions/{transaction_id}/refund",
            post(followups::refund),
        )
        .route("/paymentmethods", post(vault::create).get(vault::list))
        .route(
            "/paymentmethods/{payment_method_id}",
            get(vault::show).put(vault::update),
        )
        .route(
            "/paymentmethods/{payment_method_id}/redact",
            put(vault::redact),
        )
        .route(
            "/paymentmethods/{payment_method_id}/recache",
            put(vault::recache),
        )
        .route("/gateways/charge", post(gateways::charge))
        .route("/gateways/authorize", post(gateways::authorize))
        .route_layer(middleware::from_fn_with_state(
            sandbox.clone(),
            auth::require_api_key,
        ))
        .with_state(sandbox)
}
