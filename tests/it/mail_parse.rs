//! `vsd::mail::parse` against hand-written fixtures in `tests/fixtures/mail/`.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use vsd::mail::parse::{parse_addresses, parse_date, parse_ids};
use vsd::mail::{Address, Message, ParseError, parse};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name)
}

fn raw(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("fixture exists")
}

fn fixture(name: &str) -> Message {
    match parse(&raw(name)) {
        Ok(m) => m,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn addr(name: Option<&str>, email: &str) -> Address {
    Address::new(name, email)
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<DateTime<Utc>> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single()
}

// --- Subjects: RFC 2047 in several charsets -------------------------------

#[test]
fn subject_utf8_q_and_b_words_joined() {
    let m = fixture("subject_utf8_q_b.eml");
    assert_eq!(m.subject, "Betaling feiler på test");
    assert!(m.warnings.is_empty());
}

#[test]
fn subject_iso_8859_1() {
    assert_eq!(
        fixture("subject_latin1.eml").subject,
        "Spørsmål om refusjon"
    );
}

#[test]
fn subject_windows_1252_quotes_and_euro() {
    assert_eq!(
        fixture("subject_windows1252.eml").subject,
        "\u{201c}Quoted\u{201d} € price"
    );
}

#[test]
fn subject_character_split_across_two_encoded_words() {
    assert_eq!(fixture("subject_split_multibyte.eml").subject, "på test");
}

#[test]
fn subject_adjacent_encoded_words_without_space() {
    assert_eq!(fixture("subject_adjacent_words.eml").subject, "Hei på deg");
}

#[test]
fn subject_two_charsets_in_one_header() {
    assert_eq!(
        fixture("subject_two_charsets.eml").subject,
        "Re: blåbær og € VSD-12345"
    );
}

#[test]
fn folded_headers_unfold_to_one_line() {
    let m = fixture("folded_headers.eml");
    assert_eq!(m.subject, "VSD-12345 Payment fails for merchant 123");
    assert_eq!(m.message_id, "folded@example.com");
    assert_eq!(m.references, vec!["r1@example.com", "r2@example.com"]);
    assert_eq!(m.from, Some(addr(Some("Ola Nordmann"), "ola@example.com")));
    assert_eq!(
        m.to,
        vec![addr(None, "a@example.com"), addr(None, "b@example.com")]
    );
    assert_eq!(m.date, utc(2026, 11, 26, 9, 0, 0));
    assert_eq!(m.text, "Body.\n");
}

#[test]
fn raw_utf8_headers() {
    let m = fixture("raw_utf8_headers.eml");
    assert_eq!(m.subject, "Bølgen blå – test");
    assert_eq!(m.from, Some(addr(Some("Åse Ødegård"), "ola@example.com")));
}

#[test]
fn raw_latin1_headers_decode_lossily() {
    let m = fixture("raw_latin1_headers.eml");
    assert_eq!(m.subject, "Søknad om tilgang");
    assert_eq!(m.from, Some(addr(Some("Bjørn Ås"), "bjorn@example.no")));
}

#[test]
fn encoded_word_in_unknown_charset_is_kept_with_a_warning() {
    let raw = b"From: a@example.com\nSubject: =?x-klingon?Q?Bl=C3=A5?= ok\n\nx\n";
    let m = parse(raw).expect("parses");
    assert_eq!(m.subject, "Blå ok");
    assert_eq!(
        m.warnings,
        vec!["unknown charset \"x-klingon\" decoded as utf-8"]
    );
}

#[test]
fn encoded_line_breaks_do_not_split_the_subject() {
    let raw = b"From: a@example.com\nSubject: =?utf-8?Q?one=0D=0Atwo?=\n\nx\n";
    assert_eq!(parse(raw).expect("parses").subject, "one  two");
}

#[test]
fn malformed_encoded_word_stays_literal() {
    let raw = b"From: a@example.com\nSubject: =?utf-8?X?abc?= and =?broken\n\nx\n";
    assert_eq!(
        parse(raw).expect("parses").subject,
        "=?utf-8?X?abc?= and =?broken"
    );
}

// --- Message ids -----------------------------------------------------------

#[test]
fn ids_with_comments_garbage_folding_and_duplicates() {
    let m = fixture("ids_broken.eml");
    assert_eq!(m.message_id, "ABC.123@Example.COM");
    assert!(!m.message_id_synthesized);
    assert_eq!(m.in_reply_to, vec!["a@x.example", "b@x.example"]);
    assert_eq!(
        m.references,
        vec![
            "r1@x.example",
            "r2@x.example",
            "r3@x.example",
            "unclosed@x.example"
        ]
    );
}

#[test]
fn ids_without_brackets() {
    let m = fixture("ids_no_brackets.eml");
    assert_eq!(m.message_id, "noangle@example.com");
    assert_eq!(m.in_reply_to, vec!["parent@example.com"]);
    assert_eq!(m.references, vec!["one@x.example", "two@x.example"]);
}

#[test]
fn parse_ids_edge_cases() {
    assert_eq!(parse_ids(""), Vec::<String>::new());
    assert_eq!(parse_ids("   "), Vec::<String>::new());
    assert_eq!(parse_ids("<>"), Vec::<String>::new());
    assert_eq!(parse_ids("<a@b><c@d>"), vec!["a@b", "c@d"]);
    assert_eq!(parse_ids("< a@b >"), vec!["a@b"]);
    assert_eq!(parse_ids("<a@b <c@d>"), vec!["a@b", "c@d"]);
    assert_eq!(parse_ids("1234"), vec!["1234"]);
}

#[test]
fn missing_message_id_is_synthesized_from_the_bytes() {
    let bytes = raw("no_message_id.eml");
    let m = parse(&bytes).expect("parses");
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(m.message_id, format!("{hex}@vsd.invalid"));
    assert!(m.message_id_synthesized);
    assert_eq!(
        parse(&bytes).expect("parses again").message_id,
        m.message_id
    );
}

#[test]
fn empty_message_id_header_is_synthesized() {
    let raw = b"From: a@example.com\nMessage-ID: \nSubject: x\n\nbody\n";
    let m = parse(raw).expect("parses");
    assert!(m.message_id_synthesized);
    assert!(m.message_id.ends_with("@vsd.invalid"));
    assert_eq!(m.message_id.len(), 64 + "@vsd.invalid".len());
}

// --- Addresses -------------------------------------------------------------

#[test]
fn address_list_oddities() {
    let m = fixture("addresses.eml");
    assert_eq!(
        m.from,
        Some(addr(Some("Nordmann, Ola"), "ola.nordmann@example.com"))
    );
    assert_eq!(
        m.to,
        vec![
            addr(Some("Åse Ødegård"), "ase@example.no"),
            addr(None, "bare@example.no"),
            addr(None, "anglebare@example.no"),
            addr(Some("Kari Hansen"), "kari@example.no"),
            addr(Some("Per Persen"), "per@example.no"),
            addr(Some("Hansen, Kari"), "kari2@example.no"),
        ]
    );
    assert_eq!(
        m.cc,
        vec![
            addr(None, "a@example.com"),
            addr(Some("B, Bee"), "b@example.com"),
        ]
    );
    assert_eq!(
        m.reply_to,
        vec![addr(Some("Desk Reply"), "desk@desk.example")]
    );
}

#[test]
fn parse_addresses_edge_cases() {
    let mut w = Vec::new();
    assert_eq!(parse_addresses("", &mut w), vec![]);
    assert_eq!(parse_addresses(",,,", &mut w), vec![]);
    assert_eq!(parse_addresses("undisclosed-recipients:;", &mut w), vec![]);
    assert_eq!(
        parse_addresses("MAILER-DAEMON", &mut w),
        vec![addr(None, "mailer-daemon")]
    );
    assert_eq!(
        parse_addresses("\"Unclosed <x@y.example>", &mut w),
        vec![addr(Some("Unclosed"), "x@y.example")]
    );
    assert_eq!(parse_addresses("Two words", &mut w), vec![]);
    assert_eq!(parse_addresses("\"Quoted only\"", &mut w), vec![]);
    assert_eq!(
        parse_addresses("Ola <ola@example.com", &mut w),
        vec![addr(Some("Ola"), "ola@example.com")]
    );
    assert_eq!(
        parse_addresses("<@relay.example:ola@example.com>", &mut w),
        vec![addr(None, "ola@example.com")]
    );
    assert_eq!(
        parse_addresses("\"ola@example.com\" <ola@example.com>", &mut w),
        vec![addr(None, "ola@example.com")]
    );
    assert_eq!(
        parse_addresses("\"Esc \\\"q\\\"\" <e@example.com>", &mut w),
        vec![addr(Some("Esc \"q\""), "e@example.com")]
    );
    assert!(w.is_empty());
}

#[test]
fn sender_stands_in_for_a_missing_from() {
    let raw = b"Sender: Desk <desk@desk.example>\nSubject: x\n\nbody\n";
    assert_eq!(
        parse(raw).expect("parses").from,
        Some(addr(Some("Desk"), "desk@desk.example"))
    );
}

// --- Dates -----------------------------------------------------------------

#[test]
fn date_fixtures() {
    let nine = utc(2026, 11, 26, 9, 0, 0);
    for name in [
        "date_rfc2822_comment.eml",
        "date_no_weekday_no_seconds.eml",
        "date_two_digit_year_lowercase.eml",
        "date_obsolete_zone.eml",
        "date_military_zone.eml",
        "date_iso8601.eml",
    ] {
        assert_eq!(fixture(name).date, nine, "{name}");
    }
    assert_eq!(fixture("date_unreadable.eml").date, None);
    assert_eq!(fixture("date_missing.eml").date, None);
}

#[test]
fn date_forms() {
    let cases: &[(&str, Option<DateTime<Utc>>)] = &[
        (
            "Thu, 26 Nov 2026 10:00:00 +0100",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        (
            "Thu, 26 Nov 2026 10:00:00 +0100 (CET)",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        ("26 Nov 2026 10:00:00 -0000", utc(2026, 11, 26, 10, 0, 0)),
        ("Thu, 26 Nov 2026 10:00 +0100", utc(2026, 11, 26, 9, 0, 0)),
        ("Thu, 26 Nov 26 10:00:00 +0100", utc(2026, 11, 26, 9, 0, 0)),
        ("Fri, 3 Dec 99 10:00:00 GMT", utc(1999, 12, 3, 10, 0, 0)),
        ("Fri, 3 Dec 126 10:00:00 GMT", utc(2026, 12, 3, 10, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 UT", utc(2026, 11, 26, 10, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 GMT", utc(2026, 11, 26, 10, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 EST", utc(2026, 11, 26, 15, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 PDT", utc(2026, 11, 26, 17, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 Z", utc(2026, 11, 26, 10, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 M", utc(2026, 11, 26, 10, 0, 0)),
        ("Thu, 26 Nov 2026 10:00:00 CEST", utc(2026, 11, 26, 8, 0, 0)),
        (
            "Thu,   26  Nov   2026   10:00:00   +0100  ",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        (
            "thu, 26 nov 2026 10:00:00 +0100",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        (
            "Thursday, 26 November 2026 10:00:00 +0100",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        ("Thu, 26 Nov 2026 10:00:00+0100", utc(2026, 11, 26, 9, 0, 0)),
        ("Thu Nov 26 10:00:00 2026", utc(2026, 11, 26, 10, 0, 0)),
        ("26-Nov-2026 10:00:00 +0100", utc(2026, 11, 26, 9, 0, 0)),
        (
            "Thu, 26 Nov 2026 10:00:00 +0530",
            utc(2026, 11, 26, 4, 30, 0),
        ),
        (
            "Thu, 26 Nov 2026 10:00:00 +01:00",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        ("Thu, 26 Nov 2026 10:00:00", utc(2026, 11, 26, 10, 0, 0)),
        (
            "Thu, 26 Nov 2026 23:59:60 +0000",
            utc(2026, 11, 26, 23, 59, 59),
        ),
        ("2026-11-26T10:00:00+01:00", utc(2026, 11, 26, 9, 0, 0)),
        ("2026-11-26T09:00:00Z", utc(2026, 11, 26, 9, 0, 0)),
        ("2026-11-26T09:00:00.123Z", utc(2026, 11, 26, 9, 0, 0)),
        ("2026-11-26 10:00:00 +0100", utc(2026, 11, 26, 9, 0, 0)),
        ("2026-11-26 09:00", utc(2026, 11, 26, 9, 0, 0)),
        ("2026-11-26", utc(2026, 11, 26, 0, 0, 0)),
        (
            "Thu, 26 Nov 2026 10:00:00 GMT+01:00",
            utc(2026, 11, 26, 9, 0, 0),
        ),
        (
            "Thu, 26 Nov 2026 10:00:00 UTC-5",
            utc(2026, 11, 26, 15, 0, 0),
        ),
        ("Nov 26, 2026 3:05 PM", utc(2026, 11, 26, 15, 5, 0)),
        ("Nov 26, 2026 12:30 am", utc(2026, 11, 26, 0, 30, 0)),
        ("", None),
        ("   ", None),
        ("sometime next week", None),
        ("Thu, 31 Feb 2026 10:00:00 +0100", None),
        ("Thu, 26 Nov 2026 25:00:00 +0100", None),
        ("Thu, 26 Foo 2026 10:00:00 +0100", None),
        ("2026-13-01T00:00:00Z", None),
        (
            "Thu, 26 Nov 2026 10:00:00 +9999",
            utc(2026, 11, 26, 10, 0, 0),
        ),
    ];
    for (input, want) in cases {
        assert_eq!(parse_date(input), *want, "{input:?}");
    }
}

// --- Bodies ----------------------------------------------------------------

#[test]
fn quoted_printable_body_with_soft_breaks_and_crlf() {
    let m = fixture("body_quoted_printable.eml");
    assert_eq!(
        m.text,
        "Hei, betalingen på ordre 42 feiler med en lang linje som er brutt med myk linjeskift.\n= slutt\n"
    );
    assert_eq!(m.html, None);
    assert!(m.warnings.is_empty());
}

#[test]
fn base64_body_crlf_becomes_lf() {
    let m = fixture("body_base64.eml");
    assert_eq!(m.text, "Linje én\nLinje to – ferdig\n");
    assert!(m.warnings.is_empty());
}

#[test]
fn eight_bit_latin1_body() {
    let m = fixture("body_8bit_latin1.eml");
    assert_eq!(m.text, "Blåbærsyltetøy på brødskiva.\n");
    assert!(m.warnings.is_empty());
}

#[test]
fn nested_multipart_prefers_plain_and_keeps_html() {
    let m = fixture("body_nested_multipart.eml");
    assert_eq!(m.text, "Plain words.\n");
    assert_eq!(
        m.html.as_deref(),
        Some("<html><body><p>HTML words.</p></body></html>")
    );
}

#[test]
fn html_only_is_converted_to_text() {
    let m = fixture("body_html_only.eml");
    assert_eq!(
        m.text,
        "Hei på dere.\n\nAndre avsnitt med fet tekst.\n\n> Sitert tekst\n"
    );
    assert_eq!(
        m.html.as_deref(),
        Some(
            "<html><body><p>Hei på dere.</p><p>Andre avsnitt med <b>fet</b> tekst.</p>\
             <blockquote><p>Sitert tekst</p></blockquote></body></html>\n"
        )
    );
}

#[test]
fn long_html_paragraph_is_not_rewrapped() {
    let words = "ord ".repeat(100);
    let raw = format!(
        "From: a@example.com\nContent-Type: text/html\n\n<p>{}</p>\n",
        words.trim_end()
    );
    let m = parse(raw.as_bytes()).expect("parses");
    assert_eq!(m.text, format!("{}\n", words.trim_end()));
}

#[test]
fn attachment_before_text_is_skipped() {
    let m = fixture("body_attachment_before_text.eml");
    assert_eq!(m.text, "The real text.");
}

#[test]
fn utf8_declared_but_windows_1252_bytes() {
    let m = fixture("body_lying_charset_utf8.eml");
    assert_eq!(m.text, "Søknad – åpen\n");
    assert_eq!(
        m.warnings,
        vec!["text declared as utf-8 is not valid utf-8: decoded as windows-1252"]
    );
}

#[test]
fn latin1_declared_but_utf8_bytes() {
    let m = fixture("body_lying_charset_latin1.eml");
    assert_eq!(m.text, "Søknad – åpen\n");
    assert_eq!(
        m.warnings,
        vec!["text declared as iso-8859-1 is utf-8: decoded as utf-8"]
    );
}

#[test]
fn unknown_charset_decodes_with_warning() {
    let m = fixture("body_unknown_charset.eml");
    assert_eq!(m.text, "Blåbær\n");
    assert_eq!(
        m.warnings,
        vec!["unknown charset \"x-made-up\" decoded as utf-8"]
    );
}

#[test]
fn broken_base64_decodes_as_far_as_it_goes() {
    let m = fixture("body_broken_base64.eml");
    assert_eq!(m.text, "Hello world");
    assert_eq!(m.warnings.len(), 1);
    assert!(m.warnings[0].starts_with("broken base64 decoded leniently"));
}

#[test]
fn multipart_without_its_boundary_shows_the_body() {
    let m = fixture("body_missing_boundary.eml");
    assert_eq!(m.text, "Text that was never put in a part.\n");
    assert_eq!(
        m.warnings,
        vec!["multipart message without parts shown as text"]
    );
}

#[test]
fn crlf_message() {
    let m = fixture("crlf_message.eml");
    assert_eq!(m.text, "Line one\nLine two\n");
    assert_eq!(m.subject, "crlf");
}

#[test]
fn lone_cr_after_headers_is_repaired() {
    let m = fixture("lone_cr.eml");
    assert_eq!(m.subject, "lone cr");
    assert_eq!(m.text, "Body.\n");
    assert_eq!(m.warnings.len(), 1);
}

#[test]
fn non_text_single_part_has_no_text() {
    let raw = b"From: a@example.com\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n";
    let m = parse(raw).expect("parses");
    assert_eq!(m.text, "");
    assert_eq!(m.html, None);
}

#[test]
fn no_content_type_is_plain_text() {
    let raw = b"From: a@example.com\n\nPlain\r\nbody\rend";
    assert_eq!(parse(raw).expect("parses").text, "Plain\nbody\nend");
}

#[test]
fn leading_blank_lines_are_skipped() {
    let raw = b"\r\n\nSubject: hi\n\nbody";
    let m = parse(raw).expect("parses");
    assert_eq!(m.subject, "hi");
    assert_eq!(m.text, "body");
}

// --- Unreadable input ------------------------------------------------------

#[test]
fn garbage_is_malformed() {
    let err = parse(&raw("garbage.bin.eml")).expect_err("garbage");
    assert!(matches!(err, ParseError::Malformed(_)));
    assert_eq!(
        err.to_string(),
        "cannot parse message: no header fields found"
    );
}

#[test]
fn a_bare_body_is_not_mail() {
    let err = parse(b"Thanks\n\nOla\n").expect_err("no field");
    assert_eq!(
        err.to_string(),
        "cannot parse message: no header fields found"
    );
    assert!(parse(b"Hello there, friend\nsecond line").is_err());
    assert!(parse(b"X-Only:\n\nbody").is_ok());
}

#[test]
fn empty_input_is_malformed() {
    let err = parse(&raw("empty.eml")).expect_err("empty");
    assert_eq!(
        err.to_string(),
        "cannot parse message: the message is empty"
    );
    assert!(parse(b" \r\n\t\n").is_err());
}

#[test]
fn deep_nesting_keeps_the_headers() {
    let mut raw = String::from("From: a@example.com\nSubject: deep\n");
    for i in 0..150 {
        raw.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=b{i}x\n\n--b{i}x\n"
        ));
    }
    raw.push_str("Content-Type: text/plain\n\ninner\n");
    let m = parse(raw.as_bytes()).expect("parses");
    assert_eq!(m.subject, "deep");
    assert_eq!(m.from, Some(addr(None, "a@example.com")));
    assert_eq!(m.warnings.len(), 1);
    assert!(
        m.warnings[0].starts_with("cannot read the MIME structure"),
        "{:?}",
        m.warnings
    );
    assert!(m.text.ends_with("inner\n"));
}

// --- Never panics ----------------------------------------------------------

fn all_fixtures() -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(fixture_path(""))
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read(p).expect("read fixture"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        // What parses keeps the promises every reader relies on, and the
        // same bytes always read the same (the made-up id too).
        if let Ok(m) = parse(&bytes) {
            prop_assert!(!m.message_id.is_empty());
            prop_assert!(!m.text.contains('\r'));
            prop_assert!(!m.subject.contains(['\r', '\n']));
            prop_assert_eq!(parse(&bytes).ok(), Some(m));
        }
    }

    #[test]
    fn never_panics_on_mutated_messages(
        which in 0usize..64,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..16),
    ) {
        let fixtures = all_fixtures();
        let mut bytes = fixtures[which % fixtures.len()].clone();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        if let Ok(m) = parse(&bytes) {
            prop_assert!(!m.message_id.is_empty());
            prop_assert!(!m.text.contains('\r'));
            prop_assert!(!m.subject.contains(['\r', '\n']));
        }
    }

    #[test]
    fn header_decoders_never_panic(s in "\\PC{0,200}") {
        let mut w = Vec::new();
        for a in parse_addresses(&s, &mut w) {
            prop_assert!(!a.email.contains(['\r', '\n']), "{:?}", a);
        }
        // A date read is one vsd can write and read back.
        if let Some(t) = parse_date(&s)
            && (1900..=9999).contains(&chrono::Datelike::year(&t))
        {
            prop_assert_eq!(parse_date(&t.to_rfc2822()), Some(t));
        }
        // Ids come without brackets or white space, each once.
        let ids = parse_ids(&s);
        for id in &ids {
            prop_assert!(!id.is_empty());
            prop_assert!(!id.contains(char::is_whitespace), "{:?}", id);
            prop_assert!(!id.starts_with('<') && !id.ends_with('>'), "{:?}", id);
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn encoded_word_soup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("=?".to_string()), Just("?=".to_string()), Just("?Q?".to_string()),
            Just("?B?".to_string()), Just("utf-8".to_string()), Just("=C3".to_string()),
            Just(" ".to_string()), Just("å".to_string()), Just("_".to_string()),
        ], 0..30)) {
        let subject = parts.concat();
        let raw = format!("From: a@example.com\nSubject: {subject}\n\nx");
        let m = parse(raw.as_bytes());
        prop_assert!(m.is_ok());
    }
}

// --- Timing (run by hand, asserts nothing) ----------------------------------

/// `cargo test --release --test mail_parse -- --ignored --nocapture parse_timing`
/// Parses every file of the notmuch corpus (by path; set `VSD_CORPUS` to use
/// another directory) and a synthetic 10 KB reply, and prints the cost.
#[test]
#[ignore]
fn parse_timing() {
    use std::time::Instant;
    let dir =
        std::env::var("VSD_CORPUS").unwrap_or_else(|_| "/work/shared/corpora/notmuch".to_string());
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                files.push(b);
            }
        }
    }
    let bytes: usize = files.iter().map(Vec::len).sum();
    let rounds = 20;
    let start = Instant::now();
    let mut errors = 0;
    for _ in 0..rounds {
        for f in &files {
            if parse(f).is_err() {
                errors += 1;
            }
        }
    }
    let el = start.elapsed();
    let n = files.len() * rounds;
    println!(
        "corpus: {} files, {} bytes avg; {:.1} µs/message; {:.0} MB/s; {} unparseable",
        files.len(),
        bytes / files.len().max(1),
        el.as_secs_f64() * 1e6 / n as f64,
        (bytes * rounds) as f64 / el.as_secs_f64() / 1e6,
        errors / rounds
    );

    // A typical desk reply: ~10 KB, text/plain and text/html alternatives.
    let para = "Hei, vi ser på saken og kommer tilbake til dere så snart vi vet mer om feilen. ";
    let plain = para.repeat(55);
    let html = format!("<p>{}</p>", para.repeat(55));
    let msg = format!(
        "From: Desk <desk@desk.example>\r\nTo: \"Nordmann, Ola\" <ola@example.com>, kari@example.com\r\n\
         Cc: =?UTF-8?Q?=C3=85se_=C3=98deg=C3=A5rd?= <ase@example.com>\r\n\
         Subject: =?UTF-8?Q?Re:_VSD-12345_Betaling_feiler_p=C3=A5?=\r\n\
         Date: Thu, 26 Nov 2026 10:00:00 +0100 (CET)\r\nMessage-ID: <a1b2c3@desk.example>\r\n\
         In-Reply-To: <x1@example.com>\r\nReferences: <x0@example.com> <x1@example.com>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
         --alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
         {plain}\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         {html}\r\n--alt--\r\n"
    );
    let rounds = 20_000;
    let start = Instant::now();
    for _ in 0..rounds {
        assert!(parse(msg.as_bytes()).is_ok());
    }
    let el = start.elapsed();
    println!(
        "synthetic reply: {} bytes; {:.1} µs/message; {:.0} messages/s on one core",
        msg.len(),
        el.as_secs_f64() * 1e6 / rounds as f64,
        rounds as f64 / el.as_secs_f64()
    );
}

#[test]
fn empty_plain_alternative_gives_way_to_html() {
    let raw = b"From: a@example.com\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain\n\n \n--x\nContent-Type: text/html\n\n<p>Real words</p>\n--x--\n";
    let m = parse(raw).expect("parses");
    assert_eq!(m.text, "Real words\n");
    assert_eq!(m.html.as_deref(), Some("<p>Real words</p>"));
}

#[test]
fn utf16_body_is_not_mistaken_for_ascii() {
    let mut raw = b"From: a@example.com\nContent-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: binary\n\n".to_vec();
    for c in "Hei".encode_utf16() {
        raw.extend_from_slice(&c.to_le_bytes());
    }
    let m = parse(&raw).expect("parses");
    assert_eq!(m.text, "Hei");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn iso_2022_jp_encoded_word() {
    // "日本" in ISO-2022-JP, B-encoded.
    let raw = b"From: a@example.com\nSubject: =?ISO-2022-JP?B?GyRCRnxLXBsoQg==?=\n\nx\n";
    assert_eq!(parse(raw).expect("parses").subject, "日本");
}

#[test]
fn format_flowed_soft_breaks_are_joined() {
    let m = fixture("body_format_flowed.eml");
    assert_eq!(
        m.text,
        "The payment for order 42 still fails when the customer opens the app from the browser.\n\
         From the logs it looks like a timeout.\n\
         \n\
         On Thu, 26 Nov 2026, Desk wrote:\n\
         > Could you send the orderId and the environment?\n\
         \n\
         -- \n\
         Ola\n"
    );
}
