//! `proxy [--config FILE] [--listen ADDR]`: starts the checkout proxy.

use std::process::ExitCode;

use proxy::{
    config::{CommandLine, Config},
    startup::{Application, StartupError},
};
use sandbox::SandboxConfig;

/// mimalloc rather than glibc's allocator: a request allocates and frees many small buffers
/// (headers, JSON), and glibc's malloc was a third of the proxy's CPU per call.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match start().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("proxy: {error}");
            ExitCode::from(2)
        }
    }
}

async fn start() -> Result<(), StartupError> {
    let command_line = CommandLine::parse(std::env::args().skip(1))?;
    let config = Config::load(&command_line)?;
    let requested = config.listen;
    let app = Application::build(config, SandboxConfig::default()).await?;
    let addr = app.addr().map_err(|source| StartupError::Listen {
        addr: requested,
        source,
    })?;
    println!("Upstream: {}", app.upstream_description());
    if !app.widget_built() {
        println!("Warning: the widget or its loader is not built; `cargo xtask run` builds them.");
    }
    if app.demo_with_real_upstreams() {
        println!(
            "Warning: the demo page is on with real upstreams: anyone who reaches it can open checkout sessions."
        );
    }
    println!("Demo merchant page: http://{addr}/demo/");
    app.run_until(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|source| StartupError::Listen { addr, source })
}
