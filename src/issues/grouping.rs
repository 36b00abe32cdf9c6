//! Messages to issues: threading, keys, roles, status, flags and the events
//! that tell an issue's history.
//!
//! # How a message finds its issue
//!
//! 1. A message whose Subject matches `issue_pattern` belongs to the issue of
//!    the first key it names.
//! 2. Otherwise the thread decides. Threads are built JWZ-style: every id met
//!    in a Message-ID, In-Reply-To or References header gets a container, and
//!    consecutive References are linked parent → child even when the messages
//!    in between are missing from the mailbox, so a chain with holes still
//!    connects. A message's own References win over links guessed from
//!    other messages, and no link may close a loop.
//! 3. A keyless message takes the key of its nearest ancestor that has one (a
//!    reply whose Subject lost the key); failing that, the key of its earliest
//!    descendant that has one (the request sent before the desk's auto-reply,
//!    which the auto-reply references).
//! 4. What reaches no key is an unfiled request, one entry per thread.
//!
//! # Status
//!
//! Each issue's messages are walked in date order, with the user's local
//! close and reopen actions interleaved: the desk's auto-reply (its first
//! keyed message) leaves the issue awaiting the desk, any other desk message
//! awaits the team or, matching `resolved_pattern`, resolves it; team mail
//! awaits the desk and reopens a resolved or closed issue. A local reopen
//! goes back to whoever the thread awaits: the team when the desk asked
//! something last, else the desk (a resolution the team reopens is the
//! desk's to answer).

use super::content::Findings;
use super::model::{Role, Status};
use super::rules::{Flag, RuleId};
use super::subject;
use crate::config::AddressSet;
use crate::mail::Address;
use chrono::{DateTime, Duration, Utc};
use regex::Regex;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Bumped whenever grouping or the issue-level rules change, so that an
/// existing store is regrouped on its next use. 2: a local reopen goes back
/// to whoever the thread awaits. 3: Outlook's conversation ids join threads,
/// and subject prefixes in more languages are stripped. 4: a sender that
/// matches neither `[desk]` nor `[team]` is other, not team.
pub const GROUPING_VERSION: i64 = 4;

/// What grouping needs of one stored message.
#[derive(Debug, Clone)]
pub struct MsgMeta {
    pub message_id: String,
    pub date: DateTime<Utc>,
    pub subject: String,
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// The message's own words match `resolved_pattern` (decided when the
    /// message is loaded, so that grouping a large store does not hold every
    /// message's text).
    pub says_resolved: bool,
    pub quoted: bool,
    pub quote_evidence: Option<String>,
    pub findings: Findings,
    /// How many attachments and inline parts the message holds.
    pub attachments: usize,
}

impl MsgMeta {
    /// A parsed, analysed message as grouping sees it.
    pub fn new(
        msg: &crate::mail::Message,
        date: DateTime<Utc>,
        content: &super::content::Content,
        resolved_pattern: &Regex,
    ) -> Self {
        MsgMeta {
            message_id: msg.message_id.clone(),
            date,
            subject: msg.subject.clone(),
            from: msg.from.clone(),
            to: msg.to.clone(),
            cc: msg.cc.clone(),
            in_reply_to: msg.in_reply_to.clone(),
            references: msg.references.clone(),
            says_resolved: resolved_pattern.is_match(&content.new_text),
            quoted: content.quoted,
            quote_evidence: content.quote_evidence.clone(),
            findings: content.findings.clone(),
            attachments: msg.attachments.len(),
        }
    }
}

/// A local action of the user on an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Close,
    Reopen,
}

#[derive(Debug, Clone)]
pub struct LocalAction {
    pub key: String,
    pub at: DateTime<Utc>,
    pub kind: ActionKind,
}

/// The settings grouping follows (from `[desk]` and `[team]`).
#[derive(Debug, Clone)]
pub struct GroupConfig {
    pub issue_pattern: Regex,
    pub resolved_pattern: Regex,
    /// Who the desk is; empty means: infer it from the first keyed message.
    pub desk: AddressSet,
    /// Who the team is; empty means: everyone who is not the desk.
    pub team: AddressSet,
    pub new_problem_after_days: i64,
}

impl GroupConfig {
    pub fn from_config(cfg: &crate::config::Config) -> Self {
        GroupConfig {
            issue_pattern: cfg.issue_regex(),
            resolved_pattern: cfg.resolved_regex(),
            desk: AddressSet::new(&cfg.desk.addresses),
            team: AddressSet::new(&cfg.team.addresses),
            new_problem_after_days: i64::from(cfg.desk.new_problem_after_days),
        }
    }

    /// What a grouping under these settings depends on, with this vsd's
    /// grouping and analysis versions: equal fingerprints give equal
    /// issues from equal mail. The store keeps the one it last grouped
    /// under.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(GROUPING_VERSION.to_le_bytes());
        h.update(super::content::ANALYSIS_VERSION.to_le_bytes());
        for s in [self.issue_pattern.as_str(), self.resolved_pattern.as_str()] {
            h.update(s.as_bytes());
            h.update([0]);
        }
        for (side, set) in [(b'd', &self.desk), (b't', &self.team)] {
            h.update([side]);
            for p in set.patterns() {
                h.update(p.as_bytes());
                h.update([0]);
            }
        }
        h.update(self.new_problem_after_days.to_le_bytes());
        format!("{:x}", h.finalize())
    }
}

/// Where one message landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The issue's key, or `unfiled:<root id>`.
    pub issue_id: String,
    pub key: Option<String>,
    pub thread_root: String,
    pub role: Role,
}

/// One issue or unfiled request as grouping sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueState {
    pub id: String,
    pub key: Option<String>,
    pub title: String,
    pub canonical_subject: String,
    pub status: Status,
    pub opened_at: DateTime<Utc>,
    pub last_activity: DateTime<Utc>,
    /// Indexes into the input, in date order.
    pub messages: Vec<usize>,
    /// Distinct rules raised on its messages.
    pub flags: BTreeSet<RuleId>,
    /// When the issue was last resolved or closed, while it still is.
    pub settled_at: Option<DateTime<Utc>>,
}

/// An event the walk saw; `reference` makes writing it idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub at: DateTime<Utc>,
    pub key: String,
    pub kind: super::EventKind,
    pub detail: String,
    pub reference: String,
}

/// The whole result of grouping a mailbox.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// Parallel to the input messages.
    pub assignments: Vec<Assignment>,
    pub issues: Vec<IssueState>,
    /// (message index, flag).
    pub flags: Vec<(usize, Flag)>,
    pub events: Vec<EventDraft>,
    /// The desk as configured or inferred.
    pub desk: AddressSet,
}

/// One issue or unfiled request, walked: its state, the flags raised on its
/// messages, and its events.
#[derive(Debug, Clone)]
pub struct IssueOutcome {
    pub state: IssueState,
    /// (message index, flag).
    pub flags: Vec<(usize, Flag)>,
    pub events: Vec<EventDraft>,
}

/// Groups messages (distinct Message-IDs) into issues, all at once.
pub fn group(msgs: &[MsgMeta], actions: &[LocalAction], cfg: &GroupConfig) -> Grouping {
    let plan = Plan::new(msgs, cfg);
    let mut out = Grouping {
        issues: Vec::with_capacity(plan.issues.len()),
        desk: plan.desk.clone(),
        ..Grouping::default()
    };
    for o in plan.outcomes(actions) {
        out.issues.push(o.state);
        out.flags.extend(o.flags);
        out.events.extend(o.events);
    }
    out.assignments = plan.assignments;
    out
}

/// Where every message goes, before any issue is walked. Walking one issue
/// at a time ([`Plan::outcomes`]) lets a large store be regrouped without
/// holding every issue's events at once.
pub struct Plan<'a> {
    msgs: &'a [MsgMeta],
    cfg: &'a GroupConfig,
    keys: Vec<Vec<String>>,
    roles: Vec<Role>,
    /// Parallel to the input messages.
    pub assignments: Vec<Assignment>,
    /// The desk as configured or inferred.
    pub desk: AddressSet,
    /// The message the desk was inferred from, if it was.
    pub desk_anchor: Option<DeskAnchor>,
    /// (issue id, its messages in date order), by id.
    issues: Vec<(String, Vec<usize>)>,
}

/// The message the desk was inferred from: the earliest keyed message whose
/// Subject has no reply prefix, or, when no keyed message lacks one
/// (`fallback`), the earliest keyed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskAnchor {
    pub index: usize,
    pub fallback: bool,
}

impl DeskAnchor {
    /// Whether `m`, added after every message the anchor was chosen among,
    /// could be chosen instead (it is keyed, and earlier or from the better
    /// pool).
    pub fn could_move(
        anchor: Option<(DateTime<Utc>, bool)>,
        m: &MsgMeta,
        cfg: &GroupConfig,
    ) -> bool {
        if m.from.is_none() || subject::keys(&m.subject, &cfg.issue_pattern).is_empty() {
            return false;
        }
        let prefixed = subject::has_prefix(&m.subject);
        match anchor {
            None => true,
            // A keyed message without a prefix beats any fallback anchor.
            Some((_, true)) if !prefixed => true,
            // Otherwise only an earlier one from the same pool (an equal
            // date counts: ties go by order, which is not known here).
            Some((date, fallback)) => m.date <= date && (fallback || !prefixed),
        }
    }
}

/// Every id a message names: its own, In-Reply-To and References. Messages
/// that share one are in the same thread or could come to be.
pub fn mentioned(m: &MsgMeta) -> impl Iterator<Item = &str> {
    std::iter::once(m.message_id.as_str())
        .chain(m.in_reply_to.iter().map(String::as_str))
        .chain(m.references.iter().map(String::as_str))
}

impl<'a> Plan<'a> {
    pub fn new(msgs: &'a [MsgMeta], cfg: &'a GroupConfig) -> Plan<'a> {
        let keys: Vec<Vec<String>> = msgs
            .iter()
            .map(|m| subject::keys(&m.subject, &cfg.issue_pattern))
            .collect();
        let (desk, desk_anchor) = infer_desk(msgs, &keys, cfg);
        let roles: Vec<Role> = msgs
            .iter()
            .map(|m| match &m.from {
                Some(a) => role_of(&a.email, &desk, &cfg.team),
                None => Role::Other,
            })
            .collect();

        let threads = Threads::build(msgs);
        let resolved = threads.resolve_keys(msgs, &keys);

        // Gather the messages of each issue or unfiled thread.
        let mut by_issue: HashMap<String, Vec<usize>> = HashMap::new();
        let mut assignments = Vec::with_capacity(msgs.len());
        for (i, key) in resolved.into_iter().enumerate() {
            let root = threads.root_id(i).to_string();
            let issue_id = match &key {
                Some(k) => k.clone(),
                None => format!("unfiled:{root}"),
            };
            by_issue.entry(issue_id.clone()).or_default().push(i);
            assignments.push(Assignment {
                issue_id,
                key,
                thread_root: root,
                role: roles[i],
            });
        }
        let mut issues: Vec<(String, Vec<usize>)> = by_issue.into_iter().collect();
        issues.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, members) in &mut issues {
            members.sort_by(|&a, &b| msgs[a].date.cmp(&msgs[b].date).then(a.cmp(&b)));
        }
        Plan {
            msgs,
            cfg,
            keys,
            roles,
            assignments,
            desk,
            desk_anchor,
            issues,
        }
    }

    /// Each issue's id, and whether it has a key (else it is unfiled).
    pub fn issue_ids(&self) -> impl Iterator<Item = (&str, bool)> + '_ {
        self.issues
            .iter()
            .map(|(id, members)| (id.as_str(), self.assignments[members[0]].key.is_some()))
    }

    /// [`Plan::outcomes`] of the issues in `only`.
    pub fn outcomes_of<'p>(
        &'p self,
        actions: &'p [LocalAction],
        only: &'p HashSet<String>,
    ) -> impl Iterator<Item = IssueOutcome> + 'p {
        self.issues
            .iter()
            .filter(move |(id, _)| only.contains(id))
            .map(move |(id, members)| self.walk(id, members, actions))
    }

    /// Each issue walked in turn, by id, with the user's local actions.
    pub fn outcomes<'p>(
        &'p self,
        actions: &'p [LocalAction],
    ) -> impl Iterator<Item = IssueOutcome> + 'p {
        self.issues
            .iter()
            .map(move |(id, members)| self.walk(id, members, actions))
    }

    fn walk(&self, id: &str, members: &[usize], actions: &[LocalAction]) -> IssueOutcome {
        let desk = &self.desk;
        let cfg = self.cfg;
        let team_set = |a: &Address| -> bool { role_of(&a.email, desk, &cfg.team) == Role::Team };
        let ctx = IssueCtx {
            msgs: self.msgs,
            keys: &self.keys,
            roles: &self.roles,
            cfg,
            members,
            is_team: &team_set,
        };
        let mut raised = Raised::default();
        let state = match &self.assignments[members[0]].key {
            Some(k) => walk_issue(&ctx, k, id, actions, &mut raised),
            None => walk_unfiled(&ctx, id, &mut raised),
        };
        IssueOutcome {
            state,
            flags: raised.flags,
            events: raised.events,
        }
    }
}

/// What walking one issue raised.
#[derive(Default)]
struct Raised {
    flags: Vec<(usize, Flag)>,
    events: Vec<EventDraft>,
}

struct IssueCtx<'a> {
    msgs: &'a [MsgMeta],
    keys: &'a [Vec<String>],
    roles: &'a [Role],
    cfg: &'a GroupConfig,
    members: &'a [usize],
    is_team: &'a dyn Fn(&Address) -> bool,
}

/// Who an address is, never guessed: the desk when `[desk]` (or the desk
/// inferred) holds it, the team when `[team]` does, else other. Without a
/// `[team]`, everyone who is not the desk is the team, except an address on
/// the desk's own domain: the desk's notifier is not a colleague.
pub fn role_of(email: &str, desk: &AddressSet, team: &AddressSet) -> Role {
    if desk.contains(email) {
        Role::Desk
    } else if team.is_empty() {
        if desk.shares_domain(email) {
            Role::Other
        } else {
            Role::Team
        }
    } else if team.contains(email) {
        Role::Team
    } else {
        Role::Other
    }
}

/// The desk from the config, or whoever sent the first keyed message and
/// their domain (unless that domain is the team's own), with that message.
fn infer_desk(
    msgs: &[MsgMeta],
    keys: &[Vec<String>],
    cfg: &GroupConfig,
) -> (AddressSet, Option<DeskAnchor>) {
    if !cfg.desk.is_empty() {
        return (cfg.desk.clone(), None);
    }
    let mut set = AddressSet::default();
    let keyed = || (0..msgs.len()).filter(|&i| !keys[i].is_empty() && msgs[i].from.is_some());
    let anchor = keyed()
        .filter(|&i| !subject::has_prefix(&msgs[i].subject))
        .min_by_key(|&i| (msgs[i].date, i))
        .map(|index| DeskAnchor {
            index,
            fallback: false,
        })
        .or_else(|| {
            keyed()
                .min_by_key(|&i| (msgs[i].date, i))
                .map(|index| DeskAnchor {
                    index,
                    fallback: true,
                })
        });
    if let Some(a) = anchor.and_then(|a| msgs[a.index].from.as_ref()) {
        set.add_exact(&a.email);
        let domain = a.domain();
        let probe = format!("someone@{domain}");
        if !domain.is_empty() && !cfg.team.contains(&probe) {
            set.add_domain(domain);
        }
    }
    (set, anchor)
}

fn walk_issue(
    ctx: &IssueCtx,
    key: &str,
    id: &str,
    actions: &[LocalAction],
    out: &mut Raised,
) -> IssueState {
    let msgs = ctx.msgs;
    let members = ctx.members;
    // The auto-reply: the desk's first message that carries the key.
    let auto = members
        .iter()
        .copied()
        .find(|&i| ctx.roles[i] == Role::Desk && ctx.keys[i].iter().any(|k| k == key));
    let anchor = auto.or_else(|| {
        members
            .iter()
            .copied()
            .find(|&i| ctx.keys[i].iter().any(|k| k == key))
    });
    let title_source = anchor.map(|i| msgs[i].subject.as_str()).unwrap_or("");
    let title = subject::title(title_source, &ctx.cfg.issue_pattern);
    let canonical = subject::canonical(title_source);
    let compare_title = subject::without_key(title_source, key);
    let member_ids: HashSet<&str> = members
        .iter()
        .map(|&i| msgs[i].message_id.as_str())
        .collect();

    let mut acts: Vec<&LocalAction> = actions.iter().filter(|a| a.key == key).collect();
    acts.sort_by_key(|a| a.at);
    let mut acts = acts.into_iter().peekable();

    let first_date = msgs[members[0]].date;
    out.events.push(EventDraft {
        at: first_date,
        key: key.to_string(),
        kind: super::EventKind::Opened,
        detail: format!("opened: {title}"),
        reference: format!("opened:{key}"),
    });

    let mut status = Status::AwaitingDesk;
    // Who the thread itself awaits, whatever the user did locally.
    let mut awaits = Status::AwaitingDesk;
    let mut settled_at: Option<DateTime<Utc>> = None;
    let mut flags = BTreeSet::new();
    let mut team_seen: Vec<String> = Vec::new();
    // Beside the list (whose order the flag's detail keeps): a Cc of
    // thousands of colleagues is checked in linear time.
    let mut team_set: HashSet<String> = HashSet::new();
    let mut first_team_request = true;

    for &i in members {
        let m = &msgs[i];
        while let Some(a) = acts.next_if(|a| a.at <= m.date) {
            apply_action(a, awaits, &mut status, &mut settled_at);
        }
        let after_anchor = anchor.is_some_and(|a| (m.date, i) > (msgs[a].date, a));
        let mut raised: Vec<Flag> = Vec::new();
        match ctx.roles[i] {
            Role::Desk => {
                let resolving = Some(i) != auto
                    && (m.says_resolved || ctx.cfg.resolved_pattern.is_match(&m.subject));
                if resolving {
                    if !matches!(status, Status::Resolved) {
                        out.events.push(EventDraft {
                            at: m.date,
                            key: key.to_string(),
                            kind: super::EventKind::Resolved,
                            detail: format!("resolved by {}", sender(m)),
                            reference: format!("resolved:{key}:{}", m.message_id),
                        });
                    }
                    status = Status::Resolved;
                    settled_at = Some(m.date);
                } else {
                    status = if Some(i) == auto {
                        Status::AwaitingDesk
                    } else {
                        Status::AwaitingTeam
                    };
                    settled_at = None;
                }
                awaits = match status {
                    Status::AwaitingTeam => Status::AwaitingTeam,
                    _ => Status::AwaitingDesk,
                };
                out.events.push(EventDraft {
                    at: m.date,
                    key: key.to_string(),
                    kind: super::EventKind::DeskReplied,
                    detail: format!("{} wrote: {}", sender(m), one_line(&m.subject)),
                    reference: format!("msg:{key}:{}", m.message_id),
                });
            }
            Role::Team => {
                if let (Some(since), true) = (
                    settled_at,
                    matches!(status, Status::Resolved | Status::Closed),
                ) {
                    let days = (m.date - since).num_days();
                    if m.date - since > Duration::days(ctx.cfg.new_problem_after_days) {
                        raised.push(Flag {
                            rule: RuleId::NewProblem,
                            detail: format!(
                                "team mail {days} days after the issue was {}",
                                status.as_str()
                            ),
                            evidence: format!("Subject: {}", one_line(&m.subject)),
                        });
                    }
                    out.events.push(EventDraft {
                        at: m.date,
                        key: key.to_string(),
                        kind: super::EventKind::Reopened,
                        detail: format!("reopened by {}", sender(m)),
                        reference: format!("reopened:{key}:{}", m.message_id),
                    });
                }
                status = Status::AwaitingDesk;
                awaits = Status::AwaitingDesk;
                settled_at = None;
                out.events.push(EventDraft {
                    at: m.date,
                    key: key.to_string(),
                    kind: super::EventKind::TeamReplied,
                    detail: format!("{} wrote: {}", sender(m), one_line(&m.subject)),
                    reference: format!("msg:{key}:{}", m.message_id),
                });

                let is_request = first_team_request && !after_anchor;
                first_team_request = false;
                if is_request {
                    raised.extend(missing_info_flag(m));
                } else if after_anchor {
                    raised.extend(subject_flags(ctx, i, key, &compare_title, &member_ids));
                    raised.extend(cc_flag(m, &team_seen));
                }
                raised.extend(content_flags(m));
            }
            // Neither side: shown and logged, but it moves no status and
            // no team rule applies to it.
            Role::Other => {
                out.events.push(EventDraft {
                    at: m.date,
                    key: key.to_string(),
                    kind: super::EventKind::OtherWrote,
                    detail: format!(
                        "{} (neither [desk] nor [team]) wrote: {}",
                        sender(m),
                        one_line(&m.subject)
                    ),
                    reference: format!("msg:{key}:{}", m.message_id),
                });
            }
        }
        if ctx.keys[i].len() > 1 && ctx.roles[i] == Role::Team {
            raised.push(Flag {
                rule: RuleId::MultipleIssues,
                detail: format!("the Subject names {}", ctx.keys[i].join(" and ")),
                evidence: format!("Subject: {}", one_line(&m.subject)),
            });
        }
        for f in raised {
            flags.insert(f.rule);
            out.events.push(EventDraft {
                at: m.date,
                key: key.to_string(),
                kind: super::EventKind::Flagged,
                detail: format!("{} on mail from {}: {}", f.rule, sender(m), f.detail),
                reference: format!("flag:{key}:{}:{}", m.message_id, f.rule),
            });
            out.flags.push((i, f));
        }
        for a in participants(m) {
            if (ctx.is_team)(a) && team_set.insert(a.email.clone()) {
                team_seen.push(a.email.clone());
            }
        }
    }
    for a in acts {
        apply_action(a, awaits, &mut status, &mut settled_at);
    }

    IssueState {
        id: id.to_string(),
        key: Some(key.to_string()),
        title,
        canonical_subject: canonical,
        status,
        opened_at: first_date,
        last_activity: msgs[*members.last().unwrap_or(&members[0])].date,
        messages: members.to_vec(),
        flags,
        settled_at,
    }
}

/// A local close or reopen; its event was logged when the user acted.
/// `awaits` is who the thread awaits, where a reopen goes back to.
fn apply_action(
    a: &LocalAction,
    awaits: Status,
    status: &mut Status,
    settled_at: &mut Option<DateTime<Utc>>,
) {
    match a.kind {
        ActionKind::Close => {
            *status = Status::Closed;
            *settled_at = Some(a.at);
        }
        ActionKind::Reopen => {
            if matches!(status, Status::Closed | Status::Resolved) {
                *status = awaits;
                *settled_at = None;
            }
        }
    }
}

fn walk_unfiled(ctx: &IssueCtx, id: &str, out: &mut Raised) -> IssueState {
    let msgs = ctx.msgs;
    let members = ctx.members;
    let mut flags = BTreeSet::new();
    let mut first_team = true;
    for &i in members {
        if ctx.roles[i] != Role::Team {
            continue;
        }
        let m = &msgs[i];
        let mut raised = content_flags(m);
        if first_team {
            raised.extend(missing_info_flag(m));
            first_team = false;
        }
        for f in raised {
            flags.insert(f.rule);
            out.flags.push((i, f));
        }
    }
    let first = &msgs[members[0]];
    IssueState {
        id: id.to_string(),
        key: None,
        title: subject::fold_whitespace(subject::strip_prefixes(&first.subject)),
        canonical_subject: subject::canonical(&first.subject),
        status: Status::Unfiled,
        opened_at: first.date,
        last_activity: msgs[*members.last().unwrap_or(&members[0])].date,
        messages: members.to_vec(),
        flags,
        settled_at: None,
    }
}

/// `subject-changed` and `key-missing` on a team reply in the thread.
fn subject_flags(
    ctx: &IssueCtx,
    i: usize,
    key: &str,
    title: &str,
    members: &HashSet<&str>,
) -> Vec<Flag> {
    let m = &ctx.msgs[i];
    let mut out = Vec::new();
    let own_keys = &ctx.keys[i];
    let evidence = format!("Subject: {}", one_line(&m.subject));
    if own_keys.is_empty() {
        let refers = m
            .in_reply_to
            .iter()
            .chain(&m.references)
            .any(|r| members.contains(r.as_str()));
        if refers {
            out.push(Flag {
                rule: RuleId::KeyMissing,
                detail: format!("the Subject lacks {key}"),
                evidence: evidence.clone(),
            });
        }
    }
    let now = subject::without_key(&m.subject, key);
    if now != title {
        out.push(Flag {
            rule: RuleId::SubjectChanged,
            detail: format!("\"{}\" instead of \"{}\"", one_line(&now), one_line(title)),
            evidence,
        });
    }
    out
}

/// `cc-dropped`: a team reply that leaves out a team address seen earlier.
fn cc_flag(m: &MsgMeta, team_seen: &[String]) -> Option<Flag> {
    let sender = m.from.as_ref().map(|a| a.email.as_str()).unwrap_or("");
    let present: HashSet<&str> =
        m.to.iter()
            .chain(&m.cc)
            .map(|a| a.email.as_str())
            .chain(std::iter::once(sender))
            .collect();
    let dropped: Vec<&str> = team_seen
        .iter()
        .map(String::as_str)
        .filter(|e| !present.contains(e))
        .collect();
    if dropped.is_empty() {
        return None;
    }
    Some(Flag {
        rule: RuleId::CcDropped,
        detail: format!("left out {}", dropped.join(", ")),
        evidence: format!("To: {}; Cc: {}", join_addrs(&m.to), join_addrs(&m.cc)),
    })
}

fn missing_info_flag(m: &MsgMeta) -> Option<Flag> {
    if m.findings.missing.is_empty() {
        return None;
    }
    Some(Flag {
        rule: RuleId::MissingInfo,
        detail: format!(
            "the request does not give: {}",
            m.findings.missing.join(", ")
        ),
        evidence: format!("Subject: {}", one_line(&m.subject)),
    })
}

/// Flags that depend on the message's own content.
fn content_flags(m: &MsgMeta) -> Vec<Flag> {
    let mut out = Vec::new();
    if m.quoted {
        out.push(Flag {
            rule: RuleId::QuotedHistory,
            detail: "the message quotes earlier mail".into(),
            evidence: m.quote_evidence.clone().unwrap_or_default(),
        });
    }
    if !m.findings.secrets.is_empty() {
        let names: Vec<&str> = m.findings.secrets.iter().map(|s| s.name.as_str()).collect();
        out.push(Flag {
            rule: RuleId::SecretUnredacted,
            detail: format!("unmasked {}", names.join(", ")),
            evidence: m
                .findings
                .secrets
                .iter()
                .map(|s| format!("line {}: {}", s.line, s.shown))
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    out
}

fn participants(m: &MsgMeta) -> impl Iterator<Item = &Address> {
    m.from.iter().chain(&m.to).chain(&m.cc)
}

fn sender(m: &MsgMeta) -> String {
    m.from
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_else(|| "(no sender)".into())
}

fn join_addrs(a: &[Address]) -> String {
    a.iter()
        .map(|a| a.email.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn one_line(s: &str) -> String {
    subject::fold_whitespace(s)
}

/// The thread forest over message ids.
struct Threads<'a> {
    /// Container index of each input message.
    of_msg: Vec<usize>,
    /// Ids borrowed from the messages: a large mailbox is not copied.
    ids: Vec<&'a str>,
    msg: Vec<Option<usize>>,
    parent: Vec<Option<usize>>,
    /// Whether a container was ever given a child while building (it may
    /// have lost it since): one that never was is nobody's ancestor.
    has_child: Vec<bool>,
    children: Vec<Vec<usize>>,
}

/// A message's chain of ancestors, oldest first: its References, with each
/// In-Reply-To id moved to the end unless it is last already. The same as
/// moving them one at a time, in linear time (a References header may hold
/// hundreds of thousands of ids).
fn reply_chain<'a>(references: &'a [String], in_reply_to: &'a [String]) -> Vec<&'a str> {
    let mut moved: HashSet<&'a str> = HashSet::new();
    // Moved ids in the order of their last move; a later move of the same
    // id leaves a hole (None) where it was.
    let mut tail: Vec<Option<&'a str>> = Vec::new();
    let mut tail_at: HashMap<&'a str, usize> = HashMap::new();
    // References not moved end before this index (it only shrinks).
    let mut refs_end = references.len();
    for r in in_reply_to.iter().map(String::as_str) {
        while tail.last().is_some_and(Option::is_none) {
            tail.pop();
        }
        let last = match tail.last() {
            Some(l) => *l,
            None => {
                while refs_end > 0 && moved.contains(references[refs_end - 1].as_str()) {
                    refs_end -= 1;
                }
                refs_end.checked_sub(1).map(|i| references[i].as_str())
            }
        };
        if last == Some(r) {
            continue;
        }
        if let Some(at) = tail_at.get(r)
            && let Some(slot) = tail.get_mut(*at)
        {
            *slot = None;
        }
        moved.insert(r);
        tail_at.insert(r, tail.len());
        tail.push(Some(r));
    }
    references
        .iter()
        .map(String::as_str)
        .filter(|x| !moved.contains(x))
        .chain(tail.into_iter().flatten())
        .collect()
}

impl<'a> Threads<'a> {
    fn build(msgs: &'a [MsgMeta]) -> Threads<'a> {
        let mut t = Threads {
            of_msg: Vec::with_capacity(msgs.len()),
            ids: Vec::with_capacity(msgs.len()),
            msg: Vec::with_capacity(msgs.len()),
            parent: Vec::with_capacity(msgs.len()),
            has_child: Vec::with_capacity(msgs.len()),
            children: Vec::new(),
        };
        let mut index: HashMap<&'a str, usize> = HashMap::with_capacity(msgs.len() * 2);
        let mut container = |t: &mut Threads<'a>, id: &'a str| -> usize {
            if let Some(&c) = index.get(id) {
                return c;
            }
            let c = t.ids.len();
            t.ids.push(id);
            t.msg.push(None);
            t.parent.push(None);
            t.has_child.push(false);
            index.insert(id, c);
            c
        };
        for (i, m) in msgs.iter().enumerate() {
            let c = container(&mut t, &m.message_id);
            t.msg[c] = Some(i);
            t.of_msg.push(c);
        }
        for (i, m) in msgs.iter().enumerate() {
            let c = t.of_msg[i];
            let chain = reply_chain(&m.references, &m.in_reply_to);
            let mut prev: Option<usize> = None;
            // The depth of `prev` when it is known without a walk: a long
            // chain of new ids (one mail naming 450,000) is linked in
            // linear time, not one walk up the chain per id.
            let mut prev_depth: Option<usize> = None;
            for &r in &chain {
                let rc = container(&mut t, r);
                let mut depth = None;
                if let Some(p) = prev
                    && t.parent[rc].is_none()
                    && rc != p
                {
                    let p_depth = prev_depth.unwrap_or_else(|| t.depth(p));
                    if !t.would_loop(rc, p, p_depth) {
                        t.parent[rc] = Some(p);
                        t.has_child[p] = true;
                        depth = Some(p_depth + 1);
                    }
                }
                prev_depth = depth.or((t.parent[rc].is_none()).then_some(0));
                prev = Some(rc);
            }
            if let Some(p) = prev
                && p != c
            {
                let p_depth = prev_depth.unwrap_or_else(|| t.depth(p));
                if !t.would_loop(c, p, p_depth) {
                    t.parent[c] = Some(p);
                    t.has_child[p] = true;
                }
            }
        }
        t.children = vec![Vec::new(); t.ids.len()];
        for c in 0..t.ids.len() {
            if let Some(p) = t.parent[c] {
                t.children[p].push(c);
            }
        }
        t
    }

    /// True when `a` is `b` or an ancestor of `b`. Depth is bounded so that a
    /// pathological chain cannot stall grouping; beyond it, links are refused.
    fn is_ancestor(&self, a: usize, b: usize) -> bool {
        let mut cur = Some(b);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == a || steps > 10_000 {
                return true;
            }
            cur = self.parent[c];
            steps += 1;
        }
        false
    }

    /// Whether linking `child` under `parent` (at `parent_depth`) is refused
    /// by [`Threads::is_ancestor`]: a container that was never given a child
    /// is nobody's ancestor, and only the depth bound can refuse it.
    fn would_loop(&self, child: usize, parent: usize, parent_depth: usize) -> bool {
        if self.has_child[child] {
            self.is_ancestor(child, parent)
        } else {
            child == parent || parent_depth > 10_000
        }
    }

    /// The number of ancestors of `c`, counted up to just past the depth
    /// bound of [`Threads::is_ancestor`].
    fn depth(&self, c: usize) -> usize {
        let mut cur = self.parent[c];
        let mut steps = 0;
        while let Some(p) = cur {
            steps += 1;
            if steps > 10_001 {
                break;
            }
            cur = self.parent[p];
        }
        steps
    }

    fn root(&self, c: usize) -> usize {
        let mut cur = c;
        let mut steps = 0;
        while let Some(p) = self.parent[cur] {
            cur = p;
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
        cur
    }

    fn root_id(&self, i: usize) -> &str {
        self.ids[self.root(self.of_msg[i])]
    }

    /// The key each message belongs to, by the rules in the module doc.
    fn resolve_keys(&self, msgs: &[MsgMeta], keys: &[Vec<String>]) -> Vec<Option<String>> {
        let n = self.ids.len();
        // Inherited key per container, computed from the roots down.
        let mut inherited: Vec<Option<usize>> = vec![None; n];
        let mut stack: Vec<(usize, Option<usize>)> = (0..n)
            .filter(|&c| self.parent[c].is_none())
            .map(|c| (c, None))
            .collect();
        while let Some((c, from_parent)) = stack.pop() {
            let own = self.msg[c].filter(|&i| !keys[i].is_empty());
            let k = own.or(from_parent);
            inherited[c] = k;
            for &ch in &self.children[c] {
                stack.push((ch, k));
            }
        }
        // The earliest keyed message below each container, not looking past
        // a keyed message into its own subtree. Computed bottom-up once.
        let order = self.top_down_order();
        let mut down: Vec<Option<usize>> = vec![None; n];
        for &c in order.iter().rev() {
            let mut best: Option<usize> = None;
            for &ch in &self.children[c] {
                let cand = self.msg[ch].filter(|&i| !keys[i].is_empty()).or(down[ch]);
                if let Some(i) = cand
                    && best.is_none_or(|b| (msgs[i].date, i) < (msgs[b].date, b))
                {
                    best = Some(i);
                }
            }
            down[c] = best;
        }
        msgs.iter()
            .enumerate()
            .map(|(i, _)| {
                let c = self.of_msg[i];
                let src = inherited[c].or_else(|| {
                    // Climb until some ancestor has a keyed descendant: the
                    // thread's nearest numbered message names the issue.
                    let mut cur = Some(c);
                    let mut steps = 0;
                    while let Some(a) = cur {
                        if down[a].is_some() || steps > 10_000 {
                            return down[a];
                        }
                        cur = self.parent[a];
                        steps += 1;
                    }
                    None
                });
                src.map(|s| keys[s][0].clone())
            })
            .collect()
    }

    /// Containers ordered so that each parent comes before its children.
    fn top_down_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.ids.len());
        let mut stack: Vec<usize> = (0..self.ids.len())
            .filter(|&c| self.parent[c].is_none())
            .collect();
        while let Some(c) = stack.pop() {
            order.push(c);
            stack.extend(&self.children[c]);
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn roles_are_never_guessed() {
        let desk = AddressSet::new(&["integration@vipps.no"]);
        let team = AddressSet::new(&["*@example.com"]);
        let none = AddressSet::default();
        assert_eq!(role_of("Integration@Vipps.no", &desk, &team), Role::Desk);
        assert_eq!(role_of("ola@example.com", &desk, &team), Role::Team);
        // The desk's notifier beside a one-address [desk], and a stranger.
        assert_eq!(
            role_of("noreply-servicedesk@vipps.no", &desk, &team),
            Role::Other
        );
        assert_eq!(role_of("per@partner.test", &desk, &team), Role::Other);
        // Without [team], everyone but the desk and its domain is the team.
        assert_eq!(role_of("per@partner.test", &desk, &none), Role::Team);
        assert_eq!(
            role_of("noreply-servicedesk@vipps.no", &desk, &none),
            Role::Other
        );
        // A domain-wide [desk] takes the notifier in.
        let whole = AddressSet::new(&["*@vipps.no"]);
        assert_eq!(
            role_of("noreply-servicedesk@vipps.no", &whole, &team),
            Role::Desk
        );
    }

    /// The chain as it was built before it was made linear: each In-Reply-To
    /// id moved to the end, one at a time.
    fn reply_chain_by_moving<'a>(refs: &'a [String], irt: &'a [String]) -> Vec<&'a str> {
        let mut chain: Vec<&str> = refs.iter().map(String::as_str).collect();
        for r in irt {
            if chain.last() != Some(&r.as_str()) {
                chain.retain(|x| *x != r.as_str());
                chain.push(r.as_str());
            }
        }
        chain
    }

    fn ids() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec((0u8..6).prop_map(|n| format!("m{n}")), 0..8)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn reply_chain_matches_moving_ids_one_at_a_time(refs in ids(), irt in ids()) {
            prop_assert_eq!(reply_chain(&refs, &irt), reply_chain_by_moving(&refs, &irt));
        }
    }

    /// The issue's case: one reply naming 450,000 ids, each linked under the
    /// one before in one pass, and the reply still under its parent.
    #[test]
    fn references_of_450k_ids_group_in_linear_time() {
        let at = |s| DateTime::parse_from_rfc3339(s).expect("date").to_utc();
        let meta = |id: &str, subject: &str, refs: Vec<String>, date| MsgMeta {
            message_id: id.into(),
            date,
            subject: subject.into(),
            from: Some(Address::new(None, "integration@vipps.no")),
            to: Vec::new(),
            cc: Vec::new(),
            in_reply_to: refs.last().cloned().into_iter().collect(),
            references: refs,
            says_resolved: false,
            quoted: false,
            quote_evidence: None,
            findings: Findings::default(),
            attachments: 0,
        };
        let mut refs: Vec<String> = (0..450_000).map(|i| format!("r{i}@x")).collect();
        refs.push("auto@x".into());
        let msgs = vec![
            meta(
                "auto@x",
                "[VSD-1] Refund",
                Vec::new(),
                at("2026-01-01T10:00:00Z"),
            ),
            meta("reply@x", "Re: Refund", refs, at("2026-01-02T10:00:00Z")),
        ];
        let t = Threads::build(&msgs);
        assert_eq!(t.parent[t.of_msg[1]], Some(t.of_msg[0]));
        // The chain is cut at the depth bound, as before: every segment
        // is as deep as the bound allows.
        let segments = (0..t.ids.len()).filter(|&c| t.parent[c].is_none()).count();
        assert_eq!(segments, 450_001usize.div_ceil(10_002), "{segments}");
        let cfg = GroupConfig::from_config(&crate::config::Config::default());
        let g = group(&msgs, &[], &cfg);
        assert_eq!(g.assignments[1].key.as_deref(), Some("VSD-1"));
    }
}
