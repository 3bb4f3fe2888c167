//! The four steps of the form. Each shows only its own fields; the choices come from Flexiti
//! (`merchants/login` `form_values`), and each choice narrows the next: the province decides the
//! terms and the IDs offered, the ID type decides who may have issued it.

use leptos::prelude::*;
use shared::{
    ApplicantField as Field, Choice, FormConfig, HOUSING_TYPES, Locale, OCCUPATIONS, choices,
};

use super::{
    draft::{Draft, Shown},
    fields::{Input, Select, error_of},
    words::words,
};
use crate::components::{checkbox::Checkbox, terms_panel::TermsPanel};

/// Amount, name, birth date, contact and language.
#[component]
pub fn About(
    locale: Locale,
    draft: Draft,
    config: StoredValue<FormConfig>,
    problems: RwSignal<Vec<Shown>>,
) -> impl IntoView {
    let w = words(locale);
    let salutations = Signal::derive(move || config.with_value(|c| c.salutations.clone()));
    let languages = vec![
        Choice {
            code: "en-CA".into(),
            label: w.english.into(),
        },
        Choice {
            code: "fr-CA".into(),
            label: w.french.into(),
        },
    ];
    view! {
        <Input field=Field::AmountRequested locale draft problems autocomplete="off"
            inputmode="decimal" hint=w.amount_hint />
        <Select field=Field::Salutation locale draft problems options=salutations
            placeholder=w.choose autocomplete="honorific-prefix" />
        <Input field=Field::FirstName locale draft problems autocomplete="given-name" />
        <Input field=Field::MiddleName locale draft problems autocomplete="additional-name" />
        <Input field=Field::LastName locale draft problems autocomplete="family-name" />
        <Input field=Field::Dob locale draft problems autocomplete="bday" inputmode="numeric"
            hint=w.dob_hint />
        <Input field=Field::Email locale draft problems autocomplete="email" inputmode="email"
            kind="email" hint=w.email_hint />
        <Input field=Field::PhoneNumber locale draft problems autocomplete="tel-national"
            inputmode="tel" kind="tel" hint=w.phone_hint />
        <Select field=Field::Language locale draft problems options=Signal::derive(move || languages.clone())
            placeholder=w.choose />
    }
}

/// Address, province, and the government ID a resident of that province can show.
#[component]
pub fn Home(
    locale: Locale,
    draft: Draft,
    config: StoredValue<FormConfig>,
    problems: RwSignal<Vec<Shown>>,
) -> impl IntoView {
    let w = words(locale);
    let (province, id_type, issuer) = (
        draft.get(Field::Province),
        draft.get(Field::GovIdType),
        draft.get(Field::GovIdIssuedBy),
    );
    // A new province may not offer the ID chosen: choose again.
    Effect::watch(
        move || province.get(),
        move |_, _, _| id_type.set(String::new()),
        false,
    );
    // A new ID type preselects the shopper's province as issuer where it is one.
    Effect::watch(
        move || id_type.get(),
        move |id_type, _, _| {
            let default =
                config.with_value(|c| c.default_issuer(id_type, &province.get_untracked()));
            issuer.set(default.unwrap_or_default());
        },
        false,
    );
    let provinces = Signal::derive(move || config.with_value(|c| c.provinces.clone()));
    let id_types = Signal::derive(move || {
        let province = province.get();
        config.with_value(|c| {
            c.id_types_for(&province)
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
        config
            .with_value(|c| c.id_type(&id_type).map(|found| found.issuers.clone()))
            .unwrap_or_default()
    });
    view! {
        <Input field=Field::Address1 locale draft problems autocomplete="address-line1" />
        <Input field=Field::Address2 locale draft problems autocomplete="address-line2" />
        <Input field=Field::City locale draft problems autocomplete="address-level2" />
        <Select field=Field::Province locale draft problems options=provinces placeholder=w.choose
            hint=w.province_hint autocomplete="address-level1" />
        <Input field=Field::PostalCode locale draft problems autocomplete="postal-code"
            hint=w.postal_hint />
        <Select field=Field::GovIdType locale draft problems options=id_types placeholder=w.choose
            hint=w.id_type_hint disabled=Signal::derive(move || province.with(String::is_empty)) />
        <Select field=Field::GovIdIssuedBy locale draft problems options=issuers placeholder=w.choose
            disabled=Signal::derive(move || id_type.with(String::is_empty)) />
        <Input field=Field::GovIdNumber locale draft problems autocomplete="off"
            hint=w.id_number_hint />
        <Input field=Field::GovIdExpiry locale draft problems autocomplete="off" inputmode="numeric"
            hint=w.expiry_hint />
    }
}

/// Income, housing, work and the optional SIN.
#[component]
pub fn Finances(locale: Locale, draft: Draft, problems: RwSignal<Vec<Shown>>) -> impl IntoView {
    let w = words(locale);
    let quebec = draft.get(Field::Province).get_untracked() == "QC";
    let housing_hint = if quebec {
        w.housing_costs_quebec
    } else {
        w.housing_costs_hint
    };
    view! {
        <Input field=Field::PersonalIncome locale draft problems autocomplete="off"
            inputmode="decimal" hint=w.income_hint />
        <Input field=Field::HouseholdIncome locale draft problems autocomplete="off"
            inputmode="decimal" hint=w.household_hint />
        <Select field=Field::HousingType locale draft problems
            options=Signal::derive(move || choices(&HOUSING_TYPES, locale)) placeholder=w.choose />
        <Input field=Field::MonthlyHousingExpenses locale draft problems autocomplete="off"
            inputmode="decimal" hint=housing_hint />
        <Select field=Field::Occupation locale draft problems
            options=Signal::derive(move || choices(&OCCUPATIONS, locale)) placeholder=w.choose />
        <Input field=Field::OccupationTitle locale draft problems autocomplete="organization-title"
            hint=w.occupation_hint />
        <Input field=Field::EmployerName locale draft problems autocomplete="organization" />
        <Input field=Field::EmployerPhone locale draft problems autocomplete="off" inputmode="tel"
            kind="tel" />
        <Input field=Field::Sin locale draft problems autocomplete="off" inputmode="numeric"
            hint=w.sin_hint masked=true />
    }
}

/// The security question and word, the terms of the applicant's province, the agreement.
#[component]
pub fn Security(
    locale: Locale,
    draft: Draft,
    config: StoredValue<FormConfig>,
    problems: RwSignal<Vec<Shown>>,
) -> impl IntoView {
    let w = words(locale);
    let questions = Signal::derive(move || config.with_value(|c| c.security_questions.clone()));
    let province = draft.get(Field::Province);
    view! {
        <Select field=Field::SecurityQuestion locale draft problems options=questions
            placeholder=w.choose hint=w.question_hint />
        <Input field=Field::SecurityAnswer locale draft problems autocomplete="off" />
        <Input field=Field::Piw locale draft problems autocomplete="off" hint=w.piw_hint />
        <TermsPanel locale province />
        <Checkbox id=Field::Terms.id() label=Field::Terms.label(locale) value=draft.terms
            error=error_of(problems, Field::Terms) />
    }
}
