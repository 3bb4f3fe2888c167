//! The card form's checks (`shared::card`): number, check digit, grouping, expiry, security code,
//! billing address. Any text, any date: no panic, and the answers agree with each other.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shared::{
    CardBrand, card_digits, check_billing, check_cvc, check_expiry, check_number,
    format_card_number, luhn_valid, province_of_postal_code,
};

#[derive(Debug, Arbitrary)]
struct CardForm<'a> {
    number: &'a str,
    cvc: &'a str,
    month: u8,
    year: u16,
    today: (u16, u8),
    city: &'a str,
    postal_code: &'a str,
}

fuzz_target!(|form: CardForm<'_>| {
    let digits = card_digits(form.number);
    let shown = format_card_number(form.number);
    assert_eq!(card_digits(&shown), digits, "grouping keeps every digit");
    assert_eq!(format_card_number(&shown), shown, "grouping is stable");
    if let Ok(brand) = check_number(form.number) {
        assert!(luhn_valid(&digits), "an accepted number passes Luhn");
        assert_eq!(CardBrand::of(&digits), Some(brand));
        let _ = check_cvc(form.cvc, brand);
    }
    if check_expiry(form.month, form.year, form.today).is_ok() {
        assert!((1..=12).contains(&form.month));
        assert!((form.year, form.month) >= form.today);
    }
    if let Ok(province) = check_billing(form.city, form.postal_code) {
        assert_eq!(province_of_postal_code(form.postal_code), Some(province));
    }
});
