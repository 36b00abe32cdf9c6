//! Team state: what colleagues did to issues (close, reopen, assign, note,
//! link), as operations that every vsd of the team merges to the same state.
//! Pure: no I/O; the store keeps the operations and the sync carries them
//! through the mailbox's state folder.
//!
//! # The merge
//!
//! An operation ([`Op`]) has a unique id, its author's address, a time and a
//! Lamport clock: a new operation's clock is one more than the highest clock
//! its replica has seen. Merging is a function of the *set* of operations, so
//! replicas that hold the same operations agree whatever order they got them
//! in, and however often:
//!
//! - an operation is applied once (idempotent by id);
//! - status (close / reopen) and assignee are registers: the value is that of
//!   the operation with the highest (Lamport, author, id), last writer wins.
//!   Each edit lists in `seen` the edits of the same field it replaced (the
//!   register's heads where it was made). Edits that no other edit replaced
//!   are the heads; two heads with different values did not see each other,
//!   and the field is shown as a conflict until someone edits it again;
//! - notes only grow;
//! - a link is present while some link operation for it has not been seen by
//!   an unlink (an unlink lists the link operations it removes): an unlink
//!   never removes a link made concurrently with it, so on a tie the add wins.
//!
//! Operations of a kind this vsd does not know (from a newer vsd) are kept,
//! carried and skipped.

use super::grouping::{ActionKind, LocalAction};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The version of the operation encoding this vsd writes. A higher one is
/// kept and skipped, like an unknown kind.
pub const OP_VERSION: u32 = 1;

/// The longest note text accepted, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The highest Lamport clock accepted: far above any real count, and low
/// enough that adding one never overflows anywhere (JSON numbers included).
const MAX_LAMPORT: u64 = 1 << 53;

/// How two issues are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// "relates to": either way round.
    Relates,
    /// The operation's issue is a duplicate of the target.
    Duplicate,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Relates => "relates",
            LinkKind::Duplicate => "duplicate",
        }
    }

    fn parse(s: &str) -> Option<LinkKind> {
        match s {
            "relates" => Some(LinkKind::Relates),
            "duplicate" => Some(LinkKind::Duplicate),
            _ => None,
        }
    }
}

/// What an operation does to its issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpKind {
    Close,
    Reopen,
    /// Assign to an address, or (None) to nobody.
    Assign(Option<String>),
    Note(String),
    /// Link the issue to the target key.
    Link(String, LinkKind),
    Unlink(String, LinkKind),
    /// A kind (or an encoding version) this vsd does not know: kept, skipped.
    Unknown(String),
}

impl OpKind {
    /// The name written in the JSON and in the event log.
    pub fn name(&self) -> &str {
        match self {
            OpKind::Close => "close",
            OpKind::Reopen => "reopen",
            OpKind::Assign(_) => "assign",
            OpKind::Note(_) => "note",
            OpKind::Link(..) => "link",
            OpKind::Unlink(..) => "unlink",
            OpKind::Unknown(k) => k,
        }
    }
}

/// One operation of a team member on an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// Unique: 128 random bits in hex.
    pub id: String,
    /// The author's address, lower case.
    pub author: String,
    pub at: DateTime<Utc>,
    pub lamport: u64,
    /// The issue's key.
    pub key: String,
    /// The ids of the operations on the same field that this one replaces
    /// (for an unlink: the link operations it removes).
    pub seen: Vec<String>,
    pub kind: OpKind,
}

/// The order in which operations are applied: (Lamport, author), then id so
/// that even a replica that reused a clock sorts the same everywhere.
pub type OpOrder = (u64, String, String);

impl Op {
    pub fn order(&self) -> OpOrder {
        (self.lamport, self.author.clone(), self.id.clone())
    }
}

/// Why an operation's body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("not an operation: {0}")]
    Json(String),
    #[error("bad operation field {field}: {why}")]
    Field { field: &'static str, why: String },
}

/// The JSON form. Every kind shares one flat object; fields that a kind does
/// not use are left out.
#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    v: u32,
    id: String,
    author: String,
    at: String,
    lamport: u64,
    key: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    link: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    seen: Vec<String>,
}

fn bad(field: &'static str, why: impl Into<String>) -> OpError {
    OpError::Field {
        field,
        why: why.into(),
    }
}

/// An id: 1 to 64 ASCII letters, digits or dashes.
fn check_id(field: &'static str, s: &str) -> Result<(), OpError> {
    if s.is_empty() || s.len() > 64 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(bad(field, "not an id"));
    }
    Ok(())
}

/// A short single-line text: an address or a key.
fn check_word(field: &'static str, s: &str, max: usize) -> Result<(), OpError> {
    if s.trim().is_empty() || s.chars().count() > max || s.chars().any(char::is_control) {
        return Err(bad(field, "empty, too long, or holds control characters"));
    }
    Ok(())
}

fn check_address(field: &'static str, s: &str) -> Result<(), OpError> {
    check_word(field, s, 254)?;
    if !s.contains('@') || s.contains(char::is_whitespace) {
        return Err(bad(field, "not an address"));
    }
    Ok(())
}

impl Op {
    /// The JSON body of the operation's message. Non-ASCII is escaped, so
    /// the body is 7-bit and any server stores it unchanged.
    pub fn to_json(&self) -> String {
        let (mut assignee, mut text, mut target, mut link) = (None, None, None, None);
        match &self.kind {
            OpKind::Assign(a) => assignee = a.clone(),
            OpKind::Note(t) => text = Some(t.clone()),
            OpKind::Link(k, l) | OpKind::Unlink(k, l) => {
                target = Some(k.clone());
                link = Some(l.as_str().to_string());
            }
            OpKind::Close | OpKind::Reopen | OpKind::Unknown(_) => {}
        }
        let w = Wire {
            v: OP_VERSION,
            id: self.id.clone(),
            author: self.author.clone(),
            at: self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            lamport: self.lamport,
            key: self.key.clone(),
            kind: self.kind.name().to_string(),
            assignee,
            text,
            target,
            link,
            seen: self.seen.clone(),
        };
        let s = serde_json::to_string(&w).unwrap_or_default();
        ascii_json(&s)
    }

    /// Reads an operation. Its common fields must be sound; a kind this vsd
    /// does not know, or a newer encoding, becomes [`OpKind::Unknown`].
    pub fn from_json(s: &str) -> Result<Op, OpError> {
        let w: Wire = serde_json::from_str(s.trim()).map_err(|e| OpError::Json(e.to_string()))?;
        check_id("id", &w.id)?;
        check_address("author", &w.author)?;
        check_word("key", &w.key, 100)?;
        check_word("kind", &w.kind, 40)?;
        if w.lamport == 0 || w.lamport > MAX_LAMPORT {
            return Err(bad("lamport", "out of range"));
        }
        if w.v == 0 {
            return Err(bad("v", "version 0"));
        }
        let at = DateTime::parse_from_rfc3339(&w.at)
            .map_err(|e| bad("at", e.to_string()))?
            .with_timezone(&Utc);
        if w.seen.len() > 1000 {
            return Err(bad("seen", "too many"));
        }
        for s in &w.seen {
            check_id("seen", s)?;
        }
        let target = |w: &Wire| -> Result<(String, LinkKind), OpError> {
            let t = w.target.clone().ok_or_else(|| bad("target", "missing"))?;
            check_word("target", &t, 100)?;
            let l = w.link.as_deref().unwrap_or("relates");
            let l = LinkKind::parse(l).ok_or_else(|| bad("link", "unknown link kind"))?;
            Ok((t, l))
        };
        let kind = if w.v > OP_VERSION {
            OpKind::Unknown(w.kind.clone())
        } else {
            match w.kind.as_str() {
                "close" => OpKind::Close,
                "reopen" => OpKind::Reopen,
                "assign" => {
                    if let Some(a) = &w.assignee {
                        check_address("assignee", a)?;
                    }
                    OpKind::Assign(w.assignee.as_ref().map(|a| a.to_lowercase()))
                }
                "note" => {
                    let t = w.text.clone().ok_or_else(|| bad("text", "missing"))?;
                    if t.chars().count() > MAX_NOTE_CHARS {
                        return Err(bad("text", "too long"));
                    }
                    OpKind::Note(t)
                }
                "link" => {
                    let (t, l) = target(&w)?;
                    OpKind::Link(t, l)
                }
                "unlink" => {
                    let (t, l) = target(&w)?;
                    OpKind::Unlink(t, l)
                }
                other => OpKind::Unknown(other.to_string()),
            }
        };
        Ok(Op {
            id: w.id,
            author: w.author.to_lowercase(),
            at,
            lamport: w.lamport,
            key: w.key,
            seen: w.seen,
            kind,
        })
    }
}

/// JSON with every non-ASCII character written as `\uXXXX` (surrogate pairs
/// beyond the BMP), which is still the same JSON.
fn ascii_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// A last-writer-wins register that also knows which of its edits no other
/// edit replaced (its heads).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Register<T> {
    /// Every edit: id → (order, value, author, time).
    edits: BTreeMap<String, (OpOrder, T, DateTime<Utc>)>,
    /// Ids some edit listed as replaced.
    replaced: BTreeSet<String>,
}

impl<T> Default for Register<T> {
    fn default() -> Self {
        Register {
            edits: BTreeMap::new(),
            replaced: BTreeSet::new(),
        }
    }
}

impl<T: Clone + PartialEq> Register<T> {
    fn apply(&mut self, op: &Op, value: T) {
        self.replaced.extend(op.seen.iter().cloned());
        self.edits.insert(op.id.clone(), (op.order(), value, op.at));
    }

    /// The winning edit: the highest (Lamport, author, id).
    fn winner(&self) -> Option<&(OpOrder, T, DateTime<Utc>)> {
        self.edits.values().max_by(|a, b| a.0.cmp(&b.0))
    }

    /// Ids of the edits no other edit replaced.
    fn heads(&self) -> Vec<String> {
        self.edits
            .keys()
            .filter(|id| !self.replaced.contains(*id))
            .cloned()
            .collect()
    }

    /// The heads, when they disagree: edits that did not see each other.
    fn conflict(&self) -> Option<Vec<(String, T)>> {
        let mut heads: Vec<&(OpOrder, T, DateTime<Utc>)> = self
            .edits
            .iter()
            .filter(|(id, _)| !self.replaced.contains(*id))
            .map(|(_, e)| e)
            .collect();
        // The winner first.
        heads.sort_by(|a, b| b.0.cmp(&a.0));
        let heads: Vec<(String, T)> = heads
            .into_iter()
            .map(|(o, v, _)| (o.1.clone(), v.clone()))
            .collect();
        let first = &heads.first()?.1;
        heads.iter().any(|(_, v)| v != first).then_some(heads)
    }
}

/// The status edit of a close or a reopen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusEdit {
    Close,
    Reopen,
}

/// Links of one (target, kind): the link operations, and those unlinked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct LinkSet {
    adds: BTreeSet<String>,
    removed: BTreeSet<String>,
}

impl LinkSet {
    fn present(&self) -> bool {
        self.adds.iter().any(|a| !self.removed.contains(a))
    }
}

/// What the team did to one issue, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct IssueTeam {
    status: Register<StatusEdit>,
    assignee: Register<Option<String>>,
    /// By (Lamport, author, id): (author, time, text).
    notes: BTreeMap<OpOrder, (String, DateTime<Utc>, String)>,
    links: BTreeMap<(String, LinkKind), LinkSet>,
}

/// The merged state of every issue's team operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamState {
    issues: BTreeMap<String, IssueTeam>,
    /// Ids applied, so that an operation is applied once.
    applied: BTreeSet<String>,
    /// The highest Lamport clock seen.
    clock: u64,
}

/// One note as shown: `notes: [{at, author, text}]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteView {
    pub at: DateTime<Utc>,
    pub author: String,
    pub text: String,
}

/// One link as shown from an issue: `links: [{key, kind}]`. `kind` is
/// `relates`, `duplicate-of` (this issue duplicates `key`) or
/// `duplicated-by` (`key` duplicates this one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LinkView {
    pub key: String,
    pub kind: String,
}

/// What the team's operations say about one issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TeamView {
    pub assignee: Option<String>,
    pub notes: Vec<NoteView>,
    pub links: Vec<LinkView>,
    /// Two edits of the status or the assignee did not see each other.
    pub conflict: bool,
    /// What disagrees, one line each ("assignee: kari@… or ola@…"), for
    /// people; empty without a conflict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
}

impl TeamView {
    /// The list's "who" cell, in two parts: the assignee's name (before the
    /// @; `-` for nobody), and the marks: `+` for notes, `*` for a conflict.
    /// None when none of it applies. The name is raw: callers sanitise it.
    pub fn cell(&self) -> Option<(&str, String)> {
        if self.assignee.is_none() && self.notes.is_empty() && !self.conflict {
            return None;
        }
        let who = self
            .assignee
            .as_deref()
            .map(|a| a.split('@').next().unwrap_or(a))
            .unwrap_or("-");
        let marks = format!(
            "{}{}",
            if self.notes.is_empty() { "" } else { "+" },
            if self.conflict { "*" } else { "" }
        );
        Some((who, marks))
    }
}

impl TeamState {
    pub fn new() -> Self {
        TeamState::default()
    }

    /// Applies one operation; false when it was applied before.
    pub fn apply(&mut self, op: &Op) -> bool {
        if !self.applied.insert(op.id.clone()) {
            return false;
        }
        self.clock = self.clock.max(op.lamport);
        let issue = self.issues.entry(op.key.clone()).or_default();
        match &op.kind {
            OpKind::Close => issue.status.apply(op, StatusEdit::Close),
            OpKind::Reopen => issue.status.apply(op, StatusEdit::Reopen),
            OpKind::Assign(a) => issue.assignee.apply(op, a.clone()),
            OpKind::Note(t) => {
                issue
                    .notes
                    .insert(op.order(), (op.author.clone(), op.at, t.clone()));
            }
            OpKind::Link(t, l) => {
                issue
                    .links
                    .entry((t.clone(), *l))
                    .or_default()
                    .adds
                    .insert(op.id.clone());
            }
            OpKind::Unlink(t, l) => {
                issue
                    .links
                    .entry((t.clone(), *l))
                    .or_default()
                    .removed
                    .extend(op.seen.iter().cloned());
            }
            OpKind::Unknown(_) => {}
        }
        true
    }

    /// Whether an operation with this id was applied.
    pub fn knows(&self, id: &str) -> bool {
        self.applied.contains(id)
    }

    /// The highest Lamport clock seen: a new operation takes one more.
    pub fn clock(&self) -> u64 {
        self.clock
    }

    /// A new operation of `author` on `key`, with its clock and the edits it
    /// replaces worked out from this state. Not applied.
    pub fn make(&self, id: String, author: &str, at: DateTime<Utc>, key: &str, kind: OpKind) -> Op {
        let issue = self.issues.get(key);
        let seen = match (&kind, issue) {
            (OpKind::Close | OpKind::Reopen, Some(i)) => i.status.heads(),
            (OpKind::Assign(_), Some(i)) => i.assignee.heads(),
            (OpKind::Unlink(t, l), Some(i)) => i
                .links
                .get(&(t.clone(), *l))
                .map(|s| {
                    s.adds
                        .iter()
                        .filter(|a| !s.removed.contains(*a))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        Op {
            id,
            author: author.to_lowercase(),
            at,
            // Clocks stop at the highest accepted; past it, the author
            // breaks ties.
            lamport: self.clock.saturating_add(1).min(MAX_LAMPORT),
            key: key.to_string(),
            seen,
            kind,
        }
    }

    /// The winning close or reopen of each issue, as grouping's local
    /// actions: the status walk applies it at its time among the mail.
    pub fn status_actions(&self) -> Vec<LocalAction> {
        self.issues
            .iter()
            .filter_map(|(key, i)| {
                let (_, edit, at) = i.status.winner()?;
                Some(LocalAction {
                    key: key.clone(),
                    at: *at,
                    kind: match edit {
                        StatusEdit::Close => ActionKind::Close,
                        StatusEdit::Reopen => ActionKind::Reopen,
                    },
                })
            })
            .collect()
    }

    /// Whether the link of `key` to `target` of `kind` is present.
    pub fn linked(&self, key: &str, target: &str, kind: LinkKind) -> bool {
        self.issues
            .get(key)
            .and_then(|i| i.links.get(&(target.to_string(), kind)))
            .is_some_and(LinkSet::present)
    }

    /// The present links between `a` and `b`, either way round, as
    /// (the issue holding it, its target, kind).
    pub fn links_between(&self, a: &str, b: &str) -> Vec<(String, String, LinkKind)> {
        let mut out = Vec::new();
        for (from, to) in [(a, b), (b, a)] {
            if let Some(i) = self.issues.get(from) {
                for ((t, l), s) in &i.links {
                    if t == to && s.present() {
                        out.push((from.to_string(), t.clone(), *l));
                    }
                }
            }
        }
        out
    }

    /// The view of every issue the operations name, links shown from both
    /// ends.
    pub fn views(&self) -> HashMap<String, TeamView> {
        let mut out: HashMap<String, TeamView> = HashMap::new();
        for (key, i) in &self.issues {
            let v = out.entry(key.clone()).or_default();
            v.assignee = i.assignee.winner().and_then(|w| w.1.clone());
            v.notes = i
                .notes
                .values()
                .map(|(author, at, text)| NoteView {
                    at: *at,
                    author: author.clone(),
                    text: text.clone(),
                })
                .collect();
            if let Some(heads) = i.status.conflict() {
                v.conflict = true;
                v.conflicts.push(format!(
                    "status: {}",
                    heads
                        .iter()
                        .map(|(who, e)| format!(
                            "{} by {who}",
                            match e {
                                StatusEdit::Close => "closed",
                                StatusEdit::Reopen => "reopened",
                            }
                        ))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
            if let Some(heads) = i.assignee.conflict() {
                v.conflict = true;
                v.conflicts.push(format!(
                    "assignee: {}",
                    heads
                        .iter()
                        .map(|(who, a)| format!("{} by {who}", a.as_deref().unwrap_or("nobody")))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
            let mut pending: Vec<(String, LinkView)> = Vec::new();
            for ((target, kind), s) in &i.links {
                if !s.present() {
                    continue;
                }
                let (here, there) = match kind {
                    LinkKind::Relates => ("relates", "relates"),
                    LinkKind::Duplicate => ("duplicate-of", "duplicated-by"),
                };
                v.links.push(LinkView {
                    key: target.clone(),
                    kind: here.into(),
                });
                pending.push((
                    target.clone(),
                    LinkView {
                        key: key.clone(),
                        kind: there.into(),
                    },
                ));
            }
            for (target, link) in pending {
                out.entry(target).or_default().links.push(link);
            }
        }
        for v in out.values_mut() {
            v.links.sort();
            v.links.dedup();
        }
        out
    }

    /// The view of one issue.
    pub fn view(&self, key: &str) -> TeamView {
        self.views().remove(key).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600 + s, 0).expect("time")
    }

    fn op(st: &TeamState, id: &str, who: &str, kind: OpKind) -> Op {
        st.make(id.into(), who, t(st.clock() as i64), "VSD-1", kind)
    }

    #[test]
    fn json_round_trips_every_kind_and_stays_ascii() {
        let st = TeamState::new();
        for kind in [
            OpKind::Close,
            OpKind::Reopen,
            OpKind::Assign(Some("kari@example.com".into())),
            OpKind::Assign(None),
            OpKind::Note("venter på loggene fra brukerstedet 🙂".into()),
            OpKind::Link("VSD-2".into(), LinkKind::Duplicate),
            OpKind::Unlink("Case 123456".into(), LinkKind::Relates),
        ] {
            let o = op(&st, "a1b2", "Ola@Example.com", kind);
            let j = o.to_json();
            assert!(j.is_ascii(), "{j}");
            assert!(j.contains("\"v\":1"), "{j}");
            assert_eq!(Op::from_json(&j).expect("parse"), o);
        }
    }

    #[test]
    fn unknown_kinds_and_newer_versions_are_kept_as_unknown() {
        let j = r#"{"v":1,"id":"x1","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":3,"key":"VSD-1","kind":"label","label":"p1"}"#;
        assert_eq!(
            Op::from_json(j).expect("parse").kind,
            OpKind::Unknown("label".into())
        );
        let j = r#"{"v":2,"id":"x1","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":3,"key":"VSD-1","kind":"close"}"#;
        assert_eq!(
            Op::from_json(j).expect("parse").kind,
            OpKind::Unknown("close".into())
        );
        let mut st = TeamState::new();
        assert!(st.apply(&Op::from_json(j).expect("parse")));
        assert!(st.status_actions().is_empty());
        assert_eq!(st.clock(), 3);
    }

    #[test]
    fn malformed_operations_are_refused_with_the_field() {
        for (j, field) in [
            ("not json", ""),
            (
                r#"{"v":1,"id":"x y","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":3,"key":"K","kind":"close"}"#,
                "id",
            ),
            (
                r#"{"v":1,"id":"x","author":"nobody","at":"2026-01-01T00:00:00Z","lamport":3,"key":"K","kind":"close"}"#,
                "author",
            ),
            (
                r#"{"v":1,"id":"x","author":"a@example.com","at":"yesterday","lamport":3,"key":"K","kind":"close"}"#,
                "at",
            ),
            (
                r#"{"v":1,"id":"x","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":0,"key":"K","kind":"close"}"#,
                "lamport",
            ),
            (
                r#"{"v":1,"id":"x","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":3,"key":"K\u001b[2J","kind":"close"}"#,
                "key",
            ),
            (
                r#"{"v":1,"id":"x","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":3,"key":"K","kind":"link"}"#,
                "target",
            ),
        ] {
            let e = Op::from_json(j).expect_err(j);
            if !field.is_empty() {
                assert!(
                    matches!(&e, OpError::Field { field: f, .. } if *f == field),
                    "{j}: {e}"
                );
            }
        }
    }

    #[test]
    fn the_later_edit_wins_and_an_edit_that_saw_the_other_is_no_conflict() {
        let mut st = TeamState::new();
        let a = op(
            &st,
            "a",
            "ola@example.com",
            OpKind::Assign(Some("ola@example.com".into())),
        );
        st.apply(&a);
        let b = op(
            &st,
            "b",
            "kari@example.com",
            OpKind::Assign(Some("kari@example.com".into())),
        );
        assert_eq!(b.seen, vec!["a".to_string()]);
        st.apply(&b);
        let v = st.view("VSD-1");
        assert_eq!(v.assignee.as_deref(), Some("kari@example.com"));
        assert!(!v.conflict);
    }

    #[test]
    fn edits_that_did_not_see_each_other_are_a_conflict_until_edited_again() {
        let base = TeamState::new();
        let a = op(&base, "a", "ola@example.com", OpKind::Close);
        let b = op(&base, "b", "kari@example.com", OpKind::Reopen);
        let mut st = TeamState::new();
        st.apply(&a);
        st.apply(&b);
        let v = st.view("VSD-1");
        assert!(v.conflict);
        assert_eq!(
            v.conflicts,
            vec!["status: closed by ola@example.com or reopened by kari@example.com".to_string()]
        );
        // Same clock: the author decides, "ola" > "kari".
        assert_eq!(st.status_actions()[0].kind, ActionKind::Close);
        let c = op(&st, "c", "kari@example.com", OpKind::Close);
        st.apply(&c);
        assert!(!st.view("VSD-1").conflict);
    }

    #[test]
    fn an_unlink_removes_only_the_links_it_saw() {
        let mut st = TeamState::new();
        let l1 = op(
            &st,
            "l1",
            "ola@example.com",
            OpKind::Link("VSD-2".into(), LinkKind::Relates),
        );
        st.apply(&l1);
        let before_l2 = st.clone();
        let u = op(
            &st,
            "u",
            "ola@example.com",
            OpKind::Unlink("VSD-2".into(), LinkKind::Relates),
        );
        assert_eq!(u.seen, vec!["l1".to_string()]);
        // Kari links again without having seen the unlink.
        let l2 = op(
            &before_l2,
            "l2",
            "kari@example.com",
            OpKind::Link("VSD-2".into(), LinkKind::Relates),
        );
        st.apply(&u);
        assert!(!st.linked("VSD-1", "VSD-2", LinkKind::Relates));
        st.apply(&l2);
        assert!(
            st.linked("VSD-1", "VSD-2", LinkKind::Relates),
            "the add wins"
        );
        let views = st.views();
        assert_eq!(
            views["VSD-2"].links,
            vec![LinkView {
                key: "VSD-1".into(),
                kind: "relates".into()
            }]
        );
    }

    #[test]
    fn an_operation_applies_once() {
        let mut st = TeamState::new();
        let n = op(&st, "n", "ola@example.com", OpKind::Note("x".into()));
        assert!(st.apply(&n));
        assert!(!st.apply(&n));
        assert_eq!(st.view("VSD-1").notes.len(), 1);
    }
}
