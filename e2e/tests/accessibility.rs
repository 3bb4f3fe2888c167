//! axe-core finds no violation on any screen of the widget the shopper can reach: the choice of
//! how to pay, the credit application's first step, the card form (empty and with its problems),
//! each step of paying with a Flexiti account, a card decline and a card receipt, in both
//! languages. The credit application's screens are scanned in `credit_application.rs`.

use e2e::{browser::Browser, checkout::Checkout};

async fn clean(browser: &Browser, screen: &str) {
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{screen}: {violations:#?}");
}

async fn every_screen(locale: &str) {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser
        .open_widget_in(&checkout.url(&format!("/demo/?locale={locale}")))
        .await;
    browser.first_screen().await;
    clean(&browser, "choice of method").await;
    browser.pick_method("credit_application").await;
    browser.shows("#application-title", "Flexiti").await;
    clean(&browser, "credit application").await;

    browser.pick_method("card").await;
    browser.shows("#card-heading", "·").await;
    clean(&browser, "card form").await;
    browser.click("button[type=submit]").await;
    browser.shows("#error-summary", "").await;
    clean(&browser, "card form with problems").await;

    browser.pick_method("flexiti_account").await;
    browser.shows("#account-heading", "Flexiti").await;
    clean(&browser, "account: find by card").await;
    browser.click("input[name=find][value=person]").await;
    clean(&browser, "account: find by identity").await;
    browser.click("input[name=find][value=card]").await;
    browser.type_into("vcc_number", "6374980300000001").await;
    browser.click("button[type=submit]").await;
    browser.shows("#security-question", "?").await;
    clean(&browser, "account: verify").await;
    browser.type_into("security_answer", "Buddy").await;
    browser.click("button[type=submit]").await;
    browser.shows(".quote", "$").await;
    clean(&browser, "account: plan").await;

    browser.pick_method("card").await;
    for (number, screen) in [
        ("4000000000009995", "card: a soft decline"),
        ("4242424242424242", "card: the receipt"),
    ] {
        browser.retype("number", number).await;
        browser.retype("expiry_month", "0635").await;
        browser.retype("cvc", "123").await;
        browser.retype("holder_name", "Jane Roe").await;
        browser.retype("city", "Toronto").await;
        browser.retype("postal_code", "M5M 1M1").await;
        browser.click("button[type=submit]").await;
        browser.shows("[role=alert], .receipt", "").await;
        clean(&browser, screen).await;
    }
    browser.shows(".receipt", "4242").await;
    clean(&browser, "card: the receipt").await;
    browser.close().await;
}

#[tokio::test]
async fn every_screen_is_clean_in_english() {
    every_screen("en-CA").await;
}

#[tokio::test]
async fn every_screen_is_clean_in_french() {
    every_screen("fr-CA").await;
}
