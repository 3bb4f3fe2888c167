//! Upstream HTML (terms and conditions, disclosures) made safe to render in the widget, with an
//! allow-list sanitizer: only presentational tags survive, no scripts, no event handlers, no
//! `style`, and links only to absolute `http`, `https`, `mailto` and `tel` URLs (a relative one
//! would point into the proxy's own origin, which terms have no business linking to).

use std::{collections::HashSet, sync::LazyLock};

use ammonia::{Builder, UrlRelative};

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .set_tag_attribute_value("a", "target", "_blank")
        .strip_comments(true);
    builder
});

/// Cleans `html` for rendering inside the widget.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let hostile = r#"<div id='tcs'><h2>Terms</h2><script>alert(1)</script>
            <img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>
            <p style="background:url(javascript:alert(4))" onclick="alert(5)">text</p>
            <iframe src="https://evil.example"></iframe><svg onload=alert(6)></svg></div>"#;
        let clean = sanitize(hostile);
        for banned in [
            "<script",
            "onerror",
            "javascript:",
            "onclick",
            "style=",
            "<iframe",
            "onload",
        ] {
            assert!(!clean.contains(banned), "{banned} survived: {clean}");
        }
        assert!(
            clean.contains("<h2>Terms</h2>") && clean.contains("text"),
            "{clean}"
        );
    }

    #[test]
    fn safe_links_survive_and_open_apart() {
        let clean = sanitize("<a href='https://flexiti.com/privacy-policy/'>privacy</a>");
        assert!(
            clean.contains(r#"href="https://flexiti.com/privacy-policy/""#),
            "{clean}"
        );
        assert!(clean.contains("noopener"), "{clean}");
    }
}
