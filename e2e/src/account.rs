//! Paying with an existing Flexiti account in the widget as a shopper would, with the sandbox's
//! test account (`sandbox/README.md`): Jane Roe, card `6374980300000001`, answer `Buddy`.

use crate::browser::Browser;

/// Jane Roe's Flexiti card number.
pub const JANE_CARD: &str = "6374980300000001";

/// Finds Jane's account by its card number and answers her security question, in the account
/// flow already chosen: the plan step, its first price shown (`per_month` is "a month" or "par
/// mois").
pub async fn verify_jane(browser: &Browser, per_month: &str) {
    browser.type_into("vcc_number", JANE_CARD).await;
    browser.click("button[type=submit]").await;
    browser.shows("#security-question", "?").await;
    browser.type_into("security_answer", "Buddy").await;
    browser.click("button[type=submit]").await;
    browser.shows(".quote__monthly", per_month).await;
}
