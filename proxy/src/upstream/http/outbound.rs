//! The operator's outbound HTTP proxy: where a network reaches the upstream APIs only through
//! one, the variables most HTTP clients read (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`, each in upper or lower case, upper first) send the upstream calls through it.
//!
//! hyper-util's `Matcher` decides which call goes where, as it did inside `reqwest`, which read
//! these variables for the proxy until 2026-12-06. Two things are ours:
//! - a value that names no usable proxy stops the proxy at start-up, where the matcher would
//!   drop it and send the calls straight out;
//! - loopback (`localhost`, `127.0.0.0/8`, `::1`) is never proxied: a proxy elsewhere cannot
//!   reach this machine's loopback, and the embedded sandbox lives there.

use std::{net::IpAddr, sync::Arc};

use axum::http::{Uri, uri::Scheme};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use url::Url;

/// Which proxy, if any, each upstream call goes through. Cheap to clone.
#[derive(Clone, Default)]
pub struct OutboundProxies {
    /// `None` when no proxy is configured: every call goes straight out.
    matcher: Option<Arc<Matcher>>,
}

/// A proxy variable that names no proxy this server can use. The value is not printed: it may
/// carry the proxy's password.
#[derive(Debug, thiserror::Error)]
#[error(
    "{variable} is not a proxy this server can use ({why}): give http://HOST:PORT, with USER:PASSWORD@ before HOST if the proxy asks for them"
)]
pub struct OutboundProxyError {
    variable: &'static str,
    why: &'static str,
}

/// How one connection to an upstream is opened.
pub(super) enum Route {
    /// Straight to the upstream.
    Direct,
    /// A CONNECT tunnel through this proxy, TLS to the upstream inside it (`https`).
    Tunnel(Intercept),
    /// To this proxy, which is handed each request whole (`http`).
    Forward(Intercept),
}

/// The variables read, each pair in the order of preference (hyper-util's and `reqwest`'s).
const HTTPS: [&str; 2] = ["HTTPS_PROXY", "https_proxy"];
const HTTP: [&str; 2] = ["HTTP_PROXY", "http_proxy"];
const ALL: [&str; 2] = ["ALL_PROXY", "all_proxy"];
const NO: [&str; 2] = ["NO_PROXY", "no_proxy"];

impl OutboundProxies {
    /// No proxy: every call goes straight out.
    pub fn none() -> Self {
        Self::default()
    }

    /// The proxies this process's environment names.
    ///
    /// # Errors
    /// When a variable is set to something other than an `http://` proxy URL.
    pub fn from_env() -> Result<Self, OutboundProxyError> {
        Self::from_variables(|name| std::env::var(name).ok())
    }

    /// The proxies named by the variables `read` returns, as [`OutboundProxies::from_env`]
    /// reads them from the environment.
    ///
    /// # Errors
    /// When a variable is set to something other than an `http://` proxy URL.
    pub fn from_variables(
        read: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, OutboundProxyError> {
        let first = |names: [&'static str; 2]| {
            names
                .into_iter()
                .find_map(|name| read(name).map(|value| (name, value)))
                .filter(|(_, value)| !value.trim().is_empty())
        };
        let https = first(HTTPS).map(checked).transpose()?;
        let http = first(HTTP).map(checked).transpose()?;
        // `ALL_PROXY` serves only a scheme the two above leave out: a value there meant for
        // other tools (a SOCKS proxy, say) does not stop this one when it would not be used.
        let all = match (&https, &http) {
            (Some(_), Some(_)) => None,
            _ => first(ALL).map(checked).transpose()?,
        };
        if https.is_none() && http.is_none() && all.is_none() {
            return Ok(Self::none());
        }
        let matcher = Matcher::builder()
            .https(https.unwrap_or_default())
            .http(http.unwrap_or_default())
            .all(all.unwrap_or_default())
            .no(first(NO).map(|(_, value)| value).unwrap_or_default())
            .build();
        Ok(Self {
            matcher: Some(Arc::new(matcher)),
        })
    }

    /// How a connection to `dst` is opened (a tunnel's credentials go once, with its CONNECT).
    pub(super) fn route(&self, dst: &Uri) -> Route {
        let Some(intercept) = self.intercept(dst) else {
            return Route::Direct;
        };
        if dst.scheme() == Some(&Scheme::HTTPS) {
            Route::Tunnel(intercept)
        } else {
            Route::Forward(intercept)
        }
    }

    /// The proxy a plain-`http` request to `dst` is handed to whole, if any. An `https` one goes
    /// inside its connection's tunnel and needs nothing of the proxy: it is not looked up.
    pub(super) fn forwarding_proxy(&self, dst: &Uri) -> Option<Intercept> {
        if dst.scheme() != Some(&Scheme::HTTP) {
            return None;
        }
        self.intercept(dst)
    }

    /// Whether a call to `url` could go through a proxy at all: not one to this machine. Where
    /// no configured upstream could, the variables are not read (an upstream on loopback: the
    /// tests, the bench), and a developer's settings meant for other tools stop nothing.
    pub fn may_apply_to(url: &Url) -> bool {
        url.host_str().is_some_and(|host| !is_loopback(host))
    }

    /// The proxy (`HOST:PORT`, no credentials) that calls to `url` go through, if any: for the
    /// line that tells the operator where the upstream calls go.
    pub fn proxy_for(&self, url: &Url) -> Option<String> {
        let intercept = self.intercept(&url.as_str().parse().ok()?)?;
        let proxy = intercept.uri();
        Some(format!("{}:{}", proxy.host()?, proxy.port_u16()?))
    }

    fn intercept(&self, dst: &Uri) -> Option<Intercept> {
        let matcher = self.matcher.as_ref()?;
        if is_loopback(dst.host()?) {
            return None;
        }
        matcher.intercept(dst)
    }
}

/// `value`, trimmed, once it is known to name a proxy the client can speak to, in a form the
/// matcher reads as this check does (it drops, without a word, a value it cannot read).
fn checked((variable, value): (&'static str, String)) -> Result<String, OutboundProxyError> {
    let refused = |why| OutboundProxyError { variable, why };
    let value = value.trim();
    let uri: Uri = value.parse().map_err(|_| refused("not a URL"))?;
    match uri.scheme() {
        // No scheme is taken as http://, as curl takes it.
        None => {}
        Some(scheme) if *scheme == Scheme::HTTP => {}
        Some(_) => return Err(refused("only an http:// proxy is supported")),
    }
    let authority = uri.authority().ok_or_else(|| refused("no host"))?;
    // `http` splits the user and password from the host at the last `@`, the matcher at the
    // first: with two, part of the password would be taken for the host, and printed.
    if authority.as_str().matches('@').count() > 1 {
        return Err(refused("write an @ in the user or password as %40"));
    }
    if authority.host().is_empty() {
        return Err(refused("no host"));
    }
    if authority.port_u16().is_none() {
        return Err(refused("no port, or not one from 1 to 65535"));
    }
    let probe = Uri::from_static("http://probe.invalid/");
    if Matcher::builder()
        .http(value)
        .build()
        .intercept(&probe)
        .is_none()
    {
        return Err(refused("not a URL"));
    }
    Ok(value.to_owned())
}

/// Whether `host` is this machine: a name under `localhost`, or a loopback or unspecified
/// address (in any of its forms, an IPv4 one written as IPv6 included).
fn is_loopback(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    name == "localhost"
        || name.ends_with(".localhost")
        || bare
            .parse::<IpAddr>()
            .map(|ip| ip.to_canonical())
            .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use axum::http::HeaderValue;

    use super::*;

    fn proxies(variables: &[(&str, &str)]) -> Result<OutboundProxies, OutboundProxyError> {
        let variables: HashMap<String, String> = variables
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        OutboundProxies::from_variables(|name| variables.get(name).cloned())
    }

    fn route(proxies: &OutboundProxies, dst: &str) -> &'static str {
        match proxies.route(&dst.parse().expect("a URI")) {
            Route::Direct => "direct",
            Route::Tunnel(_) => "tunnel",
            Route::Forward(_) => "forward",
        }
    }

    #[test]
    fn https_tunnels_http_forwards_and_no_proxy_and_loopback_go_direct() {
        let proxies = proxies(&[
            ("HTTPS_PROXY", "http://proxy.corp:3128"),
            ("http_proxy", "proxy.corp:8080"),
            ("NO_PROXY", "internal.corp, 10.0.0.0/8"),
        ])
        .expect("usable");
        assert_eq!(route(&proxies, "https://api.flexiti.com/v2.5"), "tunnel");
        assert_eq!(route(&proxies, "http://api.flexiti.com/v2.5"), "forward");
        assert_eq!(route(&proxies, "https://pay.internal.corp/v1"), "direct");
        assert_eq!(route(&proxies, "https://10.1.2.3/v1"), "direct");
        for loopback in [
            "http://127.0.0.1:9",
            "https://localhost/",
            "http://[::1]:80/",
        ] {
            assert_eq!(route(&proxies, loopback), "direct", "{loopback}");
        }
        let url = Url::parse("https://api.flexiti.com/v2.5").expect("a URL");
        assert_eq!(proxies.proxy_for(&url).as_deref(), Some("proxy.corp:3128"));
    }

    #[test]
    fn all_proxy_serves_both_schemes_and_upper_case_wins() {
        let proxies = proxies(&[
            ("ALL_PROXY", "http://all.corp:3128"),
            ("HTTP_PROXY", "http://upper.corp:1"),
            ("http_proxy", "http://lower.corp:2"),
        ])
        .expect("usable");
        let at = |url: &str| proxies.proxy_for(&Url::parse(url).expect("a URL"));
        assert_eq!(at("https://api.example").as_deref(), Some("all.corp:3128"));
        assert_eq!(at("http://api.example").as_deref(), Some("upper.corp:1"));
    }

    #[test]
    fn none_set_or_empty_is_no_proxy() {
        for variables in [&[][..], &[("HTTPS_PROXY", " "), ("NO_PROXY", "*")][..]] {
            let proxies = proxies(variables).expect("usable");
            assert!(proxies.matcher.is_none());
            assert_eq!(route(&proxies, "https://api.example/"), "direct");
        }
    }

    #[test]
    fn credentials_go_with_what_a_proxy_is_handed_and_nowhere_else() {
        let proxies = proxies(&[
            ("ALL_PROXY", "http://ops:s%40cret@proxy.corp:3128"),
            ("NO_PROXY", "pay.example"),
        ])
        .expect("usable");
        let credentials = |dst: &str| match proxies.route(&dst.parse().expect("a URI")) {
            Route::Forward(proxy) | Route::Tunnel(proxy) => proxy.basic_auth().cloned(),
            Route::Direct => None,
        };
        let forwarded = credentials("http://api.example/x");
        // base64("ops:s@cret")
        assert_eq!(
            forwarded.as_ref().map(HeaderValue::as_bytes),
            Some(&b"Basic b3BzOnNAY3JldA=="[..])
        );
        assert!(forwarded.is_some_and(|value| value.is_sensitive()));
        assert!(credentials("http://pay.example/x").is_none());
        let url = Url::parse("http://api.example/").expect("a URL");
        assert_eq!(proxies.proxy_for(&url).as_deref(), Some("proxy.corp:3128"));
    }

    #[test]
    fn a_value_is_read_as_the_matcher_reads_it_whitespace_and_all() {
        let proxies = proxies(&[("HTTPS_PROXY", " http://proxy.corp:3128\r\n")]).expect("usable");
        assert_eq!(route(&proxies, "https://api.example/"), "tunnel");
    }

    #[test]
    fn all_proxy_is_not_read_when_both_schemes_have_their_own() {
        let socks = ("ALL_PROXY", "socks5://proxy.corp:1080");
        let https = ("HTTPS_PROXY", "http://proxy.corp:3128");
        let both = proxies(&[https, ("HTTP_PROXY", "http://proxy.corp:3128"), socks]);
        assert!(both.is_ok());
        let one = proxies(&[https, socks]);
        assert!(one.is_err(), "ALL_PROXY serves http here, and is unusable");
    }

    #[test]
    fn this_machine_is_never_proxied_however_it_is_written() {
        let proxies = proxies(&[("ALL_PROXY", "http://proxy.corp:3128")]).expect("usable");
        for here in [
            "http://127.0.0.1:9",
            "http://127.1.2.3:9",
            "https://localhost/",
            "https://LOCALHOST./",
            "https://sandbox.localhost/",
            "http://[::1]:80/",
            "http://[::ffff:7f00:1]:80/",
            "http://0.0.0.0:80/",
            "http://[::]:80/",
        ] {
            assert_eq!(route(&proxies, here), "direct", "{here}");
        }
        assert_eq!(route(&proxies, "http://localhost.example/"), "forward");
    }

    #[test]
    fn a_value_that_names_no_usable_proxy_is_refused_without_printing_it() {
        for (variable, value, why) in [
            (
                "HTTPS_PROXY",
                "socks5://ops:hunter2@proxy.corp:1080",
                "only an http://",
            ),
            (
                "https_proxy",
                "https://ops:hunter2@proxy.corp:443",
                "only an http://",
            ),
            ("HTTP_PROXY", "/run/hunter2/proxy.sock", "no host"),
            ("ALL_PROXY", "http://ops:hunter2@proxy corp", "not a URL"),
            ("HTTPS_PROXY", "http://ops:p@hunter2@proxy.corp:3128", "%40"),
            (
                "HTTPS_PROXY",
                "http://ops:hunter2@proxy.corp:99999",
                "no port",
            ),
            ("HTTPS_PROXY", "http://ops:hunter2@proxy.corp:", "no port"),
            ("HTTPS_PROXY", "ops:hunter2@proxy.corp", "no port"),
        ] {
            let error = proxies(&[(variable, value)])
                .err()
                .unwrap_or_else(|| panic!("{value} accepted"));
            let line = error.to_string();
            assert!(line.starts_with(variable), "{line}");
            assert!(line.contains(why), "{line}");
            assert!(!line.contains("hunter2"), "{line}");
        }
    }
}
