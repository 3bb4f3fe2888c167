//! Widget start-up in headless Chromium on loopback (issue 9, item 2), run by `cargo xtask bench`:
//! `cargo run --profile server -p e2e --example startup -- [LOADS] [PLACEMENTS]` (placements by
//! name, comma-separated: `same-site`, `other-site`, `same-site-slow-4g`; all by default).
//!
//! Two merchant pages served by the same proxy: one mounts the widget with the loader and stops
//! the clock at the widget's `ready` event; the other frames a plain static HTML page holding the
//! same first screen (a snapshot of the widget's own DOM, scripts removed, the same stylesheet in
//! it) and stops the clock at that frame's `load`. Times are `performance.now()` inside the page, from the
//! page's navigation (`page`) and from the frame's own navigation (`frame`). Cold loads use a fresh
//! browser profile each (a shopper's first visit), once that browser has settled ([`SETTLE`]);
//! warm loads repeat in one browser. Prints one `BENCH startup ...` line per kind of load,
//! medians in milliseconds, with the steps of each frame (resource timing and the widget page's
//! marks): where a slow start-up spends its time; and how far each ratio moves when the run's
//! rounds are resampled ([`ratio_interval`]).
//!
//! All of it twice: the merchant pages served by the proxy itself, then from another site
//! ([`serve_other_site`]), as a merchant's shop is another site than its checkout. On one site
//! Chromium runs the page and its frame on one main thread, so the frame's `ready` waits for
//! the frame's first render before the page hears it; on another, desktop Chromium gives the
//! frame a process of its own (Android and webviews mostly do not). Then a third time on one
//! site, on the network of a phone (slow 4G, [`SLOW_4G`]), which Chromium emulates.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use e2e::{browser::Browser, network::Network};
use proxy::testing::{TestApp, test_config};
use sandbox::SandboxConfig;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

/// The merchant page that mounts the widget with the loader at `LOADER_SRC`; `?token=` is the
/// session's client token.
const WIDGET_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-CA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bench: widget</title></head>
<body><main><h1>Checkout</h1><div id="checkout"></div></main>
<script src="LOADER_SRC"></script>
<script src="bench-widget.js"></script></body></html>
"##;

/// When a frame's navigation started, in the page's time, and the frame's own clock to read its
/// steps by. `started` is when the page's script asked for the frame (as the widget's script
/// runs, just before the loader's `mount` posts its form; just before the static frame is
/// appended). A frame on another site has its clock out of reach: its start is then `started`,
/// and it has no steps. On one site, the frame's clock starts a little later than `started`:
/// that lag is a step (`lag`), so that the bench keeps saying how far apart the two starts are.
/// (A frame opened by a form has no resource timing entry in its page, which the bench read
/// until 2026-12-06 for that start.)
const FRAMED: &str = r##"function benchFramed(frame, started, then) {
  var inner = null;
  try { inner = frame.contentWindow.performance; inner.timeOrigin.toFixed(); } catch (otherSite) { inner = null; }
  if (inner) then(inner.timeOrigin - performance.timeOrigin, inner, started);
  else then(started, null, started);
}
"##;

/// Its script, a file of its own: the proxy's CSP for pages refuses inline scripts.
const WIDGET_SCRIPT: &str = r##"(function () {
  var token = new URLSearchParams(location.search).get("token");
  var script = performance.now();
  var mounted = FlexitiCheckout.mount("#checkout", { clientToken: token, onEvent: function (event) {
    if (event.type !== "ready" || window.benchReady) return;
    var now = performance.now();
    window.benchReady = true;
    benchFramed(mounted.frame, script, function (framed, frame, pageStart) {
      // Where the frame's time went, from its own navigation: its page received (`ready` may
      // come before its last byte: the scripts that start the code come after the one that says
      // it), the page said `ready`, the wasm read (which the page compiles as it arrives: its
      // end is the last byte), the session read the page starts; and, read once the code has
      // started (`widget-init`, at most 5 s on), when it did: the time `ready` is measured at
      // stays the time the page heard it.
      var steps = {};
      var waited = 0;
      (function codeStarted() {
        var started = frame && frame.getEntriesByName("widget-init").length > 0;
        if (frame && !started && waited < 5000) {
          waited += 10;
          setTimeout(codeStarted, 10);
          return;
        }
        collect();
      })();
      function collect() {
        if (frame) {
          steps.lag = framed - pageStart;
          steps.html = frame.getEntriesByType("navigation")[0].responseEnd;
          frame.getEntriesByType("resource").forEach(function (entry) {
            if (/\.wasm$/.test(entry.name)) {
              steps.wasm_start = entry.startTime;
              steps.wasm_end = entry.responseEnd;
            } else if (/\/api\/v1\/session$/.test(entry.name)) {
              steps.session = entry.responseEnd;
            }
          });
          // The page's marks: its glue ran (`widget-glue`), its wasm compiled and started (`widget-init`).
          frame.getEntriesByType("mark").forEach(function (mark) {
            if (mark.name === "widget-said-ready") steps.said = mark.startTime;
            if (mark.name === "widget-glue") steps.glue = mark.startTime;
            if (mark.name === "widget-init") steps.init = mark.startTime;
          });
        }
        window.benchResult = { page: now, frame: now - framed, script: script, framed: framed, steps: steps };
      }
    });
  } });
})();
"##;

/// The merchant page that frames the static first screen at `FRAME_SRC`, as the loader frames
/// the widget.
const STATIC_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-CA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bench: static</title></head>
<body><main><h1>Checkout</h1><div id="checkout"></div></main>
<script src="bench-static.js" data-frame="FRAME_SRC"></script></body></html>
"##;

/// Its script.
const STATIC_SCRIPT: &str = r##"(function () {
  var script = performance.now();
  var frame = document.createElement("iframe");
  frame.src = document.currentScript.dataset.frame;
  frame.style.cssText = "border:0;width:100%;height:32rem;display:block";
  frame.addEventListener("load", function () {
    var now = performance.now();
    benchFramed(frame, started, function (framed, inner, pageStart) {
      // Its page received and parsed, from its own navigation, as for the widget.
      var steps = {};
      if (inner) {
        steps.lag = framed - pageStart;
        var navigation = inner.getEntriesByType("navigation")[0];
        steps.html = navigation.responseEnd;
        steps.parsed = navigation.domInteractive;
      }
      window.benchResult = { page: now, frame: now - framed, script: script, framed: framed, steps: steps };
    });
  });
  var started = performance.now();
  document.getElementById("checkout").appendChild(frame);
})();
"##;

/// The static first screen's file, beside the merchant pages.
const FIRST_SCREEN: &str = "bench-first-screen.html";

/// How long a fresh browser is left alone before its cold load. For about a second after it
/// starts, Chromium loads its own pages (the omnibox popup's, the new tab page's: 400 to 500
/// requests to `chrome://` in a trace) in other processes, on the same two cores. A shopper's
/// first visit to a checkout does not happen in a browser's first second. Settled, both pages
/// load about a third faster (cold frame, same build: widget 81.9 -> 49.0 ms, static
/// 35.8 -> 22.9), their ratio within its noise.
const SETTLE: Duration = Duration::from_millis(1500);

/// One load's two times, in milliseconds; when, in the page's time, its script ran (for the
/// widget, after the loader) and its frame's navigation started; and where its frame's time went
/// ([`STEPS`], [`STATIC_STEPS`]).
#[derive(Clone)]
struct Load {
    page: f64,
    frame: f64,
    script: f64,
    framed: f64,
    steps: Value,
}

/// The steps of a widget load: the frame's clock started after the page asked for it, the
/// frame's page received, `ready` said by the page, the wasm's read started and ended, the
/// session's answer received, the glue run, the wasm (compiled by then) instantiated and started.
const STEPS: [&str; 8] = [
    "lag",
    "html",
    "said",
    "wasm_start",
    "wasm_end",
    "session",
    "glue",
    "init",
];

/// The steps of a static load: its clock started after the page asked for it, its page
/// received, its page parsed.
const STATIC_STEPS: [&str; 3] = ["lag", "html", "parsed"];

/// Where the merchant pages are, against the checkout's origin (the proxy's), and the network
/// between them and the browser.
#[derive(Clone)]
struct Merchant {
    /// The placement, as the `BENCH` line names it (`merchant=`).
    name: &'static str,
    /// The folder of the merchant pages, ending in `/`.
    pages: String,
    /// The origin the session lets frame the widget.
    origin: String,
    /// The network Chromium emulates for its pages; loopback's own when `None`.
    network: Option<Network>,
}

/// The placements' names ([`Merchant::name`]), in the order they are measured.
const PLACEMENTS: [&str; 3] = ["same-site", "other-site", "same-site-slow-4g"];

/// A phone on a slow 4G network, as Lighthouse's mobile runs assume it: 150 ms of round trip,
/// 1.6 Mbit/s down, 750 kbit/s up. The issue's budget is measured on loopback; this is where a
/// shopper's phone spends its start-up instead: in round trips and bytes.
const SLOW_4G: Network = Network {
    latency_ms: 150,
    down_bytes_per_s: 1_638_400 / 8,
    up_bytes_per_s: 768_000 / 8,
    offline: false,
};

#[tokio::main]
async fn main() {
    let loads: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(21);
    // The placements to measure, by name (`same-site,other-site`); all of them by default.
    let only: Vec<String> = std::env::args().nth(2).map_or_else(
        || PLACEMENTS.map(str::to_owned).to_vec(),
        |names| names.split(',').map(str::to_owned).collect(),
    );
    for name in &only {
        assert!(
            PLACEMENTS.contains(&name.as_str()),
            "no placement is named {name}: {PLACEMENTS:?}"
        );
    }
    let pages = tempfile::tempdir().expect("a temporary directory");
    let mut config = test_config(None);
    config.static_dir = pages.path().to_path_buf();
    let app = TestApp::launch(config, SandboxConfig::default()).await;
    let other_site_dir = pages.path().join("other-site");
    let port = serve_other_site(&other_site_dir).await;
    lay_out(&pages.path().join("demo"), "/v1/checkout.js", FIRST_SCREEN);
    lay_out(
        &other_site_dir,
        &app.url("/v1/checkout.js"),
        &format!("http://127.0.0.1:{port}/{FIRST_SCREEN}"),
    );
    let same_site = Merchant {
        name: "same-site",
        pages: app.url("/demo/"),
        origin: app.url(""),
        network: None,
    };
    let first_screen = snapshot_first_screen(&app, &same_site).await;
    for dir in [pages.path().join("demo"), other_site_dir] {
        std::fs::write(dir.join(FIRST_SCREEN), &first_screen).expect("written");
    }
    let other_site = Merchant {
        name: "other-site",
        pages: format!("http://localhost:{port}/"),
        origin: format!("http://localhost:{port}"),
        network: None,
    };
    // On one site only: a frame on another site runs in a process of its own, which the
    // emulation set on the page's may not reach.
    let on_a_phone = Merchant {
        name: "same-site-slow-4g",
        network: Some(SLOW_4G),
        ..same_site.clone()
    };
    for merchant in [&same_site, &other_site, &on_a_phone] {
        if !only.iter().any(|name| name == merchant.name) {
            continue;
        }
        cold(&app, merchant, loads).await;
        warm(&app, merchant, loads).await;
    }
}

/// `loads` rounds of a widget load and a static load, each in a fresh browser.
async fn cold(app: &TestApp, merchant: &Merchant, loads: usize) {
    let mut measured = Measured::default();
    for round in 0..loads {
        // Alternate which goes first, so that neither always follows the other.
        for widget in [round % 2 == 0, round % 2 == 1] {
            let browser = Browser::launch().await;
            browser
                .client()
                .goto(&app.url("/healthz"))
                .await
                .expect("the proxy answers");
            tokio::time::sleep(SETTLE).await;
            if let Some(network) = merchant.network {
                browser.emulate(network).await;
            }
            let load = load_once(app, &browser, merchant, widget).await;
            browser.close().await;
            measured.push(widget, load);
        }
    }
    report("cold", merchant, &measured);
}

/// `loads` rounds of a widget load and a static load, all in one browser.
async fn warm(app: &TestApp, merchant: &Merchant, loads: usize) {
    let browser = Browser::launch().await;
    if let Some(network) = merchant.network {
        browser.emulate(network).await;
    }
    let mut measured = Measured::default();
    // One of each first, to fill the cache; not counted.
    load_once(app, &browser, merchant, true).await;
    load_once(app, &browser, merchant, false).await;
    for round in 0..loads {
        for widget in [round % 2 == 0, round % 2 == 1] {
            let load = load_once(app, &browser, merchant, widget).await;
            measured.push(widget, load);
        }
    }
    browser.close().await;
    report("warm", merchant, &measured);
}

/// The loads of one kind, the widget's and the static page's, in the order of their rounds.
#[derive(Default)]
struct Measured {
    widget: Vec<Load>,
    plain: Vec<Load>,
}

impl Measured {
    fn push(&mut self, widget: bool, load: Load) {
        if widget {
            &mut self.widget
        } else {
            &mut self.plain
        }
        .push(load);
    }
}

/// The bench pages in `dir`, loading the loader from `loader` and framing the static first
/// screen from `first_screen` (which comes later, [`snapshot_first_screen`]).
fn lay_out(dir: &Path, loader: &str, first_screen: &str) {
    std::fs::create_dir_all(dir).expect("a directory for the pages");
    let files = [
        (
            "bench-widget.html",
            WIDGET_PAGE.replace("LOADER_SRC", loader),
        ),
        (
            "bench-static.html",
            STATIC_PAGE.replace("FRAME_SRC", first_screen),
        ),
        ("bench-widget.js", format!("{FRAMED}{WIDGET_SCRIPT}")),
        ("bench-static.js", format!("{FRAMED}{STATIC_SCRIPT}")),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("written");
    }
}

/// A merchant's site apart from the checkout: `dir` served as plain files, without the proxy's
/// policies (which let only the proxy's own origin frame its pages), on a free port of loopback.
/// Its pages are addressed as `localhost` (another site than the proxy's `127.0.0.1`, as a
/// merchant's shop is another site than its checkout) and the static first screen as
/// `127.0.0.1`, as the widget's frame is. Returns the port.
async fn serve_other_site(dir: &Path) -> u16 {
    std::fs::create_dir_all(dir).expect("a directory for the other site");
    let files = axum::Router::new().fallback_service(ServeDir::new(PathBuf::from(dir)));
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("a port");
    let port = listener.local_addr().expect("its address").port();
    // `localhost` may be tried on IPv6 first: answered there too when the machine has it. Were
    // that port taken there by another program, Chromium could reach it instead.
    let v6 = TcpListener::bind(("::1", port))
        .await
        .inspect_err(|error| eprintln!("warning: [::1]:{port} not served ({error})"))
        .ok();
    for listener in std::iter::once(listener).chain(v6) {
        let files = files.clone();
        tokio::spawn(async move { axum::serve(listener, files).await });
    }
    port
}

/// A session whose widget `merchant`'s pages may frame: its client token.
async fn client_token(app: &TestApp, merchant: &Merchant) -> String {
    let body =
        json!({ "amount": 150_000, "order_id": "BENCH", "allowed_origins": [merchant.origin] });
    let (status, session) = app.create_session(&body).await;
    assert!(status.is_success(), "{session}");
    session["client_token"]
        .as_str()
        .expect("a client token")
        .to_owned()
}

/// Opens one of `merchant`'s bench pages and waits for its result.
async fn load_once(app: &TestApp, browser: &Browser, merchant: &Merchant, widget: bool) -> Load {
    let url = if widget {
        let token = client_token(app, merchant).await;
        format!("{}bench-widget.html?token={token}", merchant.pages)
    } else {
        format!("{}bench-static.html", merchant.pages)
    };
    browser.client().goto(&url).await.expect("the page opens");
    let result = e2e::eventually("the bench page's result", || async {
        let found = browser
            .js("return window.benchResult || null;", vec![])
            .await;
        if found.is_null() {
            let seen = browser
                .js(
                    "return document.documentElement.outerHTML.slice(0, 1500);",
                    vec![],
                )
                .await;
            Err(format!("no result yet; page: {seen}"))
        } else {
            Ok(found)
        }
    })
    .await;
    let number = |name: &str| result[name].as_f64().expect("a number");
    Load {
        page: number("page"),
        frame: number("frame"),
        script: number("script"),
        framed: number("framed"),
        steps: result["steps"].clone(),
    }
}

/// Loads the widget once from `merchant`'s page, waits for its first screen to settle, and
/// returns that screen as a static page: the widget's DOM, scripts and preloads removed, its
/// stylesheet kept in the page as the widget's page holds it (the demo's policy allows it by its
/// hash, `envelope::demo_page_policy`), so that both frames wait for the same files: their page.
async fn snapshot_first_screen(app: &TestApp, merchant: &Merchant) -> String {
    let browser = Browser::launch().await;
    load_once(app, &browser, merchant, true).await;
    browser.enter_widget().await;
    let settled = "return document.querySelector('[role=status]') ? null : document.documentElement.outerHTML;";
    let html = e2e::eventually("the widget's first screen", || async {
        match browser.js(settled, vec![]).await {
            Value::String(html) => Ok(html),
            _ => Err("still loading".to_owned()),
        }
    })
    .await;
    browser.close().await;
    format!("<!DOCTYPE html>\n{}", without_scripts(&html))
}

/// `html` without `<script>` elements and without `<link rel=modulepreload|preload>` tags.
fn without_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        if tag.starts_with("<script") {
            let end = tag.find("</script>").map_or(tag.len(), |at| at + 9);
            rest = &tag[end..];
        } else if tag.starts_with("<link") && tag[..tag.find('>').unwrap_or(0)].contains("preload")
        {
            let end = tag.find('>').map_or(tag.len(), |at| at + 1);
            rest = &tag[end..];
        } else {
            out.push('<');
            rest = &tag[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Resamples of the rounds that [`ratio_interval`] draws.
const RESAMPLES: usize = 2000;
/// The first of the seeded draws: the same loads always give the same interval.
const SEED: u64 = 0x5EED_1DEA;

/// The ratio of the medians of `rounds`' widget times over their static times.
fn ratio(rounds: &[(f64, f64)]) -> f64 {
    median(rounds.iter().map(|round| round.0)) / median(rounds.iter().map(|round| round.1))
}

/// Where [`ratio`] falls in 90% of resamples of this run's `rounds` (widget time, static time):
/// a bootstrap, rounds drawn with replacement, each keeping its widget load and its static load,
/// taken one after the other. It says how far the ratio moves with the luck of the draw within
/// the run, so that a verdict near the budget reads as the noise it may be; it cannot see the
/// machine drifting between runs, which moves the ratio too.
fn ratio_interval(rounds: &[(f64, f64)]) -> (f64, f64) {
    if rounds.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let count = rounds.len() as u64;
    let mut draw = SEED;
    let mut ratios = Vec::with_capacity(RESAMPLES);
    for _ in 0..RESAMPLES {
        let mut drawn = Vec::with_capacity(rounds.len());
        for _ in 0..count {
            draw = draw.wrapping_add(1);
            drawn.push(rounds[(sandbox::splitmix(draw) % count) as usize]);
        }
        ratios.push(ratio(&drawn));
    }
    ratios.sort_by(f64::total_cmp);
    (
        ratios[RESAMPLES / 20],
        ratios[RESAMPLES - 1 - RESAMPLES / 20],
    )
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Prints the `BENCH startup` line of one kind of load (`cold`, `warm`) from `merchant`'s pages;
/// a frame's steps only where its clock could be read.
fn report(kind: &str, merchant: &Merchant, measured: &Measured) {
    let (widget, plain) = (&measured.widget[..], &measured.plain[..]);
    let steps_of = |page: &str, loads: &[Load], names: &[&str]| -> String {
        names
            .iter()
            .filter_map(|step| {
                let times: Vec<f64> = loads
                    .iter()
                    .filter_map(|load| load.steps[step].as_f64())
                    .collect();
                (!times.is_empty())
                    .then(|| format!(" {page}_{step}_ms={:.1}", median(times.into_iter())))
            })
            .collect()
    };
    let steps = steps_of("widget", widget, &STEPS) + &steps_of("static", plain, &STATIC_STEPS);
    let median_of = |loads: &[Load], time: fn(&Load) -> f64| median(loads.iter().map(time));
    let spread: String = [
        ("page", (|load| load.page) as fn(&Load) -> f64),
        ("frame", |load| load.frame),
    ]
    .into_iter()
    .map(|(from, time)| {
        let rounds: Vec<(f64, f64)> = widget
            .iter()
            .zip(plain)
            .map(|(widget, plain)| (time(widget), time(plain)))
            .collect();
        let (low, high) = ratio_interval(&rounds);
        format!(
            " {from}_ratio={:.3} {from}_ratio_low={low:.2} {from}_ratio_high={high:.2}",
            ratio(&rounds)
        )
    })
    .collect();
    println!(
        "BENCH startup {kind} merchant={} loads={} widget_page_ms={:.1} widget_frame_ms={:.1} static_page_ms={:.1} static_frame_ms={:.1}{spread}{steps} widget_script_ms={:.1} widget_framed_ms={:.1} static_script_ms={:.1} static_framed_ms={:.1}",
        merchant.name,
        widget.len(),
        median_of(widget, |load| load.page),
        median_of(widget, |load| load.frame),
        median_of(plain, |load| load.page),
        median_of(plain, |load| load.frame),
        median_of(widget, |load| load.script),
        median_of(widget, |load| load.framed),
        median_of(plain, |load| load.script),
        median_of(plain, |load| load.framed),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rounds whose static time climbs from 10 to 30 ms, the widget's always twice it.
    fn twice_as_slow() -> Vec<(f64, f64)> {
        (0..21)
            .map(|round| (2.0 * (10.0 + f64::from(round)), 10.0 + f64::from(round)))
            .collect()
    }

    #[test]
    fn a_resample_keeps_each_rounds_two_loads_together() {
        // Drawn apart, the widget's median and the static's would come from different rounds
        // and the ratio would spread around 2x; kept together, it is 2x in every resample.
        assert_eq!(ratio_interval(&twice_as_slow()), (2.0, 2.0));
    }

    #[test]
    fn the_interval_holds_the_ratio_and_the_same_loads_give_the_same_one() {
        let mut rounds = twice_as_slow();
        // One slow widget load in three.
        for (round, times) in rounds.iter_mut().enumerate() {
            if round % 3 == 0 {
                times.0 += 15.0;
            }
        }
        let (low, high) = ratio_interval(&rounds);
        assert!(low < high, "{low} {high}");
        assert!(
            low <= ratio(&rounds) && ratio(&rounds) <= high,
            "{low} {high}"
        );
        assert_eq!(ratio_interval(&rounds), (low, high));
    }
}
