//! `sandbox --listen 127.0.0.1:PORT`: the simulator as a program of its own.

use std::net::SocketAddr;

use sandbox::SandboxConfig;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let addr = match listen_address(std::env::args().skip(1)) {
        Ok(addr) => addr,
        Err(message) => {
            eprintln!("sandbox: {message}");
            std::process::exit(2);
        }
    };
    let running = match sandbox::spawn(addr, SandboxConfig::default()).await {
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

/// Reads `--listen ADDR` (default `127.0.0.1:4010`).
fn listen_address(mut args: impl Iterator<Item = String>) -> Result<SocketAddr, String> {
    let mut addr = "127.0.0.1:4010".to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => {
                addr = args
                    .next()
                    .ok_or("--listen needs an address, e.g. 127.0.0.1:4010")?
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; usage: sandbox [--listen ADDR]"
                ));
            }
        }
    }
    addr.parse()
        .map_err(|_| format!("--listen {addr:?} is not an address like 127.0.0.1:4010"))
}
