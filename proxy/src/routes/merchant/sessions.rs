//! `/v1/checkout-sessions`: create, read, change (amount, order, language, methods) and expire a
//! checkout session.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::Serialize;
use shared::{
    ApiError, Currency, ErrorCode, Locale, PaymentMethod, PaymentOutcome, Sensitive, SessionStatus,
};
use time::OffsetDateTime;

use super::{
    MerchantKey, failure,
    session_schemas::{NewSession, SessionEdit},
};
use crate::{
    AppState,
    checkout::{
        CheckoutSession, SessionChange, SessionRequest, SessionTerms, TermsError, parse_public_id,
    },
    error::AppError,
    routes::ApiJson,
};

/// A session as the merchant's server sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionBody {
    /// `cs_...`.
    id: String,
    /// In cents.
    amount: u64,
    currency: Currency,
    order_id: String,
    locale: Locale,
    methods: Vec<PaymentMethod>,
    /// Exact origins, e.g. `https://shop.example`.
    allowed_origins: Vec<String>,
    status: SessionStatus,
    /// Grows with each change.
    revision: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    expires_at: OffsetDateTime,
    /// How it was paid, once it was.
    outcome: Option<PaymentOutcome>,
    /// A payment was sent and its answer is not settled yet: no change or expiry meanwhile. An
    /// `expired` session with a payment in progress may still be completed by it.
    payment_in_progress: bool,
    /// Refunded so far through `POST /v1/checkout-sessions/{id}/refund`, in cents: only refunds
    /// the upstream approved (or reconciliation found).
    amount_refunded: u64,
    /// Only in the answer to creation: the merchant hands it to its page, once.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_token: Option<Sensitive>,
}

impl SessionBody {
    fn of(session: &CheckoutSession, now: OffsetDateTime) -> SessionBody {
        SessionBody {
            id: session.public_id(),
            amount: session.amount_cents,
            currency: session.currency,
            order_id: session.order_id.clone(),
            locale: session.locale,
            methods: session.methods.clone(),
            allowed_origins: session
                .allowed_origins
                .iter()
                .map(ToString::to_string)
                .collect(),
            status: session.status(now),
            revision: session.revision,
            created_at: session.created_at,
            expires_at: session.expires_at,
            outcome: session.outcome.clone(),
            payment_in_progress: session.payment_in_flight.is_some(),
            amount_refunded: session.refunded_cents,
            client_token: None,
        }
    }
}

fn invalid(error: TermsError) -> AppError {
    AppError::new(ErrorCode::InvalidRequest, Locale::default())
        .param(error.param)
        .caused_by(error)
}

/// `POST /v1/checkout-sessions`: opens a session; the answer carries the client token.
#[utoipa::path(post, path = "/v1/checkout-sessions", tag = "merchant", request_body = NewSession,
    security(("merchant_key" = [])),
    responses(
        (status = 201, description = "Opened; `client_token` goes to the merchant's page", body = SessionBody),
        (status = 400, description = "A parameter is wrong: `param` names it", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
    ))]
pub(super) async fn create(
    _: MerchantKey,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SessionRequest>,
) -> Result<(StatusCode, Json<SessionBody>), AppError> {
    let terms = SessionTerms::check(request).map_err(invalid)?;
    let now = OffsetDateTime::now_utc();
    let (session, token) = state
        .sessions
        .open(terms, now)
        .await
        .map_err(failure::internal)?;
    let mut body = SessionBody::of(&session, now);
    body.client_token = Some(Sensitive::new(token.reveal()));
    Ok((StatusCode::CREATED, Json(body)))
}

/// `GET /v1/checkout-sessions/{id}`.
#[utoipa::path(get, path = "/v1/checkout-sessions/{id}", tag = "merchant",
    params(("id" = String, Path, description = "`cs_...`")), security(("merchant_key" = [])),
    responses(
        (status = 200, description = "The session", body = SessionBody),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
    ))]
pub(super) async fn show(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SessionBody>, AppError> {
    let id = parse_public_id(&id).ok_or_else(|| failure::not_found("id"))?;
    let session = state.sessions.get(id).await.map_err(failure::internal)?;
    let session = session.ok_or_else(|| failure::not_found("id"))?;
    Ok(Json(SessionBody::of(&session, OffsetDateTime::now_utc())))
}

/// Refuses a change to a session that is no longer open, or while a payment of its amount is
/// in flight (the shopper is paying what they saw).
fn still_open(session: &CheckoutSession, now: OffsetDateTime) -> Result<(), AppError> {
    session
        .require_open(now)
        .map_err(|code| AppError::new(code, Locale::default()))?;
    if session.payment_in_flight.is_some() {
        return Err(AppError::new(
            ErrorCode::PaymentInProgress,
            Locale::default(),
        ));
    }
    Ok(())
}

/// `PATCH /v1/checkout-sessions/{id}`: a cart edit or a coupon changes the amount of an open
/// widget, which shows the new amount before the shopper confirms.
#[utoipa::path(patch, path = "/v1/checkout-sessions/{id}", tag = "merchant", request_body = SessionEdit,
    params(("id" = String, Path, description = "`cs_...`")), security(("merchant_key" = [])),
    responses(
        (status = 200, description = "Changed", body = SessionBody),
        (status = 400, description = "A parameter is wrong or cannot change: `param` names it", body = ApiError),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
        (status = 409, description = "`session_closed`: already paid; `payment_in_progress`: a payment of its amount is in flight; `not_in_currency`: `methods` asks for Flexiti in a `USD` session (card only)", body = ApiError),
        (status = 410, description = "Expired", body = ApiError),
    ))]
pub(super) async fn update(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SessionRequest>,
) -> Result<Json<SessionBody>, AppError> {
    let id = parse_public_id(&id).ok_or_else(|| failure::not_found("id"))?;
    let now = OffsetDateTime::now_utc();
    let applied = state
        .sessions
        .update(id, |session| {
            still_open(session, now)?;
            let change = SessionChange::check(request).map_err(invalid)?;
            change.fits(session.currency).map_err(|error| {
                AppError::new(ErrorCode::NotInCurrency, Locale::default())
                    .param(error.param)
                    .caused_by(error)
            })?;
            apply(session, change);
            Ok::<(), AppError>(())
        })
        .await
        .map_err(failure::internal)?;
    let session = applied.ok_or_else(|| failure::not_found("id"))??;
    Ok(Json(SessionBody::of(&session, now)))
}

fn apply(session: &mut CheckoutSession, change: SessionChange) {
    let SessionChange {
        amount_cents,
        order_id,
        locale,
        methods,
    } = change;
    session.amount_cents = amount_cents.unwrap_or(session.amount_cents);
    session.order_id = order_id.unwrap_or_else(|| session.order_id.clone());
    session.locale = locale.unwrap_or(session.locale);
    session.methods = methods.unwrap_or_else(|| session.methods.clone());
    session.revision += 1;
}

/// `POST /v1/checkout-sessions/{id}/expire`: nothing more can happen in the session. Expiring an
/// expired session is a no-op; a paid one is `session_closed`.
#[utoipa::path(post, path = "/v1/checkout-sessions/{id}/expire", tag = "merchant",
    params(("id" = String, Path, description = "`cs_...`")), security(("merchant_key" = [])),
    responses(
        (status = 200, description = "Expired", body = SessionBody),
        (status = 401, description = "No merchant API key, or not the right one", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
        (status = 409, description = "Already paid", body = ApiError),
    ))]
pub(super) async fn expire(
    _: MerchantKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SessionBody>, AppError> {
    let id = parse_public_id(&id).ok_or_else(|| failure::not_found("id"))?;
    let now = OffsetDateTime::now_utc();
    let applied = state
        .sessions
        .update(id, |session| {
            if session.status(now) == SessionStatus::Completed {
                return Err(AppError::new(ErrorCode::SessionClosed, Locale::default()));
            }
            if session.payment_in_flight.is_some() {
                return Err(AppError::new(
                    ErrorCode::PaymentInProgress,
                    Locale::default(),
                ));
            }
            session.expired_by_merchant = true;
            Ok(())
        })
        .await
        .map_err(failure::internal)?;
    let session = applied.ok_or_else(|| failure::not_found("id"))??;
    Ok(Json(SessionBody::of(&session, now)))
}
