//! The Flexiti client's customer-side calls against the sandbox over HTTP: finding an account,
//! verifying the shopper, quoting a plan, posting the purchase, closing a Quebec account. Each
//! refusal arrives as the catalogue entry the widget shows.

use std::net::SocketAddr;

use proxy::{
    testing::flexiti_client,
    upstream::flexiti::{AccountQuery, FlexitiClient, Purchase, Verification, Verified},
};
use sandbox::{RunningSandbox, SandboxConfig, flexiti::SENT_VERIFICATION_CODE};
use secrecy::SecretString;
use shared::{CreditApplication, ErrorCode, GovernmentId, Locale, Sensitive, VerificationMethod};

/// The README's test customers.
const JANE_VCC: &str = "6374980300000001";
const ALEX_VCC: &str = "6374980300000027";
const DAVID_FROZEN_VCC: &str = "6374980111116457";

async fn sandbox() -> (RunningSandbox, FlexitiClient) {
    let running = sandbox::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SandboxConfig::default(),
    )
    .await
    .expect("a sandbox");
    let client = flexiti_client(&running);
    (running, client)
}

fn card(number: &str) -> AccountQuery {
    AccountQuery::Card(SecretString::from(number))
}

#[tokio::test]
async fn an_account_is_found_by_card_or_by_person_and_refusals_are_catalogued() {
    let (_running, client) = sandbox().await;
    let jane = client
        .lookup(&card(JANE_VCC), Locale::EnCa)
        .await
        .expect("Jane");
    assert_eq!(
        (jane.customer_id, jane.account_number),
        (50_001, 30_000_001)
    );
    assert_eq!(jane.available_credit_cents, 500_000);
    assert_eq!(jane.summary.security_questions.len(), 2);
    assert!(
        jane.summary
            .offers
            .iter()
            .any(|offer| offer.plan_id == "4" && offer.terms.contains(&18))
    );

    let by_person = AccountQuery::Person {
        first_name: "Jane".into(),
        last_name: "Roe".into(),
        dob: "1988-08-08".into(),
        postal_code: "M5M 1M1".into(),
    };
    let again = client
        .lookup(&by_person, Locale::FrCa)
        .await
        .expect("Jane by person");
    assert_eq!(again.account_number, jane.account_number);

    for (number, expected) in [
        (ALEX_VCC, ErrorCode::AccountNotActivated),
        (DAVID_FROZEN_VCC, ErrorCode::AccountUnavailable),
        ("6374980399999999", ErrorCode::NotFound),
    ] {
        let refused = client
            .lookup(&card(number), Locale::EnCa)
            .await
            .expect_err("refused");
        assert_eq!(refused.catalogue_code(), expected, "{number}");
    }
}

#[tokio::test]
async fn a_verified_shopper_sees_the_cost_and_buys_on_a_plan() {
    let (_running, client) = sandbox().await;
    let jane = client
        .lookup(&card(JANE_VCC), Locale::EnCa)
        .await
        .expect("Jane");

    let wrong = Verification::SecurityQuestion {
        question_id: "4".into(),
        answer: SecretString::from("Rex"),
    };
    let refused = client
        .verify(jane.customer_id, &wrong, None)
        .await
        .expect_err("wrong answer");
    assert_eq!(refused.catalogue_code(), ErrorCode::WrongSecurityAnswer);
    let piw = SecretString::from("Birch");
    let refused = client
        .verify(jane.customer_id, &Verification::Sms, Some(&piw))
        .await;
    assert_eq!(
        refused.expect_err("wrong PIW").catalogue_code(),
        ErrorCode::PiwMismatch
    );

    let sent = client
        .verify(jane.customer_id, &Verification::Sms, None)
        .await
        .expect("sent");
    assert!(
        matches!(sent, Verified::CodeSent(VerificationMethod::Sms)),
        "{sent:?}"
    );

    let quote = client
        .quote(jane.account_number, 100_000, "4", 18)
        .await
        .expect("a quote");
    assert_eq!(
        (quote.monthly_payment_cents, quote.apr_basis_points),
        (6_967, 2_999)
    );

    let typo = SecretString::from("1111");
    let purchase = |code| Purchase {
        account_number: jane.account_number,
        amount_cents: 100_000,
        plan_id: "4",
        term: 18,
        verification_code: code,
    };
    let refused = client
        .purchase(&purchase(&typo))
        .await
        .expect_err("wrong code");
    assert_eq!(refused.catalogue_code(), ErrorCode::WrongVerificationCode);
    let code = SecretString::from(SENT_VERIFICATION_CODE);
    let receipt = client.purchase(&purchase(&code)).await.expect("bought");
    assert_eq!(receipt.amount_cents, 100_000);
    assert_eq!(receipt.monthly_payment_cents, 6_967);
    assert_eq!(receipt.remaining_credit_cents, 400_000);
    assert_eq!(receipt.term, Some(18));

    let right = Verification::SecurityQuestion {
        question_id: "5".into(),
        answer: SecretString::from(" japan "),
    };
    let verified = client
        .verify(jane.customer_id, &right, None)
        .await
        .expect("verified");
    assert!(matches!(verified, Verified::Code(_)), "{verified:?}");
}

#[tokio::test]
async fn a_quebec_applicant_may_close_the_new_account() {
    let (_running, client) = sandbox().await;
    client.close_account(30_000_002).await.expect("closed");
    let marie = client.lookup(&card("6374980300000019"), Locale::FrCa).await;
    assert_eq!(
        marie.expect_err("closed").catalogue_code(),
        ErrorCode::AccountUnavailable
    );
}

/// The docs' `apply` example (a Quebec applicant), its ID expiry moved into the future.
fn docs_applicant(last_name: &str) -> CreditApplication {
    CreditApplication {
        amount_requested_cents: 500_000,
        phone_number: "5551231231".into(),
        email: "email@address.com".into(),
        language: Locale::EnCa,
        salutation: "mr".into(),
        first_name: "John".into(),
        middle_name: Some("Grey".into()),
        last_name: last_name.into(),
        dob: "1990-01-01".into(),
        address_1: "123 Any Street".into(),
        address_2: Some("Apt C".into()),
        city: "Montreal".into(),
        province: "QC".into(),
        postal_code: "A1A0H1".into(),
        government_id: GovernmentId {
            kind: "CAP".into(),
            issued_by: "CANADA".into(),
            number: Sensitive::new("ab121212"),
            expiry: "2035-12-12".into(),
        },
        personal_income_cents: 12_312_300,
        household_income_cents: 22_312_300,
        monthly_housing_expenses_cents: Some(100_000),
        housing_type: "Rent".into(),
        occupation_id: "FE".into(),
        occupation_title: "Baker".into(),
        employer_name: Some("Tasty Bakery".into()),
        employer_phone: Some("1231231231".into()),
        sin: Some(Sensitive::new("123123123")),
        security_question_id: "8".into(),
        security_answer: Sensitive::new("Horse"),
        piw: Sensitive::new("Cloud"),
        terms_accepted: true,
    }
}

#[tokio::test]
async fn an_application_is_adjudicated_and_each_refusal_catalogued() {
    let (_running, client) = sandbox().await;
    let session = client
        .widget_init(&docs_applicant("Doe"))
        .await
        .expect("a widget session");
    let approved = client
        .apply(&docs_applicant("Doe"), Some(&session))
        .await
        .expect("approved");
    assert_eq!(
        (approved.customer_id, approved.account_number),
        (43_353, 20_035_156)
    );
    assert_eq!(approved.approval.card_ending, "8234");
    assert!(
        approved.approval.debt_ratio_basis_points.is_some(),
        "Quebec: a debt ratio"
    );
    assert!(
        !approved.approval.offers.is_empty(),
        "Quebec: the plans on offer"
    );
    assert_eq!(
        approved.approval.available_credit_cents,
        approved.approval.credit_limit_cents
    );

    let again = client
        .apply(&docs_applicant("Doe"), None)
        .await
        .expect_err("exists");
    assert_eq!(again.catalogue_code(), ErrorCode::AlreadyACustomer);
    let declined = client.apply(&docs_applicant("Declined"), None).await;
    assert_eq!(
        declined.expect_err("declined").catalogue_code(),
        ErrorCode::ApplicationDeclined
    );
    let pending = client.apply(&docs_applicant("Pending One"), None).await;
    assert_eq!(
        pending.expect_err("pending").catalogue_code(),
        ErrorCode::ApplicationPending
    );
    let other = client
        .widget_init(&docs_applicant("Smith"))
        .await
        .expect("a session");
    let changed = client.apply(&docs_applicant("Smyth"), Some(&other)).await;
    assert_eq!(
        changed.expect_err("changed").catalogue_code(),
        ErrorCode::ApplicationChanged
    );
    let mut unagreed = docs_applicant("Tremblay");
    unagreed.terms_accepted = false;
    let refused = client.apply(&unagreed, None).await.expect_err("terms");
    assert_eq!(refused.catalogue_code(), ErrorCode::TermsNotAccepted);
}

#[tokio::test]
async fn flexitis_wording_comes_in_both_languages() {
    let (_running, client) = sandbox().await;
    let english = client.wording(Locale::EnCa).await.expect("English");
    let french = client.wording(Locale::FrCa).await.expect("French");
    assert!(!english.is_empty());
    assert_eq!(
        english.keys().collect::<Vec<_>>(),
        french.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        english.get("available_credit").map(String::as_str),
        Some("Available credit")
    );
    assert_eq!(
        french.get("available_credit").map(String::as_str),
        Some("Crédit disponible")
    );
}
