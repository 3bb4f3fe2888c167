//! The Flexiti POS API client (`api-docs/002_...`): OAuth client credentials with a cached token,
//! and typed calls that answer with `shared` types.

mod applications;
mod authorizations;
mod choices;
mod customers;
mod error;
mod history;
mod i18n;
mod information;
mod licence;
mod money;
mod offers;
mod purchases;
mod refunds;
mod token;
mod wire;
mod written_forms;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

use std::{sync::Arc, time::Instant};

use axum::http::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, de::DeserializeOwned};
use shared::{FormConfig, Locale};
use url::Url;

pub use applications::Approved;
pub use authorizations::{
    Authorization, AuthorizationId, AuthorizationStatus, Capture, CaptureId, DateRange, Portion,
};
pub use customers::{AccountQuery, FoundAccount, Verification, Verified};
pub use error::{FlexitiError, catalogue_entry};
pub use history::PostedPurchase;
pub use information::UnsanitizedHtml;
pub use licence::DriversLicence;
pub use purchases::Purchase;
pub use refunds::Refund;
use token::{Token, TokenCache};
use written_forms::WrittenForms;

use crate::{
    config::FlexitiConfig,
    json_text::JsonText,
    metrics::{Metrics, Upstream},
    upstream::http::{Answer, Call, HttpClient, HttpError},
};

/// A client of one Flexiti POS API, shared by every request of the process.
#[derive(Debug)]
pub struct FlexitiClient {
    http: HttpClient,
    config: FlexitiConfig,
    login_urls: LoginUrls,
    tokens: TokenCache,
    forms: WrittenForms,
    metrics: Arc<Metrics>,
}

impl FlexitiClient {
    /// A client of the API `config` names, over the process's HTTP client.
    pub fn new(http: HttpClient, config: FlexitiConfig) -> FlexitiClient {
        FlexitiClient {
            http,
            login_urls: LoginUrls::new(&config),
            config,
            tokens: TokenCache::default(),
            forms: WrittenForms::default(),
            metrics: Arc::default(),
        }
    }

    /// The same client, counting its calls and token renewals in `metrics`.
    #[must_use]
    pub fn with_metrics(self, metrics: Arc<Metrics>) -> FlexitiClient {
        FlexitiClient { metrics, ..self }
    }

    /// Sends `request`, timing it.
    async fn send(&self, request: Call<'_>) -> Result<Answer, HttpError> {
        let started = Instant::now();
        let sent = request.send().await;
        self.metrics.upstream(Upstream::Flexiti, started, &sent);
        sent
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &Url {
        &self.config.base_url
    }

    /// The credit-application form's options in `locale`, from `merchants/login`, written as
    /// the JSON of a [`FormConfig`] straight from Flexiti's answer (see `wire::FormConfigOut`).
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn form_config(&self, locale: Locale) -> Result<JsonText<FormConfig>, FlexitiError> {
        let url = self.login_urls.get(locale);
        let body = wire::LoginRequest {
            merchant_username: &self.config.merchant_username,
            merchant_password: self.config.merchant_password.expose_secret(),
        };
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        let answer = response.bytes().await?;
        if let Some(written) = self.forms.get(locale, &answer) {
            return Ok(written);
        }
        let login: wire::LoginResponse = json_of(&answer)?;
        let written = JsonText::write(&wire::FormConfigOut::from(login.form_values))
            // Strings into a `Vec`: not expected to fail.
            .map_err(|error| FlexitiError::Malformed(format!("form configuration: {error}")))?;
        self.forms.keep(locale, answer, &written);
        Ok(written)
    }

    /// The terms and conditions for `province` in `locale`, as Flexiti's raw HTML. The caller
    /// sanitizes it before it goes anywhere near a browser.
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn terms_html(&self, province: &str, locale: Locale) -> Result<String, FlexitiError> {
        let url = self.client_url(&["terms-and-conditions"]);
        let query = [("lang", locale.language()), ("province", province)];
        let response = self
            .authorized(|| self.http.get(url.clone()).query(&query))
            .await?;
        Ok(response.text().await?)
    }

    /// Sends an authenticated request; after a `401` it renews the token and tries once more.
    async fn authorized<'a>(
        &'a self,
        request: impl Fn() -> Call<'a>,
    ) -> Result<Answer, FlexitiError> {
        let token = self.token().await?;
        let response = self
            .send(request().bearer_auth(token.access.expose_secret()))
            .await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return check(response).await;
        }
        tracing::info!("Flexiti refused the access token; renewing it once");
        self.tokens.invalidate(&token);
        let token = self.token().await?;
        let response = self
            .send(request().bearer_auth(token.access.expose_secret()))
            .await?;
        if response.status() == StatusCode::UNAUTHORIZED {
            return Err(FlexitiError::Credentials(
                "a fresh access token was refused".into(),
            ));
        }
        check(response).await
    }

    async fn token(&self) -> Result<Arc<Token>, FlexitiError> {
        self.tokens.get(|stale| self.renew(stale)).await
    }

    /// Renews with the stale token's refresh token, or with the client credentials when there is
    /// none or the refresh is refused.
    async fn renew(&self, stale: Option<Arc<Token>>) -> Result<Token, FlexitiError> {
        if let Some(refresh) = stale.as_ref().and_then(|token| token.refresh.as_ref()) {
            match self.request_token("refresh_token", Some(refresh)).await {
                Ok(token) => return Ok(token),
                Err(error) => {
                    tracing::info!(%error, "token refresh failed; using client credentials")
                }
            }
        }
        self.request_token("client_credentials", None).await
    }

    async fn request_token(
        &self,
        grant_type: &str,
        refresh_token: Option<&SecretString>,
    ) -> Result<Token, FlexitiError> {
        let form = wire::TokenRequest {
            grant_type,
            client_id: &self.config.client_id,
            client_secret: self.config.client_secret.expose_secret(),
            refresh_token: refresh_token.map(ExposeSecret::expose_secret),
        };
        let url = self.api_url(&["oauth", "token"]);
        let response = check(self.send(self.http.post(url).form(&form)).await?).await?;
        let answer: wire::TokenResponse = read_json(response).await?;
        self.metrics.token_renewed();
        tracing::debug!(
            grant_type,
            expires_in = answer.expires_in,
            "Flexiti token obtained"
        );
        Ok(token_of(answer))
    }

    /// `{base_url}/{segments...}`.
    fn api_url(&self, segments: &[&str]) -> Url {
        api_url(&self.config, segments)
    }

    /// `{base_url}/client-id/{client_id}/{segments...}`.
    fn client_url(&self, segments: &[&str]) -> Url {
        client_url(&self.config, segments)
    }
}

/// `merchants/login?lang=..` in each language, built once: every widget's form asks for it, and
/// building it on each call (the path and the query written and parsed again by `url`) was
/// about 1% of the proxy's CPU per call.
#[derive(Debug)]
struct LoginUrls {
    english: Url,
    french: Url,
}

impl LoginUrls {
    fn new(config: &FlexitiConfig) -> LoginUrls {
        let in_language = |locale: Locale| {
            let mut url = client_url(config, &["merchants", "login"]);
            url.query_pairs_mut().append_pair("lang", locale.language());
            url
        };
        LoginUrls {
            english: in_language(Locale::EnCa),
            french: in_language(Locale::FrCa),
        }
    }

    fn get(&self, locale: Locale) -> &Url {
        match locale {
            Locale::EnCa => &self.english,
            Locale::FrCa => &self.french,
        }
    }
}

/// `{base_url}/{segments...}`.
fn api_url(config: &FlexitiConfig, segments: &[&str]) -> Url {
    let mut url = config.base_url.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// `{base_url}/client-id/{client_id}/{segments...}`.
fn client_url(config: &FlexitiConfig, segments: &[&str]) -> Url {
    let mut all = vec!["client-id", config.client_id.as_str()];
    all.extend_from_slice(segments);
    api_url(config, &all)
}

/// Reads an answer's JSON body. The body is checked as UTF-8 once and then read as text:
/// `serde_json` otherwise checks every string it meets on its own, an eighth of the work of
/// reading the 4-7 KB `merchants/login` answer that every widget's form asks for.
///
/// # Errors
/// `Malformed` when the body is not JSON of that shape (what it said stays out of the error),
/// `Unreachable` when it could not be read to its end.
async fn read_json<T: DeserializeOwned>(response: Answer) -> Result<T, FlexitiError> {
    json_of(&response.bytes().await?)
}

/// Reads `body` as JSON of `T`, which may borrow from it; see [`read_json`].
///
/// # Errors
/// `Malformed` when the body is not JSON of that shape.
fn json_of<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, FlexitiError> {
    std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or_else(|| FlexitiError::Malformed("error decoding response body".into()))
}

/// Passes a success through; turns an error answer into a typed error, keeping only its code.
async fn check(response: Answer) -> Result<Answer, FlexitiError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    Err(refusal(
        status,
        read_json::<wire::ErrorBody>(response).await.ok(),
    ))
}

/// The token an `oauth/token` answer grants.
fn token_of(answer: wire::TokenResponse) -> Token {
    Token::new(
        answer.access_token.into(),
        answer.refresh_token.map(Into::into),
        answer.expires_in,
    )
}

/// The error an answer of `status` means, from its body when that could be read.
fn refusal(status: StatusCode, body: Option<wire::ErrorBody>) -> FlexitiError {
    let (code, fields) = body
        .map(|body| {
            let fields = body
                .field_errors
                .into_iter()
                .map(|field| (field.param, field.msg))
                .collect();
            (body.error, fields)
        })
        .unwrap_or_default();
    match (status, code.as_str()) {
        (
            _,
            "invalid_client"
            | "invalid_grant"
            | "invalid_request"
            | "Unauthorized"
            | "authentication_failure"
            | "invalid_role",
        )
        | (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN, _) => {
            FlexitiError::Credentials(format!("{status} {code}"))
        }
        // Blocked before Flexiti read it: a payload its firewall took for malicious (465, which
        // a shopper's own words might set off), an address list (466), a region (467). "465/466/467
        // Status codes can be treated the same way as 403" (the v2.5 catalogue).
        (status, _) if (465..=467).contains(&status.as_u16()) => {
            FlexitiError::Credentials(format!("{status} {code}"))
        }
        _ => FlexitiError::Rejected {
            status: status.as_u16(),
            code,
            fields,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Option<wire::ErrorBody> {
        serde_json::from_str(body).ok()
    }

    #[test]
    fn a_request_blocked_by_region_address_or_firewall_is_our_set_up_not_the_shoppers() {
        for status in [465, 466, 467] {
            let status = StatusCode::from_u16(status).expect("a status");
            let refused = refusal(status, read(r#"{"error": "blocked"}"#));
            assert!(
                matches!(refused, FlexitiError::Credentials(_)),
                "{status}: {refused}"
            );
            assert!(!refused.outcome_unknown(), "blocked: nothing was done");
        }
        let other = refusal(StatusCode::from_u16(468).expect("a status"), None);
        assert!(matches!(other, FlexitiError::Rejected { .. }), "{other}");
    }

    #[test]
    fn the_fields_are_read_under_either_name_the_docs_give_them() {
        for key in ["field_errors", "error_fields"] {
            let body = format!(
                r#"{{"error": "wrong_inputs", "{key}": [{{"param": "email", "msg": "invalid", "value": "x@"}}]}}"#
            );
            let FlexitiError::Rejected { fields, .. } =
                refusal(StatusCode::BAD_REQUEST, read(&body))
            else {
                panic!("{key}: not a rejection");
            };
            assert_eq!(
                fields,
                vec![("email".to_owned(), "invalid".to_owned())],
                "{key}"
            );
        }
    }
}
