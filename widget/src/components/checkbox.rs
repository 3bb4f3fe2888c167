//! A single checkbox with its error, for an explicit agreement: never ticked for the shopper.

use leptos::prelude::*;

use super::text_input::described_by;

/// One checkbox, label beside it, error above it.
#[component]
pub fn Checkbox(
    /// The element id; the error's id is derived from it.
    id: &'static str,
    /// What ticking it means.
    label: &'static str,
    /// Ticked.
    value: RwSignal<bool>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field field--checkbox" class:field--error=move || error.get().is_some()>
            {move || error.get().map(|message| view! {
                <p class="field__error" id=format!("{id}-error")>{message}</p>
            })}
            <input
                id=id
                name=id
                type="checkbox"
                class="field__checkbox"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by(id, false, error)
                prop:checked=move || value.get()
                on:change=move |event| value.set(event_target_checked(&event))
            />
            <label class="field__checkbox-label" for=id>{label}</label>
        </div>
    }
}
