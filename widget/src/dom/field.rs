//! What every field of a form shares, GOV.UK's pattern: a label, a hint and an error above the
//! control, tied to it by `aria-describedby`, and the field marked while its error stands. Text
//! fields, selects and the agreement's checkbox are drawn around it.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use super::{element, set_attributes, text};

/// What a field is: its id (also its name), its words and the keyboard it wants.
pub struct FieldSpec {
    /// The control's id and name; the hint's and the error's ids are derived from it.
    pub id: &'static str,
    /// The visible label.
    pub label: &'static str,
    /// A hint under the label, if any.
    pub hint: Option<&'static str>,
    /// The `autocomplete` token, so browsers and password managers can fill it.
    pub autocomplete: &'static str,
    /// The keyboard phones show (`numeric`, `text`, `decimal`, `email`, `tel`).
    pub inputmode: &'static str,
    /// The input's `type` (`text`, `email`, `tel`).
    pub kind: &'static str,
}

impl FieldSpec {
    /// A text field with no hint.
    pub const fn new(
        id: &'static str,
        label: &'static str,
        autocomplete: &'static str,
        inputmode: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            id,
            label,
            hint: None,
            autocomplete,
            inputmode,
            kind: "text",
        }
    }

    /// The same field, with `hint` under its label.
    pub const fn with_hint(self, hint: &'static str) -> FieldSpec {
        FieldSpec {
            hint: Some(hint),
            ..self
        }
    }

    /// The same field, an input of type `kind` (`email`, `tel`).
    pub const fn of_type(self, kind: &'static str) -> FieldSpec {
        FieldSpec { kind, ..self }
    }
}

/// A field's outer element with its label, hint and error, around its control.
pub struct Frame {
    id: &'static str,
    class: &'static str,
    field: Element,
    hint: Option<Element>,
    error: Element,
    control: Element,
}

impl Frame {
    /// `<div class="field">`, its label and hint, then `control` (the error goes above it when
    /// shown).
    pub fn new(document: &Document, spec: &FieldSpec, control: Element) -> Option<Frame> {
        let field = element(document, "div", "field")?;
        let label = text(document, "label", "field__label", spec.label)?;
        let _ = label.set_attribute("for", spec.id);
        let _ = field.append_child(&label);
        let hint = match spec.hint {
            Some(hint) => {
                let hint = text(document, "p", "field__hint", hint)?;
                let _ = hint.set_attribute("id", &format!("{}-hint", spec.id));
                let _ = field.append_child(&hint);
                Some(hint)
            }
            None => None,
        };
        let _ = field.append_child(&control);
        Frame::around(document, (spec.id, "field"), field, hint, control)
    }

    /// The frame of `field` (of class `class`), whose `control` is in it already.
    fn around(
        document: &Document,
        (id, class): (&'static str, &'static str),
        field: Element,
        hint: Option<Element>,
        control: Element,
    ) -> Option<Frame> {
        set_attributes(&control, &[("id", id), ("name", id)]);
        let error = element(document, "p", "field__error")?;
        let _ = error.set_attribute("id", &format!("{id}-error"));
        let frame = Frame {
            id,
            class,
            field,
            hint,
            error,
            control,
        };
        frame.show_error(None);
        Some(frame)
    }

    /// The field's outermost element, to put on the page.
    pub fn element(&self) -> &Element {
        &self.field
    }

    /// Changes the hint's words (the field has one).
    pub fn set_hint(&self, hint: &str) {
        if let Some(element) = &self.hint {
            element.set_text_content(Some(hint));
        }
    }

    /// Shows `message` above the control and marks the field, or takes both away (`None`).
    pub fn show_error(&self, message: Option<&str>) {
        match message {
            Some(message) => {
                self.error.set_text_content(Some(message));
                let _ = self.field.insert_before(&self.error, Some(&self.control));
            }
            None => self.error.remove(),
        }
        let class = if message.is_some() {
            format!("{} field--error", self.class)
        } else {
            self.class.to_owned()
        };
        self.field.set_class_name(&class);
        let invalid = if message.is_some() { "true" } else { "false" };
        let _ = self.control.set_attribute("aria-invalid", invalid);
        match described_by(self.id, self.hint.is_some(), message.is_some()) {
            Some(ids) => {
                let _ = self.control.set_attribute("aria-describedby", &ids);
            }
            None => {
                let _ = self.control.remove_attribute("aria-describedby");
            }
        }
    }
}

/// A box the shopper ticks to agree (never ticked for them): the error above it, the label
/// beside it.
pub struct Checkbox {
    frame: Frame,
    input: HtmlInputElement,
}

impl Checkbox {
    /// `<div class="field field--checkbox">` with the box `id` and its `label`.
    pub fn new(document: &Document, id: &'static str, label: &str) -> Option<Checkbox> {
        let field = element(document, "div", "field field--checkbox")?;
        let input: HtmlInputElement = element(document, "input", "field__checkbox")?
            .dyn_into()
            .ok()?;
        let _ = input.set_attribute("type", "checkbox");
        let _ = field.append_child(&input);
        let label = text(document, "label", "field__checkbox-label", label)?;
        let _ = label.set_attribute("for", id);
        let _ = field.append_child(&label);
        let control = input.clone().into();
        let frame = Frame::around(
            document,
            (id, "field field--checkbox"),
            field,
            None,
            control,
        )?;
        Some(Checkbox { frame, input })
    }

    /// The field, to put on the page and to show errors on.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// Ticked.
    pub fn checked(&self) -> bool {
        self.input.checked()
    }
}

/// The ids the field `id`'s hint and error are described by, while each is shown: the value of
/// its `aria-describedby`, `None` when there is neither.
pub fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = String::new();
    for (shown, what) in [(hint, "-hint"), (error, "-error")] {
        if shown {
            if !ids.is_empty() {
                ids.push(' ');
            }
            ids.push_str(id);
            ids.push_str(what);
        }
    }
    (!ids.is_empty()).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::described_by;

    #[test]
    fn a_field_is_described_by_its_hint_then_its_error_while_each_is_shown() {
        assert_eq!(described_by("dob", false, false), None);
        assert_eq!(
            described_by("dob", true, false).as_deref(),
            Some("dob-hint")
        );
        assert_eq!(
            described_by("dob", false, true).as_deref(),
            Some("dob-error")
        );
        assert_eq!(
            described_by("dob", true, true).as_deref(),
            Some("dob-hint dob-error")
        );
    }
}
