//! A labelled select with a hint and an error, GOV.UK style: label above, hint and error tied by
//! `aria-describedby`.

use leptos::prelude::*;
use shared::Choice;

use super::text_input::{FieldHead, described_by};

/// A select whose options can change while it is shown.
#[component]
pub fn SelectField(
    /// The element id; the hint's and error's ids are derived from it.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// A hint under the label, if any.
    #[prop(default = None, into)]
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
    /// The error to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// The `autocomplete` token, where browsers can fill it.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <FieldHead id label hint error />
            <select
                id=id
                name=id
                class="field__select"
                autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by(id, hint.is_some(), error)
                disabled=move || disabled.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="" selected=move || value.get().is_empty()>{placeholder}</option>
                // Drawn anew when the options change (a handful, a few times per form): a keyed
                // list (`<For>`) would ship its diffing and hashing for that.
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|choice| {
                            let code = choice.code.clone();
                            view! {
                                <option value=choice.code selected=move || value.get() == code>
                                    {choice.label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
