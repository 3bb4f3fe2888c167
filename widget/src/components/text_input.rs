//! A labelled text input, GOV.UK style: label above, hint and error tied by `aria-describedby`,
//! the error shown above the input and the field marked while it stands.

use leptos::prelude::*;

/// The ids a field's hint and error are described by, while each is shown
/// (`dom::text_field::described_by`, which the DOM-built fields use too).
pub fn described_by(id: &str, hint: bool, error: Signal<Option<String>>) -> Signal<Option<String>> {
    let id = id.to_owned();
    Signal::derive(move || {
        crate::dom::text_field::described_by(&id, hint, error.with(Option::is_some))
    })
}

/// The label, hint and error above a control, GOV.UK's order.
#[component]
pub fn FieldHead(
    /// The control's id.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// A hint under the label, if any.
    hint: Option<&'static str>,
    /// The error to show, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <label class="field__label" for=id>{label}</label>
        {hint.map(|hint| view! { <p class="field__hint" id=format!("{id}-hint")>{hint}</p> })}
        {move || error.get().map(|message| view! {
            <p class="field__error" id=format!("{id}-error")>{message}</p>
        })}
    }
}

/// One text field of a form.
#[component]
pub fn TextInput(
    /// The element id (and name); the hint's and the error's ids are derived from it.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// A hint under the label, if any.
    #[prop(default = None, into)]
    hint: Option<&'static str>,
    /// What the shopper typed.
    value: RwSignal<String>,
    /// The `autocomplete` token, so browsers and password managers can fill it.
    autocomplete: &'static str,
    /// The keyboard phones show (`numeric`, `text`, `email`, `tel`, `decimal`...).
    #[prop(default = "text")]
    inputmode: &'static str,
    /// The input's `type` (`text`, `email`, `tel`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Rewrites what was typed as it is typed (e.g. grouping a card number).
    #[prop(optional)]
    format: Option<fn(&str) -> String>,
    /// Hidden behind dots once typed and left (a SIN): shown only while the field has focus.
    #[prop(optional)]
    masked: bool,
) -> impl IntoView {
    let focused = RwSignal::new(false);
    let kind = move || {
        let hide = masked && !focused.get() && !value.with(String::is_empty);
        if hide { "password" } else { kind }
    };
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <FieldHead id label hint error />
            <input
                id=id
                name=id
                class="field__input"
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by(id, hint.is_some(), error)
                prop:value=move || value.get()
                on:focus=move |_| focused.set(true)
                on:blur=move |_| focused.set(false)
                on:input=move |event| {
                    let typed = event_target_value(&event);
                    value.set(format.map_or_else(|| typed.clone(), |format| format(&typed)));
                }
            />
        </div>
    }
}
