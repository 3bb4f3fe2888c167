//! Deterministic identifiers and the sandbox clock's date stamps.
//!
//! Ids look like the docs' `JZE57KX6PMSU7MZLAFNIBQWJEQ` (26 base32 characters) and the n-th id of a
//! run is always the same. Dates come from the real clock (card expiry must be judged against
//! today), formatted as ISO 8601 UTC.

use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) use crate::splitmix;

/// FNV-1a, to turn a card number or an email into a seed.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// A 26-character base32 token derived from `seed` and a per-kind `salt`.
pub fn token(seed: u64, salt: u64) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let words = [
        splitmix(seed ^ salt),
        splitmix(seed.wrapping_add(salt).rotate_left(17)),
    ];
    let bits = (u128::from(words[0]) << 64) | u128::from(words[1]);
    (0..26)
        .map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize]))
        .collect()
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// `(year, month, day)` of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `(year, month)` of `seconds`, in UTC.
pub fn year_month(seconds: i64) -> (i64, u32) {
    let (year, month, _) = civil_from_days(seconds.div_euclid(86_400));
    (year, month)
}

/// `2025-01-31T23:59:59Z`.
pub fn iso8601(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Whether `value` starts like an ISO 8601 date-time, `YYYY-MM-DDThh:mm:ss`.
pub fn looks_like_iso8601(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 19
        && bytes[..19].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        })
}
