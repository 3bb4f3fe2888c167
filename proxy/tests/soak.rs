//! The soak in small (`cargo xtask soak` runs the long one): 500 requests a second for five
//! seconds of the widget's and the merchant's reads, sent on schedule whatever the proxy does,
//! all answered and none an error. Latency is printed, not asserted. The widget's reads are
//! not limited here, as in the long soak: a thousand reads from one address in five seconds are
//! the load, not an abuse.

use std::time::Duration;

use proxy::{
    config::DEMO_MERCHANT_API_KEY,
    testing::{
        TestApp,
        load::{self, LoadPlan},
        test_config,
    },
};
use sandbox::SandboxConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_of_a_short_soak_is_answered_without_error() {
    let mut config = test_config(None);
    config.rate_limit.reads_per_session = 0;
    config.rate_limit.reads_per_address = 0;
    let app = TestApp::launch(config, SandboxConfig::default()).await;
    let plan = LoadPlan {
        base_url: app.url(""),
        merchant_api_key: DEMO_MERCHANT_API_KEY.into(),
        rate: 500,
        duration: Duration::from_secs(5),
        sessions: 20,
        request_timeout: Duration::from_secs(10),
        progress_every_secs: 0,
    };

    let report = load::run(&plan).await.expect("the sessions open");

    println!("short soak: {report}");
    assert_eq!(report.sent, 2_500);
    assert_eq!(
        (report.ok, report.error_count()),
        (report.sent, 0),
        "{report}"
    );
}
