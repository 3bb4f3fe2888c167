//! An open-loop load generator for the soak (`cargo xtask soak`) and its short test: requests
//! leave on a fixed schedule whatever the proxy does, so a slow proxy meets a growing queue
//! instead of a politely waiting client (`wrk` waits; a crowd of shoppers does not).
//!
//! The mix is what open widgets do while a shopper reads: their session, the credit form's
//! choices, and now and then the merchant's server checking the session. None of these is a
//! throttled action, so the soak measures the proxy, not its rate limits. Every answer that is
//! not 2xx and every transport error (refused, reset, timed out) counts as an error; a request
//! still unanswered when the run's time is up counts as one too. Latency is measured from the
//! moment the request was due, not sent, so that a generator running late cannot hide a stall.

use std::{collections::BTreeMap, fmt, time::Duration};

use reqwest::{Client, RequestBuilder};
use serde_json::{Value, json};
use shared::{CLIENT_TOKEN_SCHEME, paths};
use tokio::{
    sync::mpsc,
    time::{Instant, sleep_until, timeout},
};

/// What to send, how fast and for how long.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// The proxy, `http://HOST:PORT`.
    pub base_url: String,
    /// The merchant API key the sessions are opened with.
    pub merchant_api_key: String,
    /// Requests per second.
    pub rate: u32,
    /// How long requests keep leaving: `rate * duration` requests in all.
    pub duration: Duration,
    /// How many open checkouts the requests are spread over.
    pub sessions: usize,
    /// How long one request may take before it counts as an error.
    pub request_timeout: Duration,
    /// Every how many seconds to print the figures so far (0: never), so that a long run shows
    /// where it stands and a stall shows when it began.
    pub progress_every_secs: u64,
}

/// What a run measured.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Requests sent.
    pub sent: u64,
    /// Requests answered 2xx.
    pub ok: u64,
    /// Errors by kind (`HTTP 503`, `timeout`, `unanswered`, ...).
    pub errors: BTreeMap<String, u64>,
    /// Every answered request's latency from its due time, in microseconds, sorted.
    pub latencies_us: Vec<u64>,
    /// How late, at worst, a request left after its due time.
    pub max_send_lag: Duration,
}

/// The setup failed: no session to load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The merchant API could not be reached.
    #[error("the merchant API could not be reached: {0}")]
    Transport(#[from] reqwest::Error),
    /// The merchant API refused to open a session.
    #[error("the merchant API refused a session ({status}): {body}")]
    Refused {
        /// Its status.
        status: u16,
        /// Its answer.
        body: String,
    },
}

/// One open checkout: its id (for the merchant) and client token (for the widget).
#[derive(Debug, Clone)]
struct Checkout {
    id: String,
    token: String,
}

/// One request's end: 2xx, or the kind of error, and how long after its due time it ended.
struct Sample {
    error: Option<String>,
    latency: Duration,
}

/// How long the generator keeps an idle connection: well under the proxy's 10 s.
const CLIENT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens `plan.sessions` checkouts, then sends `plan.rate` requests a second for
/// `plan.duration`, and waits at most `plan.request_timeout` for the last answers.
///
/// # Errors
/// When a session cannot be opened (nothing was loaded yet).
pub async fn run(plan: &LoadPlan) -> Result<LoadReport, LoadError> {
    // A connection idle for the proxy's `header_read_timeout_ms` (10 s by default) is closed by
    // the proxy; a client that keeps its own idle connections longer (reqwest: 90 s) may send on
    // one just as it closes, and lose that request. A well-behaved client lets go first.
    let http = Client::builder()
        .timeout(plan.request_timeout)
        .pool_idle_timeout(CLIENT_IDLE_TIMEOUT)
        .build()?;
    let mut checkouts = Vec::with_capacity(plan.sessions.max(1));
    for index in 0..plan.sessions.max(1) {
        checkouts.push(open_checkout(&http, plan, index).await?);
    }
    let rate = u64::from(plan.rate.max(1));
    let total = rate * plan.duration.as_secs();
    let (samples, mut received) = mpsc::unbounded_channel();
    let start = Instant::now();
    let mut report = LoadReport::default();
    for index in 0..total {
        let due = start + Duration::from_nanos(index * 1_000_000_000 / rate);
        sleep_until(due).await;
        report.max_send_lag = report.max_send_lag.max(due.elapsed());
        let checkout = &checkouts[index as usize % checkouts.len()];
        let request = request(&http, plan, checkout, index);
        let samples = samples.clone();
        tokio::spawn(async move {
            let error = outcome(request).await.err();
            let _ = samples.send(Sample {
                error,
                latency: due.elapsed(),
            });
        });
        report.sent += 1;
        while let Ok(sample) = received.try_recv() {
            report.count(sample);
        }
        if plan.progress_every_secs > 0 && report.sent % (rate * plan.progress_every_secs) == 0 {
            println!("{} s: {}", report.sent / rate, report.progress());
        }
    }
    drop(samples);
    let last_answers = plan.request_timeout + Duration::from_secs(1);
    let _ = timeout(last_answers, async {
        while let Some(sample) = received.recv().await {
            report.count(sample);
        }
    })
    .await;
    let answered = report.ok + report.error_count();
    if answered < report.sent {
        *report.errors.entry("unanswered".into()).or_default() += report.sent - answered;
    }
    report.latencies_us.sort_unstable();
    Ok(report)
}

async fn open_checkout(
    http: &Client,
    plan: &LoadPlan,
    index: usize,
) -> Result<Checkout, LoadError> {
    let body = json!({ "amount": 150_000, "order_id": format!("SOAK-{index}"),
        "allowed_origins": [super::TEST_ORIGIN] });
    let response = http
        .post(format!("{}{}", plan.base_url, paths::CHECKOUT_SESSIONS))
        .bearer_auth(&plan.merchant_api_key)
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    let answer: Value = response.json().await?;
    let field = |name: &str| answer[name].as_str().map(str::to_owned);
    match (status.is_success(), field("id"), field("client_token")) {
        (true, Some(id), Some(token)) => Ok(Checkout { id, token }),
        _ => Err(LoadError::Refused {
            status: status.as_u16(),
            body: answer.to_string(),
        }),
    }
}

/// The `index`th request of the mix: of ten, five session reads, four form configurations and
/// one merchant read.
fn request(http: &Client, plan: &LoadPlan, checkout: &Checkout, index: u64) -> RequestBuilder {
    let widget = |path: &str| {
        http.get(format!("{}{path}", plan.base_url)).header(
            "Authorization",
            format!("{CLIENT_TOKEN_SCHEME} {}", checkout.token),
        )
    };
    match index % 10 {
        0..=4 => widget(paths::SESSION),
        5..=8 => widget(paths::FORM_CONFIG),
        _ => http
            .get(format!(
                "{}{}/{}",
                plan.base_url,
                paths::CHECKOUT_SESSIONS,
                checkout.id
            ))
            .bearer_auth(&plan.merchant_api_key),
    }
}

/// Sends `request` and reads its whole answer: `Err` names the kind of failure.
async fn outcome(request: RequestBuilder) -> Result<(), String> {
    let response = request.send().await.map_err(|error| transport(&error))?;
    let status = response.status();
    response.bytes().await.map_err(|error| transport(&error))?;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", status.as_u16()))
    }
}

fn transport(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timeout".into()
    } else if error.is_connect() {
        "connect".into()
    } else {
        "transport".into()
    }
}

impl LoadReport {
    fn count(&mut self, sample: Sample) {
        match sample.error {
            None => self.ok += 1,
            Some(kind) => *self.errors.entry(kind).or_default() += 1,
        }
        let micros = u64::try_from(sample.latency.as_micros()).unwrap_or(u64::MAX);
        self.latencies_us.push(micros);
    }

    /// Sent, answered, in flight, errors and the generator's lag so far, without percentiles.
    fn progress(&self) -> String {
        let answered = self.ok + self.error_count();
        format!(
            "sent {} ok {} in flight {} errors {:?}; generator late by {:.1} ms at worst",
            self.sent,
            self.ok,
            self.sent - answered,
            self.errors,
            self.max_send_lag.as_secs_f64() * 1000.0
        )
    }

    /// Every error, of any kind.
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    /// The `percent`th percentile of the latencies (nearest rank), in microseconds.
    pub fn percentile_us(&self, percent: f64) -> u64 {
        let Some(last) = self.latencies_us.len().checked_sub(1) else {
            return 0;
        };
        let rank = ((percent / 100.0) * self.latencies_us.len() as f64).ceil() as usize;
        self.latencies_us[rank.saturating_sub(1).min(last)]
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |micros: u64| micros as f64 / 1000.0;
        write!(
            f,
            "sent {} ok {} errors {} {:?}; latency p50 {:.2} ms p99 {:.2} ms max {:.2} ms; \
             generator late by {:.2} ms at worst",
            self.sent,
            self.ok,
            self.error_count(),
            self.errors,
            ms(self.percentile_us(50.0)),
            ms(self.percentile_us(99.0)),
            ms(self.latencies_us.last().copied().unwrap_or_default()),
            self.max_send_lag.as_secs_f64() * 1000.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let report = LoadReport {
            latencies_us: (1..=100).collect(),
            ..LoadReport::default()
        };
        assert_eq!(report.percentile_us(50.0), 50);
        assert_eq!(report.percentile_us(99.0), 99);
        assert_eq!(report.percentile_us(100.0), 100);
        assert_eq!(LoadReport::default().percentile_us(99.0), 0);
    }
}
