//! Walking one issue: its messages in date order, with the user's local
//! close and reopen actions interleaved, each message a step of its sender's
//! role (see the parent's doc on status). The walk gives the issue's state,
//! its flags and the events that tell its history.

use super::checks::{cc_flag, content_flags, missing_info_flag, subject_flags};
use super::{ActionKind, EventDraft, GroupConfig, IssueState, LocalAction, MsgMeta};
use crate::issues::EventKind;
use crate::issues::model::{Role, Status};
use crate::issues::rules::{Flag, RuleId};
use crate::issues::subject;
use crate::mail::Address;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeSet, HashSet};
use std::iter::Peekable;
use std::vec::IntoIter;

/// What walking one issue raised.
#[derive(Default)]
pub(super) struct Raised {
    pub(super) flags: Vec<(usize, Flag)>,
    pub(super) events: Vec<EventDraft>,
}

/// What the walk of one issue reads: the plan's view of every message and
/// the issue's members.
pub(super) struct IssueCtx<'a> {
    pub(super) msgs: &'a [MsgMeta],
    pub(super) keys: &'a [Vec<String>],
    pub(super) roles: &'a [Role],
    pub(super) cfg: &'a GroupConfig,
    pub(super) members: &'a [usize],
    pub(super) is_team: &'a dyn Fn(&Address) -> bool,
}

/// Walks a keyed issue: one step per message, by its sender's role.
pub(super) fn walk_issue(
    ctx: &IssueCtx,
    key: &str,
    id: &str,
    actions: &[LocalAction],
    out: &mut Raised,
) -> IssueState {
    let mut w = Walk::new(ctx, key, actions, out);
    for &i in ctx.members {
        w.apply_actions_until(ctx.msgs[i].date);
        let raised = match ctx.roles[i] {
            Role::Desk => {
                w.desk_wrote(i);
                Vec::new()
            }
            Role::Team => w.team_wrote(i),
            Role::Other => {
                w.other_wrote(i);
                Vec::new()
            }
        };
        w.raise(i, raised);
        w.see_team(i);
    }
    w.finish(id)
}

/// The state of one issue's walk between messages.
struct Walk<'c, 'o> {
    ctx: &'c IssueCtx<'c>,
    key: &'c str,
    /// The auto-reply: the desk's first message that carries the key.
    auto: Option<usize>,
    /// The message the title comes from: the auto-reply, else the first
    /// message that carries the key.
    anchor: Option<usize>,
    title: String,
    /// The anchor's Subject without the key, which later team Subjects
    /// must keep.
    compare_title: String,
    member_ids: HashSet<&'c str>,
    acts: Peekable<IntoIter<&'c LocalAction>>,
    status: Status,
    /// Who the thread itself awaits, whatever the user did locally.
    awaits: Status,
    settled_at: Option<DateTime<Utc>>,
    flags: BTreeSet<RuleId>,
    team_seen: Vec<String>,
    /// Beside the list (whose order the flag's detail keeps): a Cc of
    /// thousands of colleagues is checked in linear time.
    team_set: HashSet<String>,
    first_team_request: bool,
    out: &'o mut Raised,
}

impl<'c, 'o> Walk<'c, 'o> {
    fn new(
        ctx: &'c IssueCtx<'c>,
        key: &'c str,
        actions: &'c [LocalAction],
        out: &'o mut Raised,
    ) -> Self {
        let msgs = ctx.msgs;
        let carries = |i: usize| ctx.keys[i].iter().any(|k| k == key);
        let auto = ctx
            .members
            .iter()
            .copied()
            .find(|&i| ctx.roles[i] == Role::Desk && carries(i));
        let anchor = auto.or_else(|| ctx.members.iter().copied().find(|&i| carries(i)));
        let title_source = anchor.map(|i| msgs[i].subject.as_str()).unwrap_or("");
        let title = subject::title(title_source, &ctx.cfg.issue_pattern);
        let mut acts: Vec<&LocalAction> = actions.iter().filter(|a| a.key == key).collect();
        acts.sort_by_key(|a| a.at);
        out.events.push(EventDraft {
            at: msgs[ctx.members[0]].date,
            key: key.to_string(),
            kind: EventKind::Opened,
            detail: format!("opened: {title}"),
            reference: format!("opened:{key}"),
        });
        Walk {
            ctx,
            key,
            auto,
            anchor,
            title,
            compare_title: subject::without_key(title_source, key),
            member_ids: ctx
                .members
                .iter()
                .map(|&i| msgs[i].message_id.as_str())
                .collect(),
            acts: acts.into_iter().peekable(),
            status: Status::AwaitingDesk,
            awaits: Status::AwaitingDesk,
            settled_at: None,
            flags: BTreeSet::new(),
            team_seen: Vec::new(),
            team_set: HashSet::new(),
            first_team_request: true,
            out,
        }
    }

    fn event(&mut self, m: &MsgMeta, kind: EventKind, detail: String, reference: String) {
        self.out.events.push(EventDraft {
            at: m.date,
            key: self.key.to_string(),
            kind,
            detail,
            reference,
        });
    }

    /// The local actions taken before `date`.
    fn apply_actions_until(&mut self, date: DateTime<Utc>) {
        while let Some(a) = self.acts.next_if(|a| a.at <= date) {
            apply_action(a, self.awaits, &mut self.status, &mut self.settled_at);
        }
    }

    /// The desk wrote: the auto-reply awaits the desk, a resolution
    /// resolves, anything else awaits the team.
    fn desk_wrote(&mut self, i: usize) {
        let m = &self.ctx.msgs[i];
        let key = self.key;
        let resolving = Some(i) != self.auto
            && (m.says_resolved || self.ctx.cfg.resolved_pattern.is_match(&m.subject));
        if resolving {
            if !matches!(self.status, Status::Resolved) {
                self.event(
                    m,
                    EventKind::Resolved,
                    format!("resolved by {}", sender(m)),
                    format!("resolved:{key}:{}", m.message_id),
                );
            }
            self.status = Status::Resolved;
            self.settled_at = Some(m.date);
        } else {
            self.status = if Some(i) == self.auto {
                Status::AwaitingDesk
            } else {
                Status::AwaitingTeam
            };
            self.settled_at = None;
        }
        self.awaits = match self.status {
            Status::AwaitingTeam => Status::AwaitingTeam,
            _ => Status::AwaitingDesk,
        };
        self.event(
            m,
            EventKind::DeskReplied,
            format!("{} wrote: {}", sender(m), one_line(&m.subject)),
            format!("msg:{key}:{}", m.message_id),
        );
    }

    /// The team wrote: it awaits the desk, reopens what was settled, and the
    /// team's rules are checked. Returns the flags raised.
    fn team_wrote(&mut self, i: usize) -> Vec<Flag> {
        let ctx = self.ctx;
        let m = &ctx.msgs[i];
        let key = self.key;
        let mut raised = Vec::new();
        if let (Some(since), true) = (
            self.settled_at,
            matches!(self.status, Status::Resolved | Status::Closed),
        ) {
            let days = (m.date - since).num_days();
            if m.date - since > Duration::days(ctx.cfg.new_problem_after_days) {
                raised.push(Flag {
                    rule: RuleId::NewProblem,
                    detail: format!(
                        "team mail {days} days after the issue was {}",
                        self.status.as_str()
                    ),
                    evidence: format!("Subject: {}", one_line(&m.subject)),
                });
            }
            self.event(
                m,
                EventKind::Reopened,
                format!("reopened by {}", sender(m)),
                format!("reopened:{key}:{}", m.message_id),
            );
        }
        self.status = Status::AwaitingDesk;
        self.awaits = Status::AwaitingDesk;
        self.settled_at = None;
        self.event(
            m,
            EventKind::TeamReplied,
            format!("{} wrote: {}", sender(m), one_line(&m.subject)),
            format!("msg:{key}:{}", m.message_id),
        );
        let after_anchor = self
            .anchor
            .is_some_and(|a| (m.date, i) > (ctx.msgs[a].date, a));
        let is_request = self.first_team_request && !after_anchor;
        self.first_team_request = false;
        if is_request {
            raised.extend(missing_info_flag(m));
        } else if after_anchor {
            raised.extend(subject_flags(
                ctx,
                i,
                key,
                &self.compare_title,
                &self.member_ids,
            ));
            raised.extend(cc_flag(m, &self.team_seen));
        }
        raised.extend(content_flags(m));
        if ctx.keys[i].len() > 1 {
            raised.push(Flag {
                rule: RuleId::MultipleIssues,
                detail: format!("the Subject names {}", ctx.keys[i].join(" and ")),
                evidence: format!("Subject: {}", one_line(&m.subject)),
            });
        }
        raised
    }

    /// Neither side wrote: shown and logged, but it moves no status and no
    /// team rule applies to it.
    fn other_wrote(&mut self, i: usize) {
        let m = &self.ctx.msgs[i];
        self.event(
            m,
            EventKind::OtherWrote,
            format!(
                "{} (neither [desk] nor [team]) wrote: {}",
                sender(m),
                one_line(&m.subject)
            ),
            format!("msg:{}:{}", self.key, m.message_id),
        );
    }

    /// Records the flags raised on message `i`, each with its event.
    fn raise(&mut self, i: usize, raised: Vec<Flag>) {
        let m = &self.ctx.msgs[i];
        for f in raised {
            self.flags.insert(f.rule);
            self.event(
                m,
                EventKind::Flagged,
                format!("{} on mail from {}: {}", f.rule, sender(m), f.detail),
                format!("flag:{}:{}:{}", self.key, m.message_id, f.rule),
            );
            self.out.flags.push((i, f));
        }
    }

    /// The team addresses message `i` names, which later team replies must
    /// keep in copy.
    fn see_team(&mut self, i: usize) {
        let m = &self.ctx.msgs[i];
        for a in participants(m) {
            if (self.ctx.is_team)(a) && self.team_set.insert(a.email.clone()) {
                self.team_seen.push(a.email.clone());
            }
        }
    }

    /// The local actions after the last message, and the issue's state.
    fn finish(mut self, id: &str) -> IssueState {
        for a in self.acts.by_ref() {
            apply_action(a, self.awaits, &mut self.status, &mut self.settled_at);
        }
        let msgs = self.ctx.msgs;
        let members = self.ctx.members;
        let title_source = self.anchor.map(|i| msgs[i].subject.as_str()).unwrap_or("");
        IssueState {
            id: super::IssueId::from_stored(id),
            key: Some(self.key.to_string()),
            title: self.title,
            canonical_subject: subject::canonical(title_source),
            status: self.status,
            opened_at: msgs[members[0]].date,
            last_activity: msgs[*members.last().unwrap_or(&members[0])].date,
            messages: members.to_vec(),
            flags: self.flags,
            settled_at: self.settled_at,
        }
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

pub(super) fn walk_unfiled(ctx: &IssueCtx, id: &str, out: &mut Raised) -> IssueState {
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
        id: super::IssueId::from_stored(id),
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

fn participants(m: &MsgMeta) -> impl Iterator<Item = &Address> {
    m.from.iter().chain(&m.to).chain(&m.cc)
}

fn sender(m: &MsgMeta) -> String {
    m.from
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_else(|| "(no sender)".into())
}

pub(super) fn one_line(s: &str) -> String {
    subject::fold_whitespace(s)
}
