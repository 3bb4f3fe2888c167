//! The harness of the end-to-end tests: a real proxy (with an embedded sandbox, or pointed at a
//! dead upstream) on a loopback port, serving the built widget, and Debian's Chromium driven
//! through chromedriver. The tests themselves are in `tests/`.

pub mod account;
pub mod application;
pub mod browser;
pub mod checkout;
pub mod demo;
pub mod merchant;
pub mod network;

use std::{future::Future, time::Duration};

/// How long a test waits for the page to reach an expected state before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Polls `probe` until it returns `Some`, or fails after [`PATIENCE`] saying what was awaited and
/// what the last probe saw.
///
/// # Panics
/// When the state is not reached in time: that is the test's failure.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        match probe().await {
            Ok(value) => return value,
            Err(last) if tokio::time::Instant::now() >= deadline => {
                panic!("timed out waiting for {what}; last seen: {last}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
