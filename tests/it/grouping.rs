//! Grouping with known answers: messages built here, issues checked exactly.

use chrono::{DateTime, Duration, TimeZone, Utc};
use regex::Regex;
use vsd::config::AddressSet;
use vsd::issues::content::Findings;
use vsd::issues::grouping::{ActionKind, GroupConfig, Grouping, LocalAction, MsgMeta, group};
use vsd::issues::{RuleId, Status};
use vsd::mail::Address;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("date")
}

fn addr(s: &str) -> Address {
    Address::new(None, s)
}

struct M(MsgMeta);

impl M {
    fn new(id: &str, hours: i64, from: &str, subject: &str) -> M {
        M(MsgMeta {
            message_id: id.into(),
            date: t0() + Duration::hours(hours),
            subject: subject.into(),
            from: Some(addr(from)),
            to: vec![],
            cc: vec![],
            in_reply_to: vec![],
            references: vec![],
            says_resolved: false,
            quoted: false,
            quote_evidence: None,
            findings: Findings::default(),
            attachments: 0,
        })
    }
    fn reply_to(mut self, parent: &str, refs: &[&str]) -> M {
        self.0.in_reply_to = vec![parent.into()];
        self.0.references = refs.iter().map(|s| s.to_string()).collect();
        self
    }
    fn to(mut self, a: &[&str]) -> M {
        self.0.to = a.iter().map(|s| addr(s)).collect();
        self
    }
    fn cc(mut self, a: &[&str]) -> M {
        self.0.cc = a.iter().map(|s| addr(s)).collect();
        self
    }
    fn text(mut self, t: &str) -> M {
        self.0.says_resolved = cfg().resolved_pattern.is_match(t);
        self
    }
    fn quoted(mut self) -> M {
        self.0.quoted = true;
        self.0.quote_evidence = Some("> earlier".into());
        self
    }
    fn missing(mut self, items: &[&str]) -> M {
        self.0.findings.missing = items.iter().map(|s| s.to_string()).collect();
        self
    }
}

fn cfg() -> GroupConfig {
    GroupConfig {
        issue_pattern: Regex::new("VSD-[0-9]+|Case [0-9]+").expect("re"),
        resolved_pattern: Regex::new(r"(?i)\b(resolved|closed|løst|lukket)\b").expect("re"),
        desk: AddressSet::new(&["integration@vipps.no", "noreply@vipps.no"]),
        team: AddressSet::new(&["*@example.com"]),
        new_problem_after_days: 14,
    }
}

fn run(msgs: Vec<M>, cfg: &GroupConfig) -> (Vec<MsgMeta>, Grouping) {
    run_with(msgs, &[], cfg)
}

fn run_with(msgs: Vec<M>, actions: &[LocalAction], cfg: &GroupConfig) -> (Vec<MsgMeta>, Grouping) {
    let metas: Vec<MsgMeta> = msgs.into_iter().map(|m| m.0).collect();
    let g = group(&metas, actions, cfg);
    (metas, g)
}

fn issue<'a>(g: &'a Grouping, id: &str) -> &'a vsd::issues::grouping::IssueState {
    g.issues.iter().find(|i| i.id == id).unwrap_or_else(|| {
        panic!(
            "no issue {id}: {:?}",
            g.issues.iter().map(|i| &i.id).collect::<Vec<_>>()
        )
    })
}

fn flags_of(metas: &[MsgMeta], g: &Grouping, msg: &str) -> Vec<RuleId> {
    let i = metas
        .iter()
        .position(|m| m.message_id == msg)
        .expect("message");
    let mut v: Vec<RuleId> = g
        .flags
        .iter()
        .filter(|(j, _)| *j == i)
        .map(|(_, f)| f.rule)
        .collect();
    v.sort();
    v
}

fn key_of(metas: &[MsgMeta], g: &Grouping, msg: &str) -> Option<String> {
    let i = metas
        .iter()
        .position(|m| m.message_id == msg)
        .expect("message");
    g.assignments[i].key.clone()
}

/// The request, its auto-reply, a desk answer, a team reply: one issue.
fn basic_thread() -> Vec<M> {
    vec![
        M::new("req@x", 0, "ola@example.com", "POST /ecomm gives 400")
            .to(&["integration@vipps.no"])
            .cc(&["kari@example.com"]),
        M::new(
            "auto@v",
            1,
            "integration@vipps.no",
            "[VSD-100] POST /ecomm gives 400",
        )
        .reply_to("req@x", &["req@x"])
        .to(&["ola@example.com"])
        .cc(&["kari@example.com"]),
        M::new(
            "d1@v",
            30,
            "integration@vipps.no",
            "RE: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("auto@v", &["req@x", "auto@v"])
        .to(&["ola@example.com"])
        .cc(&["kari@example.com"])
        .text("Which MSN is this?"),
        M::new(
            "t1@x",
            40,
            "ola@example.com",
            "Re: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("d1@v", &["req@x", "auto@v", "d1@v"])
        .to(&["integration@vipps.no"])
        .cc(&["kari@example.com"])
        .text("MSN 123456"),
    ]
}

#[test]
fn request_joins_the_issue_of_its_auto_reply() {
    let (metas, g) = run(basic_thread(), &cfg());
    assert_eq!(g.issues.len(), 1);
    let i = issue(&g, "VSD-100");
    assert_eq!(i.title, "POST /ecomm gives 400");
    assert_eq!(i.messages.len(), 4);
    assert_eq!(i.status, Status::AwaitingDesk);
    assert_eq!(i.opened_at, t0());
    assert_eq!(key_of(&metas, &g, "req@x").as_deref(), Some("VSD-100"));
    assert!(g.flags.is_empty(), "{:?}", g.flags);
}

#[test]
fn status_follows_who_spoke_last() {
    let mut msgs = basic_thread();
    msgs.truncate(2);
    let (_, g) = run(msgs, &cfg());
    assert_eq!(
        issue(&g, "VSD-100").status,
        Status::AwaitingDesk,
        "only the auto-reply came"
    );

    let mut msgs = basic_thread();
    msgs.truncate(3);
    let (_, g) = run(msgs, &cfg());
    assert_eq!(issue(&g, "VSD-100").status, Status::AwaitingTeam);
}

#[test]
fn resolved_then_team_reopens_and_late_mail_is_a_new_problem() {
    let mut msgs = basic_thread();
    msgs.push(
        M::new(
            "d2@v",
            50,
            "integration@vipps.no",
            "RE: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .text("Thanks, this is now resolved."),
    );
    let (_, g) = run(msgs, &cfg());
    assert_eq!(issue(&g, "VSD-100").status, Status::Resolved);
    assert!(g.events.iter().any(|e| e.kind.as_str() == "resolved"));

    // Within 14 days: reopened, no new-problem.
    let mut msgs = basic_thread();
    msgs.push(
        M::new(
            "d2@v",
            50,
            "integration@vipps.no",
            "RE: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .text("Løst."),
    );
    msgs.push(
        M::new(
            "t2@x",
            50 + 24 * 3,
            "ola@example.com",
            "Re: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("d2@v", &["d2@v"])
        .to(&["integration@vipps.no"])
        .cc(&["kari@example.com"]),
    );
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(issue(&g, "VSD-100").status, Status::AwaitingDesk);
    assert!(g.events.iter().any(|e| e.kind.as_str() == "reopened"));
    assert_eq!(flags_of(&metas, &g, "t2@x"), vec![]);

    // Thirty days later: a new problem on an old issue.
    let mut msgs = basic_thread();
    msgs.push(
        M::new(
            "d2@v",
            50,
            "integration@vipps.no",
            "RE: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .text("Closed."),
    );
    msgs.push(
        M::new(
            "t3@x",
            50 + 24 * 30,
            "ola@example.com",
            "Re: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("d2@v", &["d2@v"])
        .to(&["integration@vipps.no"])
        .cc(&["kari@example.com"])
        .text("Now refunds fail too"),
    );
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(flags_of(&metas, &g, "t3@x"), vec![RuleId::NewProblem]);
}

#[test]
fn key_missing_and_subject_changed() {
    let mut msgs = basic_thread();
    msgs.push(
        M::new("t2@x", 45, "ola@example.com", "Re: POST /ecomm gives 400")
            .reply_to("t1@x", &["auto@v", "t1@x"])
            .to(&["integration@vipps.no"])
            .cc(&["kari@example.com"]),
    );
    msgs.push(
        M::new(
            "t3@x",
            46,
            "kari@example.com",
            "RE: SV: [VSD-100] Still failing!!",
        )
        .reply_to("t2@x", &["t2@x"])
        .to(&["integration@vipps.no"])
        .cc(&["ola@example.com"]),
    );
    msgs.push(
        M::new(
            "t4@x",
            47,
            "kari@example.com",
            "Sv: Re[2]:  [VSD-100]   POST /ecomm\n gives 400",
        )
        .reply_to("t3@x", &["t3@x"])
        .to(&["integration@vipps.no"])
        .cc(&["ola@example.com"]),
    );
    msgs.push(
        M::new(
            "t5@x",
            48,
            "kari@example.com",
            "Re: Something else entirely",
        )
        .reply_to("t4@x", &["t4@x"])
        .to(&["integration@vipps.no"])
        .cc(&["ola@example.com"]),
    );
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(key_of(&metas, &g, "t2@x").as_deref(), Some("VSD-100"));
    assert_eq!(flags_of(&metas, &g, "t2@x"), vec![RuleId::KeyMissing]);
    assert_eq!(flags_of(&metas, &g, "t3@x"), vec![RuleId::SubjectChanged]);
    assert_eq!(
        flags_of(&metas, &g, "t4@x"),
        vec![],
        "prefixes and folding are not changes"
    );
    assert_eq!(
        flags_of(&metas, &g, "t5@x"),
        vec![RuleId::SubjectChanged, RuleId::KeyMissing]
    );
}

#[test]
fn chain_with_missing_links_still_reaches_the_issue() {
    // The auto-reply and the desk's answer are not in the mailbox; the team's
    // reply references them, and a keyless follow-up references only the
    // missing middle message.
    let msgs = vec![
        M::new(
            "t1@x",
            40,
            "ola@example.com",
            "Re: [VSD-7] Webhooks missing",
        )
        .reply_to("d1@v", &["req@x", "auto@v", "d1@v"]),
        M::new("t2@x", 41, "ola@example.com", "Also this")
            .reply_to("gone@x", &["auto@v", "gone@x"]),
        M::new("t3@x", 42, "per@example.com", "Fwd: logs").reply_to("nowhere@x", &["nowhere@x"]),
    ];
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(key_of(&metas, &g, "t2@x").as_deref(), Some("VSD-7"));
    assert_eq!(key_of(&metas, &g, "t3@x"), None);
    assert_eq!(
        g.issues
            .iter()
            .filter(|i| i.status == Status::Unfiled)
            .count(),
        1
    );
}

#[test]
fn unfiled_request_and_its_colleagues_reply() {
    let msgs = vec![
        M::new(
            "r@x",
            0,
            "ola@example.com",
            "Recurring agreement stuck in PENDING",
        )
        .missing(&["merchant-serial-number", "environment"]),
        M::new(
            "r2@x",
            1,
            "kari@example.com",
            "Re: Recurring agreement stuck in PENDING",
        )
        .reply_to("r@x", &["r@x"]),
    ];
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(g.issues.len(), 1);
    let u = &g.issues[0];
    assert_eq!(u.id, "unfiled:r@x");
    assert_eq!(u.key, None);
    assert_eq!(u.status, Status::Unfiled);
    assert_eq!(u.title, "Recurring agreement stuck in PENDING");
    assert_eq!(u.messages.len(), 2);
    assert_eq!(flags_of(&metas, &g, "r@x"), vec![RuleId::MissingInfo]);
    assert_eq!(flags_of(&metas, &g, "r2@x"), vec![]);
}

#[test]
fn two_keys_in_a_subject() {
    let mut msgs = basic_thread();
    msgs.push(
        M::new(
            "t2@x",
            45,
            "ola@example.com",
            "Re: [VSD-100] and VSD-200 POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .to(&["integration@vipps.no"])
        .cc(&["kari@example.com"]),
    );
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(key_of(&metas, &g, "t2@x").as_deref(), Some("VSD-100"));
    assert!(flags_of(&metas, &g, "t2@x").contains(&RuleId::MultipleIssues));
}

#[test]
fn case_numbers_are_keys_too() {
    let msgs = vec![
        M::new("r@x", 0, "ola@example.com", "Refund fails"),
        M::new(
            "a@v",
            1,
            "integration@vipps.no",
            "Case 123456 - Refund fails",
        )
        .reply_to("r@x", &["r@x"]),
        M::new(
            "t@x",
            2,
            "ola@example.com",
            "SV: Case  123456 - Refund fails",
        )
        .reply_to("a@v", &["r@x", "a@v"]),
    ];
    let (metas, g) = run(msgs, &cfg());
    let i = issue(&g, "Case 123456");
    assert_eq!(i.messages.len(), 3);
    assert_eq!(i.title, "Refund fails");
    assert_eq!(flags_of(&metas, &g, "t@x"), vec![]);
}

#[test]
fn desk_is_inferred_from_the_first_keyed_sender() {
    let mut c = cfg();
    c.desk = AddressSet::default();
    c.team = AddressSet::default();
    let msgs = vec![
        M::new("req@x", 0, "ola@example.com", "Login redirect fails"),
        M::new(
            "auto@v",
            1,
            "integration@vipps.no",
            "[VSD-5] Login redirect fails",
        )
        .reply_to("req@x", &["req@x"]),
        M::new(
            "d@v",
            5,
            "siri@vipps.no",
            "RE: [VSD-5] Login redirect fails",
        )
        .reply_to("auto@v", &["req@x", "auto@v"]),
    ];
    let (_, g) = run(msgs, &c);
    assert_eq!(
        issue(&g, "VSD-5").status,
        Status::AwaitingTeam,
        "the desk's domain answered"
    );
    assert!(g.desk.contains("integration@vipps.no"));
    assert!(g.desk.contains("other@vipps.no"));
    assert!(!g.desk.contains("ola@example.com"));
}

#[test]
fn cc_dropped_names_the_colleague() {
    let mut msgs = basic_thread();
    msgs.push(
        M::new(
            "t2@x",
            45,
            "ola@example.com",
            "Re: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .to(&["integration@vipps.no"]),
    );
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(flags_of(&metas, &g, "t2@x"), vec![RuleId::CcDropped]);
    let f = &g
        .flags
        .iter()
        .find(|(_, f)| f.rule == RuleId::CcDropped)
        .expect("flag")
        .1;
    assert!(f.detail.contains("kari@example.com"), "{}", f.detail);
}

#[test]
fn quoted_history_on_team_mail_only() {
    let mut msgs = basic_thread();
    msgs[2] = M::new(
        "d1@v",
        30,
        "integration@vipps.no",
        "RE: [VSD-100] POST /ecomm gives 400",
    )
    .reply_to("auto@v", &["req@x", "auto@v"])
    .quoted();
    msgs[3] = M::new(
        "t1@x",
        40,
        "ola@example.com",
        "Re: [VSD-100] POST /ecomm gives 400",
    )
    .reply_to("d1@v", &["req@x", "auto@v", "d1@v"])
    .to(&["integration@vipps.no"])
    .cc(&["kari@example.com"])
    .quoted();
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(flags_of(&metas, &g, "d1@v"), vec![]);
    assert_eq!(flags_of(&metas, &g, "t1@x"), vec![RuleId::QuotedHistory]);
}

#[test]
fn local_close_and_reopen_by_team_mail() {
    let close = LocalAction {
        key: "VSD-100".into(),
        at: t0() + Duration::hours(45),
        kind: ActionKind::Close,
    };
    let (_, g) = run_with(basic_thread(), std::slice::from_ref(&close), &cfg());
    assert_eq!(issue(&g, "VSD-100").status, Status::Closed);

    let mut msgs = basic_thread();
    msgs.push(
        M::new(
            "t2@x",
            50,
            "ola@example.com",
            "Re: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .to(&["integration@vipps.no"])
        .cc(&["kari@example.com"]),
    );
    let (_, g) = run_with(msgs, &[close], &cfg());
    assert_eq!(issue(&g, "VSD-100").status, Status::AwaitingDesk);
}

/// A local reopen goes back to whoever the thread awaits: the team when the
/// desk asked last, the desk when the team wrote last or the desk resolved.
#[test]
fn local_reopen_returns_to_whoever_the_thread_awaits() {
    let act = |h: i64, kind| LocalAction {
        key: "VSD-100".into(),
        at: t0() + Duration::hours(h),
        kind,
    };
    let status_after = |msgs: Vec<M>| {
        let acts = [act(45, ActionKind::Close), act(46, ActionKind::Reopen)];
        let (_, g) = run_with(msgs, &acts, &cfg());
        issue(&g, "VSD-100").status
    };
    // The team answered last.
    assert_eq!(status_after(basic_thread()), Status::AwaitingDesk);
    // The desk asked last: the team owes the answer.
    let mut asked = basic_thread();
    asked.pop();
    assert_eq!(status_after(asked), Status::AwaitingTeam);
    // The desk said it is resolved; the team reopens it for the desk.
    let mut resolved = basic_thread();
    resolved.push(
        M::new(
            "d2@v",
            42,
            "integration@vipps.no",
            "RE: [VSD-100] POST /ecomm gives 400",
        )
        .reply_to("t1@x", &["t1@x"])
        .to(&["ola@example.com"])
        .text("This is resolved now."),
    );
    assert_eq!(status_after(resolved), Status::AwaitingDesk);
}

#[test]
fn reference_loops_do_not_hang() {
    let msgs = vec![
        M::new("a@x", 0, "ola@example.com", "[VSD-1] x").reply_to("b@x", &["b@x"]),
        M::new("b@x", 1, "ola@example.com", "Re: x").reply_to("a@x", &["a@x"]),
        M::new("c@x", 2, "ola@example.com", "Re: x").reply_to("c@x", &["c@x", "b@x", "a@x", "c@x"]),
    ];
    let (metas, g) = run(msgs, &cfg());
    assert_eq!(key_of(&metas, &g, "b@x").as_deref(), Some("VSD-1"));
    assert_eq!(key_of(&metas, &g, "c@x").as_deref(), Some("VSD-1"));
}

#[test]
fn a_long_chain_groups_quickly() {
    let mut msgs = vec![M::new("m0@x", 0, "integration@vipps.no", "[VSD-9] chain")];
    for i in 1..5000 {
        let refs: Vec<String> = ((i - 20).max(0)..i).map(|j| format!("m{j}@x")).collect();
        let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
        msgs.push(
            M::new(
                &format!("m{i}@x"),
                i,
                "ola@example.com",
                "Re: [VSD-9] chain",
            )
            .reply_to(&format!("m{}@x", i - 1), &refs),
        );
    }
    let (_, g) = run(msgs, &cfg());
    assert_eq!(issue(&g, "VSD-9").messages.len(), 5000);
}
