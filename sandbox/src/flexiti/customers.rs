//! Finding and verifying existing customers (`api-docs/002_...`, "Endpoints: Customers"):
//! `customers/lookup`, `customers/search`, `customers/{id}/verify`, `customers/{id}/transactions`
//! and `customers/close-account`.

use axum::{
    Json,
    body::Bytes,
    extract::{OriginalUri, Path, Query, State},
    http::StatusCode,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::{Duration as Days, macros::format_description};
use tokio::time::{Duration, Instant};

use super::{
    FlexitiError,
    book::{self, Account, Status},
    form_values::login_answer,
    money, offers,
    validation::{self, Fields, Violation},
};
use crate::Sandbox;

/// The code the sandbox "sends" by SMS and by e-mail (the docs' example code).
pub const SENT_VERIFICATION_CODE: &str = "2485";

/// How many wrong security answers in 48 hours an account tolerates before `tries_exceed`.
const TRIES: usize = 3;
const TRIES_WINDOW: Duration = Duration::from_secs(48 * 3600);

#[derive(Debug, Deserialize)]
pub(super) struct LookupQuery {
    vcc_number: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    dob: Option<String>,
    postal_code: Option<String>,
    lang: Option<String>,
}

fn french(lang: Option<&str>) -> bool {
    lang.is_some_and(|lang| lang.to_ascii_lowercase().starts_with("fr"))
}

/// `GET customers/lookup`: by VCC, or by first name, last name, date of birth and postal code
/// (then the account with the highest open-to-buy). Refuses accounts that cannot purchase.
///
/// Reading: the docs' table answers a missing customer with `404` (its example header says 409);
/// we follow the table.
pub(super) async fn lookup(
    State(sandbox): State<Sandbox>,
    Query(query): Query<LookupQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.to_string();
    let map = validation::query_object(&[
        ("vcc_number", &query.vcc_number),
        ("first_name", &query.first_name),
        ("last_name", &query.last_name),
        ("dob", &query.dob),
        ("postal_code", &query.postal_code),
    ]);
    let mut fields = Fields::new(&map);
    let by_vcc = query.vcc_number.is_some();
    let vcc = fields.digits("vcc_number", false, 16, 16);
    let person = if by_vcc {
        None
    } else {
        let first = fields.text("first_name", true, 50);
        let last = fields.text("last_name", true, 50);
        let dob = fields.date("dob", true);
        let postal = fields.text("postal_code", true, 7);
        first.zip(last).zip(dob).zip(postal)
    };
    fields.finish(&url)?;
    let mut book = sandbox.flexiti.book();
    let account = match (vcc, person) {
        (Some(vcc), _) => vcc
            .parse()
            .ok()
            .and_then(|vcc| book.by_vcc(vcc))
            .map(|account| account.clone()),
        (None, Some((((first, last), dob), postal))) => book
            .search(&first, &last, dob)
            .into_iter()
            .filter(|account| same_postal_code(&account.postal_code, &postal))
            .max_by_key(|account| account.available)
            .cloned(),
        (None, None) => None,
    };
    let account = account.ok_or_else(|| {
        FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            &url,
            "not_found",
            "Customer not found",
        )
    })?;
    check_can_purchase(&account, &url, french(query.lang.as_deref()))?;
    if account.risk_rating != PRIME && !sandbox.config().merchant.non_prime {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            &url,
            "merchant_not_support_nonprime_regularpurchase",
            "Customer is non-prime and the Merchant does not accept non-prime or have the appropriate plans.",
        ));
    }
    Ok(Json(lookup_answer(&account, query.lang.as_deref())))
}

/// The risk rating of a prime customer; every other rating is non-prime.
pub(super) const PRIME: &str = "L";

fn same_postal_code(on_file: &str, given: &str) -> bool {
    let squash = |code: &str| {
        code.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase()
    };
    squash(on_file) == squash(given)
}

/// `user_not_active` and `user_not_able_to_purchase`, with the docs' messages.
pub(super) fn check_can_purchase(
    account: &Account,
    url: &str,
    french: bool,
) -> Result<(), FlexitiError> {
    if !account.activated {
        let message = if french {
            "Avant de procéder à l'achat, nous devons activer votre compte. Pour l'activer ou pour en savoir plus, visitez my.flexiti.com."
        } else {
            "Before proceeding with the purchase transaction, we need to activate your account. To activate your account or for more information visit my.flexiti.com."
        };
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "user_not_active",
            message,
        ));
    }
    if account.status != Status::Normal {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "user_not_able_to_purchase",
            NOT_ABLE,
        ));
    }
    Ok(())
}

/// The docs' message for `user_not_able_to_purchase`.
pub(super) const NOT_ABLE: &str = "We’re sorry, we aren’t able to proceed with your request right now. If you were trying to process a transaction on an existing account, please call us at 1-877-259-3750. Otherwise, please check your internet connectivity or restart your device before trying again.";

fn lookup_answer(account: &Account, lang: Option<&str>) -> Value {
    let questions = &login_answer(lang)["form_values"]["security_qid"]["options"];
    let security_qid: Vec<Value> = account
        .answers
        .iter()
        .map(|(id, _)| json!({ "id": id, "text": questions[id.as_str()] }))
        .collect();
    json!({
        "available_credit": money::dollars(account.available),
        "account_number": account.account_number,
        "customer_id": account.customer_id,
        "security_qid": security_qid,
        "address_1": account.address_1,
        "address_2": account.address_2,
        "city": account.city,
        "postal_code": account.postal_code,
        "province": account.province,
        "payment_protection": 0,
        "risk_rating": account.risk_rating,
        "offer_types": offers::offer_types(),
        "preferred_language": account.preferred_language.replace('-', "_").to_ascii_uppercase(),
    })
}

#[derive(Debug, Deserialize)]
pub(super) struct SearchQuery {
    first_name: Option<String>,
    last_name: Option<String>,
    dob: Option<String>,
}

/// `GET customers/search`: every account of the person, whatever its status.
pub(super) async fn search(
    State(sandbox): State<Sandbox>,
    Query(query): Query<SearchQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let map = validation::query_object(&[
        ("first_name", &query.first_name),
        ("last_name", &query.last_name),
        ("dob", &query.dob),
    ]);
    let mut fields = Fields::new(&map);
    let first = fields.text("first_name", true, 50);
    let last = fields.text("last_name", true, 50);
    let dob = fields.date("dob", true);
    fields.finish(uri.path())?;
    let (Some(first), Some(last), Some(dob)) = (first, last, dob) else {
        return Err(FlexitiError::wrong_inputs(uri.path(), Vec::new()));
    };
    let book = sandbox.flexiti.book();
    let found: Vec<Value> = book
        .search(&first, &last, dob)
        .into_iter()
        .map(search_entry)
        .collect();
    if found.is_empty() {
        return Err(FlexitiError::coded(
            StatusCode::NOT_FOUND,
            "not_found",
            "not_found",
        ));
    }
    Ok(Json(Value::Array(found)))
}

fn search_entry(account: &Account) -> Value {
    let created = format_description!("[month]/[day]/[year]");
    json!({
        "customer_id": account.customer_id.to_string(),
        "account_status": account.status.code(),
        "account_status_reason_code": account.status_reason,
        "tos": true,
        "risk_rating": account.risk_rating,
        "account_number": account.account_number.to_string(),
        "credit_limit": money::dollar_string(account.credit_limit),
        "available_credit": money::dollar_string(account.available),
        "originating_merchant_id": account.merchant.0,
        "originating_merchant_name": account.merchant.1,
        "creation_date": account.created.format(created).unwrap_or_default(),
        "first_name": account.first_name,
        "last_name": account.last_name,
        "card_ending_in": account.card_ending(),
        "preferred_language": account.preferred_language,
    })
}

/// `POST customers/{customer_id}/verify` (and the `account/{account_number}/verify` spelling of
/// the error tables): by security question, SMS, e-mail or merchant override. A success leaves a
/// verification code on the account for the purchase that follows.
///
/// Readings: a `piw` in the body is checked first (`piw_mismatch`); `tries_exceed` answers once
/// three wrong answers were given in the last 48 hours, before the answer is even compared; a
/// security question the account does not have is `wrong_inputs` (`security_qid` invalid).
pub(super) async fn verify(
    State(sandbox): State<Sandbox>,
    Path((_, customer_id)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path().to_owned();
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    let format = fields.choice(
        "format",
        true,
        &["security_question", "sms", "email", "override"],
    );
    let by_question = format.as_deref() == Some("security_question");
    let qid = fields.digits("security_qid", by_question, 1, 4);
    let answer = fields.text("security_answer", by_question, 50);
    let piw = fields.text("piw", false, 30);
    fields.finish(&url)?;
    let merchant_override = sandbox.config().merchant.merchant_override;
    let mut book = sandbox.flexiti.book();
    let by_account = uri.path().contains("/account/");
    let account = if by_account {
        book.by_account(book::account_number(&customer_id, &url)?)
    } else {
        book.by_customer(customer_id.parse().unwrap_or_default())
    };
    let account = account.ok_or_else(|| {
        FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            &url,
            "not_found",
            "We’re sorry, account number can’t be found.",
        )
    })?;
    if piw.is_some_and(|piw| !piw.eq_ignore_ascii_case(&account.piw)) {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            &url,
            "piw_mismatch",
            PIW_MISMATCH,
        ));
    }
    let code = match format.as_deref() {
        Some("security_question") => {
            let (qid, answer) = (qid.unwrap_or_default(), answer.unwrap_or_default());
            answer_question(account, &url, &qid, &answer)?;
            let code = 1_000
                + (crate::flexiti::splitmix(account.customer_id ^ account.purchases.len() as u64)
                    % 9_000);
            account.verification_code = Some(code.to_string());
            json!(code)
        }
        Some("sms") => {
            if account.phone.is_none() {
                return Err(FlexitiError::endpoint(
                    StatusCode::BAD_REQUEST,
                    &url,
                    "sms_not_valid_phone",
                    "Phone number on file invalid/missing",
                ));
            }
            account.verification_code = Some(SENT_VERIFICATION_CODE.into());
            json!("verification_sent_to_sms")
        }
        Some("email") => {
            if account.email.is_none() {
                let mut fields = Fields::new(&map);
                fields.fail("email", Violation::Invalid);
                return Err(email_missing(fields, &url));
            }
            account.verification_code = Some(SENT_VERIFICATION_CODE.into());
            json!("verification_sent_to_email")
        }
        _ => {
            if !merchant_override {
                return Err(FlexitiError::endpoint(
                    StatusCode::CONFLICT,
                    &url,
                    "merchant_override_is_not_allowed",
                    "merchant_override_is_not_allowed",
                ));
            }
            if account.risk_rating != PRIME {
                return Err(FlexitiError::endpoint(
                    StatusCode::CONFLICT,
                    &url,
                    "regular_purchase_bypass_is_not_allowed",
                    "Customer does not qualify for a regular purchase bypass",
                ));
            }
            let code = 1_000 + (crate::flexiti::splitmix(account.account_number) % 9_000);
            account.verification_code = Some(code.to_string());
            json!(code)
        }
    };
    Ok(Json(json!({ "verification_code": code })))
}

const PIW_MISMATCH: &str = "Please check the information you just entered. If the information is correct and you see this message again, please restart the Flexiti App or close and re-open your browser window. If this message continues to appear, please contact us at 1-877-259-3754 and we will be happy to assist you";

/// The docs' e-mail refusal: `wrong_input` (singular) with `email` invalid.
fn email_missing(fields: Fields<'_>, url: &str) -> FlexitiError {
    match fields.finish(url) {
        Err(FlexitiError::Endpoint {
            status,
            url,
            field_errors,
            ..
        }) => FlexitiError::Endpoint {
            status,
            url,
            error: "wrong_input",
            message: "Some inputs are wrong!",
            field_errors,
        },
        Err(other) => other,
        Ok(()) => FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "wrong_input",
            "Some inputs are wrong!",
        ),
    }
}

fn answer_question(
    account: &mut Account,
    url: &str,
    qid: &str,
    answer: &str,
) -> Result<(), FlexitiError> {
    let now = Instant::now();
    account
        .wrong_answers
        .retain(|at| now.duration_since(*at) < TRIES_WINDOW);
    if account.wrong_answers.len() >= TRIES {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "tries_exceed",
            "The wrong security answer has been attempted on this account more than three times in the last 48 hours.",
        ));
    }
    if !account.answers.iter().any(|(id, _)| id == qid) {
        let map: Map<String, Value> = [("security_qid".to_owned(), Value::from(qid))]
            .into_iter()
            .collect();
        let mut fields = Fields::new(&map);
        fields.fail("security_qid", Violation::Invalid);
        return fields.finish(url);
    }
    if !account.answers(qid, answer) {
        account.wrong_answers.push(now);
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "secret_answer_mismatch",
            "The answer you provided did not match our records.",
        ));
    }
    Ok(())
}

/// `GET customers/{customer_id}/transactions`: the customer's purchases, newest first.
pub(super) async fn history(
    State(sandbox): State<Sandbox>,
    Path((_, customer_id)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let id: u64 = customer_id.parse().unwrap_or_default();
    let book = sandbox.flexiti.book();
    let accounts: Vec<&Account> = book
        .accounts
        .iter()
        .filter(|account| account.customer_id == id)
        .collect();
    if accounts.is_empty() {
        return Err(FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            url,
            "not_found",
            "Customer not found",
        ));
    }
    let listed = format_description!("[year]/[month]/[day]");
    let mut transactions: Vec<(u64, Value)> = Vec::new();
    for account in accounts {
        for purchase in account
            .purchases
            .iter()
            .filter(|purchase| purchase.amount > purchase.refunded)
        {
            let entry = json!({
                "term": purchase.term,
                "transaction_id": purchase.transaction_id.to_string(),
                "transaction_status": "Posted",
                "customer_name": format!("{}, {}", account.last_name, account.first_name),
                "transaction_balance": money::dollar_string(purchase.amount - purchase.refunded),
                "transaction_date": purchase.date.format(listed).unwrap_or_default(),
                "plan_name": purchase.plan_name,
            });
            transactions.push((purchase.transaction_id, entry));
        }
    }
    if transactions.is_empty() {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "no_returns_found",
            NO_RETURNS,
        ));
    }
    transactions.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    Ok(Json(
        json!({ "transactions": transactions.into_iter().map(|(_, entry)| entry).collect::<Vec<_>>() }),
    ))
}

const NO_RETURNS: &str = "<h1>There are no purchases available to return for this customer.</h1><p>If you’ve already processed a partial return and now want to return the remainder, please email service@flexitifinancial.com or call us at <strong class='no-break'>1-877-259-3754</strong></p>";

/// `POST customers/close-account`: closes the account (the Quebec applicant's right to cancel
/// after seeing the debt ratio). Answers `{}`.
pub(super) async fn close_account(
    State(sandbox): State<Sandbox>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    let number = fields.digits("account_number", true, 1, 12);
    fields.finish(url)?;
    let mut book = sandbox.flexiti.book();
    let account = number
        .and_then(|number| number.parse().ok())
        .and_then(|number| book.by_account(number));
    let account = account.ok_or_else(|| {
        FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            url,
            "not_found",
            "Customer Account not found",
        )
    })?;
    account.status = Status::Closed;
    account.status_reason = "CLSD";
    account.available = 0;
    Ok(Json(json!({})))
}

/// Today, for dates the sandbox stamps.
pub(super) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Today minus `years` (for age checks), clamped to a valid date.
pub(super) fn years_ago(years: i32) -> time::Date {
    let today = today();
    today
        .replace_year(today.year() - years)
        .unwrap_or(today - Days::days(i64::from(years) * 365))
}
