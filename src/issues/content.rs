//! What the content rules find in one message on its own: quoted history,
//! unmasked secrets, and the checklist items a request leaves out.
//!
//! This runs once per message at import (and again from the stored raw mail
//! when [`ANALYSIS_VERSION`] changes); grouping then decides which findings
//! become flags, since that depends on the message's place in its issue.

use super::{checklist, secrets};
use crate::mail::{Message, quote};
use serde::{Deserialize, Serialize};

/// Bumped whenever the content analysis changes, so that stored messages are
/// re-analysed from their raw bytes on the next open. 3: the client and
/// language formats of `mail::quote::formats`, and Outlook's Thread-Index
/// read into the message's ids. 4: attachments recorded (the `attachments`
/// table of migration 0011).
pub const ANALYSIS_VERSION: i64 = 4;

/// A credential shown in full, as stored: never the whole value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretFinding {
    /// What kind of secret (`client_secret`, `Authorization bearer token`, …).
    pub name: String,
    /// The value's last four characters and its length: enough to recognise
    /// it, and no more than the desk's rule allows to be shown.
    pub shown: String,
    /// 1-based line in the message's text.
    pub line: usize,
}

/// The content findings of one message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    #[serde(default)]
    pub secrets: Vec<SecretFinding>,
    /// Checklist item ids the message does not give (`merchant-serial-number`, …).
    #[serde(default)]
    pub missing: Vec<String>,
}

/// A message's own text and its findings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Content {
    pub new_text: String,
    pub quoted: bool,
    pub quote_evidence: Option<String>,
    pub findings: Findings,
    /// Optional checklist items a new request leaves out (a screenshot):
    /// suggested by `vsd check`, never a flag, not stored.
    pub suggested: Vec<checklist::Item>,
}

/// Analyses one parsed message.
pub fn analyse(msg: &Message) -> Content {
    let split = quote::split(&msg.text, msg.html.as_deref());
    // A secret anywhere in the text is sent again, quoted or not.
    let mut secrets: Vec<SecretFinding> = secrets::find(&msg.text)
        .into_iter()
        .map(|s| SecretFinding {
            shown: format!("{}: {}", s.name, redact(&s.value)),
            name: s.name,
            line: s.line,
        })
        .collect();
    // An attached log is sent to the desk as surely as the body is.
    for (file, text) in &msg.attached_texts {
        secrets.extend(secrets::find(text).into_iter().map(|s| SecretFinding {
            shown: format!("{}: {} in {file}", s.name, redact(&s.value)),
            name: format!("{} in {file}", s.name),
            line: s.line,
        }));
    }
    // The checklist is for new requests; a reply's gaps are worked out on
    // demand (`vsd status`), which keeps it off the import's hot path.
    let new_request = is_new_request(msg);
    let missing = if new_request {
        // An attached capture gives the request and response.
        let capture = msg
            .attachments
            .iter()
            .any(crate::mail::attachments::is_capture);
        checklist::missing(&msg.subject, &split.new_text)
            .into_iter()
            .filter(|i| !(capture && *i == checklist::Item::RequestResponse))
            .map(|i| i.id().to_string())
            .collect()
    } else {
        Vec::new()
    };
    let suggested = if new_request
        && !msg
            .attachments
            .iter()
            .any(crate::mail::attachments::is_image)
    {
        checklist::Item::OPTIONAL.to_vec()
    } else {
        Vec::new()
    };
    Content {
        new_text: split.new_text,
        quoted: split.quoted,
        quote_evidence: split.evidence,
        findings: Findings { secrets, missing },
        suggested,
    }
}

/// A message that starts a thread: it answers nothing. Outlook's
/// conversation id alone in References does not make a reply: the first
/// message of a conversation carries it too.
pub fn is_new_request(msg: &Message) -> bool {
    msg.in_reply_to.is_empty()
        && msg
            .references
            .iter()
            .all(|r| crate::mail::thread_index::is_conversation_id(r))
}

/// Checklist item ids that none of these texts gives.
pub fn never_given(subject: &str, texts: &[String]) -> Vec<String> {
    let all = texts.join("\n");
    checklist::missing(subject, &all)
        .into_iter()
        .map(|i| i.id().to_string())
        .collect()
}

/// Hides a secret's middle: what is stored and shown is never the value.
pub fn redact(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("****{tail} ({} characters)", chars.len())
}
