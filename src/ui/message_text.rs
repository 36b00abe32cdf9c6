//! What the issue view shows of one message beyond its own words: every
//! header, the raw source, and the links it holds.
//!
//! The raw mail comes from the store (the bytes kept at import, see
//! `store::raw`); turning it into lines is pure and happens here, when the
//! runner hands the bytes over, never while drawing. Every line is passed
//! through [`sanitize`]: a raw message is exactly where an escape sequence
//! hides, and none may reach the terminal as one.

use super::sanitize::sanitize;

/// Which view of a message the pager shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawView {
    /// Every header, unfolded, encoded words decoded.
    Headers,
    /// The message as stored, line by line.
    Source,
}

impl RawView {
    /// The pager's title.
    pub fn title(self) -> &'static str {
        match self {
            RawView::Headers => "All headers",
            RawView::Source => "Raw source",
        }
    }
}

/// Lines longer than this are cut in the pager's source view; a base64
/// attachment line is 76 columns, a minified HTML part can be a megabyte.
const SOURCE_LINE_MAX: usize = 2000;

/// The pager shows at most this many lines of a source: a message of tens
/// of megabytes is mostly base64, and holding it all as lines helps no one.
const SOURCE_LINES_MAX: usize = 20_000;

/// The pager's lines for `raw` shown as `view`, each one safe for the
/// terminal.
pub fn pager_lines(raw: &[u8], view: RawView) -> Vec<String> {
    match view {
        RawView::Headers => headers(raw),
        RawView::Source => {
            let text = String::from_utf8_lossy(raw);
            let mut lines = text.lines();
            let mut out: Vec<String> = lines
                .by_ref()
                .take(SOURCE_LINES_MAX)
                .map(|l| {
                    let l: String = l.chars().take(SOURCE_LINE_MAX).collect();
                    sanitize(&l).into_owned()
                })
                .collect();
            let rest = lines.count();
            if rest > 0 {
                out.push(format!("… {rest} more lines not shown"));
            }
            out
        }
    }
}

/// Every header as `Name: value`, in the order the mail gives them; folded
/// headers are joined and RFC 2047 words decoded by the mail parser.
fn headers(raw: &[u8]) -> Vec<String> {
    match mailparse::parse_headers(raw) {
        Ok((list, _)) => list
            .iter()
            .map(|h| {
                let line = format!("{}: {}", h.get_key(), h.get_value());
                // A decoded value may hold newlines or escapes of its own.
                sanitize(&line.replace(['\r', '\n'], " ")).into_owned()
            })
            .collect(),
        Err(e) => vec![format!("cannot read the headers: {e}")],
    }
}

/// The schemes a link may have to be opened: a web page or a new mail.
/// Anything else (`file:`, `javascript:`, a custom handler) is not offered.
const SCHEMES: &[&str] = &["https://", "http://", "mailto:"];

/// True when `url` is one vsd will hand to the opener.
pub fn openable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    SCHEMES
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The distinct http, https and mailto links in `text`, in order. A link
/// ends at white space or at a character that cannot be in one; closing
/// punctuation at its end belongs to the sentence, not the link.
pub fn links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while at < text.len() {
        let next = SCHEMES
            .iter()
            .filter_map(|s| lower[at..].find(s).map(|i| at + i))
            .min();
        let Some(start) = next else { break };
        let rest = &text[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(rest.len());
        let mut url = &rest[..end];
        while let Some(c) = url.chars().last() {
            let unbalanced_paren = c == ')' && url.matches('(').count() < url.matches(')').count();
            if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}') || unbalanced_paren
            {
                url = &url[..url.len() - c.len_utf8()];
            } else {
                break;
            }
        }
        if openable(url) && !out.iter().any(|u| u == url) {
            out.push(url.to_string());
        }
        at = start + end.max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_and_trailing_punctuation_left_out() {
        let text = "See https://developer.vippsmobilepay.com/docs/x. Or (http://a.example/p?q=1), \
                    mail mailto:kari@example.com! Again https://developer.vippsmobilepay.com/docs/x";
        assert_eq!(
            links(text),
            vec![
                "https://developer.vippsmobilepay.com/docs/x",
                "http://a.example/p?q=1",
                "mailto:kari@example.com",
            ]
        );
    }

    #[test]
    fn only_web_and_mail_links_are_openable() {
        assert!(openable("https://x.example/"));
        assert!(openable("MAILTO:a@b"));
        assert!(!openable("file:///etc/passwd"));
        assert!(!openable("javascript:alert(1)"));
        assert!(!openable("https://"));
        assert!(!openable("https://x.example/\u{1b}[2J"));
        assert!(links("file:///etc/passwd and javascript:x").is_empty());
    }

    #[test]
    fn headers_are_unfolded_decoded_and_made_safe() {
        let raw = b"Subject: =?UTF-8?Q?Betaling_feiler_p=C3=A5?=\r\n folded on\r\nX-Evil: a\x1b[2Jb\r\n\r\nbody";
        let lines = pager_lines(raw, RawView::Headers);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("Subject: Betaling feiler på"),
            "{lines:?}"
        );
        assert!(lines[0].contains("folded on"), "{lines:?}");
        assert!(!lines[1].contains('\u{1b}'), "{lines:?}");
    }

    #[test]
    fn a_huge_source_is_cut_with_a_count_of_what_is_left() {
        let raw = "x\n".repeat(SOURCE_LINES_MAX + 5);
        let lines = pager_lines(raw.as_bytes(), RawView::Source);
        assert_eq!(lines.len(), SOURCE_LINES_MAX + 1);
        assert_eq!(lines[SOURCE_LINES_MAX], "… 5 more lines not shown");
        let long = "y".repeat(SOURCE_LINE_MAX * 2);
        let lines = pager_lines(long.as_bytes(), RawView::Source);
        assert_eq!(lines[0].chars().count(), SOURCE_LINE_MAX);
    }

    #[test]
    fn the_source_keeps_every_line_but_no_escape() {
        let raw = b"Subject: x\r\n\r\nline one\r\n\x1b]52;c;aGk=\x07two\r\n";
        let lines = pager_lines(raw, RawView::Source);
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| !l.chars().any(|c| c.is_control())));
        assert!(lines[3].ends_with("two"));
    }
}
