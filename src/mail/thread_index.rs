//! Outlook's own threading headers, turned into an id the threading can use.
//!
//! Outlook (and Exchange) marks every message of a conversation with
//! `Thread-Index`: base64 of 22 bytes that name the conversation (a time
//! stamp and a GUID), plus 5 bytes for each reply below it; `Thread-Topic`
//! holds the conversation's subject without prefixes. Some Outlook replies
//! reach the desk without In-Reply-To and References. So that they still
//! join their issue, every message with a Thread-Index gets a synthetic
//! conversation id, `thread-index.<hex>@vsd.invalid`, at the head of its
//! References (the conversation is the root of the thread), and a reply that
//! lost its own ids gets it as In-Reply-To too. Grouping and the scoped
//! regroup's thread components see it as any other id; drafts never send it
//! (ids ending in `@vsd.invalid` are vsd's own).

use base64::Engine;
use sha2::{Digest, Sha256};

/// The bytes of a Thread-Index that name the conversation.
const CONVERSATION_BYTES: usize = 22;

/// The suffix of every conversation id.
const PREFIX: &str = "thread-index.";
const SUFFIX: &str = "@vsd.invalid";

/// A message's conversation as Outlook names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// `thread-index.<hex>@vsd.invalid`.
    pub id: String,
    /// True when the Thread-Index is longer than the conversation's own
    /// bytes: the message answers an earlier one.
    pub is_reply: bool,
}

/// The conversation named by a Thread-Index header value (and the
/// Thread-Topic, when there is one); `None` when the value is not base64 of
/// at least 22 bytes.
pub fn conversation(thread_index: &str, thread_topic: Option<&str>) -> Option<Conversation> {
    let compact: String = thread_index
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()?;
    if bytes.len() < CONVERSATION_BYTES {
        return None;
    }
    let mut id = String::with_capacity(PREFIX.len() + 2 * CONVERSATION_BYTES + 20);
    id.push_str(PREFIX);
    for b in &bytes[..CONVERSATION_BYTES] {
        id.push_str(&format!("{b:02x}"));
    }
    // The topic keeps two conversations apart should their bytes ever meet;
    // it is compared as Outlook writes it, folded and in lower case.
    if let Some(topic) = thread_topic {
        let folded = topic.split_whitespace().collect::<Vec<_>>().join(" ");
        let folded = folded.to_lowercase();
        if !folded.is_empty() {
            let digest = Sha256::digest(folded.as_bytes());
            id.push('.');
            for b in &digest[..4] {
                id.push_str(&format!("{b:02x}"));
            }
        }
    }
    id.push_str(SUFFIX);
    Some(Conversation {
        id,
        is_reply: bytes.len() > CONVERSATION_BYTES,
    })
}

/// Whether an id is a conversation id made by [`conversation`].
pub fn is_conversation_id(id: &str) -> bool {
    id.starts_with(PREFIX) && id.ends_with(SUFFIX)
}

/// Adds a message's conversation to its ids: first in References, and as
/// In-Reply-To of a reply that has no other id.
pub fn join(
    conversation: Conversation,
    in_reply_to: &mut Vec<String>,
    references: &mut Vec<String>,
) {
    if conversation.is_reply && in_reply_to.is_empty() && references.is_empty() {
        in_reply_to.push(conversation.id.clone());
    }
    if !references.contains(&conversation.id) {
        references.insert(0, conversation.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(len: usize) -> String {
        let bytes: Vec<u8> = (0..len as u8).collect();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn first_22_bytes_name_the_conversation() {
        let root = conversation(&index(22), Some("Payment fails")).expect("root");
        let reply = conversation(&index(27), Some("Payment fails")).expect("reply");
        let deeper = conversation(&index(32), Some("Payment  FAILS")).expect("deeper");
        assert_eq!(root.id, reply.id);
        assert_eq!(root.id, deeper.id);
        assert!(!root.is_reply);
        assert!(reply.is_reply && deeper.is_reply);
        assert!(is_conversation_id(&root.id));
        assert!(root.id.ends_with("@vsd.invalid"));
    }

    #[test]
    fn another_topic_is_another_conversation() {
        let a = conversation(&index(22), Some("Payment fails")).expect("a");
        let b = conversation(&index(22), Some("Refund fails")).expect("b");
        assert_ne!(a.id, b.id);
    }

    #[test]
    fn short_or_broken_values_name_nothing() {
        assert_eq!(conversation(&index(21), None), None);
        assert_eq!(conversation("not base64 at all!", None), None);
        assert_eq!(conversation("", None), None);
    }

    #[test]
    fn folded_header_value_is_read_whole() {
        let v = index(27);
        let folded = format!("{}\r\n {}", &v[..10], &v[10..]);
        assert_eq!(conversation(&folded, None), conversation(&v, None));
    }

    #[test]
    fn join_puts_the_conversation_first_and_answers_it_when_ids_were_lost() {
        let c = conversation(&index(27), None).expect("c");
        let (mut irt, mut refs) = (Vec::new(), Vec::new());
        join(c.clone(), &mut irt, &mut refs);
        assert_eq!(irt, vec![c.id.clone()]);
        assert_eq!(refs, vec![c.id.clone()]);
        let (mut irt, mut refs) = (vec!["a@x".to_string()], vec!["a@x".to_string()]);
        join(c.clone(), &mut irt, &mut refs);
        assert_eq!(irt, vec!["a@x".to_string()]);
        assert_eq!(refs, vec![c.id.clone(), "a@x".to_string()]);
    }
}
