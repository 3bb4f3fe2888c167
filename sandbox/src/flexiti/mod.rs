//! The Flexiti POS API v2.5 as `api-docs/002_...` documents it, with the error bodies of
//! `api-docs/001_...`.

mod errors;
mod form_values;
mod merchants;
mod oauth;
mod terms;

use std::{
    collections::HashMap,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
};

use axum::{
    Router,
    routing::{get, post},
};
use tokio::time::Instant;

use crate::Sandbox;
pub use errors::FlexitiError;

/// One issued access token.
#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    expires_at: Instant,
}

/// Tokens issued by `oauth/token`.
#[derive(Default)]
pub(crate) struct FlexitiState {
    grants: Mutex<HashMap<String, Grant>>,
    /// Refresh tokens still unused, mapped to the client they belong to.
    refresh_tokens: Mutex<HashMap<String, String>>,
    issued: Mutex<Vec<String>>,
    counter: AtomicU64,
}

impl FlexitiState {
    pub(crate) fn issued_tokens(&self) -> Vec<String> {
        self.issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
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

/// SplitMix64: a tiny, well-known mixing function, enough for tokens that look random.
fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The routes under `/flexiti/pos-api/v2.5`.
pub(crate) fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/oauth/token", post(oauth::token))
        .route(
            "/client-id/{client_id}/merchants/login",
            post(merchants::login),
        )
        .route(
            "/client-id/{client_id}/terms-and-conditions",
            get(terms::terms_and_conditions),
        )
        .with_state(sandbox)
}
