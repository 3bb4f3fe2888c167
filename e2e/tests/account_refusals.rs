//! Each refusal of the existing-account flow is told in the shopper's words, with the way on:
//! an account not activated, a wrong security answer, a wrong personal identification word, and
//! not enough credit for the purchase; and a plan that cannot be priced is never shown with
//! another plan's price, nor confirmed unpriced; going through the plans one by one prices the
//! last without a Flexiti call for each; and a purchase whose answer never came is not told to
//! the merchant's page as failed, and is shown paid, or not made, once the proxy finds out; and
//! one that was made, though its answer was lost, shows its receipt when confirmed again.

use e2e::{account, browser::Browser, checkout::Checkout, demo::logged, network::Network};
use sandbox::{FLEXITI_BASE_PATH, config as demo, faults::Fault};
use shared::{ErrorCode, Locale, paths};

/// The demo page's checkout in a browser, the existing-account flow chosen.
async fn account_flow() -> (Checkout, Browser) {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("flexiti_account").await;
    (checkout, browser)
}

#[tokio::test]
async fn each_refusal_says_what_happened_and_what_to_do() {
    let (_checkout, browser) = account_flow().await;

    browser.type_into("vcc_number", "6374980300000027").await;
    browser.click("button[type=submit]").await;
    browser.shows("[role=alert]", "isn't activated yet").await;

    browser.retype("vcc_number", "6374980300000043").await;
    browser.click("button[type=submit]").await;
    browser.shows("#security-question", "?").await;
    browser.type_into("piw", "Birch").await;
    browser.type_into("security_answer", "Buddy").await;
    browser.click("button[type=submit]").await;
    browser
        .shows("[role=alert]", "personal identification word doesn't match")
        .await;

    browser.retype("piw", "").await;
    browser.retype("security_answer", "Rex").await;
    browser.click("button[type=submit]").await;
    browser.shows("[role=alert]", "answer doesn't match").await;
    assert_eq!(
        browser
            .js(
                "return document.getElementById('pay-by-card-instead') === null;",
                vec![]
            )
            .await,
        serde_json::Value::Bool(true),
        "the card is offered after \"not enough credit\" only"
    );

    browser.retype("security_answer", "Buddy").await;
    browser.click("button[type=submit]").await;
    browser.shows(".quote__monthly", "a month").await;
    browser.click("button[type=submit]").await;
    browser
        .shows("[role=alert]", "enough available credit")
        .await;
    browser.click("#pay-by-card-instead").await;
    browser.shows("#card-heading", "Pay by card").await;
    assert_eq!(
        browser
            .js(
                "return document.querySelector('input[name=method][value=card]').checked;",
                vec![]
            )
            .await,
        serde_json::Value::Bool(true),
        "the choice of method follows"
    );
    browser.close().await;
}

#[tokio::test]
async fn too_many_wrong_answers_lead_to_a_code_and_a_wrong_code_can_be_retyped() {
    let (_checkout, browser) = account_flow().await;
    browser.type_into("vcc_number", "6374980300000001").await;
    browser.click("button[type=submit]").await;
    browser.shows("#security-question", "?").await;
    for (attempt, wrong) in ["Rex", "Max", "Spot"].into_iter().enumerate() {
        browser.retype("security_answer", wrong).await;
        browser.click("button[type=submit]").await;
        let alert = format!("[role=alert][data-attempt='{}']", attempt + 1);
        browser.shows(&alert, "answer doesn't match").await;
    }
    browser.retype("security_answer", "Buddy").await;
    browser.click("button[type=submit]").await;
    browser
        .shows("[role=alert]", "Too many incorrect answers")
        .await;

    browser.click("#verify-by-sms").await;
    browser.shows("label[for=verification_code]", "code").await;
    browser.shows(".quote__monthly", "a month").await;
    assert_eq!(
        browser.focused_id().await,
        "account-heading",
        "the new step is read out from its top"
    );
    browser.type_into("verification_code", "1111").await;
    browser.click("#confirm-purchase").await;
    browser
        .shows("[role=alert][data-attempt='1']", "That code is incorrect")
        .await;
    browser.retype("verification_code", "2485").await;
    browser.click("#confirm-purchase").await;
    browser.shows(".receipt", "Purchase approved").await;
    let left = browser
        .js(
            "return [document.querySelectorAll('[role=alert]').length,
                     Array.from(document.querySelectorAll('input:not([type=radio])'), (input) => input.value).join(' ')];",
            vec![],
        )
        .await;
    assert_eq!(
        left,
        serde_json::json!([0, ""]),
        "no refusal left over, and no field holds the answer or the code"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_plan_that_cannot_be_priced_shows_no_price_and_is_priced_before_it_is_confirmed() {
    let (checkout, browser) = account_flow().await;
    account::verify_jane(&browser, "a month").await;
    let first = browser.text(".quote__monthly").await;

    // Flexiti fails the next quote: the other plan's price is not left showing.
    let accounts = format!(
        "{FLEXITI_BASE_PATH}/client-id/{}/accounts/",
        demo::DEMO_CLIENT_ID
    );
    let down: Fault = "status=503".parse().expect("a fault");
    checkout.sandbox().faults().inject(&accounts, down, Some(1));
    let chosen = browser.value("plan").await;
    let other = browser
        .options("plan")
        .await
        .into_iter()
        .map(|(value, _)| value)
        .find(|value| *value != chosen)
        .expect("more than one plan and term");
    browser.choose("plan", &other).await;
    let unavailable = ErrorCode::UpstreamUnavailable.message(Locale::EnCa);
    browser.shows(".quote", unavailable).await;
    assert_eq!(
        browser.text(".quote__monthly").await,
        None,
        "{first:?} is gone"
    );

    // Confirming asks for the price again instead of buying unpriced, and says so.
    browser.click("#confirm-purchase").await;
    browser
        .shows("[role=alert]", "See this plan's payments, then confirm.")
        .await;
    browser.shows(".quote__monthly", "a month").await;
    assert_eq!(
        checkout.sandbox().posted_flexiti_purchases(),
        0,
        "nothing bought before its price was shown"
    );
    browser.click("#confirm-purchase").await;
    browser.shows(".receipt", "Purchase approved").await;
    browser.close().await;
}

#[tokio::test]
async fn going_through_every_plan_prices_the_last_without_asking_flexiti_for_each() {
    let (checkout, browser) = account_flow().await;
    account::verify_jane(&browser, "a month").await;
    let asked_before = checkout.sandbox().interest_calculations();

    // Every other plan and term in turn, as arrowing down a closed select does: a `change` at
    // each step. One script, so that the steps come as close together as a key held down.
    let passed = browser
        .js(
            "const select = document.getElementById('plan');
             const values = Array.from(select.options, (option) => option.value);
             const start = values.indexOf(select.value);
             const order = values.slice(start + 1).concat(values.slice(0, start));
             for (const value of order) {
                 select.value = value;
                 select.dispatchEvent(new Event('change', { bubbles: true }));
             }
             return order.length;",
            vec![],
        )
        .await;
    let passed = passed.as_u64().expect("a count of plans");
    assert!(passed >= 3, "Jane has plans enough to go through: {passed}");
    browser.shows(".quote__monthly", "a month").await;
    let asked = checkout.sandbox().interest_calculations() - asked_before;
    assert!(
        asked <= 2,
        "{asked} prices asked of Flexiti for {passed} plans passed through"
    );

    // The price shown is the last plan's: it is bought without being priced again.
    browser.click("#confirm-purchase").await;
    assert_eq!(
        browser.text("[role=alert]").await,
        None,
        "confirmed at once, not asked to see the price first"
    );
    browser.shows(".receipt", "Purchase approved").await;
    let asked = checkout.sandbox().interest_calculations() - asked_before;
    assert!(asked <= 2, "{asked} prices asked by the time it was bought");
    browser.close().await;
}

#[tokio::test]
async fn a_purchase_whose_answer_never_came_is_not_told_to_the_page_as_failed() {
    let (checkout, browser) = account_flow().await;
    account::verify_jane(&browser, "a month").await;

    browser.emulate(Network::OFFLINE).await;
    browser.click("#confirm-purchase").await;
    browser
        .shows("[role=alert]", "We couldn't connect. Check your connection")
        .await;
    browser.emulate(Network::LOOPBACK).await;
    browser.leave_widget().await;
    let heard = logged(&browser).await;
    assert!(
        !heard.iter().any(|event| event == "payment_failed"),
        "the page is not told a purchase failed that may have been made: {heard:?}"
    );

    browser.enter_widget().await;
    confirmed_and_bought_once(checkout, browser).await;
}

/// The demo page's checkout, Jane verified, with the proxy waiting 1 s for Flexiti, whose next
/// purchase call meets `fault`: the shopper confirms and reads that the payment is being
/// confirmed, and the page hears no `payment_failed`.
async fn confirmed_meeting(fault: &str) -> (Checkout, Browser) {
    let checkout = Checkout::start_with(|config| config.upstream_timeout_ms = 1_000).await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("flexiti_account").await;
    account::verify_jane(&browser, "a month").await;
    let purchases = format!(
        "{FLEXITI_BASE_PATH}/client-id/{}/transactions",
        demo::DEMO_CLIENT_ID
    );
    let fault: Fault = fault.parse().expect("a fault");
    checkout
        .sandbox()
        .faults()
        .inject(&purchases, fault, Some(1));
    browser.click("#confirm-purchase").await;
    browser
        .shows("[role=alert]", "Your payment is being confirmed")
        .await;
    browser.leave_widget().await;
    let heard = logged(&browser).await;
    assert!(
        !heard.iter().any(|event| event == "payment_failed"),
        "the page is not told a purchase failed that may have been made: {heard:?}"
    );
    browser.enter_widget().await;
    (checkout, browser)
}

#[tokio::test]
async fn a_purchase_whose_outcome_is_not_known_yet_is_shown_paid_once_the_proxy_finds_it() {
    // Flexiti makes the purchase but answers after the proxy has stopped waiting.
    let (checkout, browser) = confirmed_meeting("late=3000").await;
    // The proxy finds the purchase among the account's; the widget, reading the session, shows
    // it paid without another confirmation, and the page hears so.
    browser.shows(".receipt", "Purchase approved").await;
    browser
        .shows(".receipt", "Flexiti will send you the details")
        .await;
    browser.leave_widget().await;
    e2e::demo::heard(&browser, &["payment_succeeded"]).await;
    // Told once, though the follow-up goes on reading until it stops: a read later changes nothing.
    tokio::time::sleep(std::time::Duration::from_millis(3_500)).await;
    let heard = logged(&browser).await;
    let told = heard
        .iter()
        .filter(|event| *event == "payment_succeeded")
        .count();
    assert_eq!(told, 1, "{heard:?}");
    assert_eq!(checkout.sandbox().posted_flexiti_purchases(), 1);
    browser.close().await;
}

#[tokio::test]
async fn a_purchase_whose_outcome_was_not_known_and_was_not_made_says_so() {
    // The connection to Flexiti drops before it does anything: the proxy cannot tell.
    let (checkout, browser) = confirmed_meeting("reset").await;
    // Found nowhere once Flexiti would have listed it: not made, and the shopper may confirm.
    browser
        .shows("[role=alert]", "Your purchase wasn't made")
        .await;
    confirmed_and_bought_once(checkout, browser).await;
}

#[tokio::test]
async fn a_purchase_made_whose_answer_was_lost_shows_its_receipt_when_confirmed_again() {
    let (checkout, browser) = account_flow().await;
    account::verify_jane(&browser, "a month").await;
    // The purchase reaches the proxy and is made; its answer is lost on the way back, as a
    // dropped connection loses it: the widget's `fetch` fails once it has arrived.
    browser.lose_next_answer(paths::ACCOUNT_PURCHASE).await;
    browser.click("#confirm-purchase").await;
    browser
        .shows("[role=alert]", "We couldn't connect. Check your connection")
        .await;
    assert_eq!(checkout.sandbox().posted_flexiti_purchases(), 1, "made");

    confirmed_and_bought_once(checkout, browser).await;
}

/// The shopper confirms: the receipt shows, the page hears `payment_succeeded`, and Flexiti has
/// one purchase, whatever came before.
async fn confirmed_and_bought_once(checkout: Checkout, browser: Browser) {
    browser.click("#confirm-purchase").await;
    browser.shows(".receipt", "Purchase approved").await;
    browser.leave_widget().await;
    e2e::demo::heard(&browser, &["payment_succeeded"]).await;
    assert_eq!(
        checkout.sandbox().posted_flexiti_purchases(),
        1,
        "bought once"
    );
    browser.close().await;
}
