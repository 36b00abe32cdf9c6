//! Where the UI gets its data and hands its writes: the [`IssueSource`] trait,
//! which the commands' TUI source implements over the store and tests
//! implement in memory. Every method but `list` and `detail` has a default
//! that says the source cannot do it.

use super::command;
use super::{AttachmentJob, DraftKind, TeamAction, UiUpdate};
use crate::issues::model::{IssueDetail, IssueId, IssueSummary};
use crate::store::{SearchHit, SearchQuery};
use std::sync::mpsc::Receiver;

/// Where the UI gets its data; the commands' TUI source (`app::TuiSource`)
/// implements it over the store.
pub trait IssueSource {
    /// Issues and unfiled requests: the open ones, or all with `all`.
    fn list(&self, all: bool) -> anyhow::Result<Vec<IssueSummary>>;
    /// One issue by [`IssueSummary::id`] (its key, or `unfiled:<message-id>`).
    fn detail(&self, id: &IssueId) -> anyhow::Result<IssueDetail>;
    /// Writes a draft with the user at the plain terminal (the UI has left
    /// the alternate screen): the editor, the check's results, saving.
    /// Returns a line for the status bar.
    fn draft(&self, kind: DraftKind, id: Option<&IssueId>) -> anyhow::Result<String> {
        let _ = (kind, id);
        Err(anyhow::anyhow!("drafting is not available here"))
    }
    /// Why a draft should not be written now (an escalation the issue's
    /// standing does not call for), asked before the UI leaves the screen.
    fn refuse_draft(
        &self,
        kind: DraftKind,
        id: Option<&IssueId>,
    ) -> anyhow::Result<Option<String>> {
        let _ = (kind, id);
        Ok(None)
    }
    /// Notes that the user opened an issue (the list's new-mail mark goes).
    fn mark_seen(&self, id: &IssueId) -> anyhow::Result<()> {
        let _ = id;
        Ok(())
    }
    /// Closes (or, with `close` false, reopens) an issue locally. Returns a
    /// line for the footer.
    fn set_state(&self, id: &IssueId, close: bool) -> anyhow::Result<String> {
        let _ = (id, close);
        Err(anyhow::anyhow!("closing issues is not available here"))
    }
    /// Starts saving or opening an attachment on a worker thread (the UI
    /// never touches the disk) and returns at once with a line for the
    /// footer; the outcome arrives later through [`IssueSource::take_news`].
    fn attachment(&self, job: AttachmentJob) -> anyhow::Result<String> {
        let _ = job;
        Err(anyhow::anyhow!(
            "attachments cannot be saved or opened here"
        ))
    }
    /// Where the source's workers report what they finished, handed to
    /// the event loop once (None: the source has no workers).
    fn take_news(&self) -> Option<Receiver<UiUpdate>> {
        None
    }
    /// A team action (assign, note, link) on an issue. Returns a line for
    /// the footer.
    fn team(&self, id: &IssueId, action: &TeamAction) -> anyhow::Result<String> {
        let _ = (id, action);
        Err(anyhow::anyhow!("team actions are not available here"))
    }
    /// The raw mail of a stored message, as kept at import.
    fn raw_message(&self, message_id: &str) -> anyhow::Result<Vec<u8>> {
        let _ = message_id;
        Err(anyhow::anyhow!("the raw mail is not kept here"))
    }
    /// Starts the opener on a link (http, https or mailto) on a worker
    /// thread and returns a line for the footer.
    fn open_link(&self, url: &str) -> anyhow::Result<String> {
        let _ = url;
        Err(anyhow::anyhow!("links cannot be opened here"))
    }
    /// Puts `text` on the clipboard through the `[ui] clipboard` command.
    /// Ok(false): there is none, and the runner writes an OSC 52 escape to
    /// the terminal instead.
    fn copy(&self, text: &str) -> anyhow::Result<bool> {
        let _ = text;
        Ok(false)
    }
    /// Writes the issues (all of them with `all`), or one issue's history
    /// with `key`, to a new file under the download folder. Returns a line
    /// for the footer naming the file.
    fn export(
        &self,
        format: command::ExportFormat,
        all: bool,
        key: Option<&IssueId>,
    ) -> anyhow::Result<String> {
        let _ = (format, all, key);
        Err(anyhow::anyhow!("export is not available here"))
    }
    /// The messages that match a search, best first, at most `limit`.
    fn search(&self, query: &SearchQuery, limit: usize) -> anyhow::Result<Vec<SearchHit>> {
        let _ = (query, limit);
        Err(anyhow::anyhow!("search is not available here"))
    }
}
