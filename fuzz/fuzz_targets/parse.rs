//! Fuzzes reading one message as an import does: `vsd::mail::parse`, then the
//! quote splitting and the content rules, then grouping of the message alone
//! (which raises the message-level flags); every attachment it lists is read
//! back by its part. Any bytes must yield a message or
//! a `Malformed` error, never a panic, and what comes out keeps its
//! invariants.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use vsd::config::Config;
use vsd::issues::content;
use vsd::issues::grouping::{self, GroupConfig, MsgMeta};
use vsd::mail::quote;

fuzz_target!(|data: &[u8]| {
    let _ = vsd::mail::parse::parse_date(&String::from_utf8_lossy(data));
    let Ok(m) = vsd::mail::parse(data) else {
        return;
    };
    assert!(!m.message_id.is_empty());
    assert!(!m.text.contains('\r'));
    assert!(!m.subject.contains(['\r', '\n']));
    for id in m.in_reply_to.iter().chain(&m.references) {
        assert!(!id.is_empty());
    }

    // Every attachment listed can be read back by its part, and its name is
    // safe to write.
    for a in &m.attachments {
        let bytes = vsd::mail::attachments::content(data, &a.part);
        assert!(bytes.is_some(), "part {} listed but not found", a.part);
        let safe = a.safe_name();
        assert!(!safe.name.is_empty() && !safe.name.starts_with('.'));
        assert!(!safe.name.contains(['/', '\\']));
    }

    let split = quote::split(&m.text, m.html.as_deref());
    if !split.quoted {
        assert!(split.evidence.is_none());
    }
    let c = content::analyse(&m);
    assert_eq!(c.quoted, split.quoted);
    for s in &c.findings.secrets {
        // What is kept of a secret is its last four characters at most.
        assert!(s.shown.contains("****"), "{s:?}");
    }

    static CFG: std::sync::LazyLock<GroupConfig> =
        std::sync::LazyLock::new(|| GroupConfig::from_config(&Config::default()));
    let cfg = &*CFG;
    let date = m
        .date
        .unwrap_or_else(|| Utc.timestamp_opt(1_767_225_600, 0).single().expect("date"));
    let meta = MsgMeta::new(&m, date, &c, &cfg.resolved_pattern);
    let g = grouping::group(std::slice::from_ref(&meta), &[], cfg);
    assert_eq!(g.assignments.len(), 1);
    assert_eq!(g.issues.len(), 1);
    assert_eq!(g.issues[0].messages, vec![0]);
    for (i, _) in &g.flags {
        assert_eq!(*i, 0);
    }
});
