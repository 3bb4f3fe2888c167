//! The one-time code a Flexiti verification gives, kept between the verification and the purchase
//! it is for. It is a credential (it lets a purchase be posted on the shopper's account), and the
//! session row is on disk for 30 days after an abandoned checkout: so the row holds it sealed
//! (ChaCha20-Poly1305) under a key derived from the client token's secret, which the store never
//! keeps (only its hash). A copy of the database cannot open it; the shopper's next request, which
//! carries the token, can. The same key gives fingerprints: digests of what the row must
//! recognize without holding it (who applied for the account opened in the session).

use std::fmt;

use chacha20poly1305::{
    ChaCha20Poly1305, Key, KeyInit, Nonce,
    aead::{Aead, Payload},
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What binds a key to this use (and a sealed code to the session it was sealed for).
const CONTEXT: &[u8] = b"flexiti-checkout verification code v1\0";

/// What binds a fingerprint to its use (see [`CodeKey::fingerprint`]).
const FINGERPRINT: &[u8] = b"flexiti-checkout fingerprint v1\0";

/// The key a client token gives for its session's code. Its `Debug` shows nothing.
#[derive(Clone)]
pub struct CodeKey([u8; 32]);

impl fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeKey(..)")
    }
}

/// A sealed code: a random nonce and the ciphertext with its tag, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedCode {
    nonce: String,
    sealed: String,
}

impl CodeKey {
    /// The key of a token's `secret`.
    pub(super) fn derive(secret: &str) -> CodeKey {
        let mut hash = Sha256::new();
        hash.update(CONTEXT);
        hash.update(secret.as_bytes());
        CodeKey(hash.finalize().into())
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.0))
    }

    /// Seals `code`.
    ///
    /// # Errors
    /// When the operating system has no randomness to give.
    pub fn seal(&self, code: &str) -> Result<SealedCode, getrandom::Error> {
        let mut nonce = [0_u8; 12];
        getrandom::fill(&mut nonce)?;
        let payload = Payload {
            msg: code.as_bytes(),
            aad: CONTEXT,
        };
        // Encryption fails only for messages of gigabytes; an empty seal would merely not open,
        // and the shopper would be asked to verify again.
        let sealed = self
            .cipher()
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        Ok(SealedCode {
            nonce: super::token::hex(&nonce),
            sealed: super::token::hex(&sealed),
        })
    }

    /// A digest of `what` keyed by the client token, in hex: the same text in the same session
    /// gives the same digest, to tell whether a request is the one sent before; a copy of the
    /// database cannot tell whose it is.
    pub fn fingerprint(&self, what: &str) -> String {
        let mut hash = Sha256::new();
        hash.update(FINGERPRINT);
        hash.update(self.0);
        hash.update(what.as_bytes());
        super::token::hex(&hash.finalize())
    }

    /// The code `sealed` holds, if this key sealed it.
    pub fn open(&self, sealed: &SealedCode) -> Option<SecretString> {
        let nonce: [u8; 12] = unhex(&sealed.nonce)?.try_into().ok()?;
        let ciphertext = unhex(&sealed.sealed)?;
        let payload = Payload {
            msg: &ciphertext,
            aad: CONTEXT,
        };
        let code = self
            .cipher()
            .decrypt(Nonce::from_slice(&nonce), payload)
            .ok()?;
        String::from_utf8(code).ok().map(SecretString::from)
    }
}

/// Bytes from lowercase or uppercase hex; `None` for anything else.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn only_the_key_that_sealed_a_code_opens_it() {
        let key = CodeKey::derive("a1b2");
        let sealed = key.seal("2485").expect("randomness");
        let stored = serde_json::to_string(&sealed).expect("JSON");
        assert!(!stored.contains("2485"), "{stored}");
        let opened = key.open(&sealed).expect("opens");
        assert_eq!(opened.expose_secret(), "2485");
        assert!(CodeKey::derive("a1b3").open(&sealed).is_none());
        let mut tampered = sealed.clone();
        tampered.sealed.replace_range(0..2, "00");
        assert!(key.open(&tampered).is_none() || sealed.sealed.starts_with("00"));
    }

    #[test]
    fn two_seals_of_one_code_differ() {
        let key = CodeKey::derive("a1b2");
        let (first, second) = (key.seal("2485"), key.seal("2485"));
        assert_ne!(first.expect("randomness"), second.expect("randomness"));
    }

    #[test]
    fn a_fingerprint_is_the_same_only_for_the_same_text_in_the_same_session() {
        let key = CodeKey::derive("a1b2");
        let jane = key.fingerprint("jane\ndoe\n1990-01-01");
        assert_eq!(jane, key.fingerprint("jane\ndoe\n1990-01-01"));
        assert_ne!(jane, key.fingerprint("john\ndoe\n1990-01-01"));
        assert_ne!(
            jane,
            CodeKey::derive("a1b3").fingerprint("jane\ndoe\n1990-01-01")
        );
        assert!(!jane.contains("jane") && jane.len() == 64, "{jane}");
    }
}
