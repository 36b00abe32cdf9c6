//! Mailbox names on the wire. IMAP4rev1 (RFC 3501 §5.1.3) writes a name
//! that is not printable ASCII in modified UTF-7: printable ASCII other than
//! `&` stands for itself, `&` is `&-`, and anything else is a run of UTF-16BE
//! in base64 (`,` for `/`, no padding) between `&` and `-`. So a Norwegian
//! "Søppelpost" is `S&APg-ppelpost` to the server; the config and the store
//! keep the name as the user wrote it.

use base64::Engine;
use std::sync::LazyLock;

static MODIFIED_BASE64: LazyLock<base64::engine::GeneralPurpose> = LazyLock::new(|| {
    let alphabet = base64::alphabet::Alphabet::new(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,",
    )
    .expect("64 distinct printable characters");
    base64::engine::GeneralPurpose::new(
        &alphabet,
        base64::engine::GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
    )
});

/// A mailbox name as the server wants it.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut run: Vec<u8> = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut run, &mut out);
            out.push(c);
            if c == '&' {
                out.push('-');
            }
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                run.extend_from_slice(&u.to_be_bytes());
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn flush(run: &mut Vec<u8>, out: &mut String) {
    if run.is_empty() {
        return;
    }
    out.push('&');
    out.push_str(&MODIFIED_BASE64.encode(&run));
    out.push('-');
    run.clear();
}

/// A mailbox name as the server wrote it (in LIST), as the user reads it.
/// A name that is not valid modified UTF-7 is returned as it came: it is
/// then what the config must say for SELECT to find it.
pub fn decode(wire: &str) -> String {
    decode_strict(wire).unwrap_or_else(|| wire.to_string())
}

fn decode_strict(wire: &str) -> Option<String> {
    let mut out = String::with_capacity(wire.len());
    let mut rest = wire;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('-')?;
        let run = &after[..end];
        if run.is_empty() {
            out.push('&');
        } else {
            let bytes = MODIFIED_BASE64.decode(run).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            out.push_str(&String::from_utf16(&units).ok()?);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn decode_reverses_encode() {
        for name in [
            "INBOX",
            "Q&A",
            "&",
            "~peter/mail/台北/日本語",
            "Søppelpost",
            "Utgående",
            "Отправленные",
            "📁",
            "[Gmail]/Sent Mail",
        ] {
            assert_eq!(decode(&encode(name)), name);
        }
    }

    #[test]
    fn a_name_that_is_not_modified_utf7_comes_back_unchanged() {
        assert_eq!(decode("Half&open"), "Half&open");
        assert_eq!(decode("Bad&%%%-x"), "Bad&%%%-x");
    }

    #[test]
    fn ascii_passes_and_ampersand_is_escaped() {
        assert_eq!(encode("INBOX"), "INBOX");
        assert_eq!(encode("Sent Items/2026"), "Sent Items/2026");
        assert_eq!(encode("Q&A"), "Q&-A");
        assert_eq!(encode("&"), "&-");
    }

    #[test]
    fn other_characters_are_utf16_in_modified_base64() {
        // Examples from RFC 3501 §5.1.3 and common clients' folder names.
        assert_eq!(
            encode("~peter/mail/台北/日本語"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
        );
        assert_eq!(encode("Entwürfe"), "Entw&APw-rfe");
        assert_eq!(encode("Søppelpost"), "S&APg-ppelpost");
        assert_eq!(encode("Utgående"), "Utg&AOU-ende");
        assert_eq!(encode("Отправленные"), "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-");
        // A character outside the BMP is a surrogate pair.
        assert_eq!(encode("📁"), "&2D3cwQ-");
        // Control characters and DEL are not printable: they are encoded too.
        assert_eq!(encode("a\u{7f}b"), "a&AH8-b");
    }

    #[test]
    fn encoded_names_are_printable_ascii() {
        for name in ["æøå ÆØÅ", "Q&A: æ&ø", "\u{202e}evil", "tab\there"] {
            let e = encode(name);
            assert!(
                e.bytes().all(|b| (0x20..0x7f).contains(&b)),
                "{name:?} → {e:?}"
            );
        }
    }
}
