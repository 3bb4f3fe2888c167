//! A French-speaking shopper pays, as the browser shows it: card declines told with what to do
//! next, then a success with another card; a Flexiti account found by who the shopper is. The
//! merchant's page is on another origin than the proxy, third-party cookies blocked.

use e2e::{browser::Browser, checkout::Checkout, merchant::MerchantSite};

/// The merchant's page in French, the widget's frame entered.
async fn french_checkout(browser: &Browser, site: &MerchantSite) {
    browser.open_widget_in(&site.url("/?locale=fr-CA")).await;
}

/// Types a card with `number` and the rest of Marie's details, then pays.
async fn fill_card(browser: &Browser, number: &str) {
    browser.retype("number", number).await;
    browser.retype("expiry_month", "0635").await;
    browser.retype("cvc", "123").await;
    browser.retype("holder_name", "Marie Tremblay").await;
    browser.retype("city", "Montréal").await;
    browser.retype("postal_code", "H2J 2L1").await;
    browser.click("button[type=submit]").await;
}

#[tokio::test]
async fn card_declines_say_what_to_do_then_another_card_pays() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&checkout.url("").replace("127.0.0.1", "localhost")).await;
    let browser = Browser::launch().await;
    french_checkout(&browser, &site).await;
    browser.pick_method("card").await;
    browser.shows("#card-heading", "Payer par carte").await;

    fill_card(&browser, "4000 0000 0000 0069").await;
    browser.shows("[role=alert]", "expir").await;
    fill_card(&browser, "4000 0000 0000 9995").await;
    browser.shows("[role=alert]", "fonds").await;
    fill_card(&browser, "4242 4242 4242 4242").await;
    browser.shows(".receipt", "Paiement approuvé").await;
    browser.shows(".receipt", "4242").await;
    browser.close().await;
}

#[tokio::test]
async fn a_flexiti_account_is_found_by_name_birth_date_and_postal_code() {
    let checkout = Checkout::start().await;
    let site = MerchantSite::start(&checkout.url("").replace("127.0.0.1", "localhost")).await;
    let browser = Browser::launch().await;
    french_checkout(&browser, &site).await;
    browser.pick_method("flexiti_account").await;
    browser.click("input[name=find][value=person]").await;
    browser.type_into("first_name", "Jane").await;
    browser.type_into("last_name", "Roe").await;
    browser.type_into("dob", "1988-08-08").await;
    browser.type_into("lookup_postal_code", "M5M 1M1").await;
    browser.click("button[type=submit]").await;
    browser.shows("#security-question", "?").await;
    let asked = browser.text("main").await.unwrap_or_default();
    assert!(
        !asked.contains("disponible"),
        "whoever knows a name, a birth date and a postal code does not learn the credit: {asked}"
    );
    browser.type_into("security_answer", "buddy").await;
    browser.click("button[type=submit]").await;
    browser.shows("form p", "Crédit disponible").await;
    browser.shows(".quote__monthly", "par mois").await;
    browser.click("button[type=submit]").await;
    browser.shows(".receipt", "Achat approuvé").await;
    browser.close().await;
}
