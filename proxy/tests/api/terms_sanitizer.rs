//! The terms HTML the widget is given, when the upstream's carries an XSS corpus (OWASP's filter
//! evasion cases and later mutation cases, `proxy::testing::xss`): every element and attribute
//! left is one that cannot run code, and every URL left is absolute and of a harmless scheme.
//! The browser test `e2e/tests/hostile_terms.rs` renders the same corpus in Chromium.

use proxy::testing::{
    TestApp,
    xss::{CORPUS, document},
};
use reqwest::StatusCode;
use sandbox::SandboxConfig;
use serde_json::Value;
use shared::paths;

/// Elements that can run code, load a document, or change what the page's URLs mean.
const UNSAFE_ELEMENTS: [&str; 26] = [
    "script", "iframe", "frame", "frameset", "object", "embed", "svg", "math", "style", "meta",
    "base", "link", "form", "input", "button", "select", "textarea", "keygen", "body", "video",
    "audio", "source", "marquee", "bgsound", "noscript", "x",
];

/// Attributes that run code or load what a policy should decide.
const UNSAFE_ATTRIBUTES: [&str; 11] = [
    "style",
    "srcdoc",
    "formaction",
    "action",
    "background",
    "dynsrc",
    "lowsrc",
    "xlink:href",
    "data",
    "srcset",
    "autofocus",
];

/// The elements of `html`, each with its attributes: exact for what the sanitizer writes
/// (well-formed, values in double quotes, `<` in text escaped), rough for anything else.
fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let attribute_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len())
                .max(1);
            let attribute = rest[..attribute_end].to_ascii_lowercase();
            rest = &rest[attribute_end..];
            let (value, after) = attribute_value(rest);
            rest = after;
            attributes.push((attribute, value));
        }
        found.push((name, attributes));
    }
    found
}

/// The value after an attribute's name, if any (double-, single- or unquoted), and what follows.
fn attribute_value(rest: &str) -> (String, &str) {
    let Some(rest) = rest.strip_prefix('=') else {
        return (String::new(), rest);
    };
    for quote in ['"', '\'', '`'] {
        if let Some(quoted) = rest.strip_prefix(quote) {
            let close = quoted.find(quote).unwrap_or(quoted.len());
            let after = quoted.get(close + 1..).unwrap_or_default();
            return (quoted[..close].to_owned(), after);
        }
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>')
        .unwrap_or(rest.len());
    (rest[..end].to_owned(), &rest[end..])
}

fn unsafe_parts(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (element, attributes) in elements(html) {
        if UNSAFE_ELEMENTS.contains(&element.as_str()) {
            problems.push(format!("<{element}>"));
        }
        for (attribute, value) in attributes {
            if attribute.starts_with("on") || UNSAFE_ATTRIBUTES.contains(&attribute.as_str()) {
                problems.push(format!("<{element} {attribute}>"));
            }
            if matches!(attribute.as_str(), "href" | "src" | "cite") {
                let url = value.trim().to_ascii_lowercase();
                let harmless = ["https://", "http://", "mailto:", "tel:"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme));
                if !harmless {
                    problems.push(format!("<{element} {attribute}=\"{value}\">"));
                }
            }
        }
    }
    problems
}

async fn terms_shown(html: String) -> String {
    let sandbox = SandboxConfig {
        terms_override: Some(html),
        ..SandboxConfig::default()
    };
    let app = TestApp::spawn_with_sandbox(sandbox).await;
    let token = app.client_token().await;
    let path = format!("{}?province=ON&locale=en-CA", paths::TERMS);
    let answer = app
        .widget_get(&path, &token)
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), StatusCode::OK);
    let terms: Value = answer.json().await.expect("JSON");
    terms["html"].as_str().expect("the terms' HTML").to_owned()
}

#[tokio::test]
async fn no_case_of_the_xss_corpus_survives_in_the_terms() {
    let shown = terms_shown(document()).await;
    assert!(shown.contains("A readable clause survives."), "{shown}");
    assert_eq!(unsafe_parts(&shown), Vec::<String>::new(), "{shown}");
    // The check itself: the corpus as written is caught in every case.
    for (name, case) in CORPUS {
        let lowered = case.to_ascii_lowercase();
        let raw_is_unsafe = !unsafe_parts(&lowered).is_empty()
            || lowered.contains("<script")
            || lowered.contains("javascript");
        assert!(raw_is_unsafe, "{name} would pass unnoticed");
    }
}

#[tokio::test]
async fn each_case_alone_leaves_nothing_unsafe() {
    for (name, case) in CORPUS {
        let shown = terms_shown(format!("<p>clause</p>{case}")).await;
        assert_eq!(
            unsafe_parts(&shown),
            Vec::<String>::new(),
            "{name}: {shown}"
        );
    }
}

#[tokio::test]
async fn links_stay_absolute_and_open_apart() {
    let shown = terms_shown(
        r#"<p><a href="https://flexiti.com/privacy-policy/">privacy</a>
           <a href="/api/v1/session">ours</a><a href="tel:18005551234">call</a></p>"#
            .to_owned(),
    )
    .await;
    assert!(
        shown.contains(r#"href="https://flexiti.com/privacy-policy/""#),
        "{shown}"
    );
    assert!(shown.contains(r#"href="tel:18005551234""#), "{shown}");
    assert!(!shown.contains("/api/v1/session"), "{shown}");
    assert_eq!(unsafe_parts(&shown), Vec::<String>::new(), "{shown}");
}
