//! What a sync did ([`SyncSummary`]) and the words for the messages that
//! wait to be fetched again.

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub folders: usize,
    /// Messages fetched from the server.
    pub fetched: usize,
    /// Messages new to the store.
    pub new_messages: usize,
    pub new_issues: usize,
    pub new_flags: usize,
    /// Messages whose IMAP flags changed.
    pub flag_changes: usize,
    /// Locations newly marked gone.
    pub gone: usize,
    /// Locations marked gone earlier that the server lists again.
    pub back: usize,
    /// Locations of known mail found again under a new UIDVALIDITY.
    pub relocated: usize,
    /// (origin, error) of messages stored raw because they could not be parsed.
    pub unparseable: Vec<(String, String)>,
    /// Answers from the server that were not trusted, and what was done.
    pub warnings: Vec<String>,
    /// UIDs of the synced folders that wait to be fetched again, after this
    /// sync: (`folder/uidvalidity/uid`, reason, detail, attempts).
    pub waiting: Vec<Waiting>,
    /// Origins of UIDs the server answered twice with different bodies: the
    /// first answer keeps the location, the second is stored without one.
    pub conflicts: Vec<String>,
    /// (key, title) of the issues the desk wrote on in this sync.
    pub desk_replied: Vec<(String, String)>,
}

/// A UID that waits to be fetched again (see [`crate::store::NotFetched`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub origin: String,
    pub reason: String,
    pub detail: String,
    pub attempts: u32,
}

/// How many UIDs wait, by reason, in words: "no body: 2, unreadable: 1".
pub fn waiting_reasons(waiting: &[Waiting]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for w in waiting {
        match counts.iter_mut().find(|(r, _)| *r == w.reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((&w.reason, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(r, n)| format!("{}: {n}", reason_words(r)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words for a reason class of [`crate::store::NotFetched`].
fn reason_words(reason: &str) -> &str {
    match reason {
        "no-body" => "server sent no body",
        "empty-body" => "server sent an empty body",
        "unreadable" => "answer unreadable",
        "no-uid" => "answer without a UID",
        "no-answer" => "server sent nothing",
        "refused" => "server refused",
        "too-large" => "above the size limit",
        other => other,
    }
}

/// The line that says how many messages wait, e.g. "3 messages wait to be
/// fetched again (server sent no body: 2, answer unreadable: 1)".
pub fn waiting_line(waiting: &[Waiting]) -> Option<String> {
    match waiting.len() {
        0 => None,
        1 => Some(format!(
            "1 message waits to be fetched again ({})",
            waiting_reasons(waiting)
        )),
        n => Some(format!(
            "{n} messages wait to be fetched again ({})",
            waiting_reasons(waiting)
        )),
    }
}

impl SyncSummary {
    pub(super) fn absorb(&mut self, other: SyncSummary) {
        self.folders += other.folders;
        self.fetched += other.fetched;
        self.new_messages += other.new_messages;
        self.new_issues += other.new_issues;
        self.new_flags += other.new_flags;
        self.flag_changes += other.flag_changes;
        self.gone += other.gone;
        self.back += other.back;
        self.relocated += other.relocated;
        self.unparseable.extend(other.unparseable);
        self.waiting.extend(other.waiting);
        self.conflicts.extend(other.conflicts);
        self.warnings.extend(other.warnings);
        self.desk_replied.extend(other.desk_replied);
    }

    /// True when the sync changed nothing in the store.
    pub fn is_empty(&self) -> bool {
        self.new_messages == 0
            && self.flag_changes == 0
            && self.gone == 0
            && self.back == 0
            && self.relocated == 0
    }
}
