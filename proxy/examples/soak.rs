//! `soak --url URL --merchant-key KEY [--rate R] [--seconds N]`: the open-loop load of
//! `cargo xtask soak` against a running proxy (see `proxy::testing::load`). Prints what it
//! measured and fails if any request failed or went unanswered.

use std::{process::ExitCode, time::Duration};

use proxy::testing::load::{self, LoadPlan};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|at| args.get(at + 1))
            .cloned()
    };
    let number =
        |name: &str, default: u32| value(name).and_then(|v| v.parse().ok()).unwrap_or(default);
    let (Some(base_url), Some(merchant_api_key)) = (value("--url"), value("--merchant-key")) else {
        eprintln!("usage: soak --url URL --merchant-key KEY [--rate R] [--seconds N]");
        return ExitCode::from(2);
    };
    let plan = LoadPlan {
        base_url,
        merchant_api_key,
        rate: number("--rate", 1_000),
        duration: Duration::from_secs(number("--seconds", 600).into()),
        sessions: 100,
        request_timeout: Duration::from_secs(10),
        progress_every_secs: 10,
    };
    match load::run(&plan).await {
        Ok(report) => {
            println!("soak: {report}");
            if report.error_count() == 0 && report.ok == report.sent {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("soak: {error}");
            ExitCode::from(2)
        }
    }
}
