//! The integration tests, one binary: every file below is a module, so the
//! helpers in `common` and `support` are compiled and linked once.

// A test that fails is meant to stop at the first unmet expectation.
#![allow(clippy::unwrap_used)]

mod common;
mod support;

mod attachments;
mod check_status;
mod checklist;
mod cli;
mod connect_advice;
mod demo;
mod demo_mailbox;
mod draft_cli;
mod draft_compose;
mod draft_save;
mod files_private;
mod grouping;
mod imap_connect;
mod imap_harness;
mod imap_limits;
mod imap_list;
mod imap_oauth2;
mod import_readers;
mod init;
mod mail_golden;
mod mail_parse;
mod quote_cases;
mod quote_clients;
mod read_only_store;
mod reanalysis;
mod regroup_scoped;
mod search;
mod secrets;
mod send_dovecot;
mod server_words;
mod sync_dovecot;
mod sync_faults;
mod sync_fetch_faults;
mod sync_partial;
mod sync_watch;
mod team_cli;
mod team_dovecot;
mod team_faults;
mod team_merge;
mod thread_index;
mod triage;
mod tui_attachments;
mod tui_event_loop;
mod tui_issue_tmux;
mod tui_issue_view;
mod tui_keys;
mod tui_layout;
mod tui_live;
mod tui_review;
mod tui_search;
mod tui_snapshots;
mod tui_state_tmux;
mod tui_theme;
mod tui_tmux;
