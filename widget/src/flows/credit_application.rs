//! The Flexiti credit application. So far: residence, the terms that apply there, and the
//! government ID a resident of that province can present.

use leptos::prelude::*;
use shared::{Choice, FormConfig, Locale};

use crate::{
    api,
    components::{retry_notice::RetryNotice, select_field::SelectField, terms_panel::TermsPanel},
    i18n::text,
};

/// Loads the form's options, then shows the form; a failed load offers to try again.
#[component]
pub fn CreditApplication(
    /// The shopper's language.
    locale: Locale,
) -> impl IntoView {
    let words = text(locale);
    let config = LocalResource::new(move || api::form_config(locale));
    let content = move || match config.get() {
        None => view! { <p class="status" role="status">{words.loading}</p> }.into_any(),
        Some(Ok(config)) => view! { <ResidenceAndId locale config /> }.into_any(),
        Some(Err(failure)) => view! {
            <RetryNotice locale failure on_retry=Callback::new(move |()| config.refetch()) />
        }
        .into_any(),
    };
    view! {
        <h1 class="heading">{words.apply_heading}</h1>
        <p class="intro">{words.apply_intro}</p>
        {content}
    }
}

/// Province, terms, ID type and issuer, each choice narrowing the next.
#[component]
fn ResidenceAndId(
    /// The shopper's language.
    locale: Locale,
    /// The options from Flexiti.
    config: FormConfig,
) -> impl IntoView {
    let words = text(locale);
    let config = StoredValue::new(config);
    let province = RwSignal::new(String::new());
    let id_type = RwSignal::new(String::new());
    let issuer = RwSignal::new(String::new());

    // A new province invalidates the ID choice: the old type may not be offered any more.
    Effect::watch(
        move || province.get(),
        move |_, _, _| id_type.set(String::new()),
        false,
    );
    // A new ID type preselects the shopper's province as issuer where it is one.
    Effect::watch(
        move || id_type.get(),
        move |id_type, _, _| {
            let default = config
                .with_value(|config| config.default_issuer(id_type, &province.get_untracked()));
            issuer.set(default.unwrap_or_default());
        },
        false,
    );

    let provinces = Signal::derive(move || config.with_value(|config| config.provinces.clone()));
    let id_types = Signal::derive(move || {
        let province = province.get();
        config.with_value(|config| {
            config
                .id_types_for(&province)
                .into_iter()
                .map(|id_type| Choice {
                    code: id_type.code.clone(),
                    label: id_type.label.clone(),
                })
                .collect::<Vec<_>>()
        })
    });
    let issuers = Signal::derive(move || {
        let id_type = id_type.get();
        config.with_value(|config| {
            config
                .id_type(&id_type)
                .map(|found| found.issuers.clone())
                .unwrap_or_default()
        })
    });
    let no_province = Signal::derive(move || province.get().is_empty());
    let no_id_type = Signal::derive(move || id_type.get().is_empty());

    view! {
        <form class="form" novalidate on:submit=|event| event.prevent_default()>
            <SelectField
                id="province"
                label=words.province_label
                hint=words.province_hint
                placeholder=words.choose
                options=provinces
                value=province
            />
            <TermsPanel locale province />
            <SelectField
                id="govid-type"
                label=words.id_type_label
                hint=words.id_type_hint
                placeholder=words.choose
                options=id_types
                value=id_type
                disabled=no_province
            />
            <SelectField
                id="govid-issuer"
                label=words.issuer_label
                placeholder=words.choose
                options=issuers
                value=issuer
                disabled=no_id_type
            />
        </form>
    }
}
