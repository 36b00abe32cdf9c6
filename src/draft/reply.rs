//! Who a reply goes to and where it threads.
//!
//! The desk's guidelines ask for a reply "to the email, without changing the
//! Subject line", with colleagues kept in To or Cc. So a reply answers the
//! desk address that last wrote (its Reply-To first: a desk that notifies
//! from a no-reply address names its real address there), copies every team
//! address the issue has seen, and threads on the issue's newest message as
//! RFC 5322 section 3.6.4 describes: In-Reply-To its Message-ID, References
//! its References (or its single In-Reply-To) followed by its Message-ID.
//! A long chain keeps its first id and its newest ones, the usual way of
//! keeping References short without losing the thread's root.

use super::compose::{Envelope, is_plain_email, message_id_text};
use super::{DraftError, Sides, Thread, ThreadMessage};
use crate::issues::Role;
use crate::mail::Address;

/// The most ids a References header keeps.
pub const MAX_REFERENCES: usize = 20;

/// True for an address that does not take replies (`noreply@`,
/// `no-reply@`, `do_not_reply@`, `mailer-daemon@`).
pub fn is_no_reply(email: &str) -> bool {
    let local = email.split('@').next().unwrap_or("").to_ascii_lowercase();
    let squeezed: String = local
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | '+'))
        .collect();
    squeezed.contains("noreply")
        || squeezed.contains("donotreply")
        || squeezed.contains("dontreply")
        || squeezed == "mailerdaemon"
}

/// Keeps the first id and the newest `max - 1` when there are more than `max`.
pub fn trim_references(ids: &[String], max: usize) -> Vec<String> {
    if ids.len() <= max || max < 2 {
        return ids.iter().take(max).cloned().collect();
    }
    let mut out = vec![ids[0].clone()];
    out.extend(ids[ids.len() - (max - 1)..].iter().cloned());
    out
}

/// True for an id vsd made up for a message that had none: nobody else
/// knows it, so nothing can thread on it.
fn synthesized(id: &str) -> bool {
    id.ends_with("@vsd.invalid")
}

/// The addresses a desk message asks replies to go to: its Reply-To where
/// set, else its From; no-reply and unusable addresses left out.
fn answer_addresses(m: &ThreadMessage) -> Vec<Address> {
    let named: Vec<&Address> = if m.reply_to.is_empty() {
        m.from.iter().collect()
    } else {
        m.reply_to.iter().collect()
    };
    named
        .into_iter()
        .filter(|a| is_plain_email(&a.email) && !is_no_reply(&a.email))
        .cloned()
        .collect()
}

/// The desk address to answer: the last desk message's, else an earlier
/// desk message's (when the last came from a no-reply address without a
/// Reply-To), else the desk address the team last wrote to.
fn desk_recipients(thread: &Thread, sides: &Sides) -> Vec<Address> {
    for m in thread
        .messages
        .iter()
        .rev()
        .filter(|m| m.role == Role::Desk)
    {
        let found = answer_addresses(m);
        if !found.is_empty() {
            return found;
        }
    }
    for m in thread
        .messages
        .iter()
        .rev()
        .filter(|m| m.role == Role::Team)
    {
        let found: Vec<Address> =
            m.to.iter()
                .chain(&m.cc)
                .filter(|a| sides.is_desk(&a.email))
                .filter(|a| is_plain_email(&a.email) && !is_no_reply(&a.email))
                .cloned()
                .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Every team address seen on the issue, in order of appearance, each with
/// the first display name it was given.
pub fn team_addresses(thread: &Thread, sides: &Sides) -> Vec<Address> {
    let mut out: Vec<Address> = Vec::new();
    for m in &thread.messages {
        for a in m.from.iter().chain(&m.to).chain(&m.cc) {
            let a = Address::new(a.name.as_deref(), &a.email);
            if !sides.is_team(&a.email) {
                continue;
            }
            match out.iter_mut().find(|o| o.email == a.email) {
                Some(o) if o.name.is_none() => o.name = a.name,
                Some(_) => {}
                None => out.push(a),
            }
        }
    }
    out
}

/// The newest message that can be threaded on: one whose id is its own.
fn parent(thread: &Thread) -> Option<&ThreadMessage> {
    thread
        .messages
        .iter()
        .rev()
        .find(|m| !synthesized(&m.message_id) && message_id_text(&m.message_id).is_some())
}

/// The References of a reply to `parent`, as RFC 5322 section 3.6.4 builds them.
fn references_of(parent: &ThreadMessage) -> Vec<String> {
    let mut ids: Vec<String> = if !parent.references.is_empty() {
        parent.references.clone()
    } else if parent.in_reply_to.len() == 1 {
        parent.in_reply_to.clone()
    } else {
        Vec::new()
    };
    ids.retain(|id| !synthesized(id) && *id != parent.message_id);
    ids.push(parent.message_id.clone());
    let mut unique: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    trim_references(&unique, MAX_REFERENCES)
}

/// The headers of a reply to the issue from `from`.
pub fn reply_envelope(
    thread: &Thread,
    from: &Address,
    sides: &Sides,
) -> Result<Envelope, DraftError> {
    if thread.messages.is_empty() {
        return Err(DraftError::NoMessages {
            issue: thread.name(),
        });
    }
    let to = desk_recipients(thread, sides);
    if to.is_empty() {
        return Err(DraftError::NoDeskAddress {
            issue: thread.name(),
        });
    }
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let cc: Vec<Address> = team_addresses(thread, sides)
        .into_iter()
        .filter(|a| !same(&a.email, &from.email) && !to.iter().any(|t| same(&t.email, &a.email)))
        .collect();
    let canonical = if thread.canonical_subject.trim().is_empty() {
        thread.key.clone().unwrap_or_default()
    } else {
        thread.canonical_subject.clone()
    };
    let parent = parent(thread);
    Ok(Envelope {
        from: from.clone(),
        to,
        cc,
        subject: format!("Re: {canonical}"),
        in_reply_to: parent.map(|p| p.message_id.clone()),
        references: parent.map(references_of).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("m{i}@x")).collect()
    }

    #[test]
    fn short_reference_chains_are_kept_whole() {
        assert_eq!(trim_references(&ids(3), 20), ids(3));
        assert_eq!(trim_references(&ids(20), 20), ids(20));
    }

    #[test]
    fn long_reference_chains_keep_the_first_and_the_newest() {
        let t = trim_references(&ids(30), 20);
        assert_eq!(t.len(), 20);
        assert_eq!(t[0], "m0@x");
        assert_eq!(t[1], "m11@x");
        assert_eq!(t[19], "m29@x");
    }

    #[test]
    fn no_reply_addresses() {
        for a in [
            "noreply@vipps.no",
            "no-reply@vipps.no",
            "do_not_reply@x.no",
            "DoNotReply@x.no",
            "mailer-daemon@x.no",
            "jira-noreply@x.no",
        ] {
            assert!(is_no_reply(a), "{a}");
        }
        for a in ["integration@vipps.no", "nora@x.no", "reply@x.no"] {
            assert!(!is_no_reply(a), "{a}");
        }
    }
}
