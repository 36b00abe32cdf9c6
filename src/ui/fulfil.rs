//! The app's [`Command`]s carried out against the [`IssueSource`], and the
//! results handed back to the app: the one place between the state machine
//! and the source's I/O.

use super::message_text;
use super::{App, Command, IssueSource, SEARCH_LIMIT, Screen};
use crate::store::SearchQuery;

/// Carries out a command against the source and hands the result to the app.
/// Returns false for [`Command::Quit`].
pub fn fulfil(app: &mut App, source: &dyn IssueSource, command: Command) -> bool {
    match command {
        Command::Quit => return false,
        Command::Reload => reload(app, source),
        Command::LoadDetail(id) => {
            let detail = source.detail(&id);
            if detail.is_ok()
                && let Err(e) = source.mark_seen(&id)
            {
                tracing::warn!("cannot note that {id} was opened: {e:#}");
            }
            app.set_detail(&id, detail);
        }
        Command::SetState { id, close } => {
            say(app, source.set_state(&id, close));
            reload(app, source);
        }
        Command::Search { text, query } => run_search(app, source, text, query, true),
        Command::Export { format, all, key } => say(app, source.export(format, all, key.as_ref())),
        Command::Attachment(job) => say(app, source.attachment(job)),
        Command::Team { id, action } => {
            say(app, source.team(&id, &action));
            reload(app, source);
        }
        Command::LoadRaw { message_id, view } => {
            let raw = source.raw_message(&message_id);
            app.set_raw(&message_id, view, raw);
        }
        Command::OpenLink(url) => {
            // Checked again here: the command may come from anywhere.
            let line = if message_text::openable(&url) {
                source.open_link(&url)
            } else {
                Err(anyhow::anyhow!(
                    "only http, https and mailto links are opened"
                ))
            };
            say(app, line);
        }
        Command::Copy(text) => match source.copy(&text) {
            Ok(handled) => app.copied(text, handled),
            Err(e) => app.set_error(format!("cannot copy: {e:#}")),
        },
        Command::Draft(kind, id) => {
            // A notice, not progress: the sync worker's next progress
            // line would replace it before the user has read it.
            say(app, source.draft(kind, id.as_ref()));
            reload(app, source);
        }
    }
    true
}

/// The list loaded again, the search in force run again (new mail may match
/// it) and the issue in view loaded again.
pub(super) fn reload(app: &mut App, source: &dyn IssueSource) {
    match source.list(app.show_all()) {
        Ok(list) => app.set_issues(list),
        Err(e) => app.set_error(format!("cannot load the issues: {e:#}")),
    }
    if let Some(s) = app.search() {
        let (text, query) = (s.text.clone(), s.query.clone());
        run_search(app, source, text, query, false);
    }
    if app.screen() == Screen::Issue
        && let Some(id) = app.detail_id.clone()
    {
        app.set_detail(&id, source.detail(&id));
    }
}

/// What the source said it did, in the footer: its line, or its error.
pub(super) fn say(app: &mut App, line: anyhow::Result<String>) {
    match line {
        Ok(line) => app.set_notice(line),
        Err(e) => app.set_error(format!("{e:#}")),
    }
}

/// A search through the source, and every issue for the rows of those that
/// matched; `fresh` for one the user just typed.
pub(super) fn run_search(
    app: &mut App,
    source: &dyn IssueSource,
    text: String,
    query: SearchQuery,
    fresh: bool,
) {
    let found = source
        .search(&query, SEARCH_LIMIT)
        .and_then(|hits| Ok((hits, source.list(true)?)));
    match found {
        Ok((hits, all)) => app.set_search(text, query, hits, all, fresh),
        Err(e) => app.set_error(format!("cannot search: {e:#}")),
    }
}
