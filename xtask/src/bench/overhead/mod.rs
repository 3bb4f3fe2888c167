//! The proxy's overhead (issue 9, items 3 and 4): a widget-API call that makes one upstream call
//! (`GET /api/v1/form-config`: the session read, then Flexiti's `merchants/login`) against that
//! same upstream call made straight to the sandbox, keep-alive, at 1 and 64 connections; and the
//! OAuth token requests the proxy made meanwhile.
//!
//! On loopback the upstream answers in microseconds, so 64 connections saturate the machine's two
//! cores (`wrk`, the sandbox and the proxy share them) and latency there measures queueing: each
//! request waits behind the others, about the proxy's CPU per request times the requests in flight
//! per core. A real upstream is a network away. The 64 connections are measured again with the
//! upstream [`UPSTREAM_AWAY_MS`] away (the sandbox's `latency` fault on `merchants/login`, for the
//! direct and the proxied calls alike): the cores are then mostly idle, and the difference is what
//! the proxy itself adds to a request among 63 others.
//!
//! Shoppers do not send their requests back to back. A last run keeps the 64 connections on
//! loopback but paces them ([`MEAN_PAUSE_MS`] on average between an answer and a connection's
//! next request, drawn at random): about 2,000 requests a second that arrive apart, a tenth of
//! what the machine answers through the proxy saturated, with fewer than one in flight on
//! average: the servers are mostly idle when a request comes, as a checkout's calls find them.
//!
//! The paced run is the one the budget is missed on, by tens of microseconds that the machine's
//! drift over a minute can move: it is measured in [`PACED_ROUNDS`] rounds, each the direct call,
//! the forwarder, then the proxy, and each difference is the median of the rounds' differences
//! (each round's proxy against the same round's direct call).
//!
//! On this machine each of those hops costs most when it crosses from one virtual CPU to the
//! other: a last paced run places the processes as a deployment would have them, the proxy
//! (and the forwarder) alone on one core, the upstream and the load generator on the other
//! ([`Placement`]). Its forwarder then adds the crossings alone, and what the proxy adds beyond
//! the forwarder is its own work on a core it does not share.
//!
//! Each run on loopback also measures a bare forwarder (`e2e/examples/bare_forwarder.rs`: hyper
//! in front, hyper's client behind, nothing between) making the same upstream call: what any
//! proxy adds on this machine for the hop alone, the floor under the proxy's figure.

mod rows;

use std::path::Path;

use super::{
    http,
    load::{self, Measured, Request},
    servers::{self, FLEXITI_BASE_PATH, Server},
    table::{Row, amount},
};

/// The sandbox's token lifetime during the bench: short, so the proxy renews under load.
pub const TOKEN_LIFETIME_S: u64 = 8;
/// The proxy renews a token this far into its life (`proxy/src/upstream/flexiti/token.rs`).
const RENEW_AT: f64 = 0.75;
/// How far the upstream is in the run that leaves the cores unsaturated: a round trip between
/// two cloud regions of one country, or a slow answer of one.
const UPSTREAM_AWAY_MS: u64 = 20;
/// The mean pause of a connection between an answer and its next request in the paced run: 64
/// connections then send about 2,000 requests a second.
const MEAN_PAUSE_MS: u32 = 32;
/// The rounds of the paced run.
const PACED_ROUNDS: u32 = 3;
/// Where the placed run puts the processes: the first two CPUs this one may use.
struct Placement {
    /// The sandbox's and `wrk`'s.
    upstream: String,
    /// The proxy's and the forwarder's.
    proxy: String,
    /// Every CPU allowed: where the processes go back after the run.
    every: String,
}

impl Placement {
    /// The placement on the CPUs allowed; `None` with fewer than two.
    fn of_allowed() -> Result<Option<Placement>, String> {
        let every = servers::allowed_cpus()?;
        let numbers =
            servers::cpu_numbers(&every).ok_or_else(|| format!("not a CPU list: {every}"))?;
        Ok(match numbers[..] {
            [upstream, proxy, ..] => Some(Placement {
                upstream: upstream.to_string(),
                proxy: proxy.to_string(),
                every,
            }),
            _ => None,
        })
    }
}

/// One measured run: how many connections, for how long (the proxy; the direct call and the
/// forwarder), the upstream how far away, the mean pause between a connection's requests (0:
/// none, back to back), in how many rounds, and whether the processes are placed.
#[derive(Clone, Copy)]
struct Run {
    connections: u32,
    seconds: u32,
    baseline_seconds: u32,
    upstream_ms: u64,
    pause_ms: u32,
    rounds: u32,
    /// The proxy and the forwarder on one CPU, the sandbox and `wrk` on another (see
    /// [`Placement`]); otherwise the scheduler puts every process where it will.
    placed: bool,
}

const RUNS: [Run; 5] = [
    Run {
        connections: 1,
        seconds: 5,
        baseline_seconds: 5,
        upstream_ms: 0,
        pause_ms: 0,
        rounds: 1,
        placed: false,
    },
    Run {
        connections: 64,
        seconds: 10,
        baseline_seconds: 5,
        upstream_ms: 0,
        pause_ms: 0,
        rounds: 1,
        placed: false,
    },
    Run {
        connections: 64,
        seconds: 10,
        baseline_seconds: 5,
        upstream_ms: UPSTREAM_AWAY_MS,
        pause_ms: 0,
        rounds: 1,
        placed: false,
    },
    Run {
        connections: 64,
        seconds: 4,
        baseline_seconds: 4,
        upstream_ms: 0,
        pause_ms: MEAN_PAUSE_MS,
        rounds: PACED_ROUNDS,
        placed: false,
    },
    Run {
        connections: 64,
        seconds: 4,
        baseline_seconds: 4,
        upstream_ms: 0,
        pause_ms: MEAN_PAUSE_MS,
        rounds: PACED_ROUNDS,
        placed: true,
    },
];

/// What a proxied run measured beside its direct twin, round by round.
struct Pair {
    run: Run,
    rounds: Vec<Round>,
    /// Proxy CPU seconds during the proxied runs.
    proxy_cpu_s: f64,
}

/// One round of a run, in the order it ran.
struct Round {
    direct: Measured,
    /// The bare forwarder's run, on loopback only.
    forwarded: Option<Measured>,
    proxied: Measured,
    /// When the proxy obtained tokens during its run (seconds of the day).
    tokens: Vec<f64>,
}

impl Pair {
    /// The direct calls, the median of the rounds.
    fn direct(&self) -> Measured {
        self.combined(|round| round.direct)
    }

    /// The proxied calls, the median of the rounds.
    fn proxied(&self) -> Measured {
        self.combined(|round| round.proxied)
    }

    /// The runs `pick` takes from each round, as one (see [`Measured::median_of`]).
    fn combined(&self, pick: fn(&Round) -> Measured) -> Measured {
        Measured::median_of(&self.rounds.iter().map(pick).collect::<Vec<_>>())
    }

    /// `figure` of each round, where it has one.
    fn by_round(&self, figure: impl Fn(&Round) -> Option<f64>) -> Vec<f64> {
        self.rounds.iter().filter_map(figure).collect()
    }

    /// The median over the rounds of `figure`; `None` when no round has it.
    fn median(&self, figure: impl Fn(&Round) -> Option<f64>) -> Option<f64> {
        let values = self.by_round(figure);
        (!values.is_empty()).then(|| load::median(values))
    }

    /// What the proxy added to the direct call's `latency` in each round.
    fn added(round: &Round, latency: fn(&Measured) -> f64) -> Option<f64> {
        Some(latency(&round.proxied) - latency(&round.direct))
    }
}

/// Runs the [`RUNS`]; answers the table's rows and the proxy's peak RSS in KiB after them
/// (`VmHWM`: its peak over all of them).
pub fn measure(work: &Path, sandbox: &Server, proxy: &Server) -> Result<(Vec<Row>, u64), String> {
    let client_token = open_session(proxy)?;
    let proxied = Request {
        method: "GET",
        url: format!("http://{}/api/v1/form-config?locale=en-CA", proxy.addr),
        headers: vec![("Authorization", format!("Bearer {client_token}"))],
        body: None,
    };
    // Warm both paths (connections, the proxy's first token, caches) before measuring.
    load::run(work, &proxied, 8, 1)?;
    load::run(work, &direct_request(sandbox)?, 8, 1)?;
    let mut pairs = Vec::new();
    for run in RUNS {
        if run.placed {
            // A measure of where the time goes, not of a budget: skipped, not failed, where
            // the processes cannot be placed.
            match placed(work, (sandbox, proxy), &proxied, run) {
                Ok(Some(pair)) => pairs.push(pair),
                Ok(None) => println!("==> the placed run skipped: fewer than two CPUs allowed"),
                Err(error) => println!("==> the placed run skipped: {error}"),
            }
            continue;
        }
        if run.upstream_ms == 0 {
            pairs.push(measure_run(work, (sandbox, proxy), &proxied, run, None)?);
            continue;
        }
        hold_upstream_back(sandbox, run.upstream_ms)?;
        let pair = measure_run(work, (sandbox, proxy), &proxied, run, None);
        // Released whatever the run's outcome: later steps call the sandbox at full speed.
        release_upstream(sandbox)?;
        pairs.push(pair?);
    }
    let peak_kib = servers::status_kib(proxy.pid(), "VmHWM")?;
    let mut rows: Vec<Row> = pairs.iter().flat_map(rows::latency).collect();
    rows.extend(rows::throughput(&pairs));
    rows.push(cpu_breakdown(work, proxy, &client_token, &pairs)?);
    rows.extend(rows::tokens(&pairs));
    Ok((rows, peak_kib))
}

/// `run` with the sandbox and the proxy placed (see [`Placement`]), and put back on every CPU
/// allowed whatever its outcome; `None` with fewer than two CPUs.
fn placed(
    work: &Path,
    (sandbox, proxy): (&Server, &Server),
    proxied: &Request<'_>,
    run: Run,
) -> Result<Option<Pair>, String> {
    let Some(placement) = Placement::of_allowed()? else {
        return Ok(None);
    };
    let pair = servers::pin(sandbox.pid(), &placement.upstream)
        .and_then(|()| servers::pin(proxy.pid(), &placement.proxy))
        .and_then(|()| measure_run(work, (sandbox, proxy), proxied, run, Some(&placement)));
    let back = servers::pin(sandbox.pid(), &placement.every)
        .and_then(|()| servers::pin(proxy.pid(), &placement.every));
    // Left placed, the later steps would measure the proxy on one CPU: that fails the bench.
    back?;
    pair.map(Some)
}

/// One run, round by round: the upstream call made directly, then through the bare forwarder
/// (on loopback), then `proxied`, with the proxy's CPU and the tokens it obtained meanwhile.
fn measure_run(
    work: &Path,
    (sandbox, proxy): (&Server, &Server),
    proxied: &Request<'_>,
    run: Run,
    placement: Option<&Placement>,
) -> Result<Pair, String> {
    println!("==> proxy overhead at {}", run_label(run));
    let load_cpus = placement.map(|placement| placement.upstream.as_str());
    let mut rounds = Vec::new();
    let mut proxy_cpu_s = 0.0;
    for _ in 0..run.rounds {
        // A fresh token for each direct run: it must outlive the run (TOKEN_LIFETIME_S).
        let direct = direct_request(sandbox)?;
        let direct = checked(load::run_paced_on(
            work,
            &direct,
            run.connections,
            run.baseline_seconds,
            run.pause_ms,
            load_cpus,
        )?)?;
        let forwarded = if run.upstream_ms == 0 {
            Some(forwarded_run(work, sandbox, run, placement)?)
        } else {
            None
        };
        let cpu_before = servers::cpu_seconds(proxy.pid())?;
        let tokens_before = token_times(proxy)?.len();
        let measured = checked(load::run_paced_on(
            work,
            proxied,
            run.connections,
            run.seconds,
            run.pause_ms,
            load_cpus,
        )?)?;
        proxy_cpu_s += servers::cpu_seconds(proxy.pid())? - cpu_before;
        rounds.push(Round {
            direct,
            forwarded,
            proxied: measured,
            tokens: token_times(proxy)?[tokens_before..].to_vec(),
        });
    }
    Ok(Pair {
        run,
        rounds,
        proxy_cpu_s,
    })
}

/// The direct call made through the bare forwarder, started for this run alone with a token of
/// its own (a token outlives one run and no more).
fn forwarded_run(
    work: &Path,
    sandbox: &Server,
    run: Run,
    placement: Option<&Placement>,
) -> Result<Measured, String> {
    let direct = direct_request(sandbox)?;
    let header = |name: &str| {
        direct
            .headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map_or("", |(_, value)| value.as_str())
    };
    let forwarder = servers::bare_forwarder(
        work,
        &direct.url,
        header("Authorization"),
        direct.body.as_deref().unwrap_or_default(),
    )?;
    let through = Request {
        method: "GET",
        url: format!("http://{}/", forwarder.addr),
        headers: Vec::new(),
        body: None,
    };
    if let Some(placement) = placement {
        servers::pin(forwarder.pid(), &placement.proxy)?;
    }
    // Its pooled connection opened and its threads warmed, as the proxy's are.
    load::run(work, &through, 8, 1)?;
    checked(load::run_paced_on(
        work,
        &through,
        run.connections,
        run.baseline_seconds,
        run.pause_ms,
        placement.map(|placement| placement.upstream.as_str()),
    )?)
}

/// Where the proxy's CPU goes per request, at 64 connections: an answer with no state
/// (`/healthz`), one that reads the session (`/api/v1/session`), and the proxied call.
fn cpu_breakdown(
    work: &Path,
    proxy: &Server,
    client_token: &str,
    pairs: &[Pair],
) -> Result<Row, String> {
    let mut parts = Vec::new();
    for path in ["/healthz", "/api/v1/session"] {
        let request = Request {
            method: "GET",
            url: format!("http://{}{path}", proxy.addr),
            headers: vec![("Authorization", format!("Bearer {client_token}"))],
            body: None,
        };
        let before = servers::cpu_seconds(proxy.pid())?;
        let measured = checked(load::run(work, &request, 64, 3)?)?;
        let cpu = servers::cpu_seconds(proxy.pid())? - before;
        parts.push(format!(
            "{path} {}",
            amount(cpu * 1e6 / measured.requests as f64, "us")
        ));
    }
    let proxied = busiest(pairs)
        .map(|pair| pair.proxy_cpu_s * 1e6 / pair.proxied().requests as f64)
        .unwrap_or_default();
    Ok(Row::info(
        "proxy CPU per request, 64 conn",
        amount(proxied, "us"),
        &format!("vs {}", parts.join(", ")),
    ))
}

/// `64 conn`, `64 conn, upstream 20 ms away`, `64 conn paced 0-64 ms`: a run as the table
/// names it.
fn run_label(run: Run) -> String {
    let mut label = format!("{} conn", run.connections);
    if run.pause_ms > 0 {
        label.push_str(&format!(" paced 0-{} ms", 2 * run.pause_ms));
    }
    if run.rounds > 1 {
        label.push_str(&format!(", median of {} rounds", run.rounds));
    }
    if run.upstream_ms > 0 {
        label.push_str(&format!(", upstream {} ms away", run.upstream_ms));
    }
    if run.placed {
        label.push_str(", the proxy on a core of its own");
    }
    label
}

/// Holds every `merchants/login` answer of the sandbox back `millis`, as a distant upstream
/// would: the bench's one upstream call, direct or proxied, alike.
fn hold_upstream_back(sandbox: &Server, millis: u64) -> Result<(), String> {
    let rule = format!(
        r#"{{"path_prefix":"{}","fault":"latency={millis}"}}"#,
        servers::merchants_login_path()
    );
    http::post_json(sandbox.addr, servers::SANDBOX_FAULTS_PATH, &[], &rule).map(drop)
}

/// Lets the sandbox answer at once again: clears its faults.
fn release_upstream(sandbox: &Server) -> Result<(), String> {
    let cleared = http::send(
        sandbox.addr,
        "DELETE",
        servers::SANDBOX_FAULTS_PATH,
        &[],
        "",
    )?;
    if cleared.status != 204 {
        return Err(format!("the sandbox kept its faults: {}", cleared.status));
    }
    Ok(())
}

/// The busiest run on loopback, back to back: the one whose CPU per request counts.
fn busiest(pairs: &[Pair]) -> Option<&Pair> {
    pairs
        .iter()
        .filter(|pair| pair.run.upstream_ms == 0 && pair.run.pause_ms == 0)
        .max_by_key(|pair| pair.run.connections)
}

/// A run with errors measured failures, not the proxy.
fn checked(measured: Measured) -> Result<Measured, String> {
    if measured.errors > 0 || measured.requests == 0 {
        return Err(format!("a load run had errors: {measured:?}"));
    }
    Ok(measured)
}

/// Opens a checkout session through the merchant API; answers its client token.
pub fn open_session(proxy: &Server) -> Result<String, String> {
    let body = format!(
        r#"{{"amount":150000,"order_id":"BENCH-1","allowed_origins":["http://{}"]}}"#,
        proxy.addr
    );
    let authorization = format!("Bearer {}", servers::MERCHANT_API_KEY);
    let answer = http::post_json(
        proxy.addr,
        "/v1/checkout-sessions",
        &[("Authorization", &authorization)],
        &body,
    )?;
    http::json_string(&answer, "client_token").ok_or_else(|| format!("no client token: {answer}"))
}

/// `merchants/login` as the proxy sends it, with a token obtained just now.
fn direct_request(sandbox: &Server) -> Result<Request<'static>, String> {
    let [client_id, client_secret, username, password] =
        servers::flexiti_credentials().map(|(_, value)| value);
    let form = format!(
        "grant_type=client_credentials&client_id={client_id}&client_secret={client_secret}"
    );
    let answer = http::send(
        sandbox.addr,
        "POST",
        &format!("{FLEXITI_BASE_PATH}/oauth/token"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form,
    )?;
    let token = http::json_string(&answer.body, "access_token")
        .ok_or_else(|| format!("the sandbox gave no token: {}", answer.body))?;
    Ok(Request {
        method: "POST",
        url: format!(
            "http://{}{}?lang=en",
            sandbox.addr,
            servers::merchants_login_path()
        ),
        headers: vec![
            ("Authorization", format!("Bearer {token}")),
            ("Content-Type", "application/json".into()),
        ],
        body: Some(format!(
            r#"{{"merchant_username":"{username}","merchant_password":"{password}"}}"#
        )),
    })
}

/// When the proxy obtained each Flexiti token so far (seconds of the day, from its log).
fn token_times(proxy: &Server) -> Result<Vec<f64>, String> {
    let log = std::fs::read_to_string(&proxy.log)
        .map_err(|error| format!("{}: {error}", proxy.log.display()))?;
    Ok(log
        .lines()
        .filter(|line| line.contains("Flexiti token obtained"))
        .filter_map(seconds_of_day)
        .collect())
}

/// `2026-11-23T16:40:00.123456Z ...` -> seconds since midnight.
fn seconds_of_day(line: &str) -> Option<f64> {
    let time = line.split_whitespace().next()?.split_once('T')?.1;
    let mut parts = time.trim_end_matches('Z').split(':');
    let hours: f64 = parts.next()?.parse().ok()?;
    let minutes: f64 = parts.next()?.parse().ok()?;
    let seconds: f64 = parts.next()?.parse().ok()?;
    Some(hours * 3600.0 + minutes * 60.0 + seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_time_of_a_log_line() {
        let line =
            "2026-11-23T16:40:01.500000Z DEBUG proxy::upstream::flexiti: Flexiti token obtained";
        assert_eq!(
            seconds_of_day(line),
            Some(16.0 * 3600.0 + 40.0 * 60.0 + 1.5)
        );
    }
}
