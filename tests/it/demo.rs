//! The demo mailbox imported: exactly the issues, statuses, message counts,
//! titles and flags that assets/demo/expected.json gives.

use chrono::Utc;
use serde_json::Value;
use std::collections::BTreeMap;

#[test]
fn demo_store_matches_its_known_answers() {
    let expected: Value = serde_json::from_str(include_str!("../../assets/demo/expected.json"))
        .expect("expected.json");
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = vsd::demo::build(dir.path(), Utc::now()).expect("demo");
    let got = store.list(true).expect("list");
    let mut by_key: BTreeMap<String, &vsd::issues::IssueSummary> = BTreeMap::new();
    let mut unfiled = Vec::new();
    for i in &got {
        match &i.key {
            Some(k) => {
                by_key.insert(k.clone(), i);
            }
            None => unfiled.push(i),
        }
    }
    let mut problems = Vec::new();
    let mut want_unfiled = 0;
    let closed = expected["closed_by_demo"].as_str().expect("closed key");
    for e in expected["issues"].as_array().expect("issues") {
        let Some(key) = e["key"].as_str() else {
            want_unfiled += 1;
            continue;
        };
        let Some(g) = by_key.get(key) else {
            problems.push(format!("{key}: missing"));
            continue;
        };
        let status = if key == closed {
            "closed"
        } else {
            e["status"].as_str().expect("status")
        };
        if g.status.as_str() != status {
            problems.push(format!("{key}: status {} not {status}", g.status.as_str()));
        }
        if g.title != e["title"].as_str().expect("title") {
            problems.push(format!("{key}: title {:?}", g.title));
        }
        if g.message_count as u64 != e["messages"].as_u64().expect("count") {
            problems.push(format!(
                "{key}: {} messages not {}",
                g.message_count, e["messages"]
            ));
        }
        let mut want: Vec<&str> = e["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .map(|f| f.as_str().expect("flag"))
            .collect();
        want.sort();
        let mut have: Vec<&str> = g.flags.iter().map(|r| r.as_str()).collect();
        have.sort();
        if have != want {
            problems.push(format!("{key}: flags {have:?} not {want:?}"));
        }
    }
    // The team's actions the demo adds: an assignee, two notes, a link
    // shown from both ends.
    for (key, want) in expected["team_by_demo"].as_object().expect("team_by_demo") {
        let Some(g) = by_key.get(key) else {
            problems.push(format!("{key}: missing"));
            continue;
        };
        let j = serde_json::to_value(g).expect("json");
        if j["assignee"] != want["assignee"] {
            problems.push(format!("{key}: assignee {}", j["assignee"]));
        }
        if j["notes"].as_array().map(Vec::len) != want["notes"].as_u64().map(|n| n as usize) {
            problems.push(format!("{key}: notes {}", j["notes"]));
        }
        if j["links"] != want["links"] {
            problems.push(format!("{key}: links {}", j["links"]));
        }
        if j["conflict"] != false {
            problems.push(format!("{key}: conflict"));
        }
    }
    if unfiled.len() != want_unfiled {
        problems.push(format!("{} unfiled, not {want_unfiled}", unfiled.len()));
    }
    if by_key.len() != expected["issues"].as_array().expect("issues").len() - want_unfiled {
        problems.push(format!("{} issues in all", by_key.len()));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The attachments assets/demo/README.md names: the screenshot, the JSON
/// log and the desk's PDF, numbered as `vsd attachment list` numbers them.
#[test]
fn demo_attachments_are_the_ones_its_readme_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = vsd::demo::build(dir.path(), Utc::now()).expect("demo");
    let names = |key: &str| -> Vec<(usize, String, String)> {
        store
            .issue_attachments(key)
            .expect("attachments")
            .into_iter()
            .map(|a| (a.number, a.attachment.name, a.attachment.content_type))
            .collect()
    };
    assert_eq!(
        names("VSD-40455"),
        vec![(1, "skjermbilde-qr.png".into(), "image/png".into())]
    );
    assert_eq!(
        names("VSD-40846"),
        vec![
            (1, "refund-log.json".into(), "application/json".into()),
            (
                2,
                "hendelsesrapport-refusjon.pdf".into(),
                "application/pdf".into()
            ),
        ]
    );
    let pdf = store.issue_attachments("VSD-40846").expect("attachments");
    let bytes = vsd::app::attachment::bytes_of(&store, &pdf[1]).expect("pdf bytes");
    assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));
    let with: Vec<String> = store
        .list(true)
        .expect("list")
        .into_iter()
        .filter(|i| i.attachments > 0)
        .filter_map(|i| i.key)
        .collect();
    assert_eq!(with, vec!["VSD-40846", "VSD-40455"]);
}

/// The demo shows what a team lead's overview is for: an issue overdue on
/// the desk (VSD-40790, waiting since May) and a request that never got its
/// auto-reply (the Login request of 24 November, over `ack_after_hours`).
#[test]
fn demo_shows_an_overdue_issue_and_an_unacknowledged_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = Utc::now();
    let (store, cfg) = vsd::demo::build(dir.path(), now).expect("demo");
    let mut list = store.list(false).expect("list");
    vsd::issues::model::annotate(&mut list, now, i64::from(cfg.desk.escalate_after_days));
    let overdue: Vec<&str> = list
        .iter()
        .filter(|i| i.overdue)
        .filter_map(|i| i.key.as_deref())
        .collect();
    assert!(overdue.contains(&"VSD-40790"), "{overdue:?}");
    let login = list
        .iter()
        .find(|i| i.title.starts_with("Login: users are logged out"))
        .expect("the unfiled Login request");
    let detail = store.detail(&login.id).expect("detail");
    let st = vsd::issues::standing::standing(
        &detail,
        vec![],
        &vsd::issues::standing::Rules::from_config(&cfg),
        now,
    );
    assert_eq!(st.next_step, vsd::issues::standing::NextStep::Resend);
}
