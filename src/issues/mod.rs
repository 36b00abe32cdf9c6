//! Messages to issues: keys, threading, status, and the rules that flag messages.

pub mod model;

pub use model::{Event, FlagView, IssueDetail, IssueSummary, MessageView, Role, Status};
