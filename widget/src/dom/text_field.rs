//! A labelled text field (`field::Frame` around an `<input>`).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use super::{
    Listeners, element,
    field::{FieldSpec, Frame},
    set_attributes,
};

/// A text field on the page.
pub struct TextField {
    frame: Frame,
    input: HtmlInputElement,
}

impl TextField {
    /// The field, not yet on the page.
    pub fn new(document: &Document, spec: FieldSpec) -> Option<TextField> {
        let input: HtmlInputElement = element(document, "input", "field__input")?
            .dyn_into()
            .ok()?;
        set_attributes(
            &input,
            &[
                ("type", spec.kind),
                ("autocomplete", spec.autocomplete),
                ("inputmode", spec.inputmode),
                ("spellcheck", "false"),
            ],
        );
        let frame = Frame::new(document, &spec, input.clone().into())?;
        Some(TextField { frame, input })
    }

    /// The field's outermost element, to put on the page.
    pub fn element(&self) -> &Element {
        self.frame.element()
    }

    /// The field, to show errors and hints on.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// What the shopper typed.
    pub fn value(&self) -> String {
        self.input.value()
    }

    /// Puts `value` in the field, as if typed.
    pub fn set_value(&self, value: &str) {
        self.input.set_value(value);
    }

    /// Empties the field.
    pub fn clear(&self) {
        self.input.set_value("");
    }

    /// Shows `message` above the input and marks the field, or takes both away (`None`).
    pub fn show_error(&self, message: Option<&str>) {
        self.frame.show_error(message);
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

    /// Hides what was typed behind dots once the shopper leaves the field (a SIN), and shows it
    /// again while the field has focus.
    pub fn mask_when_left(&self, listeners: &mut Listeners) {
        let kind = self.input.type_();
        let input = self.input.clone();
        listeners.add(&self.input, "focus", move |_| input.set_type(&kind));
        let input = self.input.clone();
        listeners.add(&self.input, "blur", move |_| mask(&input));
    }

    /// Hides what was typed behind dots, unless the shopper is typing it (for a field masked
    /// with [`TextField::mask_when_left`]).
    pub fn mask_unless_focused(&self) {
        let focused = super::document()
            .and_then(|document| document.active_element())
            .is_some_and(|active| active == **self.input);
        if !focused {
            mask(&self.input);
        }
    }
}

/// Dots in place of what `input` holds, when it holds something.
fn mask(input: &HtmlInputElement) {
    if !input.value().is_empty() {
        input.set_type("password");
    }
}
