//! The demo merchant page (`static/demo/`), as a test reads it: the log of the widget's events it
//! heard.

use crate::{browser::Browser, eventually};

/// The types of events the demo page's log shows.
pub async fn logged(browser: &Browser) -> Vec<String> {
    let types = browser
        .js(
            "return Array.from(document.querySelectorAll('#events li')).map(li => li.getAttribute('data-type'));",
            vec![],
        )
        .await;
    serde_json::from_value(types).unwrap_or_default()
}

/// Waits for the demo page's log to show each of `types`.
pub async fn heard(browser: &Browser, types: &[&str]) {
    eventually(
        &format!("the events {types:?} on the merchant's page"),
        || async {
            let seen = logged(browser).await;
            if types.iter().all(|wanted| seen.iter().any(|t| t == wanted)) {
                Ok(())
            } else {
                Err(format!("{seen:?}"))
            }
        },
    )
    .await;
}
