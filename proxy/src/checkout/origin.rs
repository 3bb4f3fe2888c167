//! An exact web origin (`scheme://host[:port]`), the unit the browser checks `postMessage`
//! targets, CORS and `frame-ancestors` by. Merchants list the origins allowed to embed a session.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

/// A web origin, normalised (lower-case host, default port dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);

impl Origin {
    /// Reads an origin: `https://` anywhere, `http://` only for the local machine (development);
    /// no credentials, no path beyond `/`, no query, no fragment, no wildcard.
    ///
    /// # Errors
    /// A sentence saying what is wrong, for the merchant's developer.
    pub fn parse(text: &str) -> Result<Origin, &'static str> {
        let url = Url::parse(text.trim()).map_err(|_| "not a URL")?;
        let host = url.host_str().ok_or("no host")?;
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        match url.scheme() {
            "https" => {}
            "http" if local => {}
            "http" => return Err("must use https:// (http:// only for localhost)"),
            _ => return Err("must be an https:// origin"),
        }
        if host.contains('*') {
            return Err("wildcards are not allowed: list each origin");
        }
        if !plain_host(host) {
            return Err(
                "the host must be a domain name of letters, digits and hyphens, or an IP address",
            );
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not carry credentials");
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err("must be an origin only, without a path, query or fragment");
        }
        Ok(Origin(url.origin().ascii_serialization()))
    }

    /// The origin as the browser writes it, e.g. `https://shop.example`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `host` (as the URL parser wrote it: lower case, IDNA to punycode) is made of DNS labels
/// of `[a-z0-9-]`, or is an IP address. The URL standard lets `;`, `,`, `'`, `"`, `_` and more
/// through in a host; an origin is written into the `frame-ancestors` directive of a CSP header,
/// where `;` or `,` would start a directive or a policy of the merchant's choosing.
fn plain_host(host: &str) -> bool {
    if host.starts_with('[') {
        return host.ends_with(']')
            && host[1..host.len() - 1]
                .parse::<std::net::Ipv6Addr>()
                .is_ok();
    }
    host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
    })
}

impl TryFrom<String> for Origin {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Origin, &'static str> {
        Origin::parse(&text)
    }
}

impl From<Origin> for String {
    fn from(origin: Origin) -> String {
        origin.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised() {
        for (given, expected) in [
            ("https://Shop.Example", "https://shop.example"),
            ("https://shop.example:443/", "https://shop.example"),
            ("https://shop.example:8443", "https://shop.example:8443"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("https://Bücher.example", "https://xn--bcher-kva.example"),
            ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
            ("https://shop-1.example", "https://shop-1.example"),
        ] {
            assert_eq!(Origin::parse(given).map(String::from), Ok(expected.into()));
        }
    }

    #[test]
    fn anything_but_an_exact_origin_is_refused() {
        for bad in [
            "",
            "null",
            "*",
            "shop.example",
            "http://shop.example",
            "https://*.shop.example",
            "https://user:pw@shop.example",
            "https://shop.example/checkout",
            "https://shop.example/?a=1",
            "https://shop.example/#x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://shop.example;script-src",
            "https://shop.example,evil.example",
            "https://a'b.example",
            "https://a\"b.example",
            "https://under_score.example",
            "https://shop.example.",
            "https://-shop.example",
            "https://shop..example",
            "https://shop$.example",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
