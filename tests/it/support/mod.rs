//! Shared helpers of the integration tests: a private Dovecot, a scripted
//! IMAP server, a TCP proxy that cuts connections, and a real terminal.
#![allow(dead_code)]

pub mod dovecot;
pub mod introspect;
pub mod mail;
pub mod proxy;
pub mod replying;
pub mod scripted;
pub mod smtp_sink;
pub mod tmux;
pub mod tui;
