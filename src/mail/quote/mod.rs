//! Finds where quoted history begins in a reply or a forward.
//!
//! The desk asks people not to quote earlier mail, so every imported message
//! is split into its own words and the history it drags along. The text is
//! read line by line, once; the first line that opens quoted history wins:
//!
//! - a `>` line (nested `> >` and `>>` too), with a short attribution such as
//!   "Kari skrev:" just above it taken along;
//! - an attribution ("On … wrote:", "Den … skrev …:", "Am … schrieb …:",
//!   "Le … a écrit :", "… 写道：" and their kin), also when a client wrapped it
//!   over up to four lines, and a bare "date, name <address>:";
//! - a mail-header block (From/Sent/To/Subject and its translations, bold
//!   `*From:*` forms and blocks with blank lines between the fields
//!   included, and the same fields run together on one line) that names a
//!   sender, a date and a recipient or subject in one language: a lone
//!   `From:` in a pasted log is not enough;
//! - a separator such as "-----Original Message-----",
//!   "-------- Přeposlaná zpráva --------" or "Begin forwarded message:",
//!   also with the forwarded header run on after it on the same line;
//! - a help desk's "reply above this line" below the writer's own words.
//!
//! The words each client writes, per language, are data in [`formats`].
//! When the text shows nothing, the HTML part is searched for the reply
//! containers mail clients write (`gmail_quote`, `<blockquote type="cite">`,
//! `divRplyFwdMsg`, …) and the message's own words are taken from the HTML
//! before the container. `>` lines that a converter made from a plain
//! `<blockquote>` (a newsletter's layout) are not quoting.
//!
//! Every check looks at a bounded window of short lines, so the work is linear
//! in the size of the message whatever it contains.

pub mod formats;

use std::sync::LazyLock;

use formats::{Field, INDEX, LangSet};
use regex::Regex;

/// A message split into its own words and the quoted history after them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    /// The message's own text, without quoted history, trimmed of trailing blank lines.
    pub new_text: String,
    /// True when the message quotes earlier mail.
    pub quoted: bool,
    /// The line (or HTML marker) where quoting was detected, for the flag's evidence.
    pub evidence: Option<String>,
}

/// Splits a message's text (and its HTML part, when it has one) into its own
/// words and quoted history.
pub fn split(text: &str, html: Option<&str>) -> Split {
    let (from_text, kind) = split_text(text);
    if from_text.quoted {
        // `>` lines alone, with nothing that names a reply, may be what a
        // converter made of an HTML `<blockquote>` used for layout: only a
        // reply container in the HTML confirms them.
        let layout = kind == Some(Kind::Gt)
            && html.is_some_and(|h| contains_ignore_ascii_case(h, "<blockquote"));
        if !layout {
            return from_text;
        }
        return match html.and_then(split_html) {
            Some(found) => found,
            None => Split {
                new_text: trimmed_join(&Doc::new(text).lines),
                quoted: false,
                evidence: None,
            },
        };
    }
    if let Some(found) = html.and_then(split_html) {
        return found;
    }
    from_text
}

fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    memchr::memmem::find(hay.to_ascii_lowercase().as_bytes(), needle.as_bytes()).is_some()
}

/// Lower case as the table writes it: Turkish `İ` lowers to `i` and a
/// combining dot, which the table's `i` does not have.
fn lower(s: &str) -> String {
    let l = s.to_lowercase();
    if l.contains('\u{307}') {
        l.replace("i\u{307}", "i")
    } else {
        l
    }
}

/// Lines longer than this are never attributions or header lines; skipping
/// them keeps every window small.
const MAX_MARKER_LINE: usize = 400;
/// How many lines a wrapped attribution may span.
const ATTRIBUTION_SPAN: usize = 4;
/// How many lines a header block may span (wrapped values included).
const HEADER_SPAN: usize = 12;
/// Longest evidence string kept.
const EVIDENCE_LEN: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Gt,
    Attribution,
    Header,
    Separator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Carries a date, a time or an address: an attribution on its own.
    Strong,
    /// "Kari skrev:" — only an attribution right above a `>` block.
    Weak,
}

/// The lines of a text with each line's header name read once, so that
/// header blocks are judged without reading a line twice.
struct Doc<'a> {
    lines: Vec<&'a str>,
    keys: Vec<Option<(Field, LangSet)>>,
    /// Whether the line holds a digit or an `@`: an attribution window
    /// without either cannot be a strong one and is not read further.
    marks: Vec<bool>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        let keys = lines.iter().map(|l| header_key(l)).collect();
        let marks = lines
            .iter()
            .map(|l| l.bytes().any(|b| b.is_ascii_digit() || b == b'@'))
            .collect();
        Doc { lines, keys, marks }
    }
}

fn split_text(text: &str) -> (Split, Option<Kind>) {
    let doc = Doc::new(text);
    let lines = &doc.lines;
    let Some((start, kind)) = find_start(&doc, 0, true) else {
        let split = Split {
            new_text: trimmed_join(lines),
            quoted: false,
            evidence: None,
        };
        return (split, None);
    };
    let evidence = Some(evidence_of(lines[start]));
    let mut cut = start;
    if matches!(kind, Kind::Header | Kind::Separator) {
        cut = back_over_separators(lines, cut);
    }
    let mut own: Vec<&str> = lines[..cut].to_vec();
    trim_trailing_blank(&mut own);
    let mut named = kind;
    if let Some(last) = own.last()
        && kind == Kind::Gt
        && attribution(&lower(last)) == Some(Strength::Weak)
    {
        own.pop();
        trim_trailing_blank(&mut own);
        named = Kind::Attribution;
    }
    if own.is_empty() && matches!(kind, Kind::Gt | Kind::Attribution) {
        own = inline_reply(&doc, start);
    }
    let split = Split {
        new_text: trimmed_join(&own),
        quoted: true,
        evidence,
    };
    (split, Some(named))
}

/// A reply that opens with the quote and answers between its lines: the
/// unquoted lines are the message's own words, up to any further history
/// that is not a `>` block. An attribution over text that is not a `>`
/// block (a forward, Outlook for Mac's indented quote) leaves no own words.
fn inline_reply<'a>(doc: &Doc<'a>, start: usize) -> Vec<&'a str> {
    let lines = &doc.lines;
    let mut from = start + 1;
    // Skip the opening attribution itself.
    if !is_gt(lines[start]) {
        from = attribution_end(doc, start).map_or(start + 1, |e| e + 1);
        let first = lines[from.min(lines.len())..]
            .iter()
            .find(|l| !l.trim().is_empty());
        if !first.is_some_and(|l| is_gt(l)) {
            return Vec::new();
        }
    }
    let from = from.min(lines.len());
    let stop = find_start(doc, from, false).map_or(lines.len(), |(s, _)| s);
    let mut own: Vec<&str> = lines[from..stop.max(from)]
        .iter()
        .copied()
        .filter(|l| !is_gt(l))
        .collect();
    // Removing the quoted lines leaves the blank lines around them.
    own.dedup_by(|a, b| a.trim().is_empty() && b.trim().is_empty());
    let lead = own.iter().take_while(|l| l.trim().is_empty()).count();
    own.drain(..lead);
    trim_trailing_blank(&mut own);
    own
}

/// The last line of a strong attribution that starts at `start`.
fn attribution_end(doc: &Doc<'_>, start: usize) -> Option<usize> {
    (start..doc.lines.len().min(start + ATTRIBUTION_SPAN))
        .find(|&j| attribution_window(doc, j).is_some_and(|s| s == start))
}

/// Finds the first line at or after `from` that opens quoted history. With
/// `with_gt` false, `>` lines are not considered (inline replies).
fn find_start(doc: &Doc<'_>, from: usize, with_gt: bool) -> Option<(usize, Kind)> {
    let lines = &doc.lines;
    let mut prefix_text = lines[..from].iter().any(|l| !l.trim().is_empty());
    let mut trace = false;
    for (j, &line) in lines.iter().enumerate().skip(from) {
        // `curl -v` marks the request it sent with `>` and the answer with
        // `<`: a trace pasted into a message is its writer's own text.
        trace = if trace {
            line.trim_start().starts_with(['>', '<', '*'])
        } else {
            is_http_request_trace(line)
        };
        if trace {
            prefix_text = true;
            continue;
        }
        if let Some(s) = attribution_window(doc, j)
            && s >= from
        {
            return Some((s, Kind::Attribution));
        }
        if with_gt && is_gt(line) {
            return Some((j, Kind::Gt));
        }
        if is_separator(line)
            || (is_worded_rule(line) && labelled_block_below(doc, j).is_some())
            || (is_opening_line(line)
                && labelled_block_below(doc, j).is_some_and(Labelled::is_forward_header))
        {
            return Some((j, Kind::Separator));
        }
        // Outlook's bare rule over labels the table does not know: the block
        // is the start, its first line the evidence, and the rule goes with it.
        if is_rule(line) && labelled_block_below(doc, j).is_some() {
            let first = (j + 1..lines.len()).find(|&k| !lines[k].trim().is_empty());
            return first.map(|k| (k, Kind::Header));
        }
        // A desk's marker with nothing above it is the desk's own
        // notification, not a reply to it.
        if prefix_text && is_above_marker(line) {
            return Some((j, Kind::Separator));
        }
        if header_block(doc, j, prefix_text) {
            return Some((j, Kind::Header));
        }
        if !line.trim().is_empty() {
            prefix_text = true;
        }
    }
    None
}

/// The request line `curl -v` prints: "> POST /v1/payments HTTP/1.1".
fn is_http_request_trace(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("> ") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("");
    let version = words.next().unwrap_or("");
    matches!(
        method,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    ) && (target.starts_with('/') || target == "*" || target.contains("://"))
        && version.starts_with("HTTP/")
        && words.next().is_none()
}

fn is_gt(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// Whether a trimmed line ends the way an attribution does: with a colon
/// (also the full-width one), a dash (Zoho's "---- On … wrote ----") or "wrote".
fn closes_attribution(last: &str) -> bool {
    let last = last.trim_end_matches(is_direction_mark);
    let b = last.as_bytes();
    last.ends_with([':', '：', '-'])
        || (b.len() >= 5 && b[b.len() - 5..].eq_ignore_ascii_case(b"wrote"))
}

/// When line `end` closes an attribution, the first line of the longest
/// window ending there that reads as a strong one.
fn attribution_window(doc: &Doc<'_>, end: usize) -> Option<usize> {
    let lines = &doc.lines;
    let last = lines[end].trim();
    if last.is_empty() || last.len() > MAX_MARKER_LINE || !closes_attribution(last) {
        return None;
    }
    let first = end.saturating_sub(ATTRIBUTION_SPAN - 1);
    if !doc.marks[first..=end].iter().any(|&m| m) {
        return None;
    }
    // Longest window first, so a wrapped "On …\n<addr>\nwrote:" is taken whole.
    for s in first..=end {
        if (s..=end).any(|k| {
            let t = lines[k].trim();
            t.is_empty() || t.len() > MAX_MARKER_LINE
        }) {
            continue;
        }
        if s < end && (is_gt(lines[s]) || !opener(lines[s])) {
            continue;
        }
        if s < end && (s + 1..=end).any(|k| is_gt(lines[k]) && lines[k].trim() != ">:") {
            continue;
        }
        if s == end && is_gt(lines[s]) {
            continue;
        }
        if !doc.marks[s..=end].iter().any(|&m| m) {
            continue;
        }
        let joined = lines[s..=end]
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        if attribution(&lower(&joined)) == Some(Strength::Strong) {
            return Some(s);
        }
    }
    None
}

/// The invisible marks that set the direction of Arabic or Hebrew text.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Rules of dashes that may open an attribution ("---- On … wrote ----").
const DASH_OPENERS: &[&str] = &["---", "----", "-----"];

/// Whether `word` (lower case) is a word an attribution opens with.
fn is_opener_word(word: &str) -> bool {
    DASH_OPENERS.contains(&word)
        || INDEX
            .openers
            .iter()
            .any(|o| o.split(' ').next().is_some_and(|w| w == word))
}

/// Whether a line can be the first of a wrapped attribution: it opens with
/// one of the usual words or carries a date within its first characters.
fn opener(line: &str) -> bool {
    let t = line.trim_start();
    let first_word = t.split_whitespace().next().unwrap_or("");
    let first_word = first_word.trim_end_matches([',', '.']).to_lowercase();
    is_opener_word(&first_word) || t.chars().take(16).any(|c| c.is_ascii_digit())
}

/// Where the attribution verbs stand in a lower-cased candidate: at its end
/// ("… wrote"), before the sender's name ("… skrev Kari:") and, of those,
/// opening it (Thunderbird's "skrev Kari:", "كتب Kari:").
fn verbs_in(body: &str) -> (bool, bool, bool) {
    let (mut at_end, mut inside, mut at_start) = (false, false, false);
    for m in INDEX.verbs.find_iter(body) {
        let before = body[..m.start()].chars().next_back();
        let after = body[m.end()..].chars().next();
        let unspaced = INDEX.verb_unspaced[m.pattern().as_usize()];
        let bounded = unspaced
            || (before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric()));
        if !bounded {
            continue;
        }
        let rest = body[m.end()..].trim_matches(|c: char| {
            c.is_whitespace()
                || is_direction_mark(c)
                || matches!(c, '(' | ')' | '[' | ']' | '"' | '.')
        });
        // An Arabic or Hebrew line may end with direction marks.
        if rest.is_empty() {
            at_end = true;
        } else {
            inside = true;
            at_start |= m.start() == 0;
        }
    }
    (at_end, inside, at_start)
}

/// Reads a lower-cased, joined candidate line as an attribution.
fn attribution(s: &str) -> Option<Strength> {
    // Zoho's "---- Am … schrieb Kari <k@x> ----" closes with its rule.
    let ruled = s.trim().starts_with("---") && s.trim().ends_with("---");
    let s = s.trim_matches(|c: char| {
        c == '-' || c == '*' || c == '_' || c.is_whitespace() || is_direction_mark(c)
    });
    if s.is_empty() || s.len() > 2 * MAX_MARKER_LINE {
        return None;
    }
    let (body, colon) = match s.strip_suffix(':').or_else(|| s.strip_suffix('：')) {
        Some(b) => (b.trim_end(), true),
        None => (s, false),
    };
    let has_at = body.contains('@');
    let has_time = has_time(body);
    let has_digit = body.chars().any(|c| c.is_ascii_digit());
    let first_word = body
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',');
    let opens = is_opener_word(first_word) || body.starts_with(|c: char| c.is_ascii_digit());
    let strong_marks = has_at || has_time || (opens && has_digit);
    let (ends_verb, mid, opens_verb) = verbs_in(body);
    let mid_verb = (colon || ruled) && mid;
    if ends_verb && !colon {
        // "On Wed, 14 Nov 2018 … John <j@x> wrote" without its colon.
        if first_word == "on" && strong_marks {
            return Some(Strength::Strong);
        }
        // Roundcube's Slovenian "12.03.2026 09:41, je Kari napisal" has no
        // colon at all: a date and a verb, read only right above a `>` block.
        return (strong_marks && body.len() <= 120).then_some(Strength::Weak);
    }
    if ends_verb || mid_verb {
        if strong_marks {
            return Some(Strength::Strong);
        }
        // "Kari skrev:" and "skrev Kari:" name only the writer: enough
        // right above a `>` block.
        let named = ends_verb || (colon && opens_verb);
        return (named && body.len() <= 80).then_some(Strength::Weak);
    }
    if !colon {
        // Nextcloud Mail writes no words in any language: "\"Kari\"
        // kari@x.no – 12. März 2026 um 09:41", only right above a `>` block.
        let nextcloud = body.starts_with('"')
            && has_at
            && body.contains(" – ")
            && (has_time || has_date(body))
            && body.len() <= 160;
        return nextcloud.then_some(Strength::Weak);
    }
    // Clients that write no verb at all: "26.06.2014, 14:41, "Kari" <k@x.no>:",
    // "2026年3月12日(木) 9:41 Kari <k@x>:".
    let addressed = body.trim_end_matches(')').ends_with('>') && has_at;
    if addressed && (has_time || has_date(body)) {
        return Some(Strength::Strong);
    }
    // "On 12 March 2026, at 09:41, Kari:": a date and a name, only above a
    // `>` block.
    if has_time && has_date(body) && body.len() <= 120 && !body.contains(": ") {
        return Some(Strength::Weak);
    }
    // Horde's "Quoting Kari <k@x>:" and "Zitat von Kari <k@x>:": a name and
    // its address, only above a `>` block.
    if addressed && body.len() <= 120 && !body.contains(": ") {
        return Some(Strength::Weak);
    }
    None
}

/// A clock time such as `10:12` or `10.00`.
fn has_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_digit()
            && (w[1] == b':' || w[1] == b'.')
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    })
}

/// A clock time standing alone (`09:41`, `9.41`, `09:41:00`, `上午9:41`),
/// not the digits of a numeric date such as `12.03.2026`.
fn has_clock_time(s: &str) -> bool {
    static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9./:-])([0-9]{1,2})[:.][0-9]{2}(?:[:.][0-9]{2})?(?:$|[^0-9./:-]|[.:-][^0-9])")
            .expect("clock pattern")
    });
    CLOCK.is_match(s)
}

/// A year (19xx, 20xx) or a numeric date such as `12.03.26` or `3/12/2026`.
fn has_date(s: &str) -> bool {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:(?:19|20)\d\d|\d{1,4}[./-]\d{1,2}[./-]\d{1,4})(?-u:\b)")
            .expect("date pattern")
    });
    DATE.is_match(s)
}

/// Characters that decorate a separator line. Proton's web app drew its
/// "Original Message" rule with U+2010 hyphens.
fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '-' | '_'
            | '='
            | '*'
            | '#'
            | '~'
            | '—'
            | '–'
            | '\u{2010}'
            | '\u{2011}'
            | ' '
            | '\u{a0}'
            | '['
            | ']'
    )
}

/// Whether a line opens a quoted or forwarded message on its own: a rule
/// around known words ("-----Original Message-----", "*-------- Original
/// Message --------*"), maybe with the forwarded header run on after it
/// ("----- Forwarded Message ----- From: …"), or a forward's opening line
/// ("Begin forwarded message:").
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    if t.len() < 6 || t.len() > MAX_MARKER_LINE {
        return false;
    }
    let decorated = t.starts_with(|c: char| is_decoration(c) && c != ' ');
    let colon = t.ends_with([':', '：']);
    if !decorated && !colon {
        return false;
    }
    let lower = lower(t);
    if colon && lower.len() <= 120 {
        let body = lower
            .trim_end_matches([':', '：'])
            .trim_matches(is_decoration)
            .trim_end();
        if INDEX.begins.contains(&body) {
            return true;
        }
    }
    if !decorated {
        return false;
    }
    let inner = lower.trim_start_matches(is_decoration);
    INDEX.rules.iter().any(|rule| {
        inner.strip_prefix(rule).is_some_and(|rest| {
            let after = rest.trim_start_matches(is_decoration);
            // The words alone, or the rule closed and a header run on.
            after.is_empty() || (after.len() < rest.len() && header_key(after).is_some())
        })
    })
}

/// "Reply above this line" and its kin, the help desks' notification markers.
fn is_above_marker(line: &str) -> bool {
    let t = line.trim();
    if t.len() < 12 || t.len() > 120 {
        return false;
    }
    // One pass of the markers' automaton keeps other lines cheap; only a
    // line that holds one is lowered and compared whole.
    if INDEX.above_markers.find(t).is_none() {
        return false;
    }
    let lower = lower(t);
    let inner = lower.trim_matches(|c: char| is_decoration(c) || c == '.');
    INDEX
        .aboves
        .iter()
        .any(|a| inner == *a || inner.ends_with(a))
}

/// A line of only `_`, `-`, `=` or `*` (Outlook's rule above its header block).
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 4 && t.chars().all(|c| matches!(c, '_' | '-' | '=' | '*' | '—'))
}

/// A rule of dashes around a few words in any language ("---------- Vidarebefordrat
/// meddelande ----------"): the shape of every client's forward and
/// original-message separator, whatever words it holds.
fn is_worded_rule(line: &str) -> bool {
    dashed_words(line).is_some_and(|inner| {
        inner.split_whitespace().count() <= 6
            && !inner.contains(|c: char| c.is_ascii_digit() || matches!(c, '@' | ':' | '/'))
    })
}

/// The words between two runs of at least three dashes ("----- Forwarded by
/// Kari/ACME on 12.03.2026 09:41 -----" gives the middle).
fn dashed_words(line: &str) -> Option<&str> {
    let t = line.trim().trim_matches('*').trim();
    if t.len() < 10 || t.len() > 120 {
        return None;
    }
    let dashes = |c: char| matches!(c, '-' | '_' | '=' | '—' | '–' | '\u{2010}' | '\u{2011}');
    let lead = t.chars().take_while(|&c| dashes(c)).count();
    let trail = t.chars().rev().take_while(|&c| dashes(c)).count();
    let inner = t.trim_matches(dashes).trim();
    (lead >= 3 && trail >= 3 && inner.chars().any(char::is_alphabetic)).then_some(inner)
}

/// A forward's opening line in words the table may not know ("Begin
/// forwarded message:" in another language): a few words and a colon.
fn is_opening_line(line: &str) -> bool {
    let t = line.trim();
    let Some(body) = t.strip_suffix([':', '：']) else {
        return false;
    };
    let words = body.split_whitespace().count();
    (1..=5).contains(&words)
        && body.len() <= 60
        && body.chars().any(char::is_alphabetic)
        && !body.contains(|c: char| c.is_ascii_digit() || matches!(c, '@' | ':' | '<' | '>'))
}

/// What a labelled block below a line shows of a mail header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Labelled {
    /// Two addresses or more (a sender and a recipient), not only the first
    /// line's "Name <address>".
    two_addresses: bool,
    /// A date with its clock time, as every client writes a sent date.
    timed: bool,
}

impl Labelled {
    /// Enough to read a line of words and a colon above it as a forward's
    /// opening line: a pasted order or contact card seldom has both.
    fn is_forward_header(self) -> bool {
        self.two_addresses && self.timed
    }
}

/// Whether a forwarded message's header follows line `above` (a rule or an
/// opening line) in a language the table may not know: at least three "Label: value" lines with a date and
/// either two addresses (sender and recipient) or a "Name <address>" first.
/// Labels are short words, and one bare address is not enough, so an order
/// summary or a contact card under a banner stays the writer's own text.
fn labelled_block_below(doc: &Doc<'_>, above: usize) -> Option<Labelled> {
    let mut k = above + 1;
    if doc.lines.get(k).is_some_and(|l| l.trim().is_empty()) {
        k += 1;
    }
    let (mut labels, mut addresses, mut named_first) = (0, 0, false);
    let (mut date, mut timed) = (false, false);
    for line in doc.lines.iter().skip(k).take(HEADER_SPAN) {
        let t = line.trim().trim_start_matches('*');
        let Some((label, value)) = t.split_once([':', '：']) else {
            break;
        };
        let label = label.trim_end_matches('*').trim();
        let words = label.split_whitespace().count();
        if label.is_empty()
            || label.chars().count() > 30
            || words > 3
            || label.contains(|c: char| c.is_ascii_digit() || c == '>')
            || value.trim().is_empty()
        {
            break;
        }
        let address = value.contains('@');
        if labels == 0 {
            named_first = address && value.contains('<');
        }
        labels += 1;
        addresses += usize::from(address);
        date |= has_date(value) || has_time(value);
        timed |= has_date(value) && has_clock_time(value);
    }
    if labels < 3 || !date {
        return None;
    }
    (addresses >= 2 || named_first).then_some(Labelled {
        two_addresses: addresses >= 2,
        timed,
    })
}

/// Moves a cut above the rule and blank lines that precede a header block,
/// also a rule with words the table does not know (Lotus Notes' "----- Forwarded
/// by … on … -----"): the block below already shows a message begins there.
fn back_over_separators(lines: &[&str], mut cut: usize) -> usize {
    let mut k = cut;
    while k > 0 {
        let prev = lines[k - 1];
        if prev.trim().is_empty() {
            k -= 1;
        } else if is_rule(prev) || dashed_words(prev).is_some() {
            k -= 1;
            cut = k;
        } else {
            break;
        }
    }
    cut
}

/// The field a header-looking line names ("From:", "*Fra:*", "De :",
/// "** De : … **", "发件人：").
fn header_key(line: &str) -> Option<(Field, LangSet)> {
    let t = line.trim_start().trim_start_matches('*').trim_start();
    let limit = t.len().min(INDEX.longest_label + 8);
    let head = &t.as_bytes()[..limit];
    let colon = head.iter().position(|&b| b == b':');
    // The full-width colon is three bytes: EF BC 9A.
    let wide = head.windows(3).position(|w| w == "：".as_bytes());
    let end = match (colon, wide) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    let key = t[..end].trim().trim_end_matches('*').trim();
    if key.is_empty() || key.len() > INDEX.longest_label {
        return None;
    }
    let mut buf = [0u8; 64];
    let found = if key.is_ascii() && key.len() <= buf.len() {
        let b = &mut buf[..key.len()];
        b.copy_from_slice(key.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b)
            .ok()
            .and_then(|k| INDEX.labels.get(k))
    } else {
        INDEX.labels.get(lower(key).as_str())
    };
    found.copied()
}

/// Whether a header block of quoted mail starts at line `i`: a sender, a date
/// and a recipient within a few lines, in one language. A block without a
/// recipient but with a subject counts only below the writer's own text.
/// Single blank lines between fields are read over (a block converted from
/// HTML paragraphs), and a line with the fields run together counts too.
fn header_block(doc: &Doc<'_>, i: usize, prefix_text: bool) -> bool {
    let Some((first, _)) = doc.keys[i] else {
        return false;
    };
    if doc.lines[i].len() > MAX_MARKER_LINE {
        return false;
    }
    if first == Field::From && one_line_block(doc.lines[i], prefix_text) {
        return true;
    }
    let (mut from, mut date, mut to, mut subject) = (false, false, false, false);
    let mut langs = LangSet::MAX;
    let mut continuation = 0;
    let end = doc.lines.len().min(i + HEADER_SPAN);
    for k in i..end {
        let line = doc.lines[k];
        if line.trim().is_empty() {
            if doc.keys.get(k + 1).is_some_and(Option::is_some) {
                continue;
            }
            break;
        }
        match doc.keys[k] {
            Some((field, l)) => {
                continuation = 0;
                if field != Field::Cc {
                    langs &= l;
                }
                match field {
                    Field::From => from = true,
                    Field::Date => date = true,
                    Field::To => to = true,
                    Field::Subject => subject = true,
                    Field::Cc => {}
                }
            }
            None => {
                continuation += 1;
                if continuation > 2 {
                    break;
                }
            }
        }
        if langs == 0 {
            return false;
        }
        if from && date && (to || (subject && prefix_text)) {
            return true;
        }
    }
    false
}

/// "From: Kari <k@x> Sent: Thursday, 12 March 2026 09:41 To: Ola Subject: x"
/// on one line: the labels after the first, found before each colon, must
/// give a date and a recipient or subject in the sender label's language.
fn one_line_block(line: &str, prefix_text: bool) -> bool {
    let Some((_, mut langs)) = header_key(line) else {
        return false;
    };
    let (mut date, mut to, mut subject) = (false, false, false);
    let mut seen_first = false;
    for (pos, _) in line.match_indices(':') {
        if !seen_first {
            seen_first = true;
            continue;
        }
        let before = line[..pos].trim_end().trim_end_matches('*');
        // The label is the last one to three words before the colon.
        let words: Vec<(usize, &str)> = before
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(k, _)| (k, &before[k + 1..]))
            .collect();
        let found = words
            .iter()
            .rev()
            .take(3)
            .find_map(|&(_, label)| header_key(&format!("{label}:")));
        if let Some((field, l)) = found {
            if field == Field::Cc {
                continue;
            }
            langs &= l;
            match field {
                Field::Date => date = true,
                Field::To => to = true,
                Field::Subject => subject = true,
                Field::From | Field::Cc => {}
            }
        }
    }
    langs != 0 && date && (to || (subject && prefix_text))
}

fn evidence_of(line: &str) -> String {
    line.trim().chars().take(EVIDENCE_LEN).collect()
}

fn trim_trailing_blank(lines: &mut Vec<&str>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
}

fn trimmed_join(lines: &[&str]) -> String {
    let mut end = lines.len();
    while end > 0 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    lines[..end].join("\n")
}

/// How far after an `<hr>` its header block must begin.
const HR_WINDOW: usize = 600;

fn split_html(html: &str) -> Option<Split> {
    let lower = html.to_ascii_lowercase();
    let mut best: Option<usize> = INDEX.html_markers.find(&lower).map(|m| {
        let pos = m.start();
        lower[..pos].rfind('<').unwrap_or(pos)
    });
    let mut search = 0;
    while let Some(rel) = lower[search..].find("<hr") {
        let pos = search + rel;
        if best.is_some_and(|b| pos >= b) {
            break;
        }
        let mut end = (pos + HR_WINDOW).min(lower.len());
        while !lower.is_char_boundary(end) {
            end -= 1;
        }
        let window = strip_tags(&lower[pos..end]);
        let text: Vec<&str> = window.lines().filter(|l| !l.trim().is_empty()).collect();
        let text = text.join("\n");
        let doc = Doc::new(&text);
        // A rule over a whole header block, not over a feed's or a
        // newsletter's "Date:" footer.
        let opens_block = doc
            .keys
            .first()
            .is_some_and(|k| k.is_some_and(|(f, _)| matches!(f, Field::From | Field::Date)))
            && header_block(&doc, 0, true);
        if opens_block {
            best = Some(pos);
            break;
        }
        search = pos + 3;
    }
    let start = best?;
    let tag_end = lower[start..]
        .find('>')
        .map_or(lower.len(), |e| start + e + 1);
    let evidence = html[start..tag_end].chars().take(EVIDENCE_LEN).collect();
    let before = html2text::from_read(&html.as_bytes()[..start], 10_000).unwrap_or_default();
    // The part before the container may end with "On … wrote:".
    let (own, _) = split_text(&before);
    Some(Split {
        new_text: own.new_text,
        quoted: true,
        evidence: Some(evidence),
    })
}

/// Text of an HTML fragment without its tags, one line per block.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_are_not_the_digits_of_a_date() {
        for t in [
            "12. mars 2026 kl. 09:41:00 CET",
            "Thu, 12 Mar 2026 9.41",
            "2026年3月12日 上午9:41",
            "at 9:41 AM",
        ] {
            assert!(has_clock_time(t), "{t}");
        }
        for t in ["12.03.2026", "2026-03-12", "3/12/2026", "Beløp: 100.50 kr"] {
            assert!(!has_clock_time(t), "{t}");
        }
    }

    #[test]
    fn attribution_strengths() {
        assert_eq!(
            attribution("on mon, 2 mar 2026 at 10:12, kari <k@x.no> wrote:"),
            Some(Strength::Strong)
        );
        assert_eq!(attribution("kari skrev:"), Some(Strength::Weak));
        assert_eq!(attribution("skrev kari nordmann:"), Some(Strength::Weak));
        assert_eq!(attribution("skrev kari nordmann"), None);
        assert_eq!(attribution("our customer wrote:"), Some(Strength::Weak));
        assert_eq!(attribution("on your remote host you can run:"), None);
        assert_eq!(
            attribution("ср, 30 апр. 2025 г. в 15:19, john doe <doe@example.com>:"),
            Some(Strength::Strong)
        );
        assert_eq!(
            attribution("kari <kari@example.com> 于2026年3月12日周四 09:41写道："),
            Some(Strength::Strong)
        );
        assert_eq!(
            attribution("on 12 march 2026, at 09:41, kari nordmann:"),
            Some(Strength::Weak)
        );
        // A verb inside another word is not one.
        assert_eq!(attribution("kari rewrote:"), None);
    }

    /// Proton's web app puts its translated verb where each locale wants it:
    /// after the name, before it, or (Korean) after a leading particle. Each
    /// must read as a full attribution, not only as a date and a name that
    /// needs a `>` block below it.
    #[test]
    fn proton_web_attributions_are_strong_in_every_word_order() {
        for line in [
            "2026年3月12日木曜日 9:41 に kari nordmann <kari@example.com> が作成:",
            "에 2026년 3월 12일 목요일 오전 9:41 kari nordmann <kari@example.com> 님이 작성함:",
            "på torsdag 12. mars 2026 kl. 09:41, skrev kari nordmann <kari@example.com>:",
            "dne četrtek, 12. marec 2026 09:41 je kari nordmann <kari@example.com> napisal/-a:",
            "štvrtok 12. marca 2026, 9:41, kari nordmann <kari@example.com> napísal/a:",
            "kari nordmann <kari@example.com> schrieb am donnerstag, 12. märz 2026 um 09:41:",
        ] {
            assert_eq!(attribution(line), Some(Strength::Strong), "{line}");
        }
    }

    #[test]
    fn header_keys_are_read_in_bold_and_spaced_forms() {
        assert!(matches!(header_key("*From:* x"), Some((Field::From, _))));
        assert!(matches!(header_key("De : x"), Some((Field::From, _))));
        assert!(matches!(header_key("** De : x **"), Some((Field::From, _))));
        assert!(matches!(
            header_key("Envoyé le :jeudi"),
            Some((Field::Date, _))
        ));
        assert!(matches!(header_key("发件人：张三"), Some((Field::From, _))));
        assert!(matches!(
            header_key("Předmět: x"),
            Some((Field::Subject, _))
        ));
        assert!(header_key("Settings > Payments").is_none());
    }

    #[test]
    fn separators_decorated_and_run_on() {
        assert!(is_separator("*-------- Original Message --------*"));
        assert!(is_separator(
            "\u{2010}\u{2010}\u{2010} Original Message \u{2010}\u{2010}\u{2010}"
        ));
        assert!(is_separator(
            "----- Forwarded Message ----- From: Kari <k@x.no> To: Ola"
        ));
        assert!(is_separator(
            "-------- Ursprüngliche Nachricht --------Von: Kari <k@x.de>"
        ));
        assert!(is_separator("============ Forwarded message ============"));
        assert!(is_separator("Begin forwarded message:"));
        assert!(is_separator("Début du message réexpédié :"));
        assert!(!is_separator(
            "----- Original Message is below, read it -----"
        ));
        assert!(!is_separator("-----"));
    }
}
