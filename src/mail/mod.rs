//! Pure mail handling: raw bytes in, a [`Message`] out.
//!
//! Nothing here does I/O. [`parse`] turns one RFC 5322 message into the fields
//! the rest of vsd needs (ids, addresses, decoded subject, the text a human
//! wrote); [`quote`] finds where quoted history begins so that only a
//! message's own words are shown and checked; [`thread_index`] turns
//! Outlook's Thread-Index into an id the threading can follow.

pub mod attachments;
pub mod filename;
pub mod parse;
pub mod partial;
pub mod quote;
pub mod thread_index;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use attachments::Attachment;
pub use parse::{ParseError, parse};

/// One mailbox: an optional display name and a lower-cased address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Address {
    pub name: Option<String>,
    /// Lower-cased `local@domain`.
    pub email: String,
}

impl Address {
    pub fn new(name: Option<&str>, email: &str) -> Self {
        Address {
            name: name.map(str::to_owned).filter(|n| !n.trim().is_empty()),
            email: email.trim().to_ascii_lowercase(),
        }
    }

    /// The domain part, lower-cased, or "" when there is none.
    pub fn domain(&self) -> &str {
        self.email.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{n} <{}>", self.email),
            None => f.write_str(&self.email),
        }
    }
}

/// A parsed message: what grouping, the rules and the UI need.
///
/// Strings are decoded (RFC 2047, charsets, transfer encodings) but not
/// sanitised: control characters are removed only where text reaches a
/// terminal (see `text::sanitize`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// Message-ID without angle brackets. When the message has none, a stable
    /// id derived from its bytes (`<sha256-hex>@vsd.invalid`), so that importing
    /// the same mail twice still finds it.
    pub message_id: String,
    /// True when `message_id` was made up by vsd.
    pub message_id_synthesized: bool,
    /// In-Reply-To ids, without angle brackets, in header order.
    pub in_reply_to: Vec<String>,
    /// References ids, without angle brackets, oldest first.
    pub references: Vec<String>,
    /// Decoded, unfolded Subject ("" when absent).
    pub subject: String,
    pub from: Option<Address>,
    pub reply_to: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    /// The Date header in UTC; `None` when absent or unreadable (the caller
    /// then uses the file's or the server's date).
    pub date: Option<DateTime<Utc>>,
    /// The body as text: the first text/plain part, else the HTML part turned
    /// into text. Line endings are `\n`.
    pub text: String,
    /// The HTML part, when the message has one (quote detection looks at its
    /// reply containers).
    pub html: Option<String>,
    /// Attachments and inline parts, in MIME order (see [`attachments`]).
    pub attachments: Vec<attachments::Attachment>,
    /// The text of attachments that hold text (a log, a HAR capture, a
    /// `.txt`), as (safe file name, text), up to [`parse::TEXT_MAX`] in all:
    /// the secret lint reads them as it reads the body.
    pub attached_texts: Vec<(String, String)>,
    /// Problems met while decoding that did not stop it (an unknown charset
    /// decoded lossily, a malformed part): reported, never fatal.
    pub warnings: Vec<String>,
}
