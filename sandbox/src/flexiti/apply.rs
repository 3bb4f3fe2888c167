//! New credit (`api-docs/002_...`, "Endpoints: CreditApps"): `POST apply` with every parameter
//! validation of `api-docs/001_...`, the Quebec rules, and adjudication driven by test data;
//! `POST widget/init`, whose personal details `apply` must match (`not_verified`).
//!
//! Test data (README): the applicant's last name decides the outcome. `Declined`,
//! `Declined Two`, `Declined Three` → `application_declined`, `_2`, `_3`; `Pending One`,
//! `Pending Two` → `application_marked_pending_1`, `_2`; `Timeout` → `application_create_error`.
//! An applicant with the name and date of birth of an existing customer → `customer_already_exists`.
//! Anyone else is approved for the amount requested, up to a quarter of their personal income.

use axum::{
    Json,
    body::Bytes,
    extract::{OriginalUri, State},
    http::StatusCode,
};
use serde_json::{Map, Value, json};
use time::Date;

use super::{
    FlexitiError,
    book::{Account, Book, Status},
    customers::{today, years_ago},
    form_values::login_answer,
    gate::{self, Needs},
    money, offers,
    validation::{self, Fields, Violation},
};
use crate::Sandbox;

/// Housing types. Reading: the docs' example sends `Rent` and list no values; we accept these.
const HOUSING_TYPES: [&str; 4] = ["Rent", "Own", "Parents", "Other"];
const LANGUAGES: [&str; 4] = ["en-CA", "fr-CA", "en", "fr"];
const SALUTATIONS: [&str; 4] = ["mr", "ms", "mrs", "mss"];
const INPUT_TYPES: [&str; 2] = ["manual", "scan"];
const LOCATIONS: [&str; 1] = ["1001"];

/// Test data: Flexiti refuses e-mail addresses at this domain (`wrong_inputs`, `email`
/// `invalid`), as it would an address it finds undeliverable; no form can know that beforehand.
const UNDELIVERABLE: &str = "@undeliverable.example";

/// An application whose fields all passed.
struct Application {
    amount: i64,
    first_name: String,
    last_name: String,
    dob: Date,
    province: String,
    personal_income: i64,
    household_income: i64,
    housing_expenses: Option<i64>,
    fields: Map<String, Value>,
}

/// `POST apply`.
pub(super) async fn apply(
    State(sandbox): State<Sandbox>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let map = validation::object(&body);
    let application = validate(&map, url)?;
    if map.get("tos_agreement") != Some(&Value::Bool(true))
        && map.get("tos_agreement") != Some(&json!("true"))
    {
        return Err(refusal(
            url,
            "tos_agreement_required",
            "Terms and Conditions missing or not agreed",
        ));
    }
    if let Some(location) = map.get("external_location_id").and_then(Value::as_str)
        && !LOCATIONS.contains(&location)
    {
        return Err(refusal(
            url,
            "external_location_id_not_found",
            "The external location ID being passed is not registered with Flexiti",
        ));
    }
    gate::require(&sandbox, url, &[Needs::AccountType])?;
    let mut book = sandbox.flexiti.book();
    check_widget_session(&book, &map, &application, url)?;
    if !book
        .search(
            &application.first_name,
            &application.last_name,
            application.dob,
        )
        .is_empty()
    {
        return Err(refusal(
            url,
            "customer_already_exists",
            "Customer applying already has an account",
        ));
    }
    sandbox.flexiti.count_adjudication();
    adjudicate(&application, url)?;
    Ok(Json(open_account(&mut book, application)))
}

fn refusal(url: &str, error: &'static str, message: &'static str) -> FlexitiError {
    FlexitiError::endpoint(StatusCode::CONFLICT, url, error, message)
}

/// Every parameter rule of `api-docs/001_...` for `apply`.
///
/// Readings where the docs disagree: `govid_number` is alphanumeric (the docs' example is
/// `ab121212` although the rule table calls it a number); `address_1` is required and `address_2`
/// optional (the request table's "Yes" sits one row low); `govid_type`, `govid_issuedby`,
/// `govid_number` and `govid_expiry` are required (the rule table says so); a date of birth
/// under 18 years is `invalid`.
fn validate(map: &Map<String, Value>, url: &str) -> Result<Application, FlexitiError> {
    let form = login_answer(None);
    let options = |name: &str| -> Vec<String> {
        form["form_values"][name]["options"]
            .as_object()
            .map(|options| options.keys().cloned().collect())
            .unwrap_or_default()
    };
    let provinces = options("province");
    let questions = options("security_qid");
    let id_types = options("govid_type");
    let mut fields = Fields::new(map);
    let amount = fields.money("amount_requested", true, true);
    fields.digits("phone_number", true, 10, 10);
    if fields
        .email("email", true)
        .is_some_and(|email| email.ends_with(UNDELIVERABLE))
    {
        fields.fail("email", Violation::Invalid);
    }
    fields.choice("language", false, &LANGUAGES);
    fields.choice("salutation", true, &SALUTATIONS);
    let first_name = fields.text("first_name", true, 50);
    fields.text("middle_name", false, 50);
    let last_name = fields.text("last_name", true, 50);
    let dob = fields.date("dob", true);
    if dob.is_some_and(|dob| dob > years_ago(18)) {
        fields.fail("dob", Violation::Invalid);
    }
    fields.text("address_1", true, 60);
    fields.text("address_2", false, 60);
    fields.text("city", true, 50);
    let province = fields.choice("province", true, &as_strs(&provinces));
    postal_code(&mut fields);
    let id_type = fields.choice("govid_type", true, &as_strs(&id_types));
    let issuers: Vec<String> = id_type
        .as_ref()
        .and_then(|id_type| {
            form["form_values"]["govid_issued_by"]["option_depends"][id_type.as_str()].as_object()
        })
        .map(|issuers| issuers.keys().cloned().collect())
        .unwrap_or_default();
    if id_type.is_some() {
        fields.choice("govid_issuedby", true, &as_strs(&issuers));
    } else {
        fields.text("govid_issuedby", true, 10);
    }
    fields.text("govid_number", true, 20);
    if fields
        .date("govid_expiry", true)
        .is_some_and(|expiry| expiry < today())
    {
        fields.fail("govid_expiry", Violation::Invalid);
    }
    fields.choice("input_type", false, &INPUT_TYPES);
    let personal_income = fields.money("personal_income", true, false);
    let household_income = fields.money("household_income", true, false);
    let quebec = province.as_deref() == Some("QC");
    let housing_expenses = fields.money("monthly_housing_expenses", quebec, false);
    fields.choice("housing_type", true, &HOUSING_TYPES);
    occupation(&mut fields);
    fields.text("employer_name", false, 60);
    fields.digits("employer_phone", false, 10, 10);
    fields.digits("sin", false, 9, 9);
    fields.choice("security_qid", true, &as_strs(&questions));
    fields.text("security_answer", true, 50);
    fields.text("piw", true, 30);
    if !matches!(
        map.get("tos_agreement"),
        None | Some(Value::Bool(_)) | Some(Value::Null)
    ) {
        fields.flag("tos_agreement", true);
    }
    fields.finish(url)?;
    match (
        amount,
        first_name,
        last_name,
        dob,
        province,
        personal_income,
        household_income,
    ) {
        (
            Some(amount),
            Some(first_name),
            Some(last_name),
            Some(dob),
            Some(province),
            Some(personal),
            Some(household),
        ) => Ok(Application {
            amount,
            first_name,
            last_name,
            dob,
            province,
            personal_income: personal,
            household_income: household,
            housing_expenses,
            fields: map.clone(),
        }),
        _ => Err(FlexitiError::wrong_inputs(url, Vec::new())),
    }
}

fn as_strs(options: &[String]) -> Vec<&str> {
    options.iter().map(String::as_str).collect()
}

/// A Canadian postal code, `A1A1A1` or `A1A 1A1`.
fn postal_code(fields: &mut Fields<'_>) {
    let Some(code) = fields.text("postal_code", true, 7) else {
        return;
    };
    let squashed: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    let shaped = squashed.len() == 6
        && squashed.iter().enumerate().all(|(index, c)| {
            if index % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        fields.fail("postal_code", Violation::Invalid);
    }
}

/// `occupation_id`: reading, the docs' example sends `FE` and list no values; we accept two
/// capital letters. `occupation_title` is required with it.
fn occupation(fields: &mut Fields<'_>) {
    if let Some(id) = fields.text("occupation_id", true, 4)
        && (id.len() != 2 || !id.chars().all(|c| c.is_ascii_uppercase()))
    {
        fields.fail("occupation_id", Violation::Invalid);
    }
    fields.text("occupation_title", true, 50);
}

/// `not_verified`: with a `widget_session_id`, the personal details must be those sent to
/// `widget/init` under it.
fn check_widget_session(
    book: &Book,
    map: &Map<String, Value>,
    application: &Application,
    url: &str,
) -> Result<(), FlexitiError> {
    let Some(session) = map.get("widget_session_id") else {
        return Ok(());
    };
    let initial = session.as_str().and_then(|id| book.widget_sessions.get(id));
    let matches = initial.is_some_and(|initial| {
        ["first_name", "last_name", "dob", "email", "phone_number"]
            .iter()
            .all(|name| {
                initial.get(*name).is_none() || initial.get(*name) == application.fields.get(*name)
            })
    });
    if matches {
        Ok(())
    } else {
        Err(refusal(
            url,
            "not_verified",
            "The /apply payload contains different personal information than the /init payload, or an incorrect widget_session_id",
        ))
    }
}

fn adjudicate(application: &Application, url: &str) -> Result<(), FlexitiError> {
    let outcome = match application.last_name.to_ascii_lowercase().as_str() {
        "declined" => Some(("application_declined", "Customer application declined")),
        "declined two" => Some(("application_declined_2", "Customer application declined")),
        "declined three" => Some(("application_declined_3", "Customer application declined")),
        "pending one" => Some((
            "application_marked_pending_1",
            "Customer application pending",
        )),
        "pending two" => Some((
            "application_marked_pending_2",
            "Customer application pending",
        )),
        "timeout" => Some((
            "application_create_error",
            "There was an error creating the Credit Application due to a 3rd party timeout",
        )),
        _ => None,
    };
    match outcome {
        Some((error, message)) => Err(refusal(url, error, message)),
        None => Ok(()),
    }
}

/// Opens the approved account and answers as the docs show (Quebec: `offer_types` and `debt_ratio`).
fn open_account(book: &mut Book, application: Application) -> Value {
    let (customer_id, account_number, vcc_number) = book.new_ids();
    let limit = application
        .amount
        .min((application.personal_income / 4).max(50_000));
    let text = |name: &str| {
        application
            .fields
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let language = if text("language").starts_with("fr") {
        "fr-CA"
    } else {
        "en-CA"
    };
    let account = Account {
        customer_id,
        account_number,
        vcc_number,
        first_name: application.first_name.clone(),
        last_name: application.last_name.clone(),
        dob: application.dob,
        address_1: text("address_1"),
        address_2: text("address_2"),
        city: text("city"),
        province: application.province.clone(),
        postal_code: text("postal_code").replace(' ', "").to_ascii_uppercase(),
        preferred_language: language,
        phone: Some(
            application
                .fields
                .get("phone_number")
                .map(value_text)
                .unwrap_or_default(),
        ),
        email: Some(text("email")),
        answers: vec![(
            application
                .fields
                .get("security_qid")
                .map(value_text)
                .unwrap_or_default(),
            text("security_answer"),
        )],
        piw: text("piw"),
        status: Status::Normal,
        status_reason: "NNOR",
        activated: true,
        credit_limit: limit,
        available: limit,
        risk_rating: "L",
        merchant: ("382", "European Restorations"),
        created: today(),
        wrong_answers: Vec::new(),
        verification_code: None,
        purchases: Vec::new(),
        payments: Vec::new(),
    };
    book.accounts.push(account);
    let mut answer = json!({
        "vcc_number": vcc_number,
        "account_number": account_number,
        "customer_id": customer_id,
        "available_credit": money::dollars(limit),
        "credit_limit": money::dollars(limit),
        "risk_rating": "L",
    });
    if application.province == "QC" {
        answer["offer_types"] = offers::offer_types();
        answer["debt_ratio"] = money::dollars(debt_ratio(&application));
    }
    answer
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Reading: the debt ratio is monthly housing expenses over monthly household income, as a
/// percentage with two decimals (returned here in hundredths, for `money::dollars`).
fn debt_ratio(application: &Application) -> i64 {
    let monthly_income = application
        .household_income
        .max(application.personal_income)
        / 12;
    match (application.housing_expenses, monthly_income) {
        (Some(expenses), income) if income > 0 => expenses * 10_000 / income,
        _ => 0,
    }
}

/// `POST widget/init`: remembers the shopper's personal details under a new `widget_session_id`.
///
/// Reading: the docs list only this endpoint's errors; we take any of `first_name`, `last_name`,
/// `dob`, `email`, `phone_number` and answer `{ "widget_session_id" }`.
pub(super) async fn widget_init(
    State(sandbox): State<Sandbox>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let map = validation::object(&body);
    let mut fields = Fields::new(&map);
    fields.text("first_name", false, 50);
    fields.text("last_name", false, 50);
    fields.date("dob", false);
    fields.email("email", false);
    fields.digits("phone_number", false, 10, 10);
    fields.finish(uri.path())?;
    let mut book = sandbox.flexiti.book();
    let id = format!(
        "ws-{:016x}",
        crate::flexiti::splitmix(book.widget_sessions.len() as u64 + 7)
    );
    book.widget_sessions.insert(id.clone(), Value::Object(map));
    Ok(Json(json!({ "widget_session_id": id })))
}
