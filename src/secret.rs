//! Secrets that the user's own helpers print: `password_command` and
//! `token_command` under `[imap]` (and `[smtp]`).
//!
//! vsd keeps no password or token of its own and runs no OAuth2 browser flow:
//! a helper (`pass`, `oama`, `pizauth`, a provider's CLI) does that, and vsd
//! runs it through `sh -c` and takes the first line it prints, as neomutt,
//! mbsync and himalaya do. [`Secret`] holds the result; its `Debug` and
//! `Display` never show it, so it cannot reach a log or an error by accident.
//! Errors name the config key, never the command line, which may itself
//! hold a secret (`echo hunter2`).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A password or an access token. Read it with [`Secret::expose`] at the
/// one place it is sent.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Self {
        Secret(s)
    }

    /// The secret itself, for the one place it is sent to a server.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Why a `*_command` gave no secret. The message names the key (such as
/// `token_command`) and what went wrong, never the command or its output.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot run {key}: {cause}")]
    Spawn { key: String, cause: std::io::Error },
    #[error("{key} failed ({status}){detail}")]
    Failed {
        key: String,
        status: String,
        /// ": " and the first line of its standard error, or empty.
        detail: String,
    },
    #[error("{key} printed nothing on its first line")]
    Empty { key: String },
    #[error("{key} did not finish within {} s and was stopped", .limit.as_secs_f64())]
    TooSlow { key: String, limit: Duration },
}

/// How long a helper may take. Long enough for a helper that refreshes a
/// token over a slow network or asks for a passphrase in a window of its own;
/// a helper stuck beyond it would otherwise hang the sync for good.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(120);

/// Runs `command` with `sh -c` (no standard input: a helper that would ask
/// on the terminal fails instead of hanging a background sync) and returns
/// the first line of its standard output, without the line ending. `key`
/// names the config key in errors, such as `"token_command"`. A helper that
/// has not finished after [`COMMAND_LIMIT`] is killed and reported.
pub fn from_command(key: &str, command: &str) -> Result<Secret, SecretError> {
    from_command_within(key, command, COMMAND_LIMIT)
}

/// [`from_command`] with a limit of the caller's.
pub fn from_command_within(
    key: &str,
    command: &str,
    limit: Duration,
) -> Result<Secret, SecretError> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| SecretError::Spawn {
            key: key.to_string(),
            cause: source,
        })?;
    // Read both pipes on threads of their own, so that a helper filling one
    // cannot block on it while this waits.
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = wait_within(&mut child, key, limit)?;
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    if !status.success() {
        return Err(SecretError::Failed {
            key: key.to_string(),
            status: status.to_string(),
            detail: first_error_line(&err),
        });
    }
    let text = String::from_utf8_lossy(&out);
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.trim().is_empty() {
        return Err(SecretError::Empty {
            key: key.to_string(),
        });
    }
    Ok(Secret(line.to_string()))
}

/// Reads a pipe to its end on a thread of its own.
fn drain(pipe: Option<Box<dyn Read + Send>>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut out);
        }
        out
    })
}

/// Waits for the helper to exit; one still running after `limit` is
/// killed and reported.
fn wait_within(
    child: &mut std::process::Child,
    key: &str,
    limit: Duration,
) -> Result<std::process::ExitStatus, SecretError> {
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SecretError::TooSlow {
                    key: key.to_string(),
                    limit,
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(source) => {
                return Err(SecretError::Spawn {
                    key: key.to_string(),
                    cause: source,
                });
            }
        }
    }
}

/// A failed helper's first line on stderr, cut and without control
/// characters, as `": line"`; empty when it said nothing.
fn first_error_line(err: &[u8]) -> String {
    let err = String::from_utf8_lossy(err);
    let first: String = err
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if first.is_empty() {
        String::new()
    } else {
        format!(": {first}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_only_and_debug_hides_it() {
        let s = from_command("token_command", "printf 'tok-123\\r\\nsecond\\n'").expect("runs");
        assert_eq!(s.expose(), "tok-123");
        assert_eq!(format!("{s:?}"), "Secret(…)");
    }

    #[test]
    fn failure_names_the_key_and_stderr_not_the_command() {
        let e = from_command(
            "token_command",
            "echo hunter2 >/dev/null; echo expired >&2; exit 4",
        )
        .expect_err("fails");
        let text = e.to_string();
        assert_eq!(text, "token_command failed (exit status: 4): expired");
        assert!(!text.contains("hunter2"));
    }

    #[test]
    fn a_helper_that_never_finishes_is_stopped() {
        // Waits on its own standard input, which stays open: it never ends.
        let e = from_command_within(
            "token_command",
            "exec tail -f /dev/null",
            Duration::from_millis(200),
        )
        .expect_err("stopped");
        assert_eq!(
            e.to_string(),
            "token_command did not finish within 0.2 s and was stopped"
        );
    }

    #[test]
    fn empty_first_line_is_an_error() {
        let e = from_command("password_command", "printf '\\nlater\\n'").expect_err("empty");
        assert_eq!(
            e.to_string(),
            "password_command printed nothing on its first line"
        );
    }
}
