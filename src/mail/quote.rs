//! Finds where quoted history begins in a reply.
//!
//! The desk asks people not to quote earlier mail, so every imported message
//! is split into its own words and the history it drags along. The text is
//! read line by line, once; the first line that opens quoted history wins:
//!
//! - a `>` line (nested `> >` and `>>` too), with a short attribution such as
//!   "Kari skrev:" just above it taken along;
//! - an attribution ("On … wrote:", "Den … skrev …:", "Am … schrieb …:",
//!   "Le … a écrit :" and their kin), also when a client wrapped it over up to
//!   four lines;
//! - a mail-header block (From/Sent/To/Subject and its translations, bold
//!   `*From:*` forms included) that names a sender, a date and a recipient or
//!   subject in one language: a lone `From:` in a pasted log is not enough;
//! - a separator such as "-----Original Message-----" or
//!   "-----Opprinnelig melding-----".
//!
//! When the text shows nothing, the HTML part is searched for the reply
//! containers mail clients write (`gmail_quote`, `<blockquote type="cite">`,
//! `divRplyFwdMsg`, …) and the message's own words are taken from the HTML
//! before the container.
//!
//! Every check looks at a bounded window of short lines, so the work is linear
//! in the size of the message whatever it contains.

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
    let from_text = split_text(text);
    if from_text.quoted {
        return from_text;
    }
    if let Some(found) = html.and_then(split_html) {
        return found;
    }
    from_text
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
    keys: Vec<Option<(Field, u16)>>,
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

fn split_text(text: &str) -> Split {
    let doc = Doc::new(text);
    let lines = &doc.lines;
    let Some((start, kind)) = find_start(&doc, 0, true) else {
        return Split {
            new_text: trimmed_join(lines),
            quoted: false,
            evidence: None,
        };
    };
    let evidence = Some(evidence_of(lines[start]));
    let mut cut = start;
    if matches!(kind, Kind::Header | Kind::Separator) {
        cut = back_over_separators(lines, cut);
    }
    let mut own: Vec<&str> = lines[..cut].to_vec();
    trim_trailing_blank(&mut own);
    if let Some(last) = own.last()
        && kind == Kind::Gt
        && attribution(&last.to_lowercase()) == Some(Strength::Weak)
    {
        own.pop();
        trim_trailing_blank(&mut own);
    }
    if own.is_empty() && matches!(kind, Kind::Gt | Kind::Attribution) {
        own = inline_reply(&doc, start);
    }
    Split {
        new_text: trimmed_join(&own),
        quoted: true,
        evidence,
    }
}

/// A reply that opens with the quote and answers between its lines: the
/// unquoted lines are the message's own words, up to any further history
/// that is not a `>` block.
fn inline_reply<'a>(doc: &Doc<'a>, start: usize) -> Vec<&'a str> {
    let lines = &doc.lines;
    let mut from = start + 1;
    // Skip the opening attribution itself.
    if !is_gt(lines[start]) {
        from = attribution_end(doc, start).map_or(start + 1, |e| e + 1);
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
    for (j, &line) in lines.iter().enumerate().skip(from) {
        if let Some(s) = attribution_window(doc, j)
            && s >= from
        {
            return Some((s, Kind::Attribution));
        }
        if with_gt && is_gt(line) {
            return Some((j, Kind::Gt));
        }
        if is_separator(line) {
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

fn is_gt(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// When line `end` closes an attribution (ends with ':' or a verb), the first
/// line of the longest window ending there that reads as a strong one.
fn attribution_window(doc: &Doc<'_>, end: usize) -> Option<usize> {
    let lines = &doc.lines;
    let last = lines[end].trim();
    if last.is_empty() || last.len() > MAX_MARKER_LINE {
        return None;
    }
    let b = last.as_bytes();
    let closes = last.ends_with(':')
        || last.ends_with('-')
        || (b.len() >= 5 && b[b.len() - 5..].eq_ignore_ascii_case(b"wrote"));
    if !closes {
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
            .join(" ")
            .to_lowercase();
        if attribution(&joined) == Some(Strength::Strong) {
            return Some(s);
        }
    }
    None
}

/// Words an attribution may open with.
const OPENERS: &[&str] = &[
    "on", "le", "am", "den", "op", "el", "il", "em", "w", "dnia", "dne", "---", "----", "-----",
];

/// Whether a line can be the first of a wrapped attribution: it opens with
/// one of the usual words or carries a date within its first characters.
fn opener(line: &str) -> bool {
    let t = line.trim_start();
    let first_word = t.split_whitespace().next().unwrap_or("");
    let first_word = first_word.trim_end_matches([',', '.']);
    OPENERS.iter().any(|o| o.eq_ignore_ascii_case(first_word))
        || t.chars().take(16).any(|c| c.is_ascii_digit())
}

/// Attribution verbs that end the line ("John wrote:").
const END_VERBS: &[&str] = &[
    "wrote",
    "writes",
    "skrev",
    "schrieb",
    "a écrit",
    "schreef",
    "escribió",
    "kirjoitti",
    "napisał(a)",
    "napisał",
    "napisała",
    "ha scritto",
    "escreveu",
    "написал",
    "написала",
    "napsal",
];

/// Attribution verbs followed by the sender's name ("… skrev Kari <k@x.no>:").
const MID_VERBS: &[&str] = &[
    " wrote ",
    " skrev ",
    " schrieb ",
    " a écrit ",
    " schreef ",
    " escribió ",
    " kirjoitti ",
    " napisał ",
    " napisał(a) ",
    " ha scritto ",
    " escreveu ",
];

/// Reads a lower-cased, joined candidate line as an attribution.
fn attribution(s: &str) -> Option<Strength> {
    let s = s.trim_matches(|c: char| c == '-' || c == '*' || c == '_' || c.is_whitespace());
    if s.is_empty() || s.len() > 2 * MAX_MARKER_LINE {
        return None;
    }
    let (body, colon) = match s.strip_suffix(':') {
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
    let opens = OPENERS.contains(&first_word) || body.starts_with(|c: char| c.is_ascii_digit());
    let strong_marks = has_at || has_time || (opens && has_digit);
    let ends_verb = END_VERBS.iter().any(|v| {
        body.strip_suffix(v).is_some_and(|rest| {
            rest.is_empty() || rest.ends_with([' ', '>', ')', ']', '"', '\u{a0}'])
        })
    });
    let mid_verb = colon && MID_VERBS.iter().any(|v| body.contains(v));
    if ends_verb && !colon {
        // "On Wed, 14 Nov 2018 … John <j@x> wrote" without its colon.
        return (first_word == "on" && strong_marks).then_some(Strength::Strong);
    }
    if ends_verb || mid_verb {
        if strong_marks {
            return Some(Strength::Strong);
        }
        return (ends_verb && body.len() <= 80).then_some(Strength::Weak);
    }
    // Clients that write no verb at all: "26.06.2014, 14:41, "Kari" <k@x.no>:".
    if colon && body.ends_with('>') && has_at && has_time {
        return Some(Strength::Strong);
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

/// Separator lines that open a quoted or forwarded message.
const SEPARATORS: &[&str] = &[
    "original message",
    "opprinnelig melding",
    "ursprüngliche nachricht",
    "oprindelig meddelelse",
    "oprindelig besked",
    "ursprungligt meddelande",
    "forwarded message",
    "videresendt melding",
    "videresendt meddelelse",
    "vidarebefordrat meddelande",
    "weitergeleitete nachricht",
    "message d'origine",
    "message transféré",
    "mensaje original",
    "mensaje reenviado",
    "mensagem original",
    "messaggio originale",
    "oorspronkelijk bericht",
    "doorgestuurd bericht",
    "alkuperäinen viesti",
    "wiadomość oryginalna",
];

/// Lines that open a forwarded message without dashes.
const FORWARD_OPENERS: &[&str] = &[
    "begin forwarded message:",
    "start på videresendt melding:",
    "start på videresendt besked:",
    "vidarebefordrat brev:",
    "anfang der weitergeleiteten nachricht:",
    "début du message réexpédié :",
];

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    if t.len() < 10 || t.len() > 80 {
        return false;
    }
    if t.ends_with(':') {
        return FORWARD_OPENERS.contains(&t.to_lowercase().as_str());
    }
    if !(t.starts_with("--") || t.starts_with("__")) {
        return false;
    }
    let lower = t.to_lowercase();
    let inner = lower.trim_matches(|c: char| c == '-' || c == '_' || c == '=' || c == ' ');
    SEPARATORS.contains(&inner)
}

/// A line of only `_`, `-`, `=` or `*` (Outlook's rule above its header block).
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 4 && t.chars().all(|c| matches!(c, '_' | '-' | '=' | '*' | '—'))
}

/// Moves a cut above the rule and blank lines that precede a header block.
fn back_over_separators(lines: &[&str], mut cut: usize) -> usize {
    let mut k = cut;
    while k > 0 {
        let prev = lines[k - 1];
        if prev.trim().is_empty() {
            k -= 1;
        } else if is_rule(prev) {
            k -= 1;
            cut = k;
        } else {
            break;
        }
    }
    cut
}

#[derive(Debug, Clone, Copy)]
enum Field {
    From,
    Date,
    To,
    Subject,
    Cc,
}

const EN: u16 = 1;
const NO: u16 = 1 << 1;
const DA: u16 = 1 << 2;
const SV: u16 = 1 << 3;
const DE: u16 = 1 << 4;
const FR: u16 = 1 << 5;
const NL: u16 = 1 << 6;
const IT: u16 = 1 << 7;
const PL: u16 = 1 << 8;
const ES: u16 = 1 << 9;
const PT: u16 = 1 << 10;
const FI: u16 = 1 << 11;
const RU: u16 = 1 << 12;
const ALL: u16 = u16::MAX;

/// Header names of quoted mail, what they stand for, and the languages that
/// use them (a block must agree on one language).
const HEADER_KEYS: &[(&str, Field, u16)] = &[
    ("from", Field::From, EN),
    ("fra", Field::From, NO | DA),
    ("från", Field::From, SV),
    ("von", Field::From, DE),
    ("de", Field::From, FR | ES | PT),
    ("van", Field::From, NL),
    ("da", Field::From, IT),
    ("od", Field::From, PL),
    ("от", Field::From, RU),
    ("lähettäjä", Field::From, FI),
    ("sent", Field::Date, EN),
    ("date", Field::Date, EN | FR),
    ("sendt", Field::Date, NO | DA),
    ("dato", Field::Date, NO | DA),
    ("skickat", Field::Date, SV),
    ("datum", Field::Date, SV | DE | NL),
    ("gesendet", Field::Date, DE),
    ("envoyé", Field::Date, FR),
    ("envoyé le", Field::Date, FR),
    ("message du", Field::Date, FR),
    ("verzonden", Field::Date, NL),
    ("verstuurd", Field::Date, NL),
    ("inviato", Field::Date, IT),
    ("data", Field::Date, IT | PL | PT),
    ("wysłano", Field::Date, PL),
    ("enviado", Field::Date, ES | PT),
    ("enviado el", Field::Date, ES),
    ("enviada em", Field::Date, PT),
    ("fecha", Field::Date, ES),
    ("lähetetty", Field::Date, FI),
    ("päivämäärä", Field::Date, FI),
    ("отправлено", Field::Date, RU),
    ("дата", Field::Date, RU),
    ("to", Field::To, EN),
    ("til", Field::To, NO | DA),
    ("till", Field::To, SV),
    ("an", Field::To, DE),
    ("à", Field::To, FR),
    ("a", Field::To, FR | IT | ES),
    ("aan", Field::To, NL),
    ("do", Field::To, PL),
    ("para", Field::To, ES | PT),
    ("vastaanottaja", Field::To, FI),
    ("кому", Field::To, RU),
    ("subject", Field::Subject, EN),
    ("emne", Field::Subject, NO | DA),
    ("ämne", Field::Subject, SV),
    ("betreff", Field::Subject, DE),
    ("objet", Field::Subject, FR),
    ("sujet", Field::Subject, FR),
    ("onderwerp", Field::Subject, NL),
    ("oggetto", Field::Subject, IT),
    ("temat", Field::Subject, PL),
    ("asunto", Field::Subject, ES),
    ("assunto", Field::Subject, PT),
    ("aihe", Field::Subject, FI),
    ("тема", Field::Subject, RU),
    ("cc", Field::Cc, ALL),
    ("kopi", Field::Cc, NO | DA),
    ("kopia", Field::Cc, SV | PL),
    ("copie à", Field::Cc, FR),
    ("reply-to", Field::Cc, EN),
];

/// The field a header-looking line names ("From:", "*Fra:*", "De :").
fn header_key(line: &str) -> Option<(Field, u16)> {
    let t = line.trim_start().trim_start_matches('*');
    let colon = t.bytes().take(32).position(|b| b == b':')?;
    let key = t[..colon].trim().trim_end_matches('*').trim();
    if key.is_empty() || key.len() > 24 {
        return None;
    }
    HEADER_KEYS
        .iter()
        .find(|(k, _, _)| {
            k.len() == key.len()
                && (k.eq_ignore_ascii_case(key) || (!key.is_ascii() && key.to_lowercase() == *k))
        })
        .map(|&(_, f, l)| (f, l))
}

/// Whether a header block of quoted mail starts at line `i`: a sender, a date
/// and a recipient within a few lines, in one language. A block without a
/// recipient but with a subject counts only below the writer's own text.
fn header_block(doc: &Doc<'_>, i: usize, prefix_text: bool) -> bool {
    if doc.keys[i].is_none() || doc.lines[i].len() > MAX_MARKER_LINE {
        return false;
    }
    let (mut from, mut date, mut to, mut subject) = (false, false, false, false);
    let mut langs = ALL;
    let mut continuation = 0;
    let end = doc.lines.len().min(i + HEADER_SPAN);
    for (line, key) in doc.lines[i..end].iter().zip(&doc.keys[i..end]) {
        if line.trim().is_empty() {
            break;
        }
        match *key {
            Some((field, l)) => {
                continuation = 0;
                if l != ALL {
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

/// Reply containers written by mail clients, as lower-case substrings of the
/// HTML, with the name used as evidence.
const HTML_MARKERS: &[&str] = &[
    "gmail_quote",
    "type=\"cite\"",
    "type=cite",
    "moz-cite-prefix",
    "divrplyfwdmsg",
    "olk_src_body_section",
    "appleoriginalcontents",
    "id=\"appendonsend\"",
    "border-top:solid #e1e1e1",
    "border-top: solid #e1e1e1",
    "border-top:solid #b5c4df",
    "border-top: solid #b5c4df",
    "yahoo_quoted",
];

/// Header names that show an `<hr>` separates a reply from quoted mail.
const HR_FOLLOWERS: &[&str] = &["from:", "fra:", "från:", "von:", "sent:", "date:", "sendt:"];

/// How far after an `<hr>` its header block must begin.
const HR_WINDOW: usize = 600;

fn split_html(html: &str) -> Option<Split> {
    let lower = html.to_ascii_lowercase();
    let mut best: Option<usize> = None;
    for marker in HTML_MARKERS {
        if let Some(pos) = lower.find(marker) {
            let tag = lower[..pos].rfind('<').unwrap_or(pos);
            best = Some(best.map_or(tag, |b: usize| b.min(tag)));
        }
    }
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
        if HR_FOLLOWERS.iter().any(|h| window.contains(h)) {
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
    let own = split_text(&before);
    Some(Split {
        new_text: own.new_text,
        quoted: true,
        evidence: Some(evidence),
    })
}

/// Text of an HTML fragment without its tags.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
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
    fn attribution_strengths() {
        assert_eq!(
            attribution("on mon, 2 mar 2026 at 10:12, kari <k@x.no> wrote:"),
            Some(Strength::Strong)
        );
        assert_eq!(attribution("kari skrev:"), Some(Strength::Weak));
        assert_eq!(attribution("our customer wrote:"), Some(Strength::Weak));
        assert_eq!(attribution("on your remote host you can run:"), None);
        assert_eq!(
            attribution("ср, 30 апр. 2025 г. в 15:19, john doe <doe@example.com>:"),
            Some(Strength::Strong)
        );
    }

    #[test]
    fn header_keys_are_read_in_bold_and_spaced_forms() {
        assert!(matches!(header_key("*From:* x"), Some((Field::From, EN))));
        assert!(matches!(header_key("De : x"), Some((Field::From, _))));
        assert!(matches!(
            header_key("Envoyé le :jeudi"),
            Some((Field::Date, FR))
        ));
        assert!(header_key("Settings > Payments").is_none());
    }
}
