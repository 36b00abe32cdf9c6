//! The commands behind the CLI: each opens what it needs (config, store),
//! does its work through the library, and writes text or JSON. Errors here
//! are `anyhow`, with the library's typed errors inside, so that
//! [`exit_code`] can map them to CONTRACT.md's codes.

pub mod attachment;
mod draft;
pub mod export;
mod handover;
pub mod init;
mod review;
mod send;
pub mod team;
mod text;
mod tui;
pub mod writer;

pub use attachment::{AttachmentCommand, attachment};
pub use draft::{
    DraftCommand, DraftOptions, Finish, Outcome, Prepared, ask_to_mask, complete, draft, edit,
    escalation_refusal, prepare_kam, prepare_new, prepare_new_related, prepare_reply, related_line,
};
pub use review::draft_at_terminal;
pub use send::{SendOptions, SendOutcome, SentReport, send_file, send_raw, send_saved};
pub use tui::{TuiSource, demo, keymap, tui};

use crate::config::{Config, ConfigError};
use crate::error::ErrorKind;
use crate::issues::team::OpKind;
use crate::store::{Store, StoreError};
use crate::sync::ingest;
use anyhow::anyhow;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::issues::grouping::GROUPING_VERSION;

/// A failure the commands find themselves (no store where one is needed,
/// a key that names no issue), told in words, with its kind.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Server(String),
}

impl Failure {
    /// `text`, of `kind`: a library error told with what the command was
    /// doing keeps the library error's kind.
    pub fn of(kind: ErrorKind, text: String) -> Failure {
        match kind {
            ErrorKind::Usage => Failure::Usage(text),
            ErrorKind::Server => Failure::Server(text),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Failure::Usage(_) => ErrorKind::Usage,
            Failure::Server(_) => ErrorKind::Server,
        }
    }
}

/// Where the config and the store are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The config file, and whether the user named it (then it must exist).
    pub config: Option<(PathBuf, bool)>,
    pub db: PathBuf,
}

impl Paths {
    /// `--config`, else `$VSD_CONFIG`, else the XDG config dir; `--db`, else
    /// `$VSD_DB`, else the XDG data dir.
    pub fn resolve(config: Option<PathBuf>, db: Option<PathBuf>) -> anyhow::Result<Paths> {
        let dirs = directories::ProjectDirs::from("", "", "vsd");
        let config = match config {
            Some(p) => Some((p, true)),
            None => match std::env::var_os("VSD_CONFIG").filter(|v| !v.is_empty()) {
                Some(p) => Some((PathBuf::from(p), true)),
                None => dirs
                    .as_ref()
                    .map(|d| (d.config_dir().join("config.toml"), false)),
            },
        };
        let db = match db {
            Some(p) => p,
            None => match std::env::var_os("VSD_DB").filter(|v| !v.is_empty()) {
                Some(p) => PathBuf::from(p),
                None => dirs
                    .as_ref()
                    .map(|d| d.data_dir().join("vsd.db"))
                    .ok_or_else(|| {
                        Failure::Usage(
                            "cannot find a data directory for the store (neither XDG_DATA_HOME nor HOME is set): give --db PATH or set VSD_DB"
                                .into(),
                        )
                    })?,
            },
        };
        Ok(Paths { config, db })
    }

    /// The config, or the defaults when no file was named and none exists.
    /// A file named by --config or `$VSD_CONFIG` must exist.
    pub fn load_config(&self) -> anyhow::Result<Config> {
        match &self.config {
            Some((p, named)) => {
                if !p.exists() {
                    if !*named {
                        return Ok(Config::default());
                    }
                    return Err(Failure::Usage(format!(
                        "no config at {} (named by --config or VSD_CONFIG): run `vsd --config {} init` to write one, or name the right file",
                        p.display(),
                        p.display()
                    ))
                    .into());
                }
                let cfg = Config::load(p)?;
                // `[keys]` is read by every command, so a bad key is found
                // before the window opens.
                keymap(&cfg)?;
                Ok(cfg)
            }
            None => Ok(Config::default()),
        }
    }

    /// The config file's path for a message: where it is, or was looked for.
    pub fn config_shown(&self) -> String {
        match &self.config {
            Some((p, _)) => p.display().to_string(),
            None => "(no config directory: give --config PATH)".into(),
        }
    }

    /// Whether a config file exists where vsd looks.
    fn config_exists(&self) -> bool {
        self.config.as_ref().is_some_and(|(p, _)| p.exists())
    }
}

/// What to do when a command needs an `[imap]` account and the config has
/// none: names the file looked at and points to `vsd init`.
pub fn no_account(paths: &Paths, what: &str) -> String {
    let cfg = paths.config_shown();
    if paths.config_exists() {
        format!(
            "cannot {what}: {cfg} has no [imap] section: run `vsd init --force` to write a new config (it replaces that file), or add host, user, password_command and folders under [imap]"
        )
    } else {
        format!("cannot {what}: no config at {cfg}: run `vsd init` to set up the account")
    }
}

/// The kind of the first error in the chain that knows its own: a failure
/// of the commands, a sync's, a send's, the server's or the config's.
/// Anything else (the store, a file) is the user's to fix here.
pub fn error_kind(e: &anyhow::Error) -> ErrorKind {
    for cause in e.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.kind();
        }
        if let Some(e) = cause.downcast_ref::<crate::sync::SyncError>() {
            return e.kind();
        }
        if let Some(e) = cause.downcast_ref::<crate::send::SendError>() {
            return e.kind();
        }
        if let Some(e) = cause.downcast_ref::<crate::imap::ImapError>() {
            return e.kind();
        }
        if cause.downcast_ref::<ConfigError>().is_some() {
            return ErrorKind::Usage;
        }
    }
    ErrorKind::Usage
}

/// Maps an error to CONTRACT.md's exit codes, by its kind.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    error_kind(e).exit_code()
}

/// True when the error comes from writing to a reader that went away
/// (`vsd list | head`): the user has what they wanted, so vsd exits quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let kind = if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            Some(io.kind())
        } else {
            cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line each, as a user reads them: each
/// once, since vsd's errors that tell their cause in their own words
/// (`cannot open the store …: {cause}`) do not hand it on as a source too.
/// Each line goes through the sanitiser: a cause may quote a server or a
/// file, and nothing reaches the terminal as a control sequence.
pub fn describe(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| {
            cause
                .to_string()
                .split('\n')
                .map(|l| crate::text::sanitize::sanitize(l).into_owned())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n  caused by: ")
}

/// Logs go to `vsd.log` beside the store, never to the terminal the TUI owns.
pub fn init_logging(db: &Path) {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if crate::files::create_dir_all(dir).is_err() {
        return;
    }
    let log = dir.join("vsd.log");
    // A folder the user made read-only gets no new file; an existing log in
    // it is appended to only where that is allowed.
    let dir_read_only = std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly());
    if dir_read_only && !log.exists() {
        return;
    }
    let Ok(file) = crate::files::options().create(true).append(true).open(&log) else {
        return;
    };
    // A log written by an older vsd was readable by all.
    let _ = crate::files::tighten(&log);
    let filter = tracing_subscriber::EnvFilter::try_from_env("VSD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}

/// A store error, with an unknown issue turned into a usage error that says
/// where the keys are.
fn no_issue(key: &str) -> impl FnOnce(StoreError) -> anyhow::Error + '_ {
    move |e| match e {
        StoreError::NoIssue(_) => anyhow!(Failure::Usage(format!(
            "no issue {key} in the store (vsd list --all shows the keys)"
        ))),
        e => e.into(),
    }
}

/// Opens the store for reading, refusing a path that holds none yet.
fn open_existing(paths: &Paths) -> anyhow::Result<Store> {
    if !paths.db.exists() {
        let db = paths.db.display();
        let cfg = paths.config_shown();
        return Err(Failure::Usage(if paths.config_exists() {
            format!(
                "no store at {db}: run `vsd sync` to fill it from the account in {cfg} (no [imap] there? `vsd init --force` writes one), or `vsd import PATH` to read mail files, or give --db"
            )
        } else {
            format!(
                "no store at {db} and no config at {cfg}: run `vsd init` to set up the account, then `vsd sync`; or `vsd import PATH` to read mail files; or give --db"
            )
        })
        .into());
    }
    let store = Store::open(&paths.db)?;
    if store.read_only() {
        eprintln!("vsd: {}", read_only_note(&paths.db));
    }
    Ok(store)
}

/// What the user is told about a store opened read-only.
fn read_only_note(db: &Path) -> String {
    format!(
        "the store {} is read-only: shown as it is, and changes are refused (chmod u+w makes it writable)",
        db.display()
    )
}

/// Brings derived data up to date when this vsd's rules or the config
/// changed since the store was last grouped: re-analyses stored raw mail
/// (no download) and regroups, logging what changed. Skipped quietly when
/// another vsd holds the writer lock: it will do the same.
pub fn maintain(store: &mut Store, db: &Path, cfg: &Config) -> anyhow::Result<bool> {
    // A store the user can only read is shown as it was last analysed.
    if store.read_only() {
        return Ok(false);
    }
    if store.grouped_under(&crate::issues::grouping::GroupConfig::from_config(cfg))? {
        return Ok(false);
    }
    let _lock = match Store::lock_writer(db) {
        Ok(l) => l,
        Err(StoreError::Busy { .. }) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    ingest::reanalyse(store)?;
    store.regroup_everything(cfg)?;
    Ok(true)
}

/// One line per sender that matches neither `[desk]` nor `[team]`, with
/// what to add: `"*@domain"` to `[desk]` when it shares the desk's domain
/// (the desk's notifier), else the address to one side or the other.
pub fn other_sender_hints(store: &Store, cfg: &Config) -> anyhow::Result<Vec<String>> {
    let senders = store.other_senders()?;
    if senders.is_empty() {
        return Ok(Vec::new());
    }
    let desk = store.inferred_desk(cfg)?;
    let mut out = Vec::new();
    for addr in senders {
        let shown = crate::text::sanitize::sanitize(&addr).into_owned();
        let domain = addr.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        out.push(if !domain.is_empty() && desk.shares_domain(&addr) {
            format!(
                "{shown} matches no [desk] address; add \"*@{}\"? (until then its mail is shown as other and counts for neither side)",
                crate::text::sanitize::sanitize(domain)
            )
        } else {
            format!(
                "{shown} matches neither [desk] nor [team]; add it to [team] addresses if it is a colleague, or to [desk] addresses (until then its mail is shown as other and counts for neither side)"
            )
        });
    }
    Ok(out)
}

/// Says on stderr, once per address, who is on neither side.
fn warn_other_senders(store: &Store, cfg: &Config) -> anyhow::Result<()> {
    for line in other_sender_hints(store, cfg)? {
        eprintln!("vsd: {line}");
    }
    Ok(())
}

/// `vsd import PATH...`
pub fn import(
    paths: &Paths,
    cfg: &Config,
    files: &[PathBuf],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for f in files {
        if !f.exists() {
            return Err(Failure::Usage(format!(
                "cannot import {}: no such file or directory",
                f.display()
            ))
            .into());
        }
    }
    let _lock = Store::lock_writer(&paths.db)?;
    let mut store = Store::open(&paths.db)?;
    let started = std::time::Instant::now();
    store.begin_bulk();
    let report = ingest::import_paths(&mut store, files, &mut |_| {})?;
    let stored = started.elapsed();
    ingest::reanalyse(&mut store)?;
    let regroup = store.regroup(cfg)?;
    store.end_bulk();
    tracing::info!(
        read = report.read,
        stored_secs = stored.as_secs_f64(),
        regroup_secs = (started.elapsed() - stored).as_secs_f64(),
        "import finished"
    );
    let secs = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "read {} messages in {:.2}s: {} new, {} already stored; {} issues ({} new), {} unfiled, {} new flags",
        report.read,
        secs,
        report.added.new_messages,
        report.added.duplicates,
        regroup.issues,
        regroup.new_issues,
        regroup.unfiled,
        regroup.new_flags
    )?;
    warn_other_senders(&store, cfg)?;
    for (origin, err) in &report.added.unparseable {
        eprintln!("vsd: stored raw, could not parse {origin}: {err}");
    }
    for p in &report.failed_paths {
        eprintln!("vsd: {p}");
    }
    if !report.failed_paths.is_empty() {
        return Err(Failure::Usage(format!(
            "{} of {} paths could not be read",
            report.failed_paths.len(),
            files.len()
        ))
        .into());
    }
    Ok(())
}

/// Writes a command's result: as pretty JSON, or as text for a person.
fn emit<T: serde::Serialize>(
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
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
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
    let q = crate::store::SearchQuery::parse(query).map_err(|e| Failure::Usage(e.to_string()))?;
    if q.is_empty() {
        return Err(Failure::Usage(format!(
            "nothing to search for in {query:?}: give a word with a letter or a digit, or from:, flag:, status:, key:"
        ))
        .into());
    }
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
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
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
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
struct Shown<'a> {
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
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
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

/// `vsd close KEY` / `vsd reopen KEY`
pub fn close(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    close: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let _lock = Store::lock_writer(&paths.db)?;
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
    match change_state(&mut store, cfg, key, close)? {
        StateChange::Done(id, status) => writeln!(out, "{id}: {}", status.as_str())?,
        StateChange::Already(line) => writeln!(out, "{line}")?,
    }
    Ok(())
}

/// What a close or reopen did.
#[derive(Debug, Clone, PartialEq, Eq)]
enum StateChange {
    /// The issue's id and new status.
    Done(String, crate::issues::Status),
    /// Nothing to do (closing a closed issue, reopening an open one): why,
    /// in a line; nothing was logged.
    Already(String),
}

/// Closes or reopens an issue locally, with its event, and regroups; the
/// caller holds the writer lock. Closing a closed issue or reopening an
/// open one changes and logs nothing, and says so.
fn change_state(
    store: &mut Store,
    cfg: &Config,
    key: &str,
    close: bool,
) -> anyhow::Result<StateChange> {
    use crate::issues::Status;
    let id = store.resolve_id(key).map_err(no_issue(key))?;
    let now_status = store.detail(&id)?.status;
    if close && now_status == Status::Closed {
        return Ok(StateChange::Already(format!(
            "{id} is closed already; nothing changed (vsd reopen {id} reopens it)"
        )));
    }
    if !close && now_status.is_open() {
        return Ok(StateChange::Already(format!(
            "{id} is open ({}); nothing to reopen",
            now_status.as_str()
        )));
    }
    let kind = if close { OpKind::Close } else { OpKind::Reopen };
    let op = team::act(store, cfg, &id, kind)?;
    let status = store.detail(&op.key)?.status;
    Ok(StateChange::Done(op.key, status))
}

/// What `vsd check` prints as JSON.
#[derive(Debug, serde::Serialize)]
struct CheckReport {
    flags: Vec<CheckFlag>,
    /// What the desk asks for "if possible" and the message leaves out.
    suggested: Vec<CheckSuggestion>,
    new_text: String,
}

#[derive(Debug, serde::Serialize)]
struct CheckSuggestion {
    item: &'static str,
    label: &'static str,
    advice: &'static str,
}

#[derive(Debug, serde::Serialize)]
struct CheckFlag {
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
        let mut store = open_existing(paths)?;
        maintain(&mut store, &paths.db, cfg)?;
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

/// `vsd status KEY`
pub fn status(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
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
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
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

/// `vsd sync [--watch]`
pub fn sync(paths: &Paths, cfg: &Config, watch: bool) -> anyhow::Result<()> {
    if cfg.imap.is_none() {
        return Err(Failure::Usage(no_account(paths, "sync")).into());
    }
    match crate::sync::run(cfg, &paths.db, watch) {
        Ok(_) => {
            // Who the new mail showed to be on neither side, with the hint.
            if let Ok(store) = Store::open(&paths.db) {
                warn_other_senders(&store, cfg)?;
            }
            Ok(())
        }
        // Typed to the edge: `main` reads its kind.
        Err(e) => Err(e.into()),
    }
}

/// `vsd fetch MESSAGE-ID`: a message stored as its header (above
/// `max_message_size`) downloaded whole.
pub fn fetch(
    paths: &Paths,
    cfg: &Config,
    message_id: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::sync::WholeFetch;
    match crate::sync::fetch_whole(cfg, &paths.db, message_id) {
        Ok(WholeFetch::Replaced { bytes, folder }) => {
            writeln!(
                out,
                "fetched {} whole ({}, from {})",
                crate::text::sanitize::sanitize(message_id),
                crate::mail::partial::human_size(bytes),
                crate::text::sanitize::sanitize(&folder)
            )?;
            Ok(())
        }
        Ok(WholeFetch::AlreadyWhole) => {
            writeln!(
                out,
                "{} is stored whole already",
                crate::text::sanitize::sanitize(message_id)
            )?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_tells_a_store_error_and_its_cause_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A directory is no database: SQLite refuses to open it.
        let e = match Store::open(dir.path()) {
            Err(e) => anyhow::Error::from(e),
            Ok(_) => panic!("a directory opened as a store"),
        };
        let text = describe(&e);
        assert!(text.starts_with("cannot "), "{text}");
        assert!(!text.contains("caused by"), "{text}");
        let e = e.context("cannot list issues");
        let text = describe(&e);
        assert_eq!(text.matches("caused by").count(), 1, "{text}");
    }

    #[test]
    fn describe_makes_every_cause_safe_for_the_terminal() {
        let e = anyhow!("cannot connect: \x1b]0;owned\x07 full\nsecond line \x1b[2J")
            .context("cannot sync");
        let text = describe(&e);
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
        assert_eq!(
            text,
            "cannot sync\n  caused by: cannot connect: ␛]0;owned␇ full\nsecond line ␛[2J"
        );
    }
}
