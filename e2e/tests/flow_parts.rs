//! What a shopper downloads: the first screen's code once, from the page's start; then each way to
//! pay as a download of its own (`widget/src/flows/parts.rs`): the flow they choose and no other,
//! a session's only flow from the page's start and once; and a flow that cannot download offers
//! to try again in the shopper's language, then shows once it can.

use e2e::{
    browser::Browser,
    checkout::{Checkout, copy_widget_without},
};
use serde_json::Value;

/// The widget's parts the frame has downloaded (by URL).
async fn parts_downloaded(browser: &Browser) -> Vec<String> {
    parts_by(browser)
        .await
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// The widget's parts the frame has downloaded, each with what started it (`link` for a preload,
/// `fetch` for a request of the page's or the widget's own).
async fn parts_by(browser: &Browser) -> Vec<(String, String)> {
    downloads_of(browser, "_part_").await
}

/// The files the frame has downloaded whose URL holds `name`, each with what started it.
async fn downloads_of(browser: &Browser, name: &str) -> Vec<(String, String)> {
    let entries: Value = browser
        .js(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).map(e => [e.name, e.initiatorType]);",
            vec![Value::from(name)],
        )
        .await;
    serde_json::from_value(entries).unwrap_or_default()
}

#[tokio::test]
async fn the_first_screens_code_downloads_once() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.first_screen().await;

    // The page's compiling script starts the download, once the page has said `ready`.
    let code = downloads_of(&browser, "_bg.wasm").await;
    assert_eq!(code.len(), 1, "downloaded once: {code:?}");
    assert_eq!(
        code[0].1, "fetch",
        "the compiling script's download: {code:?}"
    );
    browser.close().await;
}

/// The first screen's scripts (the glue and the parts' loader), as the frame downloaded them,
/// begin with V8's explicit compile hint, so that Chrome compiles them whole as they download
/// rather than one function at a time on the main thread as the first screen starts
/// (`xtask/src/glue.rs`).
#[tokio::test]
async fn the_first_screens_scripts_are_compiled_as_they_download() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.first_screen().await;

    let scripts = downloads_of(&browser, ".js").await;
    assert_eq!(
        scripts.len(),
        2,
        "the glue and the parts' loader: {scripts:?}"
    );
    for (url, _) in scripts {
        let text = browser
            .js_async(
                "const done = arguments[arguments.length - 1];\n                 fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)));",
                vec![Value::from(url.as_str())],
            )
            .await;
        let text = text.as_str().unwrap_or_default();
        assert!(
            text.starts_with("//# allFunctionsCalledOnLoad\n"),
            "{url} begins: {}",
            text.chars().take(80).collect::<String>()
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn a_shopper_paying_by_card_downloads_no_other_flow() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.first_screen().await;
    assert_eq!(
        parts_downloaded(&browser).await,
        Vec::<String>::new(),
        "the choice of how to pay needs no flow"
    );

    browser.pick_method("card").await;
    browser.shows("#card-heading", "Pay by card").await;
    let parts = parts_downloaded(&browser).await;
    assert!(
        parts.iter().any(|part| part.contains("_part_card")),
        "{parts:?}"
    );
    assert!(
        !parts
            .iter()
            .any(|part| part.contains("_part_credit_application")
                || part.contains("_part_flexiti_account")),
        "the other flows stay on the server: {parts:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_sessions_only_flow_downloads_from_the_page_once() {
    let checkout = Checkout::start().await;
    let (status, session) = checkout
        .create_session(&serde_json::json!({
            "amount": 4_999, "currency": "USD", "order_id": "USD-1", "locale": "en-CA",
            "allowed_origins": [proxy::testing::TEST_ORIGIN],
        }))
        .await;
    assert_eq!(status, 201, "{session}");
    let token = session["client_token"].as_str().expect("a client token");
    let browser = Browser::launch().await;
    browser
        .client()
        .goto(&checkout.url(&format!("/widget/?locale=en-CA#token={token}")))
        .await
        .expect("the widget's page opens");
    browser.shows("#card-heading", "Pay by card").await;

    let parts = parts_by(&browser).await;
    assert!(
        parts.iter().any(|(name, _)| name.contains("_part_card")),
        "{parts:?}"
    );
    for (name, started_by) in &parts {
        assert_eq!(
            started_by, "link",
            "{name}: the page started it, the widget's request took that download: {parts:?}"
        );
        assert_eq!(
            parts.iter().filter(|(other, _)| other == name).count(),
            1,
            "downloaded once: {parts:?}"
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn a_flow_that_cannot_download_offers_to_try_again_in_french() {
    let widget = tempfile::tempdir().expect("a temporary directory");
    let held_back = copy_widget_without(widget.path(), "_part_credit_application");
    let checkout = Checkout::start_with_widget_dir(widget.path()).await;
    let browser = Browser::launch().await;
    browser
        .open_widget_in(&checkout.url("/demo/?locale=fr-CA"))
        .await;
    browser.pick_method("credit_application").await;
    browser
        .shows("[role=alert] .notice__message", "Connexion impossible")
        .await;
    browser.shows("[role=alert] button", "Réessayer").await;

    // The network is back: the part can be downloaded now.
    for file in held_back {
        std::fs::copy(&file, widget.path().join(file.file_name().expect("a name")))
            .expect("the part is put back");
    }
    browser.click("[role=alert] button").await;
    browser.shows(".progress", "1 de 4").await;
    browser.close().await;
}
