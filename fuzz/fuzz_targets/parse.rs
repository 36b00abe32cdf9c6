//! Fuzzes `vsd::mail::parse`: any bytes must yield a message or a
//! `Malformed` error, never a panic, and a parsed message keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = vsd::mail::parse(data) {
        assert!(!m.message_id.is_empty());
        assert!(!m.text.contains('\r'));
        assert!(!m.subject.contains(['\r', '\n']));
    }
    let _ = vsd::mail::parse::parse_date(&String::from_utf8_lossy(data));
});
