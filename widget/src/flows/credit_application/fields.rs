//! The application's fields, all built when the form first shows and kept until it goes: a step
//! shows only its own, and a step back, a refusal or a failed send loses nothing. What was typed
//! stays in the page's inputs (never in browser storage). Each field's id, label and error come
//! from its `ApplicantField`, so no screen can pair a label with the wrong value.

use std::rc::Rc;

use shared::{
    ApplicantField as Field, ApplicationDraft, Choice, FormConfig, Locale, Sensitive,
    housing_types, occupations,
};
use web_sys::{Document, Element};

use super::{
    steps::{Section, Shown},
    terms::TermsPanel,
    words::{Words, words},
};
use crate::dom::{
    Listeners,
    field::{Checkbox, FieldSpec, Frame},
    select_field::SelectField,
    text_field::TextField,
};

/// A field's control: typed in, or chosen.
enum Control {
    Text(TextField),
    Select(SelectField),
}

impl Control {
    fn frame(&self) -> &Frame {
        match self {
            Control::Text(field) => field.frame(),
            Control::Select(field) => field.frame(),
        }
    }

    fn value(&self) -> String {
        match self {
            Control::Text(field) => field.value(),
            Control::Select(field) => field.value(),
        }
    }
}

/// Every field of the form, with the terms of the applicant's province.
pub struct Fields {
    locale: Locale,
    /// Each field but the agreement, in the form's order.
    controls: Vec<(Field, Control)>,
    agreement: Checkbox,
    terms: TermsPanel,
}

impl Fields {
    /// The form's fields, empty but for the `amount` asked for and the shopper's language.
    pub fn new(
        document: &Document,
        locale: Locale,
        config: &FormConfig,
        amount: &str,
    ) -> Option<Fields> {
        let w = words(locale);
        let mut controls = Vec::with_capacity(Field::ALL.len());
        for &field in Field::ALL {
            if field != Field::Terms {
                controls.push((field, control(document, field, locale, w)?));
            }
        }
        let fields = Fields {
            locale,
            controls,
            agreement: Checkbox::new(document, Field::Terms.id(), Field::Terms.label(locale))?,
            terms: TermsPanel::new(document, locale)?,
        };
        if let Some(Control::Text(amount_field)) = fields.control(Field::AmountRequested) {
            amount_field.set_value(amount);
        }
        let languages = [("en-CA", w.english), ("fr-CA", w.french)].map(|(code, label)| Choice {
            code: code.into(),
            label: label.into(),
        });
        fields.offer(Field::Language, &languages);
        fields.choose(Field::Language, locale.tag());
        fields.offer(Field::Salutation, &config.salutations);
        fields.offer(Field::Province, &config.provinces);
        fields.offer(Field::HousingType, &housing_types(locale));
        fields.offer(Field::Occupation, &occupations(locale));
        fields.offer(Field::SecurityQuestion, &config.security_questions);
        fields.narrow(config, true);
        Some(fields)
    }

    /// The control of `field`: the controls are in the fields' order, the agreement (last) aside.
    fn control(&self, field: Field) -> Option<&Control> {
        self.controls
            .get(field as usize)
            .filter(|(at, _)| *at == field)
            .map(|(_, control)| control)
    }

    fn select(&self, field: Field) -> Option<&SelectField> {
        match self.control(field)? {
            Control::Select(select) => Some(select),
            Control::Text(_) => None,
        }
    }

    fn text(&self, field: Field) -> String {
        self.control(field).map(Control::value).unwrap_or_default()
    }

    fn secret(&self, field: Field) -> Sensitive {
        Sensitive::new(self.text(field))
    }

    /// Offers `options` in the select `field`.
    fn offer(&self, field: Field, options: &[Choice]) {
        if let Some(select) = self.select(field) {
            select.set_options(options);
        }
    }

    /// Chooses `code` in the select `field`.
    fn choose(&self, field: Field, code: &str) {
        if let Some(select) = self.select(field) {
            select.set_value(code);
        }
    }

    /// What `section` shows, in order: its fields, and in the last one the terms and the box
    /// that agrees to them.
    pub fn nodes(&self, section: Section) -> Vec<Element> {
        let mut nodes: Vec<Element> = self
            .controls
            .iter()
            .filter(|(field, _)| Section::of(*field) == section)
            .map(|(_, control)| control.frame().element().clone())
            .collect();
        if section == Section::Security {
            nodes.push(self.terms.element().clone());
            nodes.push(self.agreement.frame().element().clone());
        }
        nodes
    }

    /// Marks each field with its problem in `problems`, and clears the others.
    pub fn show_problems(&self, problems: &[Shown]) {
        let message = |field: Field| {
            problems
                .iter()
                .find(|(at, _)| *at == field)
                .map(|(_, message)| message.as_str())
        };
        for (field, control) in &self.controls {
            control.frame().show_error(message(*field));
        }
        self.agreement.frame().show_error(message(Field::Terms));
    }

    /// Each choice narrows the next: the province decides the ID types offered (and the terms),
    /// the ID type who may have issued it, and whether housing costs are required.
    pub fn follow_choices(self: &Rc<Self>, config: &Rc<FormConfig>, listeners: &mut Listeners) {
        for field in [Field::Province, Field::GovIdType] {
            let Some(select) = self.select(field) else {
                continue;
            };
            let (fields, config) = (Rc::clone(self), Rc::clone(config));
            select.on_change(listeners, move |_| {
                if field == Field::Province {
                    // A new province may not offer the ID chosen: choose again.
                    fields.choose(Field::GovIdType, "");
                }
                fields.narrow(&config, field == Field::Province);
                // A new ID type preselects the applicant's province as issuer where it is one.
                let issuer = config.default_issuer(
                    &fields.text(Field::GovIdType),
                    &fields.text(Field::Province),
                );
                fields.choose(Field::GovIdIssuedBy, &issuer.unwrap_or_default());
            });
        }
    }

    /// The options, hints and terms that follow from the province and the ID type chosen (the ID
    /// types offered only when the `province_changed`: not under the shopper choosing one).
    fn narrow(&self, config: &FormConfig, province_changed: bool) {
        let (province, id_type) = (self.text(Field::Province), self.text(Field::GovIdType));
        if province_changed {
            let id_types: Vec<Choice> = config
                .id_types_for(&province)
                .into_iter()
                .map(|found| Choice {
                    code: found.code.clone(),
                    label: found.label.clone(),
                })
                .collect();
            self.offer(Field::GovIdType, &id_types);
        }
        let issuers = config
            .id_type(&id_type)
            .map(|found| found.issuers.clone())
            .unwrap_or_default();
        // The issuer chosen stays where it is still offered (`SelectField::set_options`).
        self.offer(Field::GovIdIssuedBy, &issuers);
        if let Some(select) = self.select(Field::GovIdType) {
            select.set_disabled(province.is_empty());
        }
        if let Some(select) = self.select(Field::GovIdIssuedBy) {
            select.set_disabled(id_type.is_empty());
        }
        let w = words(self.locale);
        if let Some(control) = self.control(Field::MonthlyHousingExpenses) {
            let quebec = province == "QC";
            control.frame().set_hint(if quebec {
                w.housing_costs_quebec
            } else {
                w.housing_costs_hint
            });
        }
        self.terms.show_for(&province);
    }

    /// The application as the shared rules read it.
    pub fn read(&self) -> ApplicationDraft {
        ApplicationDraft {
            amount_requested: self.text(Field::AmountRequested),
            phone_number: self.text(Field::PhoneNumber),
            email: self.text(Field::Email),
            language: Locale::from_tag(&self.text(Field::Language)),
            salutation: self.text(Field::Salutation),
            first_name: self.text(Field::FirstName),
            middle_name: self.text(Field::MiddleName),
            last_name: self.text(Field::LastName),
            dob: self.text(Field::Dob),
            address_1: self.text(Field::Address1),
            address_2: self.text(Field::Address2),
            city: self.text(Field::City),
            province: self.text(Field::Province),
            postal_code: self.text(Field::PostalCode),
            govid_type: self.text(Field::GovIdType),
            govid_issued_by: self.text(Field::GovIdIssuedBy),
            govid_number: self.secret(Field::GovIdNumber),
            govid_expiry: self.text(Field::GovIdExpiry),
            personal_income: self.text(Field::PersonalIncome),
            household_income: self.text(Field::HouseholdIncome),
            housing_type: self.text(Field::HousingType),
            monthly_housing_expenses: self.text(Field::MonthlyHousingExpenses),
            occupation_id: self.text(Field::Occupation),
            occupation_title: self.text(Field::OccupationTitle),
            employer_name: self.text(Field::EmployerName),
            employer_phone: self.text(Field::EmployerPhone),
            sin: self.secret(Field::Sin),
            security_question: self.text(Field::SecurityQuestion),
            security_answer: self.secret(Field::SecurityAnswer),
            piw: self.secret(Field::Piw),
            terms_accepted: self.agreement.checked(),
        }
    }

    /// What a step needs as it shows: the SIN hidden again when it is not being typed (a field
    /// taken off the page with focus in it loses it without a `blur` in some browsers), and at
    /// the last step the terms loaded again if their last load failed.
    pub fn showing(&self, section: Section) {
        if let Some(Control::Text(sin)) = self.control(Field::Sin) {
            sin.mask_unless_focused();
        }
        if section == Section::Security {
            self.terms.reload_if_failed();
        }
    }

    /// Masks the SIN once typed and left.
    pub fn mask_secrets(&self, listeners: &mut Listeners) {
        if let Some(Control::Text(sin)) = self.control(Field::Sin) {
            sin.mask_when_left(listeners);
        }
    }
}

/// The control that asks for `field`: its kind, hint, keyboard and `autocomplete` token.
fn control(document: &Document, field: Field, locale: Locale, w: &Words) -> Option<Control> {
    let (id, label) = (field.id(), field.label(locale));
    let text = |autocomplete, inputmode| FieldSpec::new(id, label, autocomplete, inputmode);
    let select = |spec: FieldSpec| SelectField::new(document, &spec, w.choose).map(Control::Select);
    let spec = match field {
        Field::Salutation => return select(text("honorific-prefix", "text")),
        Field::Language | Field::GovIdIssuedBy | Field::HousingType | Field::Occupation => {
            return select(text("off", "text"));
        }
        Field::Province => {
            return select(text("address-level1", "text").with_hint(w.province_hint));
        }
        Field::GovIdType => return select(text("off", "text").with_hint(w.id_type_hint)),
        Field::SecurityQuestion => return select(text("off", "text").with_hint(w.question_hint)),
        Field::AmountRequested => text("off", "decimal").with_hint(w.amount_hint),
        Field::FirstName => text("given-name", "text"),
        Field::MiddleName => text("additional-name", "text"),
        Field::LastName => text("family-name", "text"),
        Field::Dob => text("bday", "numeric").with_hint(w.dob_hint),
        Field::Email => text("email", "email")
            .with_hint(w.email_hint)
            .of_type("email"),
        Field::PhoneNumber => text("tel-national", "tel")
            .with_hint(w.phone_hint)
            .of_type("tel"),
        Field::Address1 => text("address-line1", "text"),
        Field::Address2 => text("address-line2", "text"),
        Field::City => text("address-level2", "text"),
        Field::PostalCode => text("postal-code", "text").with_hint(w.postal_hint),
        Field::GovIdNumber => text("off", "text").with_hint(w.id_number_hint),
        Field::GovIdExpiry => text("off", "numeric").with_hint(w.expiry_hint),
        Field::PersonalIncome => text("off", "decimal").with_hint(w.income_hint),
        Field::HouseholdIncome => text("off", "decimal").with_hint(w.household_hint),
        Field::MonthlyHousingExpenses => text("off", "decimal").with_hint(w.housing_costs_hint),
        Field::OccupationTitle => text("organization-title", "text").with_hint(w.occupation_hint),
        Field::EmployerName => text("organization", "text"),
        Field::EmployerPhone => text("off", "tel").of_type("tel"),
        Field::Sin => text("off", "numeric").with_hint(w.sin_hint),
        Field::SecurityAnswer => text("off", "text"),
        Field::Piw => text("off", "text").with_hint(w.piw_hint),
        Field::Terms => return None,
    };
    TextField::new(document, spec).map(Control::Text)
}
