//! A search of every message (`/`, `:search`): the search in force, the
//! list of the issues that matched, and `n`/`N` through the matches within
//! an issue and on to the next.

use super::{App, Command, Screen, haystack};
use crate::issues::model::{IssueId, IssueSummary};
use crate::store::{SearchHit, SearchQuery};
use crate::ui::view;

/// The search in force: what was typed, and which issues and messages
/// matched. While it is set the list shows its issues instead of the
/// loaded ones.
#[derive(Debug, Clone)]
pub struct Search {
    pub text: String,
    pub query: SearchQuery,
    /// Messages that matched (the first [`SEARCH_LIMIT`] of them).
    pub hits: usize,
    /// The issues that matched, best match first (unfiled requests last).
    pub(in crate::ui) issues: Vec<IssueSummary>,
    pub(in crate::ui) haystacks: Vec<String>,
    /// The message ids that matched, per issue id.
    pub(in crate::ui) messages: std::collections::HashMap<IssueId, Vec<String>>,
    /// What the issue view highlights: the query's words and phrases.
    pub(in crate::ui) terms: Vec<crate::text::highlight::Needle>,
    /// Best match first, as the index ranks them, until the user sorts.
    pub by_rank: bool,
}

/// Where in a newly opened issue to land: its first match or its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Landing {
    First,
    Last,
}

/// The most messages a search in the TUI reads.
pub const SEARCH_LIMIT: usize = 2000;

impl App {
    /// The search in force.
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// The start lines of the open issue's messages that matched the
    /// search, in the order the view shows them.
    pub fn match_lines(&self) -> Vec<usize> {
        let (Some(search), Some(d), Some(id)) = (&self.search, &self.detail, &self.detail_id)
        else {
            return Vec::new();
        };
        let Some(ids) = search.messages.get(id) else {
            return Vec::new();
        };
        d.messages
            .iter()
            .enumerate()
            .filter(|(_, m)| ids.contains(&m.message_id))
            .filter_map(|(i, _)| self.message_starts.get(i).copied())
            .collect()
    }

    /// The match `n`/`N` went to last in the open issue (0-based), and how
    /// many it has.
    pub fn match_position(&self) -> Option<(usize, usize)> {
        let n = self.match_lines().len();
        self.match_cursor.filter(|&c| c < n).map(|c| (c, n))
    }

    /// A search typed at the prompt: read here (reading is pure), run by
    /// the runner through the source. A query that cannot be read says why
    /// in the footer.
    pub(super) fn start_search(&mut self, text: String) -> Option<Command> {
        self.last_search = Some(text.clone());
        match SearchQuery::parse(&text) {
            Ok(q) if q.is_empty() => {
                self.set_error(format!(
                    "nothing to search for in {text:?}: give a word with a letter or a digit, or from:, flag:, status:, key:"
                ));
                None
            }
            Ok(query) => Some(Command::Search { text, query }),
            Err(e) => {
                self.set_error(format!("cannot search for {text:?}: {e}"));
                None
            }
        }
    }

    /// The result of a [`Command::Search`]: the hits, and every issue (open
    /// or not: a search looks at all of them) for their rows. With
    /// `fresh`, the list goes to its top; a search run again after a
    /// reload keeps the selection.
    pub fn set_search(
        &mut self,
        text: String,
        query: SearchQuery,
        hits: Vec<SearchHit>,
        all: Vec<IssueSummary>,
        fresh: bool,
    ) {
        let keep = (!fresh)
            .then(|| self.selected_id().map(str::to_string))
            .flatten();
        let mut order: Vec<IssueId> = Vec::new();
        let mut messages: std::collections::HashMap<IssueId, Vec<String>> =
            std::collections::HashMap::new();
        for h in &hits {
            let ids = messages.entry(h.id.clone()).or_default();
            if ids.is_empty() {
                order.push(h.id.clone());
            }
            if !ids.contains(&h.message_id) {
                ids.push(h.message_id.clone());
            }
        }
        // By id: a mailbox may hold thousands of issues.
        let by_id: std::collections::HashMap<&str, &IssueSummary> =
            all.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut issues: Vec<IssueSummary> = order
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).map(|i| (*i).clone()))
            .collect();
        // The list draws unfiled requests under a heading after the issues.
        issues.sort_by_key(view::is_unfiled);
        let terms = query.needles();
        // A search run again after a reload keeps the order the user chose.
        let by_rank = fresh || self.search.as_ref().is_none_or(|s| s.by_rank);
        if !by_rank {
            self.sort_results(&mut issues);
        }
        self.search = Some(Search {
            text,
            query,
            hits: hits.len(),
            haystacks: issues.iter().map(haystack).collect(),
            issues,
            messages,
            terms,
            by_rank,
        });
        if fresh {
            self.filter.clear();
            self.typing = false;
            self.screen = Screen::List;
            self.detail_id = None;
            self.detail = None;
            self.detail_lines.clear();
            self.message_starts.clear();
            self.pane = None;
            self.scroll = 0;
            self.selected = 0;
            self.list_offset = 0;
        }
        self.apply_filter();
        if let Some(id) = keep
            && let Some(pos) = self.issues.iter().position(|i| i.id == id)
        {
            self.selected = pos;
        }
        // The open issue's highlights follow the new terms.
        self.rewrap();
        self.clamp();
    }

    /// The search's issues in the list's order (unfiled requests last).
    fn sort_results(&self, issues: &mut [IssueSummary]) {
        crate::issues::listing::sort(issues, self.sort, self.reverse);
        issues.sort_by_key(view::is_unfiled);
    }

    /// The list (and a search's results) in the order now chosen; no I/O.
    pub(super) fn resort(&mut self) {
        let keep = self.selected_id().map(str::to_string);
        let loaded = std::mem::take(&mut self.loaded_issues);
        self.set_issues(loaded);
        if let Some(mut search) = self.search.take() {
            self.sort_results(&mut search.issues);
            search.haystacks = search.issues.iter().map(haystack).collect();
            search.by_rank = false;
            self.search = Some(search);
            self.apply_filter();
        }
        if let Some(id) = keep
            && let Some(pos) = self.issues.iter().position(|i| i.id == id)
        {
            self.selected = pos;
        }
        self.clamp();
        let dir = if self.reverse { ", reversed" } else { "" };
        self.set_notice(format!("sorted by {}{dir}", self.sort.as_str()));
    }

    /// Leaves the search: the list shows the loaded issues again.
    pub(super) fn end_search(&mut self) {
        let keep = self.selected_id().map(str::to_string);
        self.search = None;
        self.match_cursor = None;
        self.apply_filter();
        self.selected = keep
            .and_then(|id| self.issues.iter().position(|i| i.id == id))
            .unwrap_or(0);
        self.rewrap();
        self.clamp();
    }

    /// `n` (`forward`) or `N`. In an issue: the next (previous) message
    /// that matched; past the last (first) one, the next (previous) issue
    /// of the results at its first (last) match, as mutt goes on to the
    /// next message; past the end of the results, around to the start with
    /// a note in the footer, as less and vim do. In the list: the next
    /// (previous) issue of the results, around the same way.
    pub(super) fn next_match(&mut self, forward: bool) -> Option<Command> {
        if self.search.is_none() {
            self.set_error("no search yet: / searches every message".into());
            return None;
        }
        if self.issues.is_empty() {
            self.set_error("nothing matched the search".into());
            return None;
        }
        let n = self.issues.len();
        let step = |i: usize| {
            if forward {
                ((i + 1) % n, i + 1 == n)
            } else {
                ((i + n - 1) % n, i == 0)
            }
        };
        let wrapped_note = if forward {
            "search went past the last match: on from the first"
        } else {
            "search went past the first match: on from the last"
        };
        if self.screen == Screen::List {
            let (to, wrapped) = step(self.selected);
            self.selected = to;
            if wrapped {
                self.set_notice(wrapped_note.into());
            }
            self.clamp();
            return None;
        }
        let lines = self.match_lines();
        let next = match (self.match_cursor, forward) {
            (None, true) => Some(0),
            (Some(c), true) => Some(c + 1),
            (None, false) => lines.len().checked_sub(1),
            (Some(c), false) => c.checked_sub(1),
        }
        .filter(|&c| c < lines.len());
        if let Some(c) = next {
            self.match_cursor = Some(c);
            self.scroll = lines[c];
            self.clamp();
            self.on_message_at(lines[c]);
            return None;
        }
        // On to the next issue of the results.
        let here = self
            .detail_id
            .as_deref()
            .and_then(|id| self.issues.iter().position(|i| i.id == id));
        let (to, wrapped) = match here {
            Some(i) => step(i),
            None => (if forward { 0 } else { n - 1 }, false),
        };
        if wrapped {
            self.set_notice(wrapped_note.into());
        }
        let landing = if forward {
            Landing::First
        } else {
            Landing::Last
        };
        if Some(to) == here {
            // The only issue that matched: around within it.
            self.land(landing);
            return None;
        }
        self.selected = to;
        self.clamp();
        self.screen = Screen::List;
        let command = self.open();
        self.landing = Some(landing);
        command
    }

    /// Scrolls the open issue to its first or last match.
    pub(super) fn land(&mut self, landing: Landing) {
        let lines = self.match_lines();
        let c = match landing {
            Landing::First => 0,
            Landing::Last => lines.len().saturating_sub(1),
        };
        if let Some(&line) = lines.get(c) {
            self.match_cursor = Some(c);
            self.scroll = line;
            self.clamp();
            self.on_message_at(line);
        } else {
            self.match_cursor = None;
            self.clamp();
        }
    }

    /// The message keys (headers, source, links, copy) act on the message
    /// whose header is at `line`, where a search match or J/K went.
    fn on_message_at(&mut self, line: usize) {
        if let Some(i) = self.message_starts.iter().position(|&l| l == line) {
            self.current_message = i;
        }
    }
}
