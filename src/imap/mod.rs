//! The IMAP client: connect, TLS, login, select, fetch, idle, append. Network only.
