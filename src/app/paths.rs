//! Where vsd's files are: the config and the store ([`Paths`], from the
//! flags, the environment or the XDG dirs), the log beside the store, and
//! the store opened for a command that needs one to exist.

use super::{Failure, keymap};
use crate::config::Config;
use crate::store::Store;
use std::path::{Path, PathBuf};

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

/// Opens the store for reading, refusing a path that holds none yet.
pub(super) fn open_existing(paths: &Paths) -> anyhow::Result<Store> {
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
pub(super) fn read_only_note(db: &Path) -> String {
    format!(
        "the store {} is read-only: shown as it is, and changes are refused (chmod u+w makes it writable)",
        db.display()
    )
}
