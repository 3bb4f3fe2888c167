//! The choice of how to pay comes written in the widget's page (`proxy/src/routes/widget_page.rs`),
//! so a shopper on a slow network sees it, and the merchant's page hears `ready`, before the
//! widget's code arrives: a choice made then, with the keyboard, is the flow shown once the code
//! is there; and a page whose code never comes says so, to the shopper and to the merchant's
//! page, and tries again.

use std::time::Duration;

use e2e::{
    browser::{Browser, SPACE},
    checkout::{Checkout, copy_widget_without},
    demo::{heard, logged},
    eventually,
    network::Network,
};
use fantoccini::Locator;

/// A network slow enough that the widget's code (about 26 KB) comes two seconds or more after its
/// page (about 4 KB compressed, its stylesheet in it): time for a test to choose before it, on a
/// busy machine.
const SLOW: Network = Network {
    latency_ms: 300,
    down_bytes_per_s: 10_000,
    up_bytes_per_s: 10_000,
    offline: false,
};

/// Whether the page's choice is still the proxy's, the widget's code not having taken it over.
async fn before_the_code(browser: &Browser) -> bool {
    browser
        .js(
            "return document.querySelector('main[data-served]') !== null;",
            vec![],
        )
        .await
        == serde_json::Value::Bool(true)
}

#[tokio::test]
async fn a_way_to_pay_chosen_with_the_keyboard_before_the_code_arrives_is_the_flow_shown() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.emulate(SLOW).await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    let card = browser
        .client()
        .wait()
        .every(Duration::from_millis(10))
        .at_most(e2e::PATIENCE)
        .for_element(Locator::Css("input[name=method][value=card]"))
        .await
        .expect("the page shows the ways to pay");
    assert!(
        before_the_code(&browser).await,
        "the choice shows before the code"
    );
    card.send_keys(SPACE).await.expect("Space picks the card");
    assert!(
        before_the_code(&browser).await,
        "chosen before the code arrived"
    );

    browser.shows("#card-heading", "Pay by card").await;
    let checked = browser
        .js(
            "return document.querySelector('input[name=method]:checked').value;",
            vec![],
        )
        .await;
    assert_eq!(checked, "card");
    browser.leave_widget().await;
    heard(&browser, &["ready", "step_changed"]).await;
    let ready = logged(&browser).await;
    assert_eq!(
        ready.iter().filter(|event| *event == "ready").count(),
        1,
        "said once, by the page: {ready:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_page_whose_code_never_comes_says_so_and_tries_again() {
    let widget = tempfile::tempdir().expect("a temporary directory");
    let held_back = copy_widget_without(widget.path(), "_bg.wasm");
    let checkout = Checkout::start_with_widget_dir(widget.path()).await;
    let browser = Browser::launch().await;
    browser
        .open_widget_in(&checkout.url("/demo/?locale=fr-CA"))
        .await;
    browser.pick_method("card").await;
    browser.leave_widget().await;
    heard(&browser, &["ready"]).await;
    browser.enter_widget().await;

    // 15 s after the page, as long as the loader would have waited for `ready`.
    tokio::time::sleep(Duration::from_secs(10)).await;
    eventually("the page to say the code did not come", || async {
        match browser.text("[role=alert] .notice__message").await {
            Some(text) if text.contains("Connexion impossible") => Ok(()),
            seen => Err(format!("{seen:?}")),
        }
    })
    .await;
    browser.shows("[role=alert] button", "Réessayer").await;
    browser.leave_widget().await;
    heard(&browser, &["load_error"]).await;
    let shown = browser
        .js(
            "return getComputedStyle(document.querySelector('iframe.flexiti-checkout-frame')).display;",
            vec![],
        )
        .await;
    assert_eq!(shown, "block", "the frame stays, with its retry");
    browser.enter_widget().await;

    // The network is back.
    for file in held_back {
        std::fs::copy(&file, widget.path().join(file.file_name().expect("a name")))
            .expect("the code is put back");
    }
    browser.click("[role=alert] button").await;
    browser.first_screen().await;
    browser.pick_method("card").await;
    browser.shows("#card-heading", "Payer par carte").await;
    browser.close().await;
}
