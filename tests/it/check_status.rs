//! `vsd check` and `vsd status` over the test mailbox with known answers.

use crate::common;

use common::{Home, Mail, mailbox, write_mbox};
use serde_json::json;

fn home_with_mail() -> Home {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

/// A reply to VSD-100's newest message, as a team member would write it.
fn reply(subject: &str, cc: &str, body: &str) -> Mail {
    let m = Mail::new(
        "draft1@example.com",
        "Wed, 4 Mar 2026 09:00:00 +0100",
        "Ola Nordmann <ola@example.com>",
        subject,
    )
    .to("integration@vipps.no")
    .reply(
        "t100@example.com",
        &[
            "req100@example.com",
            "auto100@vipps.no",
            "d100@vipps.no",
            "t100@example.com",
        ],
    )
    .body(body);
    if cc.is_empty() { m } else { m.cc(cc) }
}

fn check(home: &Home, mail: &Mail, issue: Option<&str>) -> (i32, serde_json::Value) {
    let f = home.path("draft.eml");
    std::fs::write(&f, mail.bytes()).expect("write");
    let mut cmd = home.vsd();
    cmd.arg("check").arg(&f).arg("--json");
    if let Some(k) = issue {
        cmd.args(["--issue", k]);
    }
    let out = cmd.output().expect("run");
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().expect("code"), v)
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect()
}

#[test]
fn clean_reply_passes_with_exit_0() {
    let home = home_with_mail();
    let (code, v) = check(
        &home,
        &reply(
            "Re: [VSD-100] POST /epayment gives 400",
            "kari@example.com",
            "Here is the log.\n",
        ),
        Some("VSD-100"),
    );
    assert_eq!(rules(&v), Vec::<String>::new());
    assert_eq!(code, 0);
    assert_eq!(v["new_text"], "Here is the log.");
}

#[test]
fn quoting_reply_is_flagged_with_exit_1_and_its_own_text() {
    let home = home_with_mail();
    let body = "Still failing.\n\nOn Tue, 3 Mar 2026 at 10:00, Vipps Integration wrote:\n> Which Merchant Serial Number?\n";
    let (code, v) = check(
        &home,
        &reply(
            "Re: [VSD-100] POST /epayment gives 400",
            "kari@example.com",
            body,
        ),
        Some("VSD-100"),
    );
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["quoted-history"]);
    assert_eq!(v["new_text"], "Still failing.");
    assert!(
        v["flags"][0]["explanation"]
            .as_str()
            .expect("text")
            .contains("do not quote all the previous messages")
    );
}

#[test]
fn thread_rules_need_the_issue() {
    let home = home_with_mail();
    let m = reply("Re: [VSD-100] Still broken", "", "x\n");
    let (code, v) = check(&home, &m, Some("VSD-100"));
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["subject-changed", "cc-dropped"]);
    let (_, v) = check(&home, &m, None);
    assert_eq!(
        rules(&v),
        Vec::<String>::new(),
        "alone, the thread's rules cannot apply"
    );
}

#[test]
fn two_keys_are_flagged_alone_too() {
    let home = home_with_mail();
    let (code, v) = check(
        &home,
        &reply("Re: [VSD-100] and VSD-200", "kari@example.com", "x\n"),
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["multiple-issues"]);
}

#[test]
fn check_of_a_missing_file_is_a_usage_error() {
    let home = Home::new();
    let out = home
        .vsd()
        .args(["check", "/nonexistent.eml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent.eml"));
}

#[test]
fn status_of_a_waiting_issue_without_kam_is_reply_with_info() {
    let home = home_with_mail();
    // The clock is fixed: 9 days and 23 hours after the team's last message
    // of 2026-03-03 10:00 is 9 whole days.
    let out = home
        .vsd()
        .args(["status", "VSD-100", "--json"])
        .env("VSD_NOW", "2026-03-13T09:00:00Z")
        .output()
        .expect("run vsd");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["key"], "VSD-100");
    assert_eq!(v["status"], "awaiting-desk");
    assert_eq!(v["waiting_on"], "desk");
    assert_eq!(v["unanswered"], 1);
    assert_eq!(v["risks"], json!([]));
    assert_eq!(v["next_step"], "reply-with-info");
    assert_eq!(v["days_waiting"], 9);
}

/// Under the fixed clock the issue waited only 4 days: the desk is not late yet.
#[test]
fn status_before_escalate_after_days_is_wait() {
    let home = home_with_mail();
    let out = home
        .vsd()
        .args(["status", "VSD-100", "--json"])
        .env("VSD_NOW", "2026-03-07T11:00:00Z")
        .output()
        .expect("run vsd");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["days_waiting"], 4);
    assert_eq!(v["next_step"], "wait");
}

#[test]
fn status_with_a_kam_is_contact_kam_and_resolved_is_none() {
    let home = home_with_mail();
    let cfg = common::CONFIG.replace("[team]", "kam = \"kam@vipps.no\"\n\n[team]");
    std::fs::write(home.path("config.toml"), cfg).expect("config");
    let now = "2026-03-13T09:00:00Z";
    let v = home.json_at(now, &["status", "VSD-100", "--json"]);
    assert_eq!(v["next_step"], "contact-kam");
    let v = home.json_at(now, &["status", "VSD-200", "--json"]);
    assert_eq!(v["next_step"], "none");
    assert_eq!(v["waiting_on"], serde_json::Value::Null);
}

#[test]
fn status_after_team_mail_on_a_resolved_issue_is_new_request() {
    let home = home_with_mail();
    let late = Mail::new(
        "late200@example.com",
        "Mon, 6 Apr 2026 09:00:00 +0200",
        "Kari Hansen <kari@example.com>",
        "Re: VSD-200: Webhooks kommer ikke fram",
    )
    .to("integration@vipps.no")
    .cc("ola@example.com")
    .reply("d200@vipps.no", &["req200@example.com", "d200@vipps.no"])
    .body("Now the refunds fail too. MSN: 123456\n");
    let f = home.path("late.eml");
    std::fs::write(&f, late.bytes()).expect("write");
    let now = "2026-04-07T09:00:00Z";
    let before = home.json_at(now, &["status", "VSD-200", "--json"]);
    let gaps = |v: &serde_json::Value| -> Vec<String> {
        v["missing_info"]
            .as_array()
            .expect("missing_info")
            .iter()
            .map(|x| x.as_str().expect("id").to_string())
            .collect()
    };
    assert!(
        gaps(&before).contains(&"merchant-serial-number".to_string()),
        "{before}"
    );
    assert!(
        !gaps(&before).contains(&"product-or-api".to_string()),
        "Webhooks names the product: {before}"
    );
    home.vsd().arg("import").arg(&f).assert().success();
    let v = home.json_at(now, &["status", "VSD-200", "--json"]);
    assert!(
        !gaps(&v).contains(&"merchant-serial-number".to_string()),
        "a later reply gave it: {v}"
    );
    assert!(gaps(&v).contains(&"organisation-number".to_string()), "{v}");
    assert_eq!(v["status"], "awaiting-desk");
    assert_eq!(v["risks"], json!(["new-problem"]));
    assert_eq!(v["next_step"], "new-request");
}

/// `vsd status` without a key: every open issue and unfiled request, the
/// team's debts first, each with its wait; resolved issues are left out.
#[test]
fn status_without_a_key_groups_open_issues_by_next_step() {
    let home = home_with_mail();
    let cfg = common::CONFIG.replace("[team]", "kam = \"kam@vipps.no\"\n\n[team]");
    std::fs::write(home.path("config.toml"), cfg).expect("config");
    let run = |args: &[&str]| {
        let out = home
            .vsd()
            .args(args)
            .env("VSD_NOW", "2026-03-13T09:00:00Z")
            .output()
            .expect("run vsd");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let v: serde_json::Value = serde_json::from_str(&run(&["status", "--json"])).expect("json");
    let rows = v.as_array().expect("array");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().expect("id")).collect();
    assert!(
        !ids.contains(&"VSD-200"),
        "resolved issues are not in the overview: {ids:?}"
    );
    // The KAM first; the request that never got its auto-reply (11 days,
    // over ack_after_hours) is to be sent again.
    assert_eq!(ids, ["VSD-100", "unfiled:req300@example.com"], "{v:#}");
    let unfiled = &rows[1];
    assert_eq!(unfiled["key"], serde_json::Value::Null);
    assert_eq!(unfiled["status"], "unfiled");
    assert_eq!(unfiled["days_waiting"], 11);
    assert_eq!(unfiled["next_step"], "resend");
    let issue = &rows[0];
    assert_eq!(issue["next_step"], "contact-kam");
    assert_eq!(issue["waiting_on"], "desk");
    assert_eq!(issue["days_waiting"], 9);
    assert_eq!(issue["status"], "awaiting-desk");
    assert_eq!(issue["title"], "POST /epayment gives 400");
    // The steps come in triage order.
    let order = [
        "answer-desk",
        "contact-kam",
        "reply-with-info",
        "new-request",
        "resend",
        "wait",
        "none",
    ];
    let ranks: Vec<usize> = rows
        .iter()
        .map(|r| {
            order
                .iter()
                .position(|s| r["next_step"] == *s)
                .expect("known step")
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");

    let text = run(&["status"]);
    assert!(text.starts_with("contact-kam (1)\n  VSD-100 "), "{text}");
    // The unfiled request by the short id that show and status take.
    assert!(text.contains("\nresend (1)\n  ub304b8 "), "{text}");
    assert!(text.contains("\n  VSD-100 "), "{text}");
    assert!(text.contains("9d on the desk"), "{text}");
    assert!(text.contains("Recurring agreement stuck"), "{text}");
    assert!(!text.contains("VSD-200"), "{text}");
}
