//! Prometheus metrics, served at `GET /metrics` to a scraper holding the merchant API key: what
//! an operator needs to see the checkout's health at a glance. Requests by route and status and
//! their duration, each upstream's latency and failures, Flexiti token renewals, and payment
//! outcomes by class. Labels are routes and classes, never ids, amounts or anything personal.

use std::{
    fmt,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

use shared::{CardOutcomeClass, ErrorCode, WireName};

use crate::{AppState, upstream::http::HttpError};

/// Which upstream API a call went to.
#[derive(Debug, Clone, Copy)]
pub enum Upstream {
    /// The Flexiti POS API.
    Flexiti,
    /// The FlexPay API.
    FlexPay,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UpstreamLabels {
    upstream: &'static str,
    /// `answered` (whatever the status), `timeout` or `unreachable`.
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PaymentLabels {
    method: &'static str,
    class: &'static str,
}

type Durations<L> = Family<L, Histogram, fn() -> Histogram>;

/// 5 ms to about 20 s.
fn durations() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

/// The proxy's metrics and the registry that exposes them.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Durations<RouteLabels>,
    upstream_seconds: Durations<UpstreamLabels>,
    token_renewals: Counter,
    payments: Family<PaymentLabels, Counter>,
    unknown_attempts: Gauge,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("checkout");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route, method and status",
            requests.clone(),
        );
        let request_seconds: Durations<RouteLabels> = Family::new_with_constructor(durations);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route",
            request_seconds.clone(),
        );
        let upstream_seconds: Durations<UpstreamLabels> = Family::new_with_constructor(durations);
        registry.register(
            "upstream_request_duration_seconds",
            "Time to an upstream answer, by upstream and outcome",
            upstream_seconds.clone(),
        );
        let token_renewals = Counter::default();
        registry.register(
            "flexiti_token_renewals",
            "Flexiti access tokens obtained",
            token_renewals.clone(),
        );
        let payments = Family::<PaymentLabels, Counter>::default();
        registry.register(
            "payment_outcomes",
            "Payment attempts by method and outcome class (or error code)",
            payments.clone(),
        );
        let unknown_attempts = Gauge::default();
        registry.register(
            "unknown_attempts",
            "Payments and follow-ups sent whose answer was lost, not reconciled yet",
            unknown_attempts.clone(),
        );
        Metrics {
            registry,
            unknown_attempts,
            requests,
            request_seconds,
            upstream_seconds,
            token_renewals,
            payments,
        }
    }
}

impl Metrics {
    /// A fresh registry, shared by the router and the upstream clients.
    pub fn shared() -> Arc<Metrics> {
        Arc::new(Metrics::default())
    }

    /// Counts one answered request. `route` is the route's template (`/v1/checkout-sessions/{id}`).
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let labels = RequestLabels {
            route: route.to_owned(),
            method: method.to_owned(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
        let route = RouteLabels {
            route: labels.route,
        };
        self.request_seconds
            .get_or_create(&route)
            .observe(took.as_secs_f64());
    }

    /// Times one upstream call from `started`; `result` is what `send` gave.
    pub fn upstream<T>(&self, upstream: Upstream, started: Instant, result: &Result<T, HttpError>) {
        let outcome = match result {
            Ok(_) => "answered",
            Err(error) if error.is_timeout() => "timeout",
            Err(_) => "unreachable",
        };
        let upstream = match upstream {
            Upstream::Flexiti => "flexiti",
            Upstream::FlexPay => "flexpay",
        };
        self.upstream_seconds
            .get_or_create(&UpstreamLabels { upstream, outcome })
            .observe(started.elapsed().as_secs_f64());
    }

    /// Counts one Flexiti access token obtained.
    pub fn token_renewed(&self) {
        self.token_renewals.inc();
    }

    /// Counts a card payment FlexPay answered, by its outcome's class.
    pub fn card_payment(&self, class: CardOutcomeClass) {
        self.payment("card", class.wire_name());
    }

    /// Counts a payment that did not reach an outcome: `method` is `card` or `flexiti`; the class
    /// is the catalogue code of the refusal (`payment_in_progress` when the answer was lost and the
    /// attempt is left to settle).
    pub fn payment_failed(&self, method: &'static str, code: ErrorCode) {
        self.payment(method, code.as_str());
    }

    /// Counts a Flexiti account purchase Flexiti approved.
    pub fn flexiti_purchase(&self) {
        self.payment("flexiti", "approved");
    }

    fn payment(&self, method: &'static str, class: &'static str) {
        self.payments
            .get_or_create(&PaymentLabels { method, class })
            .inc();
    }

    /// Sets how many attempts the ledger holds `unknown` now.
    pub fn unknown_attempts(&self, count: i64) {
        self.unknown_attempts.set(count);
    }

    /// The OpenMetrics text exposition.
    ///
    /// # Errors
    /// When a metric cannot be written (not expected with these types).
    pub fn render(&self) -> Result<String, fmt::Error> {
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Counts the request's answer under its route's template; a nested service's routes under its
/// prefix (`/widget/*`), and requests that matched nothing as `unmatched`.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => match path.as_str().split_once("/{*") {
            Some((prefix, _)) => format!("{prefix}/*"),
            None => path.as_str().to_owned(),
        },
        None => "unmatched".to_owned(),
    };
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.request(
        &route,
        method.as_str(),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}
