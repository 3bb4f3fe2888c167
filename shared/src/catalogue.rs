//! The error catalogue: every error the proxy can return has a stable code here and a message for
//! shoppers in both languages. The widget picks its copy by code and never shows upstream text.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// A stable, machine-readable error code. The serialized form (`snake_case`) is part of the public
/// API: merchants and the widget match on it, so a code is never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An upstream API could not be reached or did not answer in time.
    UpstreamUnavailable,
    /// An upstream API answered, but not in a way we could use.
    UpstreamError,
    /// The request itself was malformed (a missing or invalid parameter).
    InvalidRequest,
    /// No such resource.
    NotFound,
    /// A fault on our side.
    Internal,
    /// No credentials, or not valid ones: the merchant API key or the widget's client token.
    Unauthenticated,
    /// The checkout session has expired: the shopper must start again from the merchant's page.
    SessionExpired,
    /// The checkout session is no longer open (paid or expired): it cannot be changed.
    SessionClosed,
}

impl ErrorCode {
    /// Every code, for exhaustive tests and documentation.
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::UpstreamUnavailable,
        ErrorCode::UpstreamError,
        ErrorCode::InvalidRequest,
        ErrorCode::NotFound,
        ErrorCode::Internal,
        ErrorCode::Unauthenticated,
        ErrorCode::SessionExpired,
        ErrorCode::SessionClosed,
    ];

    /// The stable code as it appears on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UpstreamUnavailable => "upstream_unavailable",
            ErrorCode::UpstreamError => "upstream_error",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Internal => "internal",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::SessionClosed => "session_closed",
        }
    }

    /// Whether trying the same thing again later can succeed.
    pub const fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::UpstreamUnavailable | ErrorCode::UpstreamError | ErrorCode::Internal
        )
    }

    /// What the shopper reads: what happened and what to do next.
    pub const fn message(self, locale: Locale) -> &'static str {
        match self {
            ErrorCode::UpstreamUnavailable => locale.pick(
                "We can't reach Flexiti right now. Please try again in a moment.",
                "Nous ne pouvons pas joindre Flexiti pour le moment. Veuillez réessayer dans un instant.",
            ),
            ErrorCode::UpstreamError => locale.pick(
                "Something went wrong on Flexiti's side. Please try again.",
                "Un problème est survenu du côté de Flexiti. Veuillez réessayer.",
            ),
            ErrorCode::InvalidRequest => locale.pick(
                "Some information is missing or not valid. Please check it and try again.",
                "Certains renseignements sont manquants ou invalides. Veuillez les vérifier et réessayer.",
            ),
            ErrorCode::NotFound => locale.pick(
                "We couldn't find what you asked for.",
                "Nous n'avons pas trouvé ce que vous avez demandé.",
            ),
            ErrorCode::Internal => locale.pick(
                "Something went wrong on our side. Please try again.",
                "Un problème est survenu de notre côté. Veuillez réessayer.",
            ),
            ErrorCode::Unauthenticated => locale.pick(
                "This checkout could not be verified. Please reload the page and try again.",
                "Ce paiement n'a pas pu être vérifié. Veuillez recharger la page et réessayer.",
            ),
            ErrorCode::SessionExpired => locale.pick(
                "This checkout has expired. Please return to the store and start again.",
                "Ce paiement a expiré. Veuillez retourner à la boutique et recommencer.",
            ),
            ErrorCode::SessionClosed => locale.pick(
                "This checkout is already complete and can no longer be changed.",
                "Ce paiement est déjà terminé et ne peut plus être modifié.",
            ),
        }
    }
}

/// The body of every error response of the proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// The shopper message, in the request's language.
    pub message: String,
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// The request parameter at fault, when one is (for merchants' developers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
}

impl ApiError {
    /// The catalogue's body for `code` in `locale`.
    pub fn new(code: ErrorCode, locale: Locale) -> ApiError {
        ApiError {
            code,
            message: code.message(locale).to_owned(),
            retryable: code.is_retryable(),
            param: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serializes_to_its_stable_string() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).expect("serialize");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn every_code_has_distinct_english_and_french_messages() {
        for code in ErrorCode::ALL {
            let (en, fr) = (code.message(Locale::EnCa), code.message(Locale::FrCa));
            assert!(!en.is_empty() && !fr.is_empty(), "{code:?}");
            assert_ne!(en, fr, "{code:?} is not translated");
        }
    }
}
