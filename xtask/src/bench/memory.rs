//! Memory (issue 9, item 5): what each open checkout session costs in the session store (the
//! SQLite file, write-ahead log included) and in the proxy's resident memory, over 10,000 sessions
//! opened through the merchant API.

use std::{path::Path, thread};

use super::{
    http,
    servers::{self, Server},
    table::{Row, amount},
};

/// How many sessions to open.
pub const SESSIONS: usize = 10_000;
/// Clients opening them at once.
const CLIENTS: usize = 4;

/// The rows for the proxy's peak RSS under load (`peak_kib`) and the cost of a session.
pub fn measure(work: &Path, proxy: &Server, peak_kib: u64) -> Result<Vec<Row>, String> {
    println!("==> opening {SESSIONS} checkout sessions");
    let (db_before, rss_before) = (database_bytes(work), rss_bytes(proxy)?);
    let addr = proxy.addr;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|client| thread::spawn(move || open_sessions(addr, client, SESSIONS / CLIENTS)))
        .collect();
    for worker in workers {
        worker
            .join()
            .map_err(|_| "a session-opening thread panicked".to_owned())??;
    }
    let (db_after, rss_after) = (database_bytes(work), rss_bytes(proxy)?);
    let per_session =
        |before: u64, after: u64| after.saturating_sub(before) as f64 / SESSIONS as f64;
    Ok(vec![
        Row::at_most(
            "proxy peak RSS (VmHWM), the 64-conn runs",
            peak_kib as f64 / 1024.0,
            format!(
                "{} at start of sessions",
                amount(rss_before as f64 / 1048576.0, "MiB")
            ),
            32.0,
            "MiB",
        ),
        Row::info(
            "session store bytes per open session",
            amount(per_session(db_before, db_after), "B"),
            &format!(
                "SQLite {} -> {} for {SESSIONS}",
                amount(db_before as f64 / 1048576.0, "MiB"),
                amount(db_after as f64 / 1048576.0, "MiB")
            ),
        ),
        Row::info(
            "proxy RSS growth per open session",
            amount(per_session(rss_before, rss_after), "B"),
            &format!(
                "RSS {} -> {}",
                amount(rss_before as f64 / 1048576.0, "MiB"),
                amount(rss_after as f64 / 1048576.0, "MiB")
            ),
        ),
    ])
}

fn open_sessions(addr: std::net::SocketAddr, client: usize, count: usize) -> Result<(), String> {
    let authorization = format!("Bearer {}", servers::MERCHANT_API_KEY);
    for index in 0..count {
        let body = format!(
            r#"{{"amount":150000,"order_id":"MEM-{client}-{index}","allowed_origins":["https://shop.example"]}}"#
        );
        http::post_json(
            addr,
            "/v1/checkout-sessions",
            &[("Authorization", &authorization)],
            &body,
        )?;
    }
    Ok(())
}

/// The SQLite file and its write-ahead log, in bytes.
fn database_bytes(work: &Path) -> u64 {
    ["checkout.db", "checkout.db-wal"]
        .iter()
        .filter_map(|name| std::fs::metadata(work.join(name)).ok())
        .map(|metadata| metadata.len())
        .sum()
}

fn rss_bytes(proxy: &Server) -> Result<u64, String> {
    Ok(servers::status_kib(proxy.pid(), "VmRSS")? * 1024)
}
