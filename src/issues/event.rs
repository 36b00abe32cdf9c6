//! The kinds of entries in the append-only event log.
//!
//! Each kind has one stable name: what the store's `events.kind` column
//! holds, what `log --json` prints and what `vsd log --kind` takes
//! (CONTRACT.md). The names are kept in [`EventKind::ALL`] with their
//! kinds, so that reading, writing and parsing cannot disagree.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// The desk's auto-reply gave the issue its key.
    Opened,
    DeskReplied,
    TeamReplied,
    /// Mail from neither side (role `other`).
    OtherWrote,
    /// A message broke a rule.
    Flagged,
    /// A re-analysis no longer raises a flag.
    Unflagged,
    /// A message that was one side's is now the other's (a config change).
    Relabelled,
    Resolved,
    Reopened,
    Closed,
    Escalated,
    /// A reply or new request was written to a file.
    Drafted,
    /// A draft was saved to the IMAP drafts folder.
    DraftSaved,
    Sent,
    Assigned,
    Noted,
    Linked,
    Unlinked,
}

impl EventKind {
    /// Every kind with its name.
    pub const ALL: [(EventKind, &'static str); 18] = [
        (EventKind::Opened, "opened"),
        (EventKind::DeskReplied, "desk-replied"),
        (EventKind::TeamReplied, "team-replied"),
        (EventKind::OtherWrote, "other-wrote"),
        (EventKind::Flagged, "flagged"),
        (EventKind::Unflagged, "unflagged"),
        (EventKind::Relabelled, "relabelled"),
        (EventKind::Resolved, "resolved"),
        (EventKind::Reopened, "reopened"),
        (EventKind::Closed, "closed"),
        (EventKind::Escalated, "escalated"),
        (EventKind::Drafted, "drafted"),
        (EventKind::DraftSaved, "draft-saved"),
        (EventKind::Sent, "sent"),
        (EventKind::Assigned, "assigned"),
        (EventKind::Noted, "noted"),
        (EventKind::Linked, "linked"),
        (EventKind::Unlinked, "unlinked"),
    ];

    /// The kind's stable name.
    pub fn as_str(self) -> &'static str {
        EventKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("unknown")
    }

    /// The kind of a name (exactly as [`EventKind::as_str`] gives it).
    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(k, _)| *k)
    }

    /// The names, for a message that lists them.
    pub fn names() -> String {
        EventKind::ALL
            .iter()
            .map(|(_, n)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The role a message event records: who wrote the mail.
    pub fn role(self) -> Option<super::Role> {
        match self {
            EventKind::DeskReplied => Some(super::Role::Desk),
            EventKind::TeamReplied => Some(super::Role::Team),
            EventKind::OtherWrote => Some(super::Role::Other),
            _ => None,
        }
    }

    /// The event that says mail from `role` arrived.
    pub fn wrote(role: super::Role) -> EventKind {
        match role {
            super::Role::Desk => EventKind::DeskReplied,
            super::Role::Team => EventKind::TeamReplied,
            super::Role::Other => EventKind::OtherWrote,
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl ToSql for EventKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for EventKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let name = value.as_str()?;
        EventKind::parse(name).ok_or_else(|| {
            FromSqlError::Other(
                format!(
                    "the event kind {name:?} is not one this vsd knows (a newer vsd wrote it?)"
                )
                .into(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_name_that_parses_back() {
        let mut names: Vec<&str> = EventKind::ALL.iter().map(|(_, n)| *n).collect();
        for (k, n) in EventKind::ALL {
            assert_eq!(k.as_str(), n);
            assert_eq!(EventKind::parse(n), Some(k));
            assert_eq!(serde_json::to_string(&k).expect("json"), format!("\"{n}\""));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
        assert_eq!(EventKind::parse("Opened"), None);
        assert_eq!(format!("{:<8}|", EventKind::Sent), "sent    |");
    }
}
