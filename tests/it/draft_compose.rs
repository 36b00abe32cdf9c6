//! Drafts built from threads written here, parsed back with `mailparse`:
//! each header checked, none repeated, none added by hostile input.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use vsd::config::AddressSet;
use vsd::draft::{
    self, DraftError, Envelope, MAX_REFERENCES, Sides, Thread, ThreadMessage, compose, header_text,
    reply_envelope,
};
use vsd::issues::Role;
use vsd::mail::Address;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0)
        .single()
        .expect("date")
}

fn addr(name: Option<&str>, email: &str) -> Address {
    Address::new(name, email)
}

fn msg(id: &str, date: DateTime<Utc>, role: Role, from: Address) -> ThreadMessage {
    ThreadMessage {
        message_id: id.into(),
        date,
        role,
        from: Some(from),
        reply_to: vec![],
        to: vec![],
        cc: vec![],
        in_reply_to: vec![],
        references: vec![],
    }
}

fn sides() -> Sides {
    Sides {
        desk: AddressSet::new(&["integration@vipps.no", "noreply@vipps.no"]),
        team: AddressSet::new(&["*@example.com"]),
    }
}

fn ola() -> Address {
    addr(Some("Ola Nordmann"), "ola@example.com")
}

/// VSD-100: request (Cc Kari), auto-reply, desk question, Ola's answer with
/// Per added.
fn thread() -> Thread {
    let desk = addr(Some("Vipps Integration"), "integration@vipps.no");
    let mut req = msg("req@example.com", at(2, 9), Role::Team, ola());
    req.to = vec![desk.clone()];
    req.cc = vec![addr(None, "kari@example.com")];
    let mut auto = msg("auto@vipps.no", at(2, 10), Role::Desk, desk.clone());
    auto.to = vec![ola()];
    auto.cc = vec![addr(Some("Kari Hansen"), "kari@example.com")];
    auto.in_reply_to = vec!["req@example.com".into()];
    auto.references = vec!["req@example.com".into()];
    let mut q = msg("q@vipps.no", at(3, 9), Role::Desk, desk.clone());
    q.to = vec![ola()];
    q.in_reply_to = vec!["auto@vipps.no".into()];
    q.references = vec!["req@example.com".into(), "auto@vipps.no".into()];
    let mut a = msg("a@example.com", at(3, 11), Role::Team, ola());
    a.to = vec![desk];
    a.cc = vec![
        addr(None, "kari@example.com"),
        addr(Some("Per Olsen"), "per@example.com"),
    ];
    a.in_reply_to = vec!["q@vipps.no".into()];
    a.references = vec![
        "req@example.com".into(),
        "auto@vipps.no".into(),
        "q@vipps.no".into(),
    ];
    Thread {
        key: Some("VSD-100".into()),
        title: "POST /epayment gives 400".into(),
        canonical_subject: "[VSD-100] POST /epayment gives 400".into(),
        messages: vec![req, auto, q, a],
    }
}

/// Every header name of a raw message, in order, lower-cased.
fn header_names(raw: &[u8]) -> Vec<String> {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    parsed
        .headers
        .iter()
        .map(|h| h.get_key().to_ascii_lowercase())
        .collect()
}

fn header(raw: &[u8], name: &str) -> String {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let all: Vec<String> = parsed
        .headers
        .iter()
        .filter(|h| h.get_key().eq_ignore_ascii_case(name))
        .map(|h| h.get_value())
        .collect();
    assert_eq!(all.len(), 1, "{name} appears {} times", all.len());
    all.into_iter().next().unwrap_or_default()
}

fn emails(raw: &[u8], name: &str) -> Vec<(Option<String>, String)> {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let h = parsed
        .headers
        .iter()
        .find(|h| h.get_key().eq_ignore_ascii_case(name))
        .expect("header present");
    let list = mailparse::addrparse_header(h).expect("addresses parse");
    list.iter()
        .flat_map(|a| match a {
            mailparse::MailAddr::Single(s) => vec![(s.display_name.clone(), s.addr.clone())],
            mailparse::MailAddr::Group(g) => g
                .addrs
                .iter()
                .map(|s| (s.display_name.clone(), s.addr.clone()))
                .collect(),
        })
        .collect()
}

/// The header block: everything before the first empty line.
fn head(raw: &[u8]) -> &[u8] {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header block ends");
    &raw[..end + 2]
}

fn assert_wire_form(raw: &[u8]) {
    assert!(head(raw).iter().all(|&b| b < 128), "8-bit header");
    // Non-ASCII bodies go out quoted-printable or base64: 7-bit throughout.
    assert!(raw.iter().all(|&b| b < 128), "8-bit body");
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\n' {
            assert!(i > 0 && raw[i - 1] == b'\r', "bare LF at byte {i}");
        }
        if b == b'\r' {
            assert_eq!(raw.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
        }
        assert_ne!(b, 0, "NUL at byte {i}");
    }
}

const EXPECTED_HEADERS: [&str; 11] = [
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
];

#[test]
fn reply_headers_follow_the_contract() {
    let env = reply_envelope(&thread(), &ola(), &sides()).expect("envelope");
    let d = compose(&env, "Here is the log.\n", at(4, 8)).expect("draft");
    let raw = &d.raw;
    assert_wire_form(raw);
    let mut names = header_names(raw);
    names.sort();
    let mut want: Vec<String> = EXPECTED_HEADERS.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
    assert_eq!(
        emails(raw, "From"),
        vec![(Some("Ola Nordmann".into()), "ola@example.com".into())]
    );
    assert_eq!(
        emails(raw, "To"),
        vec![(
            Some("Vipps Integration".into()),
            "integration@vipps.no".into()
        )]
    );
    assert_eq!(
        emails(raw, "Cc"),
        vec![
            (Some("Kari Hansen".into()), "kari@example.com".into()),
            (Some("Per Olsen".into()), "per@example.com".into()),
        ]
    );
    assert_eq!(
        header(raw, "Subject"),
        "Re: [VSD-100] POST /epayment gives 400"
    );
    assert_eq!(header(raw, "In-Reply-To"), "<a@example.com>");
    assert_eq!(
        header(raw, "References"),
        "<req@example.com> <auto@vipps.no> <q@vipps.no> <a@example.com>"
    );
    assert_eq!(header(raw, "Message-ID"), format!("<{}>", d.message_id));
    assert!(d.message_id.ends_with("@example.com"));
    assert_eq!(
        mailparse::dateparse(&header(raw, "Date")).expect("date"),
        at(4, 8).timestamp()
    );
    let parsed = mailparse::parse_mail(raw).expect("parses");
    assert_eq!(parsed.ctype.mimetype, "text/plain");
    assert_eq!(parsed.ctype.charset, "utf-8");
    assert_eq!(
        parsed.get_body().expect("body").replace("\r\n", "\n"),
        "Here is the log.\n"
    );
}

#[test]
fn no_reply_desk_is_answered_at_its_reply_to() {
    let mut t = thread();
    let mut notice = msg(
        "notice@vipps.no",
        at(5, 9),
        Role::Desk,
        addr(Some("Vipps"), "noreply@vipps.no"),
    );
    notice.reply_to = vec![addr(Some("Vipps Integration"), "integration@vipps.no")];
    notice.references = vec!["req@example.com".into(), "a@example.com".into()];
    t.messages.push(notice);
    let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
    assert_eq!(
        env.to,
        vec![addr(Some("Vipps Integration"), "integration@vipps.no")]
    );
    assert_eq!(env.in_reply_to.as_deref(), Some("notice@vipps.no"));
    assert_eq!(
        env.references,
        vec!["req@example.com", "a@example.com", "notice@vipps.no"]
    );
}

#[test]
fn no_reply_desk_without_reply_to_falls_back_to_an_earlier_desk_address() {
    let mut t = thread();
    t.messages.push(msg(
        "notice@vipps.no",
        at(5, 9),
        Role::Desk,
        addr(None, "no-reply@vipps.no"),
    ));
    let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
    assert_eq!(
        env.to,
        vec![addr(Some("Vipps Integration"), "integration@vipps.no")]
    );
}

#[test]
fn thread_where_the_desk_never_wrote_goes_to_the_desk_the_team_wrote_to() {
    let mut t = thread();
    t.messages.retain(|m| m.role == Role::Team);
    let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
    assert_eq!(env.to[0].email, "integration@vipps.no");
    t.messages.iter_mut().for_each(|m| m.to.clear());
    assert_eq!(
        reply_envelope(&t, &ola(), &sides()),
        Err(DraftError::NoDeskAddress {
            issue: "VSD-100".into()
        })
    );
}

#[test]
fn sender_is_never_copied_and_kari_is_when_she_replies() {
    let kari = addr(Some("Kari Hansen"), "kari@example.com");
    let env = reply_envelope(&thread(), &kari, &sides()).expect("envelope");
    let cc: Vec<&str> = env.cc.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(cc, vec!["ola@example.com", "per@example.com"]);
}

#[test]
fn parent_without_references_uses_its_in_reply_to() {
    let mut t = thread();
    let last = t.messages.last_mut().expect("last");
    last.references.clear();
    last.in_reply_to = vec!["q@vipps.no".into()];
    let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
    assert_eq!(env.references, vec!["q@vipps.no", "a@example.com"]);
}

#[test]
fn made_up_ids_are_not_threaded_on() {
    let mut t = thread();
    t.messages
        .push(msg("0123abcd@vsd.invalid", at(6, 9), Role::Team, ola()));
    let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
    assert_eq!(env.in_reply_to.as_deref(), Some("a@example.com"));
}

#[test]
fn long_reference_chain_keeps_the_root_and_the_newest() {
    let mut t = thread();
    let refs: Vec<String> = (0..40).map(|i| format!("r{i}@example.com")).collect();
    t.messages.last_mut().expect("last").references = refs;
    let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
    assert_eq!(env.references.len(), MAX_REFERENCES);
    assert_eq!(env.references[0], "r0@example.com");
    assert_eq!(env.references[1], "r22@example.com");
    assert_eq!(env.references[18], "r39@example.com");
    assert_eq!(env.references[19], "a@example.com");
    let d = compose(&env, "x", at(7, 9)).expect("draft");
    assert_eq!(header(&d.raw, "References").split(' ').count(), 20);
}

#[test]
fn norwegian_subject_and_names_are_rfc2047_words() {
    let mut t = thread();
    t.canonical_subject = "VSD-300: Søknad om tilgang – blåbær".into();
    let from = addr(Some("Øystein Ås"), "oystein@example.com");
    let env = reply_envelope(&t, &from, &sides()).expect("envelope");
    let d = compose(&env, "Hei,\n\nlogg for blåbær-testen.\n", at(4, 8)).expect("draft");
    assert_wire_form(&d.raw);
    assert_eq!(
        header(&d.raw, "Subject"),
        "Re: VSD-300: Søknad om tilgang – blåbær"
    );
    assert_eq!(
        emails(&d.raw, "From"),
        vec![(Some("Øystein Ås".into()), "oystein@example.com".into())]
    );
    let parsed = mailparse::parse_mail(&d.raw).expect("parses");
    assert_eq!(
        parsed.get_body().expect("body").replace("\r\n", "\n"),
        "Hei,\n\nlogg for blåbær-testen.\n"
    );
    let cte = header(&d.raw, "Content-Transfer-Encoding");
    assert!(cte == "quoted-printable" || cte == "base64", "{cte}");
}

/// Found by fuzzing the draft round trip: a recipient named twice (in any
/// case) was written twice in To, which no reader keeps.
#[test]
fn duplicate_recipients_are_written_once() {
    let mut env = reply_envelope(&thread(), &ola(), &sides()).expect("envelope");
    let desk = env.to[0].email.clone();
    env.to.push(addr(Some("Desk"), &desk.to_uppercase()));
    env.to.push(addr(None, &desk));
    env.cc.push(addr(None, &desk));
    let d = compose(&env, "x", at(4, 8)).expect("draft");
    let to: Vec<String> = emails(&d.raw, "To").into_iter().map(|(_, e)| e).collect();
    assert_eq!(to, vec![desk.clone()]);
    assert_eq!(d.envelope.to.len(), 1);
    let cc: Vec<String> = emails(&d.raw, "Cc").into_iter().map(|(_, e)| e).collect();
    assert!(!cc.contains(&desk), "{cc:?}");
}

#[test]
fn bad_addresses_are_refused_or_left_out() {
    let mut env = reply_envelope(&thread(), &ola(), &sides()).expect("envelope");
    env.cc.push(addr(None, "bcc: evil@x.com"));
    env.cc.push(addr(None, "kåre@example.com"));
    let d = compose(&env, "x", at(4, 8)).expect("draft");
    let cc: Vec<String> = emails(&d.raw, "Cc").into_iter().map(|(_, e)| e).collect();
    assert_eq!(cc, vec!["kari@example.com", "per@example.com"]);
    env.to = vec![addr(None, "a@b>, evil@x.com")];
    assert!(matches!(
        compose(&env, "x", at(4, 8)),
        Err(DraftError::BadAddress {
            role: "recipient",
            ..
        })
    ));
    env.to.clear();
    assert_eq!(compose(&env, "x", at(4, 8)), Err(DraftError::NoRecipient));
}

/// Text with the characters that break headers, and some that need encoding.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\r".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\0".to_string()),
            Just("\r\nBcc: evil@x.com".to_string()),
            Just("\nX-Injected: 1\n".to_string()),
            Just("\t".to_string()),
            Just("=?utf-8?Q?x?=".to_string()),
            Just("\"".to_string()),
            Just(",".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("\\".to_string()),
            Just("ø".to_string()),
            Just("Å".to_string()),
            Just("–".to_string()),
            Just("\u{2028}".to_string()),
            Just("😀".to_string()),
            "[a-zA-Z0-9 .:;-]{0,12}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn hostile_input_adds_no_header(
        subject in hostile(),
        from_name in hostile(),
        to_name in hostile(),
        cc_name in hostile(),
        body in hostile(),
        parent_id in hostile(),
        reference in hostile(),
        local in hostile(),
    ) {
        let mut t = thread();
        t.canonical_subject = format!("[VSD-100] {subject}");
        {
            let last = t.messages.last_mut().expect("last");
            last.message_id = format!("p{parent_id}@example.com");
            last.references.push(reference.clone());
        }
        t.messages[2].from = Some(Address { name: Some(to_name.clone()), email: "integration@vipps.no".into() });
        t.messages[3].cc.push(Address { name: Some(cc_name.clone()), email: "per@example.com".into() });
        let odd = format!("{local}@example.com");
        t.messages[3].cc.push(Address { name: None, email: odd.clone() });
        let from = Address { name: Some(from_name.clone()), email: "ola@example.com".into() };
        let env = reply_envelope(&t, &from, &sides()).expect("envelope");
        let d = compose(&env, &body, at(4, 8)).expect("draft");
        assert_wire_form(&d.raw);

        let mut names = header_names(&d.raw);
        names.sort();
        // An unusable parent id makes the reply thread on the message before.
        let mut want: Vec<String> = EXPECTED_HEADERS.iter().map(|s| s.to_string()).collect();
        want.sort();
        prop_assert_eq!(names, want);

        // A literal "=?…?=" reads back as an encoded word in any lenient
        // parser; the values are compared where the text holds none.
        let literal = |s: &str| !s.contains("=?");
        if literal(&subject) {
            prop_assert_eq!(header(&d.raw, "Subject"), header_text(&format!("Re: [VSD-100] {subject}")));
        }
        let from_parsed = emails(&d.raw, "From");
        prop_assert_eq!(from_parsed.len(), 1);
        prop_assert_eq!(&from_parsed[0].1, "ola@example.com");
        if literal(&from_name) {
            let want_name = header_text(&from_name);
            prop_assert_eq!(from_parsed[0].0.clone().unwrap_or_default(), want_name);
        }
        let to = emails(&d.raw, "To");
        prop_assert_eq!(to.len(), 1);
        prop_assert_eq!(&to[0].1, "integration@vipps.no");
        let cc: Vec<String> = emails(&d.raw, "Cc").into_iter().map(|(_, e)| e).collect();
        let mut want_cc = vec!["kari@example.com".to_string(), "per@example.com".to_string()];
        let odd = odd.trim().to_ascii_lowercase();
        if draft::is_plain_email(&odd) && !want_cc.contains(&odd) && odd != "ola@example.com" {
            want_cc.push(odd);
        }
        prop_assert_eq!(cc, want_cc);

        let parsed = mailparse::parse_mail(&d.raw).expect("parses");
        let body = body.replace('\0', "");
        let body = body.strip_prefix('\u{feff}').unwrap_or(&body);
        let mut want_body = body.replace("\r\n", "\n").replace('\r', "\n");
        if !want_body.ends_with('\n') {
            want_body.push('\n');
        }
        prop_assert_eq!(parsed.get_body().expect("body").replace("\r\n", "\n"), want_body);
    }

    #[test]
    fn hostile_new_request_has_one_of_each_header(subject in hostile(), body in hostile(), name in hostile()) {
        let env = Envelope {
            from: Address { name: Some(name), email: "ola@example.com".into() },
            to: vec![addr(None, "integration@vipps.no")],
            cc: vec![],
            subject: format!("x{subject}"),
            in_reply_to: None,
            references: vec![],
        };
        let d = compose(&env, &body, at(4, 8)).expect("draft");
        assert_wire_form(&d.raw);
        let mut names = header_names(&d.raw);
        names.sort();
        let mut want: Vec<String> = EXPECTED_HEADERS
            .iter()
            .filter(|h| !matches!(**h, "cc" | "in-reply-to" | "references"))
            .map(|s| s.to_string())
            .collect();
        want.sort();
        prop_assert_eq!(names, want);
    }
}

/// Names that end in a backslash are written as `"Sta\\"`; vsd's own reader
/// once took that closing quote for an escaped one, dropped the quotes and
/// split the name at its comma into a second address (found by fuzzing).
#[test]
fn names_with_backslashes_and_commas_read_back_as_one_address_each() {
    let names = [
        "<\\",
        "Sta\\",
        "Berg, Kari\\",
        "a \\\" b, c",
        "\\\\,\\",
        "x\\y, z",
    ];
    for name in names {
        let mut t = thread();
        t.messages[2].from = Some(addr(Some(name), "integration@vipps.no"));
        t.messages[3].cc.push(addr(Some(name), "per@example.com"));
        let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
        let d = compose(&env, "Hello.\n", at(4, 8)).expect("draft");
        let m = vsd::mail::parse(&d.raw).expect("parses");
        let emails = |l: &[Address]| l.iter().map(|a| a.email.clone()).collect::<Vec<_>>();
        assert_eq!(emails(&m.to), ["integration@vipps.no"], "To name {name:?}");
        assert_eq!(emails(&m.cc), emails(&d.envelope.cc), "Cc name {name:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the names, vsd reads its own drafts' recipients back as it
    /// wrote them: the reply's Cc is what threads colleagues in.
    #[test]
    fn recipients_read_back_through_vsds_own_reader(
        to_name in hostile(),
        cc_name in hostile(),
        other in hostile(),
    ) {
        let mut t = thread();
        t.messages[2].from = Some(addr(Some(&to_name), "integration@vipps.no"));
        t.messages[3].cc.push(addr(Some(&cc_name), "per@example.com"));
        t.messages[3].cc.push(addr(Some(&other), "kari@example.com"));
        let env = reply_envelope(&t, &ola(), &sides()).expect("envelope");
        let d = compose(&env, "Hello.\n", at(4, 8)).expect("draft");
        let m = vsd::mail::parse(&d.raw).expect("parses");
        let got = |l: &[Address]| l.iter().map(|a| a.email.clone()).collect::<Vec<_>>();
        prop_assert_eq!(got(&m.to), got(&d.envelope.to));
        prop_assert_eq!(got(&m.cc), got(&d.envelope.cc));
    }
}
