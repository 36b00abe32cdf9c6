//! The team actions from the command line, on a store without [imap]: they
//! stay local, show in `list`/`show` (JSON and text) and the event log, and
//! bad input is refused with exit 2.

use crate::common::{self, Home};

fn home() -> Home {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    common::write_mbox(&mbox, &common::mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

fn out(home: &Home, args: &[&str]) -> String {
    let o = home.vsd().args(args).output().expect("run vsd");
    assert!(
        o.status.success(),
        "vsd {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn assign_note_link_and_unlink_stay_local_and_show_everywhere() {
    let h = home();
    let said = out(&h, &["assign", "vsd-100", "me"]);
    assert_eq!(
        said,
        "VSD-100: assigned to ola@example.com; kept in this store (no [imap] account to share it through)\n"
    );
    let note = h
        .vsd()
        .args(["note", "VSD-100", "-"])
        .write_stdin("Waiting for the merchant's logs.\nCall on Monday.\n")
        .output()
        .expect("note");
    assert!(note.status.success());
    let said = out(&h, &["link", "VSD-200", "VSD-100", "--duplicate"]);
    assert!(
        said.starts_with("VSD-200: a duplicate of VSD-100;"),
        "{said}"
    );
    // The reply asking the desk to merge them is offered, its text written.
    let file = said
        .lines()
        .find_map(|l| {
            l.strip_prefix("to ask the desk to merge them: vsd draft reply 'VSD-200' --body-file '")
        })
        .and_then(|l| l.strip_suffix('\''))
        .unwrap_or_else(|| panic!("no offer in {said}"));
    let body = std::fs::read_to_string(file).expect("body file");
    assert!(
        body.contains("Could you merge VSD-200 into VSD-100?"),
        "{body}"
    );

    let show = h.json(&["show", "VSD-100", "--json"]);
    assert_eq!(show["assignee"], "ola@example.com");
    assert_eq!(show["conflict"], false);
    assert_eq!(show["notes"][0]["author"], "ola@example.com");
    assert_eq!(
        show["notes"][0]["text"],
        "Waiting for the merchant's logs.\nCall on Monday."
    );
    assert_eq!(
        show["links"],
        serde_json::json!([{"key": "VSD-200", "kind": "duplicated-by"}])
    );
    let text = out(&h, &["show", "VSD-100"]);
    for want in [
        "assigned to: ola@example.com",
        "link: duplicated-by VSD-200",
        "Notes:",
        "  | Waiting for the merchant's logs.",
        "  | Call on Monday.",
        "assigned     assigned to ola@example.com locally",
        "noted        note by ola@example.com: Waiting for the merchant's logs. / Call on Monday.",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
    let list = out(&h, &["list", "--all"]);
    assert!(
        list.lines().nth(1).is_some_and(|l| l.contains("ASSIGNED")),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.contains(" VSD-100 ") && l.contains("ola+")),
        "{list}"
    );

    let keys = |args: &[&str]| -> Vec<String> {
        h.json(args)
            .as_array()
            .expect("array")
            .iter()
            .map(|i| i["key"].as_str().unwrap_or("-").to_string())
            .collect()
    };
    assert_eq!(
        keys(&["list", "--all", "--json", "--assigned", "me"]),
        ["VSD-100"]
    );
    assert_eq!(
        keys(&["list", "--all", "--json", "--assigned", "OLA@example.com"]),
        ["VSD-100"]
    );
    assert_eq!(
        keys(&["list", "--all", "--json", "--assigned", "none"]),
        ["VSD-200"]
    );

    out(&h, &["unlink", "VSD-100", "VSD-200"]);
    let show = h.json(&["show", "VSD-200", "--json"]);
    assert_eq!(show["links"], serde_json::json!([]));
    let log = out(&h, &["log", "VSD-200"]);
    assert!(
        log.contains("unlinked: VSD-200 duplicate of VSD-100 locally"),
        "{log}"
    );
    out(&h, &["assign", "VSD-100", "none"]);
    assert_eq!(
        h.json(&["show", "VSD-100", "--json"])["assignee"],
        serde_json::Value::Null
    );
}

#[test]
fn bad_team_actions_are_refused_with_exit_2() {
    let h = home();
    for (args, says) in [
        (
            &["assign", "VSD-100", "not an address"][..],
            "cannot assign to",
        ),
        (&["assign", "VSD-999", "me"][..], "no issue VSD-999"),
        (&["note", "VSD-100", "  "][..], "cannot add an empty note"),
        (
            &["link", "VSD-100", "vsd-100"][..],
            "cannot link VSD-100 to itself",
        ),
        (&["unlink", "VSD-100", "VSD-200"][..], "are not linked"),
        (
            &["assign", "unfiled:req300@example.com", "me"][..],
            "has no issue number yet",
        ),
    ] {
        let o = h.vsd().args(args).output().expect("run");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // Nothing was recorded by the refusals.
    let log = out(&h, &["log"]);
    assert!(!log.contains("assigned") && !log.contains("noted"), "{log}");
}
