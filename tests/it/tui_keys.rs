//! The TUI's keys, command line and mouse over a real store: `[keys]` in
//! the config rebinds actions (and the help shows the keys in force), bad
//! bindings are config errors with file and line, ←/→/Space/Tab do what
//! h/l/page down/the other pane do, `:` runs the CLI's verbs with Tab
//! completion, `c` asks before closing, and mouse events select, open and
//! scroll.

use crate::common::{Home, mailbox, write_mbox};

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::time::{Duration, Instant};

use vsd::app::TuiSource;
use vsd::config::Config;

use crate::support::tui::{
    self, key, line, open_home as open, press, render_80x24 as render, screen, type_text,
};
use vsd::ui::{App, Command, IssueSource, Keymap, Screen, fulfil};

fn home_with(config_extra: &str) -> Home {
    let home = Home::new();
    if !config_extra.is_empty() {
        let path = home.path("config.toml");
        let mut text = std::fs::read_to_string(&path).expect("config");
        text.push_str(config_extra);
        vsd::files::write(&path, text.as_bytes()).expect("config");
    }
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

const REBIND: &str = r#"
[keys]
search = ["C-s", "F3"]
down = ["j", "C-n"]
new_request = "F2"
help = "F1"
"#;

fn start(source: &dyn IssueSource, keymap: Keymap) -> App {
    tui::start_with(source, "keys", keymap, 80, 24)
}

#[test]
fn a_config_that_rebinds_keys_works_and_the_help_shows_them() {
    let home = home_with(REBIND);
    let (store, cfg, paths) = open(&home);
    let keymap = vsd::app::keymap(&cfg).expect("the keys apply");
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source, keymap);
    // `/` no longer searches; C-s does.
    press(&mut app, &source, KeyCode::Char('/'));
    assert!(app.prompt().is_none());
    key(&mut app, &source, KeyCode::Char('s'), KeyModifiers::CONTROL);
    type_text(&mut app, &source, "abc");
    assert!(line(&render(&app), 23).starts_with("search: abc▏"));
    press(&mut app, &source, KeyCode::Esc);
    // C-n moves down as j does.
    let first = app.selected_id().map(str::to_string);
    key(&mut app, &source, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_ne!(app.selected_id().map(str::to_string), first);
    // F2 drafts a new request; `w` does nothing now.
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE)),
        Some(Command::Draft(vsd::ui::DraftKind::NewRequest, None))
    );
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)),
        None
    );
    // `?` is no longer the help; F1 is, and it lists the keys in force.
    press(&mut app, &source, KeyCode::Char('?'));
    assert!(!app.help_visible());
    press(&mut app, &source, KeyCode::F(1));
    assert!(app.help_visible());
    // The help scrolls where it does not fit: its rows from top to bottom.
    let mut rows = screen(&render(&app));
    press(&mut app, &source, KeyCode::Char('G'));
    rows.extend(screen(&render(&app)));
    let row = |words: &str| {
        rows.iter()
            .find(|l| l.contains(words))
            .unwrap_or_else(|| panic!("a help row with {words:?}: {rows:#?}"))
            .clone()
    };
    assert!(
        row("search · n/N match").contains("C-s F3 n N"),
        "{rows:#?}"
    );
    assert!(row("reply/escalate/new").contains("r e F2"), "{rows:#?}");
    // down is j and C-n now, no longer ↓ as well.
    assert!(row("next / previous").contains("j C-n k ↑"), "{rows:#?}");
    assert!(row("this help").contains("F1"), "{rows:#?}");
}

#[test]
fn bad_key_bindings_are_config_errors_with_file_and_line() {
    for (keys, line, words) in [
        (
            "[keys]\nserach = \"/\"\n",
            2,
            "[keys] has no action called \"serach\"",
        ),
        (
            "[keys]\n\nreply = \"C-\"\n",
            3,
            "[keys] reply: \"C-\" is not a key",
        ),
        (
            "[keys]\nreply = \"j\"\n",
            2,
            "j would be bound to both reply and down (its default) in every view",
        ),
        (
            "[keys]\nreply = \"x\"\nescalate = [\"e\", \"x\"]\n",
            3,
            "x would be bound to both",
        ),
        ("[keys]\ndown = 3\n", 2, "[keys] down must be a key"),
    ] {
        let home = Home::new();
        let path = home.path("config.toml");
        let mut text = std::fs::read_to_string(&path).expect("config");
        let at = text.lines().count() + line;
        text.push_str(keys);
        vsd::files::write(&path, text.as_bytes()).expect("config");
        let out = home.vsd().arg("list").output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{keys}");
        let err = String::from_utf8_lossy(&out.stderr);
        let place = format!("{}:{at}: ", path.display());
        assert!(err.contains(&place), "{place} in {err}");
        assert!(err.contains(words), "{words} in {err}");
    }
}

#[test]
fn arrows_space_and_tab_act_as_their_letters() {
    let home = home_with("");
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source, Keymap::default());
    // → opens as l does, ← goes back as h does.
    press(&mut app, &source, KeyCode::Right);
    assert_eq!(app.screen(), Screen::Issue);
    // Space pages down as PgDn does.
    app.resize(80, 8);
    press(&mut app, &source, KeyCode::Char(' '));
    assert!(app.scroll() > 1, "a page: {}", app.scroll());
    press(&mut app, &source, KeyCode::Left);
    assert_eq!(app.screen(), Screen::List);
    // Tab in an issue without attachments says so.
    app.resize(80, 24);
    press(&mut app, &source, KeyCode::Enter);
    press(&mut app, &source, KeyCode::Tab);
    assert!(line(&render(&app), 23).contains("no attachments"));
}

/// The README's list of `[keys]` names is the keymap's own table.
#[test]
fn the_readme_names_every_action_as_the_keymap_does() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let start = readme.find("<!-- actions:start -->").expect("start mark");
    let end = readme.find("<!-- actions:end -->").expect("end mark");
    let listed: Vec<&str> = readme[start..end].split('`').skip(1).step_by(2).collect();
    let names: Vec<&str> = vsd::ui::keymap::ACTIONS.iter().map(|(_, n)| *n).collect();
    assert_eq!(listed, names);
}

#[test]
fn colon_runs_verbs_and_tab_completes_them_and_keys() {
    let home = home_with("");
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source, Keymap::default());
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "clo");
    press(&mut app, &source, KeyCode::Tab);
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some("close "));
    type_text(&mut app, &source, "vsd-1");
    press(&mut app, &source, KeyCode::Tab);
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some("close VSD-100"));
    assert!(line(&render(&app), 23).starts_with(":close VSD-100▏"));
    // Enter closes it, without asking: the typed verb is the answer.
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app);
    assert_eq!(line(&t, 23), "VSD-100 is closed (o reopens)");
    // The store says so too.
    let out = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(out["status"], "closed");
    // :reopen of the selected issue when none is named.
    press(&mut app, &source, KeyCode::Char('a'));
    press(&mut app, &source, KeyCode::Char('g'));
    let at = (0..10)
        .find(|_| {
            let here = app.selected_id() == Some("VSD-100");
            if !here {
                press(&mut app, &source, KeyCode::Char('j'));
            }
            here
        })
        .is_some();
    assert!(at, "VSD-100 listed with all");
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "reopen");
    press(&mut app, &source, KeyCode::Enter);
    assert!(line(&render(&app), 23).starts_with("VSD-100 is awaiting-desk"));
    // Two verbs start with "re": Tab lists both and keeps the text.
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "re");
    press(&mut app, &source, KeyCode::Tab);
    assert_eq!(app.completions(), ["reopen", "reply"]);
    assert!(line(&render(&app), 23).contains("reopen reply"));
    press(&mut app, &source, KeyCode::Esc);
    // :sort sorts as s does.
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "sort key");
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app);
    assert!(line(&t, 1).ends_with("title (by key)"), "{}", line(&t, 1));
    assert_eq!(line(&t, 23), "sorted by key");
    // :search as / does.
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "search callback");
    press(&mut app, &source, KeyCode::Enter);
    assert!(line(&render(&app), 0).starts_with("search: callback  (1 hit in 1 issue)"));
    // An unknown verb says which there are.
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "frob");
    press(&mut app, &source, KeyCode::Enter);
    let footer = line(&render(&app), 23);
    assert!(
        footer.starts_with("no command \"frob\": the commands are close, reopen"),
        "{footer}"
    );
    // A key typed in any case names the loaded issue; one that is not
    // there is the source's to refuse, in the footer.
    press(&mut app, &source, KeyCode::Esc);
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "reply vsd-200");
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Command::Draft(
            vsd::ui::DraftKind::Reply,
            Some("VSD-200".into())
        ))
    );
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "close VSD-99999");
    press(&mut app, &source, KeyCode::Enter);
    let footer = line(&render(&app), 23);
    assert!(footer.contains("VSD-99999"), "{footer}");
    assert!(!footer.contains("is closed"), "{footer}");
    // :new drafts a new request, :quit quits.
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "new");
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Command::Draft(vsd::ui::DraftKind::NewRequest, None))
    );
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "q");
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Command::Quit)
    );
}

#[test]
fn colon_export_writes_a_new_file_under_the_download_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = home_with(&format!(
        "\n[ui]\ndownload_dir = {:?}\n",
        dir.path().join("exports").display().to_string()
    ));
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source, Keymap::default());
    for _ in 0..2 {
        press(&mut app, &source, KeyCode::Char(':'));
        type_text(&mut app, &source, "export csv");
        press(&mut app, &source, KeyCode::Enter);
    }
    let footer = line(&render(&app), 23);
    assert!(footer.starts_with("exported to "), "{footer}");
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .expect("the folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        2,
        "a second export never overwrites: {files:?}"
    );
    let text = std::fs::read_to_string(&files[0]).expect("the file");
    assert!(text.starts_with("key,title,status"), "{text}");
    assert!(text.contains("VSD-100"), "{text}");
    // One issue's history, in Markdown.
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "export markdown VSD-200");
    press(&mut app, &source, KeyCode::Enter);
    let footer = line(&render(&app), 23);
    assert!(footer.contains("vsd-VSD-200-"), "{footer}");
    let history = std::fs::read_dir(dir.path().join("exports"))
        .expect("the folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("the Markdown file");
    let text = std::fs::read_to_string(&history).expect("the file");
    assert!(text.starts_with("| at | key | kind | detail |"), "{text}");
    assert!(text.contains("VSD-200"), "{text}");
}

#[test]
fn c_asks_before_closing_and_only_y_closes() {
    let home = home_with("");
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source, Keymap::default());
    let id = app.selected_id().expect("a row").to_string();
    press(&mut app, &source, KeyCode::Char('c'));
    assert_eq!(app.confirming_close(), Some(id.as_str()));
    assert_eq!(line(&render(&app), 23), format!("Close {id}? y/n"));
    press(&mut app, &source, KeyCode::Char('n'));
    assert_eq!(line(&render(&app), 23), format!("{id} is not closed"));
    let shown = home.json(&["show", &id, "--json"]);
    assert_ne!(shown["status"], "closed");
    press(&mut app, &source, KeyCode::Char('c'));
    press(&mut app, &source, KeyCode::Char('y'));
    assert_eq!(
        line(&render(&app), 23),
        format!("{id} is closed (o reopens)")
    );
    let shown = home.json(&["show", &id, "--json"]);
    assert_eq!(shown["status"], "closed");
}

fn mouse(kind: MouseEventKind, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

#[test]
fn a_click_selects_a_double_click_opens_and_the_wheel_scrolls() {
    let home = home_with("");
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source, Keymap::default());
    press(&mut app, &source, KeyCode::Char('a'));
    let t = render(&app);
    // The list's body starts on row 2; row 3 is the second issue, row 4
    // the heading of the unfiled requests.
    assert_eq!(line(&t, 4), "Unfiled requests");
    let second = line(&t, 3)[3..]
        .split_whitespace()
        .next()
        .expect("a key")
        .to_string();
    let click = mouse(MouseEventKind::Down(MouseButton::Left), 3);
    let t0 = Instant::now();
    assert_eq!(app.handle_mouse(click, t0), None);
    assert_eq!(app.selected_id(), Some(second.as_str()));
    // A second click later than 400 ms is a click again.
    assert_eq!(
        app.handle_mouse(click, t0 + Duration::from_millis(900)),
        None
    );
    assert_eq!(app.screen(), Screen::List);
    // Within 400 ms of the last: a double-click, which opens the issue.
    let open = app.handle_mouse(click, t0 + Duration::from_millis(1200));
    assert_eq!(open, Some(Command::LoadDetail(second.clone().into())));
    assert!(fulfil(
        &mut app,
        &source,
        Command::LoadDetail(second.clone().into())
    ));
    assert_eq!(app.detail_id(), Some(second.as_str()));
    // The wheel scrolls the issue view three lines a notch.
    app.resize(80, 8);
    app.handle_mouse(mouse(MouseEventKind::ScrollDown, 4), t0);
    assert_eq!(app.scroll(), 3);
    app.handle_mouse(mouse(MouseEventKind::ScrollUp, 4), t0);
    assert_eq!(app.scroll(), 0);
    // In the list it moves the selection.
    press(&mut app, &source, KeyCode::Esc);
    app.resize(80, 24);
    press(&mut app, &source, KeyCode::Char('g'));
    let top = app.selected_id().map(str::to_string);
    app.handle_mouse(mouse(MouseEventKind::ScrollDown, 4), t0);
    assert_ne!(app.selected_id().map(str::to_string), top);
    // A click on the header, a heading or the footer selects nothing.
    press(&mut app, &source, KeyCode::Char('g'));
    app.handle_mouse(mouse(MouseEventKind::Down(MouseButton::Left), 0), t0);
    app.handle_mouse(mouse(MouseEventKind::Down(MouseButton::Left), 4), t0);
    app.handle_mouse(mouse(MouseEventKind::Down(MouseButton::Left), 23), t0);
    assert_eq!(app.selected_id().map(str::to_string), top);
}

#[test]
fn mouse_is_off_unless_the_config_turns_it_on() {
    let cfg = Config::parse_str("", "empty").expect("loads");
    assert!(!cfg.ui.mouse);
    let cfg = Config::parse_str("[ui]\nmouse = true\n", "on").expect("loads");
    assert!(cfg.ui.mouse);
}
