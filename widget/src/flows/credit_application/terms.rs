//! The terms and conditions of the chosen province, in a scrollable, keyboard-reachable region:
//! loaded again each time the province changes.

use std::{
    cell::{Cell, RefCell},
    rc::{Rc, Weak},
};

use shared::{Locale, TermsDocument};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

use crate::{
    answers,
    api::{self, ApiFailure},
    dom::{self, Listeners},
    i18n::text,
};

/// The terms panel: its region shows the terms, or why they are not there.
pub struct TermsPanel {
    panel: Rc<Panel>,
}

struct Panel {
    document: Document,
    locale: Locale,
    element: Element,
    body: Element,
    /// The province whose terms are shown or loading, empty for none.
    province: RefCell<String>,
    /// Loads started so far: only the last one's answer is shown.
    loads: Cell<u32>,
    /// The last load failed: the region offers to try again.
    failed: Cell<bool>,
    /// The retry button's handler, while there is one.
    retry: RefCell<Listeners>,
}

impl TermsPanel {
    /// The panel, asking for a province first.
    pub fn new(document: &Document, locale: Locale) -> Option<TermsPanel> {
        let words = text(locale);
        let element = dom::element(document, "div", "terms")?;
        let heading = dom::text(document, "h2", "terms__heading", words.terms_heading)?;
        let _ = heading.set_attribute("id", "terms-heading");
        let body = dom::element(document, "div", "terms__body")?;
        dom::set_attributes(
            &body,
            &[
                ("id", "terms"),
                ("role", "region"),
                ("aria-labelledby", "terms-heading"),
                ("tabindex", "0"),
            ],
        );
        let _ = element.append_child(&heading);
        let _ = element.append_child(&body);
        let panel = Rc::new(Panel {
            document: document.clone(),
            locale,
            element,
            body,
            province: RefCell::new(String::new()),
            loads: Cell::new(0),
            failed: Cell::new(false),
            retry: RefCell::new(Listeners::default()),
        });
        panel.show_status(words.terms_pending);
        Some(TermsPanel { panel })
    }

    /// The panel's outermost element, to put on the page.
    pub fn element(&self) -> &Element {
        &self.panel.element
    }

    /// Shows the terms for `province` (empty: asks for one), unless they are shown already.
    pub fn show_for(&self, province: &str) {
        if *self.panel.province.borrow() == province {
            return;
        }
        province.clone_into(&mut self.panel.province.borrow_mut());
        Panel::load(&self.panel);
    }

    /// Loads the terms again if their last load failed (a province chosen a step earlier, while
    /// the network was down).
    pub fn reload_if_failed(&self) {
        if self.panel.failed.get() {
            Panel::load(&self.panel);
        }
    }
}

impl Panel {
    /// Loads the terms of the province chosen; an answer to an earlier load is dropped.
    fn load(panel: &Rc<Panel>) {
        let number = panel.loads.get().wrapping_add(1);
        panel.loads.set(number);
        panel.failed.set(false);
        let words = text(panel.locale);
        let province = panel.province.borrow().clone();
        if province.is_empty() {
            panel.show_status(words.terms_pending);
            return;
        }
        panel.show_status(words.loading);
        let panel = Rc::clone(panel);
        spawn_local(async move {
            let answer = api::get(api::terms(&province, panel.locale))
                .await
                .and_then(|body| api::read_by(body, answers::terms_document));
            if panel.loads.get() == number {
                match answer {
                    Ok(document) => panel.show_document(&document),
                    Err(failure) => Panel::show_failure(&panel, &failure),
                }
            }
        });
    }

    /// `<p class="terms__status">`, alone in the region.
    fn show_status(&self, status: &str) {
        self.replace_body(dom::text(&self.document, "p", "terms__status", status));
    }

    fn show_document(&self, document: &TermsDocument) {
        let shown = dom::element(&self.document, "div", "terms__document");
        if let Some(shown) = &shown {
            let _ = shown.set_attribute("data-region", &format!("{:?}", document.region));
            // The proxy sanitized this HTML with an allow-list: no script, handler or js: link.
            shown.set_inner_html(&document.html);
        }
        self.replace_body(shown);
    }

    /// Why the terms are not there, and a way to load them again.
    fn show_failure(panel: &Rc<Panel>, failure: &ApiFailure) {
        panel.failed.set(true);
        let message = crate::flows::failure_message(failure, panel.locale);
        let Some((notice, button)) =
            dom::retry_notice(&panel.document, message, text(panel.locale).try_again)
        else {
            return;
        };
        let weak: Weak<Panel> = Rc::downgrade(panel);
        let mut listeners = Listeners::default();
        listeners.add_click_later(&button, move || {
            if let Some(panel) = weak.upgrade() {
                Panel::load(&panel);
            }
        });
        panel.replace_body(Some(notice));
        *panel.retry.borrow_mut() = listeners;
    }

    fn replace_body(&self, shown: Option<Element>) {
        drop(self.retry.take());
        self.body.set_text_content(None);
        if let Some(shown) = shown {
            let _ = self.body.append_child(&shown);
        }
    }
}
