//! The rules checked on one message of an issue's walk: each returns the
//! flags it raises, quoting what broke the rule.

use super::MsgMeta;
use super::walk::{IssueCtx, one_line};
use crate::issues::rules::{Flag, RuleId};
use crate::issues::subject;
use crate::mail::Address;
use std::collections::HashSet;

/// `subject-changed` and `key-missing` on a team reply in the thread.
pub(super) fn subject_flags(
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
pub(super) fn cc_flag(m: &MsgMeta, team_seen: &[String]) -> Option<Flag> {
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

pub(super) fn missing_info_flag(m: &MsgMeta) -> Option<Flag> {
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
pub(super) fn content_flags(m: &MsgMeta) -> Vec<Flag> {
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

fn join_addrs(a: &[Address]) -> String {
    a.iter()
        .map(|a| a.email.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
