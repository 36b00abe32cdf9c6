//! The TUI end to end in a real terminal: `vsd demo` runs inside a detached
//! tmux session (100×30) on a socket of its own; the test types keys with
//! `send-keys` and reads the screen with `capture-pane`. It checks the list,
//! opening an issue, going back, the help and quitting with exit status 0.
//! Set `VSD_SKIP_TMUX=1` to skip it where tmux is not installed.

use crate::support;

use std::thread::sleep;
use std::time::{Duration, Instant};
use support::tmux::{Tmux, WAIT, require_tmux};

const STATUSES: &[&str] = &[
    "awaiting-desk",
    "awaiting-team",
    "resolved",
    "closed",
    "unfiled",
];

/// The keys of the list's rows, top to bottom (`-` for an unfiled request,
/// whose short id the row shows). Each row starts with two columns of marks.
fn list_keys(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| {
            let mut words = line.get(2..)?.split_whitespace();
            let key = words.next()?;
            let status = words.next()?;
            STATUSES.contains(&status).then(|| {
                if status == "unfiled" {
                    "-".to_string()
                } else {
                    key.to_string()
                }
            })
        })
        .filter(|k| k == "-" || k.contains('-'))
        .collect()
}

fn shows_issue_key(screen: &str) -> bool {
    screen
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .any(|w| {
            w.strip_prefix("VSD-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

#[test]
fn demo_in_a_real_terminal_lists_opens_helps_and_quits() {
    if !require_tmux() {
        return;
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);

    let list = tmux.wait_for(
        "the issue list with a VSD- key and an awaiting issue",
        |s| shows_issue_key(s) && s.contains("awaiting") && !list_keys(s).is_empty(),
    );
    let keys = list_keys(&list);
    let chosen = keys[2.min(keys.len() - 1)].clone();

    tmux.keys(&["j", "j", "Enter"]);
    let issue = tmux.wait_for(&format!("the issue view of {chosen}"), |s| {
        let first = s.lines().next().unwrap_or("");
        let expected_head = if chosen == "-" { "unfiled" } else { &chosen };
        first.starts_with(expected_head)
            && s.lines()
                .any(|l| l.starts_with("──") && (l.contains(" desk ") || l.contains(" team ")))
    });
    assert!(issue.contains("Subject:"), "{issue}");

    tmux.keys(&["Escape"]);
    tmux.wait_for("the list again", |s| {
        s.lines().next().is_some_and(|l| l.starts_with("vsd")) && list_keys(s).contains(&chosen)
    });

    tmux.keys(&["?"]);
    tmux.wait_for("the help overlay", |s| {
        s.contains("Help") && s.contains("quoted-history") && s.contains("this help")
    });

    tmux.keys(&["Escape"]);
    tmux.wait_for("the help to close", |s| !s.contains("this help"));

    tmux.keys(&["q"]);
    let start = Instant::now();
    loop {
        let state = tmux.pane_state();
        // tmux 3.3 leaves pane_dead_status empty for a zero exit status.
        if state == "1 0" || state == "1" {
            break;
        }
        if start.elapsed() > WAIT {
            panic!(
                "vsd did not exit cleanly after q (pane dead, status: {state:?}); the screen was:\n{}",
                tmux.screen()
            );
        }
        sleep(Duration::from_millis(100));
    }
}

/// `f` in a real terminal: typed text narrows the list as it is typed, Enter
/// keeps the filter and opens nothing, Enter again opens the one match, and
/// Esc back in the list shows every issue again.
#[test]
fn filter_in_a_real_terminal_narrows_the_list() {
    if !require_tmux() {
        return;
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);
    let full = tmux.wait_for("the issue list", |s| list_keys(s).len() > 5);
    let all = list_keys(&full).len();

    tmux.keys(&["f", "webhooks", "Space", "BLIR"]);
    let narrowed = tmux.wait_for("one match for the filter", |s| {
        list_keys(s) == ["VSD-41347"] && s.contains("filter: webhooks BLIR")
    });
    assert!(narrowed.contains("1 of"), "{narrowed}");

    tmux.keys(&["Enter"]);
    tmux.wait_for("the kept filter in the footer", |s| {
        s.contains("filter \"webhooks BLIR\"") && list_keys(s) == ["VSD-41347"]
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the issue view of VSD-41347", |s| {
        s.lines().next().is_some_and(|l| l.starts_with("VSD-41347"))
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filtered list again", |s| list_keys(s) == ["VSD-41347"]);
    tmux.keys(&["Escape"]);
    tmux.wait_for("every issue again", |s| list_keys(s).len() == all);
    tmux.keys(&["q"]);
}

/// `c` and `o` in a real terminal: an issue closed from its view says so at
/// once, and the event log behind it records both changes.
#[test]
fn close_and_reopen_in_a_real_terminal() {
    if !require_tmux() {
        return;
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);
    tmux.wait_for("the issue list", |s| list_keys(s).len() > 5);
    tmux.keys(&["f", "webhooks blir", "Enter", "Enter"]);
    tmux.wait_for("the issue view of VSD-41347", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.starts_with("VSD-41347 awaiting-team"))
    });
    tmux.keys(&["c"]);
    tmux.wait_for("the question", |s| s.contains("Close VSD-41347? y/n"));
    tmux.keys(&["y"]);
    let closed = tmux.wait_for("VSD-41347 closed", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.starts_with("VSD-41347 closed"))
            && s.contains("VSD-41347 is closed (o reopens)")
    });
    assert!(!closed.contains("not available"), "{closed}");
    // Reopened, it awaits the team again: the desk wrote last.
    tmux.keys(&["o"]);
    tmux.wait_for("VSD-41347 open again", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.starts_with("VSD-41347 awaiting-team"))
            && s.contains("VSD-41347 is awaiting-team (c closes)")
    });
    // The issue view's log (at its end) shows both, newest last.
    tmux.keys(&["G"]);
    tmux.wait_for("the log with both changes", |s| {
        let closed = s.find("closed locally");
        let reopened = s.find("reopened locally");
        matches!((closed, reopened), (Some(c), Some(r)) if c < r)
    });
    tmux.keys(&["Escape", "q"]);
}

/// `r` hands the terminal to the editor, shows the check's result, and comes
/// back to the list with the draft's place in the status bar; a draft that
/// quotes history is refused unless the user says otherwise.
#[test]
fn reply_from_the_tui_goes_through_the_editor_and_the_check() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nif [ -e \"$(dirname \"$0\")/quote\" ]; then\n  printf 'Still failing.\\n\\nOn Mon, Vipps wrote:\\n> old text\\n' > \"$1\"\nelse\n  printf 'Here is the log you asked for.\\n' > \"$1\"\nfi\n",
    )
    .expect("editor");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let editor_env = format!("EDITOR={}", editor.display());
    let tmux = Tmux::start(&[
        "env",
        "-u",
        "VISUAL",
        &editor_env,
        env!("CARGO_BIN_EXE_vsd"),
        "demo",
    ]);
    tmux.wait_for("the list", |s| s.contains("awaiting"));

    tmux.keys(&["r"]);
    tmux.wait_for("the check's result and the review", |s| {
        s.contains("The draft passes the desk's rules")
            && s.contains("(e)dit again, save as (d)raft, (q)uit?")
    });
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for("the draft written", |s| s.contains("Press Enter"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list with the draft's place", |s| {
        s.contains("awaiting") && s.contains("draft written to")
    });

    std::fs::write(dir.path().join("quote"), "").expect("switch the editor");
    tmux.keys(&["r"]);
    let review = tmux.wait_for("the review", |s| {
        s.contains("The draft breaks the desk's rules") && s.contains("save as (d)raft")
    });
    assert!(review.contains("quoted-history"), "{review}");
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for("the question", |s| {
        s.contains("It breaks 1 rule(s). Write it anyway? [y/N]")
    });
    tmux.keys(&["n", "Enter"]);
    tmux.wait_for("the prompt to go back", |s| s.contains("Press Enter"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list with the refusal noted", |s| {
        s.contains("awaiting") && s.contains("draft not written")
    });
    tmux.keys(&["q"]);
}

/// The team keys in a real terminal: `m` assigns the issue in view to me,
/// `+` takes a note at a one-line prompt; the view, its log and the list's
/// `who` column show both at once.
#[test]
fn assign_and_note_in_a_real_terminal() {
    if !require_tmux() {
        return;
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);
    tmux.wait_for("the issue list", |s| list_keys(s).len() > 5);
    tmux.keys(&["f", "webhooks blir", "Enter", "Enter"]);
    tmux.wait_for("the issue view of VSD-41347", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.starts_with("VSD-41347 awaiting-team"))
    });
    tmux.keys(&["m"]);
    tmux.wait_for("VSD-41347 assigned to me", |s| {
        s.contains("VSD-41347: assigned to ola@example.com")
            && s.contains("assigned to ola@example.com")
            && s.contains("── Team")
    });
    tmux.keys(&["+"]);
    tmux.wait_for("the note prompt", |s| s.contains("note: "));
    tmux.keys(&["ringer kunden mandag", "Enter"]);
    tmux.wait_for("the note in the view", |s| {
        s.contains("VSD-41347: note added") && s.contains("│ ringer kunden mandag")
    });
    tmux.keys(&["G"]);
    tmux.wait_for("both in the log", |s| {
        s.contains("assigned to ola@example.com locally")
            && s.contains("note by ola@example.com: ringer kunden mandag")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the list's who column", |s| {
        s.lines()
            .any(|l| l.get(3..).is_some_and(|r| r.starts_with("VSD-41347")) && l.contains("ola+"))
    });
    tmux.keys(&["Escape", "q"]);
}

/// Whether some `word` in a screen captured with escapes comes straight
/// after an SGR sequence that turns on reverse video.
fn reversed_before(raw: &str, word: &str) -> bool {
    raw.match_indices(word).any(|(at, _)| {
        let before = &raw[..at];
        before.ends_with('m')
            && before.rfind("\x1b[").is_some_and(|esc| {
                let params = &before[esc + 2..before.len() - 1];
                params.split(';').any(|p| p == "7")
            })
    })
}

/// `/` in a real terminal: the search lists the issues whose messages
/// match, Enter lands on the first match, `n` goes to the next, and Esc
/// twice is back in the whole list.
#[test]
fn search_in_a_real_terminal_lists_jumps_and_walks_the_matches() {
    if !require_tmux() {
        return;
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);
    let full = tmux.wait_for("the issue list", |s| list_keys(s).len() > 5);
    let all = list_keys(&full).len();
    tmux.keys(&["/", "signature", "Enter"]);
    let found = tmux.wait_for("the results", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.starts_with("search: signature  ("))
    });
    assert!(
        list_keys(&found).contains(&"VSD-40577".to_string()),
        "{found}"
    );
    let first = list_keys(&found)[0].clone();
    tmux.keys(&["Enter"]);
    tmux.wait_for("the first match of the first result", |s| {
        s.lines().next().is_some_and(|l| l.starts_with(&first)) && s.contains("match 1/")
    });
    // The word is drawn in reverse video (SGR 7) where it matched.
    let raw = tmux.run(&["capture-pane", "-e", "-p", "-t", support::tmux::SESSION]);
    let raw = String::from_utf8_lossy(&raw.stdout);
    assert!(
        reversed_before(&raw, "signature"),
        "a highlighted match in:\n{raw}"
    );
    tmux.keys(&["n"]);
    tmux.wait_for("the next match", |s| {
        s.contains("match 2/") || s.contains("n/N next/prev match")
    });
    tmux.keys(&["Escape", "Escape"]);
    tmux.wait_for("every open issue again", |s| {
        s.lines().next().is_some_and(|l| l.starts_with("vsd")) && list_keys(s).len() == all
    });
    tmux.keys(&["q"]);
}

/// Keys from `[keys]` in a real terminal: F1 is the help, and it lists C-s
/// for search.
#[test]
fn rebound_keys_in_a_real_terminal() {
    if !require_tmux() {
        return;
    }
    let (_home, tmux) = rebound_vsd("");
    help_lists_the_rebound_keys(&tmux, "this help");
    tmux.keys(&["q"]);
}

/// vsd in tmux on the test mailbox, with F1 for the help and C-s for search
/// under `[keys]` and `more` after them, once it lists VSD-100.
fn rebound_vsd(more: &str) -> (crate::common::Home, Tmux) {
    let home = crate::common::Home::new();
    let config = home.path("config.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("\n[keys]\nhelp = \"F1\"\nsearch = \"C-s\"\n");
    text.push_str(more);
    vsd::files::write(&config, text.as_bytes()).expect("config");
    let mbox = home.path("box.mbox");
    crate::common::write_mbox(&mbox, &crate::common::mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    let config_arg = config.display().to_string();
    let db_arg = home.path("vsd.db").display().to_string();
    let tmux = Tmux::start(&[
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        &config_arg,
        "--db",
        &db_arg,
    ]);
    tmux.wait_for("the list", |s| {
        list_keys(s).contains(&"VSD-100".to_string())
    });
    (home, tmux)
}

/// F1 opens the help (once it shows `shown`), which names F1 and C-s for
/// what they do; Escape closes it.
fn help_lists_the_rebound_keys(tmux: &Tmux, shown: &str) {
    tmux.keys(&["F1"]);
    let help = tmux.wait_for("the help", |s| s.contains(shown));
    assert!(
        help.lines()
            .any(|l| l.contains("F1 ") && l.contains("this help")),
        "{help}"
    );
    assert!(
        help.lines()
            .any(|l| l.contains("C-s n N") && l.contains("search · n/N match")),
        "{help}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help to close", |s| !s.contains("this help"));
}

/// `:` in a real terminal: Tab completes a verb, `:sort key` sorts the
/// list, and an unknown verb says which there are.
#[test]
fn command_line_in_a_real_terminal() {
    if !require_tmux() {
        return;
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);
    tmux.wait_for("the issue list", |s| list_keys(s).len() > 5);
    tmux.keys(&[":", "so", "Tab"]);
    tmux.wait_for("the completed verb", |s| s.contains(":sort ▏"));
    tmux.keys(&["key", "Enter"]);
    let sorted = tmux.wait_for("the list by key", |s| {
        s.contains("title (by key)") && s.contains("sorted by key")
    });
    let keys: Vec<String> = list_keys(&sorted)
        .into_iter()
        .filter(|k| k.starts_with("VSD-"))
        .collect();
    let mut by_key = keys.clone();
    by_key.sort();
    by_key.reverse();
    assert!(
        keys == by_key || {
            let mut k = keys.clone();
            k.sort();
            k == keys
        },
        "{sorted}"
    );
    tmux.keys(&[":", "frob", "Enter"]);
    tmux.wait_for("the error", |s| s.contains("no command \"frob\""));
    tmux.keys(&["q"]);
}

/// The mouse (`[ui] mouse = true`, with F1 for the help from `[keys]`) in a
/// real terminal: a double-click sent as SGR mouse reports, as a terminal
/// sends them, opens the row clicked.
#[test]
fn the_mouse_in_a_real_terminal() {
    if !require_tmux() {
        return;
    }
    let (_home, tmux) = rebound_vsd("\n[ui]\nmouse = true\n");
    help_lists_the_rebound_keys(&tmux, "command line");
    tmux.keys(&["a"]);
    let list = tmux.wait_for("every issue", |s| {
        list_keys(s).contains(&"VSD-200".to_string())
    });
    // The second row of the list, clicked twice (SGR: 1-based column and row).
    let (y, key) = list
        .lines()
        .enumerate()
        .filter(|(_, l)| !list_keys(l).is_empty())
        .nth(1)
        .map(|(y, l)| (y + 1, list_keys(l)[0].clone()))
        .expect("a second row");
    let click = |end: char| {
        let seq = format!("\x1b[<0;10;{y}{end}");
        let mut args = vec![
            "send-keys".to_string(),
            "-t".into(),
            support::tmux::SESSION.into(),
            "-H".into(),
        ];
        args.extend(seq.bytes().map(|b| format!("{b:02x}")));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(tmux.run(&args).status.success());
    };
    click('M');
    click('m');
    click('M');
    click('m');
    tmux.wait_for(&format!("the issue view of {key}"), |s| {
        s.lines().next().is_some_and(|l| l.starts_with(&key))
    });
    tmux.keys(&["Escape", "q"]);
}
