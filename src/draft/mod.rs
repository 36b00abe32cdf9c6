//! Drafting replies, new requests and escalations: an issue in, an RFC 5322
//! message out. Pure: nothing here reads a file, the store or the network.
//!
//! A reply must land in the desk's thread and keep everyone informed, so
//! [`reply_envelope`] derives its headers from the issue alone: To the desk
//! address that last wrote (its Reply-To where it set one, and never a
//! no-reply notifier), Cc every team address seen on the issue except the
//! sender, `Re: ` and the canonical Subject, In-Reply-To and References from
//! the newest message. [`compose`] writes the message with `mail-builder`
//! (RFC 2047 words for non-ASCII names and subjects, MIME for non-ASCII
//! bodies, CRLF) after cleaning every input, so that no subject, name, id or
//! body taken from a mail can add a header of its own. [`template`] holds the
//! editor templates and reads the edited text back; [`escalate`] writes the
//! paragraph a key account manager reads.

pub mod compose;
pub mod escalate;
pub mod reply;
pub mod template;

use crate::config::AddressSet;

pub use compose::{
    Draft, DraftAttachment, Envelope, compose, compose_with, content_type_for, header_text,
    is_plain_email, message_id_text,
};
pub use reply::{MAX_REFERENCES, is_no_reply, reply_envelope, trim_references};

/// Why a draft cannot be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DraftError {
    #[error(
        "cannot draft a reply to {issue}: no message in it names a desk address to answer (the desk never wrote, or only from a no-reply address)"
    )]
    NoDeskAddress { issue: String },
    #[error("cannot draft a reply to {issue}: it has no messages")]
    NoMessages { issue: String },
    #[error("cannot use {address:?} as the {role} of a draft: it is not a plain ASCII address")]
    BadAddress { role: &'static str, address: String },
    #[error("cannot write a draft without a recipient")]
    NoRecipient,
    #[error("cannot write a draft without a Subject")]
    NoSubject,
}

/// The issue a draft answers lives below the store, which reads it.
pub use crate::issues::model::{Thread, ThreadMessage};

/// Who is the desk and who is the team, as grouping decides it: the desk
/// from `[desk] addresses` (or inferred), the team from `[team] addresses`,
/// or everyone who is not the desk when none are configured.
#[derive(Debug, Clone, Default)]
pub struct Sides {
    pub desk: AddressSet,
    pub team: AddressSet,
}

impl Sides {
    pub fn is_desk(&self, email: &str) -> bool {
        self.desk.contains(email)
    }

    pub fn is_team(&self, email: &str) -> bool {
        !self.desk.contains(email) && (self.team.is_empty() || self.team.contains(email))
    }
}
