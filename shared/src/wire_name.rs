//! The enums that travel as one name (their serde form: `"card"`, `"fr-CA"`,
//! `"session_expired"`), readable back without serde.
//!
//! The widget reads the session and a refusal field by field before any flow's code has arrived
//! (`widget/src/answers.rs`): serde's generated readers for these answers would be 12 KB of the
//! first screen's download. It reads a card payment's result the same way, so that the card
//! form needs no serde either, nor the credit application its terms. The tests hold each name to
//! what serde writes.

use crate::{
    CardNextStep, CardOutcomeClass, Currency, ErrorCode, Locale, NextStep, PaymentMethod,
    SessionStatus, TermsRegion,
};

/// A unit enum whose values travel as their names.
pub trait WireName: Copy + PartialEq + 'static {
    /// Every value.
    const VALUES: &'static [Self];

    /// Its name on the wire, as serde writes it.
    fn wire_name(self) -> &'static str;

    /// The value `name` stands for on the wire; `None` for a name that is none of them.
    fn from_wire_name(name: &str) -> Option<Self> {
        Self::VALUES
            .iter()
            .copied()
            .find(|value| value.wire_name() == name)
    }
}

impl WireName for ErrorCode {
    const VALUES: &'static [Self] = ErrorCode::ALL;

    fn wire_name(self) -> &'static str {
        self.as_str()
    }
}

impl WireName for PaymentMethod {
    const VALUES: &'static [Self] = &PaymentMethod::ALL;

    fn wire_name(self) -> &'static str {
        self.as_str()
    }
}

impl WireName for Currency {
    const VALUES: &'static [Self] = &[Currency::Cad, Currency::Usd];

    fn wire_name(self) -> &'static str {
        self.code()
    }
}

impl WireName for Locale {
    const VALUES: &'static [Self] = &[Locale::EnCa, Locale::FrCa];

    fn wire_name(self) -> &'static str {
        self.tag()
    }
}

impl WireName for SessionStatus {
    const VALUES: &'static [Self] = &[
        SessionStatus::Open,
        SessionStatus::Completed,
        SessionStatus::Expired,
    ];

    fn wire_name(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Completed => "completed",
            SessionStatus::Expired => "expired",
        }
    }
}

impl WireName for NextStep {
    const VALUES: &'static [Self] = &[
        NextStep::TryAgain,
        NextStep::Wait,
        NextStep::CheckDetails,
        NextStep::ChooseAnotherWay,
        NextStep::UseExistingAccount,
        NextStep::ActivateAccount,
        NextStep::VerifyAnotherWay,
        NextStep::ChooseAnotherPlan,
        NextStep::ReviewAmount,
        NextStep::ReloadPage,
        NextStep::StartAgain,
        NextStep::ContactStore,
        NextStep::Nothing,
    ];

    fn wire_name(self) -> &'static str {
        match self {
            NextStep::TryAgain => "try_again",
            NextStep::Wait => "wait",
            NextStep::CheckDetails => "check_details",
            NextStep::ChooseAnotherWay => "choose_another_way",
            NextStep::UseExistingAccount => "use_existing_account",
            NextStep::ActivateAccount => "activate_account",
            NextStep::VerifyAnotherWay => "verify_another_way",
            NextStep::ChooseAnotherPlan => "choose_another_plan",
            NextStep::ReviewAmount => "review_amount",
            NextStep::ReloadPage => "reload_page",
            NextStep::StartAgain => "start_again",
            NextStep::ContactStore => "contact_store",
            NextStep::Nothing => "nothing",
        }
    }
}

impl WireName for CardOutcomeClass {
    const VALUES: &'static [Self] = &[
        CardOutcomeClass::Approved,
        CardOutcomeClass::SoftDecline,
        CardOutcomeClass::HardDecline,
        CardOutcomeClass::Risk,
        CardOutcomeClass::Validation,
        CardOutcomeClass::SystemError,
    ];

    fn wire_name(self) -> &'static str {
        match self {
            CardOutcomeClass::Approved => "approved",
            CardOutcomeClass::SoftDecline => "soft_decline",
            CardOutcomeClass::HardDecline => "hard_decline",
            CardOutcomeClass::Risk => "risk",
            CardOutcomeClass::Validation => "validation",
            CardOutcomeClass::SystemError => "system_error",
        }
    }
}

impl WireName for CardNextStep {
    const VALUES: &'static [Self] = &[
        CardNextStep::Done,
        CardNextStep::CheckDetails,
        CardNextStep::TryAgain,
        CardNextStep::UseAnotherCard,
    ];

    fn wire_name(self) -> &'static str {
        match self {
            CardNextStep::Done => "done",
            CardNextStep::CheckDetails => "check_details",
            CardNextStep::TryAgain => "try_again",
            CardNextStep::UseAnotherCard => "use_another_card",
        }
    }
}

impl WireName for TermsRegion {
    const VALUES: &'static [Self] = &[TermsRegion::Quebec, TermsRegion::RestOfCanada];

    fn wire_name(self) -> &'static str {
        match self {
            TermsRegion::Quebec => "quebec",
            TermsRegion::RestOfCanada => "rest_of_canada",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{collections::HashSet, fmt::Debug};

    use serde::{Serialize, de::DeserializeOwned};

    use super::*;

    /// Every value's name is serde's, reads back as that value, and is the only value so named.
    fn names_are_serdes<T: WireName + Serialize + DeserializeOwned + Debug>() {
        let mut seen = HashSet::new();
        for &value in T::VALUES {
            let wire = serde_json::to_value(value).expect("serializes");
            assert_eq!(wire.as_str(), Some(value.wire_name()), "{value:?}");
            assert_eq!(T::from_wire_name(value.wire_name()), Some(value));
            assert!(seen.insert(value.wire_name()), "{value:?} is listed twice");
        }
        assert_eq!(T::from_wire_name("no_such_name"), None);
    }

    #[test]
    fn every_name_is_the_one_serde_writes() {
        names_are_serdes::<ErrorCode>();
        names_are_serdes::<PaymentMethod>();
        names_are_serdes::<Currency>();
        names_are_serdes::<Locale>();
        names_are_serdes::<SessionStatus>();
        names_are_serdes::<NextStep>();
        names_are_serdes::<CardOutcomeClass>();
        names_are_serdes::<CardNextStep>();
        names_are_serdes::<TermsRegion>();
    }

    /// A value missing from a hand-written list would never be read: each list is as long as its
    /// enum has values (the `match`es stop compiling when one is added, so this is updated too).
    #[test]
    fn the_hand_written_lists_hold_every_value() {
        let status_count = |status: SessionStatus| match status {
            SessionStatus::Open | SessionStatus::Completed | SessionStatus::Expired => 3,
        };
        assert_eq!(
            SessionStatus::VALUES.len(),
            status_count(SessionStatus::Open)
        );
        let step_count = |step: NextStep| match step {
            NextStep::TryAgain
            | NextStep::Wait
            | NextStep::CheckDetails
            | NextStep::ChooseAnotherWay
            | NextStep::UseExistingAccount
            | NextStep::ActivateAccount
            | NextStep::VerifyAnotherWay
            | NextStep::ChooseAnotherPlan
            | NextStep::ReviewAmount
            | NextStep::ReloadPage
            | NextStep::StartAgain
            | NextStep::ContactStore
            | NextStep::Nothing => 13,
        };
        assert_eq!(NextStep::VALUES.len(), step_count(NextStep::Nothing));
        let currency_count = |currency: Currency| match currency {
            Currency::Cad | Currency::Usd => 2,
        };
        assert_eq!(Currency::VALUES.len(), currency_count(Currency::Cad));
        let class_count = |class: CardOutcomeClass| match class {
            CardOutcomeClass::Approved
            | CardOutcomeClass::SoftDecline
            | CardOutcomeClass::HardDecline
            | CardOutcomeClass::Risk
            | CardOutcomeClass::Validation
            | CardOutcomeClass::SystemError => 6,
        };
        assert_eq!(
            CardOutcomeClass::VALUES.len(),
            class_count(CardOutcomeClass::Risk)
        );
        let card_step_count = |step: CardNextStep| match step {
            CardNextStep::Done
            | CardNextStep::CheckDetails
            | CardNextStep::TryAgain
            | CardNextStep::UseAnotherCard => 4,
        };
        assert_eq!(
            CardNextStep::VALUES.len(),
            card_step_count(CardNextStep::Done)
        );
        let region_count = |region: TermsRegion| match region {
            TermsRegion::Quebec | TermsRegion::RestOfCanada => 2,
        };
        assert_eq!(TermsRegion::VALUES.len(), region_count(TermsRegion::Quebec));
    }
}
