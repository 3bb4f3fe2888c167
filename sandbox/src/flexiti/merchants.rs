//! `POST merchants/login` and `GET merchants/information`.

use axum::{
    Json,
    extract::{OriginalUri, Query, State},
    http::StatusCode,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{FlexitiError, form_values::login_answer};
use crate::Sandbox;

#[derive(Debug, Deserialize)]
pub(super) struct LangQuery {
    lang: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginRequest {
    merchant_username: Option<String>,
    merchant_password: Option<String>,
}

/// Logs the merchant in and answers the form values in `lang`.
///
/// Reading: the docs give this endpoint no error table. A body without the username or the
/// password answers the general `409 authentication_failure` ("Missing or wrong Merchant
/// authentication parameters"); a wrong pair answers the overview's `401 Unauthorized` ("An error
/// with the Merchant authentication").
pub(super) async fn login(
    State(sandbox): State<Sandbox>,
    Query(query): Query<LangQuery>,
    OriginalUri(uri): OriginalUri,
    body: Option<Json<LoginRequest>>,
) -> Result<Json<Value>, FlexitiError> {
    let Json(request) = body.unwrap_or_default();
    let (Some(username), Some(password)) = (request.merchant_username, request.merchant_password)
    else {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            uri.path(),
            "authentication_failure",
            "Missing or wrong Merchant authentication parameters",
        ));
    };
    let config = sandbox.config();
    if username != config.merchant_username || password != config.merchant_password {
        return Err(FlexitiError::OAuth {
            status: StatusCode::UNAUTHORIZED,
            error: "Unauthorized",
            description: "Wrong or missing Merchant authorization",
        });
    }
    Ok(Json(login_answer(query.lang.as_deref()).clone()))
}

#[derive(Debug, Deserialize)]
pub(super) struct InformationQuery {
    message: Option<String>,
    lang: Option<String>,
}

/// The merchant's information messages: (key, English HTML, French HTML).
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "credit_disclosure",
        "<p>Financing is provided by <strong>Flexiti Financial Inc.</strong> and is subject to credit approval. The annual interest rate of a plan, its fees and the total cost of borrowing are shown before you confirm a purchase.</p>",
        "<p>Le financement est offert par <strong>Services financiers Flexiti inc.</strong>, sous réserve de l’approbation du crédit. Le taux d’intérêt annuel d’un plan, ses frais et le coût total du crédit sont indiqués avant la confirmation d’un achat.</p>",
    ),
    (
        "debt_ratio_disclosure",
        "<p>Quebec residents: your <strong>debt ratio</strong> is shown with the credit offered. You may cancel the account at no cost before your first purchase.</p>",
        "<p>Résidents du Québec : votre <strong>ratio d’endettement</strong> est indiqué avec le crédit offert. Vous pouvez annuler le compte sans frais avant votre premier achat.</p>",
    ),
    (
        "privacy_notice",
        "<p>Flexiti collects the information on this application to assess it and to manage your account. See <a href=\"https://flexiti.com/\">our privacy policy</a>.</p>",
        "<p>Flexiti recueille les renseignements de cette demande pour l’évaluer et gérer votre compte. Consultez <a href=\"https://flexiti.com/fr/\">notre politique de confidentialité</a>.</p>",
    ),
];

/// `GET merchants/information`: HTML messages such as disclosures, all of them or the one named
/// by `message`.
///
/// Readings: the docs show no body. We answer an object of message key to HTML. `lang` (`en` by
/// default, `fr`) picks the language, as it does for `i18n` and the terms. An unknown `message`
/// is `404 not_found` ("The requested resource doesn't exist").
pub(super) async fn information(
    Query(query): Query<InformationQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let french = query
        .lang
        .as_deref()
        .is_some_and(|lang| lang.to_ascii_lowercase().starts_with("fr"));
    let wanted = query.message.as_deref().filter(|key| !key.is_empty());
    let messages: Map<String, Value> = MESSAGES
        .iter()
        .filter(|(key, _, _)| wanted.is_none_or(|wanted| wanted == *key))
        .map(|(key, en, fr)| ((*key).to_owned(), json!(if french { fr } else { en })))
        .collect();
    if messages.is_empty() {
        return Err(FlexitiError::endpoint(
            StatusCode::NOT_FOUND,
            uri.path(),
            "not_found",
            "The requested resource doesn't exist.",
        ));
    }
    Ok(Json(Value::Object(messages)))
}
