//! The form's steps, and the problems it shows on its fields.

use shared::{ApplicantField as Field, CalendarDate, FieldProblem, Locale};

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
