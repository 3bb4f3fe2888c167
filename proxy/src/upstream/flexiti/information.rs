//! The merchant's information messages (`GET merchants/information`, `api-docs/002_...`): HTML
//! such as disclosures, by key. The docs show no body; the sandbox's reading is an object of key to
//! HTML, one key with `?message=KEY`, the language with `lang` (`sandbox/README.md`, "Merchant
//! login and information").

use std::collections::BTreeMap;

use shared::Locale;

use super::{FlexitiClient, FlexitiError, read_json};

/// HTML exactly as Flexiti sent it: not safe to render. Pass it through
/// [`crate::upstream_html::sanitize`] before it goes anywhere near a browser.
///
/// It has no `Display`, so it cannot slip into a page through `format!` by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsanitizedHtml(String);

impl UnsanitizedHtml {
    /// The raw HTML, to hand to the sanitizer.
    pub fn as_unsanitized_str(&self) -> &str {
        &self.0
    }
}

impl FlexitiClient {
    /// Every information message of the merchant in `locale`, by key (`credit_disclosure`,
    /// `privacy_notice`, ...). The HTML is Flexiti's own: the caller sanitizes it with
    /// [`crate::upstream_html::sanitize`] before showing it.
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn merchant_messages(
        &self,
        locale: Locale,
    ) -> Result<BTreeMap<String, UnsanitizedHtml>, FlexitiError> {
        self.information(locale, None).await
    }

    /// The information message `key` in `locale`. The HTML is Flexiti's own: the caller sanitizes
    /// it with [`crate::upstream_html::sanitize`] before showing it.
    ///
    /// # Errors
    /// Any [`FlexitiError`]; an unknown key is `404 not_found`; an answer without the key,
    /// [`FlexitiError::Malformed`].
    pub async fn merchant_message(
        &self,
        key: &str,
        locale: Locale,
    ) -> Result<UnsanitizedHtml, FlexitiError> {
        self.information(locale, Some(key))
            .await?
            .remove(key)
            .ok_or_else(|| FlexitiError::Malformed(format!("no message {key:?} in the answer")))
    }

    async fn information(
        &self,
        locale: Locale,
        key: Option<&str>,
    ) -> Result<BTreeMap<String, UnsanitizedHtml>, FlexitiError> {
        let url = self.client_url(&["merchants", "information"]);
        let mut query = vec![("lang", locale.language())];
        query.extend(key.map(|key| ("message", key)));
        let response = self
            .authorized(|| self.http.get(url.clone()).query(&query))
            .await?;
        let messages: BTreeMap<String, String> = read_json(response).await?;
        Ok(messages
            .into_iter()
            .map(|(key, html)| (key, UnsanitizedHtml(html)))
            .collect())
    }
}
