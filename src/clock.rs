//! The time vsd takes as "now" for ages, days waiting, drafts and local
//! actions. `VSD_NOW` (RFC 3339) fixes it, so that a report can be made as of
//! a given moment and tests that count days do not read the wall clock.

use chrono::{DateTime, Utc};
use std::sync::OnceLock;

/// Now, or the moment `VSD_NOW` names. A `VSD_NOW` that is not RFC 3339 is
/// ignored (and logged), never fatal: the clock must always answer.
pub fn now() -> DateTime<Utc> {
    static FIXED: OnceLock<Option<DateTime<Utc>>> = OnceLock::new();
    let fixed = FIXED.get_or_init(|| {
        let text = std::env::var("VSD_NOW").ok()?;
        match parse(&text) {
            Some(t) => Some(t),
            None => {
                tracing::warn!(value = %text, "VSD_NOW is not an RFC 3339 time; the wall clock is used");
                None
            }
        }
    });
    fixed.unwrap_or_else(Utc::now)
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.to_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_times_parse_in_any_offset() {
        let t = parse("2026-03-10T12:00:00+01:00").expect("parses");
        assert_eq!(t.to_rfc3339(), "2026-03-10T11:00:00+00:00");
        assert_eq!(parse("yesterday"), None);
    }
}
