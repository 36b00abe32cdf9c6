//! The list's orders and filters: by last activity, by the longest wait, by
//! when it was opened, by key; only what waits on us (the team) or on the
//! desk; one status. The CLI's `--sort`, `--on`, `--status` and the TUI's
//! `s`/`S` share them, so both show the same order.

use super::model::{IssueSummary, Role, Status};
use std::cmp::Ordering;

/// A sort order of the list. Each reads best first: the newest activity,
/// the longest wait, the newest issue, the lowest key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SortKey {
    #[default]
    Last,
    Waiting,
    Opened,
    Key,
}

impl SortKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Last => "last",
            SortKey::Waiting => "waiting",
            SortKey::Opened => "opened",
            SortKey::Key => "key",
        }
    }

    /// The next order, as `s` cycles them in the TUI.
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Last => SortKey::Waiting,
            SortKey::Waiting => SortKey::Opened,
            SortKey::Opened => SortKey::Key,
            SortKey::Key => SortKey::Last,
        }
    }
}

/// Whose move it is: `us` (the team; the desk waits on us) or the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum On {
    Us,
    Desk,
}

impl On {
    fn role(self) -> Role {
        match self {
            On::Us => Role::Team,
            On::Desk => Role::Desk,
        }
    }
}

/// Keeps what the filters let through.
pub fn filter(list: &mut Vec<IssueSummary>, on: Option<On>, status: Option<Status>) {
    list.retain(|i| {
        on.is_none_or(|o| i.waiting_on == Some(o.role())) && status.is_none_or(|s| i.status == s)
    });
}

/// Issue keys compare by their text before the number and then by the
/// number, so VSD-9 comes before VSD-10; unfiled requests come after.
fn key_order(a: &IssueSummary, b: &IssueSummary) -> Ordering {
    fn parts(k: &str) -> (&str, u64) {
        let split = k.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
        let (text, digits) = k.split_at(split);
        (text, digits.parse().unwrap_or(0))
    }
    match (&a.key, &b.key) {
        (Some(x), Some(y)) => parts(x).cmp(&parts(y)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts in `key`'s order, or its reverse, unfiled requests after the
/// issues either way (as the list shows them apart); ties go by id so the
/// order is stable from one run to the next.
pub fn sort(list: &mut [IssueSummary], key: SortKey, reverse: bool) {
    list.sort_by(|a, b| {
        let unfiled = a.key.is_none().cmp(&b.key.is_none());
        if unfiled.is_ne() {
            return unfiled;
        }
        let o = match key {
            SortKey::Last => b.last_activity.cmp(&a.last_activity),
            SortKey::Waiting => b
                .days_waiting
                .unwrap_or(-1)
                .cmp(&a.days_waiting.unwrap_or(-1))
                .then_with(|| a.waiting_since.cmp(&b.waiting_since)),
            SortKey::Opened => b.opened_at.cmp(&a.opened_at),
            SortKey::Key => key_order(a, b),
        };
        let o = if reverse { o.reverse() } else { o };
        o.then_with(|| a.id.cmp(&b.id))
    });
}

/// The list's header counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub open: usize,
    /// Waiting on the team.
    pub on_us: usize,
    /// Waiting on the desk longer than `escalate_after_days`.
    pub overdue: usize,
}

pub fn counts(list: &[IssueSummary]) -> Counts {
    Counts {
        open: list.iter().filter(|i| i.status.is_open()).count(),
        on_us: list
            .iter()
            .filter(|i| i.waiting_on == Some(Role::Team))
            .count(),
        overdue: list.iter().filter(|i| i.overdue).count(),
    }
}

impl Counts {
    /// "3 open · 1 on us · 2 overdue"
    pub fn line(&self) -> String {
        format!(
            "{} open · {} on us · {} overdue",
            self.open, self.on_us, self.overdue
        )
    }
}

/// The marks a row carries: `*` mail since the user last opened it, `!`
/// overdue on the desk, `>` waiting on us.
pub fn marks(i: &IssueSummary) -> String {
    let mut s = String::new();
    s.push(if i.new_mail { '*' } else { ' ' });
    s.push(if i.overdue {
        '!'
    } else if i.waiting_on == Some(Role::Team) {
        '>'
    } else {
        ' '
    });
    s
}

/// The waiting column: days, or "-" when nobody owes an answer.
pub fn waiting_cell(i: &IssueSummary) -> String {
    match i.days_waiting {
        Some(d) => format!("{d}d"),
        None => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issues::IssueId;
    use chrono::{DateTime, Utc};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("date")
    }

    fn item(key: Option<&str>, last: &str, opened: &str, days: Option<i64>) -> IssueSummary {
        IssueSummary {
            id: key.map_or_else(|| IssueId::unfiled("x@y"), IssueId::key),
            key: key.map(str::to_string),
            title: String::new(),
            status: Status::AwaitingDesk,
            opened_at: at(opened),
            last_activity: at(last),
            message_count: 1,
            flags: vec![],
            attachments: 0,
            team: Default::default(),
            short_id: None,
            waiting_on: Some(Role::Desk),
            waiting_since: None,
            days_waiting: days,
            overdue: false,
            new_mail: false,
        }
    }

    fn keys(l: &[IssueSummary]) -> Vec<&str> {
        l.iter().map(|i| i.key.as_deref().unwrap_or("-")).collect()
    }

    #[test]
    fn each_order_and_its_reverse() {
        let mut l = vec![
            item(
                Some("VSD-10"),
                "2026-03-05T00:00:00Z",
                "2026-03-01T00:00:00Z",
                Some(1),
            ),
            item(
                Some("VSD-9"),
                "2026-03-03T00:00:00Z",
                "2026-03-02T00:00:00Z",
                Some(7),
            ),
            item(None, "2026-03-04T00:00:00Z", "2026-02-01T00:00:00Z", None),
        ];
        sort(&mut l, SortKey::Last, false);
        assert_eq!(keys(&l), ["VSD-10", "VSD-9", "-"]);
        sort(&mut l, SortKey::Last, true);
        assert_eq!(keys(&l), ["VSD-9", "VSD-10", "-"], "unfiled stay last");
        sort(&mut l, SortKey::Waiting, false);
        assert_eq!(keys(&l), ["VSD-9", "VSD-10", "-"]);
        sort(&mut l, SortKey::Opened, false);
        assert_eq!(keys(&l), ["VSD-9", "VSD-10", "-"]);
        sort(&mut l, SortKey::Key, false);
        assert_eq!(keys(&l), ["VSD-9", "VSD-10", "-"]);
        sort(&mut l, SortKey::Key, true);
        assert_eq!(keys(&l), ["VSD-10", "VSD-9", "-"]);
        assert_eq!(SortKey::Key.next(), SortKey::Last);
    }
}
