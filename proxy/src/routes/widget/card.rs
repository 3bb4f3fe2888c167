//! `POST /api/v1/card/payment`: pays the session's amount by card, through FlexPay.
//!
//! Each attempt gets its `merchantTransactionId` (the session id and the attempt's number) and is
//! recorded as in flight before FlexPay is called. While an attempt is in flight no other starts,
//! so a double click or a retry after a lost answer cannot charge twice; an attempt whose answer
//! was lost is settled by looking it up by that id, never by charging again.

use axum::{Json, extract::State};
use secrecy::SecretString;
use shared::{
    ApiError, CardOutcome, CardPaymentRequest, CardPaymentResult, CardProblem, ErrorCode,
    GatewayStatus, PaymentMethod, PaymentOutcome, card_digits, check_billing, check_cvc,
    check_expiry, check_number, paths,
};
use time::OffsetDateTime;

use super::{answered_meanwhile, keep, offered};
use crate::{
    AppState,
    checkout::CheckoutSession,
    envelope::{Throttled, counted},
    error::AppError,
    reconciliation::{card_outcome, find_card_attempt},
    upstream::flexpay::{
        Attempt, CardDetails, CardTransaction, Cardholder, FlexPayError, MerchantTransactionId,
        PaymentRequest, PaymentSource,
    },
};

/// `POST /api/v1/card/payment`.
#[utoipa::path(post, path = paths::CARD_PAYMENT, tag = "widget", request_body = CardPaymentRequest,
    security(("client_token" = [])),
    responses(
        (status = 200, description = "Approved, or declined with what to do next", body = CardPaymentResult),
        (status = 400, description = "The card details are not usable", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 409, description = "The amount changed, card not offered, or a payment is being confirmed", body = ApiError),
        (status = 429, description = "Too many attempts in this checkout (`too_many_attempts`), or in a short time (`too_many_requests`: wait for `Retry-After`)", body = ApiError),
        (status = 503, description = "FlexPay cannot be reached: nothing was charged", body = ApiError),
        (status = 410, description = "The checkout session has expired", body = ApiError),
        (status = 502, description = "The payment service answered wrongly, or refused the store's set-up", body = ApiError),
    ))]
pub(super) async fn pay(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Pay>,
    crate::routes::ApiJson(request): crate::routes::ApiJson<CardPaymentRequest>,
) -> Result<Json<CardPaymentResult>, AppError> {
    if let Some(paid) = paid_by_card(&session.0) {
        // A replay (a retry after a lost answer, a second tab): the same answer, no charge.
        return Ok(Json(paid));
    }
    let session = session.open()?;
    offered(&session, PaymentMethod::Card)?;
    let source = card_source(&request, &session)?;
    if let Some(paid) = settle_in_flight(&state, &session).await? {
        return Ok(Json(paid));
    }
    let (session, reference) = match begin_attempt(&state, &session, request.revision).await {
        Ok(begun) => begun,
        Err(refused) if refused.code() == ErrorCode::SessionClosed => {
            // Paid meanwhile (a second click raced the first): that payment's answer.
            return answered_meanwhile(&state, &session, refused, paid_by_card).await;
        }
        Err(refused) => return Err(refused),
    };
    let payment = PaymentRequest {
        merchant_transaction_id: MerchantTransactionId::new(reference.clone()),
        order_id: session.order_id.clone(),
        amount_cents: session.amount_cents,
        currency: session.currency,
        source,
        // The merchant's id of the customer: the shopper of this checkout session.
        customer_id: Some(session.public_id()),
        customer_ip: None,
        description: Some(session.public_id()),
        attempt: Attempt::First,
    };
    let charged = match state.flexpay.charge(&payment).await {
        Ok(transaction) => transaction,
        Err(error) if error.outcome_unknown() => {
            tracing::warn!(%error, "card payment answer lost; looking the attempt up");
            match find_card_attempt(&state, &reference).await {
                Ok(Some(transaction)) => transaction,
                _ => {
                    state
                        .metrics
                        .payment_failed("card", ErrorCode::PaymentInProgress);
                    state
                        .sessions
                        .mark_unknown(&reference)
                        .await
                        .map_err(AppError::internal(session.locale))?;
                    return Err(unsettled(&session, error));
                }
            }
        }
        Err(error) => {
            finish(&state, &session, &reference, None).await?;
            let refusal = refused(&session, error);
            state.metrics.payment_failed("card", refusal.code());
            return Err(refusal);
        }
    };
    finish(&state, &session, &reference, Some(&charged)).await?;
    state.metrics.card_payment(charged.outcome.class);
    Ok(Json(result(&charged, &session)))
}

/// The card as FlexPay takes it, after the checks that need no network.
fn card_source(
    request: &CardPaymentRequest,
    session: &CheckoutSession,
) -> Result<PaymentSource, AppError> {
    let invalid =
        |param: &'static str| AppError::new(ErrorCode::InvalidRequest, session.locale).param(param);
    // The same checks the widget makes as the shopper types (`shared::card`).
    let problem = |problem: CardProblem| invalid(problem.field());
    let brand = check_number(request.number.expose()).map_err(problem)?;
    let number = card_digits(request.number.expose());
    let cvc = request.cvc.expose().trim();
    check_cvc(cvc, brand).map_err(problem)?;
    let now = OffsetDateTime::now_utc();
    let today = (
        u16::try_from(now.year()).unwrap_or(u16::MAX),
        u8::from(now.month()),
    );
    check_expiry(request.expiry_month, request.expiry_year, today).map_err(problem)?;
    let name = request.holder_name.trim();
    let (first, last) = name.rsplit_once(' ').unwrap_or((name, name));
    if name.is_empty() {
        return Err(invalid("holder_name"));
    }
    let province = check_billing(&request.city, &request.postal_code).map_err(problem)?;
    let city = request.city.trim();
    let card = CardDetails {
        number: SecretString::from(number),
        expiry_month: request.expiry_month,
        expiry_year: request.expiry_year,
        cvv: Some(SecretString::from(cvc.to_owned())),
    };
    let holder = Cardholder {
        first_name: at_most(first.trim(), NAME_CHARACTERS),
        last_name: at_most(last.trim(), NAME_CHARACTERS),
        postal_code: request.postal_code.trim().to_owned(),
        city: at_most(city, CITY_CHARACTERS),
        province: province.to_owned(),
        country: "CAN".into(),
        ..Cardholder::default()
    };
    Ok(PaymentSource::card(card, holder, false))
}

/// FlexPay's `firstName` and `lastName` are `String (50)`, its `city` `String (100)`: a longer
/// one is refused whole (`5009x`), with no field the shopper could mend. The first characters
/// are what the card's issuer compares, if anything: the rest is left out.
const NAME_CHARACTERS: usize = 50;
const CITY_CHARACTERS: usize = 100;

/// The first `most` characters of `text`, without a space left at the cut.
fn at_most(text: &str, most: usize) -> String {
    let cut: String = text.chars().take(most).collect();
    cut.trim_end().to_owned()
}

/// A card attempt left in flight by a lost answer is looked up before anything new is charged:
/// found, it settles the session; listed nowhere long after it was sent (every transaction read
/// saying which request made it), it was never processed; otherwise (a Flexiti purchase in
/// flight, a lookup that failed or could not tell) nothing new may start.
async fn settle_in_flight(
    state: &AppState,
    session: &CheckoutSession,
) -> Result<Option<CardPaymentResult>, AppError> {
    let Some(in_flight) = session.payment_in_flight.clone() else {
        return Ok(None);
    };
    let busy = || {
        AppError::new(ErrorCode::PaymentInProgress, session.locale)
            .caused_by("an earlier attempt is still unsettled")
    };
    if in_flight.method != PaymentMethod::Card {
        return Err(busy());
    }
    match find_card_attempt(state, &in_flight.reference).await {
        Ok(Some(transaction)) => {
            let settled = finish(state, session, &in_flight.reference, Some(&transaction)).await?;
            if transaction.is_approved() {
                // Already paid: the shopper sees that payment's answer, not a second charge.
                return paid_by_card(&settled)
                    .map(Some)
                    .ok_or_else(|| AppError::new(ErrorCode::SessionClosed, settled.locale));
            }
            Ok(None)
        }
        Ok(None)
            if state
                .reconcile
                .never_processed(in_flight.sent_at, OffsetDateTime::now_utc()) =>
        {
            tracing::info!(attempt = %in_flight.reference, "unlisted long after it was sent: never processed");
            finish(state, session, &in_flight.reference, None).await?;
            Ok(None)
        }
        Ok(None) | Err(()) => Err(busy()),
    }
}

/// Records a new attempt as in flight (checking, in the same write, that the amount is the one
/// the shopper saw and nothing else is being paid): the session and the attempt's
/// `merchantTransactionId`.
async fn begin_attempt(
    state: &AppState,
    session: &CheckoutSession,
    revision: u32,
) -> Result<(CheckoutSession, String), AppError> {
    let mut reference = String::new();
    let kept = keep(state, session, |current| {
        let locale = current.locale;
        reference = current
            .begin_payment(PaymentMethod::Card, revision, OffsetDateTime::now_utc())
            .map_err(|code| AppError::new(code, locale))?;
        Ok(())
    })
    .await?;
    Ok((kept, reference))
}

/// Settles the attempt sent under `reference`, whatever the session's status now: approved, the
/// session is paid; declined or refused, the next attempt may start.
async fn finish(
    state: &AppState,
    session: &CheckoutSession,
    reference: &str,
    transaction: Option<&CardTransaction>,
) -> Result<CheckoutSession, AppError> {
    let outcome = transaction.and_then(card_outcome);
    let kept = state
        .sessions
        .settle_payment(session.id, reference, outcome)
        .await
        .map_err(AppError::internal(session.locale))?;
    Ok(kept.unwrap_or_else(|| session.clone()))
}

/// A lost answer that the lookup could not settle: the attempt stays in flight.
fn unsettled(session: &CheckoutSession, error: FlexPayError) -> AppError {
    AppError::new(ErrorCode::PaymentInProgress, session.locale).caused_by(error)
}

/// A refusal that is a verdict on the card is shown as a decline's copy would be; others map to
/// the catalogue.
fn refused(session: &CheckoutSession, error: FlexPayError) -> AppError {
    match error.card_outcome() {
        // FlexPay's verdict on the card itself (e.g. a number that fails the Luhn check).
        Some(_) => AppError::new(ErrorCode::InvalidRequest, session.locale)
            .param("number")
            .caused_by(error),
        None => AppError::upstream(session.locale)(error),
    }
}

/// The answer to a card payment of a session its card already paid.
fn paid_by_card(session: &CheckoutSession) -> Option<CardPaymentResult> {
    let PaymentOutcome::Card {
        merchant_transaction_id,
        last_four,
        ..
    } = session.outcome.as_ref()?
    else {
        return None;
    };
    let outcome = CardOutcome::new(APPROVED, GatewayStatus::Approved);
    Some(CardPaymentResult {
        outcome,
        message: outcome.message(session.locale).to_owned(),
        next_step: outcome.next_step(),
        merchant_transaction_id: merchant_transaction_id.clone(),
        last_four: last_four.clone(),
    })
}

/// FlexPay's code for an approval.
const APPROVED: u32 = 10_000;

fn result(transaction: &CardTransaction, session: &CheckoutSession) -> CardPaymentResult {
    CardPaymentResult {
        outcome: transaction.outcome,
        message: transaction.outcome.message(session.locale).to_owned(),
        next_step: transaction.outcome.next_step(),
        merchant_transaction_id: transaction.merchant_transaction_id.as_str().to_owned(),
        last_four: transaction.last_four.clone(),
    }
}
