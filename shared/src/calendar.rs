//! Calendar dates as the credit application carries them (`YYYY-MM-DD`): a date of birth, an ID's
//! expiry. Just enough calendar to tell a real date from a mistyped one and to count whole years;
//! a date library would cost the widget's download more than these lines.

use std::fmt;

/// A day of the Gregorian calendar. Ordered: earlier dates compare smaller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// The date, if `year`-`month`-`day` exists (no 31 April, no 29 February outside leap years).
    pub fn new(year: u16, month: u8, day: u8) -> Option<CalendarDate> {
        let real = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        real.then_some(CalendarDate { year, month, day })
    }

    /// Reads `YYYY-MM-DD` exactly (what Flexiti takes); `None` for anything else.
    pub fn parse(text: &str) -> Option<CalendarDate> {
        let mut parts = text.trim().split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        let shaped = parts.next().is_none()
            && year.len() == 4
            && month.len() == 2
            && day.len() == 2
            && [year, month, day]
                .iter()
                .all(|part| part.bytes().all(|byte| byte.is_ascii_digit()));
        if !shaped {
            return None;
        }
        CalendarDate::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// Whole years from `self` to `later` (an age on a birthday counts the new year).
    pub fn years_until(self, later: CalendarDate) -> u16 {
        let years = later.year.saturating_sub(self.year);
        if (later.month, later.day) < (self.month, self.day) {
            years.saturating_sub(1)
        } else {
            years
        }
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).expect(text)
    }

    #[test]
    fn reads_only_real_dates_in_iso_form() {
        assert_eq!(date("1990-01-01").to_string(), "1990-01-01");
        assert!(CalendarDate::parse("2024-02-29").is_some());
        for wrong in [
            "2023-02-29",
            "1900-02-29",
            "1990-04-31",
            "1990-13-01",
            "1990-00-10",
            "1990-1-01",
            "01/01/1990",
            "1990-01-01-01",
            "199a-01-01",
            "",
        ] {
            assert_eq!(CalendarDate::parse(wrong), None, "{wrong}");
        }
        assert!(CalendarDate::parse("2000-02-29").is_some());
    }

    #[test]
    fn counts_whole_years_turning_on_the_birthday() {
        let born = date("2008-11-23");
        assert_eq!(born.years_until(date("2026-11-22")), 17);
        assert_eq!(born.years_until(date("2026-11-23")), 18);
        assert_eq!(date("2030-01-01").years_until(date("2026-01-01")), 0);
    }

    #[test]
    fn orders_earlier_dates_first() {
        assert!(date("2026-11-22") < date("2026-11-23"));
        assert!(date("2025-12-31") < date("2026-01-01"));
    }
}
