//! Files and directories that vsd creates, made private to the user.
//!
//! The store holds the team's mail, the log names who wrote about what, and
//! drafts may hold a customer's data: none of it is for the other users of a
//! machine. Every file vsd creates (the store with its WAL and shared-memory
//! files, the writer lock, `vsd.log`, drafts, files written with `--out`) goes
//! through this module, which creates files with mode 0600 and directories
//! with mode 0700 whatever the umask, and tightens a file of vsd's own that
//! an older vsd left readable. SQLite creates the WAL and shared-memory files
//! with the mode of the database file, so creating the database here is
//! enough for all three.
//!
//! It also resolves the path that names a file, symbolic links included, so
//! that two names of one store share one writer lock.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The mode of every file vsd creates.
pub const FILE_MODE: u32 = 0o600;
/// The mode of every directory vsd creates.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents with mode 0700. Directories that
/// already exist are left as they are: they may be the user's own (the
/// working directory, a home directory).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
}

/// Creates the parent directory of `path` (see [`create_dir_all`]).
pub fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) => create_dir_all(dir),
        None => Ok(()),
    }
}

/// Options that create a file with mode 0600; the caller adds the access
/// (`write`, `append`, `create_new`, …).
pub fn options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.mode(FILE_MODE);
    o
}

/// A new file, never one that exists.
pub fn create_new(path: &Path) -> io::Result<File> {
    options().write(true).create_new(true).open(path)
}

/// Writes `bytes` to `path`, creating it with mode 0600 or replacing the
/// contents of a file that exists (whose mode the user chose, and is kept).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Makes a file of vsd's own private when another user could read or write
/// it (one written by an older vsd). A missing file is no error.
pub fn tighten(path: &Path) -> io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.permissions().mode() & 0o077 != 0 => {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `path` with mode 0600 when it is missing, or tightens it (see
/// [`tighten`]) when it exists; for a file that another program (SQLite)
/// then opens.
pub fn ensure_private(path: &Path) -> io::Result<()> {
    match options().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => tighten(path),
        Err(e) => Err(e),
    }
}

/// True when users other than the owner may read the file.
pub fn readable_by_others(meta: &std::fs::Metadata) -> bool {
    meta.permissions().mode() & 0o044 != 0
}

/// The path without symbolic links, `.` or `..`, for a file that may not
/// exist yet: the longest existing ancestor is resolved by the system and
/// the rest appended; a dangling link is followed to the file it names.
pub fn canonical(path: &Path) -> io::Result<PathBuf> {
    let mut path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // A chain of links to a missing file: follow it by hand, as the
    // system would on creating the file, with the system's limit.
    for _ in 0..40 {
        match std::fs::canonicalize(&path) {
            Ok(p) => return Ok(p),
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            Err(_) => {}
        }
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => {
                let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
                    return Ok(path);
                };
                return Ok(canonical(dir)?.join(name));
            }
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn created_files_and_dirs_are_private_whatever_exists() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("a/b");
        create_dir_all(&dir).expect("dirs");
        assert_eq!(mode(&tmp.path().join("a")), DIR_MODE);
        assert_eq!(mode(&dir), DIR_MODE);
        let f = dir.join("f");
        write(&f, b"x").expect("write");
        assert_eq!(mode(&f), FILE_MODE);
        create_new(&dir.join("g")).expect("new");
        assert_eq!(mode(&dir.join("g")), FILE_MODE);
        assert!(create_new(&f).is_err(), "never overwrites");
    }

    #[test]
    fn tighten_fixes_an_older_readable_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let f = tmp.path().join("vsd.db");
        std::fs::write(&f, b"x").expect("write");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        ensure_private(&f).expect("tighten");
        assert_eq!(mode(&f), FILE_MODE);
        assert_eq!(std::fs::read(&f).expect("read"), b"x", "contents kept");
        tighten(&tmp.path().join("missing")).expect("missing is fine");
    }

    #[test]
    fn canonical_follows_links_to_files_not_yet_made() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).expect("dir");
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("dir link");
        let want = std::fs::canonicalize(&real).expect("real").join("x.db");
        assert_eq!(canonical(&link.join("x.db")).expect("via dir"), want);
        let file_link = tmp.path().join("alias.db");
        std::os::unix::fs::symlink("real/x.db", &file_link).expect("file link");
        assert_eq!(canonical(&file_link).expect("dangling"), want);
        std::fs::write(real.join("x.db"), b"").expect("make it");
        assert_eq!(canonical(&file_link).expect("existing"), want);
    }
}
