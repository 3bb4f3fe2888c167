//! Paying by card in Chromium: mistakes caught in the browser before anything is sent (a number
//! that fails its check digit, an expired date), a hard decline that asks for another card, and
//! an impatient double click that charges exactly once.

use e2e::{browser::Browser, checkout::Checkout};

/// Types a card with `number` and `expiry`, the rest valid.
async fn fill_card(browser: &Browser, number: &str, expiry: &str) {
    browser.retype("number", number).await;
    browser.retype("expiry_month", expiry).await;
    browser.retype("cvc", "123").await;
    browser.retype("holder_name", "Jane Roe").await;
    browser.retype("city", "Toronto").await;
    browser.retype("postal_code", "M5M 1M1").await;
}

#[tokio::test]
async fn mistakes_are_caught_before_a_request_and_a_double_click_charges_once() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("card").await;
    browser.shows("#card-heading", "Pay by card").await;

    fill_card(&browser, "4242 4242 4242 4241", "01/20").await;
    browser.click("button[type=submit]").await;
    browser.shows("#error-summary", "card number").await;
    browser.shows("#error-summary", "expir").await;
    assert_eq!(
        browser.focused_id().await,
        "error-summary",
        "the summary is read out first"
    );
    // Each field with a problem says so above itself, and to a screen reader.
    let marked = browser
        .js(
            "const field = (id) => { const input = document.getElementById(id);
               return [input.getAttribute('aria-invalid'), input.getAttribute('aria-describedby'),
                       input.closest('.field').classList.contains('field--error')]; };
             return [field('number'), field('expiry_month'), field('cvc'),
                     document.getElementById('number-error').textContent];",
            vec![],
        )
        .await;
    let marked = marked.as_array().cloned().unwrap_or_default();
    assert_eq!(
        marked[..3],
        [
            serde_json::json!(["true", "number-error", true]),
            serde_json::json!(["true", "expiry_month-hint expiry_month-error", true]),
            serde_json::json!(["false", null, false]),
        ],
        "{marked:?}"
    );
    assert!(
        marked[3]
            .as_str()
            .unwrap_or_default()
            .contains("card number"),
        "{marked:?}"
    );
    assert_eq!(
        checkout.sandbox().approved_card_transactions(),
        0,
        "nothing was sent"
    );

    fill_card(&browser, "4000 0000 0000 9987", "06/35").await;
    browser.click("button[type=submit]").await;
    browser.shows("[role=alert]", "another card").await;

    fill_card(&browser, "4242 4242 4242 4242", "06/35").await;
    // Two clicks in the same instant, and a second submission as a retrying script would send.
    browser
        .js(
            "const pay = document.querySelector('button[type=submit]');
             pay.click(); pay.click(); pay.form.requestSubmit();",
            vec![],
        )
        .await;
    browser.shows(".receipt", "Payment approved").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(checkout.sandbox().approved_card_transactions(), 1);
    let kept = browser
        .js(
            "return [localStorage.length, sessionStorage.length, document.cookie,
                     document.body.innerText + ' ' +
                     Array.from(document.querySelectorAll('input'), (input) => input.value).join(' ')];",
            vec![],
        )
        .await;
    assert_eq!(
        (&kept[0], &kept[1], &kept[2]),
        (&0.into(), &0.into(), &"".into()),
        "nothing kept in the browser"
    );
    let shown = kept[3].as_str().unwrap_or_default();
    assert!(
        !shown.contains("4242 4242 4242 4242") && !shown.contains("4242424242424242"),
        "only the last four digits are shown back, and no field holds the number: {shown}"
    );
    browser.close().await;
}
