//! The two servers under test, each a process of its own built with the `server` profile: the
//! sandbox (the upstream) and the proxy pointed at it, as a real deployment points it at Flexiti
//! and FlexPay. Separate processes so that the proxy's memory and CPU are its own.

use std::{
    fs::File,
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// The sandbox's demo credentials (the API docs' examples, public): the proxy logs in with them.
const FLEXITI_CLIENT_ID: &str = "flexitidemo";
const FLEXITI_CLIENT_SECRET: &str = "77fde15a-9d33-4e15-930a-76e4b3ae33e9";
const MERCHANT_USERNAME: &str = "merchantonline";
const MERCHANT_PASSWORD: &str = "dice-manila-purism";
const FLEXPAY_API_KEY: &str = "kIqCBL40PaoL2Tg28hUxVgtqKgYDTSLnl5J3iwptJHA=";
/// The merchant API key the bench's proxy accepts.
pub const MERCHANT_API_KEY: &str = "sk_test_checkout_bench_merchant";
/// The Flexiti POS API's base path on the sandbox.
pub const FLEXITI_BASE_PATH: &str = "/flexiti/pos-api/v2.5";

/// A server process, killed when dropped.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its standard error (the proxy logs there).
    pub log: PathBuf,
}

impl Server {
    /// Its process id, for `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `cargo build --profile server` puts the binaries.
pub fn binaries() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"))
        .join("server")
}

/// The sandbox, its OAuth tokens living `token_lifetime_s` seconds.
pub fn sandbox(work: &Path, token_lifetime_s: u64) -> Result<Server, String> {
    let addr = free_addr()?;
    let mut command = Command::new(binaries().join("sandbox"));
    command.args([
        "--listen",
        &addr.to_string(),
        "--token-lifetime",
        &token_lifetime_s.to_string(),
    ]);
    start(command, addr, &work.join("sandbox.log"))
}

/// The proxy, upstream `sandbox`, its sessions in SQLite at `work/checkout.db`, serving the
/// built widget and loader and the demo pages of `static_dir`, logging every Flexiti token it
/// obtains; `extra` adds to (or overrides) its configuration.
pub fn proxy(
    work: &Path,
    sandbox: SocketAddr,
    static_dir: &Path,
    extra: &[(&str, String)],
) -> Result<Server, String> {
    let addr = free_addr()?;
    let database = format!("sqlite://{}", work.join("checkout.db").display());
    let env = [
        ("CHECKOUT_LISTEN", addr.to_string()),
        ("CHECKOUT_WIDGET_DIR", path_text(&crate::widget_dist())),
        ("CHECKOUT_LOADER_DIR", path_text(&crate::loader_dist())),
        ("CHECKOUT_STATIC_DIR", path_text(static_dir)),
        (
            "CHECKOUT_FLEXITI__BASE_URL",
            format!("http://{sandbox}{FLEXITI_BASE_PATH}"),
        ),
        ("CHECKOUT_FLEXITI__CLIENT_ID", FLEXITI_CLIENT_ID.into()),
        (
            "CHECKOUT_FLEXITI__CLIENT_SECRET",
            FLEXITI_CLIENT_SECRET.into(),
        ),
        (
            "CHECKOUT_FLEXITI__MERCHANT_USERNAME",
            MERCHANT_USERNAME.into(),
        ),
        (
            "CHECKOUT_FLEXITI__MERCHANT_PASSWORD",
            MERCHANT_PASSWORD.into(),
        ),
        ("CHECKOUT_FLEXPAY__BASE_URL", format!("http://{sandbox}/v1")),
        ("CHECKOUT_FLEXPAY__API_KEY", FLEXPAY_API_KEY.into()),
        ("CHECKOUT_MERCHANT_API_KEY", MERCHANT_API_KEY.into()),
        ("CHECKOUT_DEMO", "true".into()),
        ("CHECKOUT_DATABASE_URL", database),
        // The bench reads the form's choices hundreds of thousands of times in one session: the
        // reads' limiter still counts each, as in production, with an allowance that never runs
        // out (4e9 in ten minutes).
        (
            "CHECKOUT_RATE_LIMIT__READS_PER_SESSION",
            "4000000000".into(),
        ),
        (
            "CHECKOUT_RATE_LIMIT__READS_PER_ADDRESS",
            "4000000000".into(),
        ),
        // Info as in production, plus the one debug line per Flexiti token obtained.
        ("RUST_LOG", "info,proxy::upstream::flexiti=debug".into()),
        ("NO_COLOR", "1".into()),
    ];
    let mut command = Command::new(binaries().join("proxy"));
    command
        .envs(env)
        .envs(extra.iter().map(|(name, value)| (name, value)))
        .current_dir(work);
    start(command, addr, &work.join("proxy.log"))
}

/// The bare forwarder (`e2e/examples/bare_forwarder.rs`): each request it gets, it posts `body`
/// to `upstream_url` with `authorization`.
pub fn bare_forwarder(
    work: &Path,
    upstream_url: &str,
    authorization: &str,
    body: &str,
) -> Result<Server, String> {
    let addr = free_addr()?;
    let mut command = Command::new(binaries().join("examples").join("bare_forwarder"));
    command.args([&addr.to_string(), upstream_url, authorization, body]);
    start(command, addr, &work.join("bare_forwarder.log"))
}

/// The sandbox's control of its faults (`sandbox::faults::CONTROL_PATH`).
pub const SANDBOX_FAULTS_PATH: &str = "/__sandbox/faults";

/// The path of Flexiti's `merchants/login` on the sandbox, as the proxy calls it: the bench's one
/// upstream call.
pub fn merchants_login_path() -> String {
    format!("{FLEXITI_BASE_PATH}/client-id/{FLEXITI_CLIENT_ID}/merchants/login")
}

/// The demo credentials, for the direct (unproxied) calls.
pub fn flexiti_credentials() -> [(&'static str, &'static str); 4] {
    [
        ("client_id", FLEXITI_CLIENT_ID),
        ("client_secret", FLEXITI_CLIENT_SECRET),
        ("merchant_username", MERCHANT_USERNAME),
        ("merchant_password", MERCHANT_PASSWORD),
    ]
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn start(mut command: Command, addr: SocketAddr, log: &Path) -> Result<Server, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let stderr = File::create(log).map_err(|error| format!("{}: {error}", log.display()))?;
    let child = command
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    // Held from here: a start that fails below kills the process on the way out.
    let mut server = Server {
        child,
        addr,
        log: log.to_path_buf(),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            let said = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("{program} stopped ({status}): {said}"));
        }
        if Instant::now() > deadline {
            return Err(format!("{program} did not listen on {addr} within 30 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(server)
}

/// Confines every thread of process `pid` to `cpus` (a `taskset` list: `1`, `0-1`); threads it
/// starts later inherit it.
pub fn pin(pid: u32, cpus: &str) -> Result<(), String> {
    let status = Command::new("taskset")
        .args(["--all-tasks", "--cpu-list", "--pid", cpus, &pid.to_string()])
        .stdout(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run taskset: {error}"))?;
    if !status.success() {
        return Err(format!(
            "taskset could not pin process {pid} to {cpus}: {status}"
        ));
    }
    Ok(())
}

/// The CPUs this process may run on (`Cpus_allowed_list` of `/proc/self/status`: `0-1`,
/// `0,2-3`), as a `taskset` list; the processes it starts inherit it.
pub fn allowed_cpus() -> Result<String, String> {
    status_field("self", "Cpus_allowed_list")
}

/// The CPU numbers of a `taskset` list, in order; `None` if it is not one.
pub fn cpu_numbers(list: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    for part in list.split(',') {
        let (first, last) = part.split_once('-').unwrap_or((part, part));
        let (first, last): (u32, u32) = (first.trim().parse().ok()?, last.trim().parse().ok()?);
        numbers.extend(first..=last);
    }
    Some(numbers)
}

/// A loopback address free right now.
fn free_addr() -> Result<SocketAddr, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|error| format!("no free loopback port: {error}"))
}

/// A `kB` line of `/proc/PID/status` (`VmHWM`: peak resident set; `VmRSS`: resident now), in KiB.
pub fn status_kib(pid: u32, field: &str) -> Result<u64, String> {
    let value = status_field(&pid.to_string(), field)?;
    value
        .split_whitespace()
        .next()
        .and_then(|kib| kib.parse().ok())
        .ok_or_else(|| format!("{field} of process {pid} is not in kB: {value}"))
}

/// The value of `field` in `/proc/PROCESS/status` (`PROCESS`: a pid, or `self`), trimmed.
fn status_field(process: &str, field: &str) -> Result<String, String> {
    let path = format!("/proc/{process}/status");
    let status = std::fs::read_to_string(&path).map_err(|error| format!("{path}: {error}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .map(|value| value.trim().to_owned())
        .ok_or_else(|| format!("no {field} in {path}"))
}

/// CPU time (user + system) the process has used so far, in seconds.
pub fn cpu_seconds(pid: u32) -> Result<f64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|error| format!("/proc/{pid}/stat: {error}"))?;
    // Fields after the command name (which may hold spaces) start at field 3.
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |index: usize| -> f64 {
        fields
            .get(index)
            .and_then(|value| value.parse::<f64>().ok())
            .unwrap_or_default()
    };
    // utime and stime are fields 14 and 15 of the line; after the name (field 2) they are the
    // 12th and 13th.
    Ok((ticks(11) + ticks(12)) / clock_ticks_per_second())
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8_lossy(&output.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

#[cfg(test)]
mod tests {
    use super::{allowed_cpus, cpu_numbers, status_kib};

    #[test]
    fn reads_taskset_lists() {
        assert_eq!(cpu_numbers("0-1"), Some(vec![0, 1]));
        assert_eq!(cpu_numbers("0,2-3"), Some(vec![0, 2, 3]));
        assert_eq!(cpu_numbers("4"), Some(vec![4]));
        assert_eq!(cpu_numbers("a-b"), None);
    }

    #[test]
    fn reads_this_process_status() {
        let allowed = allowed_cpus().expect("Cpus_allowed_list");
        assert!(
            cpu_numbers(&allowed).is_some_and(|cpus| !cpus.is_empty()),
            "{allowed}"
        );
        assert!(status_kib(std::process::id(), "VmRSS").expect("VmRSS") > 0);
    }
}
