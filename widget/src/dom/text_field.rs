//! A labelled text field drawn as `components::text_input::TextInput` draws one (GOV.UK's
//! pattern): the label, a hint and the error above the input, tied to it by `aria-describedby`,
//! and the field marked while its error stands.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use super::{Listeners, element, set_attributes, text};

/// What a field is: its id (also its name), its words and the keyboard it wants.
pub struct FieldSpec {
    /// The input's id and name; the hint's and the error's ids are derived from it.
    pub id: &'static str,
    /// The visible label.
    pub label: &'static str,
    /// A hint under the label, if any.
    pub hint: Option<&'static str>,
    /// The `autocomplete` token, so browsers and password managers can fill it.
    pub autocomplete: &'static str,
    /// The keyboard phones show (`numeric`, `text`).
    pub inputmode: &'static str,
}

impl FieldSpec {
    /// A field with no hint.
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
        }
    }

    /// The same field, with `hint` under its label.
    pub const fn with_hint(self, hint: &'static str) -> FieldSpec {
        FieldSpec {
            hint: Some(hint),
            ..self
        }
    }
}

/// A field on the page.
pub struct TextField {
    spec: FieldSpec,
    field: Element,
    input: HtmlInputElement,
    error: Element,
}

impl TextField {
    /// The field, not yet on the page.
    pub fn new(document: &Document, spec: FieldSpec) -> Option<TextField> {
        let field = element(document, "div", "field")?;
        let label = text(document, "label", "field__label", spec.label)?;
        let _ = label.set_attribute("for", spec.id);
        let _ = field.append_child(&label);
        if let Some(hint) = spec.hint {
            let hint = text(document, "p", "field__hint", hint)?;
            let _ = hint.set_attribute("id", &format!("{}-hint", spec.id));
            let _ = field.append_child(&hint);
        }
        let error = element(document, "p", "field__error")?;
        let _ = error.set_attribute("id", &format!("{}-error", spec.id));
        let input: HtmlInputElement = element(document, "input", "field__input")?
            .dyn_into()
            .ok()?;
        set_attributes(
            &input,
            &[
                ("id", spec.id),
                ("name", spec.id),
                ("type", "text"),
                ("autocomplete", spec.autocomplete),
                ("inputmode", spec.inputmode),
                ("spellcheck", "false"),
            ],
        );
        let _ = field.append_child(&input);
        let field = TextField {
            spec,
            field,
            input,
            error,
        };
        field.show_error(None);
        Some(field)
    }

    /// The field's outermost element, to put on the page.
    pub fn element(&self) -> &Element {
        &self.field
    }

    /// What the shopper typed.
    pub fn value(&self) -> String {
        self.input.value()
    }

    /// Empties the field.
    pub fn clear(&self) {
        self.input.set_value("");
    }

    /// Rewrites what is typed as it is typed (e.g. grouping a card number's digits), and then
    /// runs `then`.
    pub fn on_input(
        &self,
        listeners: &mut Listeners,
        format: Option<fn(&str) -> String>,
        then: impl Fn(&str) + 'static,
    ) {
        let input = self.input.clone();
        listeners.add(&self.input, "input", move |_| {
            let typed = input.value();
            if let Some(format) = format {
                let formatted = format(&typed);
                if formatted != typed {
                    input.set_value(&formatted);
                }
            }
            then(&input.value());
        });
    }

    /// Shows `message` above the input and marks the field, or takes both away (`None`).
    pub fn show_error(&self, message: Option<&str>) {
        match message {
            Some(message) => {
                self.error.set_text_content(Some(message));
                let _ = self.field.insert_before(&self.error, Some(&self.input));
            }
            None => self.error.remove(),
        }
        let class = if message.is_some() {
            "field field--error"
        } else {
            "field"
        };
        self.field.set_class_name(class);
        let invalid = if message.is_some() { "true" } else { "false" };
        let _ = self.input.set_attribute("aria-invalid", invalid);
        match described_by(self.spec.id, self.spec.hint.is_some(), message.is_some()) {
            Some(ids) => {
                let _ = self.input.set_attribute("aria-describedby", &ids);
            }
            None => {
                let _ = self.input.remove_attribute("aria-describedby");
            }
        }
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
