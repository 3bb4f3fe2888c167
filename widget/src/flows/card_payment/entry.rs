//! What the shopper typed, checked as the proxy checks it (`shared::card`) before anything is
//! sent, and made into a payment request.

use shared::{
    CardBrand, CardPaymentRequest, CardProblem, Sensitive, check_billing, check_cvc, check_expiry,
    check_number,
};

/// The card form's values, as typed.
pub struct Typed {
    pub number: String,
    pub expiry: String,
    pub cvc: String,
    pub name: String,
    pub city: String,
    pub postal_code: String,
}

impl Typed {
    /// The request for the session at `revision`, or the problems in the order of the form.
    pub fn request(
        self,
        revision: u32,
        today: (u16, u8),
    ) -> Result<CardPaymentRequest, Vec<CardProblem>> {
        let mut problems = Vec::new();
        let brand = check_number(&self.number)
            .map_err(|problem| problems.push(problem))
            .ok();
        let (month, year) = expiry(&self.expiry).unwrap_or((0, 0));
        if check_expiry(month, year, today).is_err() {
            problems.push(CardProblem::Expiry);
        }
        if check_cvc(&self.cvc, brand.unwrap_or(CardBrand::Visa)).is_err() {
            problems.push(CardProblem::Cvc);
        }
        if self.name.trim().is_empty() {
            problems.push(CardProblem::Name);
        }
        if let Err(problem) = check_billing(&self.city, &self.postal_code) {
            problems.push(problem);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CardPaymentRequest {
            number: Sensitive::new(self.number),
            expiry_month: month,
            expiry_year: year,
            cvc: Sensitive::new(self.cvc),
            holder_name: self.name,
            city: self.city,
            postal_code: self.postal_code,
            revision,
        })
    }
}

/// The expiry as the shopper should see it while typing: `MM/YY`.
pub fn format_expiry(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).take(4).collect();
    match digits.split_at_checked(2) {
        Some((month, year)) if !year.is_empty() => format!("{month}/{year}"),
        _ => digits,
    }
}

/// `MM/YY` (or `MMYY`) as (month, four-digit year).
fn expiry(typed: &str) -> Option<(u8, u16)> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let (month, year) = digits.split_at_checked(2)?;
    let year: u16 = year.parse().ok()?;
    Some((month.parse().ok()?, 2000 + year))
}

/// The brand of a number being typed, before it is complete.
pub fn brand_so_far(typed: &str) -> Option<CardBrand> {
    CardBrand::of(&shared::card_digits(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(number: &str, expiry: &str) -> Typed {
        Typed {
            number: number.to_owned(),
            expiry: expiry.to_owned(),
            cvc: "123".to_owned(),
            name: "Jane Roe".to_owned(),
            city: "Toronto".to_owned(),
            postal_code: "M5M 1M1".to_owned(),
        }
    }

    #[test]
    fn the_expiry_reads_as_month_and_year_as_it_is_typed() {
        assert_eq!(format_expiry("0"), "0");
        assert_eq!(format_expiry("063"), "06/3");
        assert_eq!(format_expiry("06/35"), "06/35");
        assert_eq!(format_expiry("063512"), "06/35");
    }

    #[test]
    fn a_valid_card_becomes_a_request_for_the_sessions_revision() {
        let request = typed("4242 4242 4242 4242", "06/35")
            .request(7, (2026, 12))
            .unwrap_or_else(|problems| panic!("{problems:?}"));
        assert_eq!(
            (request.expiry_month, request.expiry_year, request.revision),
            (6, 2035, 7)
        );
    }

    #[test]
    fn problems_come_in_the_order_of_the_form() {
        let mut card = typed("4242 4242 4242 4241", "11/26");
        card.name = " ".to_owned();
        assert_eq!(
            card.request(1, (2026, 12)).err(),
            Some(vec![
                CardProblem::Number,
                CardProblem::Expiry,
                CardProblem::Name
            ])
        );
    }
}
