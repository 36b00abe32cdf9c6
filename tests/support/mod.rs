//! Shared helpers of the integration tests: a private Dovecot, a scripted
//! IMAP server and a TCP proxy that cuts connections.
#![allow(dead_code)]

pub mod dovecot;
pub mod mail;
pub mod proxy;
pub mod scripted;
