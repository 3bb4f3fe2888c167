//! Filling the credit application in the widget as a shopper would, step by step, with the
//! sandbox's test data (`sandbox/README.md`): the last name decides Flexiti's answer.

use crate::browser::Browser;

/// One applicant's answers.
#[derive(Debug, Clone)]
pub struct Applicant {
    /// The sandbox decides by it: `Declined`, `Pending One`... anyone else is approved.
    pub last_name: &'static str,
    /// Province code.
    pub province: &'static str,
    /// A postal code in that province.
    pub postal_code: &'static str,
    /// Municipality.
    pub city: &'static str,
    /// E-mail (`@undeliverable.example` is refused by Flexiti).
    pub email: &'static str,
    /// Monthly housing costs in dollars (Quebec requires them).
    pub housing_costs: &'static str,
    /// Yearly household income in dollars.
    pub household_income: &'static str,
}

impl Applicant {
    /// An Ontario applicant whom the sandbox approves (unless `last_name` says otherwise).
    pub fn ontario(last_name: &'static str) -> Applicant {
        Applicant {
            last_name,
            province: "ON",
            postal_code: "M5M 1M1",
            city: "Toronto",
            email: "sam@example.com",
            housing_costs: "",
            household_income: "80000",
        }
    }

    /// A Quebec applicant whose housing costs make a debt ratio of 50%: above the 45% warning.
    pub fn quebec(last_name: &'static str) -> Applicant {
        Applicant {
            last_name,
            province: "QC",
            postal_code: "H2J 2L1",
            city: "Montréal",
            email: "sam@example.com",
            housing_costs: "2500",
            household_income: "60000",
        }
    }
}

/// The Continue / Apply button of the current step.
pub const SUBMIT: &str = "form.form button[type=submit]";

/// Fills the four steps and sends the application.
pub async fn apply(browser: &Browser, applicant: &Applicant) {
    fill(browser, applicant).await;
    browser.click(SUBMIT).await;
}

/// Fills the four steps, the last left to send.
pub async fn fill(browser: &Browser, applicant: &Applicant) {
    about(browser, applicant).await;
    browser.click(SUBMIT).await;
    home(browser, applicant).await;
    browser.click(SUBMIT).await;
    finances(browser, applicant).await;
    browser.click(SUBMIT).await;
    security(browser).await;
}

/// Step 1: name, birth date, contact.
pub async fn about(browser: &Browser, applicant: &Applicant) {
    browser.type_into("first_name", "Sam").await;
    browser.choose("salutation", "ms").await;
    browser.type_into("last_name", applicant.last_name).await;
    browser.type_into("dob", "1990-01-01").await;
    browser.type_into("email", applicant.email).await;
    browser.type_into("phone_number", "416 555 0123").await;
}

/// Step 2: address and government ID.
pub async fn home(browser: &Browser, applicant: &Applicant) {
    browser.type_into("address_1", "123 Any Street").await;
    browser.type_into("city", applicant.city).await;
    browser.choose("province", applicant.province).await;
    browser
        .type_into("postal_code", applicant.postal_code)
        .await;
    browser.choose("govid_type", "CAP").await;
    browser.type_into("govid_number", "AB121212").await;
    browser.type_into("govid_expiry", "2035-12-12").await;
}

/// Step 3: income and housing.
pub async fn finances(browser: &Browser, applicant: &Applicant) {
    browser.type_into("personal_income", "60000").await;
    browser
        .type_into("household_income", applicant.household_income)
        .await;
    browser.choose("housing_type", "Rent").await;
    if !applicant.housing_costs.is_empty() {
        browser
            .type_into("monthly_housing_expenses", applicant.housing_costs)
            .await;
    }
    browser.choose("occupation_id", "FE").await;
    browser.type_into("occupation_title", "Baker").await;
    browser.type_into("sin", "046 454 286").await;
}

/// Step 4: security question, word, terms.
pub async fn security(browser: &Browser) {
    browser.type_into("security_answer", "Robin").await;
    browser.choose("security_question", "4").await;
    browser.type_into("piw", "Cloud").await;
    browser.click("#terms .terms__document").await;
    browser.click("label[for=tos_agreement]").await;
}
