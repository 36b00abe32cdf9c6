//! The issue view as a mail client's: To and Cc on every message, every
//! header and the raw source of the selected message, next and previous
//! message, the auto-reply folded, text at a readable width, links opened
//! through the source, the key and the Message-ID copied. TestBackend
//! screens here; tests/it/tui_issue_tmux.rs runs the same keys in a real
//! terminal against a real store.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::Duration;

use crate::support::tui::{self, line, now, press, render, screen};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;
use vsd::issues::model::{IssueDetail, IssueSummary, MessageView, Role, Status};
use vsd::ui::{App, Command, IssueSource, RawView, Screen, fulfil};

/// The test's issue and the raw mail of its messages; records what the UI
/// asked to open and copy.
struct Memory {
    detail: IssueDetail,
    raw: HashMap<String, Vec<u8>>,
    opened: RefCell<Vec<String>>,
    copied: RefCell<Vec<String>>,
    /// The `[ui] clipboard` command is set: copies go through the source.
    clipboard_command: bool,
}

impl IssueSource for Memory {
    fn list(&self, _all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        Ok(vec![IssueSummary {
            id: "VSD-700".into(),
            key: Some("VSD-700".into()),
            title: TITLE.into(),
            status: Status::AwaitingTeam,
            opened_at: now() - Duration::days(4),
            last_activity: now() - Duration::days(1),
            message_count: self.detail.messages.len(),
            flags: vec![],
            attachments: 0,
            team: Default::default(),
            short_id: None,
            waiting_on: Some(Role::Team),
            waiting_since: Some(now() - Duration::days(1)),
            days_waiting: Some(1),
            overdue: false,
            new_mail: false,
        }])
    }
    fn detail(&self, _id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        Ok(self.detail.clone())
    }
    fn raw_message(&self, message_id: &str) -> anyhow::Result<Vec<u8>> {
        self.raw
            .get(message_id)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no raw mail of {message_id}"))
    }
    fn open_link(&self, url: &str) -> anyhow::Result<String> {
        self.opened.borrow_mut().push(url.to_string());
        Ok(format!("opening {url}…"))
    }
    fn copy(&self, text: &str) -> anyhow::Result<bool> {
        if self.clipboard_command {
            self.copied.borrow_mut().push(text.to_string());
        }
        Ok(self.clipboard_command)
    }
}

const TITLE: &str = "Capture gives 401 in test";
const OLA: &str = "Ola Nordmann <ola@example.com>";
const DESK: &str = "Vipps Integration <integration@vipps.no>";

fn message(
    id: &str,
    days: i64,
    from: &str,
    role: Role,
    (to, cc): (&[&str], &[&str]),
    subject: &str,
    text: &str,
) -> MessageView {
    MessageView {
        message_id: id.into(),
        date: now() - Duration::days(days),
        from: from.into(),
        to: to.iter().map(|s| s.to_string()).collect(),
        cc: cc.iter().map(|s| s.to_string()).collect(),
        role,
        subject: subject.into(),
        flags: vec![],
        new_text: text.into(),
        flag_details: vec![],
        quoted: false,
        gone: false,
        partial_size: None,
        attachments: Vec::new(),
    }
}

/// A long line of words: wraps at the readable width on a wide terminal.
const LONG: &str = "The capture call returns 401 for every order since the key was rotated on Monday, and the shop is losing orders all the while the logs say nothing useful.";

fn source() -> Memory {
    let messages = vec![
        message(
            "req700@example.com",
            4,
            OLA,
            Role::Team,
            (
                &["integration@vipps.no"],
                &["Kari Nordmann <kari@example.com>"],
            ),
            TITLE,
            &format!("Hi,\n\n{LONG}\nMSN 123456, test.\n\nOla"),
        ),
        message(
            "auto700@vipps.no",
            4,
            DESK,
            Role::Desk,
            (&[OLA], &[]),
            &format!("[VSD-700] {TITLE}"),
            "Thank you for your email. Your issue number is VSD-700.",
        ),
        message(
            "d700@vipps.no",
            1,
            DESK,
            Role::Desk,
            (&[OLA], &["kari@example.com"]),
            &format!("RE: [VSD-700] {TITLE}"),
            "See https://developer.vippsmobilepay.com/docs/APIs/epayment-api/ and \
             (http://status.example/incident?id=7). Mail mailto:kari@example.com, \
             not file:///etc/passwd.",
        ),
    ];
    let mut raw = HashMap::new();
    raw.insert(
        "d700@vipps.no".to_string(),
        b"Message-ID: <d700@vipps.no>\r\nFrom: Vipps Integration <integration@vipps.no>\r\nX-Mailer: Desk\r\n 9.1\r\nX-Trick: \x1b]0;owned\x07title\r\nSubject: =?UTF-8?Q?RE:_[VSD-700]_Capture_p=C3=A5?=\r\n\r\nSee the link.\r\n\x1b[2Jcleared?\r\n"
            .to_vec(),
    );
    Memory {
        detail: IssueDetail {
            key: Some("VSD-700".into()),
            title: TITLE.into(),
            status: Status::AwaitingTeam,
            messages,
            events: vec![],
            team: Default::default(),
            standing: None,
        },
        raw,
        opened: RefCell::new(Vec::new()),
        copied: RefCell::new(Vec::new()),
        clipboard_command: false,
    }
}

fn open(source: &Memory, w: u16, h: u16) -> App {
    let mut app = tui::start_sized(source, "test", w, h);
    press(&mut app, source, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Issue);
    app
}

fn row_of(lines: &[String], starts: &str) -> usize {
    lines
        .iter()
        .position(|l| l.starts_with(starts))
        .unwrap_or_else(|| panic!("no line starts with {starts:?}:\n{}", lines.join("\n")))
}

#[test]
fn every_message_shows_to_and_cc_and_the_auto_reply_folds_to_one_line() {
    let source = source();
    let mut app = open(&source, 100, 40);
    let t = render(&app, 100, 40);
    insta::assert_snapshot!(t.backend());
    let lines = screen(&t);
    let first = row_of(&lines, "── 1/3");
    assert_eq!(lines[first + 1], "To: integration@vipps.no");
    assert_eq!(lines[first + 2], "Cc: Kari Nordmann <kari@example.com>");
    assert_eq!(lines[first + 3], format!("Subject: {TITLE}"));
    // The auto-reply: its header only, marked, and the next message right under it.
    let auto = row_of(&lines, "── 2/3");
    assert!(
        lines[auto].contains("auto-reply, folded (z)"),
        "{}",
        lines[auto]
    );
    assert!(lines[auto + 1].starts_with("── 3/3"), "{}", lines[auto + 1]);
    assert!(!lines.iter().any(|l| l.contains("Your issue number is")));
    let third = auto + 1;
    assert_eq!(lines[third + 1], "To: Ola Nordmann <ola@example.com>");
    assert_eq!(lines[third + 2], "Cc: kari@example.com");

    // z unfolds it: its To and its text come back.
    press(&mut app, &source, KeyCode::Char('z'));
    let lines = screen(&render(&app, 100, 40));
    let auto = row_of(&lines, "── 2/3");
    assert!(!lines[auto].contains("folded"), "{}", lines[auto]);
    assert_eq!(lines[auto + 1], "To: Ola Nordmann <ola@example.com>");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Your issue number is VSD-700."))
    );
    press(&mut app, &source, KeyCode::Char('z'));
    let lines = screen(&render(&app, 100, 40));
    assert!(!lines.iter().any(|l| l.contains("Your issue number is")));
}

#[test]
fn shift_j_and_k_scroll_to_the_next_and_previous_message_and_mark_it() {
    let source = source();
    let mut app = open(&source, 80, 12);
    assert_eq!(app.current_message(), 0);
    press(&mut app, &source, KeyCode::Char('J'));
    assert_eq!(app.current_message(), 1);
    let t = render(&app, 80, 12);
    // The message scrolled to is at the top of the text, its header reversed.
    assert!(line(&t, 2).starts_with("── 2/3"), "{}", line(&t, 2));
    let cell = &t.backend().buffer()[(5, 2)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    press(&mut app, &source, KeyCode::Char('J'));
    assert_eq!(app.current_message(), 2);
    let t = render(&app, 80, 12);
    assert!(line(&t, 2).starts_with("── 3/3"), "{}", line(&t, 2));
    // At the last message, J stays.
    press(&mut app, &source, KeyCode::Char('J'));
    assert_eq!(app.current_message(), 2);
    press(&mut app, &source, KeyCode::Char('K'));
    assert_eq!(app.current_message(), 1);
    let t = render(&app, 80, 12);
    assert!(line(&t, 2).starts_with("── 2/3"), "{}", line(&t, 2));
    // Scrolling by line moves the mark with the text.
    press(&mut app, &source, KeyCode::Char('g'));
    assert_eq!(app.current_message(), 0);
    let t = render(&app, 80, 12);
    assert!(
        !t.backend().buffer()[(5, 3)]
            .modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn text_wraps_at_a_readable_width_on_a_wide_terminal() {
    let source = source();
    let app = open(&source, 160, 30);
    let lines = screen(&render(&app, 160, 30));
    let body: Vec<&String> = lines[2..lines.len() - 1].iter().collect();
    assert!(
        body.iter()
            .all(|l| UnicodeWidthStr::width(l.as_str()) <= 100),
        "{}",
        lines.join("\n")
    );
    let start = lines
        .iter()
        .position(|l| l.starts_with("The capture call"))
        .expect("the long line");
    assert!(
        UnicodeWidthStr::width(lines[start].as_str()) > 80,
        "{}",
        lines[start]
    );
    assert!(lines[start + 1].starts_with("the logs") || lines[start + 1].contains("logs"));
    // A narrow one wraps at its own width.
    let app = open(&source, 60, 30);
    let lines = screen(&render(&app, 60, 30));
    assert!(
        lines
            .iter()
            .all(|l| UnicodeWidthStr::width(l.as_str()) <= 60)
    );
}

#[test]
fn capital_h_shows_every_header_and_x_the_raw_source_safely() {
    let source = source();
    let mut app = open(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('G'));
    assert_eq!(app.current_message(), 2);
    press(&mut app, &source, KeyCode::Char('H'));
    let pager = app.pager().expect("the headers");
    assert_eq!(pager.view, RawView::Headers);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!("headers", t.backend());
    let lines = screen(&t);
    assert!(
        lines[0].starts_with("All headers 3/3 · Vipps Integration"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "Message-ID: <d700@vipps.no>");
    assert!(
        lines.contains(&"X-Mailer: Desk 9.1".to_string()),
        "unfolded: {lines:?}"
    );
    assert!(
        lines.contains(&"Subject: RE: [VSD-700] Capture på".to_string()),
        "decoded: {lines:?}"
    );
    let buf = t.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| !c.symbol().chars().any(|ch| ch.is_control())),
        "no control character reaches a cell"
    );
    // Keys of the issue behind do nothing; Esc closes.
    press(&mut app, &source, KeyCode::Char('r'));
    assert!(app.pager().is_some());
    press(&mut app, &source, KeyCode::Esc);
    assert!(app.pager().is_none());
    assert_eq!(app.screen(), Screen::Issue);

    press(&mut app, &source, KeyCode::Char('X'));
    let t = render(&app, 80, 24);
    let lines = screen(&t);
    assert!(lines[0].starts_with("Raw source 3/3"), "{}", lines[0]);
    let subject = lines
        .iter()
        .find(|l| l.starts_with("Subject:"))
        .expect("the raw subject");
    assert!(
        subject.contains("=?UTF-8?Q?"),
        "raw, not decoded: {subject}"
    );
    assert!(lines.iter().any(|l| l.contains("cleared?")));
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .all(|c| !c.symbol().contains('\u{1b}'))
    );
    press(&mut app, &source, KeyCode::Char('X'));
    assert!(app.pager().is_none());
}

#[test]
fn a_message_without_raw_mail_says_so() {
    let source = source();
    let mut app = open(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('H'));
    assert!(app.pager().is_none());
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 23).starts_with("cannot read the raw mail: no raw mail of req700@example.com"),
        "{}",
        line(&t, 23)
    );
}

#[test]
fn capital_o_offers_the_message_links_and_opens_the_chosen_one() {
    let source = source();
    let mut app = open(&source, 100, 30);
    // The first message has no link.
    press(&mut app, &source, KeyCode::Char('O'));
    assert!(app.link_chooser().is_none());
    assert!(line(&render(&app, 100, 30), 29).contains("holds no link"));
    press(&mut app, &source, KeyCode::Char('G'));
    press(&mut app, &source, KeyCode::Char('O'));
    let chooser = app.link_chooser().expect("a chooser: three links");
    assert_eq!(
        chooser.links,
        vec![
            "https://developer.vippsmobilepay.com/docs/APIs/epayment-api/",
            "http://status.example/incident?id=7",
            "mailto:kari@example.com",
        ],
        "file: is never offered"
    );
    let t = render(&app, 100, 30);
    insta::assert_snapshot!("links", t.backend());
    press(&mut app, &source, KeyCode::Char('j'));
    press(&mut app, &source, KeyCode::Enter);
    assert_eq!(
        *source.opened.borrow(),
        vec!["http://status.example/incident?id=7"]
    );
    assert!(app.link_chooser().is_none());
    assert!(line(&render(&app, 100, 30), 29).starts_with("opening http://status.example"));
    // Esc leaves the chooser without opening anything.
    press(&mut app, &source, KeyCode::Char('O'));
    press(&mut app, &source, KeyCode::Esc);
    assert!(app.link_chooser().is_none());
    assert_eq!(source.opened.borrow().len(), 1);
}

#[test]
fn a_link_that_is_not_web_or_mail_is_refused_by_the_runner() {
    let source = source();
    let mut app = open(&source, 80, 24);
    assert!(fulfil(
        &mut app,
        &source,
        Command::OpenLink("file:///etc/passwd".into())
    ));
    assert!(source.opened.borrow().is_empty());
    assert!(line(&render(&app, 80, 24), 23).contains("only http, https and mailto"));
}

#[test]
fn y_copies_the_key_and_capital_y_the_message_id() {
    // Without a clipboard command: the runner gets the text for OSC 52.
    let source = source();
    let mut app = open(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('y'));
    assert_eq!(app.take_clipboard().as_deref(), Some("VSD-700"));
    assert_eq!(app.take_clipboard(), None, "taken once");
    assert_eq!(line(&render(&app, 80, 24), 23), "copied VSD-700");
    press(&mut app, &source, KeyCode::Char('G'));
    press(&mut app, &source, KeyCode::Char('Y'));
    assert_eq!(app.take_clipboard().as_deref(), Some("d700@vipps.no"));
    assert_eq!(
        vsd::ui::osc52("VSD-700"),
        "\u{1b}]52;c;VlNELTcwMA==\u{7}",
        "OSC 52 with the text in base64"
    );

    // With one: the source's command takes it, and nothing is left for OSC 52.
    let mut source = self::source();
    source.clipboard_command = true;
    let mut app = open(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('y'));
    assert_eq!(*source.copied.borrow(), vec!["VSD-700"]);
    assert_eq!(app.take_clipboard(), None);
    // In the list too, the selected issue's key.
    press(&mut app, &source, KeyCode::Esc);
    press(&mut app, &source, KeyCode::Char('y'));
    assert_eq!(*source.copied.borrow(), vec!["VSD-700", "VSD-700"]);
}

#[test]
fn the_wheel_scrolls_the_pager_not_the_issue_behind_it() {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    let source = source();
    let mut app = open(&source, 80, 6);
    press(&mut app, &source, KeyCode::Char('G'));
    let behind = app.scroll();
    press(&mut app, &source, KeyCode::Char('X'));
    assert_eq!(app.pager().map(|p| p.scroll), Some(0));
    let wheel = |kind| MouseEvent {
        kind,
        column: 10,
        row: 3,
        modifiers: KeyModifiers::NONE,
    };
    let now = std::time::Instant::now();
    assert_eq!(
        app.handle_mouse(wheel(MouseEventKind::ScrollDown), now),
        None
    );
    assert_eq!(app.pager().map(|p| p.scroll), Some(3));
    assert_eq!(app.scroll(), behind);
    app.handle_mouse(wheel(MouseEventKind::ScrollUp), now);
    assert_eq!(app.pager().map(|p| p.scroll), Some(0));
}
