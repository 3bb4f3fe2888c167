//! `GET i18n`: the words Flexiti's own widget uses, so ours can say the same thing the same way
//! where it shows Flexiti's terms (the sandbox's reading: `{ "lang", "messages": { key: text } }`).

use std::collections::BTreeMap;

use serde::Deserialize;
use shared::Locale;

use super::{FlexitiClient, FlexitiError, read_json};

#[derive(Deserialize)]
pub(super) struct WireMessages {
    #[serde(default)]
    pub(super) messages: BTreeMap<String, String>,
}

impl FlexitiClient {
    /// Flexiti's widget wording in `locale`, by key. Plain text, not HTML: it is still escaped
    /// wherever it is shown, like any text.
    ///
    /// # Errors
    /// Any [`FlexitiError`].
    pub async fn wording(&self, locale: Locale) -> Result<BTreeMap<String, String>, FlexitiError> {
        let url = self.client_url(&["i18n"]);
        let response = self
            .authorized(|| {
                self.http
                    .get(url.clone())
                    .query(&[("lang", locale.language())])
            })
            .await?;
        let answer: WireMessages = read_json(response).await?;
        Ok(answer.messages)
    }
}
