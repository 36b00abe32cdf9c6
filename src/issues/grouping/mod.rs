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
use super::model::{IssueId, Role, Status};
use super::rules::{Flag, RuleId};
use super::subject;
use crate::config::AddressSet;
use crate::mail::Address;
use chrono::{DateTime, Utc};
use regex::Regex;
use std::collections::{BTreeSet, HashMap, HashSet};

mod checks;
mod threads;
mod walk;

use threads::Threads;
use walk::{IssueCtx, Raised, walk_issue, walk_unfiled};

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
    pub issue_id: IssueId,
    pub key: Option<String>,
    pub thread_root: String,
    pub role: Role,
}

/// One issue or unfiled request as grouping sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueState {
    pub id: IssueId,
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
    issues: Vec<(IssueId, Vec<usize>)>,
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
        let mut by_issue: HashMap<IssueId, Vec<usize>> = HashMap::new();
        let mut assignments = Vec::with_capacity(msgs.len());
        for (i, key) in resolved.into_iter().enumerate() {
            let root = threads.root_id(i).to_string();
            let issue_id = match &key {
                Some(k) => IssueId::key(k.as_str()),
                None => IssueId::unfiled(&root),
            };
            by_issue.entry(issue_id.clone()).or_default().push(i);
            assignments.push(Assignment {
                issue_id,
                key,
                thread_root: root,
                role: roles[i],
            });
        }
        let mut issues: Vec<(IssueId, Vec<usize>)> = by_issue.into_iter().collect();
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
            .filter(move |(id, _)| only.contains(id.as_str()))
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

#[cfg(test)]
mod tests {
    use super::threads::reply_chain;
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
