//! Finds credentials that a message shows in full.
//!
//! The desk asks that only the last four characters of `client_secret` and
//! `Ocp-Apim-Subscription-Key` are sent. People paste headers, JSON bodies,
//! form bodies and curl commands, so a credential is a known name followed by
//! `:` or `=` and a value, in any of these forms:
//!
//! - header: `Ocp-Apim-Subscription-Key: 0f1e…`
//! - JSON: `"client_secret": "…"`
//! - form or query: `client_secret=…&grant_type=…`
//! - curl: `-H 'Authorization: Bearer …'`, `--header "…"`
//!
//! A value passes when it shows at most four characters besides masking
//! (`****9f3e`, `xxxx…9f3e`, `***`), or is a placeholder (`<redacted>`,
//! `[REDACTED]`, `<your-secret>`, `{{client_secret}}`, `$TOKEN`).
//!
//! `Authorization` is a credential only with the `Bearer` or `Basic` scheme,
//! or as a bare token: other schemes (such as the `HMAC-SHA256 …&Signature=…`
//! of a webhook) carry a signature of one request, which cannot be replayed
//! for another, so showing them breaks no rule. A header value of several
//! words is prose ("Password: please reset it"), not a credential.

use std::ops::Range;

/// A credential shown in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// The credential's name as written in the text (`client_secret`,
    /// `Authorization`, …).
    pub name: String,
    /// The value as written (for `Authorization`, the token after its scheme).
    pub value: String,
    /// 1-based line of the value.
    pub line: usize,
    /// Byte range of the value in the text.
    pub span: Range<usize>,
}

/// Credential names, lower-case; longer names first so that `x-api-key` is
/// read before the `api-key` inside it.
const NAMES: &[&str] = &[
    "ocp-apim-subscription-key",
    "client_secret",
    "client-secret",
    "clientsecret",
    "authorization",
    "access_token",
    "access-token",
    "accesstoken",
    "x-api-key",
    "api_key",
    "api-key",
    "apikey",
    "password",
    "passord",
];

/// Values of at most this many characters show nothing worth hiding.
const VISIBLE: usize = 4;

/// Every credential in `text` that shows more than its last four characters.
pub fn find(text: &str) -> Vec<Secret> {
    static NAME_FINDER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(NAMES)
                .expect("the credential names build an automaton")
        });
    // One pass over the text for every name; most mail names none, and then
    // nothing else is done.
    let mut hits: Vec<(usize, usize)> = NAME_FINDER
        .find_overlapping_iter(text)
        .map(|m| (m.pattern().as_usize(), m.start()))
        .collect();
    if hits.is_empty() {
        return Vec::new();
    }
    // Names in their order of precedence, each from the start of the text.
    hits.sort_unstable();
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<Secret> = Vec::new();
    for (name, pos) in hits {
        let Some(secret) = read_at(text, &lower, pos, NAMES[name].len()) else {
            continue;
        };
        let overlaps = found
            .iter()
            .any(|f| f.span.start < secret.span.end && secret.span.start < f.span.end);
        if !overlaps {
            found.push(secret);
        }
    }
    found.sort_by_key(|s| s.span.start);
    found
}

/// `text` with every credential found replaced by `****` and its last four
/// characters. Masking can expose a credential that a longer match hid
/// (`api_key=client_secret=…`), so it repeats until nothing is found.
pub fn mask(text: &str) -> String {
    let mut current = mask_once(text);
    for _ in 0..8 {
        let next = mask_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn mask_once(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for secret in find(text) {
        out.push_str(&text[at..secret.span.start]);
        out.push_str("****");
        out.push_str(&last_chars(&secret.value, VISIBLE));
        at = secret.span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Reads the value after a credential name found at `pos`.
fn read_at(text: &str, lower: &str, pos: usize, len: usize) -> Option<Secret> {
    let bytes = text.as_bytes();
    if pos > 0 && is_word_byte(bytes[pos - 1]) {
        return None;
    }
    let name_end = pos + len;
    if bytes.get(name_end).is_some_and(|&b| is_word_byte(b)) {
        return None;
    }
    let opening = (pos > 0)
        .then(|| bytes[pos - 1])
        .filter(|b| matches!(b, b'"' | b'\''));
    let mut i = name_end;
    // The closing quote of a JSON key.
    let mut json_key = false;
    if let Some(q) = opening
        && bytes.get(i) == Some(&q)
    {
        json_key = true;
        i += 1;
    }
    i = skip_blanks(bytes, i);
    let sep = *bytes.get(i)?;
    if sep != b':' && sep != b'=' {
        return None;
    }
    i = skip_blanks(bytes, i + 1);
    let line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
    let (start, end, quoted) = value_span(text, i, line_end, sep, json_key, opening);
    let name = &text[pos..name_end];
    let is_auth = &lower[pos..name_end] == "authorization";
    let (vstart, vend) = if is_auth {
        auth_token(text, start, end)?
    } else {
        let value = &text[start..end];
        // Several words after "Password:" are a sentence, not a value.
        if !quoted && value.trim().contains(char::is_whitespace) {
            return None;
        }
        (start, end)
    };
    let value = &text[vstart..vend];
    if passes(value) {
        return None;
    }
    Some(Secret {
        name: name.to_string(),
        value: value.to_string(),
        line: text[..vstart].matches('\n').count() + 1,
        span: vstart..vend,
    })
}

/// Where the value starting at `i` ends, and whether it was quoted: a
/// quoted value up to its quote; after `=` or a JSON key, up to a blank or
/// a delimiter; in a header's form, to the end of the line (or the quote
/// that opened a curl -H argument).
fn value_span(
    text: &str,
    i: usize,
    line_end: usize,
    sep: u8,
    json_key: bool,
    opening: Option<u8>,
) -> (usize, usize, bool) {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let s = i + 1;
            let e = text[s..line_end]
                .find(q as char)
                .map_or(line_end, |e| s + e);
            (s, e, true)
        }
        _ if sep == b'=' || json_key => {
            let e = text[i..line_end]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '&' | '"' | '\'' | ',' | ';' | ')' | '}' | ']')
                })
                .map_or(line_end, |e| i + e);
            (i, e, false)
        }
        _ => {
            // Header form: up to the quote that opened a curl -H argument,
            // else the end of the line.
            let stop = match opening {
                Some(q) if !json_key => text[i..line_end]
                    .find(q as char)
                    .map_or(line_end, |e| i + e),
                _ => line_end,
            };
            let raw = &text[i..stop];
            let trimmed = raw.trim_end().trim_end_matches([',', ';', '\\']).trim_end();
            (i, i + trimmed.len(), false)
        }
    }
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
        i += 1;
    }
    i
}

/// The token inside an `Authorization` value: after `Bearer` or `Basic`, or
/// the whole value when it is one long word. Other schemes are signatures.
fn auth_token(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let value = &text[start..end];
    let trimmed = value.trim_start();
    let lead = value.len() - trimmed.len();
    match trimmed.find(char::is_whitespace) {
        Some(sp) => {
            let scheme = trimmed[..sp].to_ascii_lowercase();
            if scheme != "bearer" && scheme != "basic" {
                return None;
            }
            let rest = &trimmed[sp..];
            let token = rest.trim_start();
            let token_start = start + lead + sp + (rest.len() - token.len());
            let token_len = token.find(char::is_whitespace).unwrap_or(token.len());
            // "Bearer token expired" is a sentence about a token.
            let single = token[token_len..].trim().is_empty();
            (token_len > 0 && single).then_some((token_start, token_start + token_len))
        }
        None => {
            let lower = trimmed.to_ascii_lowercase();
            let bare = trimmed.len() >= 16
                && trimmed.bytes().any(|b| b.is_ascii_digit())
                && lower != "bearer"
                && lower != "basic";
            bare.then_some((start + lead, end))
        }
    }
}

/// Words that stand in for a value rather than being one.
const PLACEHOLDER_WORDS: &[&str] = &["redacted", "removed", "masked", "hidden", "your"];
const NON_VALUES: &[&str] = &[
    "null",
    "none",
    "undefined",
    "string",
    "true",
    "false",
    "nil",
];

/// Whether a value hides all but its last four characters, or is no value.
fn passes(value: &str) -> bool {
    let v = value.trim();
    if v.chars().count() <= VISIBLE {
        return true;
    }
    let lower = v.to_lowercase();
    if NON_VALUES.contains(&lower.as_str()) {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    let enclosed = [("<", ">"), ("[", "]"), ("{", "}"), ("${", "}"), ("%", "%")];
    if enclosed
        .iter()
        .any(|(o, c)| v.starts_with(o) && v.ends_with(c))
    {
        return true;
    }
    // An environment variable: `$CLIENT_SECRET`.
    if let Some(var) = v.strip_prefix('$')
        && var
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return true;
    }
    visible_chars(v) <= VISIBLE
}

/// Characters left once masking is taken out: `*`, `•`, `…`, `#`, runs of
/// two or more dots, runs of three or more `x`, and the separators between.
fn visible_chars(v: &str) -> usize {
    let chars: Vec<char> = v.chars().collect();
    let mut visible = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '*' | '•' | '…' | '#' | '●') {
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        if (c == '.' && run >= 2) || ((c == 'x' || c == 'X') && run >= 3) {
            i += run;
            continue;
        }
        // Separators in a masked key ("XXXX-XXXX-9f3e") show nothing.
        if !matches!(c, '-' | '_' | ' ' | ':') {
            visible += 1;
        }
        i += 1;
    }
    visible
}
