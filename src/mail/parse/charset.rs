//! Body text in the charset a message declares, decoded even when the bytes
//! contradict the declaration (with a warning).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Decodes text in the charset a message declares (`None`: none declared).
///
/// The declaration is trusted only as far as the bytes agree with it: bytes
/// that are not valid in the declared charset, or an unknown charset, are
/// still decoded and recorded in `warnings`; text declared as a single-byte
/// charset that is valid multi-byte UTF-8 is read as UTF-8, because that
/// mislabelling is common and the reverse almost never happens by chance.
pub fn decode_text<'a>(
    bytes: &'a [u8],
    charset: Option<&str>,
    warnings: &mut Vec<String>,
) -> Cow<'a, str> {
    let label = charset.map(|c| c.trim().trim_matches('"')).unwrap_or("");
    let ascii_like = label.is_empty()
        || label.eq_ignore_ascii_case("us-ascii")
        || label.eq_ignore_ascii_case("ascii");
    if ascii_like {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!(
                    "8-bit text without a charset ({}) decoded as windows-1252",
                    if label.is_empty() {
                        "none given"
                    } else {
                        label
                    }
                ));
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        };
    }
    let Some(encoding) = Encoding::for_label_no_replacement(label.as_bytes()) else {
        return match std::str::from_utf8(bytes) {
            Ok(s) => {
                warnings.push(format!("unknown charset \"{label}\" decoded as utf-8"));
                Cow::Borrowed(s)
            }
            Err(_) => {
                warnings.push(format!(
                    "unknown charset \"{label}\" decoded as windows-1252"
                ));
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        };
    };
    if encoding.is_ascii_compatible() && bytes.is_ascii() {
        // Every byte means the same in the declared charset; no need to look further.
        return match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => encoding.decode_without_bom_handling(bytes).0,
        };
    }
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!(
                    "text declared as {label} is not valid utf-8: decoded as windows-1252"
                ));
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        };
    }
    if encoding.is_single_byte()
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        warnings.push(format!(
            "text declared as {label} is utf-8: decoded as utf-8"
        ));
        return Cow::Borrowed(s);
    }
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => s,
        None => {
            warnings.push(format!(
                "text is not valid {label}: undecodable bytes replaced"
            ));
            encoding.decode_without_bom_handling(bytes).0
        }
    }
}
