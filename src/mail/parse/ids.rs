//! Message ids as clients write them: comments, missing brackets, repeats.

use super::{HeaderName, raw_header_text, unfold};
use std::borrow::Cow;

/// The Message-ID in a header block (such as a `BODY[HEADER.FIELDS
/// (MESSAGE-ID)]` fetch gives), read as [`parse`] reads it: the first
/// Message-ID field that names an id, without angle brackets. `None` when no
/// field does; the caller decides what stands in (see [`synthesized_id`]).
pub fn header_message_id(block: &[u8]) -> Option<String> {
    let (headers, _) = mailparse::parse_headers(block).ok()?;
    headers
        .iter()
        .filter(|h| HeaderName::of(h.get_key_raw()) == Some(HeaderName::MessageId))
        .find_map(|h| {
            let text = raw_header_text(h.get_value_raw());
            parse_ids(&unfold(&text)).into_iter().next()
        })
}

/// Reads a Message-ID, In-Reply-To or References value: the `<id>`s in it,
/// without brackets, whitespace, comments or the prose some clients put
/// between them, deduplicated in order. A value with no brackets at all is
/// read as whitespace-separated ids, keeping those that look like one.
pub fn parse_ids(value: &str) -> Vec<String> {
    let mut ids = UniqueIds::default();
    let mut push = |id: &str| {
        let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
        let id = id.trim_matches(['<', '>', '"', ',', ';']);
        if !id.is_empty() {
            ids.push(id.to_owned());
        }
    };
    if value.contains('<') {
        let mut rest = value;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            match after.find(['>', '<']) {
                Some(close) if after.as_bytes()[close] == b'>' => {
                    push(&after[..close]);
                    rest = &after[close + 1..];
                }
                Some(close) => {
                    push(&after[..close]);
                    rest = &after[close..];
                }
                None => {
                    // An unclosed bracket: the id runs to the next space.
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    push(&after[..end]);
                    rest = &after[end..];
                }
            }
        }
    } else {
        let stripped = strip_comments(value);
        let tokens: Vec<&str> = stripped
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.len() == 1 {
            push(tokens[0]);
        } else {
            for t in tokens.into_iter().filter(|t| t.contains('@')) {
                push(t);
            }
        }
    }
    ids.list
}

/// Ids in the order first met, each once. The set makes each addition
/// constant time: a References header of 450,000 ids (10 MB) is read in
/// linear time, where searching the list was quadratic and took minutes.
#[derive(Default)]
pub(super) struct UniqueIds {
    pub(super) list: Vec<String>,
    seen: std::collections::HashSet<String>,
}

impl UniqueIds {
    fn push(&mut self, id: String) {
        if !self.seen.contains(&id) {
            self.seen.insert(id.clone());
            self.list.push(id);
        }
    }

    pub(super) fn extend(&mut self, ids: Vec<String>) {
        for id in ids {
            self.push(id);
        }
    }
}

/// Removes parenthesised comments (nested, with `\` escapes).
pub(super) fn strip_comments(value: &str) -> Cow<'_, str> {
    if !value.contains('(') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut depth = 0u32;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' if depth > 0 => escaped = true,
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(' ');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}
