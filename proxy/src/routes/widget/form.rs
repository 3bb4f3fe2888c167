//! Widget API: what the credit-application form needs before the shopper types anything.

use axum::extract::State;
use serde::Deserialize;
use shared::{
    ApiError, Disclosures, ErrorCode, FormConfig, Locale, TermsDocument, TermsRegion,
    is_province_code, paths,
};

use super::{WidgetSession, keep};
use crate::{
    AppState,
    checkout::TermsShown,
    envelope::{Throttled, counted},
    error::AppError,
    json_text::JsonText,
    routes::{ApiQuery, LargeJson},
    upstream_html,
};

/// `?locale=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct LocaleQuery {
    /// `en-CA` or `fr-CA`; the session's language when absent.
    locale: Option<String>,
}

/// `?province=&locale=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TermsQuery {
    /// A province or territory code, e.g. `QC` (either case).
    #[param(
        pattern = r"^(?:[Aa][Bb]|[Bb][Cc]|[Mm][Bb]|[Nn][BbLlSsTtUu]|[Oo][Nn]|[Pp][Ee]|[Qq][Cc]|[Ss][Kk]|[Yy][Tt])$"
    )]
    province: String,
    /// `en-CA` or `fr-CA`; the session's language when absent.
    locale: Option<String>,
}

/// The language asked for (the shopper may switch), else the session's.
fn locale(tag: Option<&str>, session: WidgetSession) -> Result<Locale, AppError> {
    let session = session.open()?;
    Ok(tag.map_or(session.locale, Locale::from_tag))
}

/// `GET /api/v1/form-config`: provinces, salutations, security questions and ID types with
/// their issuers, in the shopper's language.
#[utoipa::path(get, path = paths::FORM_CONFIG, tag = "widget", params(LocaleQuery),
    security(("client_token" = [])),
    responses(
        (status = 200, description = "The form's choices", body = FormConfig),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 410, description = "The session has expired", body = ApiError),
        (status = 429, description = "Too many reads in a short time (`too_many_requests`): wait for `Retry-After`", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn form_config(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Read>,
    ApiQuery(query): ApiQuery<LocaleQuery>,
) -> Result<JsonText<FormConfig>, AppError> {
    let locale = locale(query.locale.as_deref(), session)?;
    state
        .flexiti
        .form_config(locale)
        .await
        .map_err(AppError::upstream(locale))
}

/// `GET /api/v1/terms`: the terms for a province, sanitized.
#[utoipa::path(get, path = paths::TERMS, tag = "widget", params(TermsQuery),
    security(("client_token" = [])),
    responses(
        (status = 200, description = "The terms, sanitized HTML", body = TermsDocument),
        (status = 400, description = "No such province", body = ApiError),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 410, description = "The session has expired", body = ApiError),
        (status = 429, description = "Too many reads in a short time (`too_many_requests`): wait for `Retry-After`", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn terms(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Read>,
    ApiQuery(query): ApiQuery<TermsQuery>,
) -> Result<LargeJson<TermsDocument>, AppError> {
    let open = session.clone().open()?;
    let locale = locale(query.locale.as_deref(), session)?;
    let province = query.province.to_ascii_uppercase();
    if !is_province_code(&province) {
        return Err(AppError::new(ErrorCode::InvalidRequest, locale).caused_by("unknown province"));
    }
    let raw = state
        .flexiti
        .terms_html(&province, locale)
        .await
        .map_err(AppError::upstream(locale))?;
    let html = upstream_html::sanitize(&raw);
    // What was shown is what the applicant will have agreed to: its digest goes on the receipt.
    let shown = TermsShown::of(&province, locale, &html);
    keep(&state, &open, |current| {
        current
            .terms_shown
            .retain(|seen| (seen.province.as_str(), seen.locale) != (province.as_str(), locale));
        current.terms_shown.push(shown);
        Ok(())
    })
    .await?;
    Ok(LargeJson(TermsDocument {
        region: TermsRegion::for_province(&province),
        province,
        locale,
        html,
    }))
}

/// `GET /api/v1/disclosures`: the merchant's disclosures in the shopper's language, sanitized.
/// Flexiti publishes them as HTML; each is passed through the same allow-list as the terms.
#[utoipa::path(get, path = paths::DISCLOSURES, tag = "widget", params(LocaleQuery),
    security(("client_token" = [])),
    responses(
        (status = 200, description = "The disclosures, sanitized HTML, those Flexiti has", body = Disclosures),
        (status = 401, description = "No client token, or not a valid one", body = ApiError),
        (status = 410, description = "The session has expired", body = ApiError),
        (status = 429, description = "Too many reads in a short time (`too_many_requests`): wait for `Retry-After`", body = ApiError),
        (status = 502, description = "Flexiti answered wrongly, or refused the store's set-up", body = ApiError),
        (status = 503, description = "Flexiti cannot be reached", body = ApiError),
    ))]
pub(super) async fn disclosures(
    State(state): State<AppState>,
    Throttled(session, _): Throttled<counted::Read>,
    ApiQuery(query): ApiQuery<LocaleQuery>,
) -> Result<LargeJson<Disclosures>, AppError> {
    let locale = locale(query.locale.as_deref(), session)?;
    let mut messages = state
        .flexiti
        .merchant_messages(locale)
        .await
        .map_err(AppError::upstream(locale))?;
    let mut take = |key: &str| {
        messages
            .remove(key)
            .map(|html| upstream_html::sanitize(html.as_unsanitized_str()))
    };
    Ok(LargeJson(Disclosures {
        privacy: take("privacy_notice"),
        credit: take("credit_disclosure"),
        debt_ratio: take("debt_ratio_disclosure"),
    }))
}
