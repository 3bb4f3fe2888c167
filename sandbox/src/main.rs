//! `sandbox [--listen 127.0.0.1:PORT] [--token-lifetime SECONDS]`: the simulator as a program of
//! its own.

use std::{net::SocketAddr, time::Duration};

use sandbox::SandboxConfig;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let (addr, config) = match arguments(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("sandbox: {message}");
            std::process::exit(2);
        }
    };
    let running = match sandbox::spawn(addr, config).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("sandbox: cannot listen on {addr}: {error}; pass --listen ADDR");
            std::process::exit(1);
        }
    };
    println!("Flexiti POS API: {}", running.flexiti_base_url());
    println!("FlexPay API:     {}", running.flexpay_base_url());
    let _ = tokio::signal::ctrl_c().await;
}

/// Reads `--listen ADDR` (default `127.0.0.1:4010`) and `--token-lifetime SECONDS` (the
/// `expires_in` of issued OAuth tokens, default 1200 as in the docs; `cargo xtask bench` shortens
/// it to watch the proxy renew its token).
fn arguments(
    mut args: impl Iterator<Item = String>,
) -> Result<(SocketAddr, SandboxConfig), String> {
    let mut addr = "127.0.0.1:4010".to_owned();
    let mut config = SandboxConfig::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => {
                addr = args
                    .next()
                    .ok_or("--listen needs an address, e.g. 127.0.0.1:4010")?
            }
            "--token-lifetime" => {
                let seconds = args
                    .next()
                    .and_then(|value| value.parse::<u64>().ok())
                    .filter(|&seconds| seconds > 0)
                    .ok_or("--token-lifetime needs a number of seconds, e.g. 1200")?;
                config.token_lifetime = Duration::from_secs(seconds);
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; usage: sandbox [--listen ADDR] [--token-lifetime SECONDS]"
                ));
            }
        }
    }
    let addr = addr
        .parse()
        .map_err(|_| format!("--listen {addr:?} is not an address like 127.0.0.1:4010"))?;
    Ok((addr, config))
}
