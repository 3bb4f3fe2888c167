//! `GET /client-id/{client_id}/i18n?lang=`: the words Flexiti's own widget shows, so a merchant's
//! page can match them.
//!
//! Reading: the docs list only this endpoint's errors (`wrong_inputs` for a bad `lang`); we answer
//! `{ "lang", "messages": { key: text } }`.

use axum::{
    Json,
    extract::{OriginalUri, Query},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    FlexitiError,
    validation::{self, Fields},
};

#[derive(Debug, Deserialize)]
pub(super) struct I18nQuery {
    lang: Option<String>,
}

const MESSAGES: [(&str, &str, &str); 6] = [
    (
        "apply_title",
        "Apply for Flexiti financing",
        "Demande de financement Flexiti",
    ),
    (
        "terms_title",
        "Terms and conditions",
        "Conditions générales",
    ),
    (
        "approved",
        "Congratulations, you're approved!",
        "Félicitations, votre demande est approuvée!",
    ),
    (
        "declined",
        "We're sorry, we can't approve your application at this time.",
        "Nous sommes désolés, nous ne pouvons pas approuver votre demande pour le moment.",
    ),
    (
        "verify_title",
        "Verify your identity",
        "Confirmez votre identité",
    ),
    ("available_credit", "Available credit", "Crédit disponible"),
];

/// Answers the messages in `lang` (`en` by default, `fr`).
pub(super) async fn i18n(
    Query(query): Query<I18nQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Json<Value>, FlexitiError> {
    let map = validation::query_object(&[("lang", &query.lang)]);
    let mut fields = Fields::new(&map);
    let lang = fields
        .choice("lang", false, &["en", "fr", "en-CA", "fr-CA"])
        .unwrap_or_else(|| "en".into());
    fields.finish(uri.path())?;
    let french = lang.starts_with("fr");
    let messages: Map<String, Value> = MESSAGES
        .iter()
        .map(|(key, en, fr)| {
            (
                (*key).to_owned(),
                Value::from(if french { *fr } else { *en }),
            )
        })
        .collect();
    Ok(Json(
        json!({ "lang": if french { "fr" } else { "en" }, "messages": messages }),
    ))
}
