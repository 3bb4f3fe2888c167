//! The small parsers of typed text in `shared`: dollars as people write them, `YYYY-MM-DD` dates,
//! postal codes' provinces, locale tags. Any text: no panic, and what is accepted reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::{CalendarDate, Locale, is_province_code, parse_dollars, province_of_postal_code};

fuzz_target!(|text: &str| {
    if let Some(cents) = parse_dollars(text) {
        let written = format!("{}.{:02}", cents / 100, cents % 100);
        assert_eq!(parse_dollars(&written), Some(cents), "{written} reads back");
    }
    if let Some(date) = CalendarDate::parse(text) {
        assert_eq!(CalendarDate::parse(&date.to_string()), Some(date));
        let _ = date.years_until(date);
    }
    if let Some(province) = province_of_postal_code(text) {
        assert!(is_province_code(province), "{province}");
    }
    let locale = Locale::from_tag(text);
    assert_eq!(Locale::from_tag(locale.tag()), locale, "a tag reads back as itself");
});
