//! Fuzzes grouping over arbitrary id graphs: messages whose Message-ID,
//! In-Reply-To and References name each other in any way (loops, self
//! references, duplicates, ids of missing messages), with or without issue
//! keys, from the desk or the team, on any date, with local close and reopen
//! actions. Grouping must finish, place every message in exactly one issue,
//! and file a message that names a key under that key.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use vsd::config::Config;
use vsd::issues::content::Findings;
use vsd::issues::grouping::{self, ActionKind, GroupConfig, LocalAction, MsgMeta};
use vsd::mail::Address;

fn id(u: &mut Unstructured) -> Result<String> {
    // A small id space, so that messages meet.
    Ok(format!("m{}@x", u.int_in_range(0..=23u8)?))
}

fn ids(u: &mut Unstructured) -> Result<Vec<String>> {
    let n = u.int_in_range(0..=6u8)?;
    (0..n).map(|_| id(u)).collect()
}

fn message(u: &mut Unstructured) -> Result<MsgMeta> {
    let key = u.int_in_range(0..=4u8)?;
    let subject = match u.int_in_range(0..=5u8)? {
        0 => "Refund fails".to_string(),
        1 => format!("[VSD-{key}] Refund fails"),
        2 => format!("Re: [VSD-{key}] Refund fails"),
        3 => format!("SV: VSD-{key} and VSD-{} both", key + 1),
        4 => "Re: Refund fails".to_string(),
        _ => u.arbitrary::<String>()?,
    };
    let from = match u.int_in_range(0..=3u8)? {
        0 => Some(Address::new(None, "integration@vipps.no")),
        1 => Some(Address::new(Some("Ola"), "ola@example.com")),
        2 => Some(Address::new(None, "kari@example.com")),
        _ => None,
    };
    let cc = if u.arbitrary()? {
        vec![Address::new(None, "kari@example.com")]
    } else {
        Vec::new()
    };
    Ok(MsgMeta {
        message_id: id(u)?,
        date: Utc
            .timestamp_opt(1_767_225_600 + i64::from(u.int_in_range(0..=60u16)?) * 86_400, 0)
            .single()
            .expect("date"),
        subject,
        from,
        to: vec![Address::new(None, "integration@vipps.no")],
        cc,
        in_reply_to: ids(u)?,
        references: ids(u)?,
        says_resolved: u.arbitrary()?,
        quoted: u.arbitrary()?,
        quote_evidence: None,
        findings: Findings::default(),
    })
}

fn input(u: &mut Unstructured) -> Result<(Vec<MsgMeta>, Vec<LocalAction>)> {
    let n = u.int_in_range(1..=24u8)?;
    let mut msgs: Vec<MsgMeta> = Vec::new();
    for _ in 0..n {
        let m = message(u)?;
        // Grouping takes distinct Message-IDs, as the store keeps them.
        if !msgs.iter().any(|x| x.message_id == m.message_id) {
            msgs.push(m);
        }
    }
    let mut actions = Vec::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        actions.push(LocalAction {
            key: format!("VSD-{}", u.int_in_range(0..=4u8)?),
            at: Utc
                .timestamp_opt(1_767_225_600 + i64::from(u.int_in_range(0..=60u16)?) * 86_400, 0)
                .single()
                .expect("date"),
            kind: if u.arbitrary()? {
                ActionKind::Close
            } else {
                ActionKind::Reopen
            },
        });
    }
    Ok((msgs, actions))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((msgs, actions)) = input(&mut u) else {
        return;
    };
    // Compiling the patterns takes longer than grouping a few messages.
    static CFGS: std::sync::LazyLock<[GroupConfig; 2]> = std::sync::LazyLock::new(|| {
        let inferred = Config::default();
        let mut named = Config::default();
        named.desk.addresses = vec!["integration@vipps.no".into()];
        [
            GroupConfig::from_config(&inferred),
            GroupConfig::from_config(&named),
        ]
    });
    let cfg = &CFGS[usize::from(data.first().is_some_and(|b| b & 1 == 1))];
    let g = grouping::group(&msgs, &actions, cfg);
    assert_eq!(g.assignments.len(), msgs.len());
    let mut placed = vec![0usize; msgs.len()];
    let mut seen_ids = std::collections::HashSet::new();
    for issue in &g.issues {
        assert!(seen_ids.insert(issue.id.clone()), "one issue per id");
        assert!(!issue.messages.is_empty());
        for &i in &issue.messages {
            placed[i] += 1;
            assert_eq!(g.assignments[i].issue_id, issue.id);
        }
        for w in issue.messages.windows(2) {
            assert!(msgs[w[0]].date <= msgs[w[1]].date, "date order");
        }
    }
    assert!(placed.iter().all(|&n| n == 1), "{placed:?}");
    for (i, m) in msgs.iter().enumerate() {
        let keys = vsd::issues::subject::keys(&m.subject, &cfg.issue_pattern);
        if let Some(k) = keys.first() {
            assert_eq!(g.assignments[i].key.as_deref(), Some(k.as_str()));
        }
    }
    // The same input groups the same way.
    let again = grouping::group(&msgs, &actions, cfg);
    assert_eq!(g.assignments, again.assignments);
});
