//! What a FlexPay card transaction's response code means: its class (the ranges of the API docs'
//! "Transaction Response" table), and what the shopper reads and can do next, in both languages.
//!
//! The gateway's own `message` is never shown to shoppers (the docs: it "should not display on any
//! cardholder facing materials"): the widget picks its copy here, by code and class.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// The class of a response code. The serialized form (`snake_case`) is part of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardOutcomeClass {
    /// `1xxxx`: the request was successful.
    Approved,
    /// `2xxxx`: declined, though a later attempt may succeed.
    SoftDecline,
    /// `3xxxx`: declined until the issuer or the cardholder fixes something.
    HardDecline,
    /// `4xxxx`: refused by the merchant's risk settings (CVV, address, block lists).
    Risk,
    /// `5xxxx`: the request failed FlexPay's validation.
    Validation,
    /// The payment could not be processed: FlexPay flagged a soft decline as an error
    /// (`transactionStatus` 3, e.g. 20039 "Response timeout", 20046 "System error"), or answered a
    /// code outside the documented ranges, or an approval code with a status that is not "approved".
    SystemError,
}

/// The class of `code` by the documented ranges alone; `None` outside them.
pub const fn classify(code: u32) -> Option<CardOutcomeClass> {
    match code {
        10000..=19999 => Some(CardOutcomeClass::Approved),
        20000..=29999 => Some(CardOutcomeClass::SoftDecline),
        30000..=39999 => Some(CardOutcomeClass::HardDecline),
        40000..=49999 => Some(CardOutcomeClass::Risk),
        50000..=59999 => Some(CardOutcomeClass::Validation),
        _ => None,
    }
}

/// FlexPay's `transactionStatus`: 1 Approved, 2 Declined, 3 Error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GatewayStatus {
    /// `1`
    Approved,
    /// `2`
    Declined,
    /// `3`
    Error,
}

/// What the shopper can do after an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardNextStep {
    /// Nothing: the payment went through.
    Done,
    /// Correct the card details or the billing address, then pay again.
    CheckDetails,
    /// Pay again in a moment, with the same card.
    TryAgain,
    /// Pay with another card (or another payment method).
    UseAnotherCard,
}

/// The outcome of one card transaction, as the widget and the merchant see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardOutcome {
    /// FlexPay's response code, e.g. `20023`.
    pub code: u32,
    /// Its class.
    pub class: CardOutcomeClass,
}

impl CardOutcome {
    /// The outcome of a transaction FlexPay answered with `code` and `status`. It is approved only
    /// when both say so: a disagreement is a [`CardOutcomeClass::SystemError`], never a payment.
    pub const fn new(code: u32, status: GatewayStatus) -> CardOutcome {
        let class = match (classify(code), status) {
            (Some(CardOutcomeClass::Approved), GatewayStatus::Approved) => {
                CardOutcomeClass::Approved
            }
            (None | Some(CardOutcomeClass::Approved), _)
            | (Some(CardOutcomeClass::SoftDecline), GatewayStatus::Error) => {
                CardOutcomeClass::SystemError
            }
            (Some(class), _) => class,
        };
        CardOutcome { code, class }
    }

    /// Whether the money moved (or the authorization holds it).
    pub const fn is_approved(self) -> bool {
        matches!(self.class, CardOutcomeClass::Approved)
    }

    /// What the shopper reads: what happened and what to do next. Never the gateway's text.
    pub fn message(self, locale: Locale) -> &'static str {
        match self.specific() {
            Some(specific) => locale.pick(specific.en, specific.fr),
            None => class_message(self.class, locale),
        }
    }

    /// What the shopper can do next.
    pub fn next_step(self) -> CardNextStep {
        match self.specific() {
            Some(specific) => specific.next,
            None => match self.class {
                CardOutcomeClass::Approved => CardNextStep::Done,
                CardOutcomeClass::Risk | CardOutcomeClass::Validation => CardNextStep::CheckDetails,
                CardOutcomeClass::SystemError => CardNextStep::TryAgain,
                CardOutcomeClass::SoftDecline | CardOutcomeClass::HardDecline => {
                    CardNextStep::UseAnotherCard
                }
            },
        }
    }

    /// The code's own copy, when it has one and the outcome is still what the code says (a system
    /// error keeps the generic copy: "insufficient funds" would not be true of it).
    fn specific(self) -> Option<&'static Specific> {
        if classify(self.code) != Some(self.class) {
            return None;
        }
        SPECIFIC
            .iter()
            .find(|specific| specific.codes.contains(&self.code))
    }
}

fn class_message(class: CardOutcomeClass, locale: Locale) -> &'static str {
    match class {
        CardOutcomeClass::Approved => locale.pick(
            "Your payment was approved.",
            "Votre paiement a été approuvé.",
        ),
        CardOutcomeClass::SoftDecline => locale.pick(
            "Your card was declined. You can try again later, or pay with another card.",
            "Votre carte a été refusée. Vous pouvez réessayer plus tard ou payer avec une autre carte.",
        ),
        CardOutcomeClass::HardDecline => locale.pick(
            "Your card was declined. Please pay with another card, or contact your card issuer.",
            "Votre carte a été refusée. Veuillez payer avec une autre carte ou communiquer avec l'émetteur de votre carte.",
        ),
        CardOutcomeClass::Risk => locale.pick(
            "We couldn't verify this payment. Please check your card details and billing address, or pay with another card.",
            "Nous n'avons pas pu vérifier ce paiement. Veuillez vérifier les renseignements de votre carte et votre adresse de facturation, ou payer avec une autre carte.",
        ),
        CardOutcomeClass::Validation => locale.pick(
            "Some payment details are missing or not valid. Please check them and try again.",
            "Certains renseignements de paiement sont manquants ou invalides. Veuillez les vérifier et réessayer.",
        ),
        CardOutcomeClass::SystemError => locale.pick(
            "We couldn't process your card payment because of a temporary problem. Please try again in a moment.",
            "Nous n'avons pas pu traiter votre paiement par carte en raison d'un problème temporaire. Veuillez réessayer dans un instant.",
        ),
    }
}

/// Copy for codes where the shopper can do better than the class's general advice.
struct Specific {
    codes: &'static [u32],
    en: &'static str,
    fr: &'static str,
    next: CardNextStep,
}

const SPECIFIC: &[Specific] = &[
    Specific {
        codes: &[20023, 30087],
        en: "Your card was declined for insufficient funds. Please pay with another card.",
        fr: "Votre carte a été refusée pour insuffisance de fonds. Veuillez payer avec une autre carte.",
        next: CardNextStep::UseAnotherCard,
    },
    Specific {
        codes: &[20050, 20081, 30092],
        en: "This payment is over your card's limit. Please pay with another card, or contact your card issuer.",
        fr: "Ce paiement dépasse la limite de votre carte. Veuillez payer avec une autre carte ou communiquer avec l'émetteur de votre carte.",
        next: CardNextStep::UseAnotherCard,
    },
    Specific {
        codes: &[20080, 30026],
        en: "This card has expired. Please check the expiry date, or pay with another card.",
        fr: "Cette carte est expirée. Veuillez vérifier la date d'expiration ou payer avec une autre carte.",
        next: CardNextStep::CheckDetails,
    },
    Specific {
        codes: &[20083, 30055, 50056, 50058],
        en: "The expiry date isn't valid. Please check it and try again.",
        fr: "La date d'expiration n'est pas valide. Veuillez la vérifier et réessayer.",
        next: CardNextStep::CheckDetails,
    },
    Specific {
        codes: &[20103, 30002, 30012, 50060],
        en: "The card number isn't valid. Please check it and try again.",
        fr: "Le numéro de carte n'est pas valide. Veuillez le vérifier et réessayer.",
        next: CardNextStep::CheckDetails,
    },
    Specific {
        codes: &[30049, 40003],
        en: "The security code (CVV) is missing or doesn't match this card. Please check the 3- or 4-digit code and try again.",
        fr: "Le code de sécurité (CVV) est manquant ou ne correspond pas à cette carte. Veuillez vérifier le code à 3 ou 4 chiffres et réessayer.",
        next: CardNextStep::CheckDetails,
    },
    Specific {
        codes: &[20088, 40004],
        en: "The postal code doesn't match your card's billing address. Please check it and try again.",
        fr: "Le code postal ne correspond pas à l'adresse de facturation de votre carte. Veuillez le vérifier et réessayer.",
        next: CardNextStep::CheckDetails,
    },
    Specific {
        codes: &[20090, 40006],
        en: "The billing address doesn't match the one your card issuer has on file. Please check it and try again.",
        fr: "L'adresse de facturation ne correspond pas à celle que l'émetteur de votre carte a dans ses dossiers. Veuillez la vérifier et réessayer.",
        next: CardNextStep::CheckDetails,
    },
    Specific {
        codes: &[20084, 20104, 30053, 30058, 50130],
        en: "This type of card isn't accepted here. Please pay with another card.",
        fr: "Ce type de carte n'est pas accepté ici. Veuillez payer avec une autre carte.",
        next: CardNextStep::UseAnotherCard,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The API reference, from the workspace root's sibling `shared/` folder.
    const DOCS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/api-docs/003_0f8577c582a7e979.txt"
    );

    /// Every code of the docs' response-code tables, with the class of the table it is listed in.
    /// A table is a `CODE` header line; its heading is the last non-empty line before it. (The docs
    /// pad some headings with no-break spaces, hence `split_whitespace`.)
    fn documented_codes() -> Vec<(u32, CardOutcomeClass)> {
        let docs = std::fs::read_to_string(DOCS).expect("the FlexPay API reference is readable");
        let (mut codes, mut table, mut heading) = (Vec::new(), None, String::new());
        for line in docs.lines() {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if line.is_empty() {
                continue;
            }
            if line == "CODE" {
                table = match heading.as_str() {
                    "Approved" => Some(CardOutcomeClass::Approved),
                    "Soft Decline" => Some(CardOutcomeClass::SoftDecline),
                    "Hard Decline" => Some(CardOutcomeClass::HardDecline),
                    "Risk Responses" => Some(CardOutcomeClass::Risk),
                    "Validation Responses" => Some(CardOutcomeClass::Validation),
                    _ => None,
                };
            } else if let (Some(class), 5, Ok(code)) = (table, line.len(), line.parse()) {
                codes.push((code, class));
            }
            heading = line;
        }
        codes
    }

    #[test]
    fn every_documented_code_falls_in_the_class_of_its_table() {
        let codes = documented_codes();
        assert!(codes.len() > 190, "only {} codes parsed", codes.len());
        for (code, class) in codes {
            assert_eq!(classify(code), Some(class), "{code}");
        }
    }

    #[test]
    fn every_documented_code_has_a_translated_message_and_a_next_step() {
        for (code, _) in documented_codes() {
            for status in [
                GatewayStatus::Approved,
                GatewayStatus::Declined,
                GatewayStatus::Error,
            ] {
                let outcome = CardOutcome::new(code, status);
                let (en, fr) = (outcome.message(Locale::EnCa), outcome.message(Locale::FrCa));
                assert!(!en.is_empty() && en != fr, "{code} {status:?}");
                assert_eq!(
                    outcome.next_step() == CardNextStep::Done,
                    outcome.is_approved(),
                    "{code} {status:?}"
                );
            }
        }
    }

    #[test]
    fn codes_with_their_own_message_are_documented_and_listed_once() {
        let documented: Vec<u32> = documented_codes()
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        let mut seen = Vec::new();
        for code in SPECIFIC.iter().flat_map(|specific| specific.codes) {
            assert!(documented.contains(code), "{code} is not in the docs");
            assert!(!seen.contains(code), "{code} has two messages");
            seen.push(*code);
        }
    }

    #[test]
    fn approval_needs_both_the_code_and_the_status() {
        assert!(CardOutcome::new(10000, GatewayStatus::Approved).is_approved());
        assert!(CardOutcome::new(10001, GatewayStatus::Approved).is_approved());
        for (code, status) in [
            (10000, GatewayStatus::Declined),
            (10000, GatewayStatus::Error),
            (0, GatewayStatus::Approved),
            (60000, GatewayStatus::Approved),
        ] {
            let outcome = CardOutcome::new(code, status);
            assert_eq!(outcome.class, CardOutcomeClass::SystemError, "{code}");
            assert_eq!(outcome.next_step(), CardNextStep::TryAgain);
        }
        let declined = CardOutcome::new(20023, GatewayStatus::Approved);
        assert_eq!(declined.class, CardOutcomeClass::SoftDecline);
        assert!(!declined.is_approved());
    }

    #[test]
    fn a_soft_decline_flagged_as_an_error_is_a_system_error_with_generic_copy() {
        let timeout = CardOutcome::new(20039, GatewayStatus::Error);
        assert_eq!(timeout.class, CardOutcomeClass::SystemError);
        let funds = CardOutcome::new(20023, GatewayStatus::Error);
        assert_eq!(funds.class, CardOutcomeClass::SystemError);
        assert!(!funds.message(Locale::EnCa).contains("insufficient"));
        // "DO NOT RETRY" stays a hard decline even when flagged as an error.
        let system = CardOutcome::new(30090, GatewayStatus::Error);
        assert_eq!(system.class, CardOutcomeClass::HardDecline);
        assert_eq!(system.next_step(), CardNextStep::UseAnotherCard);
    }

    #[test]
    fn specific_codes_say_what_happened_in_both_languages() {
        let declined = |code| CardOutcome::new(code, GatewayStatus::Declined);
        let cases = [
            (20023, "insufficient funds", "insuffisance de fonds"),
            (30026, "expired", "expirée"),
            (40003, "security code", "code de sécurité"),
            (30002, "card number", "numéro de carte"),
        ];
        for (code, en, fr) in cases {
            assert!(declined(code).message(Locale::EnCa).contains(en), "{code}");
            assert!(declined(code).message(Locale::FrCa).contains(fr), "{code}");
        }
        assert_eq!(declined(40003).next_step(), CardNextStep::CheckDetails);
        assert_eq!(declined(20023).next_step(), CardNextStep::UseAnotherCard);
    }

    #[test]
    fn outcomes_serialize_with_stable_names() {
        let outcome = CardOutcome::new(20023, GatewayStatus::Declined);
        let json = serde_json::to_value(outcome).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({ "code": 20023, "class": "soft_decline" })
        );
        assert_eq!(
            serde_json::from_value::<CardOutcome>(json).expect("parse"),
            outcome
        );
    }
}
