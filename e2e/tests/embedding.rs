//! The widget embedded as a merchant embeds it: the merchant's page on one origin
//! (`127.0.0.1:PORT`), the proxy on another (`localhost:PORT`), third-party cookies blocked.
//! The page hears the widget's events; a forged event is ignored; a page the session does not
//! allow cannot frame the widget.

use std::time::Duration;

use e2e::{
    account,
    application::{self, Applicant},
    browser::Browser,
    checkout::Checkout,
    demo::{heard, logged},
    eventually,
    merchant::MerchantSite,
};
use serde_json::{Value, json};

/// The proxy as a merchant's page reaches it: by name, so it is another site than the page's.
fn by_name(checkout: &Checkout) -> String {
    checkout.url("").replace("127.0.0.1", "localhost")
}

#[tokio::test]
async fn a_page_on_another_origin_hears_the_widget_and_ignores_forgeries() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser
        .client()
        .goto(&site.url("/"))
        .await
        .expect("the merchant's page opens");
    heard(&browser, &["ready", "resize"]).await;
    let height = browser
        .js(
            "return document.querySelector('iframe.flexiti-checkout-frame').style.height;",
            vec![],
        )
        .await;
    assert!(
        height
            .as_str()
            .is_some_and(|h| h.ends_with("px") && h != "0px"),
        "the frame is sized to its content: {height}"
    );

    let forged = json!({ "source": "flexiti-checkout", "version": 1, "nonce": "guessed",
        "event": { "type": "payment_succeeded", "method": "card", "amount_cents": 1, "currency": "CAD" } });
    browser
        .js("window.postMessage(arguments[0], '*');", vec![forged])
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !logged(&browser)
            .await
            .iter()
            .any(|t| t == "payment_succeeded"),
        "a message without the mount's nonce, not from the frame, is not an event"
    );

    // A foreign message into the widget changes nothing: it still works, and says nothing.
    browser
        .js(
            "document.querySelector('iframe.flexiti-checkout-frame').contentWindow.postMessage({ type: 'set_amount', amount: 1 }, '*');",
            vec![],
        )
        .await;
    browser.enter_widget().await;
    browser.pick_method("credit_application").await;
    browser
        .credit_form_shown("the form's choices, fetched with the client token in a header")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_page_the_session_does_not_allow_cannot_frame_the_widget() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser
        .client()
        .goto(&site.url("/foreign.html"))
        .await
        .expect("the page opens");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        logged(&browser).await.is_empty(),
        "no event from a refused frame"
    );
    browser.enter_widget().await;
    let inside: Value = browser
        .js(
            "return document.querySelector('main.checkout') !== null;",
            vec![],
        )
        .await;
    assert_eq!(
        inside,
        json!(false),
        "the browser refused to render the widget there"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_shopper_pays_by_card_on_a_page_of_another_origin() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.pick_method("card").await;

    browser.type_into("number", "4242424242424241").await;
    browser.type_into("expiry_month", "0635").await;
    browser.type_into("cvc", "123").await;
    browser.type_into("holder_name", "Jane Roe").await;
    browser.type_into("city", "Toronto").await;
    browser.type_into("postal_code", "M5M 1M1").await;
    let shown = browser
        .js("return document.getElementById('number').value;", vec![])
        .await;
    assert_eq!(shown, json!("4242 4242 4242 4241"), "grouped as typed");
    assert_eq!(browser.text("#number-brand").await.as_deref(), Some("Visa"));
    browser.click("button[type=submit]").await;
    // The mistyped number is named at the top and at the field.
    browser.shows(".summary", "card number").await;
    browser.leave_widget().await;
    browser.screenshot("card-payment-problem").await;
    browser.enter_widget().await;

    browser.retype("number", "4242424242424242").await;
    browser.click("button[type=submit]").await;
    browser.shows(".receipt", "4242").await;

    browser.leave_widget().await;
    browser.screenshot("card-payment-receipt").await;
    heard(&browser, &["payment_succeeded"]).await;
    browser.close().await;
}

#[tokio::test]
async fn a_shopper_applies_for_credit_and_pays_on_a_page_of_another_origin() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.pick_method("credit_application").await;
    application::apply(&browser, &Applicant::quebec("Lavoie")).await;
    browser.shows("#debt-ratio", "%").await;
    browser.click("#keep-account").await;
    browser.shows(".quote__monthly", "a month").await;
    browser.click("#confirm-purchase").await;
    browser.shows(".receipt", "Purchase approved").await;

    browser.leave_widget().await;
    heard(&browser, &["application_result", "payment_succeeded"]).await;
    let results = browser
        .js(
            "return Array.from(document.querySelectorAll('#events li[data-type=application_result]')).map(li => li.textContent);",
            vec![],
        )
        .await;
    let results = results.to_string();
    assert!(results.contains("approved"), "{results}");
    for personal in ["Lavoie", "1990-01-01", "046", "H2J", "sam@"] {
        assert!(
            !results.contains(personal),
            "no personal data in the event: {results}"
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn in_a_webview_native_code_hears_the_events_and_the_widget_fits_320_pixels() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser
        .client()
        .set_window_size(320, 900)
        .await
        .expect("a phone-sized window");
    browser
        .client()
        .goto(&site.url("/app.html"))
        .await
        .expect("the page opens");
    eventually(
        "the ready event at native code, on both platforms",
        || async {
            let received = browser.js("return window.nativeReceived;", vec![]).await;
            let received: Vec<String> = serde_json::from_value(received).unwrap_or_default();
            if received.contains(&"ios:ready".to_owned())
                && received.contains(&"android:ready".to_owned())
            {
                Ok(())
            } else {
                Err(format!("{received:?}"))
            }
        },
    )
    .await;
    browser.enter_widget().await;
    browser.pick_method("credit_application").await;
    eventually("the form, laid out within the frame's width", || async {
        let sizes = browser
            .js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth, document.querySelectorAll('select').length];", vec![])
            .await;
        let sizes: Vec<i64> = serde_json::from_value(sizes).unwrap_or_default();
        match sizes.as_slice() {
            [scroll, client, selects] if *selects > 0 && scroll <= client => Ok(()),
            other => Err(format!("scroll width, client width, selects: {other:?}")),
        }
    })
    .await;
    browser.leave_widget().await;
    browser.screenshot("webview-320").await;
    browser.close().await;
}

#[tokio::test]
async fn a_shopper_pays_with_a_flexiti_account_on_a_plan() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.pick_method("flexiti_account").await;
    browser.click("#vcc_number").await;
    browser.type_into("vcc_number", "6374 9803 0000 0027").await;
    browser.click("button[type=submit]").await;
    browser.shows("[role=alert]", "activate").await;

    browser.retype("vcc_number", "").await;
    account::verify_jane(&browser, "a month").await;
    browser.click("button[type=submit]").await;
    browser.shows(".receipt", "Purchase approved").await;

    browser.leave_widget().await;
    browser.screenshot("flexiti-account-receipt").await;
    heard(&browser, &["step_changed", "payment_succeeded"]).await;
    browser.close().await;
}

#[tokio::test]
async fn a_coupon_applied_meanwhile_is_shown_before_the_shopper_pays() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.pick_method("card").await;
    browser.shows("#card-heading", "$1,957.00").await;
    let id = site.last_session_id().expect("the page opened a session");
    apply_coupon(&checkout, &id, 150_000).await;

    browser.type_into("number", "4242424242424242").await;
    browser.type_into("expiry_month", "0635").await;
    browser.type_into("cvc", "123").await;
    browser.type_into("holder_name", "Jane Roe").await;
    browser.type_into("city", "Toronto").await;
    browser.type_into("postal_code", "M5M 1M1").await;
    browser.click("button[type=submit]").await;
    browser
        .shows("[role=alert]", "amount to pay has changed")
        .await;
    browser.shows("#card-heading", "$1,500.00").await;
    browser.click("button[type=submit]").await;
    browser.shows(".receipt", "4242").await;

    assert_eq!(
        paid(&checkout, &id).await,
        json!(150_000),
        "the amount shown is the amount paid"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_coupon_applied_at_the_plan_step_is_priced_before_the_account_pays() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.pick_method("flexiti_account").await;
    account::verify_jane(&browser, "a month").await;
    let before = browser.text(".quote__monthly").await;
    let id = site.last_session_id().expect("the page opened a session");
    apply_coupon(&checkout, &id, 150_000).await;

    browser.click("#confirm-purchase").await;
    browser
        .shows("[role=alert]", "amount to pay has changed")
        .await;
    eventually("the new amount's price", || async {
        match browser.text(".quote__monthly").await {
            Some(now) if Some(&now) != before.as_ref() => Ok(now),
            other => Err(format!("{other:?}")),
        }
    })
    .await;
    browser.click("#confirm-purchase").await;
    browser.shows(".receipt", "Purchase approved").await;
    assert_eq!(
        paid(&checkout, &id).await,
        json!(150_000),
        "paid the amount priced"
    );
    browser.close().await;
}

/// The merchant's server changes session `id`'s amount to `cents` (a coupon).
async fn apply_coupon(checkout: &Checkout, id: &str, cents: u64) {
    let coupon = checkout
        .merchant(
            reqwest::Method::PATCH,
            &format!("/v1/checkout-sessions/{id}"),
        )
        .json(&json!({ "amount": cents }))
        .send()
        .await
        .expect("answered");
    assert_eq!(coupon.status(), 200);
}

/// What session `id` was paid, in cents, as the merchant's server reads it.
async fn paid(checkout: &Checkout, id: &str) -> Value {
    let session: Value = checkout
        .merchant(reqwest::Method::GET, &format!("/v1/checkout-sessions/{id}"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    session["outcome"]["amount_cents"].clone()
}

/// The widget's page reads its session while it is parsed, before the widget's code runs (a module
/// script runs only once the page is parsed), and the widget uses that answer rather than asking
/// again. The client token stays in the frame URL's fragment, which no server sees. Not timed
/// against the wasm's arrival: on loopback a small wasm may arrive before the read starts.
#[tokio::test]
async fn the_widget_reads_its_session_once_from_the_pages_start() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.first_screen().await;
    let reads = session_reads(&browser).await;
    assert_eq!(reads.len(), 1, "one session read at start: {reads:?}");
    let timed = browser
        .js(
            "return [performance.getEntriesByType('navigation')[0].domInteractive,
                     performance.getEntriesByName('widget-glue')[0].startTime];",
            vec![],
        )
        .await;
    let (page_parsed, code_ran): (f64, f64) =
        serde_json::from_value(timed).expect("the page's parse and the widget's code are timed");
    // The clock is coarse: a read the parse's last script starts carries the parse's own stamp.
    assert!(
        reads[0] <= page_parsed && reads[0] < code_ran,
        "the page started the session read while it was parsed, before the widget's code ran: \
         {reads:?}, parsed at {page_parsed}, code at {code_ran}"
    );
    let url = browser.js("return location.href;", vec![]).await;
    let url = url.as_str().expect("the frame's URL");
    let (sent, fragment) = url.split_once('#').expect("a fragment");
    assert!(fragment.contains("token="), "{url}");
    assert!(!sent.contains("token"), "{url}");
    browser.close().await;
}

/// The widget's frame, reloaded (by the shopper, or by the browser after a crash), comes back:
/// the widget reads its session again.
#[tokio::test]
async fn a_reloaded_frame_comes_back_by_its_url() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.first_screen().await;
    browser.js("location.reload(); return null;", vec![]).await;
    reads_come_to(&browser, 1, "the frame reloaded, its session read").await;
    browser.first_screen().await;
    browser.close().await;
}

/// A shopper who comes back to the checkout after its session expired (here: the frame reloaded
/// once the merchant expired it) is told so in the frame, and the merchant's page hears `error`
/// with `session_expired`. Before, no page could frame an expired session's page: the frame
/// stayed blank and the page heard nothing from it.
#[tokio::test]
async fn a_checkout_opened_after_its_session_expired_says_so() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.first_screen().await;
    let id = site.last_session_id().expect("the page opened a session");
    let expired = checkout
        .merchant(
            reqwest::Method::POST,
            &format!("/v1/checkout-sessions/{id}/expire"),
        )
        .send()
        .await
        .expect("answered");
    assert_eq!(expired.status(), 200);

    browser.js("location.reload(); return null;", vec![]).await;
    browser
        .shows(
            ".status",
            "This checkout has expired. Please return to the store",
        )
        .await;
    assert_eq!(
        browser
            .js(
                "return document.querySelectorAll('input[name=method]').length;",
                vec![]
            )
            .await,
        json!(0),
        "no way to pay is offered"
    );
    browser.leave_widget().await;
    heard(&browser, &["error"]).await;
    let errors = browser
        .js(
            "return Array.from(document.querySelectorAll('#events li[data-type=error]'), (li) => li.textContent);",
            vec![],
        )
        .await;
    assert!(errors.to_string().contains("session_expired"), "{errors}");
    browser.close().await;
}

/// A merchant page that moves the widget's frame once shown (into a dialog, say) gets the widget
/// again: the browser loads a moved frame's URL again.
#[tokio::test]
async fn a_frame_moved_in_the_page_shows_the_widget_again() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&by_name(&checkout)).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&site.url("/")).await;
    browser.first_screen().await;
    browser.leave_widget().await;
    browser
        .js(
            "const frame = document.querySelector('iframe.flexiti-checkout-frame');
             const dialog = document.body.appendChild(document.createElement('div'));
             dialog.appendChild(frame);
             return null;",
            vec![],
        )
        .await;
    browser.enter_widget().await;
    browser.first_screen().await;
    browser.close().await;
}

/// A session read the proxy refuses (here: a client token it never issued) shows the catalogue's
/// message in the shopper's language and a way to try again, which loads the page again: its
/// read then says the same.
#[tokio::test]
async fn a_refused_session_read_says_why_in_the_shoppers_language() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    let unknown = format!("AAAAAAAAAAAAAAAAAAAAAA.{}", "0".repeat(64));
    browser
        .client()
        .goto(&checkout.url(&format!("/widget/?locale=fr-CA#token={unknown}")))
        .await
        .expect("the widget's page opens");
    let refusal = "Ce paiement n'a pas pu être vérifié";
    browser
        .shows("[role=alert] .notice__message", refusal)
        .await;

    browser.js("window.beforeTryingAgain = true;", vec![]).await;
    browser.click("[role=alert] button").await;
    eventually("the page to load again", || async {
        let again = browser
            .js("return window.beforeTryingAgain === undefined;", vec![])
            .await;
        if again == Value::Bool(true) {
            Ok(())
        } else {
            Err("the same page".to_owned())
        }
    })
    .await;
    reads_come_to(&browser, 1, "the session read again").await;
    browser
        .shows("[role=alert] .notice__message", refusal)
        .await;
    browser.close().await;
}

/// A page that said `ready` for a session whose read the proxy then refuses (here: the session's
/// id with a secret it never issued) tells the merchant's page why, with the catalogue's code:
/// the merchant's page would otherwise hear `ready` and nothing more.
#[tokio::test]
async fn a_read_refused_after_ready_is_told_to_the_merchants_page() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser
        .client()
        .goto(&checkout.url("/demo/"))
        .await
        .expect("the demo page opens");
    browser
        .js(
            "window.heardHere = [];
             fetch('/demo/checkout-session', { method: 'POST',
                 headers: { 'Content-Type': 'application/json' }, body: '{}' })
               .then(answer => answer.json())
               .then(session => {
                 const forged = session.client_token.split('.')[0] + '.' + '0'.repeat(64);
                 const here = document.body.appendChild(document.createElement('div'));
                 FlexitiCheckout.mount(here, { clientToken: forged,
                   onEvent: event => window.heardHere.push(event.code || event.type) });
               });
             return null;",
            vec![],
        )
        .await;
    eventually("ready, then why the widget cannot go on", || async {
        let heard = browser.js("return window.heardHere;", vec![]).await;
        if heard == json!(["ready", "unauthenticated"]) {
            Ok(())
        } else {
            Err(format!("{heard}"))
        }
    })
    .await;
    browser.close().await;
}

/// Waits for the widget's page to have read the session `count` times (`what` happened then).
async fn reads_come_to(browser: &Browser, count: usize, what: &str) {
    eventually(what, || async {
        let reads = session_reads(browser).await;
        if reads.len() == count {
            Ok(())
        } else {
            Err(format!("reads started at {reads:?}"))
        }
    })
    .await;
}

/// When each read of the session the widget's page made started (resource timing), in order.
async fn session_reads(browser: &Browser) -> Vec<f64> {
    let starts = browser
        .js(
            "return performance.getEntriesByType('resource')
               .filter(e => new URL(e.name).pathname === '/api/v1/session')
               .map(e => e.startTime);",
            vec![],
        )
        .await;
    serde_json::from_value(starts).unwrap_or_default()
}
