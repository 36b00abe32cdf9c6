//! A regroup after new mail reads only the thread components and issues the
//! mail touches. Whatever the mail, the store must end up exactly as a
//! regroup that reads everything leaves it: two stores are fed the same
//! batches and local actions, one regrouped the scoped way and one reading
//! everything, and every derived table is compared after each batch.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use vsd::config::Config;
use vsd::issues::grouping::ActionKind;
use vsd::issues::team::OpKind;
use vsd::store::{Reads, Store};
use vsd::sync::ingest::{Incoming, ingest};

const SENDERS: [&str; 4] = [
    "Desk <integration@vipps.no>",
    "Ola <ola@example.com>",
    "Kari <kari@example.com>",
    "Per <per@partner.example>",
];
const BODIES: [&str; 5] = [
    "Thanks, we will look at it.",
    "This is resolved now.",
    "> earlier words\n\nSee above.",
    "client_secret: abcdefghijklmnopqrstuvwxyz123456",
    "Merchant serial number 123456, environment test, orderId abc-1.",
];

#[derive(Debug, Clone)]
struct Mail {
    hours: i64,
    from: usize,
    subject: usize,
    key: u8,
    key2: u8,
    parent: Option<usize>,
    refs: Vec<usize>,
    body: usize,
    cc: bool,
    /// Outlook's conversation (Thread-Index) and whether it answers in it.
    conversation: Option<(u8, bool)>,
}

fn mail() -> impl Strategy<Value = Mail> {
    (
        0i64..2000,
        0usize..4,
        0usize..6,
        1u8..4,
        1u8..4,
        proptest::option::of(0usize..40),
        proptest::collection::vec(0usize..40, 0..4),
        0usize..5,
        any::<bool>(),
        proptest::option::of((0u8..3, any::<bool>())),
    )
        .prop_map(
            |(hours, from, subject, key, key2, parent, refs, body, cc, conversation)| Mail {
                hours,
                from,
                subject,
                key,
                key2,
                parent,
                refs,
                body,
                cc,
                conversation,
            },
        )
}

/// An id: one of the mailbox's own, or one it never holds (a message that
/// was never received), so threads also meet through missing messages.
fn id(n: usize, count: usize) -> String {
    if n < count {
        format!("m{n}@test")
    } else {
        format!("missing{}@test", n % 5)
    }
}

fn raw(i: usize, m: &Mail, count: usize) -> Vec<u8> {
    let t0: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let date = (t0 + Duration::hours(m.hours)).to_rfc2822();
    let topic = format!("topic {}", m.key);
    let subject = match m.subject {
        0 => format!("[VSD-{}] {topic}", m.key),
        1 => format!("Re: [VSD-{}] {topic}", m.key),
        2 => topic,
        3 => format!("Re: {topic}"),
        4 => format!("[VSD-{}] [VSD-{}] two", m.key, m.key2),
        _ => format!("SV: [VSD-{}] another words", m.key),
    };
    let mut h = format!(
        "From: {}\r\nTo: Desk <integration@vipps.no>\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{}>\r\n",
        SENDERS[m.from],
        id(i, count)
    );
    if m.cc {
        h.push_str("Cc: Kari <kari@example.com>\r\n");
    }
    if let Some(p) = m.parent {
        h.push_str(&format!("In-Reply-To: <{}>\r\n", id(p, count)));
    }
    if !m.refs.is_empty() {
        let refs: Vec<String> = m
            .refs
            .iter()
            .map(|&r| format!("<{}>", id(r, count)))
            .collect();
        h.push_str(&format!("References: {}\r\n", refs.join(" ")));
    }
    if let Some((c, reply)) = m.conversation {
        use base64::Engine;
        let mut bytes = vec![c; 22];
        if reply {
            bytes.extend([1, 2, 3, 4, 5]);
        }
        let index = base64::engine::general_purpose::STANDARD.encode(bytes);
        h.push_str(&format!("Thread-Index: {index}\r\nThread-Topic: topic\r\n"));
    }
    format!("{h}\r\n{}\r\n", BODIES[m.body]).into_bytes()
}

/// Everything regrouping derives, in a form that compares.
fn derived(db: &Path) -> Vec<BTreeSet<String>> {
    let c = rusqlite::Connection::open(db).unwrap();
    let rows = |sql: &str| -> BTreeSet<String> {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            let mut v = Vec::new();
            for i in 0..n {
                let x: rusqlite::types::Value = r.get(i)?;
                v.push(format!("{x:?}"));
            }
            Ok(v.join(" | "))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    vec![
        rows(
            "SELECT id, key, title, canonical_subject, status, opened_at, last_activity, message_count, flags, digest FROM issues",
        ),
        rows(
            "SELECT m.message_id, a.issue_id, a.thread_root, a.role FROM assignments a JOIN messages m ON m.id = a.message_rowid",
        ),
        rows(
            "SELECT m.message_id, f.rule, f.detail, f.evidence FROM flags f JOIN messages m ON m.id = f.message_rowid",
        ),
        // A lifted flag and a relabelling are logged at the moment of the
        // regroup that found them, which the two stores do not share.
        rows(
            "SELECT CASE WHEN kind IN ('unflagged', 'relabelled') THEN 0 ELSE at END, key, kind, detail,
                CASE kind WHEN 'unflagged' THEN substr(ref, 1, length(ref) - 11) ELSE ref END
             FROM events",
        ),
    ]
}

fn run(
    mails: &[Mail],
    cuts: &[usize],
    acts: &[(u8, bool)],
    cfg: &Config,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("scoped.db"), dir.path().join("all.db"));
    let (mut a, mut b) = (Store::open(&pa).unwrap(), Store::open(&pb).unwrap());
    let count = mails.len();
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (count + 1)).collect();
    bounds.push(count);
    bounds.sort_unstable();
    let mut from = 0;
    for (step, &to) in bounds.iter().enumerate() {
        let batch: Vec<Incoming> = (from..to)
            .map(|i| Incoming {
                raw: raw(i, &mails[i], count),
                origin: format!("m{i}"),
                fallback_date: None,
                location: None,
            })
            .collect();
        from = to;
        for s in [&mut a, &mut b] {
            ingest(s, cfg, batch.clone()).unwrap();
        }
        a.regroup_reading(cfg, Reads::Least).unwrap();
        b.regroup_everything(cfg).unwrap();
        // Now and then the user closes or reopens an issue.
        if let Some(&(key, close)) = acts.get(step) {
            let key = format!("VSD-{key}");
            if b.resolve_id(&key).is_ok() {
                let kind = if close {
                    ActionKind::Close
                } else {
                    ActionKind::Reopen
                };
                let at = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap()
                    + Duration::hours(step as i64 * 300);
                if step % 2 == 0 {
                    // As an older vsd recorded them.
                    a.add_action(&key, kind, at).unwrap();
                    b.add_action(&key, kind, at).unwrap();
                } else {
                    // As a team operation, the same one in both stores.
                    let kind = if close { OpKind::Close } else { OpKind::Reopen };
                    let op = b.team_state().unwrap().make(
                        format!("op{step}"),
                        "ola@example.com",
                        at,
                        &key,
                        kind,
                    );
                    a.add_team_op(&op, &op.to_json(), true, None).unwrap();
                    b.add_team_op(&op, &op.to_json(), true, None).unwrap();
                }
                a.regroup_reading(cfg, Reads::Least).unwrap();
                b.regroup_everything(cfg).unwrap();
            }
        }
        let (da, db) = (derived(&pa), derived(&pb));
        for (t, (x, y)) in ["issues", "assignments", "flags", "events"]
            .iter()
            .zip(da.iter().zip(&db))
        {
            prop_assert_eq!(
                x.difference(y).collect::<Vec<_>>(),
                y.difference(x).collect::<Vec<_>>(),
                "{} differ after batch {} (scoped | everything)",
                t,
                step
            );
        }
    }
    Ok(())
}

fn configured() -> Config {
    Config::parse_str(
        "[desk]\naddresses = [\"integration@vipps.no\"]\n\n[team]\naddresses = [\"*@example.com\"]\n",
        "t.toml",
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn scoped_regroup_equals_reading_everything(
        mails in proptest::collection::vec(mail(), 1..36),
        cuts in proptest::collection::vec(0usize..40, 0..6),
        acts in proptest::collection::vec((1u8..4, any::<bool>()), 0..6),
    ) {
        run(&mails, &cuts, &acts, &configured())?;
    }

    /// Without `[desk] addresses` the desk is inferred from the whole store;
    /// mail that could change who it is makes the regroup read everything.
    #[test]
    fn scoped_regroup_equals_reading_everything_with_an_inferred_desk(
        mails in proptest::collection::vec(mail(), 1..36),
        cuts in proptest::collection::vec(0usize..40, 0..6),
        acts in proptest::collection::vec((1u8..4, any::<bool>()), 0..6),
    ) {
        run(&mails, &cuts, &acts, &Config::default())?;
    }
}

/// One reply to an issue in a store of many: the scoped regroup reads the
/// reply's thread and issue, not the store, and says so in its figures.
#[test]
fn a_reply_is_applied_reading_its_issue_only() {
    let cfg = configured();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut s = Store::open(&db).unwrap();
    let mut mails = Vec::new();
    for k in 0..200u8 {
        mails.push(Mail {
            hours: i64::from(k),
            from: 0,
            subject: 0,
            key: k,
            key2: k,
            parent: None,
            refs: vec![],
            body: 0,
            cc: false,
            conversation: None,
        });
    }
    let count = 400;
    let items: Vec<Incoming> = mails
        .iter()
        .enumerate()
        .map(|(i, m)| Incoming {
            raw: raw(i, m, count),
            origin: String::new(),
            fallback_date: None,
            location: None,
        })
        .collect();
    ingest(&mut s, &cfg, items).unwrap();
    let first = s.regroup(&cfg).unwrap();
    assert_eq!((first.changed_issues, first.read_messages), (200, 200));
    // A team reply to VSD-7's auto-reply (message 7).
    let reply = Mail {
        hours: 300,
        from: 1,
        subject: 1,
        key: 7,
        key2: 7,
        parent: Some(7),
        refs: vec![7],
        body: 0,
        cc: false,
        conversation: None,
    };
    let item = Incoming {
        raw: raw(250, &reply, count),
        origin: String::new(),
        fallback_date: None,
        location: None,
    };
    ingest(&mut s, &cfg, vec![item]).unwrap();
    let second = s.regroup(&cfg).unwrap();
    assert_eq!(
        second.read_messages, 2,
        "the reply and the auto-reply it answers"
    );
    assert_eq!(second.changed_issues, 1);
    assert_eq!(second.issues, 200, "counts still cover the whole store");
    assert_eq!(s.detail("VSD-7").unwrap().status.as_str(), "awaiting-desk");
}
