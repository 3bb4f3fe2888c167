//! Paying with an existing Flexiti account: find it, verify the shopper, price the plans, buy.
//! The account's ids and the verification code stay in the session, server-side; the amount is
//! always the session's.

use axum::{Json, extract::State};
use secrecy::SecretString;
use shared::{
    AccountLookup, AccountSummary, ApiError, ErrorCode, PaymentMethod, PaymentOutcome, PlanQuote,
    PurchaseReceipt, PurchaseRequest, QuoteRequest, VerificationMethod, VerifyRequest,
    VerifyResult, paths,
};
use time::OffsetDateTime;

use super::{answered_meanwhile, keep, offered};
use crate::{
    AppState,
    checkout::{CheckoutSession, CodeKey, HeldAccount, SealedCode},
    envelope::{Throttled, counted},
    error::AppError,
    routes::ApiJson,
    upstream::flexiti::{AccountQuery, Purchase, Verification, Verified},
};

/// The account found (or opened) earlier in this session, if it may pay here.
fn held(session: &CheckoutSession) -> Result<HeldAccount, AppError> {
    let account = session.flexiti_account.clone().ok_or_else(|| {
        AppError::new(ErrorCode::VerificationRequired, session.locale)
            .caused_by("no account found in this session yet")
    })?;
    if !session.may_pay_by(PaymentMethod::FlexitiAccount) {
        return Err(AppError::new(ErrorCode::MethodNotOffered, session.locale));
    }
    Ok(account)
}

/// Refuses to change the session's account while a payment is in flight
/// ([`CheckoutSession::may_change_account`]).
pub(super) fn account_may_change(session: &CheckoutSession) -> Result<(), AppError> {
    session
        .may_change_account()
        .map_err(|code| AppError::new(code, session.locale).caused_by("a payment is in flight"))
}

/// Changes the session's account only if it is still `account`: a lookup that finished
/// meanwhile replaced it, and a verification of one account must not land on another.
fn same_account<'a>(
    current: &'a mut CheckoutSession,
    account: &HeldAccount,
) -> Result<&'a mut HeldAccount, AppError> {
    let locale = current.locale;
    current
        .flexiti_account
        .as_mut()
        .filter(|held| held.customer_id == account.customer_id)
        .ok_or_else(|| {
            AppError::new(ErrorCode::VerificationRequired, locale)
                .caused_by("the account changed during the call")
        })
}

/// `POST /api/v1/account/lookup`.
#[utoipa::path(post, path = paths::ACCOUNT_LOOKUP, tag = "widget", request_body = AccountLookup,
    security(("client_token" = [])),
    responses(
        (status = 200, description = "The account: its questions and plans (its credit only once verified)", body = AccountSummary),
        (status = 404, description = "No account matches", body = ApiError),
        (status = 409, description = "Not activated, not in good standing, or not accepted here; or a payment is in flight (`payment_in_progress`)", body = ApiError),
        (status = 429, description = "Too many tries in a short time: wait for `Retry-After`", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
        (status = 400, description = "The body is not the expected JSON", body = ApiError),
    ))]
pub(super) async fn lookup(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::AccountLookup>,
    ApiJson(lookup): ApiJson<AccountLookup>,
) -> Result<Json<AccountSummary>, AppError> {
    let session = session.open()?;
    offered(&session, PaymentMethod::FlexitiAccount)?;
    account_may_change(&session)?;
    let query = match lookup {
        AccountLookup::Card { vcc_number } => {
            AccountQuery::Card(SecretString::from(vcc_number.expose().to_owned()))
        }
        AccountLookup::Person {
            first_name,
            last_name,
            dob,
            postal_code,
        } => AccountQuery::Person {
            first_name,
            last_name,
            dob,
            postal_code,
        },
    };
    let found = state
        .flexiti
        .lookup(&query, session.locale)
        .await
        .map_err(AppError::upstream(session.locale))?;
    let account = HeldAccount {
        customer_id: found.customer_id,
        account_number: found.account_number,
        sealed_code: None,
        verification_started: false,
        available_credit_cents: Some(found.available_credit_cents),
        cancellable: false,
        opened_here: false,
        receipt: None,
        approval: None,
        applicant: None,
    };
    keep(&state, &session, |current| {
        account_may_change(current)?;
        current.flexiti_account = Some(account);
        Ok(())
    })
    .await?;
    Ok(Json(found.summary))
}

/// `POST /api/v1/account/verify`.
#[utoipa::path(post, path = paths::ACCOUNT_VERIFY, tag = "widget", request_body = VerifyRequest,
    security(("client_token" = [])),
    responses(
        (status = 200, description = "Verified (with the account's available credit), or a code was sent", body = VerifyResult),
        (status = 409, description = "Wrong answer or PIW, no phone on file, or no account found yet", body = ApiError),
        (status = 429, description = "Too many wrong answers (`too_many_tries`), or too many tries in a short time (`too_many_requests`: wait for `Retry-After`)", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
        (status = 400, description = "The body is not the expected JSON", body = ApiError),
    ))]
pub(super) async fn verify(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::AccountVerify>,
    key: CodeKey,
    ApiJson(request): ApiJson<VerifyRequest>,
) -> Result<Json<VerifyResult>, AppError> {
    let session = session.open()?;
    let locale = session.locale;
    let account = held(&session)?;
    let verification = match request.method {
        VerificationMethod::SecurityQuestion => {
            let (Some(question_id), Some(answer)) = (request.question_id, request.answer) else {
                return Err(AppError::new(ErrorCode::InvalidRequest, locale).param("answer"));
            };
            Verification::SecurityQuestion {
                question_id,
                answer: SecretString::from(answer.expose().to_owned()),
            }
        }
        VerificationMethod::Sms => Verification::Sms,
        VerificationMethod::Email => Verification::Email,
    };
    let piw = request
        .piw
        .map(|piw| SecretString::from(piw.expose().to_owned()));
    let verified = state
        .flexiti
        .verify(account.customer_id, &verification, piw.as_ref())
        .await
        .map_err(AppError::upstream(locale))?;
    let (code, result) = match verified {
        Verified::Code(code) => (
            Some(seal(&key, &code, locale)?),
            VerifyResult::Verified {
                available_credit_cents: account.available_credit_cents,
            },
        ),
        Verified::CodeSent(method) => (None, VerifyResult::CodeSent { method }),
    };
    keep(&state, &session, |current| {
        let held = same_account(current, &account)?;
        held.sealed_code = code;
        held.verification_started = true;
        Ok(())
    })
    .await?;
    Ok(Json(result))
}

/// `POST /api/v1/account/quote`: the session's amount on a plan and term.
#[utoipa::path(post, path = paths::ACCOUNT_QUOTE, tag = "widget", request_body = QuoteRequest,
    security(("client_token" = [])),
    responses(
        (status = 200, description = "Monthly payment, fees, rate", body = PlanQuote),
        (status = 400, description = "A plan or term not offered", body = ApiError),
        (status = 409, description = "No verified account in this session, or the plan is not available to it", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 429, description = "Too many reads in a short time (`too_many_requests`): wait for `Retry-After`", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
    ))]
pub(super) async fn quote(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Read>,
    ApiJson(request): ApiJson<QuoteRequest>,
) -> Result<Json<PlanQuote>, AppError> {
    let session = session.open()?;
    let account = held(&session)?;
    let quote = state
        .flexiti
        .quote(
            account.account_number,
            session.amount_cents,
            &request.plan_id,
            request.term,
        )
        .await
        .map_err(AppError::upstream(session.locale))?;
    Ok(Json(quote))
}

/// `POST /api/v1/account/purchase`: pays the session's amount, once.
#[utoipa::path(post, path = paths::ACCOUNT_PURCHASE, tag = "widget", request_body = PurchaseRequest,
    security(("client_token" = [])),
    responses(
        (status = 200, description = "Paid: the receipt", body = PurchaseReceipt),
        (status = 409, description = "The amount changed, a wrong code, not enough credit...", body = ApiError),
        (status = 410, description = "The session expired", body = ApiError),
        (status = 429, description = "Too many tries in a short time: wait for `Retry-After`", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "The payment service cannot be reached", body = ApiError),
        (status = 400, description = "The body is not the expected JSON", body = ApiError),
    ))]
pub(super) async fn purchase(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Pay>,
    key: CodeKey,
    ApiJson(request): ApiJson<PurchaseRequest>,
) -> Result<Json<PurchaseReceipt>, AppError> {
    if let Some(receipt) = paid_by_account(&session.0) {
        // A replay (a retry after a lost answer, a second tab): the same receipt, no purchase.
        return Ok(Json(receipt));
    }
    let session = session.open()?;
    let locale = session.locale;
    let account = held(&session)?;
    let code = verification_code(&account, &request, &session, &key)?;
    let mut reference = String::new();
    let begun = keep(&state, &session, |current| {
        same_account(current, &account)?;
        reference = current
            .begin_payment(
                PaymentMethod::FlexitiAccount,
                request.revision,
                OffsetDateTime::now_utc(),
            )
            .map_err(|code| AppError::new(code, locale))?;
        Ok(())
    })
    .await;
    let session = match begun {
        Ok(session) => session,
        Err(refused) if refused.code() == ErrorCode::SessionClosed => {
            // Paid meanwhile (a second click raced the first): that purchase's receipt.
            return answered_meanwhile(&state, &session, refused, paid_by_account).await;
        }
        Err(refused) => return Err(refused),
    };
    let posted = state
        .flexiti
        .purchase(&Purchase {
            account_number: account.account_number,
            amount_cents: session.amount_cents,
            plan_id: &request.plan_id,
            term: request.term,
            verification_code: &code,
        })
        .await;
    let receipt = match posted {
        Ok(receipt) => receipt,
        Err(error) if error.outcome_unknown() => {
            // Left in flight: posting again could charge twice. It is settled by looking the
            // account's purchases up (crate::reconciliation), never by posting again.
            state
                .metrics
                .payment_failed("flexiti", ErrorCode::PaymentInProgress);
            state
                .sessions
                .mark_unknown(&reference)
                .await
                .map_err(AppError::internal(locale))?;
            return Err(AppError::new(ErrorCode::PaymentInProgress, locale).caused_by(error));
        }
        Err(error) => {
            state
                .sessions
                .settle_payment(session.id, &reference, None)
                .await
                .map_err(AppError::internal(locale))?;
            let refusal = AppError::upstream(locale)(error);
            state.metrics.payment_failed("flexiti", refusal.code());
            return Err(refusal);
        }
    };
    state.metrics.flexiti_purchase();
    state
        .sessions
        .settle_purchase(session.id, &reference, &receipt)
        .await
        .map_err(AppError::internal(locale))?;
    Ok(Json(receipt))
}

/// The receipt of the purchase that paid `session` with its account, if one did and Flexiti's
/// answer to it came (see [`HeldAccount::receipt`]).
fn paid_by_account(session: &CheckoutSession) -> Option<PurchaseReceipt> {
    match session.outcome {
        Some(PaymentOutcome::FlexitiAccount { .. }) => {
            session.flexiti_account.as_ref()?.receipt.clone()
        }
        _ => None,
    }
}

/// The code the purchase carries: the one the shopper typed after a code was sent, else the one
/// a verification gave.
fn verification_code(
    account: &HeldAccount,
    request: &PurchaseRequest,
    session: &CheckoutSession,
    key: &CodeKey,
) -> Result<SecretString, AppError> {
    let kept = account
        .sealed_code
        .as_ref()
        .and_then(|sealed| key.open(sealed));
    match (kept, &request.verification_code) {
        (_, Some(typed)) if account.verification_started => {
            Ok(SecretString::from(typed.expose().to_owned()))
        }
        (Some(kept), None) => Ok(kept),
        _ => Err(AppError::new(
            ErrorCode::VerificationRequired,
            session.locale,
        )),
    }
}

/// `code` sealed for the session row (see [`CodeKey`]).
pub(super) fn seal(
    key: &CodeKey,
    code: &SecretString,
    locale: shared::Locale,
) -> Result<SealedCode, AppError> {
    key.seal(secrecy::ExposeSecret::expose_secret(code))
        .map_err(AppError::internal(locale))
}
