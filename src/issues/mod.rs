//! Messages to issues: keys and subjects ([`subject`]), threading, status and
//! flags ([`grouping`]), what a message's content shows ([`content`]), and
//! the rules with the guidelines they enforce ([`rules`]).

pub mod checklist;
pub mod content;
pub mod event;
pub mod grouping;
pub mod lint;
pub mod listing;
pub mod model;
pub mod rules;
pub mod secrets;
pub mod standing;
pub mod subject;
pub mod team;

pub use event::EventKind;
pub use model::{Event, FlagView, IssueDetail, IssueId, IssueSummary, MessageView, Role, Status};
pub use rules::{Flag, RuleId};
