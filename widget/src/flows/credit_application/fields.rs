//! The application's inputs, each bound to its field: id, label and error come from the field,
//! so no screen can pair a label with the wrong value.

use leptos::prelude::*;
use shared::{ApplicantField as Field, Choice, Locale};

use super::draft::{Draft, Shown};
use crate::components::{select_field::SelectField, text_input::TextInput};

/// The message of `field`'s problem, while it has one.
pub fn error_of(problems: RwSignal<Vec<Shown>>, field: Field) -> Signal<Option<String>> {
    Signal::derive(move || {
        problems.with(|problems| {
            problems
                .iter()
                .find(|(at, _)| *at == field)
                .map(|(_, message)| message.clone())
        })
    })
}

/// A text field of the application.
#[component]
pub fn Input(
    /// Which field.
    field: Field,
    /// The shopper's language.
    locale: Locale,
    /// The form.
    draft: Draft,
    /// The problems shown.
    problems: RwSignal<Vec<Shown>>,
    /// The `autocomplete` token.
    autocomplete: &'static str,
    /// A hint, if any.
    #[prop(default = None, into)]
    hint: Option<&'static str>,
    /// The phone keyboard.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// The input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// Hidden once typed.
    #[prop(optional)]
    masked: bool,
) -> impl IntoView {
    view! {
        <TextInput id=field.id() label=field.label(locale) hint value=draft.get(field)
            autocomplete inputmode kind error=error_of(problems, field) masked />
    }
}

/// A select of the application.
#[component]
pub fn Select(
    /// Which field.
    field: Field,
    /// The shopper's language.
    locale: Locale,
    /// The form.
    draft: Draft,
    /// The problems shown.
    problems: RwSignal<Vec<Shown>>,
    /// The options.
    #[prop(into)]
    options: Signal<Vec<Choice>>,
    /// The empty option's text.
    placeholder: &'static str,
    /// A hint, if any.
    #[prop(default = None, into)]
    hint: Option<&'static str>,
    /// Greyed out while true.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// The `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <SelectField id=field.id() label=field.label(locale) hint placeholder options
            value=draft.get(field) disabled error=error_of(problems, field) autocomplete />
    }
}
