//! One batch of a download: the UIDs asked for in one FETCH, and every one
//! of them accounted for (a message, or why not); and how UIDs are cut into
//! batches and written as sets.

use crate::imap::{FetchReport, Fetched, ImapError, Session};
use std::collections::HashSet;
use std::io::{Read, Write};

/// Target size of one fetch: large enough to keep the connection busy,
/// small enough to bound memory (two batches are in flight).
const BATCH_BYTES: u64 = 2 * 1024 * 1024;
const BATCH_MAX: usize = 2000;

/// Sequence number → UID, from the listing, for matching back an answer
/// without a UID: sorted pairs, searched by halves.
#[derive(Default)]
pub(super) struct Seqs(Vec<(u32, u32)>);

impl Seqs {
    pub(super) fn new(pairs: impl Iterator<Item = (u32, u32)>) -> Seqs {
        let mut v: Vec<(u32, u32)> = pairs.collect();
        v.sort_unstable();
        v.dedup_by_key(|(seq, _)| *seq);
        Seqs(v)
    }

    pub(super) fn get(&self, seq: u32) -> Option<u32> {
        self.0
            .binary_search_by_key(&seq, |(s, _)| *s)
            .ok()
            .map(|i| self.0[i].1)
    }

    /// After an expunge, sequence numbers name other messages.
    pub(super) fn clear(&mut self) {
        self.0 = Vec::new();
    }
}

/// Assumed size of a message the listing did not size, for batching.
pub(super) const UNKNOWN_SIZE: u32 = 256 * 1024;
/// How many UIDs of a batch left without a message are asked for one at a
/// time before the rest is recorded for the next sync.
const ONE_BY_ONE: usize = 32;

pub(super) struct FetchedBatch {
    /// The UIDs asked for, ascending.
    pub(super) uids: Vec<u32>,
    pub(super) messages: Vec<Fetched>,
    /// Second answers for a UID with another body.
    pub(super) conflicting: Vec<Fetched>,
    /// (UID, reason, detail) of the UIDs left without a message.
    pub(super) not_fetched: Vec<(u32, String, String)>,
}

/// Fetches one batch and accounts for every UID in it: a message, or a
/// reason it is not one. An answer without a UID is matched back by its
/// sequence number (from the listing, while no expunge moved them); a UID
/// still without a message is asked for alone, where a lone answer without
/// a UID can only be its own. A batch the server refuses (`NO`) is split in
/// halves until the UIDs it refuses stand alone, so that one message the
/// server will not serve does not hold up the folder.
pub(super) fn fetch_batch<S: Read + Write>(
    session: &mut Session<S>,
    uids: &[u32],
    seqs: &mut Seqs,
) -> Result<FetchedBatch, ImapError> {
    let mut report = match session.fetch_report(&uid_set(uids)) {
        Ok(r) => r,
        Err(ImapError::Refused { .. }) if uids.len() > 1 => {
            let (a, b) = uids.split_at(uids.len() / 2);
            let mut first = fetch_batch(session, a, seqs)?;
            let second = fetch_batch(session, b, seqs)?;
            first.uids.extend(second.uids);
            first.messages.extend(second.messages);
            first.conflicting.extend(second.conflicting);
            first.not_fetched.extend(second.not_fetched);
            return Ok(first);
        }
        Err(e @ ImapError::Refused { .. }) => {
            return Ok(FetchedBatch {
                uids: uids.to_vec(),
                messages: Vec::new(),
                conflicting: Vec::new(),
                not_fetched: uids
                    .iter()
                    .map(|u| (*u, "refused".to_string(), e.to_string()))
                    .collect(),
            });
        }
        Err(e) => return Err(e),
    };
    let asked: HashSet<u32> = uids.iter().copied().collect();
    report.messages.retain(|m| asked.contains(&m.uid));
    let mut have: HashSet<u32> = report.messages.iter().map(|m| m.uid).collect();
    if report.expunged {
        // From here on, sequence numbers name other messages.
        seqs.clear();
    } else {
        for (seq, mut f) in std::mem::take(&mut report.without_uid) {
            match seqs.get(seq) {
                Some(uid) if asked.contains(&uid) && !have.contains(&uid) => {
                    f.uid = uid;
                    have.insert(uid);
                    report.messages.push(f);
                }
                _ => report.without_uid.push((seq, f)),
            }
        }
    }
    let mut out = FetchedBatch {
        uids: uids.to_vec(),
        messages: Vec::new(),
        conflicting: std::mem::take(&mut report.conflicting),
        not_fetched: Vec::new(),
    };
    let missing: Vec<u32> = uids.iter().copied().filter(|u| !have.contains(u)).collect();
    out.messages = std::mem::take(&mut report.messages);
    for (i, uid) in missing.into_iter().enumerate() {
        if i < ONE_BY_ONE {
            ask_alone(session, uid, &report, seqs, &mut out)?;
            continue;
        }
        let (reason, detail) = why_not_fetched(uid, &report);
        out.not_fetched.push((uid, reason, detail));
    }
    Ok(out)
}

/// Asks for `uid` of a batch alone (its batch's answer, `report`, left it
/// without a message) and adds what came to `out`: its message (a lone
/// answer without a UID can only be its own), or why not.
fn ask_alone<S: Read + Write>(
    session: &mut Session<S>,
    uid: u32,
    report: &FetchReport,
    seqs: &mut Seqs,
    out: &mut FetchedBatch,
) -> Result<(), ImapError> {
    match session.fetch_report(&uid.to_string()) {
        Ok(mut alone) => {
            if alone.expunged {
                seqs.clear();
            }
            let own = alone.messages.iter().position(|m| m.uid == uid);
            if let Some(at) = own {
                out.messages.push(alone.messages.swap_remove(at));
                out.conflicting
                    .extend(alone.conflicting.into_iter().filter(|c| c.uid == uid));
                return Ok(());
            }
            if alone.messages.is_empty() && alone.without_uid.len() == 1 {
                let (_, mut f) = alone.without_uid.remove(0);
                f.uid = uid;
                out.messages.push(f);
                return Ok(());
            }
            // The batch's answer may say more than the lone one's silence.
            let mut why = why_not_fetched(uid, &alone);
            if why.0 == "no-answer" {
                why = why_not_fetched(uid, report);
            }
            out.not_fetched.push((uid, why.0, why.1));
            Ok(())
        }
        Err(e @ ImapError::Refused { .. }) => {
            out.not_fetched.push((uid, "refused".into(), e.to_string()));
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Why a fetch brought no message for `uid`: a short class and details.
pub(super) fn why_not_fetched(uid: u32, r: &FetchReport) -> (String, String) {
    if let Some((_, why)) = r.unreadable.iter().find(|(u, _)| *u == uid) {
        return ("unreadable".into(), why.clone());
    }
    if r.empty_body.contains(&uid) {
        return (
            "empty-body".into(),
            "the server sent an empty body (NIL or no bytes)".into(),
        );
    }
    if r.without_body.contains(&uid) {
        return (
            "no-body".into(),
            "the server answered without the message's body".into(),
        );
    }
    if !r.without_uid.is_empty() {
        return (
            "no-uid".into(),
            "the server answered without a UID that could be matched to it".into(),
        );
    }
    if let Some((_, why)) = r.unreadable.first() {
        return ("unreadable".into(), why.clone());
    }
    (
        "no-answer".into(),
        "the server sent no answer for it".into(),
    )
}

/// Splits (uid, size) pairs into batches of about [`BATCH_BYTES`].
pub(super) fn plan_batches(sizes: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut bytes = 0u64;
    for (uid, size) in sizes {
        if !cur.is_empty() && (bytes + u64::from(*size) > BATCH_BYTES || cur.len() >= BATCH_MAX) {
            out.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        cur.push(*uid);
        bytes += u64::from(*size);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A compact UID set: runs become `a:b`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut s = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        if !s.is_empty() {
            s.push(',');
        }
        if start == end {
            s.push_str(&start.to_string());
        } else {
            s.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn batches_respect_bytes_and_count() {
        let sizes: Vec<(u32, u32)> = (1..=5).map(|u| (u, 768 * 1024)).collect();
        assert_eq!(plan_batches(&sizes), vec![vec![1, 2], vec![3, 4], vec![5]]);
        let small: Vec<(u32, u32)> = (1..=4001).map(|u| (u, 10)).collect();
        let b = plan_batches(&small);
        assert_eq!(
            b.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![2000, 2000, 1]
        );
        // A message larger than a batch still gets one of its own.
        assert_eq!(plan_batches(&[(9, u32::MAX)]), vec![vec![9]]);
    }
}
