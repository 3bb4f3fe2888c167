//! A labelled select with a hint, GOV.UK style: label above, hint tied by `aria-describedby`.

use leptos::prelude::*;
use shared::Choice;

/// A select whose options can change while it is shown.
#[component]
pub fn SelectField(
    /// The element id; the hint's id is derived from it.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// A hint under the label, if any.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The text of the empty first option.
    placeholder: &'static str,
    /// The options, reactive.
    #[prop(into)]
    options: Signal<Vec<Choice>>,
    /// The chosen code (empty for none).
    value: RwSignal<String>,
    /// Shown greyed out and skipped by the keyboard while true.
    #[prop(into, optional)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <select
                id=id
                name=id
                class="field__select"
                aria-describedby=described_by
                disabled=move || disabled.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="" selected=move || value.get().is_empty()>{placeholder}</option>
                <For
                    each=move || options.get()
                    key=|choice| choice.code.clone()
                    children=move |choice| {
                        let code = choice.code.clone();
                        view! {
                            <option value=choice.code selected=move || value.get() == code>
                                {choice.label}
                            </option>
                        }
                    }
                />
            </select>
        </div>
    }
}
