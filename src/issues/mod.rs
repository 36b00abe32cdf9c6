//! Messages to issues: keys, threading, status, and the rules that flag messages.

pub mod checklist;
pub mod model;
pub mod secrets;

pub use model::{Event, FlagView, IssueDetail, IssueSummary, MessageView, Role, Status};
