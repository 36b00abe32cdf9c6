//! `vsd check FILE.eml`: one message linted against the desk's rules, alone
//! or in its issue's thread, told as text or JSON.

use super::{Failure, Paths, no_issue, open_maintained, text};
use crate::config::Config;
use crate::sync::ingest;
use std::io::Write;
use std::path::Path;

/// What `vsd check` prints as JSON.
#[derive(Debug, serde::Serialize)]
pub(super) struct CheckReport {
    flags: Vec<CheckFlag>,
    /// What the desk asks for "if possible" and the message leaves out.
    suggested: Vec<CheckSuggestion>,
    new_text: String,
}

#[derive(Debug, serde::Serialize)]
pub(super) struct CheckSuggestion {
    item: &'static str,
    label: &'static str,
    advice: &'static str,
}

#[derive(Debug, serde::Serialize)]
pub(super) struct CheckFlag {
    rule: crate::issues::RuleId,
    detail: String,
    evidence: String,
    explanation: String,
}

/// `vsd check FILE.eml [--issue KEY]`: returns 1 when a flag is raised.
pub fn check(
    paths: &Paths,
    cfg: &Config,
    file: &Path,
    issue: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let raw = std::fs::read(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    let flags = lint(paths, cfg, raw, &file.display().to_string(), issue)?;
    let (content, flags) = flags;
    if json {
        let report = CheckReport {
            flags: flags
                .iter()
                .map(|f| CheckFlag {
                    rule: f.rule,
                    detail: f.detail.clone(),
                    evidence: f.evidence.clone(),
                    explanation: f.rule.explanation(),
                })
                .collect(),
            suggested: content
                .suggested
                .iter()
                .map(|&i| CheckSuggestion {
                    item: i.id(),
                    label: i.label(),
                    advice: text::advice(i),
                })
                .collect(),
            new_text: content.new_text.clone(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        text::check(&flags, &content.suggested, &content.new_text, out)?;
    }
    Ok(if flags.is_empty() { 0 } else { 1 })
}

/// Lints one raw message, alone or in its issue's thread.
pub fn lint(
    paths: &Paths,
    cfg: &Config,
    raw: Vec<u8>,
    origin: &str,
    issue: Option<&str>,
) -> anyhow::Result<(crate::issues::content::Content, Vec<crate::issues::Flag>)> {
    use crate::issues::grouping::{GroupConfig, MsgMeta};
    let prepared = ingest::prepare(ingest::Incoming {
        raw,
        origin: origin.to_string(),
        fallback_date: Some(crate::clock::now()),
        location: None,
    });
    if let Some(e) = &prepared.parse_error {
        return Err(Failure::Usage(format!("cannot check {origin}: {e}")).into());
    }
    let me = MsgMeta::new(
        &prepared.message,
        prepared.date,
        &prepared.content,
        &cfg.resolved_regex(),
    );
    let mut gcfg = GroupConfig::from_config(cfg);
    let mut metas = Vec::new();
    let mut actions = Vec::new();
    if let Some(k) = issue {
        let store = open_maintained(paths, cfg)?;
        let id = store.resolve_id(k).map_err(no_issue(k))?;
        metas = store.issue_metas(&id, &cfg.resolved_regex())?;
        actions = store.actions()?;
        if gcfg.desk.is_empty() {
            gcfg.desk = store.inferred_desk(cfg)?;
        }
    }
    let flags = crate::issues::lint::flags_of(me, metas, &actions, gcfg, issue.is_some());
    Ok((prepared.content, flags))
}
