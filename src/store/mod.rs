//! SQLite only: opening, pragmas, migrations and typed queries. No SQL lives
//! anywhere else.
//!
//! The store is the single source of truth. Messages are kept with their raw
//! bytes (so a change to the rules re-analyses without a download); issues,
//! flags and assignments are derived by [`Store::regroup`]; the event log is
//! append-only (triggers refuse UPDATE and DELETE) and idempotent (each event
//! has a reference that is written once), so `vsd log` tells an issue's
//! history even after its mail is gone from the server.
//!
//! Schema changes are numbered files in `migrations/`, applied in order and
//! recorded in `PRAGMA user_version`. A database from a newer vsd is refused,
//! never dropped or recreated.

mod attachments;
mod checkpoint;
mod drafts;
mod interleave;
mod partial;
mod pending;
mod queries;
pub mod raw;
mod regroup;
mod scope;
mod search;
mod sends;
mod sync_state;
mod team;
mod write;

pub use attachments::IssueAttachment;
pub use interleave::{StoreJob, WaitingWrites};
pub use partial::StoredMessage;
pub use pending::NotFetched;
pub use search::{SearchHit, SearchQuery};
pub use sends::{SavedDraft, SendRecord, SendState};

pub use regroup::{Reads, RegroupSummary};
pub use sync_state::FolderState;
pub use team::{OutboxOp, TeamAdded, new_op_id};
pub use write::Location;
pub use write::{AddSummary, NewMessage};

use crate::files;
use rusqlite::Connection;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The migrations, in order; `user_version` is the number applied.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial.sql",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        "0002_raw_encoding.sql",
        include_str!("../../migrations/0002_raw_encoding.sql"),
    ),
    (
        "0003_assignments.sql",
        include_str!("../../migrations/0003_assignments.sql"),
    ),
    (
        "0004_key_lookups.sql",
        include_str!("../../migrations/0004_key_lookups.sql"),
    ),
    (
        "0005_thread_ids.sql",
        include_str!("../../migrations/0005_thread_ids.sql"),
    ),
    (
        "0006_fetch_pending.sql",
        include_str!("../../migrations/0006_fetch_pending.sql"),
    ),
    (
        "0007_sends.sql",
        include_str!("../../migrations/0007_sends.sql"),
    ),
    (
        "0009_partial.sql",
        include_str!("../../migrations/0009_partial.sql"),
    ),
    (
        "0010_team_ops.sql",
        include_str!("../../migrations/0010_team_ops.sql"),
    ),
    (
        "0011_attachments.sql",
        include_str!("../../migrations/0011_attachments.sql"),
    ),
    (
        "0012_seen.sql",
        include_str!("../../migrations/0012_seen.sql"),
    ),
    (
        "0013_search.sql",
        include_str!("../../migrations/0013_search.sql"),
    ),
    (
        "0014_issue_columns.sql",
        include_str!("../../migrations/0014_issue_columns.sql"),
    ),
];

/// The schema version this vsd writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why the store could not do something.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {cause}")]
    Open {
        path: String,
        cause: rusqlite::Error,
    },
    #[error("cannot create the store's directory {path}: {cause}")]
    Dir { path: String, cause: std::io::Error },
    #[error(
        "cannot use the store {path}: it has schema version {found}, newer than this vsd knows ({known}); upgrade vsd"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("cannot apply migration {name} to {path}: {cause}")]
    Migration {
        name: &'static str,
        path: String,
        cause: rusqlite::Error,
    },
    #[error("cannot {what}: {cause}")]
    Sql {
        what: &'static str,
        cause: rusqlite::Error,
    },
    #[error(
        "cannot change the store: it is read-only (chmod u+w makes it writable): {path} or its folder is not writable"
    )]
    ReadOnly { path: String },
    #[error("cannot {what}: the store is read-only (chmod u+w makes it writable)")]
    ReadOnlySql { what: &'static str },
    #[error(
        "cannot read the store {path}: it is read-only and has schema version {found}, older than this vsd's ({known}); make it writable once (chmod u+w) so that vsd can bring it up to date"
    )]
    ReadOnlyOld {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "cannot write to the store {path}: another vsd is writing to it: {holder} holds it; {advice}"
    )]
    Busy {
        path: String,
        /// Who holds the lock, as its lock file says ("the vsd window (TUI)
        /// (pid 1234)"), or "another vsd" when it says nothing readable.
        holder: String,
        advice: &'static str,
    },
    #[error("cannot make {path} private to its owner: {cause}")]
    Private { path: String, cause: std::io::Error },
    #[error("cannot lock the store {path}: {cause}")]
    Lock { path: String, cause: std::io::Error },
    #[error("cannot read the raw mail of message {rowid}: {reason}")]
    Raw { rowid: i64, reason: String },
    #[error("cannot start the background checkpoint: {0}")]
    Checkpoint(std::io::Error),
    #[error("no issue {0} in the store (vsd list --all shows the keys)")]
    NoIssue(String),
}

/// Adds the action to a rusqlite error.
pub(crate) trait SqlContext<T> {
    fn ctx(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn ctx(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| match source.sqlite_error_code() {
            // Said in words, not as SQLite's code.
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnlySql { what },
            _ => StoreError::Sql {
                what,
                cause: source,
            },
        })
    }
}

/// True when the store at `path` exists and may only be read: the file or
/// its folder has no write permission at all (mode 0444, a 0555 folder).
/// Decided by the modes the user set, not by trying, so that it holds for
/// root as for anyone.
pub fn is_read_only(path: &Path) -> bool {
    let readonly = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly());
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    path.exists() && (readonly(path) || readonly(dir))
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    bulk: checkpoint::Bulk,
    /// Opened read-only ([`is_read_only`]): nothing is migrated or written.
    read_only: bool,
    /// Writes of another thread made between the steps of a long write
    /// ([`Store::run_waiting_writes`]).
    waiting: Option<WaitingWrites>,
}

/// Held while a process writes to the store; dropping it lets the next writer in.
#[derive(Debug)]
pub struct WriterLock {
    _file: std::fs::File,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if is_read_only(path) {
            return Store::open_read_only(path);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.display().to_string(),
                cause: source,
            })?;
        }
        // The database is made (or, left by an older vsd, tightened) here
        // with mode 0600, and SQLite gives its WAL and shared-memory files
        // the database's mode.
        for p in [
            path.to_path_buf(),
            sibling(path, "-wal"),
            sibling(path, "-shm"),
        ] {
            let made = if p == path {
                files::ensure_private(&p)
            } else {
                files::tighten(&p)
            };
            made.map_err(|source| StoreError::Private {
                path: p.display().to_string(),
                cause: source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            cause: source,
        })?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            bulk: checkpoint::Bulk::Off,
            read_only: false,
            waiting: None,
        };
        store.configure()?;
        store.migrate()?;
        // A bulk write that never finished left the search index paused;
        // mended here unless a writer is still at it.
        if store.search_index_paused()?
            && let Ok(_lock) = Store::lock_writer(path)
            && let Err(e) = store.resume_search_index()
        {
            tracing::warn!(error = %e, "cannot build the search index");
        }
        Ok(store)
    }

    /// A store the user can only read, opened so that nothing writes to it:
    /// no schema upgrade, no pragma that writes. SQLite reads a WAL store
    /// without write access to its folder when the WAL is empty; failing
    /// that, it is opened as immutable.
    fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let open_err = |source| StoreError::Open {
            path: path.display().to_string(),
            cause: source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let probe =
            |conn: &Connection| conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
        let immutable = || -> Result<(Connection, i64), StoreError> {
            let uri = format!(
                "file:{}?immutable=1",
                path.display()
                    .to_string()
                    .replace('%', "%25")
                    .replace('?', "%3f")
                    .replace('#', "%23")
            );
            let conn = Connection::open_with_flags(uri, flags).map_err(open_err)?;
            let found = probe(&conn).map_err(open_err)?;
            Ok((conn, found))
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir_read_only = std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly());
        // In a folder the user made read-only, with no WAL holding changes,
        // the file alone is the store: read as immutable, SQLite makes no
        // -wal or -shm beside it.
        let (conn, found) = if dir_read_only && !sibling(path, "-wal").exists() {
            immutable()?
        } else {
            let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
            match probe(&conn) {
                Ok(v) => (conn, v),
                Err(_) => immutable()?,
            }
        };
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.display().to_string(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::ReadOnlyOld {
                path: path.display().to_string(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .ctx("set the busy timeout")?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            bulk: checkpoint::Bulk::Off,
            read_only: true,
            waiting: None,
        })
    }

    /// True when the store was opened read-only (see [`is_read_only`]).
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// A store in memory, for tests and `vsd check`.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            cause: source,
        })?;
        let mut store = Store {
            conn,
            path: None,
            bulk: checkpoint::Bulk::Off,
            read_only: false,
            waiting: None,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    fn name(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into())
    }

    fn configure(&self) -> Result<(), StoreError> {
        // WAL lets the TUI read while a sync writes; NORMAL is durable across
        // an application crash, which is what kill -9 tests.
        self.conn
            .busy_timeout(std::time::Duration::from_secs(5))
            .ctx("set the busy timeout")?;
        // Raw mail is most of the store: larger pages hold a typical message
        // in a few pages instead of a long overflow chain. Takes effect only
        // on a new, empty database.
        self.conn
            .execute_batch("PRAGMA page_size = 16384;")
            .ctx("set the page size")?;
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA temp_store = MEMORY;
                 PRAGMA cache_size = -32000;
                 PRAGMA journal_size_limit = 67108864;",
            )
            .ctx("configure the database")
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let found: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx("read the schema version")?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.name(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        let path = self.name();
        for (n, (name, sql)) in MIGRATIONS.iter().enumerate() {
            let version = n as i64 + 1;
            if version <= found {
                continue;
            }
            let fail = |source| StoreError::Migration {
                name,
                path: path.clone(),
                cause: source,
            };
            // Another vsd may be opening the same new store: take the write
            // lock first, then look again at what it has already applied.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(fail)?;
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(fail)?;
            if now >= version {
                continue;
            }
            tx.execute_batch(sql)
                .and_then(|_| tx.pragma_update(None, "user_version", version))
                .and_then(|_| tx.commit())
                .map_err(fail)?;
        }
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx("read the schema version")
    }

    /// The connection, for the store's sibling modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Takes the store's writer lock (a lock file beside the database), or
    /// says that another vsd is writing, and who. Reading needs no lock.
    ///
    /// The lock is taken on the store's canonical path, so that two names
    /// of one database (a symbolic link, `./x/../vsd.db`) share it. The
    /// holder writes its pid and what it is ([`set_writer_name`]) into the
    /// lock file for the refusal to quote.
    pub fn lock_writer(path: &Path) -> Result<WriterLock, StoreError> {
        if is_read_only(path) {
            return Err(StoreError::ReadOnly {
                path: path.display().to_string(),
            });
        }
        let real = files::canonical(path).map_err(|source| StoreError::Lock {
            path: path.display().to_string(),
            cause: source,
        })?;
        let lock_path = sibling(&real, ".lock");
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.display().to_string(),
                cause: source,
            })?;
        }
        let lock_err = |source| StoreError::Lock {
            path: lock_path.display().to_string(),
            cause: source,
        };
        let mut file = files::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(lock_err)?;
        files::tighten(&lock_path).map_err(lock_err)?;
        match file.try_lock() {
            Ok(()) => {
                let me = format!("{} {}\n", std::process::id(), writer_name());
                file.set_len(0)
                    .and_then(|()| file.rewind())
                    .and_then(|()| file.write_all(me.as_bytes()))
                    .and_then(|()| file.flush())
                    .map_err(lock_err)?;
                Ok(WriterLock { _file: file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut said = String::new();
                // The holder may be between taking the lock and writing its
                // name: then the refusal names no one in particular.
                let _ = file.read_to_string(&mut said);
                let (holder, advice) = describe_holder(&said);
                Err(StoreError::Busy {
                    path: path.display().to_string(),
                    holder,
                    advice,
                })
            }
            Err(std::fs::TryLockError::Error(source)) => Err(lock_err(source)),
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .ctx("check the database's integrity")
    }
}

/// `db` with `suffix` appended to its file name (`vsd.db-wal`, `vsd.db.lock`).
fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

static WRITER_NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names what this process is ("vsd sync", "the vsd window (TUI)") for the
/// lock file, so that another vsd refused the lock can say who holds it.
/// The first name set stays.
pub fn set_writer_name(name: &str) {
    let _ = WRITER_NAME.set(name.to_string());
}

fn writer_name() -> &'static str {
    WRITER_NAME.get().map_or("vsd", String::as_str)
}

/// Who holds the lock and what to do, from the lock file's `PID NAME` line.
fn describe_holder(said: &str) -> (String, &'static str) {
    let line = said.lines().next().unwrap_or("").trim();
    let parsed = line
        .split_once(' ')
        .and_then(|(pid, name)| Some((pid.parse::<u32>().ok()?, name.trim())))
        .filter(|(_, name)| !name.is_empty() && !name.chars().any(char::is_control));
    match parsed {
        Some((pid, name)) => {
            let advice = if name.contains("window") {
                "close it or wait"
            } else if name.contains("--watch") {
                "stop it (Ctrl-C) or wait"
            } else {
                "wait for it to finish or stop it"
            };
            // "the vsd window (TUI)" reads "the vsd window (TUI, pid 1234)".
            let holder = match name.strip_suffix(')') {
                Some(open) if open.contains('(') => format!("{open}, pid {pid})"),
                _ => format!("{name} (pid {pid})"),
            };
            (holder, advice)
        }
        None => (
            "another vsd".to_string(),
            "wait for it to finish or stop it",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issues::model::Role;

    #[test]
    fn fresh_store_is_at_the_current_schema() {
        let s = Store::open_in_memory().expect("open");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
    }

    /// A version-2 store's assignments move to their own table: its issues
    /// read the same before any regroup, and the wide table loses the columns.
    #[test]
    fn version_2_store_keeps_its_assignments() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("v2.db");
        {
            let c = Connection::open(&p).expect("open");
            c.execute_batch(MIGRATIONS[0].1).expect("schema 1");
            c.execute_batch(MIGRATIONS[1].1).expect("schema 2");
            c.pragma_update(None, "user_version", 2).expect("version");
            for (id, from, role, date) in [
                ("req@example.com", "ola@example.com", "team", 1767225600),
                ("auto@vipps.no", "integration@vipps.no", "desk", 1767225700),
            ] {
                c.execute(
                    "INSERT INTO messages (message_id, date, date_from_header, subject, from_email, to_json,
                        cc_json, reply_to_json, in_reply_to, refs, new_text, quoted, analysis_version,
                        issue_id, thread_root, role)
                     VALUES (?1, ?2, 1, '[VSD-7] x', ?3, '[]', '[]', '[]', '', '', 'Hello', 0, 2,
                        'VSD-7', 'req@example.com', ?4)",
                    rusqlite::params![id, date, from, role],
                )
                .expect("message");
            }
            c.execute(
                "INSERT INTO issues (id, key, title, canonical_subject, status, opened_at, last_activity,
                    message_count) VALUES ('VSD-7', 'VSD-7', 'x', 'x', 'awaiting-team', 1767225600, 1767225700, 2)",
                [],
            )
            .expect("issue");
        }
        let s = Store::open(&p).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        let d = s.detail("VSD-7").expect("detail");
        let got: Vec<(&str, Role)> = d
            .messages
            .iter()
            .map(|m| (m.message_id.as_str(), m.role))
            .collect();
        assert_eq!(
            got,
            vec![
                ("req@example.com", Role::Team),
                ("auto@vipps.no", Role::Desk)
            ]
        );
        let columns: Vec<String> = s
            .conn()
            .prepare("SELECT name FROM pragma_table_info('messages')")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .expect("columns");
        assert!(
            !columns.iter().any(|c| c == "issue_id" || c == "role"),
            "{columns:?}"
        );
    }

    /// A store of the schema before 0012 (no record of what the user
    /// opened) upgrades with its issues: each is new to the user until
    /// opened, and opening it is kept.
    #[test]
    fn store_before_seen_upgrades_and_marks_new_mail_until_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("old.db");
        let before = MIGRATIONS
            .iter()
            .position(|(name, _)| *name == "0012_seen.sql")
            .expect("the seen migration");
        {
            let c = Connection::open(&p).expect("open");
            for (_, sql) in &MIGRATIONS[..before] {
                c.execute_batch(sql).expect("schema");
            }
            c.pragma_update(None, "user_version", before as i64)
                .expect("version");
            c.execute(
                "INSERT INTO issues (id, key, title, canonical_subject, status, opened_at, last_activity, message_count)
                 VALUES ('VSD-1', 'VSD-1', 'x', 'x', 'awaiting-desk', 100, 200, 1)",
                [],
            )
            .expect("issue");
        }
        let s = Store::open(&p).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        assert!(s.list(true).expect("list")[0].new_mail);
        s.mark_seen("VSD-1", crate::store::write::from_ts(300))
            .expect("seen");
        assert!(!s.list(true).expect("list")[0].new_mail);
        drop(s);
        let s = Store::open(&p).expect("again");
        assert!(
            !s.list(true).expect("list")[0].new_mail,
            "kept in the store"
        );
    }

    /// A store written by the first schema, holding mail, upgrades in place:
    /// its messages, raw bytes and events survive and stay readable.
    #[test]
    fn version_1_store_with_data_upgrades() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("old.db");
        let raw = b"Message-ID: <a@x>\r\nSubject: [VSD-1] x\r\nFrom: integration@vipps.no\r\n\r\nHello\r\n";
        {
            let c = Connection::open(&p).expect("open");
            c.execute_batch(MIGRATIONS[0].1).expect("schema 1");
            c.pragma_update(None, "user_version", 1).expect("version");
            c.execute(
                "INSERT INTO messages (message_id, date, date_from_header, subject, from_email, to_json,
                    cc_json, reply_to_json, in_reply_to, refs, new_text, quoted, analysis_version)
                 VALUES ('a@x', 1767225600, 1, '[VSD-1] x', 'integration@vipps.no', '[]', '[]', '[]', '', '', 'Hello', 0, 0)",
                [],
            )
            .expect("message");
            c.execute(
                "INSERT INTO raw_messages (message_rowid, raw) VALUES (1, ?1)",
                [&raw[..]],
            )
            .expect("raw");
            c.execute(
                "INSERT INTO events (at, key, kind, detail, ref, recorded_at) VALUES (1, 'VSD-1', 'opened', 'opened: x', 'opened:VSD-1', 1)",
                [],
            )
            .expect("event");
        }
        let mut s = Store::open(&p).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        let stale = s.stale_analysis(10).expect("stale");
        assert_eq!(stale, vec![(1, raw.to_vec())]);
        s.regroup(&crate::config::Config::default())
            .expect("regroup");
        assert_eq!(s.list(true).expect("list")[0].key.as_deref(), Some("VSD-1"));
        assert_eq!(
            s.log(Some("VSD-1")).expect("log").len(),
            2,
            "old event kept, one new"
        );
    }

    /// A store written before sending existed upgrades: its mail stays, and
    /// sends and drafts can be recorded.
    #[test]
    fn store_from_before_sends_upgrades_and_records_a_send() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("old.db");
        let before = MIGRATIONS
            .iter()
            .position(|(name, _)| *name == "0007_sends.sql")
            .expect("the sends migration");
        {
            let c = Connection::open(&p).expect("open");
            for (_, sql) in &MIGRATIONS[..before] {
                c.execute_batch(sql).expect("older schema");
            }
            c.pragma_update(None, "user_version", before as i64)
                .expect("version");
            c.execute(
                "INSERT INTO messages (message_id, date, date_from_header, subject, from_email, to_json,
                    cc_json, reply_to_json, in_reply_to, refs, new_text, quoted, analysis_version)
                 VALUES ('a@x', 1767225600, 1, '[VSD-1] x', 'integration@vipps.no', '[]', '[]', '[]', '', '', 'Hello', 0, 0)",
                [],
            )
            .expect("message");
        }
        let mut s = Store::open(&p).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 1);
        let now = chrono::Utc::now();
        assert_eq!(
            s.claim_send("d@x", "smtp h:587", now, false)
                .expect("claim"),
            Ok(())
        );
        assert_eq!(
            s.send_record("d@x").expect("read").map(|r| r.state),
            Some(SendState::Sending)
        );
    }

    /// A store made by the migrations before `name`, holding one message
    /// from `from` (analysed by version `analysis`).
    fn store_before(p: &Path, name: &str, from: &str, analysis: i64) -> Connection {
        let before = MIGRATIONS
            .iter()
            .position(|(n, _)| *n == name)
            .expect("the migration");
        let c = Connection::open(p).expect("open");
        for (_, sql) in &MIGRATIONS[..before] {
            c.execute_batch(sql).expect("older schema");
        }
        c.pragma_update(None, "user_version", before as i64)
            .expect("version");
        c.execute(
            "INSERT INTO messages (message_id, date, date_from_header, subject, from_email, to_json,
                cc_json, reply_to_json, in_reply_to, refs, new_text, quoted, analysis_version)
             VALUES ('a@x', 1767225600, 1, '[VSD-1] x', ?1, '[]', '[]', '[]', '', '', 'Hello', 0, ?2)",
            rusqlite::params![from, analysis],
        )
        .expect("message");
        c
    }

    /// A store from before attachments were recorded upgrades with its mail,
    /// and re-analysis reads the attachments out of the raw mail it kept.
    #[test]
    fn store_from_before_attachments_upgrades_and_reanalysis_fills_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("old.db");
        let raw = b"Message-ID: <a@x>\r\nFrom: ola@example.com\r\nSubject: [VSD-1] x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";
        {
            let c = store_before(&p, "0011_attachments.sql", "ola@example.com", 3);
            c.execute(
                "INSERT INTO raw_messages (message_rowid, encoding, raw) VALUES (1, 'identity', ?1)",
                [&raw[..]],
            )
            .expect("raw");
        }
        let mut s = Store::open(&p).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        assert_eq!(s.attachments_of(1).expect("none yet"), Vec::new());
        let redone = crate::sync::ingest::reanalyse(&mut s).expect("reanalyse");
        assert_eq!(redone, 1);
        let got = s.attachments_of(1).expect("attachments");
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].name.as_str(), got[0].part.as_str(), got[0].size),
            ("r.pdf", "2", 5)
        );
    }

    /// A store from before team operations keeps its local closes (as
    /// `issue_actions`), and takes operations on top: a reopen after the
    /// upgrade wins over the old close.
    #[test]
    fn store_from_before_team_ops_keeps_its_closes_and_takes_operations() {
        use crate::issues::team::OpKind;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("old.db");
        let cfg = crate::config::Config::default();
        {
            let c = store_before(&p, "0010_team_ops.sql", "integration@vipps.no", 0);
            c.execute(
                "INSERT INTO issue_actions (key, at, action) VALUES ('VSD-1', 1767229200, 'close')",
                [],
            )
            .expect("old close");
        }
        let mut s = Store::open(&p).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        s.regroup(&cfg).expect("regroup");
        assert_eq!(s.detail("VSD-1").expect("detail").status.as_str(), "closed");
        let at = chrono::DateTime::from_timestamp(1767232800, 0).expect("time");
        s.add_own_op("VSD-1", "ola@example.com", at, OpKind::Reopen)
            .expect("reopen");
        s.regroup(&cfg).expect("regroup");
        assert_eq!(
            s.detail("VSD-1").expect("detail").status.as_str(),
            "awaiting-desk"
        );
        assert_eq!(s.team_outbox_len().expect("outbox"), 1);
    }

    /// Several processes opening one new store at once: each migration is
    /// applied once, and every opener ends at the current schema.
    #[test]
    fn concurrent_first_opens_migrate_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("race.db");
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let p = p.clone();
                std::thread::spawn(move || Store::open(&p).map(|s| s.schema_version()))
            })
            .collect();
        for h in handles {
            let v = h.join().expect("thread").expect("open").expect("version");
            assert_eq!(v, SCHEMA_VERSION);
        }
    }

    #[test]
    fn newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("v.db");
        {
            let s = Store::open(&p).expect("open");
            s.conn()
                .pragma_update(None, "user_version", 99)
                .expect("bump");
            s.conn()
                .execute("INSERT INTO meta(key, value) VALUES ('keep', 'me')", [])
                .expect("insert");
        }
        let e = Store::open(&p).err().expect("refused").to_string();
        assert!(e.contains("schema version 99"), "{e}");
        let c = Connection::open(&p).expect("raw open");
        let v: String = c
            .query_row("SELECT value FROM meta WHERE key='keep'", [], |r| r.get(0))
            .expect("row kept");
        assert_eq!(v, "me");
    }

    #[test]
    fn event_log_refuses_update_and_delete() {
        let s = Store::open_in_memory().expect("open");
        s.conn()
            .execute(
                "INSERT INTO events(at, key, kind, detail, recorded_at) VALUES (1, 'VSD-1', 'opened', 'x', 1)",
                [],
            )
            .expect("insert");
        assert!(
            s.conn()
                .execute("UPDATE events SET detail='y'", [])
                .is_err()
        );
        assert!(s.conn().execute("DELETE FROM events", []).is_err());
    }

    #[test]
    fn second_writer_is_told_clearly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("w.db");
        let _held = Store::lock_writer(&p).expect("first");
        let e = Store::lock_writer(&p).expect_err("second").to_string();
        assert!(e.contains("another vsd is writing"), "{e}");
    }

    #[test]
    fn lock_file_names_the_holder_for_the_refusal() {
        assert_eq!(
            describe_holder("1234 the vsd window (TUI)\n"),
            (
                "the vsd window (TUI, pid 1234)".to_string(),
                "close it or wait"
            )
        );
        assert_eq!(
            describe_holder("77 vsd sync --watch\n").0,
            "vsd sync --watch (pid 77)"
        );
        // Empty (the holder has not written yet), an older vsd's empty
        // file, or junk: nobody in particular.
        for said in ["", "junk", "12 \u{1b}[2J", "x vsd sync"] {
            assert_eq!(describe_holder(said).0, "another vsd", "{said:?}");
        }
    }

    #[test]
    fn lock_file_holds_this_process_while_locked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("w.db");
        let _held = Store::lock_writer(&p).expect("first");
        let said = std::fs::read_to_string(dir.path().join("w.db.lock")).expect("lock file");
        assert_eq!(said, format!("{} {}\n", std::process::id(), writer_name()));
        let e = Store::lock_writer(&p).expect_err("second").to_string();
        assert!(
            e.contains(&format!("(pid {}) holds it", std::process::id())),
            "{e}"
        );
    }

    /// The steps of SQLite's plan for `sql` run with `params`.
    fn plan(s: &Store, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        s.conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .and_then(|mut st| st.query_map(params, |r| r.get(3))?.collect())
            .expect("plan")
    }

    /// Keys typed in any case are found through an index, not by reading
    /// every issue and event (a 100k-message store has 130k events).
    #[test]
    fn key_lookups_use_indexes() {
        let s = Store::open_in_memory().expect("open");
        for sql in [
            queries::ISSUE_BY_KEY,
            queries::EVENTS_OF_KEY,
            queries::KEY_IN_LOG,
        ] {
            let plan = plan(&s, sql, ["vsd-1"]);
            assert!(
                plan.iter().all(|step| !step.starts_with("SCAN issues")
                    && !step.starts_with("SCAN events")
                    && !step.contains("TEMP B-TREE")),
                "{sql}: {plan:?}"
            );
        }
    }

    /// The list asks on every run who wrote from neither side; that reads
    /// the few such messages, not every assignment.
    #[test]
    fn other_senders_read_only_their_own_messages() {
        let s = Store::open_in_memory().expect("open");
        let plan = plan(&s, write::OTHER_SENDERS, []);
        assert!(
            plan.iter()
                .any(|step| step.contains("INDEX assignments_other"))
                && !plan.iter().any(|step| step == "SCAN a"),
            "{plan:?}"
        );
    }

    /// `vsd log` prints the whole log as it reads it: in time order from an
    /// index, never sorted whole in memory first.
    #[test]
    fn the_whole_log_is_read_in_order_from_an_index() {
        let s = Store::open_in_memory().expect("open");
        let plan = plan(&s, queries::ALL_EVENTS, []);
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }

    /// A sync counts a folder's present messages from an index alone.
    #[test]
    fn present_messages_are_counted_from_an_index() {
        let s = Store::open_in_memory().expect("open");
        let plan = plan(&s, sync_state::PRESENT_COUNT, rusqlite::params!["INBOX", 1]);
        assert!(
            plan.iter()
                .any(|step| step.contains("COVERING INDEX locations_present")),
            "{plan:?}"
        );
    }
}
