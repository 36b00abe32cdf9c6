//! The texts a user edits, and reading the edited text back.
//!
//! Each template has the mail's body above a scissors line and, below it, a
//! reminder of the issue and of the desk's rules. Everything from the
//! scissors line down is dropped, so the reminder never reaches the desk and
//! no quoted history is ever offered for editing. The templates live in
//! `assets/templates/` and are embedded in the binary.

use crate::issues::checklist::Item;

/// The line that ends the mail in an edited text.
pub const SCISSORS: &str = "------------------------ >8 ------------------------";

const REPLY: &str = include_str!("../../assets/templates/reply.txt");
const ESCALATE: &str = include_str!("../../assets/templates/escalate.txt");
const NEW: &str = include_str!("../../assets/templates/new.txt");
const KAM: &str = include_str!("../../assets/templates/kam.txt");

/// Fills `{name}` placeholders in one pass, so that a value that holds
/// braces is never filled in turn.
fn render(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "(nobody)" } else { s }
}

/// The template of a reply: an empty body, then the issue and the rules.
pub fn reply(key: &str, subject: &str, to: &str, cc: &str) -> String {
    render(
        REPLY,
        &[
            ("key", key),
            ("subject", subject),
            ("to", to),
            ("cc", or_none(cc)),
        ],
    )
}

/// The template of an escalation by reply: an opening that says how long the
/// team has waited, a line for each checklist item the issue never gave.
pub fn escalate(
    key: &str,
    subject: &str,
    to: &str,
    cc: &str,
    days_waiting: Option<i64>,
    missing: &[Item],
) -> String {
    let opening = match days_waiting {
        Some(1) => {
            "We have waited 1 day for an answer on this issue, so here is more information.\n"
                .to_string()
        }
        Some(d) if d > 1 => format!(
            "We have waited {d} days for an answer on this issue, so here is more information.\n"
        ),
        _ => "We are still waiting for an answer on this issue, so here is more information.\n"
            .to_string(),
    };
    let fields: String = missing
        .iter()
        .map(|i| format!("{}: \n", i.label()))
        .collect();
    let standing = if missing.is_empty() {
        String::new()
    } else {
        format!(
            "\nThe issue never gave: {}. A line for each is above.",
            missing
                .iter()
                .map(|i| i.label())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    render(
        ESCALATE,
        &[
            ("opening", &opening),
            ("missing", &fields),
            ("key", key),
            ("subject", subject),
            ("to", to),
            ("cc", or_none(cc)),
            ("standing", &standing),
        ],
    )
}

/// The template of a new request: a Subject line, then the checklist.
pub fn new_request(subject: &str, to: &str, contact: &str) -> String {
    render(
        NEW,
        &[("subject", subject), ("to", to), ("contact", contact)],
    )
}

/// [`new_request`] naming an earlier issue: the first line of the text
/// says which ("Related to VSD-…"), so the desk can look it up.
pub fn new_request_related(subject: &str, to: &str, contact: &str, related: &str) -> String {
    let t = new_request(subject, to, contact);
    match t.find("Hello,\n\n") {
        Some(at) => {
            let at = at + "Hello,\n\n".len();
            format!("{}{related}\n{}", &t[..at], &t[at..])
        }
        None => t,
    }
}

/// The template of a mail to the key account manager.
pub fn kam(to: &str, subject: &str, paragraph: &str, signature: &str) -> String {
    render(
        KAM,
        &[
            ("to", to),
            ("subject", subject),
            ("paragraph", paragraph),
            ("signature", signature),
        ],
    )
}

/// The mail's body from an edited text: what is above the scissors line,
/// line endings `\n`, trailing white space and blank lines at either end
/// removed.
pub fn body_of(edited: &str) -> String {
    let text = edited.replace("\r\n", "\n");
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim() == SCISSORS {
            break;
        }
        lines.push(line.trim_end());
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut body = lines.join("\n");
    body.push('\n');
    body
}

/// Takes the `Attach: PATH` lines out of a body: the paths, in order, and
/// the body without them (trimmed as [`body_of`] trims).
pub fn take_attachments(body: &str) -> (Vec<String>, String) {
    let mut paths = Vec::new();
    let mut kept = Vec::new();
    for line in body.split('\n') {
        let path = line
            .get(..7)
            .filter(|p| p.eq_ignore_ascii_case("attach:"))
            .map(|_| line[7..].trim());
        match path {
            Some(p) if !p.is_empty() => paths.push(p.to_string()),
            _ => kept.push(line),
        }
    }
    if paths.is_empty() {
        return (paths, body.to_string());
    }
    (paths, body_of(&kept.join("\n")))
}

/// Takes a leading `Subject:` line off a body: the subject (when the line
/// is there) and the rest.
pub fn split_subject(body: &str) -> (Option<String>, String) {
    let trimmed = body.trim_start_matches('\n');
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let Some(subject) = first
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("subject:"))
        .map(|_| first[8..].trim().to_string())
    else {
        return (None, body.to_string());
    };
    (Some(subject), body_of(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_fills_once() {
        assert_eq!(
            render("a {x} b {y} {z}", &[("x", "{y}"), ("y", "2")]),
            "a {y} b 2 {z}"
        );
    }

    #[test]
    fn body_stops_at_scissors_and_is_trimmed() {
        let t = reply("VSD-1", "[VSD-1] x", "d@x.no", "");
        assert_eq!(body_of(&t), "");
        let edited = format!("\n\nHi desk,  \r\nthe log.\n\n{t}");
        assert_eq!(body_of(&edited), "Hi desk,\nthe log.\n");
        assert!(t.contains("Cc: (nobody)"));
        assert!(t.contains("Reply to VSD-1: [VSD-1] x"));
    }

    #[test]
    fn attach_lines_are_taken_out() {
        let (paths, body) = take_attachments(
            "Hi,\nattach: /tmp/a b.log\nthe log.\nAttach:  ~/shot.png \nAttach:\n",
        );
        assert_eq!(paths, vec!["/tmp/a b.log", "~/shot.png"]);
        assert_eq!(body, "Hi,\nthe log.\nAttach:\n");
        let (paths, body) = take_attachments("Attachments follow\n");
        assert!(paths.is_empty());
        assert_eq!(body, "Attachments follow\n");
        assert!(reply("VSD-1", "s", "d@x.no", "").contains("Attach: PATH"));
    }

    #[test]
    fn subject_line_is_taken_off() {
        let (s, b) = split_subject("Subject:  POST gives 400 \n\nHello\n");
        assert_eq!(s.as_deref(), Some("POST gives 400"));
        assert_eq!(b, "Hello\n");
        let (s, b) = split_subject("Hello\n");
        assert_eq!(s, None);
        assert_eq!(b, "Hello\n");
        let (s, _) = split_subject("Subjekt\n");
        assert_eq!(s, None);
    }

    #[test]
    fn escalation_lists_what_was_never_given() {
        let t = escalate(
            "VSD-9",
            "[VSD-9] x",
            "d@x.no",
            "k@x.no",
            Some(7),
            &[Item::MerchantSerialNumber, Item::OrderId],
        );
        let body = body_of(&t);
        assert_eq!(
            body,
            "We have waited 7 days for an answer on this issue, so here is more information.\n\nMerchant Serial Number (MSN):\norderId (and transactionId, contextId):\n"
        );
    }
}
