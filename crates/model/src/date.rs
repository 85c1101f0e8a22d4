//! Calendar dates as days since 1970-01-01 (Arrow's Date32), without a date library.

/// The months' names in lower case, January first (for readers of dates written in words).
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` if it is not a real date.
pub fn days_from_ymd(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// The (year, month, day) of a day count since 1970-01-01.
pub fn ymd_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Parses `YYYYMMDD` (GDELT) into days since the epoch.
pub fn parse_yyyymmdd(s: &[u8]) -> Option<i32> {
    if s.len() != 8 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].iter().fold(0u32, |a, b| a * 10 + (b - b'0') as u32);
    days_from_ymd(n(0..4) as i32, n(4..6), n(6..8))
}

/// Parses `YYYY-MM-DD` (ISO 8601, ICEWS, ACLED, the command line) into days since the epoch.
pub fn parse_iso(s: &str) -> Option<i32> {
    let b = s.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits: Vec<u8> = b.iter().copied().filter(|c| *c != b'-').collect();
    parse_yyyymmdd(&digits)
}

/// Today (UTC) as days since 1970-01-01.
pub fn today() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (secs / 86_400) as i32
}

/// Formats days since the epoch as `YYYY-MM-DD`.
pub fn format_iso(days: i32) -> String {
    let (y, m, d) = ymd_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYYMM` of a day count, the store's month partition key.
pub fn month_key(days: i32) -> u32 {
    let (y, m, _) = ymd_from_days(days);
    (y.max(0) as u32) * 100 + m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_centuries() {
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = ymd_from_days(days);
            assert_eq!(days_from_ymd(y, m, d), Some(days));
        }
        assert_eq!(days_from_ymd(1970, 1, 1), Some(0));
        assert_eq!(parse_yyyymmdd(b"20160728"), Some(17010));
        assert_eq!(format_iso(17010), "2016-07-28");
        assert_eq!(parse_iso("2024-02-29"), days_from_ymd(2024, 2, 29));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(parse_yyyymmdd(b"20230229"), None);
        assert_eq!(parse_yyyymmdd(b"20231301"), None);
        assert_eq!(parse_yyyymmdd(b"2023010"), None);
        assert_eq!(parse_yyyymmdd(b"2023-1-1"), None);
        assert_eq!(parse_iso("2023/01/01"), None);
    }
}
