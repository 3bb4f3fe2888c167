//! Credit authorizations (`api-docs/001_...`, "Transaction Endpoint Errors"): hold open-to-buy,
//! then capture it (a posted purchase), release it, or return a capture; list authorizations and
//! captures by date.
//!
//! Readings: the docs give only these endpoints' errors. Bodies: `authorization` takes `amount`,
//! `plan_id` and `term`, one of `vcc_number` / `account_number` / `customer_id` (a VCC and an
//! account number that disagree are `vcc_account_mismatch`), and needs the customer verified first
//! (`customer_identity_not_found` otherwise); `capture`, `release` and `return` take `amount`
//! (or `full_release` / `full_return`). Answers use snake_case like the rest of the API. Ids are
//! numbers; an unknown authorization is `400 not_found` when read and `404` otherwise, as the
//! tables say.

use axum::{
    Json,
    body::Bytes,
    extract::{OriginalUri, Path, Query, State},
    http::StatusCode,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::Date;

use super::{
    FlexitiError,
    book::{Authorization, Book, Capture, Status},
    customers::today,
    gate::{self, Needs},
    money, offers,
    validation::{self, DATE, Fields},
};
use crate::Sandbox;

fn refused(url: &str, error: &'static str, message: &'static str) -> FlexitiError {
    FlexitiError::endpoint(StatusCode::CONFLICT, url, error, message)
}

fn not_found(url: &str, status: StatusCode) -> FlexitiError {
    FlexitiError::endpoint(status, url, "not_found", "Authorization ID not found")
}

/// `POST authorization`: holds `amount` on the account.
pub(super) async fn create(
    State(sandbox): State<Sandbox>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    let amount = fields.money("amount", true, true).unwrap_or_default();
    // `plan_id` 0 is a regular purchase (no plan, no term), as `transactions` answers it.
    let regular = map
        .get("plan_id")
        .is_some_and(|plan| *plan == json!(REGULAR_PURCHASE) || *plan == json!(0));
    let plan_id = if regular {
        REGULAR_PURCHASE.to_owned()
    } else {
        fields.digits("plan_id", true, 1, 4).unwrap_or_default()
    };
    let term = fields.digits("term", !regular, 1, 3).unwrap_or_default();
    let vcc = fields
        .digits("vcc_number", false, 16, 16)
        .and_then(|vcc| vcc.parse::<u64>().ok());
    let account_number = fields
        .digits("account_number", false, 1, 12)
        .and_then(|number| number.parse::<u64>().ok());
    let customer_id = fields
        .digits("customer_id", false, 1, 12)
        .and_then(|id| id.parse::<u64>().ok());
    fields.finish(url)?;
    gate::require(
        &sandbox,
        url,
        &[
            Needs::PreAuthorization,
            Needs::Financing,
            Needs::AccountType,
            Needs::Permission(
                "API credentials do not have sufficient permissions to perform an authorization",
            ),
        ],
    )?;
    let mut book = sandbox.flexiti.book();
    let book = &mut *book;
    let account = match (vcc, account_number, customer_id) {
        (Some(vcc), number, _) => {
            let account = book.by_vcc(vcc).ok_or_else(|| FlexitiError::endpoint(StatusCode::NOT_FOUND, url, "not_found", "Customer Account or VCC not found"))?;
            if number.is_some_and(|number| number != account.account_number) {
                return Err(refused(url, "vcc_account_mismatch", "The vcc number being passed in the request does not belong to the account number."));
            }
            Some(account)
        }
        (None, Some(number), _) => book.by_account(number),
        (None, None, Some(id)) => book.by_customer(id),
        (None, None, None) => None,
    }
    .ok_or_else(|| FlexitiError::endpoint(StatusCode::NOT_FOUND, url, "not_found", "Customer Account or VCC not found"))?;
    if account.verification_code.is_none() {
        return Err(FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            url,
            "customer_identity_not_found",
            "The customer didn’t pass through the widget or was not authenticated properly",
        ));
    }
    if account.status != Status::Normal || !account.activated {
        return Err(refused(
            url,
            "user_not_able_to_purchase",
            super::customers::NOT_ABLE,
        ));
    }
    let fees = if regular {
        0
    } else {
        let plan = offers::find(&plan_id).filter(|plan| {
            term.parse()
                .is_ok_and(|term: u32| plan.terms.contains(&term))
        });
        let Some(plan) = plan else {
            return Err(refused(
                url,
                "plan_term_not_available",
                "Plan and Term not available for this customer.",
            ));
        };
        plan.quote(amount, term.parse().unwrap_or(1)).admin_fee
    };
    if amount + fees > account.available {
        return Err(refused(
            url,
            "credit_exceeded",
            "Amount requested plus interest is greater than the available credit of the customer account.",
        ));
    }
    account.available -= amount;
    account.verification_code = None;
    let account_number = account.account_number;
    let id = 900_000 + book.authorizations.len() as u64 + 1;
    let authorization = Authorization {
        id,
        account_number,
        amount,
        remaining: amount,
        plan_id,
        term,
        created: today(),
        captures: Vec::new(),
    };
    let answer = describe(&authorization, "open");
    book.authorizations.push(authorization);
    Ok(Json(answer))
}

/// The `plan_id` of a regular purchase (no plan, no term), as `transactions` answers it.
const REGULAR_PURCHASE: &str = "0";

/// An authorization's status: `unauthorized` once its account can no longer purchase (closed or
/// frozen since the hold), `closed` once nothing is held, `open` otherwise.
fn status(book: &Book, authorization: &Authorization) -> &'static str {
    let account_can_purchase = book.accounts.iter().any(|account| {
        account.account_number == authorization.account_number && account.status == Status::Normal
    });
    if !account_can_purchase {
        "unauthorized"
    } else if authorization.remaining > 0 {
        "open"
    } else {
        "closed"
    }
}

fn describe(authorization: &Authorization, status: &str) -> Value {
    let captures: Vec<Value> = authorization
        .captures
        .iter()
        .map(|capture| describe_capture(authorization, capture))
        .collect();
    json!({
        "authorization_id": authorization.id,
        "account_number": authorization.account_number,
        "amount": money::dollars(authorization.amount),
        "remaining_amount": money::dollars(authorization.remaining),
        "status": status,
        "plan_id": authorization.plan_id,
        "term": authorization.term,
        "creation_date": authorization.created.format(DATE).unwrap_or_default(),
        "captures": captures,
    })
}

fn describe_capture(authorization: &Authorization, capture: &Capture) -> Value {
    json!({
        "capture_id": capture.id,
        "authorization_id": authorization.id,
        "amount": money::dollars(capture.amount),
        "returned_amount": money::dollars(capture.returned),
        "creation_date": capture.created.format(DATE).unwrap_or_default(),
    })
}

fn find(book: &mut Book, id: &str) -> Option<usize> {
    let id: u64 = id.parse().ok()?;
    book.authorizations
        .iter()
        .position(|authorization| authorization.id == id)
}

/// `GET authorization/{id}`.
pub(super) async fn show(
    State(sandbox): State<Sandbox>,
    Path((_, id)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let mut book = sandbox.flexiti.book();
    let index =
        find(&mut book, &id).ok_or_else(|| not_found(uri.path(), StatusCode::BAD_REQUEST))?;
    let authorization = &book.authorizations[index];
    Ok(Json(describe(authorization, status(&book, authorization))))
}

/// The amount a capture, release or return asks for: `amount`, or everything with the `full`
/// flag.
fn requested_amount(
    map: &Map<String, Value>,
    full_flag: &str,
    url: &str,
    everything: i64,
) -> Result<i64, FlexitiError> {
    let mut fields = Fields::new(map);
    let full = fields.flag(full_flag, false).unwrap_or(false);
    let amount = fields.money("amount", !full, true);
    fields.finish(url)?;
    Ok(if full {
        everything
    } else {
        amount.unwrap_or_default()
    })
}

/// What a capture or release takes from an authorization: `amount`, or everything still held
/// with the `full_flag`.
///
/// # Errors
/// `authorization_unauthorized` when its account can no longer purchase, `authorization_ended`
/// when nothing is held any more, `auth_amount_exceeded` (with `exceeded`) above what is held.
fn take_held(
    book: &mut Book,
    index: usize,
    body: &Bytes,
    full_flag: &str,
    url: &str,
    exceeded: &'static str,
) -> Result<i64, FlexitiError> {
    let remaining = book.authorizations[index].remaining;
    let amount = requested_amount(&validation::object(body), full_flag, url, remaining)?;
    match status(book, &book.authorizations[index]) {
        "unauthorized" => {
            return Err(refused(
                url,
                "authorization_unauthorized",
                "Credit authorization has “unauthorized” status",
            ));
        }
        "closed" => {
            return Err(refused(
                url,
                "authorization_ended",
                "Credit authorization has “closed” status",
            ));
        }
        _ => {}
    }
    if amount > remaining {
        return Err(refused(url, "auth_amount_exceeded", exceeded));
    }
    book.authorizations[index].remaining -= amount;
    Ok(amount)
}

/// What a capture or a release does with what an authorization holds.
#[derive(Clone, Copy)]
enum HeldAction {
    Capture,
    Release,
}

impl HeldAction {
    /// (the permission's scenario, the "all of it" flag, the refusal above what is held)
    fn wording(self) -> (&'static str, &'static str, &'static str) {
        match self {
            HeldAction::Capture => (
                "The employee doesn’t have enough permissions to perform the capture",
                "full_capture",
                "Capture amount is greater than the remaining credit authorization amount.",
            ),
            HeldAction::Release => (
                "The employee doesn’t have enough permissions to perform the release",
                "full_release",
                "Release amount is greater than the remaining credit authorization amount.",
            ),
        }
    }
}

/// The permission check, the lookup and [`take_held`] a capture and a release share: the
/// authorization's index and the amount taken from it.
fn held_part(
    sandbox: &Sandbox,
    book: &mut Book,
    id: &str,
    body: &Bytes,
    url: &str,
    action: HeldAction,
) -> Result<(usize, i64), FlexitiError> {
    let (permission, full_flag, exceeded) = action.wording();
    gate::require(sandbox, url, &[Needs::Permission(permission)])?;
    let index = find(book, id).ok_or_else(|| not_found(url, StatusCode::NOT_FOUND))?;
    let amount = take_held(book, index, body, full_flag, url, exceeded)?;
    Ok((index, amount))
}

/// `POST authorization/{id}/capture`: posts part or all of what is held.
pub(super) async fn capture(
    State(sandbox): State<Sandbox>,
    Path((_, id)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let mut book = sandbox.flexiti.book();
    let book = &mut *book;
    let (index, amount) = held_part(&sandbox, book, &id, &body, url, HeldAction::Capture)?;
    let capture = Capture {
        id: book.new_transaction_id(),
        amount,
        returned: 0,
        created: today(),
    };
    let authorization = &mut book.authorizations[index];
    authorization.captures.push(capture.clone());
    Ok(Json(describe_capture(authorization, &capture)))
}

/// `POST authorization/{id}/release`: gives part or all of what is held back to the account.
pub(super) async fn release(
    State(sandbox): State<Sandbox>,
    Path((_, id)): Path<(String, String)>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let mut book = sandbox.flexiti.book();
    let book = &mut *book;
    let (index, amount) = held_part(&sandbox, book, &id, &body, url, HeldAction::Release)?;
    let account_number = book.authorizations[index].account_number;
    if let Some(account) = book.by_account(account_number) {
        account.restore(amount);
    }
    let authorization = &book.authorizations[index];
    Ok(Json(describe(authorization, status(book, authorization))))
}

/// `POST authorization/{id}/capture/{capture_id}/return`: refunds part or all of a capture, for
/// 100 days after it.
pub(super) async fn return_capture(
    State(sandbox): State<Sandbox>,
    Path((_, id, capture_id)): Path<(String, String, String)>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let mut book = sandbox.flexiti.book();
    let book = &mut *book;
    let missing = || {
        FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            url,
            "not_found",
            "Authorization ID or Capture ID not found",
        )
    };
    gate::require(
        &sandbox,
        url,
        &[Needs::Permission(
            "The employee doesn’t have enough permissions to perform the return",
        )],
    )?;
    let index = find(book, &id).ok_or_else(missing)?;
    let capture_id: u64 = capture_id.parse().unwrap_or_default();
    let authorization = &mut book.authorizations[index];
    let capture = authorization
        .captures
        .iter_mut()
        .find(|capture| capture.id == capture_id)
        .ok_or_else(missing)?;
    if authorization.plan_id == REGULAR_PURCHASE {
        return Err(refused(
            url,
            "wrong_transaction_type",
            "The capture is not related to a promotional purchase",
        ));
    }
    let left = capture.amount - capture.returned;
    let amount = requested_amount(&validation::object(&body), "full_return", url, left)?;
    if today() - capture.created > time::Duration::days(100) {
        return Err(refused(
            url,
            "return_date_exceeded",
            "Capture creation date is more than 100 days old.",
        ));
    }
    if amount > left || left == 0 {
        return Err(refused(
            url,
            "capture_amount_exceeded",
            "Return amount is greater than the remaining captured amount.",
        ));
    }
    capture.returned += amount;
    let capture = capture.clone();
    let answer = describe_capture(authorization, &capture);
    let account_number = authorization.account_number;
    if let Some(account) = book.by_account(account_number) {
        account.restore(amount);
    }
    Ok(Json(answer))
}

#[derive(Debug, Deserialize)]
pub(super) struct DateRange {
    date_from: Option<String>,
    date_to: Option<String>,
}

/// Reads `date_from` / `date_to` (`YYYY-MM-DD`, both optional).
fn range(query: &DateRange, url: &str) -> Result<(Option<Date>, Option<Date>), FlexitiError> {
    let map =
        validation::query_object(&[("date_from", &query.date_from), ("date_to", &query.date_to)]);
    let mut fields = Fields::new(&map);
    let from = fields.date("date_from", false);
    let to = fields.date("date_to", false);
    fields.finish(url)?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(refused(
            url,
            "date_from_bigger_than_date_to",
            "The From date is later than the To date",
        ));
    }
    Ok((from, to))
}

fn within(date: Date, (from, to): (Option<Date>, Option<Date>)) -> bool {
    from.is_none_or(|from| date >= from) && to.is_none_or(|to| date <= to)
}

/// `GET authorizations?date_from=&date_to=`.
pub(super) async fn list(
    State(sandbox): State<Sandbox>,
    Query(query): Query<DateRange>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let range = range(&query, uri.path())?;
    let book = sandbox.flexiti.book();
    let found: Vec<Value> = book
        .authorizations
        .iter()
        .filter(|auth| within(auth.created, range))
        .map(|auth| describe(auth, status(&book, auth)))
        .collect();
    Ok(Json(json!({ "authorizations": found })))
}

/// `GET captures?date_from=&date_to=`.
pub(super) async fn captures(
    State(sandbox): State<Sandbox>,
    Query(query): Query<DateRange>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let range = range(&query, uri.path())?;
    let book = sandbox.flexiti.book();
    let found: Vec<Value> = book
        .authorizations
        .iter()
        .flat_map(|auth| {
            auth.captures
                .iter()
                .filter(|capture| within(capture.created, range))
                .map(move |capture| describe_capture(auth, capture))
        })
        .collect();
    Ok(Json(json!({ "captures": found })))
}
