//! Fuzzes the draft round trip: any envelope and body (names, subjects and
//! ids written by others, a body from any editor) composed with
//! `vsd::draft::compose` and read back with `vsd::mail::parse` give back the
//! cleaned headers and the body exactly, so that a reply threads and its
//! Subject matches the issue's. The edited template reads back to the body
//! above the scissors line.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use vsd::draft::{self, Envelope, template};
use vsd::mail::Address;

fn address(u: &mut Unstructured) -> Result<Address> {
    let name: Option<String> = u.arbitrary()?;
    let email = match u.int_in_range(0..=3u8)? {
        0 => u.arbitrary::<String>()?,
        n => format!("user{n}@example.com"),
    };
    Ok(Address::new(name.as_deref(), &email))
}

fn envelope(u: &mut Unstructured) -> Result<(Envelope, String)> {
    let from = address(u)?;
    let to = (0..u.int_in_range(0..=2u8)?)
        .map(|_| address(u))
        .collect::<Result<_>>()?;
    let cc = (0..u.int_in_range(0..=3u8)?)
        .map(|_| address(u))
        .collect::<Result<_>>()?;
    let subject = u.arbitrary()?;
    let in_reply_to = u.arbitrary()?;
    let references = (0..u.int_in_range(0..=4u8)?)
        .map(|_| u.arbitrary::<String>())
        .collect::<Result<_>>()?;
    let body = u.arbitrary()?;
    Ok((
        Envelope {
            from,
            to,
            cc,
            subject,
            in_reply_to,
            references,
        },
        body,
    ))
}

fn emails(list: &[Address]) -> Vec<&str> {
    list.iter().map(|a| a.email.as_str()).collect()
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((env, body)) = envelope(&mut u) else {
        return;
    };

    if !body.lines().any(|l| l.trim() == template::SCISSORS) {
        let tpl = template::reply("VSD-1", &env.subject, "d@example.no", "");
        let edited = format!("{body}\n{tpl}");
        assert_eq!(template::body_of(&edited), template::body_of(&body));
    }

    let now = Utc.timestamp_opt(1_767_225_600, 0).single().expect("date");
    let Ok(d) = draft::compose(&env, &body, now) else {
        return;
    };
    let m = vsd::mail::parse(&d.raw).expect("a draft parses");
    assert_eq!(m.message_id, d.message_id);
    assert!(!m.message_id_synthesized);
    assert_eq!(m.subject, d.envelope.subject, "{:?}", env.subject);
    assert_eq!(m.from.as_ref().map(|a| a.email.as_str()), Some(d.envelope.from.email.as_str()));
    assert_eq!(emails(&m.to), emails(&d.envelope.to));
    assert_eq!(emails(&m.cc), emails(&d.envelope.cc));
    assert_eq!(m.in_reply_to, d.envelope.in_reply_to.iter().cloned().collect::<Vec<_>>());
    assert_eq!(m.references, d.envelope.references);
    assert_eq!(m.date, Some(now));
    assert_eq!(m.text, d.body, "{body:?}");
});
