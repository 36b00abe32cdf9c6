//! Reading mail from local files: Maildir folders, mbox files and `.eml` files.
//!
//! This is how offline mirrors and test mailboxes reach the store. Each
//! message is handed to a sink as soon as it has been read, so a mailbox of
//! any size is read in constant memory: an mbox file is streamed line by line
//! and only the message being read is held. Every message carries its origin
//! (a path, or `path:N` inside an mbox) for reports, and a fallback date (the
//! file's modification time, or the mbox From line's date) for mail whose Date
//! header is missing or unreadable.

mod mbox;

use chrono::{DateTime, Utc};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

pub use mbox::read_mbox;

/// One message as read from disk, not yet parsed.
#[derive(Debug, Clone)]
pub struct RawMail {
    pub bytes: Vec<u8>,
    /// Where it came from, for reports: a path, or `path:N` for the Nth message of an mbox.
    pub origin: String,
    /// The date to use when the message has no readable Date header
    /// (the file's modification time, or the mbox From line's date).
    pub fallback_date: Option<DateTime<Utc>>,
}

/// Why a path could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("cannot import {path}: not a Maildir folder, an mbox file or an .eml file")]
    Unrecognised { path: String },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |source| ImportError::Io {
        path: path.display().to_string(),
        cause: source,
    }
}

/// Reads every message under `path` (a Maildir with cur/ and new/, an mbox
/// file, an `.eml` file, or a directory of `.eml` files), calling `sink` for
/// each one as it is read so that a large mailbox is never held in memory.
/// Returns how many messages were read.
///
/// A directory that is neither a Maildir nor holds any `.eml` file is
/// [`ImportError::Unrecognised`]; an empty file holds no message.
pub fn read_path(path: &Path, sink: &mut dyn FnMut(RawMail)) -> Result<usize, ImportError> {
    let meta = std::fs::metadata(path).map_err(io_error(path))?;
    if meta.is_dir() {
        if path.join("cur").is_dir() || path.join("new").is_dir() {
            return read_maildir(path, sink);
        }
        let mut files = Vec::new();
        collect_eml(path, &mut files)?;
        if files.is_empty() {
            return Err(ImportError::Unrecognised {
                path: path.display().to_string(),
            });
        }
        files.sort();
        for file in &files {
            read_one(file, sink)?;
        }
        return Ok(files.len());
    }
    if !meta.is_file() {
        return Err(ImportError::Unrecognised {
            path: path.display().to_string(),
        });
    }
    let mut file = File::open(path).map_err(io_error(path))?;
    let mut head = [0u8; 5];
    let got = read_up_to(&mut file, &mut head).map_err(io_error(path))?;
    if got == 0 {
        return Ok(0);
    }
    if &head[..got] == b"From " {
        // Reopened rather than seeked so that a pipe-like file also works.
        let file = File::open(path).map_err(io_error(path))?;
        let reader = BufReader::with_capacity(256 * 1024, file);
        return read_mbox(reader, &path.display().to_string(), sink).map_err(io_error(path));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    bytes.extend_from_slice(&head[..got]);
    file.read_to_end(&mut bytes).map_err(io_error(path))?;
    sink(RawMail {
        bytes,
        origin: path.display().to_string(),
        fallback_date: mtime(&meta),
    });
    Ok(1)
}

/// Fills `buf` as far as the file allows.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn mtime(meta: &std::fs::Metadata) -> Option<DateTime<Utc>> {
    meta.modified().ok().map(DateTime::<Utc>::from)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Reads one whole file as one message.
fn read_one(path: &Path, sink: &mut dyn FnMut(RawMail)) -> Result<(), ImportError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    let meta = std::fs::metadata(path).map_err(io_error(path))?;
    sink(RawMail {
        bytes,
        origin: path.display().to_string(),
        fallback_date: mtime(&meta),
    });
    Ok(())
}

/// Every `*.eml` file under `dir`, recursively, skipping dot-files.
fn collect_eml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        if is_hidden(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(io_error(&path))?;
        let kind = if kind.is_symlink() {
            std::fs::metadata(&path)
                .map_err(io_error(&path))?
                .file_type()
        } else {
            kind
        };
        if kind.is_dir() {
            collect_eml(&path, out)?;
        } else if kind.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("eml"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a Maildir's `cur/` then `new/`, each in file-name order; `tmp/`
/// (mail still being delivered) and dot-files are skipped. A file that
/// vanishes between listing and reading (another client moved it) is skipped.
fn read_maildir(path: &Path, sink: &mut dyn FnMut(RawMail)) -> Result<usize, ImportError> {
    let mut count = 0;
    for sub in ["cur", "new"] {
        let dir = path.join(sub);
        if !dir.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(io_error(&dir))? {
            let entry = entry.map_err(io_error(&dir))?;
            if !is_hidden(&entry.file_name()) {
                files.push(entry.path());
            }
        }
        files.sort();
        for file in files {
            let meta = match std::fs::metadata(&file) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io_error(&file)(e)),
            };
            if !meta.is_file() {
                continue;
            }
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io_error(&file)(e)),
            };
            sink(RawMail {
                bytes,
                origin: file.display().to_string(),
                fallback_date: mtime(&meta),
            });
            count += 1;
        }
    }
    Ok(count)
}
