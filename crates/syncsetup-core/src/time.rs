//! Dates as Microsoft writes them (ISO 8601, UTC) and Unix seconds, converted without a clock.
//!
//! Secret lifetimes and expiry checks need calendar arithmetic; a date library would bring a
//! clock and time zones into a crate that must not read one, and these two conversions are the
//! whole need (Howard Hinnant's days-from-civil algorithm).

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parses `2027-01-01T00:00:00Z` (fractions and a `+00:00` offset allowed) to Unix seconds.
pub fn parse_iso8601(text: &str) -> Option<u64> {
    let text = text.trim();
    let (date, rest) = text.split_once('T')?;
    let mut date_parts = date.split('-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;
    let time = rest.trim_end_matches('Z').trim_end_matches("+00:00");
    let time = time.split('.').next()?;
    let mut time_parts = time.split(':');
    let hour: u64 = time_parts.next()?.parse().ok()?;
    let minute: u64 = time_parts.next()?.parse().ok()?;
    let second: u64 = time_parts.next().unwrap_or("0").parse().ok()?;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    u64::try_from(days * 86_400)
        .ok()
        .map(|d| d + hour * 3600 + minute * 60 + second)
}

/// Formats Unix seconds as `2027-01-01T00:00:00Z`.
pub fn format_iso8601(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rem = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses an ISO 8601 duration of days (`P180D`, `P2Y` as 730 days, `P6M` as 180 days) into days.
/// App-management policies write `maxLifetime` this way.
pub fn parse_duration_days(text: &str) -> Option<u32> {
    let body = text.trim().strip_prefix('P')?;
    let (date_part, _time) = body.split_once('T').unwrap_or((body, ""));
    let mut days = 0u32;
    let mut number = String::new();
    for c in date_part.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u32 = number.parse().ok()?;
        number.clear();
        days += match c {
            'Y' => n * 365,
            'M' => n * 30,
            'W' => n * 7,
            'D' => n,
            _ => return None,
        };
    }
    number.is_empty().then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_dates() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2027-01-01T00:00:00Z"), Some(1_798_761_600));
        assert_eq!(format_iso8601(1_798_761_600), "2027-01-01T00:00:00Z");
        assert_eq!(
            parse_iso8601("2024-02-29T12:30:15.1234567Z"),
            Some(1_709_209_815)
        );
        assert_eq!(format_iso8601(1_709_209_815), "2024-02-29T12:30:15Z");
        assert_eq!(
            parse_iso8601("2026-11-21T10:00:00+00:00"),
            Some(1_795_255_200)
        );
        assert_eq!(parse_iso8601("yesterday"), None);
        assert_eq!(parse_iso8601("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn parses_policy_durations() {
        assert_eq!(parse_duration_days("P180D"), Some(180));
        assert_eq!(parse_duration_days("P2Y"), Some(730));
        assert_eq!(parse_duration_days("P1Y6M"), Some(545));
        assert_eq!(parse_duration_days("P4W"), Some(28));
        assert_eq!(parse_duration_days("180 days"), None);
        assert_eq!(parse_duration_days("P"), Some(0));
    }
}
