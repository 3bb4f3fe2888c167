//! Terms HTML is upstream content: whatever it carries, nothing in it runs in the shopper's browser.
//! Two walls: the proxy's sanitizer, and the widget page's CSP should markup ever get past it. The
//! payloads are `proxy::testing::xss`'s corpus (OWASP's filter-evasion cases and later mutation
//! cases), each of which sets `top.__pwned` to its number if it runs.

use std::time::Duration;

use e2e::{
    application::{self, Applicant, SUBMIT},
    browser::Browser,
    checkout::Checkout,
    eventually,
};
use fantoccini::Locator;
use proxy::testing::xss;
use sandbox::SandboxConfig;
use serde_json::{Value, json};

/// Puts its argument into the page as HTML, unsanitized, after marking the document so the test
/// can tell it is still the same one afterwards (a payload that navigated away would otherwise
/// take the evidence with it).
const INJECT: &str =
    "window.__alive = 'yes'; const probe = document.createElement('div'); probe.hidden = true;
     document.body.appendChild(probe); probe.innerHTML = arguments[0];";

const EXECUTED: &str = "return [window.__pwned || null, window.parent.__pwned || null];";

/// The corpus as put into a page unsanitized. Without its `<meta http-equiv=refresh>` cases: a
/// refresh is a navigation, not script (a CSP does not govern it; the sanitizer drops `<meta>`),
/// and one that took the frame away would take the evidence with it.
fn raw_corpus() -> String {
    xss::CORPUS
        .iter()
        .filter(|(name, _)| !name.starts_with("meta refresh"))
        .map(|(_, html)| *html)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the document marked by [`INJECT`] is still the one the test is looking at.
const ALIVE: &str = "return window.__alive || null;";

#[tokio::test]
async fn hostile_terms_render_without_executing() {
    let sandbox = SandboxConfig {
        terms_override: Some(xss::document()),
        ..SandboxConfig::default()
    };
    let checkout = Checkout::start_with_sandbox(sandbox).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("credit_application").await;
    let applicant = Applicant::ontario("Rivera");
    application::about(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    application::home(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    application::finances(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    let terms = eventually("the terms", || async {
        browser
            .text("#terms .terms__document")
            .await
            .ok_or_else(|| "not shown".to_owned())
    })
    .await;
    assert!(terms.contains("A readable clause survives."), "{terms}");
    // Give asynchronous handlers (image errors, autofocus, animations) their chance to fire.
    tokio::time::sleep(Duration::from_secs(1)).await;
    for link in [
        "xxs link", "entity", "colon", "leading", "spaces", "data", "XSS",
    ] {
        if let Ok(anchor) = browser.client().find(Locator::LinkText(link)).await {
            let _ = anchor.click().await;
        }
    }
    if let Ok(send) = browser.client().find(Locator::Css("#terms button")).await {
        let _ = send.click().await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        browser.js(EXECUTED, vec![]).await,
        json!([null, null]),
        "a payload ran"
    );

    let survivors = browser
        .js(
            "return Array.from(document.querySelectorAll('#terms *'))
                .filter(e => ['SCRIPT','IFRAME','FRAME','OBJECT','EMBED','SVG','MATH','INPUT','SELECT','TEXTAREA','BUTTON','FORM','STYLE','META','BASE','LINK','VIDEO','AUDIO','SOURCE','NOSCRIPT'].includes(e.tagName.toUpperCase())
                    || Array.from(e.attributes).some(a => a.name.startsWith('on') || /^\\s*(javascript|vbscript|data):/i.test(a.value) || ['style','srcdoc','formaction','action','background','srcset'].includes(a.name)))
                .map(e => e.outerHTML);",
            vec![],
        )
        .await;
    assert_eq!(
        survivors,
        Value::Array(vec![]),
        "hostile markup reached the page"
    );

    // The second wall: the same markup put into the widget's page unsanitized still does not run,
    // because the page's CSP allows no inline script, handler or `javascript:` URL.
    browser.js(INJECT, vec![json!(raw_corpus())]).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        browser.js(EXECUTED, vec![]).await,
        json!([null, null]),
        "the widget page's CSP let an unsanitized payload run"
    );
    assert_eq!(
        browser.js(ALIVE, vec![]).await,
        json!("yes"),
        "a payload navigated the widget away"
    );

    // The control: on a page with no policy the same markup does run in this Chromium, so the
    // test can fail.
    browser.leave_widget().await;
    browser
        .client()
        .goto("about:blank")
        .await
        .expect("a blank page");
    browser.js(INJECT, vec![json!(raw_corpus())]).await;
    eventually("the unsanitized control to run", || async {
        let ran = browser.js(EXECUTED, vec![]).await;
        if ran[0].is_number() {
            Ok(())
        } else {
            Err(ran.to_string())
        }
    })
    .await;
    browser.close().await;
}
