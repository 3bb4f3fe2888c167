//! The card a shopper types, checked the same way in the widget (as they type) and in the proxy
//! (before anything is sent): brand by number range, length, Luhn check digit, expiry not past,
//! security code length by brand.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// The brands FlexPay accepts (`api-docs/003_...`, card brand identifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    /// Visa.
    Visa,
    /// Mastercard.
    Mastercard,
    /// American Express.
    Amex,
    /// Discover.
    Discover,
    /// JCB.
    Jcb,
    /// Diners Club.
    DinersClub,
}

impl CardBrand {
    /// The brand of a card number's leading digits, if it is one we take.
    pub fn of(digits: &str) -> Option<CardBrand> {
        let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
        let within =
            |n: usize, low: u32, high: u32| prefix(n).is_some_and(|p| (low..=high).contains(&p));
        if digits.starts_with('4') {
            Some(CardBrand::Visa)
        } else if within(2, 51, 55) || within(4, 2221, 2720) {
            Some(CardBrand::Mastercard)
        } else if within(2, 34, 34) || within(2, 37, 37) {
            Some(CardBrand::Amex)
        } else if within(4, 6011, 6011) || within(3, 644, 649) || within(2, 65, 65) {
            Some(CardBrand::Discover)
        } else if within(4, 3528, 3589) {
            Some(CardBrand::Jcb)
        } else if within(3, 300, 305) || within(2, 36, 36) || within(2, 38, 39) {
            Some(CardBrand::DinersClub)
        } else {
            None
        }
    }

    /// The name shown beside the number.
    pub const fn label(self) -> &'static str {
        match self {
            CardBrand::Visa => "Visa",
            CardBrand::Mastercard => "Mastercard",
            CardBrand::Amex => "American Express",
            CardBrand::Discover => "Discover",
            CardBrand::Jcb => "JCB",
            CardBrand::DinersClub => "Diners Club",
        }
    }

    /// The lengths its numbers come in.
    pub const fn lengths(self) -> &'static [usize] {
        match self {
            CardBrand::Visa => &[13, 16, 19],
            CardBrand::Mastercard => &[16],
            CardBrand::Amex => &[15],
            CardBrand::Discover | CardBrand::Jcb => &[16, 17, 18, 19],
            CardBrand::DinersClub => &[14, 15, 16, 17, 18, 19],
        }
    }

    /// Its security code's length.
    pub const fn cvc_length(self) -> usize {
        match self {
            CardBrand::Amex => 4,
            _ => 3,
        }
    }

    /// How its numbers are grouped when shown (American Express 4-6-5, others by fours).
    pub const fn groups(self) -> &'static [usize] {
        match self {
            CardBrand::Amex => &[4, 6, 5],
            CardBrand::DinersClub => &[4, 6, 4],
            _ => &[4, 4, 4, 4, 3],
        }
    }
}

/// The digits of what was typed (spaces and dashes dropped, nothing else kept).
pub fn card_digits(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).collect()
}

/// The number as the shopper should see it while typing: grouped for its brand.
pub fn format_card_number(typed: &str) -> String {
    let digits = card_digits(typed);
    let groups = CardBrand::of(&digits).map_or(&[4, 4, 4, 4, 3][..], CardBrand::groups);
    let mut shown = String::with_capacity(digits.len() + 4);
    let mut rest = digits.as_str();
    for &size in groups {
        if rest.is_empty() {
            break;
        }
        // Checked, though digits are ASCII: the unchecked split's panic would ship its
        // formatting machinery in the widget.
        let Some((group, tail)) = rest.split_at_checked(size.min(rest.len())) else {
            break;
        };
        if !shown.is_empty() {
            shown.push(' ');
        }
        shown.push_str(group);
        rest = tail;
    }
    shown.push_str(rest);
    shown
}

/// Whether `digits` end with the right Luhn check digit.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (position, digit) in digits.bytes().rev().enumerate() {
        if !digit.is_ascii_digit() {
            return false;
        }
        let mut value = u32::from(digit - b'0');
        if position % 2 == 1 {
            value *= 2;
            if value > 9 {
                value -= 9;
            }
        }
        sum += value;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// What is wrong with a card field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardProblem {
    /// Not a number of a brand we take, the wrong length, or a mistyped digit.
    Number,
    /// Not a month and year, or already past.
    Expiry,
    /// Not the security code's length for this brand.
    Cvc,
    /// No name.
    Name,
    /// No billing city.
    City,
    /// Not a Canadian postal code.
    PostalCode,
}

impl CardProblem {
    /// The field it belongs to, as the widget's form and the proxy's `param` name it.
    pub const fn field(self) -> &'static str {
        match self {
            CardProblem::Number => "number",
            CardProblem::Expiry => "expiry_month",
            CardProblem::Cvc => "cvc",
            CardProblem::Name => "holder_name",
            CardProblem::City => "city",
            CardProblem::PostalCode => "postal_code",
        }
    }

    /// What the shopper reads under the field.
    pub const fn message(self, locale: Locale) -> &'static str {
        match self {
            CardProblem::Number => locale.pick(
                "Enter a valid card number: Visa, Mastercard, American Express, Discover, JCB or Diners Club.",
                "Entrez un numéro de carte valide : Visa, Mastercard, American Express, Discover, JCB ou Diners Club.",
            ),
            CardProblem::Expiry => locale.pick(
                "Enter the expiry date as MM/YY; the card must not have expired.",
                "Entrez la date d'expiration au format MM/AA; la carte ne doit pas être expirée.",
            ),
            CardProblem::Cvc => locale.pick(
                "Enter the security code: 3 digits on the back (4 on the front for American Express).",
                "Entrez le code de sécurité : 3 chiffres au dos (4 au recto pour American Express).",
            ),
            CardProblem::Name => locale.pick(
                "Enter the name as it appears on the card.",
                "Entrez le nom tel qu'il figure sur la carte.",
            ),
            CardProblem::City => locale.pick(
                "Enter the city of the card's billing address.",
                "Entrez la ville de l'adresse de facturation de la carte.",
            ),
            CardProblem::PostalCode => locale.pick(
                "Enter the Canadian postal code of the card's billing address, like A1A 1A1.",
                "Entrez le code postal canadien de l'adresse de facturation de la carte, par exemple A1A 1A1.",
            ),
        }
    }
}

/// Checks a card number: brand, length, check digit.
///
/// # Errors
/// [`CardProblem::Number`].
pub fn check_number(typed: &str) -> Result<CardBrand, CardProblem> {
    let digits = card_digits(typed);
    let brand = CardBrand::of(&digits).ok_or(CardProblem::Number)?;
    if !brand.lengths().contains(&digits.len()) || !luhn_valid(&digits) {
        return Err(CardProblem::Number);
    }
    Ok(brand)
}

/// Checks an expiry (`month` 1-12, four-digit `year`) against today's (`year`, `month`): a card
/// is good through the last day of its expiry month.
///
/// # Errors
/// [`CardProblem::Expiry`].
pub fn check_expiry(month: u8, year: u16, today: (u16, u8)) -> Result<(), CardProblem> {
    if !(1..=12).contains(&month) || (year, month) < today || year > today.0.saturating_add(20) {
        return Err(CardProblem::Expiry);
    }
    Ok(())
}

/// Checks a security code for `brand`.
///
/// # Errors
/// [`CardProblem::Cvc`].
pub fn check_cvc(cvc: &str, brand: CardBrand) -> Result<(), CardProblem> {
    let cvc = cvc.trim();
    if cvc.len() != brand.cvc_length() || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CardProblem::Cvc);
    }
    Ok(())
}

/// Checks the billing address: a city, and a Canadian postal code (whose first letter gives the
/// province).
///
/// # Errors
/// [`CardProblem::City`] or [`CardProblem::PostalCode`], the first found.
pub fn check_billing(city: &str, postal_code: &str) -> Result<&'static str, CardProblem> {
    if city.trim().is_empty() {
        return Err(CardProblem::City);
    }
    if !crate::is_postal_code_shape(postal_code) {
        return Err(CardProblem::PostalCode);
    }
    crate::province_of_postal_code(postal_code).ok_or(CardProblem::PostalCode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_test_cards_are_recognised_and_pass_the_check_digit() {
        for (number, brand) in [
            ("4242 4242 4242 4242", CardBrand::Visa),
            ("5555555555554444", CardBrand::Mastercard),
            ("2223003122003222", CardBrand::Mastercard),
            ("378282246310005", CardBrand::Amex),
            ("6011111111111117", CardBrand::Discover),
            ("3566002020360505", CardBrand::Jcb),
            ("36227206271667", CardBrand::DinersClub),
        ] {
            assert_eq!(check_number(number), Ok(brand), "{number}");
        }
    }

    #[test]
    fn mistyped_foreign_and_short_numbers_are_refused() {
        for number in [
            "4242424242424241",
            "9000000000000001",
            "4242",
            "",
            "4242-4242-4242-424X",
        ] {
            assert_eq!(check_number(number), Err(CardProblem::Number), "{number}");
        }
    }

    #[test]
    fn numbers_are_grouped_for_their_brand_as_typed() {
        assert_eq!(
            format_card_number("4242424242424242"),
            "4242 4242 4242 4242"
        );
        assert_eq!(format_card_number("3782822463"), "3782 822463");
        assert_eq!(format_card_number("378282246310005"), "3782 822463 10005");
        assert_eq!(format_card_number("42a4-2"), "4242");
    }

    #[test]
    fn a_billing_address_needs_a_city_and_a_canadian_postal_code() {
        assert_eq!(check_billing("Toronto", "m5m 1m1"), Ok("ON"));
        assert_eq!(check_billing("", "M5M 1M1"), Err(CardProblem::City));
        assert_eq!(
            check_billing("Toronto", "90210"),
            Err(CardProblem::PostalCode)
        );
        assert_eq!(
            check_billing("Toronto", "M5M 1MM"),
            Err(CardProblem::PostalCode)
        );
    }

    #[test]
    fn expiry_and_security_code_follow_the_calendar_and_the_brand() {
        let today = (2026, 11);
        assert_eq!(check_expiry(11, 2026, today), Ok(()));
        assert_eq!(check_expiry(10, 2026, today), Err(CardProblem::Expiry));
        assert_eq!(check_expiry(13, 2030, today), Err(CardProblem::Expiry));
        // Found by `fuzz/`'s card_checks: the last years of a u16 overflowed `today + 20`.
        assert_eq!(check_expiry(9, u16::MAX, (u16::MAX, 6)), Ok(()));
        assert_eq!(check_cvc("1234", CardBrand::Amex), Ok(()));
        assert_eq!(check_cvc("123", CardBrand::Amex), Err(CardProblem::Cvc));
        assert_eq!(check_cvc("12a", CardBrand::Visa), Err(CardProblem::Cvc));
    }
}
