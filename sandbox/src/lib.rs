//! A behavioural simulator of the Flexiti POS API and the FlexPay API, faithful to
//! `shared/api-docs/`. It is the embedded upstream of `cargo xtask run` and of every test, and a
//! program a merchant's developer can start alone (`sandbox --listen 127.0.0.1:PORT`).
//!
//! State lives in memory and is deterministic: the same requests give the same answers.

pub mod config;
pub mod faults;
pub mod flexiti;
pub mod flexpay;

use std::{io, net::SocketAddr, sync::Arc};

use axum::{Json, Router, extract::State};
use tokio::{net::TcpListener, task::JoinHandle};

pub use config::SandboxConfig;

/// Where the Flexiti POS API is mounted, as on the real host.
pub const FLEXITI_BASE_PATH: &str = "/flexiti/pos-api/v2.5";
/// Where the FlexPay API is mounted, as on the real host (`https://api.flexpay.io/v1/`).
pub const FLEXPAY_BASE_PATH: &str = "/v1";

/// The shared, in-memory state of one sandbox.
#[derive(Clone)]
pub struct Sandbox {
    config: Arc<SandboxConfig>,
    flexiti: Arc<flexiti::FlexitiState>,
    flexpay: Arc<flexpay::FlexPayState>,
    faults: Arc<faults::Faults>,
}

impl Sandbox {
    /// A fresh sandbox with `config`.
    pub fn new(config: SandboxConfig) -> Sandbox {
        Sandbox {
            config: Arc::new(config),
            flexiti: Arc::default(),
            flexpay: Arc::default(),
            faults: Arc::default(),
        }
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// The per-route faults (see [`faults`]): tests make the upstream misbehave through it.
    pub fn faults(&self) -> &faults::Faults {
        &self.faults
    }

    /// Every OAuth access and refresh token issued so far: leak tests search responses for them.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.flexiti.issued_tokens()
    }

    /// How many tokens `oauth/token` has issued (both grants).
    pub fn token_requests(&self) -> usize {
        self.flexiti.token_requests()
    }

    /// How many FlexPay transactions were approved: tests count charges with it (one click, one
    /// charge).
    pub fn approved_card_transactions(&self) -> usize {
        self.flexpay.approved_transactions()
    }

    /// How many Flexiti accounts there are, the test data's and those applications opened: tests
    /// count the accounts an application opens.
    pub fn flexiti_accounts(&self) -> usize {
        self.flexiti.accounts()
    }

    /// How many Flexiti purchases are posted, on every account: tests count them (one
    /// confirmation, one purchase).
    pub fn posted_flexiti_purchases(&self) -> usize {
        self.flexiti.posted_purchases()
    }

    /// How many credit applications Flexiti adjudicated, approved or not: tests count the
    /// credit checks an applicant's file would show.
    pub fn flexiti_adjudications(&self) -> usize {
        self.flexiti.adjudications()
    }

    /// How many times a plan's price was asked (`calculate-interest`): tests count the widget's
    /// quotes with it.
    pub fn interest_calculations(&self) -> usize {
        self.flexiti.interest_calculations()
    }

    /// Moves the sandbox's calendar `days` ahead: every record it holds becomes that much older
    /// (a capture made today can then be past its 100-day return window).
    pub fn advance_days(&self, days: u32) {
        self.flexiti.age(i64::from(days));
    }

    /// The HTTP API: Flexiti under [`FLEXITI_BASE_PATH`], FlexPay under [`FLEXPAY_BASE_PATH`].
    pub fn router(&self) -> Router {
        Router::new()
            .nest(FLEXITI_BASE_PATH, flexiti::router(self.clone()))
            .nest(FLEXPAY_BASE_PATH, flexpay::router(self.clone()))
            .layer(axum::middleware::from_fn_with_state(
                self.faults.clone(),
                faults::inject,
            ))
            .merge(faults::control_router(self.faults.clone()))
            .merge(clock_router(self.clone()))
    }
}

/// The control endpoint that moves the calendar: `POST /__sandbox/clock` with `{ "advance_days": N }`.
pub const CLOCK_PATH: &str = "/__sandbox/clock";

#[derive(serde::Deserialize)]
struct ClockRequest {
    advance_days: u32,
}

fn clock_router(sandbox: Sandbox) -> Router {
    Router::new()
        .route(
            CLOCK_PATH,
            axum::routing::post(
                |State(sandbox): State<Sandbox>, Json(request): Json<ClockRequest>| async move {
                    sandbox.advance_days(request.advance_days);
                    axum::http::StatusCode::NO_CONTENT
                },
            ),
        )
        .with_state(sandbox)
}

/// SplitMix64: a tiny, well-known mixing function, enough for ids and tokens that look random
/// while the n-th of a run is always the same (and for the bench's seeded draws).
pub fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A sandbox serving on a socket.
pub struct RunningSandbox {
    /// The sandbox's state, for inspection by tests.
    pub sandbox: Sandbox,
    /// The address it listens on.
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl RunningSandbox {
    /// The base URL of the Flexiti POS API, e.g. `http://127.0.0.1:4010/flexiti/pos-api/v2.5`.
    pub fn flexiti_base_url(&self) -> String {
        format!("http://{}{FLEXITI_BASE_PATH}", self.addr)
    }

    /// The base URL of the FlexPay API, e.g. `http://127.0.0.1:4010/v1`.
    pub fn flexpay_base_url(&self) -> String {
        format!("http://{}{FLEXPAY_BASE_PATH}", self.addr)
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `sandbox` on `listener` in a background task until the returned handle is dropped.
///
/// # Errors
/// When the listener's local address cannot be read.
pub fn spawn_on(listener: TcpListener, sandbox: Sandbox) -> io::Result<RunningSandbox> {
    let addr = listener.local_addr()?;
    let app = sandbox.router();
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "sandbox stopped");
        }
    });
    Ok(RunningSandbox {
        sandbox,
        addr,
        task,
    })
}

/// Binds `addr` (port 0 picks a free one) and serves a new sandbox there.
///
/// # Errors
/// When the address cannot be bound.
pub async fn spawn(addr: SocketAddr, config: SandboxConfig) -> io::Result<RunningSandbox> {
    let listener = TcpListener::bind(addr).await?;
    spawn_on(listener, Sandbox::new(config))
}
