//! A labelled select (`field::Frame` around a `<select>`) whose options can change while it is
//! shown: the choice of one field narrows the options of the next.

use shared::Choice;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlSelectElement};

use super::{
    Listeners, element,
    field::{FieldSpec, Frame},
};

/// A select on the page.
pub struct SelectField {
    frame: Frame,
    select: HtmlSelectElement,
    placeholder: &'static str,
}

impl SelectField {
    /// The select, with only its empty option (`placeholder`, "Choose…"), not yet on the page.
    pub fn new(
        document: &Document,
        spec: &FieldSpec,
        placeholder: &'static str,
    ) -> Option<SelectField> {
        let select: HtmlSelectElement = element(document, "select", "field__select")?
            .dyn_into()
            .ok()?;
        let _ = select.set_attribute("autocomplete", spec.autocomplete);
        let frame = Frame::new(document, spec, select.clone().into())?;
        let field = SelectField {
            frame,
            select,
            placeholder,
        };
        field.set_options(&[]);
        Some(field)
    }

    /// The field, to show errors on.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// The chosen code, empty for none.
    pub fn value(&self) -> String {
        self.select.value()
    }

    /// Chooses `code` (empty, or one not offered: none).
    pub fn set_value(&self, code: &str) {
        self.select.set_value(code);
        if self.select.selected_index() < 0 {
            self.select.set_selected_index(0);
        }
    }

    /// Offers `options` after the empty one; the choice stays where it is still offered.
    pub fn set_options(&self, options: &[Choice]) {
        let chosen = self.value();
        self.select.set_text_content(None);
        // Option elements, not markup: the labels are Flexiti's text.
        for (code, label) in std::iter::once(("", self.placeholder))
            .chain(options.iter().map(|c| (c.code.as_str(), c.label.as_str())))
        {
            if let Ok(option) = web_sys::HtmlOptionElement::new_with_text_and_value(label, code) {
                let _ = self.select.append_child(&option);
            }
        }
        self.set_value(&chosen);
    }

    /// Greys the select out, and skips it with the keyboard, while `disabled`.
    pub fn set_disabled(&self, disabled: bool) {
        self.select.set_disabled(disabled);
    }

    /// Runs `then` with the new code whenever the shopper chooses.
    pub fn on_change(&self, listeners: &mut Listeners, then: impl Fn(&str) + 'static) {
        let select = self.select.clone();
        listeners.add(&self.select, "change", move |_| then(&select.value()));
    }
}
