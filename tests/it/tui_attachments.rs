//! The TUI's attachments: the list's `@` mark, each message's attachments
//! in the issue view, and the pane (`v`) that saves and opens them through
//! the source, which hands the work to a thread of its own. An in-memory
//! source records the jobs it is given.

use std::cell::RefCell;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::support::tui::{self, line, now, press, render_80x24 as render, screen, utc};
use vsd::issues::model::{AttachmentView, IssueDetail, IssueSummary, MessageView, Role, Status};
use vsd::ui::{App, AttachmentJob, AttachmentJobKind, Command, IssueSource, Keymap, fulfil, view};

struct Recording {
    detail: IssueDetail,
    jobs: RefCell<Vec<AttachmentJob>>,
}

impl IssueSource for Recording {
    fn list(&self, _all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        Ok(vec![IssueSummary {
            id: "VSD-500".into(),
            key: Some("VSD-500".into()),
            title: "Capture gives 401".into(),
            status: Status::AwaitingTeam,
            opened_at: now() - chrono::Duration::days(3),
            last_activity: now() - chrono::Duration::days(2),
            message_count: 2,
            flags: vec![vsd::issues::RuleId::SecretUnredacted],
            attachments: 3,
            team: Default::default(),
            short_id: None,
            waiting_on: Some(vsd::issues::Role::Team),
            waiting_since: Some(now() - chrono::Duration::days(2)),
            days_waiting: Some(2),
            overdue: false,
            new_mail: false,
        }])
    }
    fn detail(&self, _id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        Ok(self.detail.clone())
    }
    fn attachment(&self, job: AttachmentJob) -> anyhow::Result<String> {
        let line = format!("saving {}…", job.name);
        self.jobs.borrow_mut().push(job);
        Ok(line)
    }
}

fn attachment(name: &str, ty: &str, size: u64, part: &str, hidden: bool) -> AttachmentView {
    AttachmentView {
        name: name.into(),
        content_type: ty.into(),
        size,
        part: part.into(),
        inline: false,
        hidden_characters: hidden,
    }
}

fn message(
    id: &str,
    from: &str,
    role: Role,
    days: i64,
    attachments: Vec<AttachmentView>,
) -> MessageView {
    MessageView {
        message_id: id.into(),
        date: now() - chrono::Duration::days(days),
        from: from.into(),
        to: Vec::new(),
        cc: Vec::new(),
        role,
        subject: "Capture gives 401".into(),
        flags: vec![],
        new_text: "See the attached files.".into(),
        flag_details: vec![],
        quoted: false,
        gone: false,
        partial_size: None,
        attachments,
    }
}

fn source() -> Recording {
    Recording {
        detail: IssueDetail {
            team: Default::default(),
            key: Some("VSD-500".into()),
            title: "Capture gives 401".into(),
            status: Status::AwaitingTeam,
            messages: vec![
                message(
                    "req500@example.com",
                    "Ola Nordmann <ola@example.com>",
                    Role::Team,
                    3,
                    vec![attachment(
                        "screenshot.png",
                        "image/png",
                        48_213,
                        "2",
                        false,
                    )],
                ),
                message(
                    "d500@vipps.no",
                    "Vipps Integration <integration@vipps.no>",
                    Role::Desk,
                    2,
                    vec![
                        attachment(
                            "Rapport for blåbær-testen.pdf",
                            "application/pdf",
                            1_234_567,
                            "2",
                            false,
                        ),
                        attachment("invoicefdp.exe", "application/octet-stream", 15, "3", true),
                    ],
                ),
            ],
            events: vec![],
            standing: None,
        },
        jobs: RefCell::new(Vec::new()),
    }
}

fn opened(source: &Recording) -> App {
    let mut app = tui::start_sized(source, "attachments", 80, 24);
    press(&mut app, source, KeyCode::Enter);
    app
}

#[test]
fn the_list_marks_an_issue_with_attachments() {
    let s = source();
    let mut app = App::new("attachments", now(), utc(), Keymap::default());
    app.resize(80, 24);
    assert!(fulfil(&mut app, &s, Command::Reload));
    let t = render(&app);
    let row = line(&t, 2);
    assert!(row[3..].starts_with("VSD-500"), "{row}");
    assert!(
        row.contains(" @! "),
        "the @ mark before the flag marks: {row}"
    );
}

#[test]
fn the_issue_view_lists_attachments_under_their_message() {
    let s = source();
    let app = opened(&s);
    let lines = screen(&render(&app));
    assert!(
        lines.contains(&"@ 1. screenshot.png (image/png, 47 KB)".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"@ 2. Rapport for blåbær-testen.pdf (application/pdf, 1.2 MB)".to_string())
    );
    assert!(lines.contains(&"@ 3. ⚠ invoicefdp.exe (application/octet-stream, 15 B)".to_string()));
    assert_eq!(
        lines[23],
        "j/k scroll · J/K message · v attachments · Esc back · ? help"
    );
}

#[test]
fn the_pane_selects_saves_and_opens_through_the_source() {
    let s = source();
    let mut app = opened(&s);
    press(&mut app, &s, KeyCode::Char('v'));
    assert_eq!(app.pane_selection(), Some(0));
    press(&mut app, &s, KeyCode::Char('j'));
    let t = render(&app);
    insta::assert_snapshot!(t.backend());
    let lines = screen(&t);
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" 2. Rapport for blåbær-testen.pdf")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.contains(" 3. ⚠ invoicefdp.exe")));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("application/pdf · s save · Enter open · Esc back"))
    );
    // `r` does not draft a reply from inside the pane; `s` saves.
    press(&mut app, &s, KeyCode::Char('r'));
    press(&mut app, &s, KeyCode::Char('s'));
    press(&mut app, &s, KeyCode::Char('j'));
    press(&mut app, &s, KeyCode::Char('j'));
    press(&mut app, &s, KeyCode::Enter);
    let jobs = s.jobs.borrow().clone();
    assert_eq!(
        jobs,
        vec![
            AttachmentJob {
                id: "VSD-500".into(),
                message_id: "d500@vipps.no".into(),
                part: "2".into(),
                name: "Rapport for blåbær-testen.pdf".into(),
                kind: AttachmentJobKind::Save,
            },
            AttachmentJob {
                id: "VSD-500".into(),
                message_id: "d500@vipps.no".into(),
                part: "3".into(),
                name: "invoicefdp.exe".into(),
                kind: AttachmentJobKind::Open,
            },
        ]
    );
    // Esc closes the pane, a second Esc leaves the issue.
    press(&mut app, &s, KeyCode::Esc);
    assert_eq!(app.pane_selection(), None);
    assert_eq!(app.screen(), vsd::ui::Screen::Issue);
    press(&mut app, &s, KeyCode::Esc);
    assert_eq!(app.screen(), vsd::ui::Screen::List);
}

#[test]
fn an_issue_without_attachments_says_so_on_v() {
    let mut s = source();
    for m in &mut s.detail.messages {
        m.attachments.clear();
    }
    let mut app = opened(&s);
    press(&mut app, &s, KeyCode::Char('v'));
    assert_eq!(app.pane_selection(), None);
    assert_eq!(line(&render(&app), 23), "this issue has no attachments");
}

/// A source whose issue cannot be loaded again (the store went away).
struct Failing(Recording, std::cell::Cell<bool>);

impl IssueSource for Failing {
    fn list(&self, all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        self.0.list(all)
    }
    fn detail(&self, id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        if self.1.get() {
            anyhow::bail!("the store is gone");
        }
        self.0.detail(id)
    }
}

#[test]
fn a_failed_reload_with_the_pane_open_returns_to_the_list() {
    let s = Failing(source(), std::cell::Cell::new(false));
    let mut app = App::new("attachments", now(), utc(), Keymap::default());
    app.resize(80, 24);
    assert!(fulfil(&mut app, &s, Command::Reload));
    if let Some(c) = app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)) {
        assert!(fulfil(&mut app, &s, c));
    }
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE)),
        None
    );
    assert_eq!(app.pane_selection(), Some(0));
    s.1.set(true);
    assert!(fulfil(&mut app, &s, Command::Reload));
    assert_eq!(app.screen(), vsd::ui::Screen::List);
    assert_eq!(app.pane_selection(), None);
    assert!(line(&render(&app), 23).contains("the store is gone"));
}

/// Tab moves between the issue view and its attachments pane, and back to
/// the row it left; ← leaves the pane as Esc does.
#[test]
fn tab_moves_between_the_issue_and_its_attachments() {
    let s = source();
    let mut app = opened(&s);
    assert_eq!(app.pane_selection(), None);
    press(&mut app, &s, KeyCode::Tab);
    assert_eq!(app.pane_selection(), Some(0));
    press(&mut app, &s, KeyCode::Char('j'));
    press(&mut app, &s, KeyCode::Tab);
    assert_eq!(app.pane_selection(), None);
    // In the issue view again: j is the view's, not the pane's.
    press(&mut app, &s, KeyCode::Char('j'));
    assert_eq!(app.pane_selection(), None);
    press(&mut app, &s, KeyCode::Tab);
    assert_eq!(app.pane_selection(), Some(1));
    press(&mut app, &s, KeyCode::Left);
    assert_eq!(app.pane_selection(), None);
    assert_eq!(app.screen(), vsd::ui::Screen::Issue);
}

/// With the mouse, a click on a row of the pane selects it and a
/// double-click opens it, as Enter does.
#[test]
fn a_click_in_the_pane_selects_and_a_double_click_opens() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let s = source();
    let mut app = opened(&s);
    press(&mut app, &s, KeyCode::Char('v'));
    let (_, rows, offset) =
        view::attachments_layout(ratatui::layout::Rect::new(0, 0, 80, 24), 3, 0)
            .expect("room for the pane");
    assert_eq!(offset, 0);
    let click = |row: u16| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: rows.x + 2,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let t0 = std::time::Instant::now();
    // The pane's third row, as drawn.
    let t = render(&app);
    assert!(
        line(&t, rows.y + 2).contains(" 3. "),
        "{}",
        line(&t, rows.y + 2)
    );
    assert_eq!(app.handle_mouse(click(rows.y + 2), t0), None);
    assert_eq!(app.pane_selection(), Some(2));
    let open = app.handle_mouse(
        click(rows.y + 2),
        t0 + std::time::Duration::from_millis(200),
    );
    match open {
        Some(Command::Attachment(job)) => {
            assert_eq!(job.kind, AttachmentJobKind::Open);
            assert_eq!(job.part, "3");
        }
        other => panic!("an open job, not {other:?}"),
    }
    // A click on the pane's frame selects nothing.
    app.handle_mouse(click(rows.y - 1), t0);
    assert_eq!(app.pane_selection(), Some(2));
}
