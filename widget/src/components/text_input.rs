//! A labelled text input, GOV.UK style: label above, hint and error tied by `aria-describedby`,
//! the error shown above the input and the field marked while it stands.

use leptos::prelude::*;

/// One text field of a form.
#[component]
pub fn TextInput(
    /// The element id (and name); the hint's and the error's ids are derived from it.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// A hint under the label, if any.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// What the shopper typed.
    value: RwSignal<String>,
    /// The `autocomplete` token, so browsers and password managers can fill it.
    autocomplete: &'static str,
    /// The keyboard phones show (`numeric`, `text`, `email`...).
    #[prop(default = "text")]
    inputmode: &'static str,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<&'static str>>,
    /// Rewrites what was typed as it is typed (e.g. grouping a card number).
    #[prop(optional)]
    format: Option<fn(&str) -> String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="field__label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            {move || error.get().map(|message| view! {
                <p class="field__error" id=error_id.clone()>{message}</p>
            })}
            <input
                id=id
                name=id
                class="field__input"
                type="text"
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |event| {
                    let typed = event_target_value(&event);
                    value.set(format.map_or_else(|| typed.clone(), |format| format(&typed)));
                }
            />
        </div>
    }
}
