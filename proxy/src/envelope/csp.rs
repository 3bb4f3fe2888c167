//! The Content-Security-Policy of the widget's page. The page runs nothing but our own files:
//! scripts, styles, the wasm module and API calls from our origin; no `unsafe-inline`, no
//! `unsafe-eval` (`wasm-unsafe-eval` lets the module compile); no plugins, no `<base>`, no form
//! posts anywhere. The only inline scripts are the page's own (the early session read, the one
//! that says `ready` for the choice of how to pay the proxy wrote in, and the scripts
//! `cargo xtask` writes to compile and start the wasm), each allowed by its SHA-256,
//! computed from the page as built, read for each answer: a rebuilt widget can never be served
//! with a stale hash, and a script injected into the page has no hash to match. Its one inline
//! style, the stylesheet the build writes in, is allowed the same way. (The choice of how
//! to pay, which the proxy writes into the page, is markup with no script: it needs no hash. The
//! scan hashes the build's data blocks as it finds them, harmlessly.)
//!
//! Every other answer of the proxy (API JSON, assets, errors) carries [`LOCKED_DOWN`]: a document
//! nobody may frame that may load nothing.

use sha2::{Digest, Sha256};

/// The policy of everything that is not a page: nothing loads, nobody frames it.
pub const LOCKED_DOWN: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The demo merchant's page: its own scripts and styles, its server's session endpoint, and the
/// widget's frame, which the loader opens on this same origin. Its own pages may frame each
/// other (`frame-ancestors 'self'`, as `X-Frame-Options: SAMEORIGIN`): the start-up benchmark
/// frames a static first screen from here beside the widget, and no other site may frame it.
/// A page's own inline styles are allowed by their hashes ([`demo_page_policy`]).
pub const DEMO_PAGE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// [`DEMO_PAGE`] for the demo page `html`, with the hashes of its inline styles: the benchmark's
/// static first screen holds the widget's stylesheet as the widget's page does, in a `<style>`.
pub fn demo_page_policy(html: &str) -> String {
    let styles = hashes(inline_styles(html));
    DEMO_PAGE.replacen("style-src 'self'", &format!("style-src 'self'{styles}"), 1)
}

/// The widget page's policy for `html`, frameable by `ancestors` (space-separated origins, or
/// `'none'`).
pub fn widget_page_policy(html: &str, ancestors: &str) -> String {
    let scripts = hashes(inline_scripts(html));
    let styles = hashes(inline_styles(html));
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         frame-ancestors {ancestors}; base-uri 'none'; form-action 'none'; object-src 'none'"
    )
}

/// The CSP sources that allow the inline `texts` (scripts or styles), each after a space.
fn hashes<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    texts
        .map(|text| format!(" {}", hash_source(text)))
        .collect()
}

/// The CSP source that allows the inline script or style `text`: `'sha256-<base64 of its
/// SHA-256>'`.
pub fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The text of every `<script>` without a `src` in `html`, exactly as the browser hashes it.
///
/// The HTML is our build's output, not the shopper's or the upstream's: a scan for `<script ...>`
/// is enough, and anything it missed would be blocked, not allowed.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    inline_elements(html, "script")
}

/// The text of every `<style>` in `html`, exactly as the browser hashes it (the build writes the
/// widget's stylesheet into its page: the first screen shows without waiting for a file).
fn inline_styles(html: &str) -> impl Iterator<Item = &str> {
    inline_elements(html, "style")
}

/// The text of every `<name>` element without a `src` in `html`.
fn inline_elements<'a>(html: &'a str, name: &str) -> impl Iterator<Item = &'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = find_ascii_case_insensitive(rest, &open)?;
            let after_tag = &rest[start..];
            let open_end = after_tag.find('>')?;
            let open_tag = &after_tag[..open_end];
            let body = &after_tag[open_end + 1..];
            let end = find_ascii_case_insensitive(body, &close)?;
            rest = &body[end..];
            if !has_src(open_tag) {
                return Some(&body[..end]);
            }
        }
    })
}

/// Whether a `<script ...` opening tag names a `src` attribute.
fn has_src(open_tag: &str) -> bool {
    open_tag
        .split(|c: char| c.is_ascii_whitespace())
        .any(|attribute| {
            let name = attribute.split('=').next().unwrap_or_default();
            name.eq_ignore_ascii_case("src")
        })
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Standard base64 with padding, as CSP hash sources are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0_u32, |bits, (i, &byte)| {
            bits | u32::from(byte) << (16 - 8 * i)
        });
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (bits >> (18 - 6 * i)) & 0x3f;
                text.push(char::from(ALPHABET[index as usize]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn only_inline_scripts_are_hashed_exactly_as_written() {
        let html = r#"<head><script src="/widget/a.js"></script>
<SCRIPT type="module">
import init from '/widget/a.js';
</SCRIPT><script data-src="x">b()</script></head>"#;
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(
            scripts,
            ["\nimport init from '/widget/a.js';\n", "b()"],
            "a data-src attribute is not a src"
        );
        // `echo -n 'b()' | openssl dgst -sha256 -binary | base64`
        let policy = widget_page_policy(html, "https://shop.example");
        assert!(
            policy.contains("'sha256-cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc='"),
            "{policy}"
        );
        assert!(policy.contains("frame-ancestors https://shop.example;"));
        for forbidden in ["unsafe-inline", "'unsafe-eval'", "*"] {
            assert!(!policy.contains(forbidden), "{policy}");
        }
    }

    #[test]
    fn inline_styles_are_allowed_by_hash_as_styles_and_never_as_scripts() {
        let html = "<head><style>b()</style><script>c()</script></head>";
        let style = "'sha256-cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc='";
        let widget = widget_page_policy(html, "'none'");
        assert!(
            widget.contains(&format!("style-src 'self' {style};")),
            "{widget}"
        );
        let scripts = widget
            .split(';')
            .find(|directive| directive.contains("script-src"))
            .expect("script-src");
        assert!(!scripts.contains(style), "{widget}");
        let demo = demo_page_policy(html);
        assert!(
            demo.contains(&format!("style-src 'self' {style};")),
            "{demo}"
        );
        assert!(
            demo.contains("script-src 'self';"),
            "no inline script: {demo}"
        );
        assert_eq!(demo_page_policy("<p>no style</p>"), DEMO_PAGE);
    }
}
