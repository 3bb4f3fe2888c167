//! The credit application in Chromium against the proxy and the sandbox: approved outside Quebec
//! and paid with the new account; approved in Quebec with the debt ratio disclosed, then
//! cancelled (and closed in the sandbox); declined; pending; the rules checked step by step; a
//! field only Flexiti could refuse shown on its field; both languages.

use e2e::{
    application::{self, Applicant, SUBMIT},
    browser::Browser,
    checkout::Checkout,
};

async fn open(checkout: &Checkout, browser: &Browser, locale: &str) {
    browser
        .open_widget_in(&checkout.url(&format!("/demo/?locale={locale}")))
        .await;
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
    let found = browser
        .js(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await;
    found.as_str().unwrap_or_default().to_owned()
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
    browser.shows("#debt-ratio-warning", "45 %").await;
    browser.shows("#available-credit", "\u{a0}$").await;
    browser.click("#cancel-account").await;
    browser
        .shows("#application-heading", "Annuler votre nouveau compte?")
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
    browser
        .click("input[name=method][value=FlexitiAccount]")
        .await;
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
    application::apply(&browser, &Applicant::ontario("Declined")).await;
    browser
        .shows("#application-refusal", "couldn't approve your application")
        .await;
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
