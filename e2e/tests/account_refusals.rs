//! Each refusal of the existing-account flow is told in the shopper's words, with the way on:
//! an account not activated, a wrong security answer, a wrong personal identification word, and
//! not enough credit for the purchase.

use e2e::{browser::Browser, checkout::Checkout};

#[tokio::test]
async fn each_refusal_says_what_happened_and_what_to_do() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("flexiti_account").await;

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
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser.open_widget_in(&checkout.url("/demo/")).await;
    browser.pick_method("flexiti_account").await;
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
