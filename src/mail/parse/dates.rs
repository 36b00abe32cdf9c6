//! Dates in every form mail clients write: RFC 5322 with or without weekday
//! and seconds, obsolete zones, ISO 8601.

use super::strip_comments;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

/// Reads a date in any of the forms mail clients write: RFC 5322 with or
/// without weekday and seconds, two-, three- and four-digit years, obsolete
/// and named zones, trailing `(CET)` comments, asctime (`Thu Nov 26 10:00:00
/// 2026`, as in mbox From lines) and ISO 8601. `None` when unreadable.
///
/// Military one-letter zones are read as UTC, as RFC 5322 §4.3 says, because
/// RFC 822 gave their signs backwards and senders disagree on them.
pub fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    let value = strip_comments(value);
    let value = value.trim();
    if value.len() >= 10
        && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && let Some(d) = parse_iso_date(value)
    {
        return Some(d);
    }
    parse_rfc_date(value)
}

fn parse_iso_date(value: &str) -> Option<DateTime<Utc>> {
    let b = value.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year: i32 = value.get(0..4)?.parse().ok()?;
    let month: u32 = value.get(5..7)?.parse().ok()?;
    let day: u32 = value.get(8..10)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let rest = value.get(10..)?.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?));
    }
    // Time digits and separators, then the zone.
    let zone_at = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let (h, m, s) = parse_clock(time)?;
    let offset = if zone.trim().is_empty() {
        0
    } else {
        zone_offset(zone.trim())?
    };
    to_utc(date, h, m, s, offset)
}

/// `HH:MM`, `HH:MM:SS` and `HH:MM:SS.fff` (fraction dropped).
fn parse_clock(time: &str) -> Option<(u32, u32, u32)> {
    let time = time.split(['.', ',']).next().unwrap_or(time);
    let mut parts = time.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = match parts.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some((h, m, s.min(59)))
}

fn to_utc(date: NaiveDate, h: u32, m: u32, s: u32, offset_secs: i32) -> Option<DateTime<Utc>> {
    let local = date.and_hms_opt(h, m, s)?;
    let utc = local.checked_sub_signed(chrono::Duration::seconds(i64::from(offset_secs)))?;
    Some(Utc.from_utc_datetime(&utc))
}

/// A zone as seconds east of UTC: numeric (`+0100`, `-08:00`, `+01`) or named.
pub(super) fn zone_offset(zone: &str) -> Option<i32> {
    let zone = zone.trim_end_matches('.');
    // `GMT+01:00`, `UTC-5`: a named base with a numeric offset.
    let zone = ["GMT", "UTC", "UT"]
        .iter()
        .find_map(|base| {
            zone.get(..base.len())
                .filter(|p| p.eq_ignore_ascii_case(base))
                .map(|_| &zone[base.len()..])
                .filter(|rest| rest.starts_with(['+', '-']))
        })
        .unwrap_or(zone);
    if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (hh, mm) = if digits.len() <= 2 {
            (digits.parse::<i32>().ok()?, 0)
        } else {
            let split = digits.len() - 2;
            (
                digits[..split].parse::<i32>().ok()?,
                digits[split..].parse::<i32>().ok()?,
            )
        };
        if hh > 23 || mm > 59 {
            return None;
        }
        let secs = hh * 3600 + mm * 60;
        return Some(if sign == '-' { -secs } else { secs });
    }
    let hours = match zone.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" | "WET" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        "CET" | "MET" | "BST" | "WEST" => 1,
        "CEST" | "MEST" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        z if z.len() == 1 && z.chars().all(|c| c.is_ascii_alphabetic()) => 0,
        _ => return None,
    };
    Some(hours * 3600)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.trim_end_matches('.');
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let prefix = w[..3].to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// RFC 5322 and asctime dates: the parts are recognised by their shape, so
/// their order, the weekday and the seconds may vary.
fn parse_rfc_date(value: &str) -> Option<DateTime<Utc>> {
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut clock = None;
    let mut offset = None;
    let mut pm = None;
    for tok in value.split(|c: char| c.is_whitespace() || c == ',') {
        if tok.is_empty() {
            continue;
        }
        if tok.contains(':') && clock.is_none() && tok.as_bytes()[0].is_ascii_digit() {
            // `10:00:00+0100` written without a space.
            let split = tok.find(['+', '-']).unwrap_or(tok.len());
            clock = Some(parse_clock(&tok[..split])?);
            if split < tok.len() {
                offset = zone_offset(&tok[split..]);
            }
        } else if tok.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(tok);
        } else if tok.starts_with(['+', '-']) && clock.is_some() {
            if offset.is_none() {
                offset = zone_offset(tok);
            }
        } else if month.is_none()
            && let Some(m) = month_number(tok)
        {
            month = Some(m);
        } else if clock.is_some() && ["am", "pm"].iter().any(|m| tok.eq_ignore_ascii_case(m)) {
            pm = Some(tok.eq_ignore_ascii_case("pm"));
        } else if clock.is_some() && offset.is_none() {
            offset = zone_offset(tok);
        } else if tok.contains('-') && month.is_none() {
            // `26-Nov-2026`, as some old clients write.
            let parts: Vec<&str> = tok.split('-').collect();
            if parts.len() == 3 {
                month = month_number(parts[1]);
                numbers.push(parts[0]);
                numbers.push(parts[2]);
            }
        }
    }
    let month = month?;
    let (day, year) = match numbers.as_slice() {
        [a, b, ..] if a.len() == 4 => (b, a),
        [a, b, ..] => (a, b),
        _ => return None,
    };
    let day: u32 = day.parse().ok()?;
    let year_num: i32 = year.parse().ok()?;
    // RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx;
    // three-digit years add 1900.
    let year = match year.len() {
        1 | 2 if year_num < 50 => 2000 + year_num,
        1 | 2 => 1900 + year_num,
        3 => 1900 + year_num,
        _ => year_num,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if date.year() < 1900 {
        return None;
    }
    let (h, m, s) = clock.unwrap_or((0, 0, 0));
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    to_utc(date, h, m, s, offset.unwrap_or(0))
}
