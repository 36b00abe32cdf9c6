//! One message checked against the desk's rules, alone or in the thread of
//! the issue it belongs to: what `vsd check` reports and what a draft's
//! check refuses. No I/O: the caller brings the issue's messages and the
//! desk.

use super::Flag;
use super::RuleId;
use super::content::Findings;
use super::grouping::{GroupConfig, LocalAction, MsgMeta, group};
use crate::config::AddressSet;

/// The flags `me` raises among `thread` (the other messages of its issue,
/// empty when it is checked alone), under `gcfg` with the desk known or
/// inferred.
pub fn flags_of(
    me: MsgMeta,
    mut thread: Vec<MsgMeta>,
    actions: &[LocalAction],
    mut gcfg: GroupConfig,
    in_issue: bool,
) -> Vec<Flag> {
    if gcfg.desk.is_empty() {
        // Alone, the message itself must not be taken for the desk.
        gcfg.desk = AddressSet::new(&["*@desk.invalid"]);
    }
    // The message checked is linted as the team's whoever sent it: `check`
    // was asked for its rules (a draft from an address [team] leaves out).
    if let Some(a) = &me.from
        && !gcfg.desk.contains(&a.email)
        && !gcfg.team.is_empty()
    {
        gcfg.team.add_exact(&a.email);
    }
    thread.retain(|m| m.message_id != me.message_id);
    thread.push(me);
    let idx = thread.len() - 1;
    let g = group(&thread, actions, &gcfg);
    let m = &thread[idx];
    let is_reply = !m.in_reply_to.is_empty()
        || m.references
            .iter()
            .any(|r| !crate::mail::thread_index::is_conversation_id(r))
        || !super::subject::keys(&m.subject, &gcfg.issue_pattern).is_empty();
    g.flags
        .into_iter()
        .filter(|(i, _)| *i == idx)
        .map(|(_, f)| f)
        // A reply checked alone is no request: its checklist is the
        // request's, not its own.
        .filter(|f| !(!in_issue && is_reply && f.rule == RuleId::MissingInfo))
        .collect()
}

/// Checklist items the request (the first of `team`: subject, text,
/// findings) left out that no later team message gave.
pub fn never_given(team: &[(String, String, Findings)]) -> Vec<String> {
    let Some((subject, _, request)) = team.first() else {
        return Vec::new();
    };
    if request.missing.is_empty() {
        return Vec::new();
    }
    let texts: Vec<String> = team.iter().map(|(_, t, _)| t.clone()).collect();
    let still = super::content::never_given(subject, &texts);
    request
        .missing
        .iter()
        .filter(|m| still.contains(m))
        .cloned()
        .collect()
}
