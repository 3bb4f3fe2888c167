//! The rules every credit-application field must meet, run by the widget before it sends and by
//! the proxy before it calls Flexiti: the same code on both sides, so the shopper learns of a
//! mistake beside the field instead of from a refusal.
//!
//! The lengths and shapes are those of `api-docs/001_...`'s parameter validations where the docs
//! give them, and the sandbox's readings where they do not (see the sandbox's README). Stricter
//! checks of our own, each one a mistake Flexiti would otherwise adjudicate on: a SIN must pass
//! its check digit, a postal code must belong to the province chosen, household income cannot be
//! below personal income.

use crate::{
    ApplicantField as Field, CalendarDate, Choice, CreditApplication, FieldProblem, FormConfig,
    Locale, Problem,
    card::luhn_valid,
    form_config::{is_postal_code_shape, province_of_postal_code},
    is_province_code,
};

/// Kinds of housing `apply` takes (`housing_type`). Reading: the docs' example sends `Rent` and
/// lists no values.
pub const HOUSING_TYPES: [&str; 4] = ["Rent", "Own", "Parents", "Other"];
const HOUSING_TYPES_EN: [&str; 4] = ["I rent", "I own", "I live with my parents", "Other"];
const HOUSING_TYPES_FR: [&str; 4] = [
    "Je suis locataire",
    "Je suis propriétaire",
    "J'habite chez mes parents",
    "Autre",
];

/// Kinds of employment (`occupation_id`). Reading: the docs' example sends `FE` and lists no
/// values; these two-letter codes are ours until Flexiti publishes its list.
pub const OCCUPATIONS: [&str; 6] = ["FE", "PE", "SE", "RE", "ST", "UN"];
const OCCUPATIONS_EN: [&str; 6] = [
    "Employed full time",
    "Employed part time",
    "Self-employed",
    "Retired",
    "Student",
    "Not employed",
];
const OCCUPATIONS_FR: [&str; 6] = [
    "Employé à temps plein",
    "Employé à temps partiel",
    "Travailleur autonome",
    "Retraité",
    "Étudiant",
    "Sans emploi",
];

/// The kinds of housing, labelled in `locale`.
pub fn housing_types(locale: Locale) -> Vec<Choice> {
    choices(
        &HOUSING_TYPES,
        locale.pick(&HOUSING_TYPES_EN, &HOUSING_TYPES_FR),
    )
}

/// The kinds of employment, labelled in `locale`.
pub fn occupations(locale: Locale) -> Vec<Choice> {
    choices(&OCCUPATIONS, locale.pick(&OCCUPATIONS_EN, &OCCUPATIONS_FR))
}

/// Each of `codes` with its label, from `labels` in the same order: the labels of each language
/// are a list apart, so that a build for one language holds only its own.
fn choices(codes: &[&str], labels: &[&str]) -> Vec<Choice> {
    codes
        .iter()
        .zip(labels)
        .map(|(code, label)| Choice {
            code: (*code).to_owned(),
            label: (*label).to_owned(),
        })
        .collect()
}

/// The youngest an applicant may be.
pub const MINIMUM_AGE: u16 = 18;

/// Collects the problems of one application, in the form's order.
struct Findings(Vec<FieldProblem>);

impl Findings {
    fn fail(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldProblem { field, problem });
    }

    /// Required text of at most `max` characters.
    fn text(&mut self, field: Field, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, Problem::Missing);
        } else {
            self.optional_text(field, Some(value), max);
        }
    }

    fn optional_text(&mut self, field: Field, value: Option<&str>, max: usize) {
        if let Some(value) = value
            && value.trim().chars().count() > max
        {
            self.fail(field, Problem::TooLong(max));
        }
    }

    /// A required choice among `codes` (any code when the options are not known here).
    fn choice(&mut self, field: Field, value: &str, codes: Option<Vec<&str>>) {
        if value.trim().is_empty() {
            self.fail(field, Problem::Missing);
        } else if codes.is_some_and(|codes| !codes.contains(&value)) {
            self.fail(field, Problem::Format);
        }
    }

    fn check(&mut self, field: Field, holds: bool) {
        if !holds {
            self.fail(field, Problem::Format);
        }
    }
}

impl CreditApplication {
    /// Every rule this application breaks, in the form's order; empty when it may be sent.
    /// `options` are the form's choices from Flexiti, when the caller has them: the widget
    /// checks choices against them, the proxy leaves that to Flexiti.
    pub fn problems(&self, today: CalendarDate, options: Option<&FormConfig>) -> Vec<FieldProblem> {
        let mut found = Findings(Vec::new());
        self.check_contact(&mut found, today, options);
        self.check_address_and_id(&mut found, today, options);
        self.check_finances(&mut found);
        self.check_security(&mut found, options);
        Field::sort_in_form_order(&mut found.0, |problem| problem.field);
        found.0
    }

    fn check_contact(
        &self,
        found: &mut Findings,
        today: CalendarDate,
        options: Option<&FormConfig>,
    ) {
        found.check(Field::AmountRequested, self.amount_requested_cents > 0);
        phone(found, Field::PhoneNumber, Some(&self.phone_number));
        if self.email.trim().is_empty() {
            found.fail(Field::Email, Problem::Missing);
        } else {
            found.check(Field::Email, is_email(&self.email));
        }
        let salutations = options.map(|o| codes(&o.salutations));
        found.choice(Field::Salutation, &self.salutation, salutations);
        found.text(Field::FirstName, &self.first_name, 50);
        found.optional_text(Field::MiddleName, self.middle_name.as_deref(), 50);
        found.text(Field::LastName, &self.last_name, 50);
        match CalendarDate::parse(&self.dob) {
            _ if self.dob.trim().is_empty() => found.fail(Field::Dob, Problem::Missing),
            None => found.fail(Field::Dob, Problem::Format),
            Some(born) if born > today || born.years_until(today) > 120 => {
                found.fail(Field::Dob, Problem::Format);
            }
            Some(born) if born.years_until(today) < MINIMUM_AGE => {
                found.fail(Field::Dob, Problem::Underage);
            }
            Some(_) => {}
        }
    }

    fn check_address_and_id(
        &self,
        found: &mut Findings,
        today: CalendarDate,
        options: Option<&FormConfig>,
    ) {
        found.text(Field::Address1, &self.address_1, 60);
        found.optional_text(Field::Address2, self.address_2.as_deref(), 60);
        found.text(Field::City, &self.city, 50);
        let provinces = options.map(|o| codes(&o.provinces));
        found.choice(Field::Province, &self.province, provinces);
        if !self.province.is_empty() && !is_province_code(&self.province) {
            found.fail(Field::Province, Problem::Format);
        }
        postal_code(found, &self.postal_code, &self.province);
        let id = &self.government_id;
        let id_types = options.map(|o| o.id_types_for(&self.province));
        let type_codes = id_types
            .as_ref()
            .map(|types| types.iter().map(|id_type| id_type.code.as_str()).collect());
        found.choice(Field::GovIdType, &id.kind, type_codes);
        let issuers = options
            .and_then(|o| o.id_type(&id.kind))
            .map(|id_type| codes(&id_type.issuers));
        found.choice(Field::GovIdIssuedBy, &id.issued_by, issuers);
        let number = id.number.expose();
        found.text(Field::GovIdNumber, number, 20);
        found.check(
            Field::GovIdNumber,
            number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' '),
        );
        match CalendarDate::parse(&id.expiry) {
            _ if id.expiry.trim().is_empty() => found.fail(Field::GovIdExpiry, Problem::Missing),
            None => found.fail(Field::GovIdExpiry, Problem::Format),
            Some(expiry) if expiry < today => found.fail(Field::GovIdExpiry, Problem::Expired),
            Some(_) => {}
        }
    }

    fn check_finances(&self, found: &mut Findings) {
        found.check(
            Field::HouseholdIncome,
            self.household_income_cents >= self.personal_income_cents,
        );
        if self.province == "QC" && self.monthly_housing_expenses_cents.is_none() {
            found.fail(Field::MonthlyHousingExpenses, Problem::Missing);
        }
        let housing = HOUSING_TYPES.to_vec();
        found.choice(Field::HousingType, &self.housing_type, Some(housing));
        let occupations = OCCUPATIONS.to_vec();
        found.choice(Field::Occupation, &self.occupation_id, Some(occupations));
        found.text(Field::OccupationTitle, &self.occupation_title, 50);
        found.optional_text(Field::EmployerName, self.employer_name.as_deref(), 60);
        phone(found, Field::EmployerPhone, self.employer_phone.as_deref());
        if let Some(sin) = &self.sin {
            let sin = sin.expose();
            found.check(
                Field::Sin,
                sin.len() == 9 && sin.bytes().all(|b| b.is_ascii_digit()) && luhn_valid(sin),
            );
        }
    }

    fn check_security(&self, found: &mut Findings, options: Option<&FormConfig>) {
        let questions = options.map(|o| codes(&o.security_questions));
        found.choice(
            Field::SecurityQuestion,
            &self.security_question_id,
            questions,
        );
        found.text(Field::SecurityAnswer, self.security_answer.expose(), 50);
        found.text(Field::Piw, self.piw.expose(), 30);
        if !self.terms_accepted {
            found.fail(Field::Terms, Problem::Missing);
        }
    }
}

fn codes(choices: &[Choice]) -> Vec<&str> {
    choices.iter().map(|choice| choice.code.as_str()).collect()
}

/// Ten digits; `None` for an optional phone left empty.
fn phone(found: &mut Findings, field: Field, number: Option<&str>) {
    match number {
        Some(number) if number.trim().is_empty() => found.fail(field, Problem::Missing),
        Some(number) => found.check(
            field,
            number.len() == 10 && number.bytes().all(|b| b.is_ascii_digit()),
        ),
        None => {}
    }
}

/// Something, `@`, a domain with a dot, no spaces: the shape Flexiti checks.
fn is_email(text: &str) -> bool {
    let text = text.trim();
    text.len() <= 254
        && !text.contains(char::is_whitespace)
        && text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

/// `A1A 1A1`, in the province chosen.
fn postal_code(found: &mut Findings, code: &str, province: &str) {
    if code.trim().is_empty() {
        return found.fail(Field::PostalCode, Problem::Missing);
    }
    if !is_postal_code_shape(code) {
        return found.fail(Field::PostalCode, Problem::Format);
    }
    if is_province_code(province) && province_of_postal_code(code) != Some(province) {
        found.fail(Field::PostalCode, Problem::OtherProvince);
    }
}
