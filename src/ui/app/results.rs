//! What the runner hands back: the issue list, one issue's detail, errors
//! and notices for the footer, and the sync worker's progress and
//! connection for the status line.

use super::{App, Landing, Notice, haystack};
use crate::issues::model::{IssueDetail, IssueSummary};
use crate::ui::keymap::Action;
use crate::ui::view;

impl App {
    /// A fresh issue list from the source. The selection stays on the same
    /// issue when it is still listed.
    pub fn set_issues(&mut self, mut issues: Vec<IssueSummary>) {
        let keep = self.selected_id().map(str::to_string);
        if !self.show_all {
            issues.retain(|i| i.status.is_open());
        }
        // In the chosen order within each group: open issues, settled
        // ones, unfiled requests (the sort is stable).
        crate::issues::listing::sort(&mut issues, self.sort, self.reverse);
        issues.sort_by_key(|i| match (view::is_unfiled(i), i.status.is_open()) {
            (true, _) => 2,
            (false, true) => 0,
            (false, false) => 1,
        });
        self.haystacks = issues.iter().map(haystack).collect();
        self.loaded_issues = issues;
        self.loaded = true;
        self.apply_filter();
        if let Some(id) = keep
            && let Some(pos) = self.issues.iter().position(|i| i.id == id)
        {
            self.selected = pos;
        }
        self.clamp();
    }

    /// The result of a [`Command::LoadDetail`]. A result for an issue that is
    /// no longer wanted (the user went back) is dropped; a failure returns to
    /// the list with the error in the footer.
    pub fn set_detail(&mut self, id: &str, detail: anyhow::Result<IssueDetail>) {
        if self.detail_id.as_deref() != Some(id) {
            return;
        }
        match detail {
            Ok(d) => {
                // A first load lands on the search's match; a reload keeps
                // the place.
                let first_load = self.detail.is_none();
                self.detail = Some(d);
                self.rewrap();
                self.clamp();
                let n = self.message_starts.len();
                self.current_message = self.current_message.min(n.saturating_sub(1));
                if first_load && self.search.is_some() {
                    let landing = self.landing.take().unwrap_or(Landing::First);
                    self.land(landing);
                }
                // The issue may hold fewer attachments after a reload.
                let n = self.attachments().len();
                self.pane = self.pane.filter(|_| n > 0).map(|s| s.min(n - 1));
            }
            Err(e) => {
                // Back to the list, not only out of the pane.
                self.pane = None;
                self.update(Action::Back);
                self.notice = Some(Notice {
                    text: format!("cannot load {id}: {e:#}"),
                    error: true,
                });
            }
        }
    }

    /// A failure the user should see, e.g. a list that could not be loaded.
    pub fn set_error(&mut self, text: String) {
        self.notice = Some(Notice { text, error: true });
    }

    /// A line for the footer until the next key (what an action did).
    pub fn set_notice(&mut self, text: String) {
        self.notice = Some(Notice { text, error: false });
    }

    /// The account the status line names.
    pub fn set_account(&mut self, account: Option<String>) {
        self.account = account;
    }

    /// Where the sync worker's connection stands now.
    pub fn set_connection(&mut self, c: crate::ui::Connection) {
        self.connection = Some(c);
    }

    /// Progress from a background job; stays until replaced or cleared.
    pub fn set_progress(&mut self, note: Option<crate::ui::SyncNote>) {
        self.progress = note.and_then(crate::ui::SyncNote::shown);
    }
}
