//! An upstream that is down is not a crash: readiness says so, the widget offers to try again in
//! the shopper's language, and trying again works once the upstream is back. Reads refused for
//! their rate are told the same way: wait, then try again.

use e2e::{
    browser::Browser,
    checkout::{Checkout, vacant_addr},
    eventually,
};
use fantoccini::Locator;
use sandbox::{FLEXITI_BASE_PATH, SandboxConfig};
use shared::{ErrorCode, Locale};

/// Waits for the widget's alert and returns its message and its button's label.
async fn alert(browser: &Browser) -> (String, String) {
    eventually("the try-again notice", || async {
        let message = browser.text("[role=alert] .notice__message").await;
        let button = browser.text("[role=alert] button").await;
        match message.zip(button) {
            Some(found) => Ok(found),
            None => Err(browser.text("main").await.unwrap_or_default()),
        }
    })
    .await
}

#[tokio::test]
async fn the_widget_offers_to_try_again_until_flexiti_is_back() {
    let upstream = vacant_addr();
    let checkout =
        Checkout::start_with_upstream(&format!("http://{upstream}{FLEXITI_BASE_PATH}")).await;

    let readiness = reqwest::get(checkout.url("/readyz"))
        .await
        .expect("readyz answers");
    assert_eq!(readiness.status(), 503);
    assert_eq!(
        readiness.json::<serde_json::Value>().await.expect("JSON"),
        serde_json::json!({ "status": "not_ready", "flexiti": "unavailable" })
    );
    let alive = reqwest::get(checkout.url("/healthz"))
        .await
        .expect("healthz answers");
    assert_eq!(alive.status(), 200, "the proxy itself is alive");

    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("credit_application").await;
    let (message, button) = alert(&browser).await;
    assert_eq!(
        message,
        ErrorCode::UpstreamUnavailable.message(Locale::EnCa)
    );
    assert_eq!(button, "Try again");

    // Flexiti comes back on the same address; the shopper tries again.
    let _flexiti = sandbox::spawn(upstream, SandboxConfig::default())
        .await
        .expect("the upstream restarts");
    browser
        .client()
        .find(Locator::Css("[role=alert] button"))
        .await
        .expect("the retry button")
        .click()
        .await
        .expect("it can be clicked");
    browser.credit_form_shown("the form after a retry").await;
    let readiness = reqwest::get(checkout.url("/readyz"))
        .await
        .expect("readyz answers");
    assert_eq!(readiness.status(), 200);
    browser.close().await;
}

#[tokio::test]
async fn a_french_speaking_shopper_is_told_in_french() {
    let upstream = vacant_addr();
    let checkout =
        Checkout::start_with_upstream(&format!("http://{upstream}{FLEXITI_BASE_PATH}")).await;
    let browser = Browser::launch().await;
    browser
        .open_widget_in(&checkout.url("/demo/?locale=fr-CA"))
        .await;
    browser.pick_method("credit_application").await;
    let (message, button) = alert(&browser).await;
    assert_eq!(
        message,
        ErrorCode::UpstreamUnavailable.message(Locale::FrCa)
    );
    assert_eq!(button, "Réessayer");
    browser.screenshot("upstream-down-fr").await;
    browser.close().await;
}

#[tokio::test]
async fn a_shopper_whose_reads_are_spent_is_told_to_wait_in_french() {
    // One read a session: the form's choices. Its disclosures are refused, which the form
    // shows without; the form's choices asked for again are refused, in the shopper's language.
    let checkout = Checkout::start_with(|config| config.rate_limit.reads_per_session = 1).await;
    let browser = Browser::launch().await;
    browser
        .open_widget_in(&checkout.url("/demo/?locale=fr-CA"))
        .await;
    browser.pick_method("credit_application").await;
    browser.credit_form_shown("the form").await;
    browser.pick_method("card").await;
    browser.pick_method("credit_application").await;
    let (message, button) = alert(&browser).await;
    assert_eq!(message, ErrorCode::TooManyRequests.message(Locale::FrCa));
    assert_eq!(button, "Réessayer");
    browser.close().await;
}
