//! The credit application in Chromium against the proxy and the sandbox: approved outside Quebec
//! and paid with the new account; approved in Quebec with the debt ratio disclosed, then
//! cancelled (and closed in the sandbox, its answer lost once); declined (its answer lost once,
//! Flexiti asked once); pending; the rules checked step by step; a
//! field only Flexiti could refuse shown on its field; both languages; an approval whose answer
//! was lost shown when the application is sent again; one still with Flexiti waited for.

use e2e::{
    application::{self, Applicant, SUBMIT},
    browser::{Browser, ENTER, SPACE, TAB},
    checkout::Checkout,
    eventually,
};
use sandbox::{FLEXITI_BASE_PATH, faults::Fault};
use shared::paths;

async fn open(checkout: &Checkout, browser: &Browser, locale: &str) {
    browser
        .open_widget_in(&checkout.url(&format!("/demo/?locale={locale}")))
        .await;
    browser.pick_method("credit_application").await;
}

/// Sends the application filled in, its answer lost on the way ("We couldn't connect"), then
/// sends it again.
async fn sent_again_after_a_lost_answer(browser: &Browser) {
    browser.lose_next_answer(paths::APPLICATIONS).await;
    browser.click(SUBMIT).await;
    browser
        .shows(
            "[role=alert]",
            "We couldn't connect. What you typed is kept",
        )
        .await;
    browser.click(SUBMIT).await;
}

/// The ids of the fields the error summary links to, in its order.
async fn summary_links(browser: &Browser) -> Vec<String> {
    let found = browser
        .js(
            "return Array.from(document.querySelectorAll('#error-summary a')).map(a => a.getAttribute('href').slice(1));",
            vec![],
        )
        .await;
    serde_json::from_value(found).unwrap_or_default()
}

async fn focused_id(browser: &Browser) -> String {
    browser.focused_id().await
}

/// Waits for step `number`, its heading focused as a screen reader user would hear it.
async fn at_step(browser: &Browser, number: &str) {
    browser.shows(".progress", number).await;
    eventually("the step's heading to take focus", || async {
        match browser.focused_id().await.as_str() {
            "application-heading" => Ok(()),
            other => Err(other.to_owned()),
        }
    })
    .await;
}

/// Nothing on the screen needs a sideways scroll: the widget works on a 320 px phone.
async fn fits_a_phone(browser: &Browser, screen: &str) {
    let overflow = browser
        .js(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth, window.innerWidth];",
            vec![],
        )
        .await;
    let widths: Vec<u64> = serde_json::from_value(overflow).unwrap_or_default();
    assert!(
        widths.len() == 3 && widths[0] <= widths[1] && widths[2] <= 320,
        "{screen}: scroll, client and window widths {widths:?}"
    );
}

/// Tab, then `text`: the next field, filled.
async fn next_field(browser: &Browser, text: &str) {
    browser.press(TAB).await;
    if !text.is_empty() {
        browser.press(text).await;
    }
}

/// The event types the demo page logged.
async fn logged_events(browser: &Browser) -> Vec<String> {
    browser.leave_widget().await;
    let found = browser
        .js(
            "return Array.from(document.querySelectorAll('#events li')).map(li => li.getAttribute('data-type'));",
            vec![],
        )
        .await;
    browser.enter_widget().await;
    serde_json::from_value(found).unwrap_or_default()
}

#[tokio::test]
async fn an_ontario_applicant_is_approved_and_pays_with_the_new_account() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, "en-CA").await;
    browser.shows("#privacy-notice", "privacy policy").await;
    assert_eq!(
        browser.value("amount_requested").await,
        "1957.00",
        "the purchase's amount, to start with"
    );

    application::about(&browser, &Applicant::ontario("Rivera")).await;
    browser.click(SUBMIT).await;
    browser.type_into("address_1", "123 Any Street").await;
    browser.choose("province", "ON").await;
    let ids: Vec<String> = browser
        .options("govid_type")
        .await
        .into_iter()
        .map(|(_, label)| label)
        .collect();
    assert!(ids.contains(&"Provincial ID Card".to_owned()), "{ids:?}");
    browser.choose("govid_type", "CAPID").await;
    assert_eq!(browser.value("govid_issued_by").await, "ON", "preselected");
    browser.type_into("city", "Toronto").await;
    browser.type_into("postal_code", "m5m1m1").await;
    browser.type_into("govid_number", "AB121212").await;
    browser.type_into("govid_expiry", "2035-12-12").await;
    browser.click(SUBMIT).await;
    application::finances(&browser, &Applicant::ontario("Rivera")).await;
    browser.click(SUBMIT).await;
    browser.type_into("security_answer", "Robin").await;
    browser
        .shows(
            "#terms .terms__document[data-region='RestOfCanada']",
            "Rest of Canada",
        )
        .await;
    browser
        .shows("#credit-disclosure", "subject to credit approval")
        .await;
    application::security(&browser).await;
    browser.click(SUBMIT).await;

    browser
        .shows("#application-heading", "You're approved")
        .await;
    browser.shows("#available-credit", "$").await;
    assert_eq!(browser.text("#debt-ratio").await, None, "Quebec only");
    assert_eq!(focused_id(&browser).await, "application-heading");
    browser.click("#keep-account").await;
    browser.shows(".quote__monthly", "a month").await;
    assert_eq!(
        focused_id(&browser).await,
        "account-heading",
        "paying is read out from its heading"
    );
    browser.click("button[type=submit]").await;
    browser.shows(".receipt", "Purchase approved").await;
    let events = logged_events(&browser).await;
    assert!(
        events.contains(&"application_result".to_owned())
            && events.contains(&"payment_succeeded".to_owned()),
        "{events:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_quebec_applicant_sees_the_debt_ratio_in_french_and_cancels_the_account() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, "fr-CA").await;
    let applicant = Applicant::quebec("Gagnon");
    application::about(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    application::home(&browser, &applicant).await;
    let ids: Vec<String> = browser
        .options("govid_type")
        .await
        .into_iter()
        .map(|(_, label)| label)
        .collect();
    assert!(ids.contains(&"Permis de conduire".to_owned()), "{ids:?}");
    assert!(!ids.iter().any(|id| id.contains("Ontario")), "{ids:?}");
    browser.click(SUBMIT).await;
    application::finances(&browser, &applicant).await;
    browser.click("#occupation_title").await;
    assert_eq!(
        browser
            .js("return document.getElementById('sin').type;", vec![])
            .await,
        "password",
        "the SIN is hidden once typed and left"
    );
    browser.click(SUBMIT).await;
    browser
        .shows(
            "#terms .terms__document[data-region='Quebec']",
            "résidents du Québec",
        )
        .await;
    application::security(&browser).await;
    browser.click(SUBMIT).await;

    browser
        .shows("#application-heading", "Votre demande est approuvée")
        .await;
    browser.shows("#debt-ratio", "50,00\u{a0}%").await;
    browser
        .shows("#debt-ratio-disclosure", "ratio d’endettement")
        .await;
    browser.shows("#debt-ratio-warning", "45 %").await;
    browser.shows("#available-credit", "\u{a0}$").await;
    browser.screenshot("application-quebec-approval-fr").await;
    browser.click("#cancel-account").await;
    browser
        .shows("#application-heading", "Annuler votre nouveau compte?")
        .await;

    // Flexiti cannot close it this time: the question stays, saying why, and asking again works.
    let close_account = format!(
        "{FLEXITI_BASE_PATH}/client-id/{}/customers/close-account",
        sandbox::config::DEMO_CLIENT_ID
    );
    let unavailable: Fault = "status=503".parse().expect("a fault");
    checkout
        .sandbox()
        .faults()
        .inject(&close_account, unavailable, None);
    browser.click("#confirm-cancel").await;
    browser.shows("#cancel-refusal", "").await;
    assert_eq!(
        browser.text("#application-heading").await.as_deref(),
        Some("Annuler votre nouveau compte?"),
        "still the question: the account is open"
    );
    checkout.sandbox().faults().clear();
    // Flexiti closes it, but the answer is lost on its way: asked again, it is closed.
    browser.lose_next_answer(paths::APPLICATION_CANCEL).await;
    browser.click("#confirm-cancel").await;
    browser
        .shows("#network-notice", "Connexion impossible")
        .await;
    browser.click("#confirm-cancel").await;
    browser
        .shows("#application-heading", "Votre compte est annulé")
        .await;
    let events = logged_events(&browser).await;
    assert!(
        events.contains(&"application_result".to_owned()),
        "{events:?}"
    );

    // The sandbox closed it: found again, it cannot be used.
    browser.pick_method("flexiti_account").await;
    browser.click("input[name=find][value=person]").await;
    browser.type_into("first_name", "Sam").await;
    browser.type_into("last_name", "Gagnon").await;
    browser.type_into("dob", "1990-01-01").await;
    browser.type_into("lookup_postal_code", "H2J2L1").await;
    browser.click("button[type=submit]").await;
    browser
        .shows("[role=alert]", "ne peut pas être utilisé")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn declined_and_pending_applicants_are_told_what_next_in_their_language() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, "en-CA").await;
    application::fill(&browser, &Applicant::ontario("Declined")).await;
    let checks = checkout.sandbox().flexiti_adjudications();
    // The decline's answer is lost on its way: sent again, the same decline, one credit check.
    sent_again_after_a_lost_answer(&browser).await;
    browser
        .shows("#application-refusal", "couldn't approve your application")
        .await;
    assert_eq!(
        checkout.sandbox().flexiti_adjudications(),
        checks + 1,
        "Flexiti asked once"
    );
    assert_eq!(
        browser
            .js(
                "return document.getElementById('application-refusal').dataset.code;",
                vec![]
            )
            .await,
        "application_declined"
    );

    open(&checkout, &browser, "fr-CA").await;
    application::apply(&browser, &Applicant::quebec("Pending One")).await;
    browser
        .shows("#application-refusal", "examinée de plus près")
        .await;

    // Someone who already has an account is offered to pay with it.
    open(&checkout, &browser, "en-CA").await;
    application::apply(&browser, &Applicant::ontario("Nguyen")).await;
    browser
        .shows("#application-heading", "You're approved")
        .await;
    open(&checkout, &browser, "en-CA").await;
    application::apply(&browser, &Applicant::ontario("Nguyen")).await;
    browser
        .shows("#application-refusal", "already have a Flexiti account")
        .await;
    browser.click("#refusal-action").await;
    browser
        .shows("#account-heading", "Pay with your Flexiti account")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn each_step_names_what_to_put_right_and_keeps_what_was_typed() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, "en-CA").await;
    browser.type_into("dob", "2015-02-01").await;
    browser.click(SUBMIT).await;
    browser.shows("#error-summary", "There is a problem").await;
    assert_eq!(focused_id(&browser).await, "error-summary");
    assert_eq!(
        summary_links(&browser).await,
        [
            "salutation",
            "first_name",
            "last_name",
            "dob",
            "email",
            "phone_number"
        ]
    );
    browser.shows("#dob-error", "18 or older").await;
    assert_eq!(
        browser
            .js(
                "return document.getElementById('first_name').getAttribute('aria-invalid');",
                vec![]
            )
            .await,
        "true"
    );

    let applicant = Applicant {
        email: "sam@undeliverable.example",
        ..Applicant::quebec("Roy")
    };
    browser.retype("dob", "").await;
    application::about(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    application::home(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    let no_costs = Applicant {
        housing_costs: "",
        ..applicant.clone()
    };
    application::finances(&browser, &no_costs).await;
    browser.click(SUBMIT).await;
    browser
        .shows(
            "#monthly_housing_expenses-error",
            "Quebec residents must give them",
        )
        .await;
    browser
        .type_into("monthly_housing_expenses", applicant.housing_costs)
        .await;
    browser.click(SUBMIT).await;
    application::security(&browser).await;
    browser.click(SUBMIT).await;

    // Only Flexiti knows this address is undeliverable: its answer lands on the field.
    browser.shows("#email-error", "email address").await;
    assert_eq!(summary_links(&browser).await, ["email"]);
    browser.retype("email", "sam@example.com").await;
    for _ in 0..3 {
        browser.click(SUBMIT).await;
    }
    assert_eq!(browser.value("piw").await, "Cloud");
    assert_eq!(
        browser
            .js(
                "return document.getElementById('tos_agreement').checked;",
                vec![]
            )
            .await,
        serde_json::Value::Bool(true),
        "everything typed is still there, the agreement too"
    );
    browser.click(SUBMIT).await;
    browser
        .shows("#application-heading", "You're approved")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn the_whole_application_can_be_completed_with_the_keyboard_alone() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    browser
        .client()
        .set_window_size(320, 900)
        .await
        .expect("a phone-sized window");
    browser
        .open_widget_in(&checkout.url("/demo/?locale=en-CA"))
        .await;
    browser.first_screen().await;
    // Tab reaches the ways to pay at the first, the credit application; Space picks it.
    for _ in 0..5 {
        browser.press(TAB).await;
        let on_choice = browser
            .js("return document.activeElement.name === 'method';", vec![])
            .await;
        if on_choice == serde_json::json!(true) {
            break;
        }
    }
    browser.press(SPACE).await;
    browser.shows(".progress", "1 of 4").await;
    fits_a_phone(&browser, "step 1").await;
    browser.tab_to("amount_requested", 5).await;
    for text in ["Ms", "Sam", "", "Rivera", "1990-01-01", "sam@example.com"] {
        next_field(&browser, text).await;
    }
    next_field(&browser, &format!("416 555 0123{ENTER}")).await;

    at_step(&browser, "2 of 4").await;
    fits_a_phone(&browser, "step 2").await;
    for text in [
        "123 Any Street",
        "",
        "Toronto",
        "Ontario",
        "M5M 1M1",
        "Passport",
        "",
    ] {
        next_field(&browser, text).await;
    }
    assert_eq!(browser.value("govid_issued_by").await, "CANADA");
    next_field(&browser, "AB121212").await;
    next_field(&browser, &format!("2035-12-12{ENTER}")).await;

    at_step(&browser, "3 of 4").await;
    for text in [
        "60000",
        "80000",
        "I rent",
        "",
        "Employed full",
        "Baker",
        "",
        "",
    ] {
        next_field(&browser, text).await;
    }
    next_field(&browser, &format!("046 454 286{ENTER}")).await;

    at_step(&browser, "4 of 4").await;
    browser.shows("#terms .terms__document", "").await;
    fits_a_phone(&browser, "step 4").await;
    next_field(&browser, "What is the name of your favourite").await;
    next_field(&browser, "Robin").await;
    next_field(&browser, "Cloud").await;
    browser.tab_to("tos_agreement", 30).await;
    browser.press(SPACE).await;
    browser.press(&format!("{TAB}{ENTER}")).await;

    browser
        .shows("#application-heading", "You're approved")
        .await;
    fits_a_phone(&browser, "approval").await;
    browser.screenshot("application-approval-320px").await;
    browser.tab_to("keep-account", 5).await;
    browser.press(ENTER).await;
    browser.shows(".quote__monthly", "a month").await;
    browser.press(TAB).await;
    browser.tab_to("confirm-purchase", 10).await;
    browser.press(ENTER).await;
    browser.shows(".receipt", "Purchase approved").await;
    browser.close().await;
}

/// No axe-core violation on `screen`.
async fn clean(browser: &Browser, screen: &str) {
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{screen}: {violations:#?}");
}

async fn every_application_screen(locale: &str) {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, locale).await;
    let applicant = Applicant::quebec("Gagnon");
    browser.click(SUBMIT).await;
    browser.shows("#error-summary", "").await;
    clean(&browser, "step 1 with its problems").await;
    application::about(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    browser.shows(".progress", "2").await;
    clean(&browser, "step 2").await;
    application::home(&browser, &applicant).await;
    browser.click(SUBMIT).await;
    browser.shows(".progress", "3").await;
    application::finances(&browser, &applicant).await;
    clean(&browser, "step 3, filled").await;
    browser.click(SUBMIT).await;
    browser.shows("#terms .terms__document", "").await;
    clean(&browser, "step 4 with the terms").await;
    application::security(&browser).await;
    browser.click(SUBMIT).await;
    browser.shows("#debt-ratio-warning", "45").await;
    clean(&browser, "Quebec approval with the debt ratio").await;
    browser.click("#cancel-account").await;
    browser.shows("#confirm-cancel", "").await;
    clean(&browser, "confirming the cancellation").await;
    browser.click("#keep-after-all").await;
    browser.click("#keep-account").await;
    browser.shows(".quote__monthly", "").await;
    clean(&browser, "paying with the new account").await;

    open(&checkout, &browser, locale).await;
    application::apply(&browser, &Applicant::ontario("Declined Two")).await;
    browser.shows("#application-refusal", "").await;
    clean(&browser, "declined").await;
    browser.close().await;
}

#[tokio::test]
async fn every_application_screen_is_clean_in_english() {
    every_application_screen("en-CA").await;
}

#[tokio::test]
async fn every_application_screen_is_clean_in_french() {
    every_application_screen("fr-CA").await;
}

#[tokio::test]
async fn an_approval_whose_answer_was_lost_is_shown_when_the_application_is_sent_again() {
    let checkout = Checkout::start().await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, "en-CA").await;
    application::fill(&browser, &Applicant::ontario("Rivera")).await;
    // Flexiti opens the account; the answer is lost on its way to the browser. Sent again: the
    // account opened, not "you already have an account".
    sent_again_after_a_lost_answer(&browser).await;
    browser
        .shows("#application-heading", "You're approved")
        .await;
    browser.click("#keep-account").await;
    browser.shows(".quote__monthly", "a month").await;
    browser.click("button[type=submit]").await;
    browser.shows(".receipt", "Purchase approved").await;
    browser.close().await;
}

#[tokio::test]
async fn an_application_still_with_flexiti_is_waited_for_not_sent_twice() {
    // The proxy answers `timed_out` after a second; Flexiti takes six to decide, within the
    // proxy's upstream timeout.
    let checkout = Checkout::start_with(|config| {
        config.request_timeout_ms = 1_000;
        config.upstream_timeout_ms = 10_000;
    })
    .await;
    let browser = Browser::launch().await;
    open(&checkout, &browser, "en-CA").await;
    application::fill(&browser, &Applicant::ontario("Rivera")).await;
    let checks = checkout.sandbox().flexiti_adjudications();
    let apply = format!(
        "{FLEXITI_BASE_PATH}/client-id/{}/apply",
        sandbox::config::DEMO_CLIENT_ID
    );
    let slow: Fault = "latency=6000".parse().expect("a fault");
    checkout.sandbox().faults().inject(&apply, slow, Some(1));
    browser.click(SUBMIT).await;
    browser
        .shows("#application-refusal", "taking longer than usual")
        .await;

    // Tried again while Flexiti decides: asked to wait, and Flexiti is not asked a second time.
    browser.click("#refusal-action").await;
    browser
        .shows("#application-refusal", "still being decided")
        .await;
    eventually("the approval, once Flexiti decided", || async {
        let heading = browser.text("#application-heading").await;
        if heading
            .as_deref()
            .is_some_and(|h| h.contains("You're approved"))
        {
            return Ok(());
        }
        let waiting = browser.text("#application-refusal").await;
        if waiting.is_some_and(|said| said.contains("still being decided")) {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            browser.click("#refusal-action").await;
        }
        Err(format!("{heading:?}"))
    })
    .await;
    assert_eq!(
        checkout.sandbox().flexiti_adjudications(),
        checks + 1,
        "one credit check"
    );
    browser.click("#keep-account").await;
    browser.shows(".quote__monthly", "a month").await;
    browser.close().await;
}
