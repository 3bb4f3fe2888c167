//! The checkout proxy: keeps the Flexiti `client_secret` (and, later, the FlexPay API key) out of
//! the browser, talks to the upstream APIs, and serves the widget, its loader and a demo page.
//!
//! `main.rs` only parses the command line; everything else is here so tests can build the app.

pub mod checkout;
pub mod config;
pub mod database;
pub mod envelope;
pub mod error;
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
    /// Trunk's output: the widget's `index.html`, JS, wasm and CSS.
    pub widget_dir: PathBuf,
    /// `static/`: the loader script and the demo merchant page.
    pub static_dir: PathBuf,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
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
