//! The form's screen: its step's heading (focused when the step changes), progress, the error
//! summary, the fields of the step, and the way on or back.

use leptos::prelude::*;
use shared::{FormConfig, Locale};

use super::{
    HEADING,
    draft::{Draft, Section, Shown},
    outcome::Disclosure,
    sections::{About, Finances, Home, Security},
    words::words,
};
use crate::components::error_summary::ErrorSummary;

/// The form's current step, with the summary of what to put right above it.
#[component]
pub(super) fn FormScreen(
    locale: Locale,
    draft: Draft,
    config: StoredValue<FormConfig>,
    section: RwSignal<Section>,
    problems: RwSignal<Vec<Shown>>,
    busy: RwSignal<bool>,
    network: RwSignal<bool>,
    on_submit: Callback<()>,
    on_back: Callback<()>,
    /// Flexiti's privacy notice, before anything personal is asked.
    privacy: Signal<Option<String>>,
    /// Flexiti's credit disclosure, before the applicant agrees.
    credit: Signal<Option<String>>,
) -> impl IntoView {
    let w = words(locale);
    let summary = Signal::derive(move || {
        problems
            .get()
            .into_iter()
            .map(|(field, message)| (field.id(), message))
            .collect::<Vec<_>>()
    });
    let title = move || match section.get() {
        Section::About => w.about,
        Section::Home => w.home,
        Section::Finances => w.finances,
        Section::Security => w.security,
    };
    let last = move || section.get().next().is_none();
    view! {
        <p class="intro">{w.intro}</p>
        <p class="progress">{move || format!("{} {} {} {}", w.step_of.0, section.get().number(), w.step_of.1, Section::ALL.len())}</p>
        <h2 id=HEADING class="heading heading--step" tabindex="-1">{title}</h2>
        <ErrorSummary title=w.problems problems=summary />
        <NetworkNotice locale network />
        <form class="form" novalidate on:submit=move |event| {
            event.prevent_default();
            on_submit.run(());
        }>
            <Show when=move || section.get() == Section::About>
                <Disclosure id="privacy-notice" html=privacy />
            </Show>
            {move || match section.get() {
                Section::About => view! { <About locale draft config problems /> }.into_any(),
                Section::Home => view! { <Home locale draft config problems /> }.into_any(),
                Section::Finances => view! { <Finances locale draft problems /> }.into_any(),
                Section::Security => view! { <Security locale draft config problems /> }.into_any(),
            }}
            <Show when=move || section.get() == Section::Security>
                <Disclosure id="credit-disclosure" html=credit />
            </Show>
            <div class="actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get()>
                    {move || match (last(), busy.get()) {
                        (true, true) => w.applying,
                        (true, false) => w.apply,
                        _ => w.continue_,
                    }}
                </button>
                <Show when=move || section.get().previous().is_some()>
                    <button type="button" class="button button--secondary"
                        on:click=move |_| on_back.run(())>{w.back}</button>
                </Show>
            </div>
        </form>
    }
}

/// "We couldn't connect; what you typed is kept", while the last call found no network.
#[component]
pub(super) fn NetworkNotice(locale: Locale, network: RwSignal<bool>) -> impl IntoView {
    let w = words(locale);
    view! {
        <Show when=move || network.get()>
            <div class="notice notice--error" role="alert" id="network-notice">
                <p class="notice__message">{w.network}</p>
            </div>
        </Show>
    }
}
