//! Money on an account (`api-docs/002_...`, "Endpoints: Transactions"): `POST transactions`
//! (purchases, deposits, payments), `accounts/{n}/refund` and `accounts/{n}/calculate-interest`.
//! Balances move: a purchase lowers `available_credit`, a refund or a payment raises it.

use axum::{
    Json,
    body::Bytes,
    extract::{OriginalUri, Path, State},
    http::StatusCode,
};
use serde_json::{Value, json};
use tokio::time::{Duration, Instant};

use super::{
    FlexitiError,
    book::{self, Account, Book, Purchase},
    customers::{NOT_ABLE, today},
    gate::{self, Needs},
    money,
    offers::{self, REGULAR_APR_BP},
    validation::{self, Fields, Violation},
};
use crate::Sandbox;

/// The transaction types. Reading: the docs name them in prose only ("Promotional Purchases,
/// Regular Purchases, Deposits, In-Store Payments or Trade-Ins"); these are their snake_case forms.
const TYPES: [&str; 5] = [
    "promotional_purchase",
    "regular_purchase",
    "deposit",
    "in_store_payment",
    "trade_in",
];

/// Payments accepted on one account in 24 hours (`limit_payment_amount_24`).
const PAYMENT_LIMIT_24H: i64 = 1_000_000;
const DAY: Duration = Duration::from_secs(24 * 3600);

/// What a `POST transactions` asks for, once its fields passed.
struct Request {
    kind: String,
    amount: i64,
    plan: Option<(offers::Plan, u32)>,
    confirmed: bool,
    code: Option<String>,
}

/// `POST transactions`. Errors take the OAuth-style shape the docs show for this endpoint.
pub(super) async fn post(
    State(sandbox): State<Sandbox>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    let kind = fields.text("transaction_type", true, 40);
    let amount = fields.money("amount", true, true);
    let vcc = fields.digits("vcc_number", false, 16, 16);
    let account_number = fields.digits("account_number", false, 1, 12);
    let customer_id = fields.digits("customer_id", false, 1, 12);
    let code = fields.digits("verification_code", false, 1, 8);
    let confirmed = fields.flag("customer_confirmed", false).unwrap_or(true);
    let promotional = kind.as_deref() == Some("promotional_purchase");
    let plan_id = fields.digits("plan_id", promotional, 1, 4);
    let term = fields.digits("term", promotional, 1, 3);
    if vcc.is_none() && account_number.is_none() && customer_id.is_none() && fields.is_clean() {
        fields.fail("account_number", Violation::Required);
    }
    let plan = match (plan_id, term) {
        (Some(plan_id), Some(term)) if promotional => offered_plan(&mut fields, &plan_id, &term),
        _ => None,
    };
    fields.finish(url)?;
    let (Some(kind), Some(amount)) = (kind, amount) else {
        return Err(FlexitiError::wrong_inputs(url, Vec::new()));
    };
    if !TYPES.contains(&kind.as_str()) {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "invalid_transaction_type",
            "invalid_transaction_type",
        ));
    }
    gate::require(&sandbox, url, &[Needs::AccountType])?;
    let mut book = sandbox.flexiti.book();
    let book = &mut *book;
    let transaction_id = book.new_transaction_id();
    let account = find(book, vcc, account_number, customer_id)?;
    let request = Request {
        kind,
        amount,
        plan,
        confirmed,
        code,
    };
    post_on(account, request, transaction_id).map(Json)
}

fn offered_plan(fields: &mut Fields<'_>, plan_id: &str, term: &str) -> Option<(offers::Plan, u32)> {
    let Some(plan) = offers::find(plan_id) else {
        fields.fail("plan_id", Violation::Invalid);
        return None;
    };
    match term
        .parse::<u32>()
        .ok()
        .filter(|term| plan.terms.contains(term))
    {
        Some(term) => Some((plan, term)),
        None => {
            fields.fail("term", Violation::Invalid);
            None
        }
    }
}

fn find(
    book: &mut Book,
    vcc: Option<String>,
    account_number: Option<String>,
    customer_id: Option<String>,
) -> Result<&mut Account, FlexitiError> {
    let parse = |text: Option<String>| text.and_then(|text| text.parse::<u64>().ok());
    let found = if let Some(vcc) = parse(vcc) {
        book.by_vcc(vcc)
    } else if let Some(number) = parse(account_number) {
        book.by_account(number)
    } else {
        parse(customer_id).and_then(|id| book.by_customer(id))
    };
    found.ok_or_else(|| FlexitiError::coded(StatusCode::NOT_FOUND, "not_found", "not_found"))
}

fn post_on(
    account: &mut Account,
    request: Request,
    transaction_id: u64,
) -> Result<Value, FlexitiError> {
    let Some(code) = request.code.as_deref() else {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "verification_code_required",
            "verification_code_required",
        ));
    };
    if !account.activated {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "user_not_active",
            "user_not_active",
        ));
    }
    if account.status != super::book::Status::Normal {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "user_not_able_to_purchase",
            NOT_ABLE,
        ));
    }
    if account.verification_code.as_deref() != Some(code) {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "wrong_verification_code",
            "wrong_verification_code",
        ));
    }
    match request.kind.as_str() {
        "in_store_payment" | "trade_in" => payment(account, &request, transaction_id),
        _ => purchase(account, &request, transaction_id),
    }
}

fn purchase(
    account: &mut Account,
    request: &Request,
    transaction_id: u64,
) -> Result<Value, FlexitiError> {
    let (admin_fee, payment_value, plan_id, plan_name, term, apr) = match request.plan {
        Some((plan, term)) => {
            let quote = plan.quote(request.amount, term);
            (
                quote.admin_fee,
                quote.monthly_payment,
                plan.id.to_owned(),
                plan.name.to_owned(),
                term.to_string(),
                plan.apr_bp,
            )
        }
        None => {
            let plan_id = if request.kind == "deposit" { "0" } else { "" };
            (
                0,
                request.amount,
                plan_id.to_owned(),
                "Regular Purchase".to_owned(),
                String::new(),
                REGULAR_APR_BP,
            )
        }
    };
    if request.amount > account.available {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "not_enough_credit",
            "We're sorry, there doesn't seem to be enough credit for this purchase amount.",
        ));
    }
    let before = account.available;
    let after = before - request.amount;
    if request.confirmed {
        account.available = after;
        account.verification_code = None;
        account.purchases.push(Purchase {
            transaction_id,
            date: today(),
            amount: request.amount,
            refunded: 0,
            plan_name: plan_name.clone(),
            term: term.clone(),
        });
    }
    let mut answer = json!({
        "payment_protection": false,
        "transaction_id": transaction_id,
        "available_credit": money::dollars(before),
        "admin_fee": money::dollars(admin_fee),
        "balance_after_purchase": money::dollars(after),
        "payment_value": money::grouped_dollar_string(payment_value),
        "promotional_amount": money::dollars(request.amount),
        "customer_confirmed": request.confirmed,
        "plan_id": plan_id,
        "account_avs": avs(),
    });
    if request.plan.is_some() {
        answer["annual_fee"] = json!(0);
        answer["plan_name"] = json!(plan_name);
    } else {
        let rate = money::dollars(i64::from(apr));
        answer["apr"] = rate.clone();
        answer["air"] = rate;
        answer["term"] = json!(term);
        answer["verified"] = json!(true);
    }
    Ok(answer)
}

fn payment(
    account: &mut Account,
    request: &Request,
    transaction_id: u64,
) -> Result<Value, FlexitiError> {
    let now = Instant::now();
    account
        .payments
        .retain(|(at, _)| now.duration_since(*at) < DAY);
    let paid: i64 = account.payments.iter().map(|(_, amount)| amount).sum();
    if paid + request.amount > PAYMENT_LIMIT_24H {
        return Err(FlexitiError::coded(
            StatusCode::CONFLICT,
            "limit_payment_amount_24",
            "",
        ));
    }
    if request.confirmed {
        account.payments.push((now, request.amount));
        account.restore(request.amount);
        account.verification_code = None;
    }
    Ok(json!({
        "transaction_id": transaction_id.to_string(),
        "customer_name": account.first_name,
        "customer_lname": account.last_name,
        "total_amount": format!("{}000", money::dollar_string(request.amount)),
        "verified": true,
    }))
}

/// The address-verification block of the docs' examples: the sandbox verifies nothing (all 0).
fn avs() -> Value {
    let block = json!({ "first_name": 0, "last_name": 0, "dob": 0, "address_1": 0, "address_2": 0, "city": 0, "postal_code": 0, "province": 0 });
    json!({ "billing_information": block.clone(), "shipping_information": block })
}

/// `POST accounts/{account_number}/refund`.
///
/// Reading: the docs give no body; we take `amount` (dollars) and an optional `transaction_id`
/// (the purchase returned). With one, a return above what is left of it is
/// `capture_amount_exceeded`; without, a refund above the account's balance is
/// `refunds_limit_exceeded_amount`.
pub(super) async fn refund(
    State(sandbox): State<Sandbox>,
    Path((_, account_number)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    let amount = fields.money("amount", true, true).unwrap_or_default();
    let purchase_id = fields.digits("transaction_id", false, 1, 12);
    fields.finish(url)?;
    let mut book = sandbox.flexiti.book();
    let book = &mut *book;
    let refund_id = book.new_transaction_id();
    let not_found = || {
        FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            url,
            "not_found",
            "Customer Account not found",
        )
    };
    let account = book
        .by_account(book::account_number(&account_number, url)?)
        .ok_or_else(not_found)?;
    let balance = account.credit_limit - account.available;
    match purchase_id.and_then(|id| id.parse::<u64>().ok()) {
        Some(id) => {
            let purchase = account
                .purchases
                .iter_mut()
                .find(|purchase| purchase.transaction_id == id)
                .ok_or_else(not_found)?;
            if amount > purchase.amount - purchase.refunded {
                return Err(FlexitiError::endpoint(
                    StatusCode::CONFLICT,
                    url,
                    "capture_amount_exceeded",
                    "Return amount is greater than the remaining captured amount.",
                ));
            }
            purchase.refunded += amount;
        }
        None if amount > balance => {
            return Err(FlexitiError::endpoint(
                StatusCode::CONFLICT,
                url,
                "refunds_limit_exceeded_amount",
                "Refund amount exceeds account balance limit.",
            ));
        }
        None => {}
    }
    account.restore(amount);
    Ok(Json(json!({
        "transaction_id": refund_id,
        "refunded_amount": money::dollars(amount),
        "available_credit": money::dollars(account.available),
    })))
}

/// `POST accounts/{account_number}/calculate-interest`: what a purchase would cost on a plan.
///
/// Reading: the docs list only this endpoint's errors. We take `amount`, `plan_id` and `term`,
/// and answer the monthly payment, fees and interest (see `offers` for the rates).
pub(super) async fn calculate_interest(
    State(sandbox): State<Sandbox>,
    Path((_, account_number)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    sandbox.flexiti.count_interest_calculation();
    let url = uri.path();
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    let amount = fields.money("amount", true, true);
    let plan_id = fields.digits("plan_id", true, 1, 4);
    let term = fields.digits("term", true, 1, 3);
    let plan = match (&plan_id, &term) {
        (Some(plan_id), Some(term)) => offered_plan(&mut fields, plan_id, term),
        _ => None,
    };
    fields.finish(url)?;
    let (Some(amount), Some((plan, term))) = (amount, plan) else {
        return Err(FlexitiError::wrong_inputs(url, Vec::new()));
    };
    let number = book::account_number(&account_number, url)?;
    let mut book = sandbox.flexiti.book();
    if book.by_account(number).is_none() {
        return Err(FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            url,
            "not_found",
            "Customer Account not found",
        ));
    }
    let quote = plan.quote(amount, term);
    Ok(Json(json!({
        "plan_id": plan.id,
        "plan_name": plan.name,
        "term": term,
        "amount": money::dollars(amount),
        "admin_fee": money::dollars(quote.admin_fee),
        "apr": money::dollars(i64::from(plan.apr_bp)),
        "payment_value": money::dollar_string(quote.monthly_payment),
        "total_interest": money::dollars(quote.total_interest),
        "total_amount": money::dollars(amount + quote.admin_fee + quote.total_interest),
    })))
}
