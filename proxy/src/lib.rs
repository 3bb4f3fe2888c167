//! The checkout proxy: keeps the Flexiti `client_secret` (and, later, the FlexPay API key) out of
//! the browser, talks to the upstream APIs, and serves the widget, its loader and a demo page.
//!
//! `main.rs` only parses the command line; everything else is here so tests can build the app.

pub mod checkout;
pub mod config;
pub mod database;
pub mod envelope;
pub mod error;
pub mod json_text;
pub mod metrics;
pub mod reconciliation;
pub mod routes;
pub mod serve;
pub mod startup;
#[cfg(feature = "testing")]
pub mod testing;
pub mod upstream;
pub mod upstream_html;

use std::{path::PathBuf, sync::Arc};

use checkout::CheckoutStore;
use secrecy::SecretString;
use upstream::{flexiti::FlexitiClient, flexpay::FlexPayClient};

/// Where the browser-facing files are.
#[derive(Debug, Clone)]
pub struct Assets {
    /// The built widget (`cargo xtask build`): its pages (`index.en-CA.html`,
    /// `index.fr-CA.html`, each holding the stylesheet), JS and wasm.
    pub widget_dir: PathBuf,
    /// The loader merchants embed and its types, as the build ships them (with their brotli
    /// and gzip forms).
    pub loader_dir: PathBuf,
    /// `static/`: the demo merchant page.
    pub static_dir: PathBuf,
}

/// What every handler can reach: one shared [`Services`]. Axum clones the state for every
/// extractor and middleware of every request, so a clone is one reference count, not one per
/// client, pool and limiter inside.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    /// The state that shares `services`.
    pub fn new(services: Services) -> AppState {
        AppState(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// The clients, stores and settings behind [`AppState`].
pub struct Services {
    /// The Flexiti client (real API or embedded sandbox).
    pub flexiti: Arc<FlexitiClient>,
    /// The FlexPay client (real API or embedded sandbox).
    pub flexpay: Arc<FlexPayClient>,
    /// Browser-facing files.
    pub assets: Arc<Assets>,
    /// The checkout sessions.
    pub sessions: CheckoutStore,
    /// The merchant API key.
    pub merchant_key: Arc<SecretString>,
    /// Whether the demo merchant's server routes are on (embedded sandbox only).
    pub demo: bool,
    /// When unsettled payment attempts are looked up and settled.
    pub reconcile: reconciliation::Policy,
    /// Time and size limits, rate limits.
    pub envelope: envelope::Envelope,
    /// What `GET /metrics` shows.
    pub metrics: Arc<metrics::Metrics>,
}
