//! Where searched words occur in a text, found as the search index finds
//! them, and a short excerpt around them with each match marked.
//!
//! The index (FTS5's `unicode61` tokenizer with diacritics kept) splits
//! text into runs of letters and digits and folds their case; a word the
//! user typed matches a run of such tokens, its last one also as a prefix
//! unless it was quoted. Doing the same here lets the CLI's snippets and
//! the TUI's highlighting mark exactly what the index matched, without
//! asking SQLite to build a snippet for every matching row.

use std::ops::Range;

/// One searched word or phrase, as tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    tokens: Vec<String>,
    /// The last token also matches as the start of a longer one.
    prefix: bool,
}

impl Needle {
    /// The needle for a typed word (`prefix`) or quoted phrase; None when
    /// it holds no letter or digit.
    pub fn new(text: &str, prefix: bool) -> Option<Needle> {
        let tokens: Vec<String> = tokens(text).into_iter().map(|(_, t)| t).collect();
        (!tokens.is_empty()).then_some(Needle { tokens, prefix })
    }

    fn matches_at(&self, hay: &[(Range<usize>, String)], at: usize) -> bool {
        let n = self.tokens.len();
        if at + n > hay.len() {
            return false;
        }
        self.tokens.iter().enumerate().all(|(k, want)| {
            let got = &hay[at + k].1;
            if k + 1 == n && self.prefix {
                got.starts_with(want.as_str())
            } else {
                got == want
            }
        })
    }
}

/// The text's tokens: byte ranges of letter-and-digit runs, each with its
/// case-folded form.
fn tokens(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, fold(&text[s..i])));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), fold(&text[s..])));
    }
    out
}

fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The byte ranges of `text` that any of `needles` matches, in order and
/// not overlapping.
pub fn find(text: &str, needles: &[Needle]) -> Vec<Range<usize>> {
    let hay = tokens(text);
    token_matches(&hay, needles)
        .into_iter()
        .map(|r| hay[r.start].0.start..hay[r.end - 1].0.end)
        .collect()
}

/// Matches as ranges of token indexes, in order, not overlapping.
fn token_matches(hay: &[(Range<usize>, String)], needles: &[Needle]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while at < hay.len() {
        let longest = needles
            .iter()
            .filter(|n| n.matches_at(hay, at))
            .map(|n| n.tokens.len())
            .max();
        match longest {
            Some(len) => {
                out.push(at..at + len);
                at += len;
            }
            None => at += 1,
        }
    }
    out
}

/// About `width` tokens of `text` around the place where the most matches
/// are, each match between `open` and `close`, with `…` where the text was
/// cut. None when nothing in `text` matches.
pub fn snippet(
    text: &str,
    needles: &[Needle],
    open: &str,
    close: &str,
    width: usize,
) -> Option<String> {
    let hay = tokens(text);
    let found = token_matches(&hay, needles);
    if found.is_empty() {
        return None;
    }
    let width = width.max(1);
    // The window of `width` tokens that starts at a match and covers the
    // most of them; a little context before the first.
    let mut best = (0, found[0].start);
    for (i, m) in found.iter().enumerate() {
        let covered = found[i..]
            .iter()
            .take_while(|n| n.end <= m.start + width)
            .count();
        if covered > best.0 {
            best = (covered, m.start);
        }
    }
    let lead = (width / 4).min(best.1);
    let first = best.1 - lead;
    let last = (first + width).min(hay.len());
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    // Uncut ends keep what surrounds their tokens ("<kari@example.com>").
    let mut pos = if first == 0 { 0 } else { hay[first].0.start };
    for m in found.iter().filter(|m| m.start >= first && m.end <= last) {
        let (s, e) = (hay[m.start].0.start, hay[m.end - 1].0.end);
        out.push_str(&text[pos..s]);
        out.push_str(open);
        out.push_str(&text[s..e]);
        out.push_str(close);
        pos = e;
    }
    let end = if last == hay.len() {
        text.len()
    } else {
        hay[last - 1].0.end
    };
    out.push_str(&text[pos.min(end)..end]);
    if last < hay.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn needles(words: &[(&str, bool)]) -> Vec<Needle> {
        words
            .iter()
            .filter_map(|(w, p)| Needle::new(w, *p))
            .collect()
    }

    #[test]
    fn words_match_as_the_index_does() {
        let text = "Capture of VSD-41234 failed; CAPTURED twice. Blåbær-syltetøy!";
        let n = needles(&[("capt", true)]);
        let found: Vec<&str> = find(text, &n).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Capture", "CAPTURED"]);
        // A key is a phrase of two tokens; a quoted word is no prefix.
        let n = needles(&[("vsd-41234", true), ("\"twice\"", false)]);
        let found: Vec<&str> = find(text, &n).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["VSD-41234", "twice"]);
        let n = needles(&[("tw", false)]);
        assert!(find(text, &n).is_empty());
        // Letters with diacritics are letters, matched without folding them away.
        let n = needles(&[("blåbær", true)]);
        assert_eq!(find(text, &n).len(), 1);
        assert!(find(text, &needles(&[("blabaer", true)])).is_empty());
        assert!(Needle::new("-- **", true).is_none());
    }

    #[test]
    fn the_snippet_marks_matches_and_says_where_it_was_cut() {
        let text = "one two three four five six seven eight nine ten eleven twelve \
                    thirteen fourteen refund fifteen sixteen seventeen eighteen";
        let s = snippet(text, &needles(&[("refund", true)]), "[", "]", 8).expect("match");
        assert_eq!(
            s,
            "…thirteen fourteen [refund] fifteen sixteen seventeen eighteen"
        );
        let s = snippet("Refund it.", &needles(&[("refund", true)]), "[", "]", 8).expect("match");
        assert_eq!(s, "[Refund] it.");
        let s = snippet(
            "Kari <kari@example.com>",
            &needles(&[("kari", true)]),
            "[",
            "]",
            8,
        )
        .expect("match");
        assert_eq!(s, "[Kari] <[kari]@example.com>");
        assert_eq!(
            snippet("nothing here", &needles(&[("x", true)]), "[", "]", 8),
            None
        );
    }

    proptest! {
        /// Whatever the text and the words, the marks sit on char
        /// boundaries and the snippet holds only the text's own letters.
        #[test]
        fn any_text_and_words_give_ranges_on_char_boundaries(
            text in "[ -~æøåÆØÅİß\u{301}]{0,60}",
            word in "[ -~æøåİß]{0,8}",
        ) {
            let n = needles(&[(word.as_str(), true)]);
            for r in find(&text, &n) {
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.start < r.end);
            }
            if let Some(s) = snippet(&text, &n, "[", "]", 12) {
                prop_assert!(s.contains('['));
            }
        }
    }
}
