//! The commands' errors on their way to the edge: [`Failure`], the commands'
//! own words with a kind; [`error_kind`] and [`exit_code`], which read the
//! kind from the first error in a chain that knows its own (CONTRACT.md's
//! exit codes); and [`describe`], which tells a chain to the user once per
//! cause, sanitised.

use crate::config::ConfigError;
use crate::error::ErrorKind;
use crate::store::StoreError;
use anyhow::anyhow;

/// A failure the commands find themselves (no store where one is needed,
/// a key that names no issue), told in words, with its kind.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Server(String),
    /// What the command was doing when a library error without a kind of
    /// the commands' stopped it; the error stays the source, so `describe`
    /// tells it once, in its own words, and nothing is flattened to text.
    #[error("{doing}")]
    Because {
        kind: ErrorKind,
        doing: String,
        #[source]
        cause: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
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

    /// `doing`, of `kind`, stopped by `cause`.
    pub fn because(
        kind: ErrorKind,
        doing: String,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Failure {
        Failure::Because {
            kind,
            doing,
            cause: Box::new(cause),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Failure::Usage(_) => ErrorKind::Usage,
            Failure::Server(_) => ErrorKind::Server,
            Failure::Because { kind, .. } => *kind,
        }
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

/// A store error, with an unknown issue turned into a usage error that says
/// where the keys are.
pub(super) fn no_issue(key: &str) -> impl FnOnce(StoreError) -> anyhow::Error + '_ {
    move |e| match e {
        StoreError::NoIssue(_) => anyhow!(Failure::Usage(format!(
            "no issue {key} in the store (vsd list --all shows the keys)"
        ))),
        e => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

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

    #[test]
    fn a_failure_because_of_a_library_error_keeps_its_kind_and_tells_the_cause_once() {
        let cause = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let e = anyhow::Error::from(Failure::because(
            ErrorKind::Server,
            "cannot file the Sent copy in \"Sent\"".into(),
            cause,
        ));
        assert_eq!(exit_code(&e), ErrorKind::Server.exit_code());
        assert_eq!(
            describe(&e),
            "cannot file the Sent copy in \"Sent\"\n  caused by: refused"
        );
        assert!(
            e.chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some()),
            "the cause stays typed"
        );
    }
}
