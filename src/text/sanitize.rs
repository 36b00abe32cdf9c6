//! Makes text from mail and from servers safe to hand to the terminal.
//!
//! A Subject or body is written by strangers, and so is what an IMAP server
//! says (a greeting, a NO, an `[ALERT]`). Control characters in it would
//! reach the terminal as commands (`ESC [2J` clears the screen, OSC sequences
//! set the title or the clipboard), and bidirectional overrides or invisible
//! characters can make one text look like another. Every string that comes
//! from mail goes through [`sanitize`] before a widget sees it, and every
//! server text before it becomes part of an error or a notice; each such
//! character becomes a visible placeholder, so nothing is hidden and nothing
//! is lost from view. Tabs become spaces; newlines are the caller's business
//! (it splits lines first), so a newline left in a one-line field shows as `␊`.

use std::borrow::Cow;

/// Columns a tab expands to. Tabs are expanded to a fixed count rather than
/// to tab stops because the text is later cut into columns anyway.
const TAB_WIDTH: usize = 4;

/// Returns `s` with every character that could act on the terminal or hide
/// itself replaced by a visible placeholder; borrows when nothing changes.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

fn needs_replacing(c: char) -> bool {
    is_hiding(c)
}

/// True for a character that acts on the terminal, reorders the text around
/// it or shows nothing: what [`sanitize`] replaces (tabs included). A file
/// name made from mail drops these (see `mail::filename`).
pub fn is_hiding(c: char) -> bool {
    is_c0_or_del(c) || is_c1(c) || is_bidi_control(c) || is_invisible(c)
}

fn push_safe(out: &mut String, c: char) {
    if c == '\t' {
        out.extend(std::iter::repeat_n(' ', TAB_WIDTH));
    } else if is_c0_or_del(c) {
        out.push(control_picture(c));
    } else if is_c1(c) || is_bidi_control(c) || is_invisible(c) {
        out.push_str(&format!("<U+{:04X}>", c as u32));
    } else {
        out.push(c);
    }
}

fn is_c0_or_del(c: char) -> bool {
    c < ' ' || c == '\u{7f}'
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Characters that reorder the text around them (Trojan Source, CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Characters that take no room and show nothing, so they can hide inside a
/// word (a look-alike key or address) or carry hidden text (the tag block),
/// plus the Unicode line separators, which a terminal may treat as a line
/// break.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}'
            | '\u{2060}'..='\u{2064}'
            | '\u{feff}'
            | '\u{00ad}'
            | '\u{180e}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// The Unicode "Control Pictures" block has one glyph for each C0 character
/// (U+2400 + code) and one for DEL.
fn control_picture(c: char) -> char {
    if c == '\u{7f}' {
        return '\u{2421}';
    }
    char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "Re: VSD-12345 Betaling feiler på æøå – 支付失败 🎉";
        assert!(matches!(sanitize(s), Cow::Borrowed(t) if t == s));
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(sanitize("\x1b]52;c;aGk=\x07"), "␛]52;c;aGk=␇");
    }

    #[test]
    fn every_c0_character_becomes_its_control_picture() {
        assert_eq!(sanitize("\0"), "␀");
        assert_eq!(sanitize("\r"), "␍");
        assert_eq!(sanitize("\n"), "␊");
        assert_eq!(sanitize("\x08"), "␈");
        assert_eq!(sanitize("\x1f"), "␟");
        for b in 0u8..0x20 {
            if b == b'\t' {
                continue;
            }
            let out = sanitize(std::str::from_utf8(&[b]).unwrap_or("")).into_owned();
            assert_eq!(out.chars().count(), 1, "byte {b:#x}");
            assert!(!out.chars().any(|c| c.is_control()), "byte {b:#x}");
        }
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(sanitize("a\tb"), "a    b");
    }

    #[test]
    fn delete_becomes_its_picture() {
        assert_eq!(sanitize("x\x7fy"), "x␡y");
    }

    #[test]
    fn c1_controls_are_named() {
        assert_eq!(sanitize("a\u{9b}2Jb"), "a<U+009B>2Jb");
        assert_eq!(sanitize("\u{85}"), "<U+0085>");
        assert_eq!(sanitize("\u{80}"), "<U+0080>");
    }

    #[test]
    fn bidi_controls_are_named() {
        assert_eq!(sanitize("abc\u{202e}fed"), "abc<U+202E>fed");
        assert_eq!(
            sanitize("\u{202a}\u{202b}\u{202c}\u{202d}"),
            "<U+202A><U+202B><U+202C><U+202D>"
        );
        assert_eq!(
            sanitize("\u{2066}\u{2067}\u{2068}\u{2069}"),
            "<U+2066><U+2067><U+2068><U+2069>"
        );
        assert_eq!(
            sanitize("\u{200e}\u{200f}\u{61c}"),
            "<U+200E><U+200F><U+061C>"
        );
    }

    #[test]
    fn zero_width_characters_are_named() {
        assert_eq!(sanitize("VSD\u{200b}-1"), "VSD<U+200B>-1");
        assert_eq!(
            sanitize("\u{200c}\u{200d}\u{2060}\u{feff}"),
            "<U+200C><U+200D><U+2060><U+FEFF>"
        );
        assert_eq!(sanitize("a\u{2028}b"), "a<U+2028>b");
        assert_eq!(sanitize("ok\u{e0041}\u{e0042}"), "ok<U+E0041><U+E0042>");
    }

    #[test]
    fn combining_marks_and_wide_characters_stay() {
        assert_eq!(sanitize("e\u{301} 日本 👍🏽"), "e\u{301} 日本 👍🏽");
    }
}
