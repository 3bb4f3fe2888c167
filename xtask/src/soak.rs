//! `cargo xtask soak [--seconds N] [--rate R]`: issue 10's soak. The proxy and the sandbox run as
//! the bench runs them (own processes, `server` profile, SQLite, loopback), and the proxy's
//! open-loop load generator (`proxy/examples/soak.rs`) sends R requests a second for N seconds
//! (1,000 for 600 s by default): it must see no error. Meanwhile the proxy's resident memory is
//! sampled from `/proc`, so that a leak shows as a climb from the start (after warm-up) to the
//! end. It measures and prints; the only verdict is the error count.

use std::{
    process::{Child, Command},
    time::{Duration, Instant},
};

use crate::{
    bench::{self, servers},
    root, step,
};

/// How often the proxy's RSS is read.
const SAMPLE_EVERY: Duration = Duration::from_secs(2);
/// One RSS sample in this many is printed as the run goes (once a minute).
const PRINT_EVERY: usize = 30;
/// The first seconds of the run: connections, pools, caches and the allocator's arenas fill.
/// The start RSS is the first sample after them.
const WARM_UP: Duration = Duration::from_secs(10);
/// The sandbox's OAuth tokens live five minutes: the proxy renews its token during a long run.
const TOKEN_LIFETIME_S: u64 = 300;

/// The proxy's resident memory over the run, in KiB.
#[derive(Debug, Default)]
struct Rss {
    start: u64,
    end: u64,
    min: u64,
    peak: u64,
    samples: usize,
}

/// Builds the servers and the load generator, runs the soak and prints its figures.
pub fn run(seconds: u32, rate: u32) -> Result<(), String> {
    build()?;
    let work = bench::fresh_dir(&servers::binaries().with_file_name("soak"))?;
    let load_before = bench::load_average();
    let sandbox = servers::sandbox(&work, TOKEN_LIFETIME_S)?;
    // The mix's reads come from one address far faster than shoppers' would: the limits go
    // off, so that none can refuse.
    let no_limits = [
        ("CHECKOUT_RATE_LIMIT__PER_SESSION", "0".to_owned()),
        ("CHECKOUT_RATE_LIMIT__PER_ADDRESS", "0".to_owned()),
        ("CHECKOUT_RATE_LIMIT__READS_PER_SESSION", "0".to_owned()),
        ("CHECKOUT_RATE_LIMIT__READS_PER_ADDRESS", "0".to_owned()),
    ];
    let proxy = servers::proxy(&work, sandbox.addr, &root().join("static"), &no_limits)?;
    println!(
        "==> soak: {rate} requests a second for {seconds} s against {}",
        proxy.addr
    );
    let started = Instant::now();
    let mut load = Command::new(servers::binaries().join("examples/soak"))
        .args(["--url", &format!("http://{}", proxy.addr)])
        .args(["--merchant-key", servers::MERCHANT_API_KEY])
        .args(["--rate", &rate.to_string()])
        .args(["--seconds", &seconds.to_string()])
        .spawn()
        .map_err(|error| format!("cannot start the load generator: {error}"))?;
    let (rss, finished) = sample_until_done(&mut load, proxy.pid(), seconds)?;
    print_rss(
        &rss,
        servers::status_kib(proxy.pid(), "VmHWM").unwrap_or_default(),
    );
    println!(
        "soak: {}; {}; load average {load_before} at start, {} at end; {:.0} s in all.",
        bench::machine(),
        bench::today(),
        bench::load_average(),
        started.elapsed().as_secs_f64()
    );
    let log = proxy.log.display();
    if !finished {
        return Err(format!(
            "the load generator outlived its run by a minute and was killed; proxy log: {log}"
        ));
    }
    match load.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("the soak saw errors ({status}); proxy log: {log}")),
        Err(error) => Err(format!("the load generator: {error}")),
    }
}

/// The servers, and apart the load generator: built with the proxy's `testing` feature, which
/// the proxy binary must not carry.
fn build() -> Result<(), String> {
    let server = ["build", "--profile", "server", "--package", "proxy"];
    step("cargo", &[&server[..], &["--package", "sandbox"]].concat())?;
    step(
        "cargo",
        &[&server[..], &["--features", "testing", "--example", "soak"]].concat(),
    )
}

fn print_rss(rss: &Rss, high_water_kib: u64) {
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "soak: proxy RSS start {:.1} MiB (after {} s), end {:.1} MiB, min {:.1} MiB, peak {:.1} \
         MiB over {} samples; VmHWM {:.1} MiB",
        mib(rss.start),
        WARM_UP.as_secs(),
        mib(rss.end),
        mib(rss.min),
        mib(rss.peak),
        rss.samples,
        mib(high_water_kib)
    );
}

/// Reads the RSS of `pid` every [`SAMPLE_EVERY`] (printing one in [`PRINT_EVERY`]) until `load`
/// ends (`true`), or kills `load` once it outlives its run by a minute (`false`).
fn sample_until_done(load: &mut Child, pid: u32, seconds: u32) -> Result<(Rss, bool), String> {
    let started = Instant::now();
    let deadline = Duration::from_secs(u64::from(seconds) + 60);
    let mut rss = Rss::default();
    loop {
        let finished = load
            .try_wait()
            .map_err(|error| format!("the load generator: {error}"))?
            .is_some();
        if started.elapsed() >= WARM_UP || finished {
            let now = servers::status_kib(pid, "VmRSS")?;
            if rss.samples == 0 {
                (rss.start, rss.min) = (now, now);
            }
            rss.end = now;
            rss.min = rss.min.min(now);
            rss.peak = rss.peak.max(now);
            if rss.samples % PRINT_EVERY == 0 {
                let at = started.elapsed().as_secs();
                let files = open_files(pid);
                println!(
                    "{at} s: proxy RSS {:.1} MiB, {files} open files",
                    now as f64 / 1024.0
                );
            }
            rss.samples += 1;
        }
        if finished {
            return Ok((rss, true));
        }
        if started.elapsed() > deadline {
            let _ = load.kill();
            let _ = load.wait();
            return Ok((rss, false));
        }
        std::thread::sleep(SAMPLE_EVERY);
    }
}

/// How many files (sockets mostly) `pid` holds open: each keep-alive connection costs the proxy
/// buffers, so a rise in RSS beside a rise in connections is not a leak.
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, Iterator::count)
}
