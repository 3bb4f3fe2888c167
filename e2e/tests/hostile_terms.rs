//! Terms HTML is upstream content: whatever it carries, nothing in it runs in the shopper's browser.
//! Two walls: the proxy's sanitizer, and the widget page's CSP should markup ever get past it.

use std::time::Duration;

use e2e::{
    application::{self, Applicant, SUBMIT},
    browser::Browser,
    checkout::Checkout,
    eventually,
};
use fantoccini::Locator;
use sandbox::SandboxConfig;
use serde_json::{Value, json};

/// Each payload, if it ran, would set `__pwned` on the widget's window or its parent's.
const HOSTILE_TERMS: &str = r#"<h2>Hostile terms</h2><p>A readable clause survives.</p>
<script>window.__pwned = 'script'; parent.__pwned = 'script';</script>
<img src="x" onerror="window.__pwned = 'img onerror'">
<a href="javascript:window.__pwned = 'javascript link'">Read more</a>
<a href="JaVaScRiPt:window.__pwned = 'mixed case link'">Mixed case</a>
<a href="&#106;avascript:window.__pwned = 'entity link'">Entity</a>
<svg><animate onbegin="window.__pwned = 'svg onbegin'" attributeName="x" dur="1s"></animate></svg>
<iframe src="javascript:parent.__pwned = 'iframe'"></iframe>
<iframe srcdoc="<script>parent.__pwned = 'srcdoc'</script>"></iframe>
<object data="javascript:window.__pwned = 'object'"></object>
<embed src="javascript:window.__pwned = 'embed'">
<details open ontoggle="window.__pwned = 'details ontoggle'"><summary>Details</summary></details>
<input autofocus onfocus="window.__pwned = 'autofocus'">
<video><source onerror="window.__pwned = 'source onerror'"></video>
<style>@import 'javascript:window.__pwned = 1';</style>
<form action="javascript:window.__pwned = 'form'"><button>Send</button></form>
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned = 'meta'">"#;

/// Puts its argument into the page as HTML, unsanitized.
const INJECT: &str = "const probe = document.createElement('div'); probe.hidden = true;
     document.body.appendChild(probe); probe.innerHTML = arguments[0];";

const EXECUTED: &str = "return [window.__pwned || null, window.parent.__pwned || null];";

#[tokio::test]
async fn hostile_terms_render_without_executing() {
    let sandbox = SandboxConfig {
        terms_override: Some(HOSTILE_TERMS.into()),
        ..SandboxConfig::default()
    };
    let checkout = Checkout::start_with_sandbox(sandbox).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
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
    for link in ["Read more", "Mixed case", "Entity"] {
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
                .filter(e => ['SCRIPT','IFRAME','OBJECT','EMBED','SVG','INPUT','FORM','STYLE','META','VIDEO','SOURCE'].includes(e.tagName.toUpperCase())
                    || Array.from(e.attributes).some(a => a.name.startsWith('on') || /javascript:/i.test(a.value) || a.name === 'style' || a.name === 'srcdoc'))
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
    browser.js(INJECT, vec![json!(HOSTILE_TERMS)]).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        browser.js(EXECUTED, vec![]).await,
        json!([null, null]),
        "the widget page's CSP let an unsanitized payload run"
    );

    // The control: on a page with no policy the same markup does run in this Chromium, so the
    // test can fail.
    browser.leave_widget().await;
    browser
        .client()
        .goto("about:blank")
        .await
        .expect("a blank page");
    browser.js(INJECT, vec![json!(HOSTILE_TERMS)]).await;
    eventually("the unsanitized control to run", || async {
        let ran = browser.js(EXECUTED, vec![]).await;
        if ran[0].is_string() {
            Ok(())
        } else {
            Err(ran.to_string())
        }
    })
    .await;
    browser.close().await;
}
