//! The view models that the CLI's JSON, the TUI and scripts share.
//! Field names are the stable JSON of CONTRACT.md; more may be added.

use super::rules::RuleId;
use crate::mail::Address;
use chrono::{DateTime, Utc};
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Serialize, Serializer};

/// What names an issue or an unfiled request: its key (`VSD-12345`), or
/// `unfiled:<root message-id>` for a request still waiting for its number.
/// It is what `show`, `status` and `draft` take, the store's `issues.id`
/// and `assignments.issue_id`, and the JSON's `id`, always as this one text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssueId(String);

impl IssueId {
    const UNFILED: &'static str = "unfiled:";

    /// The id of the issue keyed `key`.
    pub fn key(key: impl Into<String>) -> IssueId {
        IssueId(key.into())
    }

    /// The id of the unfiled request whose thread starts at `root`.
    pub fn unfiled(root: &str) -> IssueId {
        IssueId(format!("{}{root}", IssueId::UNFILED))
    }

    /// An id as the store holds it, or as a user typed it.
    pub fn from_stored(id: impl Into<String>) -> IssueId {
        IssueId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for a request still waiting for its number.
    pub fn is_unfiled(&self) -> bool {
        self.0.starts_with(IssueId::UNFILED)
    }

    /// The key, unless this is an unfiled request.
    pub fn as_key(&self) -> Option<&str> {
        (!self.is_unfiled()).then_some(self.0.as_str())
    }

    /// The short id `vsd list` prints for an unfiled request ([`short_id`]).
    pub fn short_id(&self) -> Option<String> {
        short_id(&self.0)
    }
}

impl std::fmt::Display for IssueId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.0)
    }
}

/// Wherever a key is read (a store look-up takes what the user typed), an
/// id is read as its text.
impl std::ops::Deref for IssueId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for IssueId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for IssueId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for IssueId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for IssueId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<&str> for IssueId {
    fn from(id: &str) -> IssueId {
        IssueId::from_stored(id)
    }
}

impl From<String> for IssueId {
    fn from(id: String) -> IssueId {
        IssueId::from_stored(id)
    }
}

impl PartialEq<String> for IssueId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl Serialize for IssueId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl ToSql for IssueId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.as_str()))
    }
}

impl FromSql for IssueId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(IssueId(value.as_str()?.to_string()))
    }
}

/// One issue's status. `Unfiled` is a request still waiting for its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    AwaitingDesk,
    AwaitingTeam,
    Resolved,
    Closed,
    Unfiled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::AwaitingDesk => "awaiting-desk",
            Status::AwaitingTeam => "awaiting-team",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Unfiled => "unfiled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "awaiting-desk" => Status::AwaitingDesk,
            "awaiting-team" => Status::AwaitingTeam,
            "resolved" => Status::Resolved,
            "closed" => Status::Closed,
            "unfiled" => Status::Unfiled,
            _ => return None,
        })
    }

    /// Open issues are the ones someone still has to act on.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::AwaitingDesk | Status::AwaitingTeam | Status::Unfiled
        )
    }
}

/// A status this vsd does not know (a newer vsd wrote it) reads as
/// awaiting the desk: the issue stays in the open list, where it is seen.
impl FromSql for Status {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(Status::parse(value.as_str()?).unwrap_or(Status::AwaitingDesk))
    }
}

impl ToSql for Status {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// Who wrote a message. `Other` matches neither `[desk]` nor `[team]`: vsd
/// never guesses, so such mail moves no status and raises no team rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Desk,
    Team,
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Team => "team",
            Role::Other => "other",
        }
    }

    /// The role stored in the assignments table; an unknown value (an older
    /// store) reads as team, as it was written.
    pub fn parse(s: Option<&str>) -> Role {
        match s {
            Some("desk") => Role::Desk,
            Some("other") => Role::Other,
            _ => Role::Team,
        }
    }
}

/// A role from the assignments table: NULL or an unknown value (an older
/// store) reads as team, as it was written.
impl FromSql for Role {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(Role::parse(value.as_str_or_null()?))
    }
}

impl ToSql for Role {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// A row of `vsd list`: an issue, or an unfiled request (`key` null).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueSummary {
    /// The key, or `unfiled:<message-id>` for an unfiled request: what `show` takes.
    pub id: IssueId,
    pub key: Option<String>,
    pub title: String,
    pub status: Status,
    pub opened_at: DateTime<Utc>,
    pub last_activity: DateTime<Utc>,
    pub message_count: usize,
    /// Distinct rule ids raised on the issue's messages.
    pub flags: Vec<RuleId>,
    /// How many attachments and inline parts the issue's messages hold.
    pub attachments: usize,
    /// What the team did (`assignee`, `notes`, `links`, `conflict`).
    #[serde(flatten)]
    pub team: super::team::TeamView,
    /// For an unfiled request, the short id `vsd list` prints and `show`,
    /// `status` and `draft` accept ([`short_id`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_id: Option<String>,
    /// Who the issue waits on (`desk`, `team`, or null), from its status.
    pub waiting_on: Option<Role>,
    /// Since when: the last message of the side not waited on.
    #[serde(skip)]
    pub waiting_since: Option<DateTime<Utc>>,
    /// Whole days since the last message of the side not waited on.
    pub days_waiting: Option<i64>,
    /// Waiting on the desk longer than `escalate_after_days`.
    pub overdue: bool,
    /// Mail came since the user last opened the issue.
    pub new_mail: bool,
}

/// The short id of an unfiled request (`unfiled:<message-id>`): "u" and six
/// hex digits of a digest of the id, stable across runs and stores.
pub fn short_id(id: &str) -> Option<String> {
    use sha2::{Digest, Sha256};
    id.strip_prefix(IssueId::UNFILED)?;
    let d = Sha256::digest(id.as_bytes());
    Some(format!("u{:02x}{:02x}{:02x}", d[0], d[1], d[2]))
}

/// Fills in each summary's days waiting and overdue mark as of `now`:
/// overdue is waiting on the desk longer than `escalate_after_days`.
pub fn annotate(list: &mut [IssueSummary], now: DateTime<Utc>, escalate_after_days: i64) {
    for i in list {
        i.days_waiting = i.waiting_since.map(|t| (now - t).num_days().max(0));
        i.overdue = i.waiting_on == Some(Role::Desk)
            && i.days_waiting.is_some_and(|d| d > escalate_after_days);
    }
}

/// Who an issue in `status` waits on, and since when: the last message of
/// the other side (`last_desk`, `last_team`).
pub fn waiting(
    status: Status,
    last_desk: Option<DateTime<Utc>>,
    last_team: Option<DateTime<Utc>>,
) -> (Option<Role>, Option<DateTime<Utc>>) {
    match status {
        Status::AwaitingDesk | Status::Unfiled => (Some(Role::Desk), last_team),
        Status::AwaitingTeam => (Some(Role::Team), last_desk),
        Status::Resolved | Status::Closed => (None, None),
    }
}

/// A flag on a message, with its evidence and the guideline it enforces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlagView {
    pub rule: RuleId,
    /// What triggered it, in a line.
    pub detail: String,
    /// The header or lines that triggered it.
    pub evidence: String,
    /// One line for the user that quotes the guideline.
    pub explanation: String,
}

/// One message of `vsd show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageView {
    pub message_id: String,
    pub date: DateTime<Utc>,
    /// The sender as `Name <addr>`.
    pub from: String,
    /// The To and Cc recipients, each as `Name <addr>` (`cc-dropped` is
    /// about them).
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub role: Role,
    pub subject: String,
    /// Rule ids raised on this message.
    pub flags: Vec<RuleId>,
    /// The message's own words without quoted history.
    pub new_text: String,
    /// The flags with their details and explanations.
    pub flag_details: Vec<FlagView>,
    /// True when quoted history was folded away from `new_text`.
    pub quoted: bool,
    /// True when the message is no longer on the server.
    pub gone: bool,
    /// The full size in bytes of a message stored as its header and a
    /// placeholder (above `max_message_size`, until `vsd fetch`).
    pub partial_size: Option<u64>,
    /// The message's attachments and inline parts, in MIME order; `vsd
    /// attachment` numbers an issue's attachments in this order, message by
    /// message.
    pub attachments: Vec<AttachmentView>,
}

/// One attachment of a message, as `show --json` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentView {
    /// The file name made safe (what `vsd attachment save` writes).
    pub name: String,
    /// The content type, lower-cased.
    #[serde(rename = "type")]
    pub content_type: String,
    /// Bytes, decoded.
    pub size: u64,
    /// The MIME part path (`2`, `1.2`).
    pub part: String,
    /// An inline part (an image in the text) rather than one marked as an
    /// attachment.
    pub inline: bool,
    /// The mail's name held bidi, control or invisible characters, dropped
    /// from `name`: shown with a mark.
    pub hidden_characters: bool,
}

impl AttachmentView {
    /// From a parsed attachment.
    pub fn of(a: &crate::mail::Attachment) -> AttachmentView {
        let safe = a.safe_name();
        AttachmentView {
            name: safe.name,
            content_type: a.content_type.clone(),
            size: a.size,
            part: a.part.clone(),
            inline: a.inline,
            hidden_characters: safe.held_hidden,
        }
    }

    /// The name as shown: with a mark when it held hidden characters.
    pub fn shown_name(&self) -> String {
        if self.hidden_characters {
            format!("{} {}", crate::mail::filename::HIDDEN_MARK, self.name)
        } else {
            self.name.clone()
        }
    }
}

/// An entry of the append-only event log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub key: Option<String>,
    pub kind: super::EventKind,
    pub detail: String,
}

/// One issue in full: `vsd show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueDetail {
    pub key: Option<String>,
    pub title: String,
    pub status: Status,
    pub messages: Vec<MessageView>,
    pub events: Vec<Event>,
    /// What the team did (`assignee`, `notes`, `links`, `conflict`).
    #[serde(flatten)]
    pub team: super::team::TeamView,
    /// Where the issue stands before escalating, when the caller worked it
    /// out (it depends on the config and on today).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<super::standing::Standing>,
}

/// One message of an issue, as a reply needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadMessage {
    /// Without angle brackets.
    pub message_id: String,
    pub date: DateTime<Utc>,
    pub role: Role,
    pub from: Option<Address>,
    pub reply_to: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
}

/// An issue, as a reply needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    /// The issue's key, or `None` for an unfiled request.
    pub key: Option<String>,
    /// `list`'s title: the Subject without key and prefixes.
    pub title: String,
    /// The auto-reply's Subject without reply prefixes, key kept.
    pub canonical_subject: String,
    /// In date order, oldest first.
    pub messages: Vec<ThreadMessage>,
}

impl Thread {
    /// The key, or the title of an unfiled request, for messages.
    pub fn name(&self) -> String {
        self.key
            .clone()
            .unwrap_or_else(|| format!("the unfiled request \"{}\"", self.title))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored<T: ToSql>(v: T) -> String {
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
        conn.query_row("SELECT ?1", [v], |r| r.get(0))
            .expect("round trip")
    }

    fn read<T: FromSql>(sql: &str) -> T {
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
        conn.query_row(sql, [], |r| r.get(0)).expect("read")
    }

    #[test]
    fn issue_ids_are_one_text_in_json_sql_and_for_the_user() {
        let key = IssueId::key("VSD-12345");
        let unfiled = IssueId::unfiled("req1@example.com");
        assert_eq!(unfiled, "unfiled:req1@example.com");
        assert!(unfiled.is_unfiled() && !key.is_unfiled());
        assert_eq!(key.as_key(), Some("VSD-12345"));
        assert_eq!(unfiled.as_key(), None);
        assert_eq!(key.short_id(), None);
        assert_eq!(unfiled.short_id(), short_id("unfiled:req1@example.com"));
        assert_eq!(
            serde_json::to_string(&[&key, &unfiled]).expect("json"),
            r#"["VSD-12345","unfiled:req1@example.com"]"#
        );
        assert_eq!(stored(&unfiled), "unfiled:req1@example.com");
        assert_eq!(
            read::<IssueId>("SELECT 'unfiled:x@y'"),
            IssueId::unfiled("x@y")
        );
        assert_eq!(format!("{key:<10}|"), "VSD-12345 |");
    }

    #[test]
    fn roles_and_statuses_read_from_the_store_as_they_were_written() {
        for role in [Role::Desk, Role::Team, Role::Other] {
            assert_eq!(stored(role), role.as_str());
            assert_eq!(read::<Role>(&format!("SELECT '{}'", role.as_str())), role);
        }
        // An older store's NULL or unknown role was the team's.
        assert_eq!(read::<Role>("SELECT NULL"), Role::Team);
        assert_eq!(read::<Role>("SELECT 'someone'"), Role::Team);
        for status in [
            Status::AwaitingDesk,
            Status::AwaitingTeam,
            Status::Resolved,
            Status::Closed,
            Status::Unfiled,
        ] {
            assert_eq!(stored(status), status.as_str());
            assert_eq!(
                read::<Status>(&format!("SELECT '{}'", status.as_str())),
                status
            );
            let json = serde_json::to_string(&status).expect("json");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            let word = clap::ValueEnum::to_possible_value(&status).expect("a word");
            assert_eq!(word.get_name(), status.as_str());
        }
        // A status a newer vsd wrote stays in the open list.
        assert_eq!(read::<Status>("SELECT 'parked'"), Status::AwaitingDesk);
    }
}
