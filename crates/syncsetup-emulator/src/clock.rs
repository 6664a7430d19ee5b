//! Unix seconds written the way Microsoft's services write them: Entra's error timestamp, Graph's
//! `innerError.date`, and the civil date both are made of (no date crate for two formats).

/// Splits Unix seconds into UTC (year, month, day, hour, minute, second).
/// Howard Hinnant's civil-from-days algorithm; avoids a date crate for two formats.
pub fn civil(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (secs / 3600) as u32,
        (secs % 3600 / 60) as u32,
        (secs % 60) as u32,
    )
}

/// Entra's timestamp format: `2016-01-09 02:02:12Z`.
pub fn entra_timestamp(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}Z")
}

/// ISO 8601 without zone, as Graph's `innerError.date`: `2024-01-09T02:02:12`.
pub fn iso_timestamp(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_match_microsoft_formats() {
        // 2016-01-09 02:02:12 UTC is the example in Entra's error documentation.
        assert_eq!(entra_timestamp(1_452_304_932), "2016-01-09 02:02:12Z");
        assert_eq!(iso_timestamp(951_782_400), "2000-02-29T00:00:00");
    }
}
