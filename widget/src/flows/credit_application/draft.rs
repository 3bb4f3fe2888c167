//! What the applicant typed, one signal a field, kept in memory only (never in browser storage)
//! for as long as the widget is open: a failed send or a step back loses nothing.

use leptos::prelude::*;
use shared::{
    ApplicantField as Field, ApplicationDraft, CalendarDate, FieldProblem, Locale, Sensitive,
};

const FIELDS: usize = Field::ALL.len();

/// The form's values.
#[derive(Clone, Copy)]
pub struct Draft {
    values: [RwSignal<String>; FIELDS],
    /// The terms box.
    pub terms: RwSignal<bool>,
}

impl Draft {
    /// An empty form in `locale`, asking for `amount` to start with.
    pub fn new(locale: Locale, amount: String) -> Draft {
        let draft = Draft {
            values: std::array::from_fn(|_| RwSignal::new(String::new())),
            terms: RwSignal::new(false),
        };
        draft.get(Field::AmountRequested).set(amount);
        draft.get(Field::Language).set(locale.tag().to_owned());
        draft
    }

    /// The value of `field`.
    pub fn get(self, field: Field) -> RwSignal<String> {
        self.values[field as usize]
    }

    fn text(self, field: Field) -> String {
        self.get(field).get_untracked()
    }

    fn secret(self, field: Field) -> Sensitive {
        Sensitive::new(self.text(field))
    }

    /// The application as the shared rules read it.
    pub fn read(self) -> ApplicationDraft {
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
            terms_accepted: self.terms.get_untracked(),
        }
    }
}

/// The steps of the form, each a screen with its own heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Amount, who the applicant is and how to reach them.
    About,
    /// Address and government ID.
    Home,
    /// Income, housing, work, SIN.
    Finances,
    /// Security question, PIW, terms.
    Security,
}

impl Section {
    /// Every step, in order.
    pub const ALL: [Section; 4] = [
        Section::About,
        Section::Home,
        Section::Finances,
        Section::Security,
    ];

    /// The step that asks for `field` (the fields are declared in the form's order).
    pub fn of(field: Field) -> Section {
        if field < Field::Address1 {
            Section::About
        } else if field < Field::PersonalIncome {
            Section::Home
        } else if field < Field::SecurityQuestion {
            Section::Finances
        } else {
            Section::Security
        }
    }

    /// 1 to 4.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// The next step, if any.
    pub fn next(self) -> Option<Section> {
        Section::ALL.get(self as usize + 1).copied()
    }

    /// The step before, if any.
    pub fn previous(self) -> Option<Section> {
        (self as usize)
            .checked_sub(1)
            .map(|index| Section::ALL[index])
    }
}

/// A problem to show: the field and its message (ours, or the proxy's for what only it knew).
pub type Shown = (Field, String);

/// `problems` as the shopper reads them in `locale`.
pub fn told(problems: &[FieldProblem], locale: Locale) -> Vec<Shown> {
    problems
        .iter()
        .map(|problem| (problem.field, problem.message(locale)))
        .collect()
}

/// Today, by the shopper's clock: the proxy checks again with its own.
pub fn today() -> CalendarDate {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).unwrap_or(2000);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    CalendarDate::new(year, month, day)
        .or_else(|| CalendarDate::new(2000, 1, 1))
        .expect("2000-01-01 is a date")
}
