//! `vsd status`: where one issue stands before anyone escalates, or every
//! open issue grouped by its next step.

use super::{Paths, emit, no_issue, open_maintained, text, warn_other_senders};
use crate::config::Config;
use crate::store::Store;
use std::io::Write;

/// `vsd status KEY`
pub fn status(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let store = open_maintained(paths, cfg)?;
    let s = standing_at(&store, cfg, key, crate::clock::now())?;
    warn_other_senders(&store, cfg)?;
    emit(out, json, &s, |v, o| text::standing(v, o))
}

/// `vsd status` without a key: every open issue and unfiled request,
/// grouped by next step.
pub fn status_overview(
    paths: &Paths,
    cfg: &Config,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::issues::standing::{TriageEntry, triage_order};
    let store = open_maintained(paths, cfg)?;
    // One now for every entry: days waiting compare across the overview.
    let now = crate::clock::now();
    let mut entries = Vec::new();
    for issue in store.list(false)? {
        let s = standing_at(&store, cfg, &issue.id, now)?;
        entries.push(TriageEntry {
            id: issue.id,
            key: issue.key,
            title: issue.title,
            status: issue.status,
            waiting_on: s.waiting_on,
            days_waiting: s.days_waiting,
            next_step: s.next_step,
        });
    }
    triage_order(&mut entries);
    warn_other_senders(&store, cfg)?;
    emit(out, json, &entries, |v, o| text::overview(v, o))
}

/// Where an issue stands, from the store, as of `now`: the caller reads the
/// clock once (`VSD_NOW` fixes it), so one command's answers agree.
pub fn standing_at(
    store: &Store,
    cfg: &Config,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<crate::issues::standing::Standing> {
    let id = store.resolve_id(key).map_err(no_issue(key))?;
    let detail = store.detail(&id)?;
    let missing = crate::issues::lint::never_given(&store.team_texts(&id)?);
    Ok(crate::issues::standing::standing(
        &detail,
        missing,
        &crate::issues::standing::Rules::from_config(cfg),
        now,
    ))
}
