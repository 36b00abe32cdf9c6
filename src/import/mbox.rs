//! Streaming mbox reader.
//!
//! An mbox is a run of messages, each introduced by a `From ` line
//! (`From sender asctime-date`). Lines inside a message that would look like
//! one were escaped by the writer with a `>`; mboxrd writers escape every
//! `>*From ` line, so one `>` is removed from each such line on reading.
//! A `From ` line starts a new message when it is the first line, follows a
//! blank line (as every writer puts one between messages), or carries a
//! readable date; a stray unescaped `From ` in a body rarely does either.
//! The blank line that separates two messages is not part of either. Lines
//! may end in LF or CRLF; the bytes are kept as they are.

use super::RawMail;
use crate::mail::parse::parse_date;
use chrono::{DateTime, Utc};
use std::io::BufRead;

/// Reads the messages of an mbox from `reader`, calling `sink` with each;
/// `label` names the file in each message's origin (`label:N`, N from 1).
pub fn read_mbox<R: BufRead>(
    mut reader: R,
    label: &str,
    sink: &mut dyn FnMut(RawMail),
) -> std::io::Result<usize> {
    let mut line = Vec::with_capacity(1024);
    let mut current: Option<(Vec<u8>, Option<DateTime<Utc>>)> = None;
    let mut prev_blank = true;
    let mut count = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.starts_with(b"From ") {
            let date = from_line_date(&line);
            if current.is_none() || prev_blank || date.is_some() {
                if let Some((bytes, date)) = current.take() {
                    count += 1;
                    emit(bytes, date, label, count, sink);
                }
                current = Some((Vec::with_capacity(16 * 1024), date));
                prev_blank = false;
                continue;
            }
        }
        prev_blank = line == b"\n" || line == b"\r\n";
        let (bytes, _) = current.get_or_insert_with(|| (Vec::new(), None));
        bytes.extend_from_slice(unescape(&line));
    }
    if let Some((bytes, date)) = current.take() {
        count += 1;
        emit(bytes, date, label, count, sink);
    }
    Ok(count)
}

fn emit(
    mut bytes: Vec<u8>,
    date: Option<DateTime<Utc>>,
    label: &str,
    n: usize,
    sink: &mut dyn FnMut(RawMail),
) {
    // The separator line before the next From line.
    if bytes.ends_with(b"\r\n\r\n") {
        bytes.truncate(bytes.len() - 2);
    } else if bytes.ends_with(b"\n\n") {
        bytes.truncate(bytes.len() - 1);
    }
    sink(RawMail {
        bytes,
        origin: format!("{label}:{n}"),
        fallback_date: date,
    });
}

/// `>From ` → `From `, `>>From ` → `>From `: one `>` off any `^>+From ` line.
fn unescape(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

/// The date of a `From sender date` line, e.g. `From MAILER-DAEMON Thu Nov 26 10:00:00 2026`.
fn from_line_date(line: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(line).ok()?;
    let rest = text.strip_prefix("From ")?.trim();
    let (_sender, date) = rest.split_once([' ', '\t'])?;
    parse_date(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_strips_one_quote() {
        assert_eq!(unescape(b">From x\n"), b"From x\n");
        assert_eq!(unescape(b">>From x\n"), b">From x\n");
        assert_eq!(unescape(b">Fromage\n"), b">Fromage\n");
        assert_eq!(unescape(b"> From x\n"), b"> From x\n");
        assert_eq!(unescape(b"From x\n"), b"From x\n");
    }

    #[test]
    fn from_line_dates() {
        assert_eq!(
            from_line_date(b"From MAILER-DAEMON Thu Nov 26 10:00:00 2026\n")
                .map(|d| d.to_rfc3339()),
            Some("2026-11-26T10:00:00+00:00".to_string())
        );
        assert_eq!(
            from_line_date(b"From - Thu Nov  5 10:00:00 2026\r\n").map(|d| d.to_rfc3339()),
            Some("2026-11-05T10:00:00+00:00".to_string())
        );
        assert_eq!(from_line_date(b"From here on it broke\n"), None);
    }
}
