//! What kind of failure an error is. Each library error says its own kind
//! (`kind()`); `main` reads the kind of the first error in the chain that
//! has one and maps it to an exit code of CONTRACT.md, in one place
//! ([`ErrorKind::exit_code`]), as ripgrep's `main`/`try_main` do.

/// The kinds of failure the exit codes tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad usage, bad config, or local trouble (the store, a file): the
    /// user can fix it here.
    Usage,
    /// The server refused or could not be reached.
    Server,
}

impl ErrorKind {
    /// CONTRACT.md's exit code: 2 for usage and config, 3 for the server.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::Server => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_the_contracts_exit_codes() {
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
        assert_eq!(ErrorKind::Server.exit_code(), 3);
    }
}
