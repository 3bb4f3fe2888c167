//! The fields of the credit application and what the shopper reads about each: its label, what
//! to do when it is missing, and what shape it must have. One table, so that the widget's form,
//! the proxy's checks and the mapping of Flexiti's `field_errors` name a field the same way.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Declares [`ApplicantField`] from one table: form id (also Flexiti's parameter name, which
/// the table adds to when Flexiti spells it otherwise), then the shopper's words.
macro_rules! fields {
    ($(
        $variant:ident = $id:literal $(| $alias:literal)*,
            label: $label_en:literal / $label_fr:literal,
            missing: $missing_en:literal / $missing_fr:literal,
            format: $format_en:literal / $format_fr:literal;
    )*) => {
        /// A field of the credit application, in the order the form asks for them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ApplicantField { $( #[doc = $label_en] $variant, )* }

        impl ApplicantField {
            /// Every field, in the form's order.
            pub const ALL: &'static [ApplicantField] = &[ $( ApplicantField::$variant, )* ];

            /// The form element's id, and the name the proxy's error answers use.
            pub const fn id(self) -> &'static str {
                match self { $( ApplicantField::$variant => $id, )* }
            }

            /// The field a Flexiti `field_errors` entry names, if it is one of ours.
            pub fn from_upstream(param: &str) -> Option<ApplicantField> {
                match param {
                    $( $id $(| $alias)* => Some(ApplicantField::$variant), )*
                    _ => None,
                }
            }

            /// The visible label.
            pub const fn label(self, locale: Locale) -> &'static str {
                match self { $( ApplicantField::$variant => locale.pick($label_en, $label_fr), )* }
            }

            /// What to do when it is missing.
            pub const fn missing(self, locale: Locale) -> &'static str {
                match self {
                    $( ApplicantField::$variant => locale.pick($missing_en, $missing_fr), )*
                }
            }

            /// The shape it must have.
            pub const fn format(self, locale: Locale) -> &'static str {
                match self { $( ApplicantField::$variant => locale.pick($format_en, $format_fr), )* }
            }
        }
    };
}

fields! {
    AmountRequested = "amount_requested",
        label: "Credit you are asking for" / "Crédit demandé",
        missing: "Enter the credit you are asking for" / "Entrez le crédit demandé",
        format: "Enter an amount in dollars greater than zero, like 1500 or 1500.50"
            / "Entrez un montant en dollars supérieur à zéro, par exemple 1500 ou 1500,50";
    Salutation = "salutation",
        label: "Title" / "Titre de civilité",
        missing: "Choose your title" / "Choisissez votre titre de civilité",
        format: "Choose one of the titles offered" / "Choisissez un des titres proposés";
    FirstName = "first_name",
        label: "First name" / "Prénom",
        missing: "Enter your first name" / "Entrez votre prénom",
        format: "Enter your first name as it appears on your ID"
            / "Entrez votre prénom tel qu'il figure sur votre pièce d'identité";
    MiddleName = "middle_name",
        label: "Middle name (optional)" / "Second prénom (facultatif)",
        missing: "Enter your middle name" / "Entrez votre second prénom",
        format: "Enter your middle name as it appears on your ID"
            / "Entrez votre second prénom tel qu'il figure sur votre pièce d'identité";
    LastName = "last_name",
        label: "Last name" / "Nom de famille",
        missing: "Enter your last name" / "Entrez votre nom de famille",
        format: "Enter your last name as it appears on your ID"
            / "Entrez votre nom de famille tel qu'il figure sur votre pièce d'identité";
    Dob = "dob",
        label: "Date of birth" / "Date de naissance",
        missing: "Enter your date of birth" / "Entrez votre date de naissance",
        format: "Enter a real date of birth as YYYY-MM-DD, like 1988-08-08"
            / "Entrez une vraie date de naissance au format AAAA-MM-JJ, par exemple 1988-08-08";
    Email = "email",
        label: "Email address" / "Adresse courriel",
        missing: "Enter your email address" / "Entrez votre adresse courriel",
        format: "Enter an email address like name@example.com"
            / "Entrez une adresse courriel comme nom@exemple.com";
    PhoneNumber = "phone_number",
        label: "Phone number" / "Numéro de téléphone",
        missing: "Enter your phone number" / "Entrez votre numéro de téléphone",
        format: "Enter a 10-digit phone number, like 416 555 0123"
            / "Entrez un numéro de téléphone à 10 chiffres, par exemple 514 555 0123";
    Language = "language",
        label: "Preferred language" / "Langue de préférence",
        missing: "Choose your preferred language" / "Choisissez votre langue de préférence",
        format: "Choose English or French" / "Choisissez le français ou l'anglais";
    Address1 = "address_1",
        label: "Street address" / "Adresse",
        missing: "Enter your street address" / "Entrez votre adresse",
        format: "Enter your street address" / "Entrez votre adresse";
    Address2 = "address_2",
        label: "Apartment or suite (optional)" / "Appartement ou bureau (facultatif)",
        missing: "Enter your apartment or suite" / "Entrez votre appartement ou bureau",
        format: "Enter your apartment or suite" / "Entrez votre appartement ou bureau";
    City = "city",
        label: "City" / "Ville",
        missing: "Enter your city" / "Entrez votre ville",
        format: "Enter your city" / "Entrez votre ville";
    Province = "province",
        label: "Province or territory of residence" / "Province ou territoire de résidence",
        missing: "Choose your province or territory" / "Choisissez votre province ou territoire",
        format: "Choose one of the provinces or territories offered"
            / "Choisissez une des provinces ou un des territoires proposés";
    PostalCode = "postal_code",
        label: "Postal code" / "Code postal",
        missing: "Enter your postal code" / "Entrez votre code postal",
        format: "Enter a Canadian postal code like K1A 0B1"
            / "Entrez un code postal canadien comme H2X 1Y4";
    GovIdType = "govid_type",
        label: "Government-issued ID" / "Pièce d'identité délivrée par le gouvernement",
        missing: "Choose the ID you will show" / "Choisissez la pièce d'identité que vous présentez",
        format: "Choose one of the IDs offered for your province"
            / "Choisissez une des pièces d'identité proposées pour votre province";
    GovIdIssuedBy = "govid_issued_by" | "govid_issuedby",
        label: "Issued by" / "Délivrée par",
        missing: "Choose who issued your ID" / "Choisissez qui a délivré votre pièce d'identité",
        format: "Choose one of the issuers of this ID"
            / "Choisissez un des émetteurs de cette pièce d'identité";
    GovIdNumber = "govid_number",
        label: "ID number" / "Numéro de la pièce d'identité",
        missing: "Enter the number on your ID" / "Entrez le numéro de votre pièce d'identité",
        format: "Enter the number exactly as it appears on your ID: letters, digits and dashes"
            / "Entrez le numéro tel qu'il figure sur votre pièce : lettres, chiffres et tirets";
    GovIdExpiry = "govid_expiry",
        label: "ID expiry date" / "Date d'expiration de la pièce",
        missing: "Enter your ID's expiry date" / "Entrez la date d'expiration de votre pièce",
        format: "Enter a real date as YYYY-MM-DD, like 2030-01-31"
            / "Entrez une vraie date au format AAAA-MM-JJ, par exemple 2030-01-31";
    PersonalIncome = "personal_income",
        label: "Your yearly income before tax" / "Votre revenu annuel avant impôt",
        missing: "Enter your yearly income" / "Entrez votre revenu annuel",
        format: "Enter an amount in dollars, like 55000" / "Entrez un montant en dollars, par exemple 55000";
    HouseholdIncome = "household_income",
        label: "Household yearly income before tax" / "Revenu annuel du ménage avant impôt",
        missing: "Enter your household's yearly income" / "Entrez le revenu annuel de votre ménage",
        format: "Enter an amount in dollars, at least your own income"
            / "Entrez un montant en dollars, au moins égal à votre propre revenu";
    HousingType = "housing_type",
        label: "Housing" / "Logement",
        missing: "Choose your housing" / "Choisissez votre type de logement",
        format: "Choose one of the kinds of housing offered" / "Choisissez un des types de logement proposés";
    MonthlyHousingExpenses = "monthly_housing_expenses",
        label: "Monthly housing costs" / "Frais de logement mensuels",
        missing: "Enter your monthly housing costs: Quebec residents must give them"
            / "Entrez vos frais de logement mensuels : les résidents du Québec doivent les indiquer",
        format: "Enter an amount in dollars, like 1200" / "Entrez un montant en dollars, par exemple 1200";
    Occupation = "occupation_id",
        label: "Employment" / "Situation d'emploi",
        missing: "Choose your employment" / "Choisissez votre situation d'emploi",
        format: "Choose one of the kinds of employment offered"
            / "Choisissez une des situations d'emploi proposées";
    OccupationTitle = "occupation_title",
        label: "Occupation" / "Profession",
        missing: "Enter your occupation, like Baker or Student"
            / "Entrez votre profession, par exemple Boulanger ou Étudiant",
        format: "Enter your occupation" / "Entrez votre profession";
    EmployerName = "employer_name",
        label: "Employer (optional)" / "Employeur (facultatif)",
        missing: "Enter your employer" / "Entrez votre employeur",
        format: "Enter your employer's name" / "Entrez le nom de votre employeur";
    EmployerPhone = "employer_phone",
        label: "Employer's phone (optional)" / "Téléphone de l'employeur (facultatif)",
        missing: "Enter your employer's phone number" / "Entrez le numéro de votre employeur",
        format: "Enter a 10-digit phone number, like 416 555 0123"
            / "Entrez un numéro de téléphone à 10 chiffres, par exemple 514 555 0123";
    Sin = "sin",
        label: "Social insurance number (optional)" / "Numéro d'assurance sociale (facultatif)",
        missing: "Enter your social insurance number" / "Entrez votre numéro d'assurance sociale",
        format: "Enter the 9 digits of your social insurance number, or leave it empty"
            / "Entrez les 9 chiffres de votre numéro d'assurance sociale, ou laissez le champ vide";
    SecurityQuestion = "security_question" | "security_qid",
        label: "Security question" / "Question de sécurité",
        missing: "Choose a security question" / "Choisissez une question de sécurité",
        format: "Choose one of the questions offered" / "Choisissez une des questions proposées";
    SecurityAnswer = "security_answer",
        label: "Your answer" / "Votre réponse",
        missing: "Enter the answer to your security question"
            / "Entrez la réponse à votre question de sécurité",
        format: "Enter a shorter answer" / "Entrez une réponse plus courte";
    Piw = "piw",
        label: "Personal identification word" / "Mot d'identification personnel",
        missing: "Choose a personal identification word" / "Choisissez un mot d'identification personnel",
        format: "Choose a shorter word" / "Choisissez un mot plus court";
    Terms = "tos_agreement" | "terms",
        label: "I have read and agree to the terms and conditions"
            / "J'ai lu et j'accepte les conditions générales",
        missing: "Read the terms and tick the box to agree to them"
            / "Lisez les conditions et cochez la case pour les accepter",
        format: "Read the terms and tick the box to agree to them"
            / "Lisez les conditions et cochez la case pour les accepter";
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// Nothing was given where something is required.
    Missing,
    /// Longer than the upstream takes.
    TooLong(usize),
    /// Not of the shape the field takes (a mistyped date, a 9-digit phone...).
    Format,
    /// A date of birth under 18 years ago.
    Underage,
    /// An ID whose expiry date has passed.
    Expired,
    /// A postal code of another province than the one chosen.
    OtherProvince,
}

/// A problem with one field, told to the shopper beside that field and in the error summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldProblem {
    /// The field.
    pub field: ApplicantField,
    /// What is wrong with it.
    pub problem: Problem,
}

impl FieldProblem {
    /// What the shopper reads: what is wrong and how to put it right.
    pub fn message(&self, locale: Locale) -> String {
        let label = self.field.label(locale);
        match self.problem {
            Problem::Missing => self.field.missing(locale).to_owned(),
            Problem::Format => self.field.format(locale).to_owned(),
            Problem::TooLong(max) => match locale.in_build() {
                Locale::EnCa => format!("{label} must be {max} characters or fewer"),
                Locale::FrCa => format!("{label} : {max} caractères au maximum"),
            },
            Problem::Underage => locale
                .pick(
                    "You must be 18 or older to apply",
                    "Vous devez avoir 18 ans ou plus pour faire une demande",
                )
                .to_owned(),
            Problem::Expired => locale
                .pick(
                    "This ID has expired: enter an ID that is still valid",
                    "Cette pièce d'identité est expirée : entrez une pièce encore valide",
                )
                .to_owned(),
            Problem::OtherProvince => locale
                .pick(
                    "This postal code is not in the province you chose: check both",
                    "Ce code postal n'est pas dans la province choisie : vérifiez les deux",
                )
                .to_owned(),
        }
    }
}

impl ApplicantField {
    /// Puts `items` in the form's order of their fields, keeping the order of items on the same
    /// field (a stable sort). An insertion sort: a list is a form's worth at most, and the
    /// standard library's stable sort costs the shopper's download kilobytes per type sorted.
    pub fn sort_in_form_order<T>(items: &mut [T], field: impl Fn(&T) -> ApplicantField) {
        for end in 1..items.len() {
            let mut at = end;
            while at > 0 && field(&items[at - 1]) > field(&items[at]) {
                items.swap(at - 1, at);
                at -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_distinct_ids_and_words_in_both_languages() {
        let mut ids = std::collections::HashSet::new();
        for &field in ApplicantField::ALL {
            assert!(ids.insert(field.id()), "{field:?} shares its id");
            assert_eq!(ApplicantField::from_upstream(field.id()), Some(field));
            for locale in [Locale::EnCa, Locale::FrCa] {
                assert!(!field.label(locale).is_empty(), "{field:?}");
                assert!(!field.missing(locale).is_empty(), "{field:?}");
            }
            assert_ne!(field.missing(Locale::EnCa), field.missing(Locale::FrCa));
        }
    }

    #[test]
    fn flexiti_parameter_names_map_to_our_fields() {
        assert_eq!(
            ApplicantField::from_upstream("security_qid"),
            Some(ApplicantField::SecurityQuestion)
        );
        assert_eq!(
            ApplicantField::from_upstream("govid_issuedby"),
            Some(ApplicantField::GovIdIssuedBy)
        );
        assert_eq!(
            ApplicantField::from_upstream("tos_agreement"),
            Some(ApplicantField::Terms)
        );
        assert_eq!(ApplicantField::from_upstream("widget_session_id"), None);
    }

    #[test]
    fn sorting_in_form_order_keeps_the_order_within_a_field() {
        use ApplicantField::{City, Dob, Email, FirstName, Terms};
        let mut items = vec![
            (Terms, 1),
            (Email, 2),
            (Dob, 3),
            (Email, 4),
            (FirstName, 5),
            (City, 6),
            (Dob, 7),
            (Terms, 8),
        ];
        let mut expected = items.clone();
        expected.sort_by_key(|(field, _)| *field);
        ApplicantField::sort_in_form_order(&mut items, |(field, _)| *field);
        assert_eq!(items, expected);
    }
}
