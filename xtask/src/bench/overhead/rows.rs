//! The table's rows of the proxy's overhead: latency beside the direct call and the bare
//! forwarder, throughput per core, tokens.

use super::{Pair, RENEW_AT, TOKEN_LIFETIME_S, busiest, run_label};
use crate::bench::{
    load::{self, Measured},
    table::{Row, amount},
};

/// The latency rows of one run.
pub(super) fn latency(pair: &Pair) -> Vec<Row> {
    if pair.run.upstream_ms > 0 {
        return distant(pair);
    }
    if pair.run.placed {
        return placed(pair);
    }
    let (direct, proxied) = (&pair.direct(), &pair.proxied());
    let at = run_label(pair.run);
    let baseline = |value: f64| format!("direct {}", amount(value, "us"));
    let added = |latency: fn(&Measured) -> f64| {
        let each = pair.by_round(|round| Pair::added(round, latency));
        (load::median(each.clone()), each)
    };
    let ((added_p50, each_p50), (added_p99, _)) = (added(|m| m.p50_us), added(|m| m.p99_us));
    let ratio = pair
        .median(|round| Some(round.proxied.p50_us / round.direct.p50_us))
        .unwrap_or_default();
    let mut rows = vec![
        Row::at_most(
            &format!("added latency p50, {at}"),
            added_p50,
            by_round(baseline(direct.p50_us), &each_p50),
            100.0,
            "us",
        ),
        Row::at_most(
            &format!("added latency p99, {at}"),
            added_p99,
            baseline(direct.p99_us),
            250.0,
            "us",
        ),
        Row::at_most(
            &format!("proxied/direct p50, {at}"),
            ratio,
            side_by_side(proxied.p50_us, direct.p50_us),
            3.0,
            "x",
        ),
    ];
    if pair.rounds.iter().any(|round| round.forwarded.is_some()) {
        rows.push(floor(pair, &at));
    }
    if pair.run.pause_ms > 0 {
        rows.push(pace(pair, &at));
    }
    rows
}

/// `baseline`, then each round's figure when there are several: how far the rounds spread.
fn by_round(baseline: String, rounds: &[f64]) -> String {
    if rounds.len() < 2 {
        return baseline;
    }
    let each: Vec<String> = rounds.iter().map(|value| format!("{value:.0}")).collect();
    format!("{baseline}; rounds {} us", each.join(", "))
}

/// What the bare forwarder adds to the direct call, and what the proxy adds beyond it (each
/// the median of the rounds' own differences): the hop's own cost on this machine, and the
/// proxy's work.
fn floor(pair: &Pair, at: &str) -> Row {
    let forwarder_added = |latency: fn(&Measured) -> f64| {
        pair.median(|round| Some(latency(round.forwarded.as_ref()?) - latency(&round.direct)))
            .unwrap_or_default()
    };
    let beyond = pair
        .median(|round| Some(round.proxied.p50_us - round.forwarded.as_ref()?.p50_us))
        .unwrap_or_default();
    Row::info(
        &format!("added by a bare forwarder p50 / p99, {at}"),
        format!(
            "{} / {}",
            amount(forwarder_added(|m| m.p50_us), "us"),
            amount(forwarder_added(|m| m.p99_us), "us")
        ),
        &format!(
            "the hop alone; the proxy adds {} p50 beyond it",
            amount(beyond, "us")
        ),
    )
}

/// How a paced run's load came: its rate, and how many requests were in flight on average.
fn pace(pair: &Pair, at: &str) -> Row {
    let load = |measured: &Measured| {
        format!(
            "{} req/s, {:.2} in flight",
            amount(measured.per_second(), ""),
            measured.in_flight()
        )
    };
    Row::info(
        &format!("requests a second and in flight, {at}"),
        load(&pair.proxied()),
        &format!("direct {}", load(&pair.direct())),
    )
}

/// The run with a distant upstream, without a verdict: the sandbox holds each answer back with a
/// timer of millisecond resolution, whose jitter is ten times the 100 us budget, so only whether
/// the proxied and direct latencies part shows here, not what the proxy adds to a microsecond.
fn distant(pair: &Pair) -> Vec<Row> {
    let (direct, proxied) = (&pair.direct(), &pair.proxied());
    let at = run_label(pair.run);
    vec![
        Row::info(
            &format!("proxied / direct p50, p99, {at}"),
            format!(
                "p50 {}, p99 {}",
                side_by_side(proxied.p50_us, direct.p50_us),
                side_by_side(proxied.p99_us, direct.p99_us)
            ),
            "the upstream's timer: 1 ms resolution",
        ),
        Row::info(
            &format!("proxied/direct p50, {at}"),
            amount(proxied.p50_us / direct.p50_us, "x"),
            &format!(
                "proxied req/s {}, direct {}",
                amount(proxied.per_second(), ""),
                amount(direct.per_second(), "")
            ),
        ),
    ]
}

/// The placed run, without a verdict: its direct call never leaves the core it shares with
/// `wrk`, where every call through the proxy crosses to the other core and back twice, so its
/// added latency and ratio are of the placement. What it shows is the floor row: the crossings
/// (the forwarder's figure) and the proxy's own work on a core of its own (beyond it).
fn placed(pair: &Pair) -> Vec<Row> {
    let (direct, proxied) = (&pair.direct(), &pair.proxied());
    let at = run_label(pair.run);
    let added = |latency: fn(&Measured) -> f64| {
        pair.median(|round| Pair::added(round, latency))
            .unwrap_or_default()
    };
    vec![
        Row::info(
            &format!("added latency p50 / p99, {at}"),
            format!(
                "{} / {}",
                amount(added(|m| m.p50_us), "us"),
                amount(added(|m| m.p99_us), "us")
            ),
            &format!(
                "proxied / direct p50 {}; no verdict: the placement's",
                side_by_side(proxied.p50_us, direct.p50_us)
            ),
        ),
        floor(pair, &at),
        pace(pair, &at),
    ]
}

/// `3078 us / 1621 us`: a proxied latency beside its direct twin.
fn side_by_side(proxied_us: f64, direct_us: f64) -> String {
    format!("{} / {}", amount(proxied_us, "us"), amount(direct_us, "us"))
}

/// Proxied requests a second, and per proxy CPU-second, in the busiest run.
pub(super) fn throughput(pairs: &[Pair]) -> Vec<Row> {
    let Some(busy) = busiest(pairs) else {
        return Vec::new();
    };
    let (proxied, direct) = (busy.proxied(), busy.direct());
    let per_core = proxied.requests as f64 / busy.proxy_cpu_s;
    vec![
        Row::info(
            "proxied req/s, 64 conn (whole machine)",
            amount(proxied.per_second(), "req/s"),
            &format!("direct {}", amount(direct.per_second(), "req/s")),
        ),
        Row::at_least(
            "proxied req per proxy CPU-second",
            per_core,
            format!("proxy used {:.2} cores", busy.proxy_cpu_s / proxied.seconds),
            20_000.0,
            "req/s",
        ),
    ]
}

/// Token requests per proxied call, and renewals per token life.
pub(super) fn tokens(pairs: &[Pair]) -> Vec<Row> {
    let calls: u64 = pairs.iter().map(|pair| pair.proxied().requests).sum();
    let rounds = || pairs.iter().flat_map(|pair| &pair.rounds);
    let tokens: usize = rounds().map(|round| round.tokens.len()).sum();
    let seconds: f64 = pairs.iter().map(|pair| pair.proxied().seconds).sum();
    let period = TOKEN_LIFETIME_S as f64 * RENEW_AT;
    // A round begins with at most one token (its first, or one renewed), then renews once a
    // period at most: between two rounds the proxy idles, and its token may expire.
    let allowed: f64 = rounds()
        .map(|round| 1.0 + (round.proxied.seconds / period).floor())
        .sum();
    // Gaps between renewals inside one round: one renewal per token, none doubled.
    let gaps: Vec<f64> = rounds()
        .flat_map(|round| round.tokens.windows(2).map(|two| two[1] - two[0]))
        .collect();
    let shortest = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let doubled = gaps.iter().filter(|gap| **gap < period * 0.9).count();
    let per_call = Row {
        figure: "token requests per proxied call".into(),
        measured: format!("{tokens} / {calls} = {:.6}", tokens as f64 / calls as f64),
        baseline: format!(
            "{seconds:.0} s of load, token life {TOKEN_LIFETIME_S} s (renewed at {period:.0} s)"
        ),
        budget: "0 between renewals".into(),
        verdict: if (tokens as f64) <= allowed {
            "met".into()
        } else {
            format!("missed: {tokens} tokens, at most {allowed:.0} expected")
        },
    };
    let renewals = Row {
        figure: "renewals per token life".into(),
        measured: if gaps.is_empty() {
            "no renewal seen".into()
        } else {
            format!("{} renewals, shortest gap {shortest:.1} s", gaps.len())
        },
        baseline: format!("one per {period:.0} s expected"),
        budget: "exactly 1".into(),
        verdict: if gaps.is_empty() {
            "not seen".into()
        } else if doubled == 0 {
            "met".into()
        } else {
            format!("missed: {doubled} doubled renewals")
        },
    };
    vec![per_call, renewals]
}
