//! The widget's client token: `<session id>.<secret>`. The session id finds the session; the
//! secret proves the bearer was handed the token by the merchant's server. Only the secret's
//! SHA-256 is stored, so a copy of the store cannot be replayed as tokens.

use std::fmt;

use sha2::{Digest, Sha256};
use tower_sessions::session::Id;

use super::CodeKey;

/// The bytes of randomness in a secret (256 bits).
const SECRET_BYTES: usize = 32;

/// A client token. Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientToken {
    id: Id,
    secret: String,
}

/// What the store keeps of a token's secret.
pub type SecretHash = String;

impl ClientToken {
    /// A fresh token for session `id`.
    ///
    /// # Errors
    /// When the operating system has no randomness to give.
    pub fn mint(id: Id) -> Result<ClientToken, getrandom::Error> {
        let mut bytes = [0_u8; SECRET_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(ClientToken {
            id,
            secret: hex(&bytes),
        })
    }

    /// Reads a token as the widget sends it; `None` for anything not shaped like one.
    pub fn parse(text: &str) -> Option<ClientToken> {
        let (id, secret) = text.trim().split_once('.')?;
        let well_formed =
            secret.len() == SECRET_BYTES * 2 && secret.bytes().all(|byte| byte.is_ascii_hexdigit());
        if !well_formed {
            return None;
        }
        Some(ClientToken {
            id: id.parse().ok()?,
            secret: secret.to_ascii_lowercase(),
        })
    }

    /// The session it opens.
    pub fn session_id(&self) -> Id {
        self.id
    }

    /// The hash stored beside the session.
    pub fn secret_hash(&self) -> SecretHash {
        hex(&Sha256::digest(self.secret.as_bytes()))
    }

    /// Whether this token's secret is the one whose hash was stored.
    pub fn matches(&self, stored: &str) -> bool {
        // Both sides are hashes of fixed length: comparing them leaks nothing about the secret.
        self.secret_hash() == stored
    }

    /// The key that seals this session's verification code (see [`CodeKey`]).
    pub fn code_key(&self) -> CodeKey {
        CodeKey::derive(&self.secret)
    }

    /// The token as the merchant's server hands it to the widget.
    pub fn reveal(&self) -> String {
        format!("{}.{}", self.id, self.secret)
    }
}

impl fmt::Debug for ClientToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientToken({}.[redacted])", self.id)
    }
}

/// `bytes` as lower-case hexadecimal. Every widget call hashes its token's secret and compares
/// the hex: one `String`, not one per byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_and_matches_only_its_own_hash() {
        let token = ClientToken::mint(Id::default()).expect("randomness");
        let read = ClientToken::parse(&token.reveal()).expect("well formed");
        assert_eq!(read, token);
        assert!(read.matches(&token.secret_hash()));
        let other = ClientToken::mint(token.session_id()).expect("randomness");
        assert!(!other.matches(&token.secret_hash()));
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff, 0x5c]), "000fa0ff5c");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn malformed_tokens_are_refused_and_debug_hides_the_secret() {
        let token = ClientToken::mint(Id::default()).expect("randomness");
        let revealed = token.reveal();
        for bad in [
            "",
            "abc",
            "x.y",
            &revealed[..revealed.len() - 1],
            &revealed.replace('.', ""),
        ] {
            assert!(ClientToken::parse(bad).is_none(), "{bad}");
        }
        assert!(!format!("{token:?}").contains(&token.secret));
    }
}
