//! `vsd attachment list|save|open KEY [N]`, and the saving and opening that
//! the TUI's attachments pane asks its worker for.
//!
//! An issue's attachments are numbered as `list` prints them: the issue's
//! messages in `show`'s order, each message's parts in MIME order. The bytes
//! come from the stored raw mail, never from the server again.
//!
//! Writing follows the file-name rules of [`crate::mail::filename`]: the name
//! is made safe first, the file is created new with mode 0600, and a name
//! already taken becomes `name (1).ext`, never an overwrite. Opening writes a
//! private copy (a fresh 0700 directory under `$XDG_RUNTIME_DIR`, else the
//! temporary directory) and runs the opener with the copy's path as one
//! argument, without a shell. A `.desktop` file or an executable (by its
//! name, its declared type, or its first bytes: `#!`, ELF, a Windows
//! program) is refused unless forced: an opener such as xdg-open would run it.

use super::{Paths, no_issue, open_existing};
use crate::config::Config;
use crate::mail::filename::numbered;
use crate::store::{IssueAttachment, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `vsd attachment` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum AttachmentCommand {
    /// An issue's attachments, numbered.
    List {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Save one attachment (N), or all of them, to --dir, else [ui] download_dir, else the XDG download folder.
    Save {
        key: String,
        #[arg(value_name = "N")]
        number: Option<usize>,
        #[arg(long, value_name = "D")]
        dir: Option<PathBuf>,
    },
    /// Open one attachment with [ui] opener (default xdg-open), from a private temporary copy.
    Open {
        key: String,
        #[arg(value_name = "N")]
        number: Option<usize>,
        /// Open it even when it is a .desktop file or an executable.
        #[arg(long)]
        force: bool,
    },
}

/// Why an attachment could not be saved or opened.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error(
        "{key} has no attachment {number}: it has {count} (vsd attachment list {key} numbers them)"
    )]
    NoNumber {
        key: String,
        number: usize,
        count: usize,
    },
    #[error(
        "{key} has {count} attachments: say which to open (vsd attachment list {key} numbers them)"
    )]
    Which { key: String, count: usize },
    #[error("{key} has no attachments")]
    None { key: String },
    #[error(
        "cannot read attachment {name}: the stored mail of {message_id} no longer holds part {part}"
    )]
    Missing {
        name: String,
        message_id: String,
        part: String,
    },
    #[error(
        "refusing to open {name}: it is {why}; opening it could run it. Save it with `vsd attachment save` and look at it first, or give --force"
    )]
    Refused { name: String, why: String },
    #[error(
        "cannot save attachments: no download folder is known (neither [ui] download_dir nor an XDG download folder): give --dir D"
    )]
    NoDownloadDir,
    #[error("cannot {what} {path}: {cause}")]
    Io {
        what: &'static str,
        path: String,
        cause: std::io::Error,
    },
    #[error(
        "cannot run the opener {program}: {cause} (set [ui] opener to a program that opens files)"
    )]
    Opener {
        program: String,
        cause: std::io::Error,
    },
    #[error("the opener {program} failed on {path} ({status})")]
    OpenerFailed {
        program: String,
        path: String,
        status: std::process::ExitStatus,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// `vsd attachment …`
pub fn attachment(
    paths: &Paths,
    cfg: &Config,
    command: AttachmentCommand,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut store = open_existing(paths)?;
    super::maintain(&mut store, &paths.db, cfg)?;
    let usage = |e: AttachError| -> anyhow::Error {
        match e {
            AttachError::Store(s) => s.into(),
            // Typed to the edge: the user's to fix (exit 2).
            e => e.into(),
        }
    };
    match command {
        AttachmentCommand::List { key, json } => {
            let list = store.issue_attachments(&key).map_err(no_issue(&key))?;
            if json {
                let rows: Vec<ListRow> = list.iter().map(ListRow::of).collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)?;
            } else {
                write_list(&key, &list, out)?;
            }
        }
        AttachmentCommand::Save { key, number, dir } => {
            let list = store.issue_attachments(&key).map_err(no_issue(&key))?;
            let chosen = choose(&key, &list, number, true).map_err(usage)?;
            let dir = match dir {
                Some(d) => d,
                None => cfg
                    .ui
                    .download_dir()
                    .ok_or_else(|| usage(AttachError::NoDownloadDir))?,
            };
            for a in chosen {
                let bytes = bytes_of(&store, a).map_err(usage)?;
                let path = save_into(&dir, &a.attachment.name, &bytes).map_err(usage)?;
                writeln!(
                    out,
                    "{}: saved {} ({})",
                    a.number,
                    crate::text::sanitize::sanitize(&path.display().to_string()),
                    crate::mail::partial::human_size(bytes.len() as u64)
                )?;
            }
        }
        AttachmentCommand::Open { key, number, force } => {
            let list = store.issue_attachments(&key).map_err(no_issue(&key))?;
            let chosen = choose(&key, &list, number, false).map_err(usage)?;
            for a in chosen {
                let bytes = bytes_of(&store, a).map_err(usage)?;
                let path = open_copy(&cfg.ui.opener(), a, &bytes, force, false).map_err(usage)?;
                writeln!(
                    out,
                    "{}: opened {}",
                    a.number,
                    crate::text::sanitize::sanitize(&path.display().to_string())
                )?;
            }
        }
    }
    Ok(0)
}

/// One row of `vsd attachment list --json`.
#[derive(serde::Serialize)]
struct ListRow<'a> {
    number: usize,
    message_id: &'a str,
    from: &'a str,
    #[serde(flatten)]
    attachment: &'a crate::issues::model::AttachmentView,
}

impl<'a> ListRow<'a> {
    fn of(a: &'a IssueAttachment) -> ListRow<'a> {
        ListRow {
            number: a.number,
            message_id: &a.message_id,
            from: &a.from,
            attachment: &a.attachment,
        }
    }
}

fn write_list(key: &str, list: &[IssueAttachment], out: &mut dyn Write) -> std::io::Result<()> {
    use crate::text::sanitize::sanitize;
    if list.is_empty() {
        return writeln!(out, "{} has no attachments", sanitize(key));
    }
    for a in list {
        writeln!(
            out,
            "{:>3}  {:<40}  {:>9}  {:<24}  {}",
            a.number,
            a.attachment.shown_name(),
            crate::mail::partial::human_size(a.attachment.size),
            a.attachment.content_type,
            sanitize(&a.from)
        )?;
    }
    if list.iter().any(|a| a.attachment.hidden_characters) {
        writeln!(
            out,
            "{} the name held hidden characters (a right-to-left override or a control character), removed here: it may not be what the sender's mail showed",
            crate::mail::filename::HIDDEN_MARK
        )?;
    }
    Ok(())
}

/// The attachments a command is about: number `n`, or all (`all_ok`) or the
/// only one when no number is given.
fn choose<'a>(
    key: &str,
    list: &'a [IssueAttachment],
    n: Option<usize>,
    all_ok: bool,
) -> Result<Vec<&'a IssueAttachment>, AttachError> {
    if list.is_empty() {
        return Err(AttachError::None {
            key: key.to_string(),
        });
    }
    match n {
        Some(n) => {
            list.iter()
                .find(|a| a.number == n)
                .map(|a| vec![a])
                .ok_or(AttachError::NoNumber {
                    key: key.to_string(),
                    number: n,
                    count: list.len(),
                })
        }
        None if all_ok || list.len() == 1 => Ok(list.iter().collect()),
        None => Err(AttachError::Which {
            key: key.to_string(),
            count: list.len(),
        }),
    }
}

/// The attachment's decoded bytes, from the stored raw mail.
pub fn bytes_of(store: &Store, a: &IssueAttachment) -> Result<Vec<u8>, AttachError> {
    let missing = || AttachError::Missing {
        name: a.attachment.name.clone(),
        message_id: a.message_id.clone(),
        part: a.attachment.part.clone(),
    };
    let raw = store.raw_message(&a.message_id)?.ok_or_else(missing)?;
    crate::mail::attachments::content(&raw, &a.attachment.part).ok_or_else(missing)
}

/// Writes `bytes` into `dir` under `name` (already safe), created new with
/// mode 0600; a name that is taken gets ` (1)`, ` (2)`, … before its
/// extension. Returns the path written.
pub fn save_into(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, AttachError> {
    let io = |what, path: &Path| {
        let path = path.display().to_string();
        move |source| AttachError::Io {
            what,
            path,
            cause: source,
        }
    };
    crate::files::create_dir_all(dir).map_err(io("create the folder", dir))?;
    let mut n = 0;
    loop {
        let path = dir.join(numbered(name, n));
        match crate::files::create_new(&path) {
            Ok(mut f) => {
                let written = f.write_all(bytes).and_then(|()| f.sync_all());
                if let Err(e) = written {
                    // A half-written file is worse than none.
                    let _ = std::fs::remove_file(&path);
                    return Err(io("write", &path)(e));
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => n += 1,
            Err(e) => return Err(io("create", &path)(e)),
        }
    }
}

/// Saves or opens one attachment for the TUI, on its worker thread, from a
/// store connection of its own. Returns the line the footer shows.
pub fn run_job(
    db: &Path,
    ui: &crate::config::UiConfig,
    job: &crate::ui::AttachmentJob,
) -> Result<String, AttachError> {
    use crate::ui::AttachmentJobKind;
    let store = Store::open(db)?;
    let list = store.issue_attachments(&job.id)?;
    let a = list
        .iter()
        .find(|a| a.message_id == job.message_id && a.attachment.part == job.part)
        .ok_or_else(|| AttachError::Missing {
            name: job.name.clone(),
            message_id: job.message_id.clone(),
            part: job.part.clone(),
        })?;
    let bytes = bytes_of(&store, a)?;
    let shown = |p: &Path| crate::text::sanitize::sanitize(&p.display().to_string()).into_owned();
    match job.kind {
        AttachmentJobKind::Save => {
            let dir = ui.download_dir().ok_or(AttachError::NoDownloadDir)?;
            let path = save_into(&dir, &a.attachment.name, &bytes)?;
            Ok(format!("saved {}", shown(&path)))
        }
        AttachmentJobKind::Open => {
            // The pane has no --force: a refused file is saved and looked at first.
            let path = open_copy(&ui.opener(), a, &bytes, false, true)?;
            Ok(format!("opened {}", shown(&path)))
        }
    }
}

/// Why opening these bytes could run them, or `None`.
pub fn refusal(name: &str, content_type: &str, bytes: &[u8]) -> Option<String> {
    const EXTENSIONS: &[&str] = &[
        "desktop", "exe", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "ps1", "psm1",
        "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "lnk", "reg", "jar", "sh", "bash", "zsh",
        "csh", "ksh", "fish", "py", "pl", "rb", "php", "appimage", "run", "bin", "elf", "out",
        "apk", "app", "command", "deb", "rpm", "dll", "so", "action", "workflow", "kdesktop",
    ];
    const TYPES: &[&str] = &[
        "application/x-desktop",
        "application/x-executable",
        "application/x-elf",
        "application/x-sharedlib",
        "application/x-msdownload",
        "application/x-msdos-program",
        "application/x-ms-installer",
        "application/x-msi",
        "application/vnd.microsoft.portable-executable",
        "application/x-dosexec",
        "application/x-sh",
        "application/x-shellscript",
        "text/x-shellscript",
        "application/x-python",
        "text/x-python",
        "application/x-perl",
        "application/java-archive",
        "application/x-java-archive",
        "application/x-appimage",
        "application/hta",
        "application/x-bat",
        "application/vnd.android.package-archive",
        "application/javascript",
        "text/javascript",
    ];
    let lower = name.to_lowercase();
    if let Some(ext) = lower.rsplit_once('.').map(|(_, e)| e)
        && EXTENSIONS.contains(&ext)
    {
        return Some(if ext == "desktop" {
            "a .desktop file (a launcher)".to_string()
        } else {
            format!("an executable (by its name, .{ext})")
        });
    }
    if TYPES.contains(&content_type) {
        return Some(format!("an executable (by its type, {content_type})"));
    }
    let head = &bytes[..bytes.len().min(64)];
    if head.starts_with(b"#!") {
        return Some("a script (it starts with #!)".into());
    }
    if head.starts_with(b"\x7fELF") {
        return Some("an executable (an ELF program)".into());
    }
    if head.starts_with(b"MZ") {
        return Some("an executable (a Windows program)".into());
    }
    let text = String::from_utf8_lossy(head);
    if text.trim_start().starts_with("[Desktop Entry]") {
        return Some("a .desktop file (a launcher)".into());
    }
    // A file the opener would run as a program once it is marked executable.
    None
}

/// The name of the private folders that opened copies live in.
const OPEN_PREFIX: &str = "vsd-open-";

/// How long an opened copy is kept: the program showing it may read it
/// late, so copies go only at a later open.
const KEEP_COPIES: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Removes the folders of copies opened more than [`KEEP_COPIES`] ago.
/// Best effort: a folder that cannot be read or removed is left.
fn forget_old_copies(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .ok()
            .filter(|m| m.is_dir())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > KEEP_COPIES);
        if old && e.file_name().to_string_lossy().starts_with(OPEN_PREFIX) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Writes a private copy of the attachment and runs `opener` with its path
/// as one argument, no shell; waits for the opener (xdg-open hands the file
/// on and returns). The copy stays behind for the program that shows it,
/// for a day (see [`forget_old_copies`]).
/// `quiet`: the opener's output goes nowhere (the TUI owns the terminal).
pub fn open_copy(
    opener: &[String],
    a: &IssueAttachment,
    bytes: &[u8],
    force: bool,
    quiet: bool,
) -> Result<PathBuf, AttachError> {
    let name = &a.attachment.name;
    if !force && let Some(why) = refusal(name, &a.attachment.content_type, bytes) {
        return Err(AttachError::Refused {
            name: a.attachment.shown_name(),
            why,
        });
    }
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    forget_old_copies(&base);
    let dir = tempfile::Builder::new()
        .prefix(OPEN_PREFIX)
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(
            crate::files::DIR_MODE,
        ))
        .tempdir_in(&base)
        .map_err(|source| AttachError::Io {
            what: "make a private folder in",
            path: base.display().to_string(),
            cause: source,
        })?
        .keep();
    let path = save_into(&dir, name, bytes)?;
    let Some((program, args)) = opener.split_first() else {
        return Err(AttachError::Opener {
            program: String::new(),
            cause: std::io::Error::other("no opener configured"),
        });
    };
    let mut cmd = std::process::Command::new(program);
    cmd.args(args).arg(&path).stdin(std::process::Stdio::null());
    if quiet {
        cmd.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
    }
    let status = cmd.status().map_err(|source| AttachError::Opener {
        program: program.clone(),
        cause: source,
    })?;
    if !status.success() {
        return Err(AttachError::OpenerFailed {
            program: program.clone(),
            path: path.display().to_string(),
            status,
        });
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executables_are_refused_by_name_type_and_content() {
        assert!(refusal("x.desktop", "application/octet-stream", b"").is_some());
        assert!(refusal("INVOICE.EXE", "application/pdf", b"%PDF").is_some());
        assert!(refusal("a.pdf", "application/x-msdownload", b"").is_some());
        assert!(refusal("a.pdf", "application/pdf", b"#!/bin/sh\nrm -rf ~\n").is_some());
        assert!(refusal("a.bin2", "application/octet-stream", b"\x7fELF\x02").is_some());
        assert!(refusal("a.txt", "text/plain", b"[Desktop Entry]\nExec=x").is_some());
        assert!(refusal("a.pdf", "application/pdf", b"%PDF-1.7").is_none());
        assert!(refusal("shot.png", "image/png", b"\x89PNG").is_none());
    }

    #[test]
    fn copies_opened_a_day_ago_are_removed_and_newer_ones_kept() {
        let base = tempfile::tempdir().expect("tempdir");
        let old = base.path().join("vsd-open-old");
        let new = base.path().join("vsd-open-new");
        let other = base.path().join("someone-elses");
        for d in [&old, &new, &other] {
            std::fs::create_dir(d).expect("dir");
        }
        let two_days = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
        for d in [&old, &other] {
            std::fs::File::open(d)
                .and_then(|f| f.set_modified(two_days))
                .expect("age the folder");
        }
        forget_old_copies(base.path());
        assert!(!old.exists());
        assert!(new.exists());
        assert!(other.exists(), "only vsd's own folders go");
    }

    #[test]
    fn saving_twice_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = save_into(dir.path(), "a.pdf", b"one").expect("save");
        let b = save_into(dir.path(), "a.pdf", b"two").expect("save");
        assert_eq!(a, dir.path().join("a.pdf"));
        assert_eq!(b, dir.path().join("a (1).pdf"));
        assert_eq!(std::fs::read(&a).expect("read"), b"one");
        assert_eq!(std::fs::read(&b).expect("read"), b"two");
    }
}
