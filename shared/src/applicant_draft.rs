//! The credit application as the shopper types it: text in every field, amounts in dollars as
//! people write them in either language, phone numbers with spaces. Turned into a
//! [`CreditApplication`] only when every rule holds.

use crate::{
    ApplicantField as Field, CalendarDate, CreditApplication, FieldProblem, FormConfig,
    GovernmentId, Locale, Problem, Sensitive, canonical_postal_code,
};

/// What the shopper typed, field by field (ids as in [`Field::id`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationDraft {
    /// Dollars, as typed.
    pub amount_requested: String,
    /// As typed: spaces, dashes and a leading `+1` are fine.
    pub phone_number: String,
    /// E-mail address.
    pub email: String,
    /// Preferred language.
    pub language: Locale,
    /// Salutation code.
    pub salutation: String,
    /// First name.
    pub first_name: String,
    /// Middle name; empty for none.
    pub middle_name: String,
    /// Last name.
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub dob: String,
    /// Street address.
    pub address_1: String,
    /// Apartment or suite; empty for none.
    pub address_2: String,
    /// City.
    pub city: String,
    /// Province code.
    pub province: String,
    /// Postal code, as typed.
    pub postal_code: String,
    /// Government-ID type code.
    pub govid_type: String,
    /// Its issuer's code.
    pub govid_issued_by: String,
    /// Its number.
    pub govid_number: Sensitive,
    /// Its expiry, `YYYY-MM-DD`.
    pub govid_expiry: String,
    /// Dollars a year, as typed.
    pub personal_income: String,
    /// Dollars a year, as typed.
    pub household_income: String,
    /// Housing type code.
    pub housing_type: String,
    /// Dollars a month, as typed; empty for none (outside Quebec).
    pub monthly_housing_expenses: String,
    /// Occupation code.
    pub occupation_id: String,
    /// Occupation, in the shopper's words.
    pub occupation_title: String,
    /// Employer; empty for none.
    pub employer_name: String,
    /// Employer's phone, as typed; empty for none.
    pub employer_phone: String,
    /// SIN, as typed; empty for none.
    pub sin: Sensitive,
    /// Security question id.
    pub security_question: String,
    /// Its answer.
    pub security_answer: Sensitive,
    /// Personal identification word.
    pub piw: Sensitive,
    /// The terms box is ticked.
    pub terms_accepted: bool,
}

impl ApplicationDraft {
    /// The application to send, or every problem in the form's order.
    ///
    /// # Errors
    /// The [`FieldProblem`]s found, reading the draft and then applying
    /// [`CreditApplication::problems`].
    pub fn application(
        &self,
        today: CalendarDate,
        options: Option<&FormConfig>,
    ) -> Result<CreditApplication, Vec<FieldProblem>> {
        let mut unreadable = Vec::new();
        let mut dollars = |field: Field, text: &str, required: bool| -> Option<u64> {
            if text.trim().is_empty() {
                if required {
                    unreadable.push(FieldProblem {
                        field,
                        problem: Problem::Missing,
                    });
                }
                return None;
            }
            let cents = parse_dollars(text);
            if cents.is_none() {
                unreadable.push(FieldProblem {
                    field,
                    problem: Problem::Format,
                });
            }
            cents
        };
        let amount = dollars(Field::AmountRequested, &self.amount_requested, true);
        let personal = dollars(Field::PersonalIncome, &self.personal_income, true);
        let household = dollars(Field::HouseholdIncome, &self.household_income, true);
        let housing = dollars(
            Field::MonthlyHousingExpenses,
            &self.monthly_housing_expenses,
            false,
        );
        let application = self.with_amounts(
            amount.unwrap_or(1),
            personal.unwrap_or(0),
            household.or(personal).unwrap_or(0),
            housing,
        );
        let mut problems = application.problems(today, options);
        // A field that could not be read has that problem only.
        problems.retain(|problem| !unreadable.iter().any(|bad| bad.field == problem.field));
        problems.extend(unreadable);
        Field::sort_in_form_order(&mut problems, |problem| problem.field);
        if problems.is_empty() {
            Ok(application)
        } else {
            Err(problems)
        }
    }

    fn with_amounts(
        &self,
        amount: u64,
        personal: u64,
        household: u64,
        housing: Option<u64>,
    ) -> CreditApplication {
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        CreditApplication {
            amount_requested_cents: amount,
            phone_number: phone_digits(&self.phone_number),
            email: self.email.trim().to_owned(),
            language: self.language,
            salutation: self.salutation.clone(),
            first_name: self.first_name.trim().to_owned(),
            middle_name: optional(&self.middle_name),
            last_name: self.last_name.trim().to_owned(),
            dob: self.dob.trim().to_owned(),
            address_1: self.address_1.trim().to_owned(),
            address_2: optional(&self.address_2),
            city: self.city.trim().to_owned(),
            province: self.province.clone(),
            postal_code: canonical_postal_code(&self.postal_code),
            government_id: GovernmentId {
                kind: self.govid_type.clone(),
                issued_by: self.govid_issued_by.clone(),
                number: Sensitive::new(self.govid_number.expose().trim()),
                expiry: self.govid_expiry.trim().to_owned(),
            },
            personal_income_cents: personal,
            household_income_cents: household,
            monthly_housing_expenses_cents: housing,
            housing_type: self.housing_type.clone(),
            occupation_id: self.occupation_id.clone(),
            occupation_title: self.occupation_title.trim().to_owned(),
            employer_name: optional(&self.employer_name),
            employer_phone: optional(&self.employer_phone).map(|phone| phone_digits(&phone)),
            sin: optional(self.sin.expose()).map(|sin| Sensitive::new(sin.replace([' ', '-'], ""))),
            security_question_id: self.security_question.clone(),
            security_answer: Sensitive::new(self.security_answer.expose().trim()),
            piw: Sensitive::new(self.piw.expose().trim()),
            terms_accepted: self.terms_accepted,
        }
    }
}

/// Dollars as people type them, in cents: `1500`, `1,500.50`, `$1 500`, `1 500,50 $`. The last
/// `.` or `,` followed by one or two digits is the decimal mark; any other must group three
/// digits. `None` for anything else, or more than two decimals.
pub fn parse_dollars(text: &str) -> Option<u64> {
    let squashed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$' && *c != '\u{202f}')
        .collect();
    let (whole, fraction) = match squashed.rsplit_once(['.', ',']) {
        Some((whole, fraction)) if (1..=2).contains(&fraction.len()) => (whole, fraction),
        _ => (squashed.as_str(), ""),
    };
    let mut groups = whole.split(['.', ',']);
    let first = groups.next()?;
    let mut rest = groups.peekable();
    let grouped = rest.peek().is_none() || first.len() <= 3 && rest.all(|group| group.len() == 3);
    let digits: String = whole.chars().filter(|c| c.is_ascii_digit()).collect();
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !grouped || !all_digits(first) || !all_digits(&digits) {
        return None;
    }
    if !fraction.is_empty() && !all_digits(fraction) {
        return None;
    }
    let cents_text = format!("{fraction:0<2}");
    let dollars: u64 = digits.parse().ok()?;
    let cents: u64 = cents_text.parse().ok()?;
    dollars.checked_mul(100)?.checked_add(cents)
}

/// The digits of a phone number as typed, without a leading country code `1`.
fn phone_digits(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest.to_owned(),
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Choice, GovIdTypeOption};

    fn today() -> CalendarDate {
        CalendarDate::parse("2026-11-23").expect("date")
    }

    /// An Ontario applicant who meets every rule.
    fn draft() -> ApplicationDraft {
        ApplicationDraft {
            amount_requested: "1 500".into(),
            phone_number: "+1 (416) 555-0123".into(),
            email: "sam@example.com".into(),
            language: Locale::EnCa,
            salutation: "ms".into(),
            first_name: "Sam".into(),
            last_name: "Rivera".into(),
            dob: "1990-01-01".into(),
            address_1: "123 Any Street".into(),
            city: "Toronto".into(),
            province: "ON".into(),
            postal_code: "m5m1m1".into(),
            govid_type: "CADL".into(),
            govid_issued_by: "ON".into(),
            govid_number: Sensitive::new("D6101-40706-60905"),
            govid_expiry: "2030-01-31".into(),
            personal_income: "55,000".into(),
            household_income: "80000".into(),
            housing_type: "Rent".into(),
            occupation_id: "FE".into(),
            occupation_title: "Baker".into(),
            security_question: "4".into(),
            security_answer: Sensitive::new("Robin"),
            piw: Sensitive::new("Cloud"),
            terms_accepted: true,
            ..ApplicationDraft::default()
        }
    }

    fn problems(draft: &ApplicationDraft) -> Vec<(Field, Problem)> {
        draft
            .application(today(), None)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|found| (found.field, found.problem))
            .collect()
    }

    #[test]
    fn a_complete_draft_becomes_the_application_flexiti_reads() {
        let application = draft().application(today(), None).expect("valid");
        assert_eq!(application.amount_requested_cents, 150_000);
        assert_eq!(application.phone_number, "4165550123");
        assert_eq!(application.postal_code, "M5M1M1");
        assert_eq!(application.personal_income_cents, 5_500_000);
        assert_eq!(application.middle_name, None);
        assert_eq!(application.sin, None);
    }

    #[test]
    fn an_empty_draft_names_every_required_field_once_in_form_order() {
        let found = problems(&ApplicationDraft::default());
        let fields: Vec<Field> = found.iter().map(|(field, _)| *field).collect();
        let mut sorted = fields.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(fields, sorted, "one problem a field, in order");
        assert!(
            found
                .iter()
                .all(|(_, problem)| *problem == Problem::Missing)
        );
        for optional in [
            Field::MiddleName,
            Field::Address2,
            Field::EmployerName,
            Field::EmployerPhone,
            Field::Sin,
            Field::MonthlyHousingExpenses,
        ] {
            assert!(!fields.contains(&optional), "{optional:?} is optional");
        }
        assert!(fields.contains(&Field::Terms) && fields.contains(&Field::Piw));
    }

    #[test]
    fn dates_must_be_real_the_applicant_adult_and_the_id_valid() {
        let mut young = draft();
        young.dob = "2008-11-24".into();
        assert_eq!(problems(&young), [(Field::Dob, Problem::Underage)]);
        young.dob = "2008-11-23".into();
        assert_eq!(problems(&young), []);
        let mut mistyped = draft();
        mistyped.dob = "1990-02-30".into();
        mistyped.govid_expiry = "2026-11-22".into();
        assert_eq!(
            problems(&mistyped),
            [
                (Field::Dob, Problem::Format),
                (Field::GovIdExpiry, Problem::Expired)
            ]
        );
    }

    #[test]
    fn quebec_requires_monthly_housing_costs_and_a_quebec_postal_code() {
        let mut quebec = draft();
        quebec.province = "QC".into();
        quebec.govid_issued_by = "QC".into();
        assert_eq!(
            problems(&quebec),
            [
                (Field::PostalCode, Problem::OtherProvince),
                (Field::MonthlyHousingExpenses, Problem::Missing)
            ]
        );
        quebec.postal_code = "H2J 2L1".into();
        quebec.monthly_housing_expenses = "1 200,00 $".into();
        let application = quebec.application(today(), None).expect("valid");
        assert_eq!(application.monthly_housing_expenses_cents, Some(120_000));
    }

    #[test]
    fn numbers_are_checked_for_shape_and_check_digit() {
        let mut wrong = draft();
        wrong.phone_number = "555 0123".into();
        wrong.sin = Sensitive::new("046 454 287");
        wrong.employer_phone = "12345".into();
        wrong.amount_requested = "lots".into();
        wrong.household_income = "1000".into();
        assert_eq!(
            problems(&wrong),
            [
                (Field::AmountRequested, Problem::Format),
                (Field::PhoneNumber, Problem::Format),
                (Field::HouseholdIncome, Problem::Format),
                (Field::EmployerPhone, Problem::Format),
                (Field::Sin, Problem::Format),
            ]
        );
        let mut right = draft();
        right.sin = Sensitive::new("046 454 286");
        assert_eq!(
            right.application(today(), None).expect("valid").sin,
            Some(Sensitive::new("046454286"))
        );
    }

    #[test]
    fn lengths_follow_the_parameter_rules() {
        let mut long = draft();
        long.first_name = "A".repeat(51);
        long.piw = Sensitive::new("w".repeat(31));
        assert_eq!(
            problems(&long),
            [
                (Field::FirstName, Problem::TooLong(50)),
                (Field::Piw, Problem::TooLong(30))
            ]
        );
    }

    #[test]
    fn choices_are_checked_against_flexitis_options_when_known() {
        let choice = |code: &str| Choice {
            code: code.into(),
            label: code.into(),
        };
        let options = FormConfig {
            provinces: vec![choice("ON"), choice("QC")],
            salutations: vec![choice("ms")],
            security_questions: vec![choice("4")],
            gov_id_types: vec![GovIdTypeOption {
                code: "CAPID".into(),
                label: "Provincial ID".into(),
                issuers: vec![choice("ON")],
            }],
        };
        // A driver's licence is not among this merchant's IDs; question 99 does not exist.
        let mut wrong = draft();
        wrong.security_question = "99".into();
        let found: Vec<_> = wrong
            .application(today(), Some(&options))
            .expect_err("invalid")
            .into_iter()
            .map(|found| (found.field, found.problem))
            .collect();
        assert_eq!(
            found,
            [
                (Field::GovIdType, Problem::Format),
                (Field::SecurityQuestion, Problem::Format)
            ]
        );
    }

    #[test]
    fn dollars_read_as_written_in_either_language() {
        for (typed, cents) in [
            ("1500", Some(150_000)),
            ("1,500.50", Some(150_050)),
            ("1 500,50 $", Some(150_050)),
            ("$5,000", Some(500_000)),
            ("5\u{202f}000,00\u{a0}$", Some(500_000)),
            ("1500.5", Some(150_050)),
            ("1.500", Some(150_000)),
            ("15,00,000", None),
            ("1500.505", None),
            ("-5", None),
            ("", None),
            (".50", None),
        ] {
            assert_eq!(parse_dollars(typed), cents, "{typed}");
        }
    }

    #[test]
    fn every_problem_reads_differently_in_french() {
        for &field in Field::ALL {
            for problem in [Problem::Missing, Problem::Format, Problem::TooLong(9)] {
                let found = FieldProblem { field, problem };
                assert_ne!(found.message(Locale::EnCa), found.message(Locale::FrCa));
            }
        }
    }
}
