//! Calls to the proxy's widget API (same origin as the iframe). Errors come back typed: the
//! proxy's catalogue error, or no answer at all.

use std::sync::OnceLock;

use serde::{Serialize, de::DeserializeOwned};
use shared::{
    AccountLookup, AccountSummary, ApiError, ApplicationApproval, CLIENT_TOKEN_SCHEME,
    CardPaymentRequest, CardPaymentResult, CheckoutView, CreditApplication, Locale, PlanQuote,
    PurchaseReceipt, PurchaseRequest, QuoteRequest, VerifyRequest, VerifyResult, paths,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response, UrlSearchParams};

use crate::{answers, json, requests};

/// The checkout session's client token, held in memory only (never in browser storage).
static CLIENT_TOKEN: OnceLock<String> = OnceLock::new();

/// Keeps the client token the loader handed over; every later call carries it.
pub fn set_client_token(token: String) {
    let _ = CLIENT_TOKEN.set(token);
}

/// A call to the widget API, not sent yet. The browser's own `fetch` sends it: a fetch library
/// would cost the shopper's download more than these few lines.
pub struct Call {
    method: &'static str,
    url: String,
    /// A JSON body, written by the browser.
    json: Option<String>,
}

impl Call {
    /// A `GET` of `path` with the query `pairs` (encoded by the browser).
    fn get(path: &str, pairs: &[(&str, &str)]) -> Call {
        let mut url = path.to_owned();
        if !pairs.is_empty()
            && let Ok(query) = UrlSearchParams::new()
        {
            for (name, value) in pairs {
                query.append(name, value);
            }
            url.push('?');
            url.push_str(&String::from(query.to_string()));
        }
        Call {
            method: "GET",
            url,
            json: None,
        }
    }

    /// A `POST` to `path`, with `json` as its body when there is one.
    fn post(path: &str, json: Option<String>) -> Call {
        Call {
            method: "POST",
            url: path.to_owned(),
            json,
        }
    }
}

/// The headers of every call: the client token in `Authorization` (a header rather than a cookie,
/// so that the widget works where third-party cookies are blocked), and the body's type.
fn headers(json: bool) -> Result<Headers, JsValue> {
    let headers = Headers::new()?;
    if let Some(token) = CLIENT_TOKEN.get() {
        headers.set("Authorization", &format!("{CLIENT_TOKEN_SCHEME} {token}"))?;
    }
    if json {
        headers.set("Content-Type", "application/json")?;
    }
    Ok(headers)
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The proxy answered with a catalogue error.
    Refused(ApiError),
    /// No usable answer: the network is down or the proxy is unreachable.
    Network,
}

/// `GET /api/v1/form-config`, for [`get`]: a `FormConfig`.
pub fn form_config(locale: Locale) -> Call {
    Call::get(paths::FORM_CONFIG, &[("locale", locale.tag())])
}

/// `GET /api/v1/terms` for `province`, for [`get`]: a `TermsDocument`.
pub fn terms(province: &str, locale: Locale) -> Call {
    Call::get(
        paths::TERMS,
        &[("province", province), ("locale", locale.tag())],
    )
}

/// `GET /api/v1/disclosures`: the merchant's disclosures, sanitized by the proxy, for [`get`]:
/// `Disclosures`.
pub fn disclosures(locale: Locale) -> Call {
    Call::get(paths::DISCLOSURES, &[("locale", locale.tag())])
}

/// `GET /api/v1/session`: the amount, methods and status of the checkout, a `CheckoutView`. The
/// first read takes the answer to the read the page started (`index.html`).
///
/// # Errors
/// See [`ApiFailure`].
pub async fn session() -> Result<JsValue, ApiFailure> {
    let (ok, body) = match prefetched_session().await {
        Some(read) => read?,
        None => json_body(send(Call::get(paths::SESSION, &[])).await?).await?,
    };
    judged(ok, body)
}

/// [`session`], read as one now (the refresh).
///
/// # Errors
/// See [`ApiFailure`].
pub async fn session_now() -> Result<CheckoutView, ApiFailure> {
    answers::checkout_view(session().await?).ok_or(ApiFailure::Network)
}

/// Sends the `GET` `call`: its answer's body, parsed by the browser, for [`decode`] or a hand
/// reader (`answers`).
///
/// # Errors
/// See [`ApiFailure`].
pub async fn get(call: Call) -> Result<JsValue, ApiFailure> {
    answer(send(call).await).await
}

/// The name under which the widget's page started the first session read: `index.html` writes
/// the same name (the browser test `the_widget_reads_its_session_once_from_the_pages_start` fails
/// when the two differ).
const PREFETCHED_SESSION: &str = "checkoutSessionRead";

/// The session read the page started before the widget's code arrived, taken once: later reads
/// (the refresh) go to the network. The page has read and parsed the answer's body too, while the
/// wasm downloaded: `{ ok, body }`. `None` when the page started none.
async fn prefetched_session() -> Option<Result<(bool, JsValue), ApiFailure>> {
    let window = JsValue::from(web_sys::window()?);
    let key = JsValue::from_str(PREFETCHED_SESSION);
    let started = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    let promise = started.dyn_into::<js_sys::Promise>().ok()?;
    let read = JsFuture::from(promise).await.and_then(|read| {
        let ok = js_sys::Reflect::get(&read, &JsValue::from_str("ok"))?;
        let body = js_sys::Reflect::get(&read, &JsValue::from_str("body"))?;
        Ok((ok.as_bool() == Some(true), body))
    });
    Some(read.map_err(|_| ApiFailure::Network))
}

/// `POST /api/v1/card/payment`: pays the session's amount by card. A decline is an answer, not a
/// failure.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn card_payment(request: &CardPaymentRequest) -> Result<CardPaymentResult, ApiFailure> {
    let body = requests::card_payment(request).ok_or(ApiFailure::Network)?;
    let answer = post_value(paths::CARD_PAYMENT, &body).await?;
    answers::card_payment_result(answer).ok_or(ApiFailure::Network)
}

/// `POST /api/v1/account/lookup`.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn account_lookup(lookup: &AccountLookup) -> Result<AccountSummary, ApiFailure> {
    post(paths::ACCOUNT_LOOKUP, lookup).await
}

/// `POST /api/v1/account/verify`.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn account_verify(request: &VerifyRequest) -> Result<VerifyResult, ApiFailure> {
    post(paths::ACCOUNT_VERIFY, request).await
}

/// `POST /api/v1/account/quote`.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn account_quote(request: &QuoteRequest) -> Result<PlanQuote, ApiFailure> {
    post(paths::ACCOUNT_QUOTE, request).await
}

/// `POST /api/v1/account/purchase`.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn account_purchase(request: &PurchaseRequest) -> Result<PurchaseReceipt, ApiFailure> {
    post(paths::ACCOUNT_PURCHASE, request).await
}

/// `POST /api/v1/applications`: Flexiti adjudicates; approved, the account is the session's.
///
/// # Errors
/// See [`ApiFailure`]; a form Flexiti or the proxy refused names its fields.
pub async fn apply(application: &CreditApplication) -> Result<ApplicationApproval, ApiFailure> {
    let body = requests::credit_application(application).ok_or(ApiFailure::Network)?;
    let answer = post_value(paths::APPLICATIONS, &body).await?;
    answers::application_approval(answer).ok_or(ApiFailure::Network)
}

/// `POST /api/v1/applications/cancel`: a Quebec applicant closes the account just opened.
///
/// # Errors
/// See [`ApiFailure`].
pub async fn cancel_application() -> Result<(), ApiFailure> {
    let response = send(Call::post(paths::APPLICATION_CANCEL, None)).await?;
    if response.ok() {
        return Ok(());
    }
    let (_, body) = json_body(response).await?;
    Err(refusal(body))
}

/// Posts `body` as JSON to `path`, with the client token: the browser writes the JSON, so the
/// widget ships no JSON printer of its own.
async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    let value = json::to_value(body).ok_or(ApiFailure::Network)?;
    decode(post_value(path, &value).await?)
}

/// Posts `value` (a plain object) as JSON to `path`: the body of the answer, parsed by the
/// browser. Not generic, so that the card form and the credit application, which write and read
/// their JSON by hand, bring no serde code with them.
async fn post_value(path: &str, value: &JsValue) -> Result<JsValue, ApiFailure> {
    let text = js_sys::JSON::stringify(value).map_err(|_| ApiFailure::Network)?;
    answer(send(Call::post(path, Some(text.into()))).await).await
}

/// Sends `call` with the browser's `fetch`.
async fn send(call: Call) -> Result<Response, ApiFailure> {
    let init = RequestInit::new();
    init.set_method(call.method);
    let headers = headers(call.json.is_some()).map_err(|_| ApiFailure::Network)?;
    init.set_headers(&headers);
    if let Some(json) = &call.json {
        init.set_body(&JsValue::from_str(json));
    }
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    JsFuture::from(window.fetch_with_str_and_init(&call.url, &init))
        .await
        .and_then(JsCast::dyn_into::<Response>)
        .map_err(|_| ApiFailure::Network)
}

/// The body of a successful answer, parsed by the browser; a refusal as the catalogue's error.
/// Not generic, so that each call's future stays small.
async fn answer(sent: Result<Response, ApiFailure>) -> Result<JsValue, ApiFailure> {
    let (ok, body) = json_body(sent?).await?;
    judged(ok, body)
}

/// A success's body, or the refusal a failure's body holds.
fn judged(ok: bool, body: JsValue) -> Result<JsValue, ApiFailure> {
    if ok { Ok(body) } else { Err(refusal(body)) }
}

/// A successful answer's `body` as a `T`; a body of another shape means the proxy was not the
/// one answering.
///
/// # Errors
/// [`ApiFailure::Network`] when `body` is not a `T`.
pub fn decode<T: DeserializeOwned>(body: JsValue) -> Result<T, ApiFailure> {
    json::from_value(body).ok_or(ApiFailure::Network)
}

/// A successful answer's `body` read by `reader` (`answers`); a body it cannot read means the
/// proxy was not the one answering.
///
/// # Errors
/// [`ApiFailure::Network`] when `reader` cannot read `body`.
pub fn read_by<T>(body: JsValue, reader: fn(JsValue) -> Option<T>) -> Result<T, ApiFailure> {
    reader(body).ok_or(ApiFailure::Network)
}

/// Whether `response` is a success, and its body parsed by the browser's JSON reader: the widget
/// ships no JSON parser of its own.
async fn json_body(response: Response) -> Result<(bool, JsValue), ApiFailure> {
    let reading = response.json().map_err(|_| ApiFailure::Network)?;
    let body = JsFuture::from(reading)
        .await
        .map_err(|_| ApiFailure::Network)?;
    Ok((response.ok(), body))
}

/// The catalogue error in an error response's `body`; a body that is not one means the proxy
/// was not the one answering.
fn refusal(body: JsValue) -> ApiFailure {
    answers::api_error(body).map_or(ApiFailure::Network, ApiFailure::Refused)
}
