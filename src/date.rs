//! Calendar dates as written in front matter and data files (`YYYY-MM-DD`,
//! optionally followed by a time, which is read and left out).

use std::fmt;

/// A calendar date (proleptic Gregorian), without time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by a time as YAML and ISO
    /// 8601 write it (`2024-01-02T10:00:00+07:00`, `2024-01-02 10:00`): the
    /// date is the one written, whatever the zone. `None` when the text is
    /// not a real date (or the time not a real time).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let (text, time) = match text.find(['T', 't', ' ']) {
            Some(i) => (&text[..i], Some(text[i + 1..].trim())),
            None => (text, None),
        };
        if time.is_some_and(|t| !is_time(t)) {
            return None;
        }
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        (date.month >= 1
            && date.month <= 12
            && date.day >= 1
            && date.day <= days_in_month(date.year, date.month))
        .then_some(date)
    }

    /// Today's date in UTC, from the system clock. A clock set before 1970
    /// is an error, not a silent 1970-01-01 (which would make every review
    /// look decades old).
    pub fn today() -> Result<Date, crate::diagnostics::Diagnostic> {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| {
                crate::diagnostics::Diagnostic::error(
                    "the computer's clock is set before 1970, so today's date is unknown",
                )
                .with_hint("set the date and time of the computer, then run baihoc again")
            })?
            .as_secs();
        Ok(Date::from_days((secs / 86_400) as i64))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date moved by whole months, the day clamped to the month's length.
    pub fn add_months(self, months: i32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 + months;
        let year = total.div_euclid(12);
        let month = total.rem_euclid(12) as u32 + 1;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Vietnamese display form, `dd/mm/yyyy`.
    pub fn to_vietnamese(self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, then optionally a zone: `Z`, or
/// `+HH`, `+HH:MM`, `+HHMM` (or `-`), with or without a space before it.
fn is_time(text: &str) -> bool {
    let two = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let zone_at = text
        .char_indices()
        .skip(1)
        .find(|&(_, c)| matches!(c, 'Z' | 'z' | '+' | '-'))
        .map_or(text.len(), |(i, _)| i);
    let (clock, zone) = text.split_at(zone_at);
    let clock = clock.trim_end();
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut fields = hms.split(':');
    let clock_ok = match (fields.next(), fields.next(), fields.next(), fields.next()) {
        (Some(h), Some(m), s, None) => two(h, 23) && two(m, 59) && s.is_none_or(|s| two(s, 60)),
        _ => false,
    } && (fraction.is_empty()
        || (hms.matches(':').count() == 2 && fraction.bytes().all(|b| b.is_ascii_digit())));
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        z => {
            let digits = &z[1..];
            match digits.split_once(':') {
                Some((h, m)) => two(h, 23) && two(m, 59),
                None if digits.len() == 4 => two(&digits[..2], 23) && two(&digits[2..], 59),
                None => {
                    two(digits, 23) || (digits.len() == 1 && digits.as_bytes()[0].is_ascii_digit())
                }
            }
        }
    };
    clock_ok && zone_ok
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            Date::parse("2024-07-01"),
            Some(Date {
                year: 2024,
                month: 7,
                day: 1
            })
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("01/07/2024"), None);
        assert_eq!(Date::parse("2024-7-1"), None);
    }

    #[test]
    fn a_time_after_the_date_is_read_and_left_out() {
        let day = Date::parse("2024-01-02");
        for text in [
            "2024-01-02T10:00:00+07:00",
            "2024-01-02T23:30:00-05:00",
            "2024-01-02t10:00:00z",
            "2024-01-02T10:00:00Z",
            "2024-01-02T10:00:00.123+0700",
            "2024-01-02 10:00",
            "2024-01-02 10:00:00 +7",
            "2024-01-02T10:00",
        ] {
            assert_eq!(Date::parse(text), day, "{text}");
        }
        for text in [
            "2024-01-02T25:00:00",
            "2024-01-02T10",
            "2024-01-02T10:00:00+25:00",
            "2024-01-02Tnoon",
            "2024-02-30T10:00:00",
            "2024-01-02T10:00:00+07:00 extra",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
        assert_eq!(Date::parse("2024-01-02 "), day);
    }

    #[test]
    fn days_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-07-01",
            "1969-12-31",
            "2100-03-01",
        ] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days(d.to_days()), d, "{s}");
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().to_days(), 1);
    }

    #[test]
    fn months_arithmetic_clamps() {
        let d = Date::parse("2024-03-31").unwrap();
        assert_eq!(d.add_months(-1).to_string(), "2024-02-29");
        assert_eq!(d.add_months(-12).to_string(), "2023-03-31");
        assert_eq!(d.add_months(10).to_string(), "2025-01-31");
        assert_eq!(d.to_vietnamese(), "31/03/2024");
    }
}
