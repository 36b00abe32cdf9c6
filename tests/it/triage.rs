//! Issue 12: where everything stands at a glance. Each test writes its own
//! mailbox with known answers; dates are fixed and the clock is `VSD_NOW`.

use crate::common::{Home, Mail, write_mbox};
use serde_json::Value;

/// The README's own `[desk]`: one address. The desk's notifier
/// (noreply-servicedesk@vipps.no) matches neither side.
pub const ONE_ADDRESS: &str = r#"
[desk]
addresses = ["integration@vipps.no"]

[team]
addresses = ["*@example.com"]
from = "Ola Nordmann <ola@example.com>"
"#;

const DESK: &str = "Vipps Integration <integration@vipps.no>";
const NOTIFIER: &str = "Vipps Service Desk <noreply-servicedesk@vipps.no>";
const OLA: &str = "Ola Nordmann <ola@example.com>";

/// VSD-500: resolved, the notifier writes, and the team writes 23 days
/// later (a new problem). VSD-501: resolved, then only the notifier.
pub fn notifier_box() -> Vec<Mail> {
    vec![
        Mail::new(
            "req500@example.com",
            "Sun, 1 Mar 2026 09:00:00 +0000",
            OLA,
            "Refund fails",
        )
        .to("integration@vipps.no")
        .body("Refunds fail with 500.\nMSN 123456, test environment, orderId abc-1.\n"),
        Mail::new(
            "auto500@vipps.no",
            "Sun, 1 Mar 2026 09:01:00 +0000",
            DESK,
            "[VSD-500] Refund fails",
        )
        .to("ola@example.com")
        .reply("req500@example.com", &["req500@example.com"])
        .body("We have received your request.\n"),
        Mail::new(
            "res500@vipps.no",
            "Mon, 2 Mar 2026 10:00:00 +0000",
            DESK,
            "RE: [VSD-500] Refund fails",
        )
        .to("ola@example.com")
        .reply(
            "auto500@vipps.no",
            &["req500@example.com", "auto500@vipps.no"],
        )
        .body("This is resolved: the refund endpoint was fixed.\n"),
        Mail::new(
            "n500@vipps.no",
            "Mon, 2 Mar 2026 10:05:00 +0000",
            NOTIFIER,
            "[VSD-500] Refund fails - status changed",
        )
        .to("ola@example.com")
        .body("The status of your issue changed.\n"),
        Mail::new(
            "t500@example.com",
            "Wed, 25 Mar 2026 08:00:00 +0000",
            OLA,
            "Re: [VSD-500] Refund fails",
        )
        .to("integration@vipps.no")
        .reply(
            "res500@vipps.no",
            &["req500@example.com", "auto500@vipps.no", "res500@vipps.no"],
        )
        .body("It fails again since yesterday.\n"),
        Mail::new(
            "req501@example.com",
            "Tue, 3 Mar 2026 09:00:00 +0000",
            OLA,
            "Webhook missing",
        )
        .to("integration@vipps.no")
        .body("No webhook arrives.\nMSN 123456, production, orderId abc-2.\n"),
        Mail::new(
            "auto501@vipps.no",
            "Tue, 3 Mar 2026 09:01:00 +0000",
            DESK,
            "[VSD-501] Webhook missing",
        )
        .to("ola@example.com")
        .reply("req501@example.com", &["req501@example.com"])
        .body("We have received your request.\n"),
        Mail::new(
            "res501@vipps.no",
            "Wed, 4 Mar 2026 10:00:00 +0000",
            DESK,
            "RE: [VSD-501] Webhook missing",
        )
        .to("ola@example.com")
        .reply(
            "auto501@vipps.no",
            &["req501@example.com", "auto501@vipps.no"],
        )
        .body("Resolved: the webhook was re-registered.\n"),
        Mail::new(
            "n501@vipps.no",
            "Wed, 4 Mar 2026 10:05:00 +0000",
            NOTIFIER,
            "[VSD-501] Webhook missing - status changed",
        )
        .to("ola@example.com")
        .body("The status of your issue changed.\n"),
    ]
}

/// A home with `config` and `mails` imported.
pub fn home_with(config: &str, mails: &[Mail]) -> Home {
    let home = Home::new();
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, mails);
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

/// Runs vsd under a fixed clock: (stdout, stderr), asserting success.
pub fn run(home: &Home, now: &str, args: &[&str]) -> (String, String) {
    let out = home
        .vsd()
        .args(args)
        .env("VSD_NOW", now)
        .output()
        .expect("run vsd");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "vsd {args:?} failed: {stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

pub fn json_at(home: &Home, now: &str, args: &[&str]) -> Value {
    let (out, _) = run(home, now, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

const NOW: &str = "2026-03-26T12:00:00Z";

fn entry<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .expect("array")
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("{key} not in {list}"))
}

#[test]
fn the_desks_notifier_under_a_one_address_desk_is_other_and_moves_no_status() {
    let home = home_with(ONE_ADDRESS, &notifier_box());
    let all = json_at(&home, NOW, &["list", "--all", "--json"]);
    // The notifier's mail after the resolution does not reopen the issue.
    assert_eq!(entry(&all, "VSD-501")["status"], "resolved");
    let show = json_at(&home, NOW, &["show", "VSD-501", "--json"]);
    let roles: Vec<(&str, &str)> = show["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            (
                m["message_id"].as_str().expect("id"),
                m["role"].as_str().expect("role"),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("req501@example.com", "team"),
            ("auto501@vipps.no", "desk"),
            ("res501@vipps.no", "desk"),
            ("n501@vipps.no", "other")
        ]
    );
    assert_eq!(show["waiting_on"], Value::Null);
    let st = json_at(&home, NOW, &["status", "VSD-501", "--json"]);
    assert_eq!(st["next_step"], "none");
    assert_eq!(st["unanswered"], 0);
    // The team's mail 23 days after the resolution is a new problem: the
    // notifier's mail in between reopened nothing.
    let show = json_at(&home, NOW, &["show", "VSD-500", "--json"]);
    let last = show["messages"]
        .as_array()
        .expect("messages")
        .last()
        .expect("one");
    assert_eq!(last["message_id"], "t500@example.com");
    assert!(
        last["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .any(|f| f == "new-problem"),
        "{last}"
    );
    let st = json_at(&home, NOW, &["status", "VSD-500", "--json"]);
    assert_eq!(st["next_step"], "new-request");
    assert_eq!(st["unanswered"], 1);
    // The text of show names the role.
    let (text, _) = run(&home, NOW, &["show", "VSD-501"]);
    assert!(
        text.lines()
            .any(|l| l.contains("other") && l.contains("noreply-servicedesk@vipps.no")),
        "{text}"
    );
}

#[test]
fn a_sender_on_neither_side_is_reported_once_with_the_hint() {
    let home = home_with(ONE_ADDRESS, &notifier_box());
    let hint = "noreply-servicedesk@vipps.no matches no [desk] address; add \"*@vipps.no\"?";
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "VSD-500"],
        &["status", "VSD-500"],
        &["status"],
    ] {
        let (_, err) = run(&home, NOW, args);
        assert_eq!(err.matches(hint).count(), 1, "vsd {args:?}: {err}");
    }
    // A stranger off the desk's domain gets the other hint.
    let mut mails = notifier_box();
    mails.push(
        Mail::new(
            "x1@partner.test",
            "Thu, 5 Mar 2026 09:00:00 +0000",
            "Per <per@partner.test>",
            "Re: [VSD-501] Webhook missing",
        )
        .to("ola@example.com")
        .body("FYI.\n"),
    );
    let home = home_with(ONE_ADDRESS, &mails);
    let (_, err) = run(&home, NOW, &["list"]);
    assert!(
        err.contains("per@partner.test matches neither [desk] nor [team]; add it to [team] addresses if it is a colleague, or to [desk] addresses"),
        "{err}"
    );
    // Still resolved: a stranger's mail moves nothing either.
    let all = json_at(&home, NOW, &["list", "--all", "--json"]);
    assert_eq!(entry(&all, "VSD-501")["status"], "resolved");
    // Once [desk] covers the domain, nothing is reported.
    let home = home_with(
        &ONE_ADDRESS.replace("[\"integration@vipps.no\"]", "[\"*@vipps.no\"]"),
        &notifier_box(),
    );
    let (_, err) = run(&home, NOW, &["list"]);
    assert!(!err.contains("matches"), "{err}");
}

/// The events that name the notifier's mail of VSD-501.
fn notifier_events(home: &Home) -> Vec<String> {
    json_at(home, NOW, &["log", "VSD-501", "--json"])
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| {
            ["team-replied", "desk-replied", "other-wrote", "relabelled"]
                .contains(&e["kind"].as_str().expect("kind"))
                && e["detail"]
                    .as_str()
                    .expect("detail")
                    .contains("noreply-servicedesk")
        })
        .map(|e| e["kind"].as_str().expect("kind").to_string())
        .collect()
}

#[test]
fn a_config_change_that_relabels_mail_logs_one_relabelled_event() {
    // First the notifier is (wrongly) on the team's list.
    let team_too = ONE_ADDRESS.replace(
        "[\"*@example.com\"]",
        "[\"*@example.com\", \"noreply-servicedesk@vipps.no\"]",
    );
    let home = home_with(&team_too, &notifier_box());
    assert_eq!(notifier_events(&home), ["team-replied"]);
    // Then the desk's whole domain is the desk.
    let desk_domain = ONE_ADDRESS.replace("[\"integration@vipps.no\"]", "[\"*@vipps.no\"]");
    vsd::files::write(&home.path("config.toml"), desk_domain.as_bytes()).expect("config");
    assert_eq!(notifier_events(&home), ["team-replied", "relabelled"]);
    let log = json_at(&home, NOW, &["log", "VSD-501", "--json"]);
    let relabel = log
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["kind"] == "relabelled")
        .expect("relabelled");
    assert!(
        relabel["detail"]
            .as_str()
            .expect("detail")
            .contains("team → desk"),
        "{relabel}"
    );
    // Reading again logs nothing more; going back logs one more.
    assert_eq!(notifier_events(&home), ["team-replied", "relabelled"]);
    vsd::files::write(&home.path("config.toml"), ONE_ADDRESS.as_bytes()).expect("config");
    assert_eq!(
        notifier_events(&home),
        ["team-replied", "relabelled", "relabelled"]
    );
    let log = json_at(&home, NOW, &["log", "VSD-501", "--json"]);
    let last = log
        .as_array()
        .expect("events")
        .iter()
        .rev()
        .find(|e| e["kind"] == "relabelled")
        .expect("relabelled");
    assert!(
        last["detail"]
            .as_str()
            .expect("detail")
            .contains("desk → other"),
        "{last}"
    );
}

/// The overview's mailbox, read at [`TRIAGE_NOW`] (2026-03-20 12:00):
/// VSD-600 waits on the team 15 days; VSD-601 on the desk 10 days
/// (overdue); VSD-602 on the desk 2 days; VSD-603 resolved; an unfiled
/// request of 4 days without an auto-reply (unacknowledged), and one of 6
/// hours.
pub fn triage_box() -> Vec<Mail> {
    let req = |id: &str, date: &str, subject: &str| {
        Mail::new(id, date, OLA, subject)
            .to("integration@vipps.no")
            .body("It fails.\nMSN 123456, test environment, orderId abc-9.\n")
    };
    let desk = |id: &str, date: &str, subject: &str, parent: &str, refs: &[&str], body: &str| {
        Mail::new(id, date, DESK, subject)
            .to("ola@example.com")
            .reply(parent, refs)
            .body(body)
    };
    vec![
        req(
            "r600@example.com",
            "Mon, 2 Mar 2026 09:00:00 +0000",
            "Capture fails",
        ),
        desk(
            "a600@vipps.no",
            "Mon, 2 Mar 2026 09:01:00 +0000",
            "[VSD-600] Capture fails",
            "r600@example.com",
            &["r600@example.com"],
            "Received.\n",
        ),
        desk(
            "q600@vipps.no",
            "Thu, 5 Mar 2026 12:00:00 +0000",
            "RE: [VSD-600] Capture fails",
            "a600@vipps.no",
            &["r600@example.com", "a600@vipps.no"],
            "Which orderId fails?\n",
        ),
        req(
            "r601@example.com",
            "Tue, 10 Mar 2026 09:00:00 +0000",
            "Login loops",
        ),
        desk(
            "a601@vipps.no",
            "Tue, 10 Mar 2026 09:01:00 +0000",
            "[VSD-601] Login loops",
            "r601@example.com",
            &["r601@example.com"],
            "Received.\n",
        ),
        req(
            "r602@example.com",
            "Wed, 18 Mar 2026 09:00:00 +0000",
            "Refund slow",
        ),
        desk(
            "a602@vipps.no",
            "Wed, 18 Mar 2026 09:01:00 +0000",
            "[VSD-602] Refund slow",
            "r602@example.com",
            &["r602@example.com"],
            "Received.\n",
        ),
        req(
            "r603@example.com",
            "Mon, 2 Mar 2026 10:00:00 +0000",
            "Old problem",
        ),
        desk(
            "a603@vipps.no",
            "Mon, 2 Mar 2026 10:01:00 +0000",
            "[VSD-603] Old problem",
            "r603@example.com",
            &["r603@example.com"],
            "Received.\n",
        ),
        desk(
            "s603@vipps.no",
            "Thu, 12 Mar 2026 10:00:00 +0000",
            "RE: [VSD-603] Old problem",
            "a603@vipps.no",
            &["r603@example.com", "a603@vipps.no"],
            "This is resolved.\n",
        ),
        req(
            "u1@example.com",
            "Mon, 16 Mar 2026 09:00:00 +0000",
            "Nobody answered",
        ),
        req(
            "u2@example.com",
            "Fri, 20 Mar 2026 06:00:00 +0000",
            "Just sent",
        ),
    ]
}

pub const TRIAGE_NOW: &str = "2026-03-20T12:00:00Z";

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|e| {
            e["key"].as_str().map_or_else(
                || e["title"].as_str().expect("title").to_string(),
                str::to_string,
            )
        })
        .collect()
}

#[test]
fn the_overview_groups_by_next_step_with_the_unacknowledged_request() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let v = json_at(&home, TRIAGE_NOW, &["status", "--json"]);
    let steps: Vec<(String, String)> = ids(&v)
        .into_iter()
        .zip(
            v.as_array()
                .expect("array")
                .iter()
                .map(|e| e["next_step"].as_str().expect("step").to_string()),
        )
        .collect();
    let want: Vec<(String, String)> = [
        ("VSD-600", "answer-desk"),
        ("VSD-601", "reply-with-info"),
        ("Nobody answered", "resend"),
        ("VSD-602", "wait"),
        ("Just sent", "wait"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(steps, want);
    let unack = &v[2];
    assert_eq!(unack["days_waiting"], 4);
    assert_eq!(unack["waiting_on"], "desk");
    // A day less than ack_after_hours: not yet unacknowledged.
    let cfg = ONE_ADDRESS.replace("[desk]\n", "[desk]\nack_after_hours = 120\n");
    vsd::files::write(&home.path("config.toml"), cfg.as_bytes()).expect("config");
    let v = json_at(&home, TRIAGE_NOW, &["status", "--json"]);
    assert_eq!(v[2]["next_step"], "wait", "{v}");
    assert!(
        !v.as_array()
            .expect("a")
            .iter()
            .any(|e| e["next_step"] == "resend")
    );
}

/// The short id `vsd list` prints for the unfiled request titled `title`.
fn short_id(home: &Home, title: &str) -> String {
    let (text, _) = run(home, TRIAGE_NOW, &["list"]);
    let line = text
        .lines()
        .find(|l| l.ends_with(title))
        .unwrap_or_else(|| panic!("{title} not in {text}"));
    let id = line[3..].split_whitespace().next().expect("id").to_string();
    assert!(id.starts_with('u') && id.len() == 7, "{line}");
    id
}

#[test]
fn an_unfiled_request_goes_by_the_short_id_that_list_prints() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let id = short_id(&home, "Nobody answered");
    let v = json_at(&home, TRIAGE_NOW, &["status", &id, "--json"]);
    assert_eq!(v["next_step"], "resend");
    let (text, _) = run(&home, TRIAGE_NOW, &["status", &id]);
    assert!(text.contains("next step: resend"), "{text}");
    assert!(
        text.contains("check the address, or send it again"),
        "{text}"
    );
    let v = json_at(&home, TRIAGE_NOW, &["show", &id, "--json"]);
    assert_eq!(v["title"], "Nobody answered");
    assert_eq!(v["waiting_on"], "desk");
    assert_eq!(v["days_waiting"], 4);
    // The JSON id still works, and the short id is in list --json.
    let list = json_at(&home, TRIAGE_NOW, &["list", "--json"]);
    let e = list
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["title"] == "Nobody answered")
        .expect("listed");
    assert_eq!(e["short_id"], id.as_str());
    assert_eq!(e["id"], "unfiled:u1@example.com");
    let out = home.path("d.eml");
    let o = home
        .vsd()
        .args(["draft", "reply", &id, "--no-edit", "--force", "--out"])
        .arg(&out)
        .env("VSD_NOW", TRIAGE_NOW)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let eml = std::fs::read_to_string(&out).expect("draft");
    assert!(eml.contains("In-Reply-To: <u1@example.com>"), "{eml}");
    // An unknown short id is a usage error that says where ids are.
    let o = home.vsd().args(["show", "u000000"]).output().expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("vsd list"));
}

fn keys_of(v: &Value) -> Vec<String> {
    ids(v)
}

#[test]
fn list_sorts_filters_and_marks() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let list = |args: &[&str]| {
        let mut a = vec!["list", "--json"];
        a.extend_from_slice(args);
        keys_of(&json_at(&home, TRIAGE_NOW, &a))
    };
    // Each order among the issues; unfiled requests after them either way.
    let cases: [(&[&str], [&str; 5]); 5] = [
        (
            &["--sort", "waiting"],
            [
                "VSD-600",
                "VSD-601",
                "VSD-602",
                "Nobody answered",
                "Just sent",
            ],
        ),
        (
            &["--sort", "waiting", "--reverse"],
            [
                "VSD-602",
                "VSD-601",
                "VSD-600",
                "Just sent",
                "Nobody answered",
            ],
        ),
        (
            &["--sort", "key"],
            [
                "VSD-600",
                "VSD-601",
                "VSD-602",
                "Nobody answered",
                "Just sent",
            ],
        ),
        (
            &["--sort", "opened"],
            [
                "VSD-602",
                "VSD-601",
                "VSD-600",
                "Just sent",
                "Nobody answered",
            ],
        ),
        (
            &["--sort", "last"],
            [
                "VSD-602",
                "VSD-601",
                "VSD-600",
                "Just sent",
                "Nobody answered",
            ],
        ),
    ];
    for (args, want) in cases {
        assert_eq!(list(args), want, "{args:?}");
    }
    assert_eq!(list(&["--on", "us"]), ["VSD-600"]);
    assert_eq!(
        list(&["--on", "desk", "--sort", "waiting"]),
        ["VSD-601", "VSD-602", "Nobody answered", "Just sent"]
    );
    assert_eq!(list(&["--status", "awaiting-team"]), ["VSD-600"]);
    assert_eq!(list(&["--status", "resolved"]), ["VSD-603"]);
    let v = json_at(&home, TRIAGE_NOW, &["list", "--json"]);
    let e = entry(&v, "VSD-601");
    assert_eq!(e["days_waiting"], 10);
    assert_eq!(e["waiting_on"], "desk");
    assert_eq!(e["overdue"], true);
    assert_eq!(entry(&v, "VSD-600")["waiting_on"], "team");
    assert_eq!(entry(&v, "VSD-600")["overdue"], false);
    assert_eq!(entry(&v, "VSD-602")["overdue"], false);
    // The text: the counts, the marks, the waiting column.
    let (text, _) = run(&home, TRIAGE_NOW, &["list", "--sort", "waiting"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "5 open · 1 on us · 1 overdue", "{text}");
    let row = |key: &str| {
        *lines
            .iter()
            .find(|l| l.get(3..).is_some_and(|r| r.starts_with(key)))
            .unwrap_or_else(|| panic!("{key} in {text}"))
    };
    assert!(row("VSD-600").starts_with("*> VSD-600"), "{text}");
    assert!(row("VSD-601").starts_with("*! VSD-601"), "{text}");
    assert!(row("VSD-602").starts_with("*  VSD-602"), "{text}");
    let cells: Vec<&str> = row("VSD-601").split_whitespace().collect();
    assert_eq!(
        &cells[1..5],
        ["VSD-601", "awaiting-desk", "10d", "desk"],
        "{text}"
    );
    let cells: Vec<&str> = row("VSD-600").split_whitespace().collect();
    assert_eq!(
        &cells[1..5],
        ["VSD-600", "awaiting-team", "15d", "us"],
        "{text}"
    );
    // A bad status names the good ones.
    let o = home
        .vsd()
        .args(["list", "--status", "open"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("awaiting-desk"));
}

#[test]
fn the_new_mail_mark_goes_when_the_issue_is_opened_and_comes_back_with_mail() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let new_mail = |key: &str| {
        let v = json_at(&home, TRIAGE_NOW, &["list", "--json"]);
        entry(&v, key)["new_mail"].as_bool().expect("bool")
    };
    assert!(new_mail("VSD-600"), "never opened: all its mail is new");
    let (text, _) = run(&home, TRIAGE_NOW, &["show", "VSD-600"]);
    assert_eq!(
        text.lines().nth(1),
        Some("waiting on the team for 15 days"),
        "{text}"
    );
    assert!(!new_mail("VSD-600"));
    assert!(new_mail("VSD-601"));
    let (text, _) = run(&home, TRIAGE_NOW, &["list"]);
    assert!(text.lines().any(|l| l.starts_with(" > VSD-600")), "{text}");
    // The desk writes again: marked again.
    let more = home.path("more.mbox");
    write_mbox(
        &more,
        &[Mail::new(
            "q600b@vipps.no",
            "Fri, 20 Mar 2026 13:00:00 +0000",
            DESK,
            "RE: [VSD-600] Capture fails",
        )
        .to("ola@example.com")
        .reply(
            "q600@vipps.no",
            &["r600@example.com", "a600@vipps.no", "q600@vipps.no"],
        )
        .body("Any news?\n")],
    );
    home.vsd().arg("import").arg(&more).assert().success();
    assert!(new_mail("VSD-600"));
}

/// Makes the store at `db` one from before `0014_issue_columns`: the
/// list's columns gone, grouped by an older vsd.
pub fn as_store_before_list_columns(db: &std::path::Path) {
    let c = rusqlite::Connection::open(db).expect("open store");
    c.execute_batch(
        "ALTER TABLE issues DROP COLUMN last_desk_at;
         ALTER TABLE issues DROP COLUMN last_team_at;
         ALTER TABLE issues DROP COLUMN attachment_count;
             DROP INDEX assignments_other;
             DROP INDEX events_at;
             DROP INDEX locations_present;
         UPDATE meta SET value = 'grouped by an older vsd' WHERE key = 'regroup.basis';
         PRAGMA user_version = 12;",
    )
    .expect("downgrade");
}

/// The list reads who waits and since when from the issue's own row; a
/// store made before those columns shows the same list once opened.
#[test]
fn a_store_from_before_the_list_columns_lists_the_same_after_the_upgrade() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let before = json_at(&home, TRIAGE_NOW, &["list", "--all", "--json"]);
    let (text_before, _) = run(&home, TRIAGE_NOW, &["list", "--all"]);
    assert_eq!(entry(&before, "VSD-600")["waiting_on"], "team");
    as_store_before_list_columns(&home.path("vsd.db"));
    assert_eq!(
        json_at(&home, TRIAGE_NOW, &["list", "--all", "--json"]),
        before
    );
    assert_eq!(run(&home, TRIAGE_NOW, &["list", "--all"]).0, text_before);
}

fn draft_out(home: &Home, args: &[&str]) -> std::process::Output {
    home.vsd()
        .args(args)
        .env("VSD_NOW", TRIAGE_NOW)
        .env("EDITOR", "false")
        .output()
        .expect("run vsd")
}

#[test]
fn an_escalation_the_guidelines_do_not_call_for_is_refused_unless_forced() {
    let cfg = ONE_ADDRESS.replace("[desk]\n", "[desk]\nkam = \"kam@vipps.no\"\n");
    let home = home_with(&cfg, &triage_box());
    let f = home.path("e.eml");
    let f = f.to_str().expect("path");
    for kam in [false, true] {
        let mut args = vec!["draft", "escalate", "VSD-600", "--no-edit", "--out", f];
        if kam {
            args.push("--kam");
        }
        let o = draft_out(&home, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("VSD-600 is not for escalating: the desk wrote last and has waited 15 days for the team; answer it instead (vsd draft reply VSD-600)"),
            "{err}"
        );
        assert!(err.contains("--force"), "{err}");
        assert!(!std::path::Path::new(f).exists(), "nothing written");
    }
    let o = draft_out(
        &home,
        &[
            "draft",
            "escalate",
            "VSD-602",
            "--kam",
            "--no-edit",
            "--out",
            f,
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("fewer than escalate_after_days (5)"), "{err}");
    let o = draft_out(
        &home,
        &["draft", "escalate", "VSD-603", "--no-edit", "--out", f],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("it is resolved"), "{err}");
    assert!(err.contains("vsd draft new --related VSD-603"), "{err}");
    // Overdue: written.
    let o = draft_out(
        &home,
        &[
            "draft",
            "escalate",
            "VSD-601",
            "--kam",
            "--no-edit",
            "--out",
            f,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let eml = std::fs::read_to_string(f).expect("draft");
    assert!(
        eml.contains("To: kam@vipps.no") || eml.contains("<kam@vipps.no>"),
        "{eml}"
    );
    std::fs::remove_file(f).expect("rm");
    // With --force, written even so.
    let o = draft_out(
        &home,
        &[
            "draft",
            "escalate",
            "VSD-600",
            "--kam",
            "--no-edit",
            "--force",
            "--out",
            f,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::path::Path::new(f).exists());
}

#[test]
fn a_reply_to_a_resolved_issue_warns_and_a_new_request_names_it() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let f = home.path("r.eml");
    let f = f.to_str().expect("path");
    let o = draft_out(
        &home,
        &["draft", "reply", "VSD-603", "--no-edit", "--out", f],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("VSD-603 is resolved: the desk may not see a reply on it"),
        "{err}"
    );
    assert!(err.contains("vsd draft new --related VSD-603"), "{err}");
    let n = home.path("n.eml");
    let n = n.to_str().expect("path");
    let o = draft_out(
        &home,
        &[
            "draft",
            "new",
            "--related",
            "VSD-603",
            "--subject",
            "Capture fails again",
            "--no-edit",
            "--force",
            "--out",
            n,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let eml = std::fs::read(n).expect("draft");
    let body = mailparse::parse_mail(&eml)
        .expect("parse")
        .get_body()
        .expect("body");
    assert!(
        body.contains(
            "Related to VSD-603 (\"Old problem\"), which is resolved; this is a new problem."
        ),
        "{body}"
    );
    // No warning on a reply to an open issue.
    let o = draft_out(
        &home,
        &["draft", "reply", "VSD-600", "--no-edit", "--out", f],
    );
    assert!(!String::from_utf8_lossy(&o.stderr).contains("may not see a reply"));
}

#[test]
fn the_desk_replied_hook_runs_with_key_and_title_when_desk_mail_arrives() {
    use crate::support::{dovecot::Dovecot, mail};
    use std::os::unix::fs::PermissionsExt;
    use vsd::sync::{self, SyncEvent};
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let record = dir.path().join("args.txt");
    let script = dir.path().join("record.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            record.display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let toml = format!(
        "{}\n[hooks]\ndesk_replied = [{:?}, \"first arg\"]\nbell = true\n",
        d.config_toml(&["INBOX", "Sent"]),
        script.display().to_string()
    );
    let cfg = vsd::config::Config::parse_str(&toml, "t.toml").expect("config");
    let db = dir.path().join("vsd.db");
    let (_handle, rx) = sync::spawn_worker(&cfg, &db);
    let next = || match rx.recv_timeout(std::time::Duration::from_secs(30)) {
        Ok(e) => e,
        Err(e) => panic!("no event: {e}"),
    };
    // The first catch-up is no news: no hook, no event.
    loop {
        match next() {
            SyncEvent::Idle => break,
            SyncEvent::DeskReplied { key, .. } => panic!("hook for {key} on the catch-up"),
            SyncEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    }
    assert!(!record.exists());
    d.append("INBOX", &[mail::late_reply()]);
    let (key, title) = loop {
        match next() {
            SyncEvent::DeskReplied { key, title } => break (key, title),
            SyncEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    };
    assert_eq!(key, "VSD-1002");
    let store = vsd::store::Store::open(&db).expect("store");
    assert_eq!(title, store.detail("VSD-1002").expect("issue").title);
    // The hook was started before the event; wait for it to finish writing.
    let mut lines = Vec::new();
    for _ in 0..300 {
        let text = std::fs::read_to_string(&record).unwrap_or_default();
        lines = text.lines().map(str::to_string).collect::<Vec<_>>();
        if lines.len() >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(lines, ["first arg".to_string(), key, title]);
}

#[test]
fn export_writes_csv_a_csv_reader_reads_back_and_markdown_and_json() {
    let mut mails = triage_box();
    // A title with a comma, quotes and a pipe survives every format.
    mails.push(
        Mail::new(
            "r604@example.com",
            "Thu, 19 Mar 2026 09:00:00 +0000",
            OLA,
            "Refund \"partial\", then | full",
        )
        .to("integration@vipps.no")
        .body("It fails.\nMSN 123456, test environment, orderId abc-9.\n"),
    );
    let home = home_with(ONE_ADDRESS, &mails);
    // An assignee, where set, is a column of its own.
    let (said, _) = run(
        &home,
        TRIAGE_NOW,
        &["assign", "VSD-601", "kari@example.com"],
    );
    assert!(said.contains("assigned to kari@example.com"), "{said}");
    let (csv_text, _) = run(&home, TRIAGE_NOW, &["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let head: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        head,
        [
            "key",
            "title",
            "status",
            "opened",
            "last_activity",
            "waiting_on",
            "days_waiting",
            "flags",
            "overdue",
            "assignee"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    assert_eq!(rows.len(), 6, "{csv_text}");
    let by_key = |k: &str| {
        rows.iter()
            .find(|r| &r[0] == k)
            .unwrap_or_else(|| panic!("{k} in {csv_text}"))
    };
    let r601 = by_key("VSD-601");
    assert_eq!(&r601[1], "Login loops");
    assert_eq!(&r601[2], "awaiting-desk");
    assert_eq!(&r601[3], "2026-03-10T09:00:00+00:00");
    assert_eq!(&r601[5], "desk");
    assert_eq!(&r601[6], "10");
    assert_eq!(&r601[8], "yes");
    assert_eq!(&r601[9], "kari@example.com");
    assert_eq!(&by_key("VSD-600")[5], "team");
    assert_eq!(&by_key("VSD-600")[9], "");
    let odd = rows
        .iter()
        .find(|r| r[1].starts_with("Refund \""))
        .expect("odd title");
    assert_eq!(&odd[1], "Refund \"partial\", then | full");
    assert!(
        odd[0].starts_with('u'),
        "an unfiled request by its short id"
    );
    assert!(
        !rows.iter().any(|r| &r[0] == "VSD-603"),
        "resolved only with --all"
    );
    let (all, _) = run(&home, TRIAGE_NOW, &["export", "--format", "csv", "--all"]);
    assert_eq!(
        csv::Reader::from_reader(all.as_bytes()).records().count(),
        7
    );
    let (since, _) = run(
        &home,
        TRIAGE_NOW,
        &["export", "--format", "csv", "--since", "2026-03-16"],
    );
    let keys: Vec<String> = csv::Reader::from_reader(since.as_bytes())
        .records()
        .map(|r| r.expect("record")[1].to_string())
        .collect();
    assert_eq!(keys.len(), 4, "{since}");
    assert!(!keys.iter().any(|t| t == "Login loops"));
    // JSON: the same rows.
    let v = json_at(&home, TRIAGE_NOW, &["export", "--format", "json"]);
    assert_eq!(v.as_array().expect("array").len(), 6);
    assert_eq!(entry(&v, "VSD-601")["days_waiting"], 10);
    // Markdown: a table whose pipe in the title is escaped.
    let (md, _) = run(&home, TRIAGE_NOW, &["export", "--format", "markdown"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "| key | title | status | opened | last_activity | waiting_on | days_waiting | flags | overdue | assignee |"
    );
    assert_eq!(lines[1], "|---|---|---|---|---|---|---|---|---|---|");
    assert!(md.contains("| VSD-601 | Login loops | awaiting-desk | 2026-03-10 | 2026-03-10 | desk | 10 | missing-info | yes |"), "{md}");
    assert!(md.contains("Refund \"partial\", then \\| full"), "{md}");
    // With a key: that issue's history.
    let (h, _) = run(&home, TRIAGE_NOW, &["export", "--format", "csv", "VSD-603"]);
    let kinds: Vec<String> = csv::Reader::from_reader(h.as_bytes())
        .records()
        .map(|r| r.expect("record")[2].to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "team-replied",
            "flagged",
            "desk-replied",
            "resolved",
            "desk-replied"
        ],
        "{h}"
    );
    // The detail with a comma and a colon survives the round trip.
    let details: Vec<String> = csv::Reader::from_reader(h.as_bytes())
        .records()
        .map(|r| r.expect("record")[3].to_string())
        .collect();
    assert!(details[2].starts_with("missing-info on mail from Ola Nordmann <ola@example.com>: the request does not give: organisation-number, "), "{h}");
}

#[test]
fn closing_a_closed_issue_or_reopening_an_open_one_says_so_and_logs_nothing() {
    let home = home_with(ONE_ADDRESS, &triage_box());
    let log_len = || {
        json_at(&home, TRIAGE_NOW, &["log", "--json"])
            .as_array()
            .expect("a")
            .len()
    };
    let (out, _) = run(&home, TRIAGE_NOW, &["reopen", "VSD-600"]);
    assert_eq!(
        out.trim(),
        "VSD-600 is open (awaiting-team); nothing to reopen"
    );
    let before = log_len();
    run(&home, TRIAGE_NOW, &["close", "VSD-600"]);
    assert_eq!(log_len(), before + 1);
    let (out, _) = run(&home, TRIAGE_NOW, &["close", "VSD-600"]);
    assert_eq!(
        out.trim(),
        "VSD-600 is closed already; nothing changed (vsd reopen VSD-600 reopens it)"
    );
    assert_eq!(log_len(), before + 1);
    // log --since and --kind.
    let v = json_at(&home, TRIAGE_NOW, &["log", "--kind", "resolved", "--json"]);
    assert_eq!(v.as_array().expect("a").len(), 1);
    assert_eq!(v[0]["key"], "VSD-603");
    let v = json_at(
        &home,
        TRIAGE_NOW,
        &["log", "--since", "2026-03-18", "--json"],
    );
    let kinds: Vec<&str> = v
        .as_array()
        .expect("a")
        .iter()
        .map(|e| e["key"].as_str().unwrap_or("-"))
        .collect();
    assert!(
        kinds.iter().all(|k| *k == "VSD-602" || *k == "VSD-600"),
        "{v}"
    );
    assert!(kinds.contains(&"VSD-602"));
    let o = home
        .vsd()
        .args(["log", "--since", "last week"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"));
}

/// The keys of the TUI list's rows in a tmux screen, top to bottom.
fn tui_keys(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| l.get(2..)?.split_whitespace().next())
        .filter(|k| k.starts_with("VSD-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn e_in_the_tui_on_an_issue_waiting_on_the_team_is_refused_before_any_editor() {
    use crate::support::tmux::{Tmux, require_tmux};
    use std::os::unix::fs::PermissionsExt;
    if !require_tmux() {
        return;
    }
    let cfg = ONE_ADDRESS.replace("[desk]\n", "[desk]\nkam = \"kam@vipps.no\"\n");
    let home = home_with(&cfg, &triage_box());
    let marker = home.path("editor-ran");
    let editor = home.path("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ntouch '{}'\n", marker.display()),
    )
    .expect("editor");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (config, db) = (home.path("config.toml"), home.path("vsd.db"));
    let env_now = format!("VSD_NOW={TRIAGE_NOW}");
    let env_editor = format!("EDITOR={}", editor.display());
    let env_visual = format!("VISUAL={}", editor.display());
    let tmux = Tmux::start(&[
        "env",
        "TZ=UTC",
        &env_now,
        &env_editor,
        &env_visual,
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        config.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    let screen = tmux.wait_for("the list with its counts", |s| {
        s.contains("1 overdue · 1 on us") && tui_keys(s).len() == 3
    });
    let keys = tui_keys(&screen);
    assert_eq!(keys, ["VSD-602", "VSD-601", "VSD-600"], "{screen}");
    tmux.keys(&["j", "j", "e"]);
    let refused = tmux.wait_for("the refusal in the footer", |s| {
        s.contains("not for escalating")
    });
    assert!(
        refused.contains("VSD-600 is not for escalating"),
        "{refused}"
    );
    assert!(!marker.exists(), "no editor was opened");
    // `s` sorts by the longest wait: VSD-600 (15 days) first.
    tmux.keys(&["s"]);
    tmux.wait_for("the list by waiting", |s| {
        tui_keys(s) == ["VSD-600", "VSD-601", "VSD-602"] && s.contains("(by waiting)")
    });
    tmux.keys(&["q"]);
}

#[test]
fn r_in_the_tui_on_a_resolved_issue_offers_a_new_request_naming_it() {
    use crate::support::tmux::{Tmux, require_tmux};
    use std::os::unix::fs::PermissionsExt;
    if !require_tmux() {
        return;
    }
    let home = home_with(ONE_ADDRESS, &triage_box());
    // The editor keeps a copy of the text it was given, unchanged.
    let seen = home.path("seen.txt");
    let editor = home.path("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ncp \"$1\" '{}'\n", seen.display()),
    )
    .expect("editor");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (config, db) = (home.path("config.toml"), home.path("vsd.db"));
    let env_now = format!("VSD_NOW={TRIAGE_NOW}");
    let env_editor = format!("EDITOR={}", editor.display());
    let tmux = Tmux::start(&[
        "env",
        "-u",
        "VISUAL",
        "TZ=UTC",
        &env_now,
        &env_editor,
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        config.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    tmux.wait_for("the list", |s| tui_keys(s).len() == 3);
    // All issues, then the one resolved: VSD-603, filtered to.
    tmux.keys(&["a", "f", "Old", "Space", "problem", "Enter"]);
    tmux.wait_for("VSD-603 alone", |s| tui_keys(s) == ["VSD-603"]);
    tmux.keys(&["r"]);
    let offer = tmux.wait_for("the warning and the offer", |s| {
        s.contains("Write a new request that names VSD-603 instead")
    });
    assert!(
        offer.contains("VSD-603 is resolved: the desk may not see a reply on it"),
        "{offer}"
    );
    assert!(!seen.exists(), "the editor waits for the answer");
    tmux.keys(&["Enter"]);
    // The template the editor got is a new request naming the old issue.
    tmux.wait_for("the editor to have run", |_| seen.exists());
    let text = std::fs::read_to_string(&seen).expect("the editor ran");
    assert!(
        text.contains(
            "Related to VSD-603 (\"Old problem\"), which is resolved; this is a new problem."
        ),
        "{text}"
    );
    assert!(
        text.starts_with("Subject:"),
        "a new request's template: {text}"
    );
}

#[test]
fn the_tui_says_who_is_on_neither_side_and_shows_the_notifier_as_other() {
    use crate::support::tmux::{Tmux, require_tmux};
    if !require_tmux() {
        return;
    }
    let home = home_with(ONE_ADDRESS, &notifier_box());
    let (config, db) = (home.path("config.toml"), home.path("vsd.db"));
    let env_now = format!("VSD_NOW={NOW}");
    let tmux = Tmux::start(&[
        "env",
        "TZ=UTC",
        &env_now,
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        config.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    tmux.wait_for("the hint in the footer", |s| {
        s.contains("noreply-servicedesk@vipps.no matches no [desk] address; add \"*@vipps.no\"?")
    });
    // VSD-501 (resolved): its fourth message is the notifier's, as other.
    tmux.keys(&["a", "f", "Webhook", "Enter", "Enter"]);
    let view = tmux.wait_for("VSD-501's messages", |s| {
        s.lines().next().is_some_and(|l| l.starts_with("VSD-501"))
            && s.contains("noreply-servicedesk")
    });
    let line = view
        .lines()
        .find(|l| l.contains("noreply-servicedesk"))
        .expect("the notifier's line");
    assert!(line.contains(" other "), "{view}");
    tmux.keys(&["q", "q"]);
}

#[test]
fn vsd_sync_watch_runs_the_desk_replied_hook_for_mail_that_arrives() {
    use crate::support::{dovecot::Dovecot, mail};
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt;
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let home = crate::common::Home::new();
    let record = home.path("args.txt");
    let script = home.path("record.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            record.display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let toml = format!(
        "{}\n[hooks]\ndesk_replied = [{:?}]\n",
        d.config_toml(&["INBOX", "Sent"]),
        script.display().to_string()
    );
    vsd::files::write(&home.path("config.toml"), toml.as_bytes()).expect("config");
    let mut child = home
        .vsd_std()
        .args(["sync", "--watch"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("vsd sync --watch");
    // Stopped by its own id however the test ends.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stderr = child.stderr.take().expect("stderr");
    let mut child = Stop(child);
    let wait_until = |what: &str, ok: &dyn Fn() -> bool| {
        for _ in 0..300 {
            if ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("no {what}");
    };
    let db = home.path("vsd.db");
    wait_until("first sync", &|| {
        vsd::store::Store::open(&db)
            .and_then(|s| s.message_count())
            .is_ok_and(|n| n == 6)
    });
    assert!(!record.exists(), "the first sync is no news");
    d.append("INBOX", &[mail::late_reply()]);
    wait_until("hook run", &|| {
        std::fs::read_to_string(&record).is_ok_and(|t| t.lines().count() >= 2)
    });
    let lines: Vec<String> = std::fs::read_to_string(&record)
        .expect("record")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines, ["VSD-1002", "Capture times out"]);
    let _ = child.0.kill();
    let _ = child.0.wait();
    let mut err = String::new();
    let mut stderr = stderr;
    stderr.read_to_string(&mut err).expect("stderr");
    assert!(
        err.contains("the desk wrote on VSD-1002: Capture times out"),
        "{err}"
    );
}
