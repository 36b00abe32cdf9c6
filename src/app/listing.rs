//! The commands that read issues out of the store: `vsd list`, `vsd search`,
//! `vsd show` and `vsd log`, each as text or JSON ([`emit`]).

use super::{
    Failure, Paths, no_issue, open_maintained, standing_at, team, text, warn_other_senders,
};
use crate::config::Config;
use crate::store::Store;
use std::io::Write;

/// Writes a command's result: as pretty JSON, or as text for a person.
pub(super) fn emit<T: serde::Serialize>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    as_text: impl FnOnce(&T, &mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    // Standard output is line-buffered: a large list would cost a write
    // per line.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        as_text(value, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// What `vsd list` shows and in what order.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub all: bool,
    pub json: bool,
    pub sort: crate::issues::listing::SortKey,
    pub reverse: bool,
    pub on: Option<crate::issues::listing::On>,
    pub status: Option<crate::issues::Status>,
    /// `--assigned me|ADDR|none`.
    pub assigned: Option<String>,
}

/// The list as the CLI and the TUI show it: with days waiting and marks as
/// of now, filtered and sorted.
pub fn listed(
    store: &Store,
    cfg: &Config,
    all: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Vec<crate::issues::IssueSummary>> {
    let mut issues = store.list(all)?;
    crate::issues::model::annotate(&mut issues, now, i64::from(cfg.desk.escalate_after_days));
    Ok(issues)
}

/// `vsd list`
pub fn list(
    paths: &Paths,
    cfg: &Config,
    opts: ListOptions,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::issues::listing;
    let store = open_maintained(paths, cfg)?;
    let now = crate::clock::now();
    // A status filter for a settled status looks among all issues.
    let all = opts.all || opts.status.is_some_and(|s| !s.is_open());
    let mut issues = listed(&store, cfg, all, now)?;
    if let Some(who) = &opts.assigned {
        let want: Option<String> = match who.trim().to_ascii_lowercase().as_str() {
            "me" => Some(team::me(cfg)),
            "none" | "nobody" => None,
            a => Some(a.to_string()),
        };
        issues.retain(|i| i.key.is_some() && i.team.assignee == want);
    }
    let counts = listing::counts(&issues);
    listing::filter(&mut issues, opts.on, opts.status);
    listing::sort(&mut issues, opts.sort, opts.reverse);
    warn_other_senders(&store, cfg)?;
    emit(out, opts.json, &issues, |v, o| {
        text::list(v, counts, now, o)
    })
}

/// `vsd search QUERY`: exit 0 with hits, 1 with none (as grep does), 2 for
/// a query that cannot be read.
pub fn search(
    paths: &Paths,
    cfg: &Config,
    query: &str,
    json: bool,
    limit: usize,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    // Typed to the edge: a query that cannot be read is the user's to fix.
    let q = crate::store::SearchQuery::parse(query)?;
    if q.is_empty() {
        return Err(Failure::Usage(format!(
            "nothing to search for in {query:?}: give a word with a letter or a digit, or from:, flag:, status:, key:"
        ))
        .into());
    }
    let store = open_maintained(paths, cfg)?;
    let hits = store.search(&q, limit)?;
    emit(out, json, &hits, |v, o| text::search(v, o))?;
    Ok(if hits.is_empty() { 1 } else { 0 })
}

/// `vsd show KEY`
pub fn show(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let store = open_maintained(paths, cfg)?;
    let id = store.resolve_id(key).map_err(no_issue(key))?;
    let detail = store.detail(&id)?;
    let now = crate::clock::now();
    let st = standing_at(&store, cfg, &id, now)?;
    // Opened: the list's new-mail mark goes.
    store.mark_seen(&id, now)?;
    warn_other_senders(&store, cfg)?;
    let shown = Shown {
        detail: &detail,
        waiting_on: st.waiting_on,
        days_waiting: st.days_waiting,
    };
    emit(out, json, &shown, |v, o| {
        text::show(v.detail, v.waiting_on, v.days_waiting, o)
    })
}

/// `show --json`: the issue, and who it waits on for how long.
#[derive(serde::Serialize)]
pub(super) struct Shown<'a> {
    #[serde(flatten)]
    detail: &'a crate::issues::IssueDetail,
    waiting_on: Option<crate::issues::Role>,
    days_waiting: Option<i64>,
}

/// `vsd log [KEY] [--since DATE] [--kind KIND]`
#[allow(clippy::too_many_arguments)]
pub fn log(
    paths: &Paths,
    cfg: &Config,
    key: Option<&str>,
    since: Option<chrono::DateTime<chrono::Utc>>,
    kind: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // A bad --kind is told before the store is opened.
    let kind = kind
        .map(|k| {
            crate::issues::EventKind::parse(k).ok_or_else(|| {
                Failure::Usage(format!(
                    "no event kind is called {k:?}; --kind takes one of {}",
                    crate::issues::EventKind::names()
                ))
            })
        })
        .transpose()?;
    let store = open_maintained(paths, cfg)?;
    if let Some(k) = key
        && !store.key_in_log(k)?
    {
        return Err(Failure::Usage(format!(
            "no issue {k} in the event log (vsd list --all shows the keys)"
        ))
        .into());
    }
    let keep = |e: &crate::issues::Event| {
        since.is_none_or(|s| e.at >= s) && kind.is_none_or(|k| e.kind == k)
    };
    // Streamed: a large store's log is never held whole.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    if json {
        use serde::ser::{SerializeSeq, Serializer};
        let mut ser = serde_json::Serializer::pretty(&mut out);
        let mut seq = ser.serialize_seq(None)?;
        store.each_event(key, |e| -> anyhow::Result<()> {
            if keep(&e) {
                seq.serialize_element(&e)?;
            }
            Ok(())
        })?;
        seq.end()?;
        writeln!(out)?;
    } else {
        store.each_event(key, |e| -> anyhow::Result<()> {
            if keep(&e) {
                text::log_line(&e, &mut out)?;
            }
            Ok(())
        })?;
    }
    out.flush()?;
    Ok(())
}
