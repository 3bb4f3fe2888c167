//! The search for secrets in what a proxy leaves behind, its logs and its database: the list of
//! what must never appear (card data, applicant secrets, tokens, keys) and where each was found.
//! Shared by the single-proxy leak test and the scale-out test's scan of two processes' logs.

use sandbox::Sandbox;

/// What must appear nowhere, each with a name for the report.
#[derive(Debug, Clone, Default)]
pub struct Secrets(Vec<(String, String)>);

impl Secrets {
    /// The merchant API key and every upstream credential of `sandbox`, with the OAuth tokens
    /// it has issued so far.
    pub fn of_deployment(sandbox: &Sandbox, merchant_api_key: &str) -> Secrets {
        let config = sandbox.config();
        let mut secrets = Secrets::default();
        secrets.add("merchant API key", merchant_api_key);
        secrets.add("Flexiti client secret", &config.client_secret);
        secrets.add("Flexiti merchant password", &config.merchant_password);
        secrets.add("FlexPay API key", &config.flexpay_api_key);
        for token in sandbox.issued_tokens() {
            secrets.add("OAuth token", &token);
        }
        secrets
    }

    /// Adds `secret`, reported as `what`.
    pub fn add(&mut self, what: &str, secret: &str) {
        self.0.push((what.to_owned(), secret.to_owned()));
    }

    /// Adds a client token, and its secret half alone.
    pub fn add_client_token(&mut self, token: &str) {
        self.add("client token", token);
        if let Some((_, secret)) = token.split_once('.') {
            self.add("client token secret", secret);
        }
    }

    /// How many secrets are searched for.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `"<what> in the <place>"` for each secret found in each of `places` (name, text).
    pub fn found_in(&self, places: &[(&str, &str)]) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|(what, secret)| {
                places
                    .iter()
                    .filter(move |(_, text)| holds(text, secret))
                    .map(move |(place, _)| format!("{what} in the {place}"))
            })
            .collect()
    }
}

/// Secrets shorter than this are searched for as a whole (see [`holds`]); longer ones anywhere.
const SHORT: usize = 8;

/// Whether `text` holds `secret`. A short secret (the sandbox's four-digit texted code) turns up
/// by chance inside timestamps, request ids and hashes (9 leak-test runs in 200 failed so), so it
/// counts only where it stands whole: where it begins or ends with a letter or a digit, the
/// character beside it is neither (`code=2485`, `"2485"`, `2485 ` are found). A longer secret
/// counts anywhere, even right after an escape such as `%3D` or `\n`.
fn holds(text: &str, secret: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    if secret.len() >= SHORT {
        return text.contains(secret);
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let (first, last) = (secret.chars().next(), secret.chars().next_back());
    // Every occurrence, overlapping ones included: one inside a longer number may overlap one
    // that stands whole.
    text.char_indices()
        .filter(|(at, _)| text[*at..].starts_with(secret))
        .any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + secret.len()..].chars().next();
            let runs_on_before = word(first) && word(before);
            let runs_on_after = word(last) && word(after);
            !runs_on_before && !runs_on_after
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_found_where_it_stands_whole() {
        for text in [
            "code=2485",
            "{\"code\":\"2485\"}",
            "2485",
            "sent 2485 by text",
        ] {
            assert!(holds(text, "2485"), "{text}");
        }
        assert!(holds("cvc=987&", "=987"));
        assert!(holds("x \"987\"", "\"987\""));
    }

    #[test]
    fn a_short_secret_inside_a_hash_or_an_id_is_chance() {
        for text in ["9f3a2485c0", "cs_a2485", "17649482485", "2485b"] {
            assert!(!holds(text, "2485"), "{text}");
        }
        // Found once whole, though also inside a hash.
        assert!(holds("ab2485 and 2485", "2485"));
        // Overlapping occurrences: the first runs on a letter, the second stands whole.
        assert!(holds("xa-a-a", "a-a"));
    }

    #[test]
    fn a_long_secret_is_found_anywhere() {
        assert!(holds("%3Dsk_test_checkout_demo", "sk_test_checkout_demo"));
        assert!(holds("\\n046454286", "046454286"));
    }
}
