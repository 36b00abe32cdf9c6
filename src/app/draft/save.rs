//! Where a finished draft goes: a file in the drafts directory (with its
//! attachments read from disk) or the IMAP drafts folder.

use super::{Finish, Prepared};
use crate::app::{Failure, Paths};
use crate::config::Config;
use crate::draft::{self, Draft};
use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The directory drafts are written to by default: `drafts/` beside the store.
pub(in crate::app) fn drafts_dir(paths: &Paths) -> PathBuf {
    paths
        .db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("drafts")
}

/// A new file in the drafts directory, never overwriting one.
pub(in crate::app) fn new_file(
    dir: &Path,
    name: &str,
    now: DateTime<Utc>,
    ext: &str,
    bytes: &[u8],
) -> anyhow::Result<PathBuf> {
    crate::files::create_dir_all(dir)
        .with_context(|| format!("cannot create the drafts directory {}", dir.display()))?;
    let slug = slug(name);
    let stamp = now.format("%Y%m%d-%H%M%S");
    for n in 1..1000 {
        let file = if n == 1 {
            dir.join(format!("{slug}-{stamp}.{ext}"))
        } else {
            dir.join(format!("{slug}-{stamp}-{n}.{ext}"))
        };
        match crate::files::create_new(&file) {
            Ok(mut f) => {
                f.write_all(bytes)
                    .with_context(|| format!("cannot write {}", file.display()))?;
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(anyhow!("cannot write {}: {e}", file.display())),
        }
    }
    Err(anyhow!("cannot find a free file name in {}", dir.display()))
}

/// `~/x` as the home directory's `x`; other paths as they are.
pub(super) fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), directories::UserDirs::new()) {
        (Some(rest), Some(d)) => d.home_dir().join(rest),
        _ => PathBuf::from(p),
    }
}

/// Reads the files to attach, refusing what cannot be read and a total
/// above `limit` bytes before anything is composed.
pub(super) fn read_attachments(
    files: &[PathBuf],
    limit: Option<u64>,
) -> anyhow::Result<Vec<draft::DraftAttachment>> {
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for f in files {
        let meta = std::fs::metadata(f)
            .map_err(|e| Failure::Usage(format!("cannot attach {}: {e}", f.display())))?;
        if !meta.is_file() {
            return Err(
                Failure::Usage(format!("cannot attach {}: it is not a file", f.display())).into(),
            );
        }
        total += meta.len();
        if let Some(limit) = limit.filter(|l| total > *l) {
            return Err(Failure::Usage(format!(
                "cannot attach {}: the attachments come to {} in all, above the limit of {} ([ui] attach_limit); leave some out, or send a link to them",
                f.display(),
                crate::mail::partial::human_size(total),
                crate::mail::partial::human_size(limit)
            ))
            .into());
        }
        let bytes = std::fs::read(f)
            .map_err(|e| Failure::Usage(format!("cannot attach {}: {e}", f.display())))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(draft::DraftAttachment::new(&name, bytes));
    }
    Ok(out)
}

/// A path as the send record keeps it: absolute, so that `vsd send --saved`
/// finds it from any directory.
pub(super) fn absolute(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

/// `--save`: appends the draft to the drafts folder with `\Draft` (and
/// `\Seen`: the user wrote it), returning the folder and the new UID.
pub(super) fn save_to_imap(
    paths: &Paths,
    cfg: &Config,
    d: &Draft,
) -> anyhow::Result<(String, Option<u32>, Option<u32>)> {
    let Some(imap_cfg) = &cfg.imap else {
        return Err(Failure::Usage(format!(
            "{}; or use --out FILE.eml instead of --save",
            crate::app::no_account(paths, "save the draft to the IMAP drafts folder")
        ))
        .into());
    };
    let folder = imap_cfg.drafts_folder.clone();
    let failure = |e: crate::imap::ImapError| -> anyhow::Error {
        Failure::because(e.kind(), format!("cannot save the draft to {folder:?}"), e).into()
    };
    let credential = crate::imap::credential(imap_cfg).map_err(failure)?;
    let mut session = crate::imap::connect(imap_cfg, &credential).map_err(failure)?;
    // The drafts folder is created when the account has none yet.
    let uidvalidity = match session.select(&folder) {
        Err(crate::imap::ImapError::NoFolder { .. }) => {
            session.create(&folder).map_err(failure)?;
            session.select(&folder).ok().map(|st| st.uidvalidity)
        }
        r => r.ok().map(|st| st.uidvalidity),
    };
    let uid = session
        .append(&folder, &d.raw, &["\\Draft", "\\Seen"])
        .map_err(failure)?;
    session.logout();
    Ok((folder, uidvalidity, uid))
}

/// Puts the finished draft where `finish` says: the IMAP drafts folder, the
/// file given, or a new file in the drafts directory, noting the place in
/// `record`. Returns the place as shown, and for IMAP the saved event's
/// detail.
pub(super) fn place_draft(
    paths: &Paths,
    cfg: &Config,
    prepared: &Prepared,
    d: &Draft,
    finish: &Finish,
    record: &mut crate::store::SavedDraft,
) -> anyhow::Result<(String, Option<String>)> {
    let now = record.saved_at;
    if finish.save {
        let (folder, uidvalidity, uid) = match save_to_imap(paths, cfg, d) {
            Ok(saved) => saved,
            Err(e) => {
                // Nothing is lost when the server fails: the draft stays on disk.
                let kept = new_file(&drafts_dir(paths), &prepared.name, now, "eml", &d.raw)?;
                let note = format!("; the draft is kept in {}", kept.display());
                return Err(match e.downcast::<Failure>() {
                    Ok(Failure::Usage(m)) => Failure::Usage(m + &note).into(),
                    Ok(Failure::Server(m)) => Failure::Server(m + &note).into(),
                    Ok(Failure::Because { kind, doing, cause }) => Failure::Because {
                        kind,
                        doing: doing + &note,
                        cause,
                    }
                    .into(),
                    Err(e) => e.context(format!("the draft is kept in {}", kept.display())),
                });
            }
        };
        record.folder = Some(folder.clone());
        record.uidvalidity = uidvalidity;
        record.uid = uid;
        let uid = uid.map(|u| format!(" (UID {u})")).unwrap_or_default();
        return Ok((
            format!("{folder}{uid}"),
            Some(format!(
                "{} draft {} saved to IMAP folder {folder}{uid}",
                prepared.what, d.message_id
            )),
        ));
    }
    let p = match &finish.out {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::files::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            crate::files::write(p, &d.raw)
                .with_context(|| format!("cannot write {}", p.display()))?;
            p.clone()
        }
        None => new_file(&drafts_dir(paths), &prepared.name, now, "eml", &d.raw)?,
    };
    record.path = Some(absolute(&p));
    Ok((p.display().to_string(), None))
}

/// `name` as a file name's part: letters, digits and dashes kept, the rest
/// `_`.
pub(super) fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
