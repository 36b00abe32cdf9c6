//! Layout and state: the help scrolls where it does not fit, a 60×15 list
//! keeps key, status and a readable title, the status line names the
//! account and where its connection stands (from the worker's events, as
//! data), and a first sync says so instead of "No open issues". TestBackend
//! screens; tests/it/tui_state_tmux.rs runs the same in a real terminal.

use chrono::Duration;

use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

use crate::support::tui::{self, line, now, press, render, screen};
use vsd::issues::model::{IssueDetail, IssueSummary, Status};
use vsd::ui::{App, Connection, IssueSource, view};

struct Memory(Vec<IssueSummary>);

impl IssueSource for Memory {
    fn list(&self, all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        Ok(self
            .0
            .iter()
            .filter(|i| all || i.status.is_open())
            .cloned()
            .collect())
    }
    fn detail(&self, id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        Err(anyhow::anyhow!("no issue {id}"))
    }
}

fn issue(key: &str, title: &str, status: Status, days: i64, flags: &[&str]) -> IssueSummary {
    let last = Duration::days(days / 2);
    IssueSummary {
        message_count: 3,
        ..tui::summary(Some(key), title, status, Duration::days(days), last, flags)
    }
}

fn sample() -> Memory {
    Memory(vec![
        issue(
            "VSD-12345",
            "Betaling feiler for ordre på æøå-butikken",
            Status::AwaitingDesk,
            35,
            &["subject-changed", "quoted-history"],
        ),
        issue(
            "VSD-12401",
            "Callback URL returns 401 in test",
            Status::AwaitingTeam,
            12,
            &[],
        ),
        issue(
            "VSD-11002",
            "Capture fails after 7 days",
            Status::AwaitingDesk,
            400,
            &["missing-info"],
        ),
    ])
}

fn start(source: &Memory, w: u16, h: u16) -> App {
    tui::start_sized(source, "layout", w, h)
}

#[test]
fn the_help_scrolls_where_it_does_not_fit() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('?'));
    assert!(app.help_visible());
    let max = view::help_max_scroll(&app, ratatui::layout::Rect::new(0, 0, 80, 24));
    assert!(max > 0, "the help does not fit 80×24 whole");
    let top = screen(&render(&app, 80, 24));
    assert!(top[1].contains("↓ j/k scroll"), "{}", top[1]);
    assert!(!top[1].contains('↑'), "{}", top[1]);
    let last_key_row = "quit (q: in list)";
    assert!(
        !top.iter().any(|l| l.contains(last_key_row)),
        "quit is below the fold:\n{}",
        top.join("\n")
    );
    press(&mut app, &source, KeyCode::Char('j'));
    assert_eq!(app.help_scroll(), 1);
    press(&mut app, &source, KeyCode::Char('G'));
    assert_eq!(app.help_scroll(), max);
    let bottom = render(&app, 80, 24);
    insta::assert_snapshot!("help_scrolled_to_the_bottom", bottom.backend());
    let bottom = screen(&bottom);
    assert!(
        bottom[1].contains('↑') && !bottom[1].contains('↓'),
        "{}",
        bottom[1]
    );
    assert!(
        bottom.iter().any(|l| l.contains(last_key_row)),
        "{}",
        bottom.join("\n")
    );
    press(&mut app, &source, KeyCode::PageUp);
    assert!(app.help_scroll() < max);
    press(&mut app, &source, KeyCode::Char('g'));
    assert_eq!(app.help_scroll(), 0);
    // Keys of the list do nothing behind the help.
    press(&mut app, &source, KeyCode::Char('a'));
    assert!(!app.show_all());
    press(&mut app, &source, KeyCode::Char('G'));
    press(&mut app, &source, KeyCode::Esc);
    assert!(!app.help_visible());
    press(&mut app, &source, KeyCode::Char('?'));
    assert_eq!(app.help_scroll(), 0, "it opens at the top again");

    // A tall terminal shows it whole: nothing to scroll.
    let mut tall = start(&source, 100, 60);
    press(&mut tall, &source, KeyCode::Char('?'));
    assert_eq!(
        view::help_max_scroll(&tall, ratatui::layout::Rect::new(0, 0, 100, 60)),
        0
    );
    press(&mut tall, &source, KeyCode::Char('j'));
    assert_eq!(tall.help_scroll(), 0);
    assert!(
        !screen(&render(&tall, 100, 60))
            .iter()
            .any(|l| l.contains("j/k scroll"))
    );
}

#[test]
fn at_60x15_the_list_keeps_key_status_and_a_readable_title() {
    let source = sample();
    let app = start(&source, 60, 15);
    let t = render(&app, 60, 15);
    insta::assert_snapshot!("list_60x15", t.backend());
    let lines = screen(&t);
    for (key, status, title) in [
        ("VSD-12345", "awaiting-desk", "Betaling feiler for o"),
        ("VSD-12401", "awaiting-team", "Callback URL returns"),
        ("VSD-11002", "awaiting-desk", "Capture fails after 7"),
    ] {
        let row = lines
            .iter()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("{key} listed:\n{}", lines.join("\n")));
        assert!(row.contains(status), "{row}");
        assert!(row.contains(title), "a title of 20 columns and more: {row}");
    }
    // Wide enough again, the ages come back.
    let wide = screen(&render(&start(&source, 100, 15), 100, 15));
    assert!(wide[1].contains("age") && wide[1].contains("last") && wide[1].contains("msgs"));
    assert!(!lines[1].contains("msgs"), "{}", lines[1]);
}

#[test]
fn the_status_line_names_the_account_and_the_connection() {
    let source = sample();
    let mut app = start(&source, 100, 10);
    assert!(!line(&render(&app, 100, 10), 9).contains("team@example.com"));
    app.set_account(Some("team@example.com".into()));
    let since = now() - Duration::minutes(25);
    for (c, words) in [
        (Connection::Connecting, "team@example.com · connecting…"),
        (
            Connection::Syncing { done: 3, total: 10 },
            "team@example.com · syncing 3/10",
        ),
        (Connection::Idle, "team@example.com · idle"),
        (
            Connection::Offline { since },
            "team@example.com · offline since 11:35",
        ),
        (Connection::Reconnected, "team@example.com · reconnected"),
    ] {
        app.set_connection(c);
        let t = render(&app, 100, 10);
        let footer = line(&t, 9);
        assert!(footer.ends_with(words), "{c:?}: {footer}");
        assert!(footer.starts_with("j/k move"), "the hints stay: {footer}");
        let x = 100 - words.chars().count() as u16;
        let cell = &t.backend().buffer()[(x, 9)];
        if matches!(c, Connection::Offline { .. }) {
            assert_eq!(cell.fg, Color::Red, "offline stands out");
        } else {
            assert_ne!(cell.fg, Color::Red);
        }
    }
    // A notice keeps its room; the status comes back beside it when it fits.
    app.set_error("cannot load the issues: database is locked".into());
    let footer = line(&render(&app, 100, 10), 9);
    assert!(footer.starts_with("cannot load the issues"), "{footer}");
    assert!(footer.ends_with("reconnected"), "{footer}");
}

#[test]
fn a_first_sync_says_syncing_instead_of_no_open_issues() {
    let empty = Memory(Vec::new());
    let mut app = start(&empty, 80, 10);
    assert!(line(&render(&app, 80, 10), 2).starts_with("No open issues"));
    app.set_connection(Connection::Connecting);
    assert_eq!(
        line(&render(&app, 80, 10), 2),
        "Connecting… the first sync fills the list."
    );
    app.set_connection(Connection::Syncing { done: 0, total: 40 });
    assert_eq!(
        line(&render(&app, 80, 10), 2),
        "Syncing… the list fills as mail arrives."
    );
    app.set_connection(Connection::Idle);
    assert!(line(&render(&app, 80, 10), 2).starts_with("No open issues"));
    // With issues stored, a later sync does not hide them.
    let source = sample();
    let mut app = start(&source, 80, 10);
    app.set_connection(Connection::Syncing { done: 1, total: 2 });
    assert!(line(&render(&app, 80, 10), 2).contains("VSD-"));
}

#[test]
fn ages_are_one_function_a_year_and_a_month_is_13mo() {
    let source = sample();
    let app = start(&source, 100, 10);
    let lines = screen(&render(&app, 100, 10));
    let row = lines
        .iter()
        .find(|l| l.contains("VSD-11002"))
        .expect("VSD-11002");
    assert!(row.contains(&vsd::text::age(now(), now() - Duration::days(400))));
    assert!(row.contains("13mo"), "{row}");
    assert!(!row.contains(" 1y "), "{row}");
}
