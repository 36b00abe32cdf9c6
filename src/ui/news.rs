//! News from background jobs to the UI, as data the view words when it
//! draws: [`UiUpdate`], the status line's [`SyncNote`] and the connection's
//! [`Connection`].

/// News from a background job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiUpdate {
    /// The store changed: reload what is shown.
    Changed,
    /// What the status bar says of the sync (as data, worded by the view);
    /// [`SyncNote::Clear`] clears it.
    Progress(SyncNote),
    /// A server's `[ALERT]`: shown on the status line until the next key,
    /// so that progress lines do not wipe it before it is read.
    Alert(String),
    /// What a job did (an attachment saved): shown until the next key.
    Notice(String),
    /// Ring the terminal's bell (`[hooks] bell`, when the desk writes).
    Bell,
    /// Where the connection to the server stands, for the status line.
    Connection(Connection),
}

/// What the status line's left part says of the sync worker's last round,
/// as data: counts and keys, worded by [`SyncNote::describe`] when drawn.
/// Two notes are equal when they say the same words.
#[derive(Debug, Clone, Default, Eq)]
pub enum SyncNote {
    /// Nothing to say.
    #[default]
    Clear,
    /// New mail this round, (messages, issues), and the issues the desk
    /// wrote on, (key, title), as they came.
    News {
        mail: Option<(usize, usize)>,
        desk: Vec<(String, String)>,
    },
    /// Team actions that came from colleagues.
    TeamActions(usize),
    /// The sync failed, in the error's words.
    Failed(String),
    /// A line worded where it was made (what sharing the team state did,
    /// what waits to be fetched again).
    Said(String),
}

impl SyncNote {
    /// The status line's words.
    pub fn describe(&self) -> String {
        match self {
            SyncNote::Clear => String::new(),
            SyncNote::News { mail, desk } => mail
                .iter()
                .map(|(m, i)| format!("{m} new messages, {i} new issues"))
                .chain(
                    desk.iter()
                        .map(|(key, title)| format!("the desk wrote on {key}: {title}")),
                )
                .collect::<Vec<_>>()
                .join("; "),
            SyncNote::TeamActions(n) => format!("{n} team actions from colleagues"),
            SyncNote::Failed(e) => format!("sync: {e}"),
            SyncNote::Said(line) => line.clone(),
        }
    }

    /// The note to show, or None for one that says nothing.
    pub fn shown(self) -> Option<SyncNote> {
        (!self.describe().is_empty()).then_some(self)
    }
}

impl PartialEq for SyncNote {
    fn eq(&self, other: &SyncNote) -> bool {
        self.describe() == other.describe()
    }
}

impl From<String> for SyncNote {
    fn from(line: String) -> SyncNote {
        if line.is_empty() {
            SyncNote::Clear
        } else {
            SyncNote::Said(line)
        }
    }
}

impl From<&str> for SyncNote {
    fn from(line: &str) -> SyncNote {
        SyncNote::from(line.to_string())
    }
}

/// Where the sync worker's connection stands, as data: the status line
/// words it ([`Connection::describe`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    /// Downloading: `done` of `total` messages of the folder in hand.
    Syncing {
        done: usize,
        total: usize,
    },
    /// Up to date, waiting for new mail.
    Idle,
    /// The server could not be reached (or failed) since then.
    Offline {
        since: chrono::DateTime<chrono::Utc>,
    },
    /// Up to date again after being offline.
    Reconnected,
}

impl Connection {
    /// The status line's words; times in `tz`.
    pub fn describe(self, tz: chrono::FixedOffset) -> String {
        match self {
            Connection::Connecting => "connecting…".into(),
            Connection::Syncing { done, total } => format!("syncing {done}/{total}"),
            Connection::Idle => "idle".into(),
            Connection::Offline { since } => {
                format!("offline since {}", since.with_timezone(&tz).format("%H:%M"))
            }
            Connection::Reconnected => "reconnected".into(),
        }
    }

    /// Before the first sync is done: the list may be empty only for now.
    pub fn syncing(self) -> bool {
        matches!(self, Connection::Connecting | Connection::Syncing { .. })
    }
}
