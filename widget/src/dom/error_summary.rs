//! The error summary at the top of a form (GOV.UK's pattern): a titled list of what to put
//! right, each item a link to its field, which takes focus when shown so that it is read out
//! first.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::{element, set_attributes, text};

/// The summary, on the page while there are problems.
pub struct ErrorSummary {
    document: Document,
    summary: Element,
    list: Element,
}

impl ErrorSummary {
    /// The summary titled `title` ("There is a problem"), not yet on the page.
    pub fn new(document: &Document, title: &str) -> Option<ErrorSummary> {
        let summary = element(document, "div", "summary")?;
        set_attributes(
            &summary,
            &[
                ("id", "error-summary"),
                ("role", "alert"),
                ("tabindex", "-1"),
            ],
        );
        let title = text(document, "h2", "summary__title", title)?;
        let _ = summary.append_child(&title);
        let list = element(document, "ul", "")?;
        let _ = summary.append_child(&list);
        Some(ErrorSummary {
            document: document.clone(),
            summary,
            list,
        })
    }

    /// Lists `problems` (field id, message) just after `heading` and moves focus to them; with
    /// none, takes the summary off the page.
    pub fn show(&self, heading: &Element, problems: &[(&str, &str)]) {
        if problems.is_empty() {
            self.summary.remove();
            return;
        }
        self.list.set_text_content(None);
        for (id, message) in problems {
            let (Some(item), Some(link)) = (
                element(&self.document, "li", ""),
                text(&self.document, "a", "", message),
            ) else {
                continue;
            };
            let _ = link.set_attribute("href", &format!("#{id}"));
            let _ = item.append_child(&link);
            let _ = self.list.append_child(&item);
        }
        let _ = heading.after_with_node_1(&self.summary);
        if let Some(summary) = self.summary.dyn_ref::<HtmlElement>() {
            let _ = summary.focus();
        }
    }
}
