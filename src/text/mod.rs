//! Text that the CLI and the TUI both show, made one way so that the two
//! never disagree (an issue is not `1y` old in one and `13mo` in the other).

pub mod highlight;
pub mod sanitize;

use chrono::{DateTime, Utc};

/// How long ago `then` was, in at most four columns: `now`, `45m`, `5h`,
/// `3d`, `5w`, `11mo`, `2y`. Weeks start at two weeks and months at two
/// months so each unit's numbers stay small but meaningful.
pub fn age(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    if secs < 60 {
        return "now".to_string();
    }
    let mins = secs / 60;
    let hours = mins / 60;
    let days = hours / 24;
    if hours < 1 {
        format!("{mins}m")
    } else if days < 1 {
        format!("{hours}h")
    } else if days < 14 {
        format!("{days}d")
    } else if days < 61 {
        format!("{}w", days / 7)
    } else if days < 730 {
        format!("{}mo", days * 12 / 365)
    } else {
        format!("{}y", days / 365)
    }
}

/// What a caught panic said, for the error that replaces it.
#[allow(clippy::borrowed_box)] // the payload as catch_unwind and join hand it over
pub fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn ages_pick_a_compact_unit() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).single();
        let Some(now) = now else { panic!("valid date") };
        assert_eq!(age(now, now + Duration::hours(1)), "now");
        assert_eq!(age(now, now - Duration::seconds(30)), "now");
        assert_eq!(age(now, now - Duration::minutes(45)), "45m");
        assert_eq!(age(now, now - Duration::hours(5)), "5h");
        assert_eq!(age(now, now - Duration::days(3)), "3d");
        assert_eq!(age(now, now - Duration::days(13)), "13d");
        assert_eq!(age(now, now - Duration::days(35)), "5w");
        assert_eq!(age(now, now - Duration::days(335)), "11mo");
        assert_eq!(age(now, now - Duration::days(800)), "2y");
        // The CLI once said `0m` and `1y` where the TUI said `now` and `13mo`.
        assert_eq!(age(now, now - Duration::seconds(59)), "now");
        assert_eq!(age(now, now - Duration::days(400)), "13mo");
    }

    #[test]
    fn panic_payloads_read_as_their_text() {
        let texts: Vec<String> = [
            std::panic::catch_unwind(|| panic!("static text")),
            std::panic::catch_unwind(|| panic!("formatted {}", 7)),
        ]
        .into_iter()
        .map(|r| panic_text(&r.expect_err("it panicked")))
        .collect();
        assert_eq!(texts, ["static text", "formatted 7"]);
    }
}
