//! File names from mail made safe to write to disk and to show.
//!
//! An attachment's name is chosen by whoever sent the mail. Written as it
//! comes, `../../.bashrc` lands outside the download folder, `C:\temp\a.pdf`
//! makes a folder of its own on some systems, a name with a right-to-left
//! override (`invoice` U+202E `fdp.exe`) shows as `invoiceexe.pdf` while it
//! is an executable, and a name of 300 characters is refused by the file
//! system. [`safe_name`] keeps the last path component only (after `/` and
//! `\` alike), drops control, bidi and invisible characters (the same set
//! the terminal sanitiser replaces), removes leading dots (no hidden files,
//! no `..`) and trailing dots and spaces, caps the length in bytes while
//! keeping the extension, and falls back to a name made from the part
//! number and content type when nothing is left. It records whether hidden
//! characters were dropped, so that the name is shown with a visible mark.

use crate::text::sanitize::is_hiding;

/// The longest name written, in bytes: file systems take 255, and a
/// " (12)" added to make a name unique must still fit.
pub const NAME_MAX_BYTES: usize = 200;

/// The longest extension kept whole when a name is cut.
const EXT_MAX_BYTES: usize = 16;

/// Shown before a name that held bidi, control or invisible characters.
pub const HIDDEN_MARK: &str = "⚠";

/// A file name that is safe to create in a folder of the user's choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeName {
    /// Never empty, never holds `/`, `\`, a control, bidi or invisible
    /// character, never starts with a dot, at most [`NAME_MAX_BYTES`] bytes.
    pub name: String,
    /// True when the mail's name held a bidi override, a control or an
    /// invisible character (dropped here): the name may not be what it
    /// looked like in the sender's mail client.
    pub held_hidden: bool,
}

impl SafeName {
    /// The name as shown to the user: with [`HIDDEN_MARK`] in front when it
    /// held hidden characters.
    pub fn shown(&self) -> String {
        if self.held_hidden {
            format!("{HIDDEN_MARK} {}", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// Makes the mail's `raw` name safe; `fallback` (see [`fallback_name`]) is
/// used, itself made safe, when the mail gives no name or nothing is left.
pub fn safe_name(raw: Option<&str>, fallback: &str) -> SafeName {
    let (name, held_hidden) = clean(raw.unwrap_or(""));
    if !name.is_empty() {
        return SafeName { name, held_hidden };
    }
    let (name, _) = clean(fallback);
    SafeName {
        name: if name.is_empty() {
            "attachment".into()
        } else {
            name
        },
        held_hidden,
    }
}

/// A name for an attachment that has none: `attachment-1-2.pdf` for part
/// 1.2 of type application/pdf.
pub fn fallback_name(part: &str, content_type: &str) -> String {
    let ext = extension_for(content_type);
    let part = part.replace('.', "-");
    match ext {
        Some(e) => format!("attachment-{part}.{e}"),
        None => format!("attachment-{part}"),
    }
}

/// The usual extension of a content type, for names made up by vsd.
fn extension_for(content_type: &str) -> Option<&'static str> {
    Some(match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "text/plain" => "txt",
        "text/html" => "html",
        "text/csv" => "csv",
        "application/json" => "json",
        "application/zip" => "zip",
        "application/xml" | "text/xml" => "xml",
        "message/rfc822" => "eml",
        "text/calendar" => "ics",
        _ => return None,
    })
}

/// The last path component with hidden characters dropped, dots and spaces
/// trimmed, and the length capped; and whether hidden characters were there.
fn clean(raw: &str) -> (String, bool) {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut held_hidden = false;
    let mut kept = String::with_capacity(last.len());
    for c in last.chars() {
        if is_hiding(c) {
            // A tab is harmless but never belongs in a file name either.
            held_hidden |= c != '\t';
            continue;
        }
        kept.push(c);
    }
    let trimmed = kept
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    (cap(trimmed), held_hidden)
}

/// Cuts `name` to [`NAME_MAX_BYTES`] on a character boundary, keeping a
/// short extension whole.
fn cap(name: &str) -> String {
    if name.len() <= NAME_MAX_BYTES {
        return name.to_string();
    }
    let ext = name
        .rfind('.')
        .map(|i| &name[i..])
        .filter(|e| e.len() <= EXT_MAX_BYTES && e.len() > 1)
        .unwrap_or("");
    let stem = &name[..name.len() - ext.len()];
    let room = NAME_MAX_BYTES - ext.len();
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = stem[..cut].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{stem}{ext}")
}

/// `name` made unique among existing files: `a.pdf`, then `a (1).pdf`,
/// `a (2).pdf`, …; `n` is the attempt (0 gives `name` itself).
pub fn numbered(name: &str, n: u32) -> String {
    if n == 0 {
        return name.to_string();
    }
    // A leading dot never reaches here, so a dot at 0 is not an extension.
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= EXT_MAX_BYTES => name.split_at(i),
        _ => (name, ""),
    };
    format!("{stem} ({n}){ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn safe(raw: &str) -> SafeName {
        safe_name(Some(raw), "attachment-2.pdf")
    }

    #[test]
    fn path_components_are_dropped() {
        assert_eq!(safe("../../.bashrc").name, "bashrc");
        assert_eq!(safe("C:\\temp\\a.pdf").name, "a.pdf");
        assert_eq!(safe("/etc/passwd").name, "passwd");
        assert_eq!(safe("dir/").name, "attachment-2.pdf");
        assert_eq!(safe("..").name, "attachment-2.pdf");
    }

    #[test]
    fn a_bidi_override_is_dropped_and_marked() {
        let s = safe("invoice\u{202e}fdp.exe");
        assert_eq!(s.name, "invoicefdp.exe");
        assert!(s.held_hidden);
        assert_eq!(s.shown(), "⚠ invoicefdp.exe");
        let c = safe("a\x1b[2Jb.txt");
        assert_eq!(c.name, "a[2Jb.txt");
        assert!(c.held_hidden);
        assert!(!safe("rapport æøå.pdf").held_hidden);
        assert_eq!(safe("rapport æøå.pdf").shown(), "rapport æøå.pdf");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "å".repeat(300));
        let s = safe(&long);
        assert!(s.name.len() <= NAME_MAX_BYTES);
        assert!(s.name.ends_with("å.pdf"));
    }

    #[test]
    fn no_name_falls_back() {
        assert_eq!(
            safe_name(None, &fallback_name("1.2", "application/pdf")).name,
            "attachment-1-2.pdf"
        );
        assert_eq!(fallback_name("3", "application/x-thing"), "attachment-3");
        assert_eq!(safe_name(Some("\u{202e}"), "").name, "attachment");
    }

    #[test]
    fn numbering_goes_before_the_extension() {
        assert_eq!(numbered("a.pdf", 0), "a.pdf");
        assert_eq!(numbered("a.pdf", 1), "a (1).pdf");
        assert_eq!(numbered("README", 2), "README (2)");
        assert_eq!(numbered("x.tar.gz", 1), "x.tar (1).gz");
    }

    proptest! {
        #[test]
        fn safe_names_hold_no_separator_control_bidi_or_leading_dot(
            raw in proptest::option::of(any::<String>()),
            tricky in proptest::collection::vec(prop_oneof![
                Just("/"), Just("\\"), Just("."), Just(".."), Just("\u{202e}"), Just("\u{2066}"),
                Just("\u{200f}"), Just("\x00"), Just("\x1b"), Just("\u{9b}"), Just("\u{feff}"),
                Just(" "), Just("a"), Just("æ"), Just(".pdf"), Just("\t"), Just("\n"),
            ], 0..40),
            fallback in any::<String>(),
        ) {
            let raw = raw.map(|r| format!("{r}{}", tricky.concat()));
            let s = safe_name(raw.as_deref(), &fallback);
            prop_assert!(!s.name.is_empty());
            prop_assert!(!s.name.contains('/') && !s.name.contains('\\'));
            prop_assert!(!s.name.starts_with('.'));
            prop_assert!(!s.name.chars().any(|c| c.is_control() || is_hiding(c)));
            prop_assert!(s.name.len() <= NAME_MAX_BYTES);
            prop_assert!(s.name != "." && s.name != "..");
            for n in 0..3 {
                let u = numbered(&s.name, n);
                prop_assert!(!u.contains('/') && !u.starts_with('.'));
            }
        }
    }
}
