//! Widget start-up (issue 9, item 2): runs the browser example of the `e2e` crate (it has the
//! WebDriver client; this crate keeps to the standard library) and reads its `BENCH` lines.

use std::process::Command;

use super::table::{Row, amount};

/// Loads of each page, cold and warm: the median of at least 20.
const LOADS: usize = 21;
/// The budget: widget ready within 1.5x the static page.
const BUDGET_RATIO: f64 = 1.5;

/// The start-up rows: for cold and warm loads, the widget beside the static page.
pub fn measure() -> Result<Vec<Row>, String> {
    println!(
        "==> widget start-up: {LOADS} cold and {LOADS} warm loads of each page, the merchant's on the checkout's site, then on another, then on the checkout's site over a slow 4G network"
    );
    let output = Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "server",
            "--package",
            "e2e",
            "--example",
            "startup",
            "--",
            &LOADS.to_string(),
        ])
        .current_dir(crate::root())
        .output()
        .map_err(|error| format!("cannot run the start-up example: {error}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the start-up example failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut rows = Vec::new();
    for line in text
        .lines()
        .filter(|line| line.starts_with("BENCH startup "))
    {
        rows.extend(rows_of(line).ok_or_else(|| format!("unreadable: {line}"))?);
    }
    if rows.is_empty() {
        return Err(format!("the start-up example printed no figures: {text}"));
    }
    Ok(rows)
}

/// `BENCH startup cold merchant=same-site loads=21 widget_page_ms=.. widget_frame_ms=..
/// static_page_ms=.. static_frame_ms=..`, then, when measured, each ratio with its interval
/// (`page_ratio=.. page_ratio_low=.. page_ratio_high=..`, the same for `frame`) and the frames'
/// steps (`widget_html_ms=..`). A merchant page on another site than the checkout
/// (`merchant=other-site`) has its rows named so; its frames' steps are out of its reach. So
/// do the loads over an emulated slow 4G network (`merchant=same-site-slow-4g`).
fn rows_of(line: &str) -> Option<Vec<Row>> {
    let load = line.split_whitespace().nth(2)?;
    let merchant = line
        .split_whitespace()
        .find_map(|pair| pair.strip_prefix("merchant="));
    let kind = match merchant {
        Some("other-site") => format!("{load}, merchant on another site"),
        Some("same-site-slow-4g") => format!("{load}, slow 4G network"),
        _ => load.to_owned(),
    };
    let value = |name: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?
            .parse()
            .ok()
    };
    let loads = value("loads")?;
    let mut rows = Vec::new();
    for (from, widget, plain) in [
        ("page", value("widget_page_ms")?, value("static_page_ms")?),
        (
            "frame",
            value("widget_frame_ms")?,
            value("static_frame_ms")?,
        ),
    ] {
        rows.push(Row::info(
            &format!("start-up {kind}, {from} navigation -> ready (median of {loads:.0})"),
            amount(widget, "ms"),
            &format!("static page {}", amount(plain, "ms")),
        ));
        let interval =
            value(&format!("{from}_ratio_low")).zip(value(&format!("{from}_ratio_high")));
        rows.push(ratio_row(
            &format!("start-up {kind}, widget/static ({from})"),
            (widget, plain),
            value(&format!("{from}_ratio")).unwrap_or(widget / plain),
            interval,
        ));
    }
    for (page, name) in [
        ("widget", "the widget's frame"),
        ("static", "the static frame"),
    ] {
        if let Some(steps) = steps(&value, page) {
            rows.push(Row::info(
                &format!("start-up {kind}, {name} step by step"),
                steps,
                "from the frame's navigation",
            ));
        }
    }
    rows.push(Row::info(
        &format!("start-up {kind}, the frame's navigation starts"),
        framed(&value, "widget").unwrap_or_else(|| "not measured".into()),
        &framed(&value, "static")
            .map_or_else(|| "not measured".into(), |at| format!("static page {at}")),
    ));
    Some(rows)
}

/// The `ratio` of the medians (as the example computed it, from unrounded times) against the
/// budget, beside where it fell in 90% of the resamples of the run's rounds (`interval`, when
/// measured): a verdict whose interval holds the budget is said to be within the noise, since
/// another draw of the same loads gives the other verdict.
fn ratio_row(
    figure: &str,
    (widget, plain): (f64, f64),
    ratio: f64,
    interval: Option<(f64, f64)>,
) -> Row {
    let mut baseline = format!("{} / {}", amount(widget, "ms"), amount(plain, "ms"));
    if let Some((low, high)) = interval {
        baseline.push_str(&format!("; 90% of resamples {low:.2}-{high:.2}x"));
    }
    let mut row = Row::at_most(figure, ratio, baseline, BUDGET_RATIO, "x");
    if interval.is_some_and(|(low, high)| low <= BUDGET_RATIO && BUDGET_RATIO < high) {
        row.verdict.push_str(", within the noise");
    }
    row
}

/// `at 46.9 ms (script 44.4)`: when, from the merchant page's navigation, the page's script ran
/// (for the widget, once the loader ran) and the frame's navigation started. The page's part of
/// a start-up is the same for both pages when these are close: the rest happens in the frame.
fn framed(value: &dyn Fn(&str) -> Option<f64>, page: &str) -> Option<String> {
    let script = value(&format!("{page}_script_ms"))?;
    let framed = value(&format!("{page}_framed_ms"))?;
    Some(format!("at {framed:.1} ms (script {script:.1})"))
}

/// `clock 1.2 after the page's start, page 9.3, ready said 8.1, wasm read 17.0-30.8, session
/// 24.3, glue run 25.0, wasm started 31.2 ms` from the line's `{page}_*_ms` steps, absent ones
/// left out (`None` when none was measured). The first is how long after the merchant page's
/// script started the frame's navigation the frame's own clock started: the page's start is the
/// frame's start on another site, where its own clock is out of reach. The page is received
/// when its last byte is, which may come after `ready`. The wasm's read ending late says its
/// size holds the code's start back. The static page has only its page, received and parsed.
fn steps(value: &dyn Fn(&str) -> Option<f64>, page: &str) -> Option<String> {
    let at = |step: &str| value(&format!("{page}_{step}_ms"));
    let mut parts = Vec::new();
    if let Some(lag) = at("lag") {
        parts.push(format!("clock {lag:.1} after the page's start"));
    }
    if let Some(html) = at("html") {
        parts.push(format!("page {html:.1}"));
    }
    if let Some(said) = at("said") {
        parts.push(format!("ready said {said:.1}"));
    }
    if let Some(parsed) = at("parsed") {
        parts.push(format!("parsed {parsed:.1}"));
    }
    if let (Some(start), Some(end)) = (at("wasm_start"), at("wasm_end")) {
        parts.push(format!("wasm read {start:.1}-{end:.1}"));
    }
    if let Some(session) = at("session") {
        parts.push(format!("session {session:.1}"));
    }
    if let Some(glue) = at("glue") {
        parts.push(format!("glue run {glue:.1}"));
    }
    if let Some(init) = at("init") {
        parts.push(format!("wasm started {init:.1}"));
    }
    (!parts.is_empty()).then(|| format!("{} ms", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_bench_line() {
        let line = "BENCH startup cold loads=21 widget_page_ms=300.0 widget_frame_ms=250.0 static_page_ms=100.0 static_frame_ms=50.0";
        let rows = rows_of(line).expect("rows");
        assert_eq!(rows.len(), 5, "no steps measured, no rows of steps");
        assert_eq!(rows[4].measured, "not measured");
        assert_eq!(rows[1].measured, "3.00x");
        assert!(rows[1].verdict.starts_with("missed"));
    }

    #[test]
    fn says_when_a_verdict_is_within_the_noise() {
        let line = "BENCH startup cold loads=21 widget_page_ms=84.0 widget_frame_ms=48.0 static_page_ms=56.0 static_frame_ms=20.0 page_ratio=1.499 page_ratio_low=1.38 page_ratio_high=1.71 frame_ratio=2.400 frame_ratio_low=2.21 frame_ratio_high=2.64";
        let rows = rows_of(line).expect("rows");
        assert_eq!(rows[1].measured, "1.50x");
        assert_eq!(
            rows[1].baseline,
            "84.0 ms / 56.0 ms; 90% of resamples 1.38-1.71x"
        );
        assert_eq!(rows[1].verdict, "met, within the noise");
        assert_eq!(rows[3].measured, "2.40x");
        assert!(
            rows[3].verdict.starts_with("missed by 0.90x"),
            "{}",
            rows[3].verdict
        );
        assert!(!rows[3].verdict.contains("noise"), "{}", rows[3].verdict);
    }

    #[test]
    fn reads_the_steps_of_each_frame() {
        let line = "BENCH startup warm loads=21 widget_page_ms=70.0 widget_frame_ms=40.0 static_page_ms=50.0 static_frame_ms=25.0 widget_lag_ms=1.2 widget_html_ms=9.3 widget_said_ms=8.1 static_html_ms=5.1 static_parsed_ms=12.0 widget_wasm_start_ms=17.0 widget_wasm_end_ms=30.8 widget_session_ms=24.3 widget_glue_ms=25.0 widget_init_ms=31.2 widget_script_ms=24.5 widget_framed_ms=26.0 static_script_ms=26.1 static_framed_ms=27.2";
        let rows = rows_of(line).expect("rows");
        assert_eq!(
            rows[4].measured,
            "clock 1.2 after the page's start, page 9.3, ready said 8.1, wasm read 17.0-30.8, session 24.3, glue run 25.0, wasm started 31.2 ms"
        );
        assert_eq!(rows[5].measured, "page 5.1, parsed 12.0 ms");
        assert_eq!(rows[6].measured, "at 26.0 ms (script 24.5)");
        assert_eq!(rows[6].baseline, "static page at 27.2 ms (script 26.1)");
    }

    #[test]
    fn names_the_rows_of_each_placement() {
        let line = "BENCH startup warm merchant=other-site loads=21 widget_page_ms=60.0 widget_frame_ms=30.0 static_page_ms=50.0 static_frame_ms=25.0 widget_script_ms=20.0 widget_framed_ms=21.0 static_script_ms=19.0 static_framed_ms=20.0";
        let rows = rows_of(line).expect("rows");
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[1].figure,
            "start-up warm, merchant on another site, widget/static (page)"
        );
        assert_eq!(rows[3].measured, "1.20x");
        assert_eq!(rows[4].measured, "at 21.0 ms (script 20.0)");
        let same_site = line.replace("other-site", "same-site");
        let rows = rows_of(&same_site).expect("rows");
        assert_eq!(rows[1].figure, "start-up warm, widget/static (page)");
        let on_a_phone = line.replace("other-site", "same-site-slow-4g");
        let rows = rows_of(&on_a_phone).expect("rows");
        assert_eq!(
            rows[1].figure,
            "start-up warm, slow 4G network, widget/static (page)"
        );
    }
}
