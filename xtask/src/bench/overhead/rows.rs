//! The table's rows of the proxy's overhead: latency beside the direct call and the bare
//! forwarder, throughput per core, tokens.

use super::{Pair, RENEW_AT, TOKEN_LIFETIME_S, busiest, run_label};
use crate::bench::{
    load::Measured,
    table::{Row, amount},
};

/// The latency rows of one run.
pub(super) fn latency(pair: &Pair) -> Vec<Row> {
    if pair.run.upstream_ms > 0 {
        return distant(pair);
    }
    let (direct, proxied) = (&pair.direct(), &pair.proxied());
    let at = run_label(pair.run);
    let baseline = |value: f64| format!("direct {}", amount(value, "us"));
    let mut rows = vec![
        Row::at_most(
            &format!("added latency p50, {at}"),
            proxied.p50_us - direct.p50_us,
            by_round(baseline(direct.p50_us), &pair.added_p50_by_round()),
            100.0,
            "us",
        ),
        Row::at_most(
            &format!("added latency p99, {at}"),
            proxied.p99_us - direct.p99_us,
            baseline(direct.p99_us),
            250.0,
            "us",
        ),
        Row::at_most(
            &format!("proxied/direct p50, {at}"),
            proxied.p50_us / direct.p50_us,
            side_by_side(proxied.p50_us, direct.p50_us),
            3.0,
            "x",
        ),
    ];
    if let Some(forwarded) = &pair.forwarded() {
        rows.push(floor(direct, forwarded, proxied, &at));
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

/// What the bare forwarder adds to the direct call, and what the proxy adds beyond it: the
/// hop's own cost on this machine, and the proxy's work.
fn floor(direct: &Measured, forwarded: &Measured, proxied: &Measured, at: &str) -> Row {
    Row::info(
        &format!("added by a bare forwarder p50 / p99, {at}"),
        format!(
            "{} / {}",
            amount(forwarded.p50_us - direct.p50_us, "us"),
            amount(forwarded.p99_us - direct.p99_us, "us")
        ),
        &format!(
            "the hop alone; the proxy adds {} p50 beyond it",
            amount(proxied.p50_us - forwarded.p50_us, "us")
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
    let tokens: usize = pairs.iter().map(|pair| pair.tokens.len()).sum();
    let seconds: f64 = pairs.iter().map(|pair| pair.proxied().seconds).sum();
    // Between two rounds the proxy idles longer than a token lives: each round may need one.
    let rounds: u32 = pairs.iter().map(|pair| pair.run.rounds).sum();
    let period = TOKEN_LIFETIME_S as f64 * RENEW_AT;
    // Gaps between renewals inside one run: one renewal per token, none doubled by concurrency.
    let gaps: Vec<f64> = pairs
        .iter()
        .flat_map(|pair| pair.tokens.windows(2).map(|two| two[1] - two[0]))
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
        verdict: if (tokens as f64) <= (seconds / period).ceil() + f64::from(rounds) {
            "met".into()
        } else {
            format!("missed: {tokens} tokens for {:.0} lives", seconds / period)
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
