//! Whole screens of the TUI at 80×24 on ratatui's TestBackend, as insta
//! snapshots, plus assertions on single lines so a broken screen fails even
//! when someone accepts a snapshot in a hurry. The issues are built here: an
//! in-memory `IssueSource` over vectors is the test's data, not a stand-in
//! for a part under test.

use std::collections::HashMap;

use chrono::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

use crate::support::tui::{self, line, now, press, render, screen, type_text, utc};
use vsd::issues::model::{Event, FlagView, IssueDetail, IssueSummary, MessageView, Role, Status};
use vsd::issues::team::{LinkView, NoteView, TeamView};
use vsd::issues::{IssueId, RuleId};
use vsd::ui::{Action, App, Command, IssueSource, Keymap, Screen, TeamAction, fulfil};

struct Memory {
    issues: Vec<IssueSummary>,
    details: HashMap<String, IssueDetail>,
}

impl IssueSource for Memory {
    fn list(&self, all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        Ok(self
            .issues
            .iter()
            .filter(|i| all || i.status.is_open())
            .cloned()
            .collect())
    }

    fn detail(&self, id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        self.details
            .get(id.as_str())
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no issue {id}"))
    }
}

fn summary(
    key: Option<&str>,
    title: &str,
    status: Status,
    opened: Duration,
    last: Duration,
    count: usize,
    flags: &[&str],
) -> IssueSummary {
    let base = tui::summary(key, title, status, opened, last, flags);
    IssueSummary {
        message_count: count,
        overdue: base.waiting_on == Some(Role::Desk) && last.num_days() >= 5,
        ..base
    }
}

fn message(
    ago: Duration,
    from: &str,
    role: Role,
    subject: &str,
    text: &str,
    flags: Vec<FlagView>,
    quoted: bool,
) -> MessageView {
    MessageView {
        message_id: format!("<{}@example.com>", ago.num_minutes()),
        date: now() - ago,
        from: from.to_string(),
        to: Vec::new(),
        cc: Vec::new(),
        role,
        subject: subject.to_string(),
        flags: flags.iter().map(|f| f.rule).collect(),
        new_text: text.to_string(),
        flag_details: flags,
        quoted,
        gone: false,
        partial_size: None,
        attachments: Vec::new(),
    }
}

fn flag(rule: &str, detail: &str, evidence: &str, explanation: &str) -> FlagView {
    FlagView {
        rule: RuleId::parse(rule).expect("a rule id"),
        detail: detail.to_string(),
        evidence: evidence.to_string(),
        explanation: explanation.to_string(),
    }
}

const KARI: &str = "Kari Nordmann <kari@example.com>";
const DESK: &str = "Vipps Integration <integration@vipps.no>";
const TITLE: &str = "Betaling feiler for ordre på æøå-butikken";

fn detail_12345() -> IssueDetail {
    IssueDetail {
        key: Some("VSD-12345".into()),
        title: TITLE.into(),
        status: Status::AwaitingDesk,
        messages: vec![
            message(
                Duration::days(35),
                KARI,
                Role::Team,
                TITLE,
                "Hei,\n\nPayments fail for orders with æøå in the name.\nMSN: 123456, environment: test.\n\nHilsen Kari",
                vec![],
                false,
            ),
            message(
                Duration::days(35) - Duration::minutes(2),
                DESK,
                Role::Desk,
                &format!("VSD-12345 {TITLE}"),
                "Thank you for your email. We have registered it as VSD-12345.",
                vec![],
                false,
            ),
            message(
                Duration::days(10),
                KARI,
                Role::Team,
                "Re: VSD-12345 Betaling feiler",
                "Any news on this? The shop is still losing orders.",
                vec![
                    flag(
                        "subject-changed",
                        "Subject differs from the issue's",
                        "Subject: Re: VSD-12345 Betaling feiler",
                        "\"reply to the email, without changing the Subject line\"",
                    ),
                    flag(
                        "quoted-history",
                        "quotes 2 earlier messages",
                        "On Mon, 22 Oct 2026, Vipps Integration wrote:\n> Thank you for your email.",
                        "\"do not quote all the previous messages\"",
                    ),
                ],
                true,
            ),
            message(
                Duration::days(3),
                DESK,
                Role::Desk,
                &format!("RE: VSD-12345 {TITLE}"),
                "Could you send the orderId of one failed payment?",
                vec![],
                false,
            ),
        ],
        events: vec![
            Event {
                at: now() - Duration::days(35),
                key: Some("VSD-12345".into()),
                kind: vsd::issues::EventKind::Opened,
                detail: "auto-reply from integration@vipps.no".into(),
            },
            Event {
                at: now() - Duration::days(10),
                key: Some("VSD-12345".into()),
                kind: vsd::issues::EventKind::Flagged,
                detail: "subject-changed, quoted-history".into(),
            },
            Event {
                at: now() - Duration::days(3),
                key: Some("VSD-12345".into()),
                kind: vsd::issues::EventKind::Sent,
                detail: "desk".into(),
            },
        ],
        team: Default::default(),
        standing: None,
    }
}

fn sample() -> Memory {
    let d = Duration::days;
    let h = Duration::hours;
    let issues = vec![
        summary(
            Some("VSD-11002"),
            "Capture fails after 7 days",
            Status::Resolved,
            d(335),
            d(300),
            6,
            &["new-problem", "cc-dropped"],
        ),
        summary(
            Some("VSD-12401"),
            "Callback URL returns 401 in test",
            Status::AwaitingTeam,
            d(12),
            d(1),
            3,
            &[],
        ),
        summary(
            None,
            "Recurring agreement stuck in PENDI…",
            Status::Unfiled,
            h(2),
            h(2),
            1,
            &["missing-info"],
        ),
        summary(
            Some("VSD-12345"),
            TITLE,
            Status::AwaitingDesk,
            d(35),
            d(3),
            4,
            &["subject-changed", "quoted-history"],
        ),
        summary(
            Some("VSD-11800"),
            "Refund webhook retries",
            Status::Closed,
            d(100),
            d(60),
            2,
            &[],
        ),
        summary(
            Some("VSD-12533"),
            "日本語の注文が失敗する 🎉 and the title goes on past the edge of the screen",
            Status::AwaitingDesk,
            h(6),
            Duration::minutes(45),
            2,
            &["missing-info"],
        ),
    ];
    let mut details = HashMap::new();
    details.insert("VSD-12345".to_string(), detail_12345());
    Memory { issues, details }
}

fn start(source: &Memory, w: u16, h: u16) -> App {
    tui::start_sized(source, "demo mailbox", w, h)
}

#[test]
fn list_shows_open_issues_first_and_unfiled_apart() {
    let source = sample();
    let app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    assert_eq!(
        line(&t, 0),
        "vsd · demo mailbox        open: 2 awaiting desk, 0 overdue · 1 on us · 1 unfiled"
    );
    assert_eq!(
        line(&t, 1),
        "   key       status         age last wait msgs flags title (by last)"
    );
    assert_eq!(
        line(&t, 2),
        "   VSD-12533 awaiting-desk   6h  45m   0d    2 I     日本語の注文が失敗する 🎉 …"
    );
    assert_eq!(
        line(&t, 3),
        " > VSD-12401 awaiting-team  12d   1d   1d    3       Callback URL returns 401 i…"
    );
    assert_eq!(
        line(&t, 4),
        "   VSD-12345 awaiting-desk   5w   3d   3d    4 SQ    Betaling feiler for ordre …"
    );
    assert_eq!(line(&t, 5), "Unfiled requests");
    // The selected row is drawn reversed, and only that row.
    let buf = t.backend().buffer();
    assert!(buf[(0, 2)].modifier.contains(Modifier::REVERSED));
    assert!(buf[(79, 2)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(0, 3)].modifier.contains(Modifier::REVERSED));
    // Statuses are coloured.
    assert_eq!(buf[(13, 2)].fg, Color::Blue);
    assert_eq!(buf[(13, 3)].fg, Color::Red);
    assert_eq!(buf[(13, 6)].fg, Color::Magenta);
    assert_eq!(
        line(&t, 6),
        "   udbad7e   unfiled         2h   2h   0d    1 I     Recurring agreement stuck …"
    );
    assert_eq!(line(&t, 7), "");
    assert_eq!(
        line(&t, 23),
        "j/k move · Enter open · / search · a all · ? help · q quit"
    );
}

#[test]
fn wide_titles_are_cut_at_the_screen_edge_and_columns_stay_aligned() {
    let source = sample();
    let app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    let buf = t.backend().buffer();
    // The row's last cell holds the ellipsis, so nothing spilled or fell short.
    assert_eq!(buf[(79, 2)].symbol(), "…");
    // The title column starts at the same cell on every row.
    for y in 2..=4 {
        assert_ne!(buf[(45, y)].symbol(), " ", "row {y}");
        assert_eq!(buf[(44, y)].symbol(), " ", "row {y}");
    }
}

#[test]
fn a_toggles_resolved_and_closed_issues() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('a'));
    assert!(app.show_all());
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    assert_eq!(
        line(&t, 0),
        "   all: 2 awaiting desk, 0 overdue · 1 on us · 1 unfiled · 1 resolved · 1 closed"
    );
    assert_eq!(
        line(&t, 5),
        "   VSD-11800 closed         3mo   8w    -    2       Refund webhook retries"
    );
    assert_eq!(
        line(&t, 6),
        "   VSD-11002 resolved      11mo  9mo    -    6 NC    Capture fails after 7 days"
    );
    assert_eq!(line(&t, 7), "Unfiled requests");
    press(&mut app, &source, KeyCode::Char('a'));
    let t = render(&app, 80, 24);
    assert!(!screen(&t).iter().any(|l| l.contains("VSD-11002")));
}

#[test]
fn selection_moves_and_survives_a_reload() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    assert_eq!(app.selected_id(), Some("VSD-12533"));
    press(&mut app, &source, KeyCode::Char('j'));
    press(&mut app, &source, KeyCode::Down);
    assert_eq!(app.selected_id(), Some("VSD-12345"));
    press(&mut app, &source, KeyCode::Char('a'));
    assert_eq!(app.selected_id(), Some("VSD-12345"));
    press(&mut app, &source, KeyCode::Char('G'));
    assert_eq!(app.selected_id(), Some("unfiled:<request-1@example.com>"));
    press(&mut app, &source, KeyCode::Char('j'));
    assert_eq!(app.selected_id(), Some("unfiled:<request-1@example.com>"));
    press(&mut app, &source, KeyCode::Char('g'));
    press(&mut app, &source, KeyCode::Char('k'));
    assert_eq!(app.selected_id(), Some("VSD-12533"));
}

fn open_12345(source: &Memory) -> App {
    let mut app = start(source, 80, 24);
    press(&mut app, source, KeyCode::Char('j'));
    press(&mut app, source, KeyCode::Char('j'));
    press(&mut app, source, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Issue);
    assert_eq!(app.detail_id(), Some("VSD-12345"));
    app
}

#[test]
fn issue_view_shows_messages_flags_and_text() {
    let source = sample();
    let app = open_12345(&source);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    assert_eq!(
        line(&t, 0),
        "VSD-12345 awaiting-desk Betaling feiler for ordre på æøå-butikken"
    );
    assert_eq!(
        line(&t, 1),
        "opened 2026-10-22 12:00 (5w) · last activity 2026-11-23 12:00 (3d) · 4 messages"
    );
    assert_eq!(
        line(&t, 2),
        format!(
            "── 1/4 · 2026-10-22 12:00 · team · Kari Nordmann <kari@example.com> {}",
            "─".repeat(12)
        )
    );
    assert_eq!(line(&t, 3), format!("Subject: {TITLE}"));
    assert_eq!(line(&t, 5), "Hei,");
    assert_eq!(
        line(&t, 7),
        "Payments fail for orders with æøå in the name."
    );
    assert_eq!(
        line(&t, 23),
        "j/k scroll · J/K message · H headers · O link · Esc back · ? help"
    );
}

#[test]
fn issue_view_shows_where_the_issue_stands_first() {
    use vsd::issues::standing::{NextStep, Standing};
    let mut source = sample();
    let d = source.details.get_mut("VSD-12345").expect("sample issue");
    d.standing = Some(Standing {
        key: Some("VSD-12345".into()),
        status: Status::AwaitingDesk,
        waiting_on: Some(Role::Desk),
        days_waiting: Some(9),
        unanswered: 2,
        risks: vec![RuleId::KeyMissing],
        missing_info: vec!["merchant-serial-number".into()],
        next_step: NextStep::ContactKam,
        advice: NextStep::ContactKam.advice().into(),
    });
    let app = open_12345(&source);
    let t = render(&app, 80, 24);
    assert_eq!(
        line(&t, 2),
        format!("── Where it stands {}", "─".repeat(61))
    );
    assert_eq!(
        line(&t, 3),
        "waiting on the desk for 9 days · 2 unanswered team message(s)"
    );
    assert_eq!(line(&t, 4), "may be hidden from the desk by: key-missing");
    assert_eq!(
        line(&t, 5),
        "the request never gave: merchant-serial-number"
    );
    assert_eq!(line(&t, 6), "next step: contact-kam");
    assert!(line(&t, 7).contains("If you have a KAM"), "{}", line(&t, 7));
}

#[test]
fn issue_view_scrolls_to_flags_and_the_event_log() {
    let source = sample();
    let mut app = open_12345(&source);
    // The auto-reply unfolded: all four messages at length.
    press(&mut app, &source, KeyCode::Char('z'));
    for _ in 0..10 {
        press(&mut app, &source, KeyCode::Char('j'));
    }
    assert_eq!(app.scroll(), 10);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    let all = screen(&t);
    assert!(
        all.iter()
            .any(|l| l == "⚑ S subject-changed: Subject differs from the issue's"),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|l| l == "  \"do not quote all the previous messages\""),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|l| l == "  │ On Mon, 22 Oct 2026, Vipps Integration wrote:"),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|l| l == "[quoted history folded]"),
        "{all:#?}"
    );

    // 37 lines of text in 21 rows: a page down reaches the end.
    press(&mut app, &source, KeyCode::PageDown);
    assert_eq!(app.scroll(), 16);
    press(&mut app, &source, KeyCode::PageUp);
    assert_eq!(app.scroll(), 0);
    press(&mut app, &source, KeyCode::Char('G'));
    assert_eq!(app.scroll(), 16);
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 19), format!("── Event log {}", "─".repeat(67)));
    assert_eq!(line(&t, 22), "2026-11-23 12:00  sent       desk");
    assert_eq!(
        line(&t, 20),
        "2026-10-22 12:00  opened     auto-reply from integration@vipps.no"
    );
    let bottom = app.scroll();
    press(&mut app, &source, KeyCode::Char('j'));
    assert_eq!(app.scroll(), bottom, "scrolling stops at the end");
    press(&mut app, &source, KeyCode::Char('g'));
    assert_eq!(app.scroll(), 0);
    press(&mut app, &source, KeyCode::Down);
    press(&mut app, &source, KeyCode::Char('j'));
    press(&mut app, &source, KeyCode::Char('k'));
    assert_eq!(app.scroll(), 1);
}

#[test]
fn escape_returns_to_the_list_and_q_quits_from_there() {
    let source = sample();
    let mut app = open_12345(&source);
    press(&mut app, &source, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::List);
    assert_eq!(app.selected_id(), Some("VSD-12345"));
    press(&mut app, &source, KeyCode::Enter);
    press(&mut app, &source, KeyCode::Char('q'));
    assert_eq!(app.screen(), Screen::List);
    let command = app.handle_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    assert_eq!(command, Some(Command::Quit));
    assert!(!fulfil(&mut app, &source, Command::Quit));
}

#[test]
fn an_issue_that_cannot_be_loaded_leaves_an_error_in_the_footer() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::List);
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 23), "cannot load VSD-12533: no issue VSD-12533");
}

#[test]
fn help_overlay_lists_keys_and_flag_marks() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('?'));
    assert!(app.help_visible());
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    // It does not fit 80×24 whole: the rest is a scroll away.
    let mut all = screen(&t).join("\n");
    press(&mut app, &source, KeyCode::Char('G'));
    all.push_str(&screen(&render(&app, 80, 24)).join("\n"));
    press(&mut app, &source, KeyCode::Char('g'));
    for expected in [
        "j ↓ k ↑        next / previous",
        "Enter l →      open the issue",
        "a              all / open issues",
        "S subject-changed   reply changed Subject",
        "! secret-unredacted secret shown in full",
        "I missing-info      checklist incomplete",
        "age            since the issue opened",
        "msgs           messages in the thread",
        "c o            close / reopen",
        "s S            sort / reverse it",
        "R F5           reload the list",
        "v Tab          attachments pane",
        "q C-c          quit (q: in list)",
        "m M A          assign me/none/to…",
        "+ L            add a note / link",
        "PgDn C-d Space page down",
        "Esc q h ←      back to the list",
        ":              command line",
        "/ n N          search · n/N match",
        "r e w          reply/escalate/new",
    ] {
        assert!(all.contains(expected), "{expected:?} missing in\n{all}");
    }
    // Keys other than the help's own do nothing while it shows.
    press(&mut app, &source, KeyCode::Char('r'));
    assert_eq!(app.selected_id(), Some("VSD-12533"));
    press(&mut app, &source, KeyCode::Esc);
    assert!(!app.help_visible());
    // Ctrl-C quits from the help too.
    press(&mut app, &source, KeyCode::Char('?'));
    let command = app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(command, Some(Command::Quit));
}

#[test]
fn empty_list_says_so() {
    let source = Memory {
        issues: vec![],
        details: HashMap::new(),
    };
    let mut app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    assert_eq!(
        line(&t, 0),
        "vsd · demo mailbox        open: 0 awaiting desk, 0 overdue · 0 on us · 0 unfiled"
    );
    assert_eq!(line(&t, 2), "No open issues. a shows all, ? for help.");
    press(&mut app, &source, KeyCode::Enter);
    press(&mut app, &source, KeyCode::Char('j'));
    assert_eq!(app.screen(), Screen::List);
}

#[test]
fn text_from_mail_reaches_the_screen_only_as_placeholders() {
    let evil = "\x1b[2JInvoice \u{202e}fdp.exe\x07";
    let mut source = sample();
    source.issues = vec![summary(
        Some("VSD-666"),
        evil,
        Status::AwaitingDesk,
        Duration::days(1),
        Duration::days(1),
        1,
        &[],
    )];
    let mut d = detail_12345();
    d.key = Some("VSD-666".into());
    d.title = evil.into();
    d.messages.truncate(1);
    d.messages[0].subject = evil.into();
    d.messages[0].from = "Mallory \u{9b}31m <m@example.com>".into();
    d.messages[0].new_text = "line one\x1b]0;pwned\x07\nzero\u{200b}width\ttab".into();
    source.details.insert("VSD-666".into(), d);

    let mut app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    assert_eq!(
        line(&t, 2),
        "   VSD-666 awaiting-desk   1d   1d   1d    1       ␛[2JInvoice <U+202E>fdp.exe␇"
    );
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app, 80, 24);
    let all = screen(&t);
    assert_eq!(all[0], "VSD-666 awaiting-desk ␛[2JInvoice <U+202E>fdp.exe␇");
    assert!(
        all[2].contains("Mallory <U+009B>31m <m@example.com>"),
        "{all:#?}"
    );
    assert_eq!(all[3], "Subject: ␛[2JInvoice <U+202E>fdp.exe␇");
    assert_eq!(all[5], "line one␛]0;pwned␇");
    assert_eq!(all[6], "zero<U+200B>width    tab");
    // No cell holds a control character or a bidi override.
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{:?}",
            cell.symbol()
        );
    }
}

#[test]
fn tiny_sizes_never_panic_and_show_what_fits() {
    let source = sample();
    for (w, h) in [
        (0, 0),
        (0, 5),
        (5, 0),
        (1, 1),
        (10, 3),
        (20, 2),
        (3, 10),
        (30, 6),
    ] {
        let mut app = start(&source, w, h);
        render(&app, w, h);
        press(&mut app, &source, KeyCode::Char('?'));
        render(&app, w, h);
        press(&mut app, &source, KeyCode::Esc);
        press(&mut app, &source, KeyCode::Char('j'));
        press(&mut app, &source, KeyCode::Char('j'));
        press(&mut app, &source, KeyCode::Enter);
        render(&app, w, h);
        press(&mut app, &source, KeyCode::PageDown);
        press(&mut app, &source, KeyCode::Char('G'));
        render(&app, w, h);
        app.resize(w.saturating_add(7), h.saturating_add(3));
        render(&app, w.saturating_add(7), h.saturating_add(3));
    }

    let app = start(&source, 10, 3);
    let t = render(&app, 10, 3);
    insta::assert_snapshot!("tiny_10x3", t.backend());
    assert_eq!(line(&t, 0), "vsd · dem…");
    assert_eq!(line(&t, 1), "VSD-12533");
    assert_eq!(line(&t, 2), "j/k move ·");

    let app = start(&source, 1, 1);
    let t = render(&app, 1, 1);
    assert_eq!(line(&t, 0), "…");

    let mut app = open_12345(&source);
    app.resize(30, 6);
    let t = render(&app, 30, 6);
    insta::assert_snapshot!("issue_30x6", t.backend());
    assert_eq!(line(&t, 0), "VSD-12345 awaiting-desk Betali");
    assert_eq!(line(&t, 2), "── 1/4 · 2026-10-22 12:00 · t…");
}

#[test]
fn resizing_keeps_the_selected_row_in_view() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('a'));
    press(&mut app, &source, KeyCode::Char('G'));
    app.resize(80, 6);
    let t = render(&app, 80, 6);
    // 6 rows: header, headings, 3 rows of body, footer; the unfiled request
    // at the bottom is in view under its heading.
    assert_eq!(line(&t, 3), "Unfiled requests");
    assert!(
        after_marks(&line(&t, 4)).starts_with("udbad7e   unfiled"),
        "{}",
        line(&t, 4)
    );

    // Going up to the first unfiled request from below keeps its heading.
    let mut source = sample();
    for n in 0..4 {
        let mut more = summary(
            None,
            "Another request",
            Status::Unfiled,
            Duration::hours(3 + n),
            Duration::hours(3 + n),
            1,
            &[],
        );
        more.id = IssueId::unfiled(&format!("<more-{n}@example.com>"));
        source.issues.push(more);
    }
    let mut app = start(&source, 80, 6);
    press(&mut app, &source, KeyCode::Char('G'));
    for _ in 0..4 {
        press(&mut app, &source, KeyCode::Char('k'));
    }
    assert_eq!(app.selected_id(), Some("unfiled:<request-1@example.com>"));
    let t = render(&app, 80, 6);
    assert_eq!(line(&t, 2), "Unfiled requests");
    assert!(
        after_marks(&line(&t, 3)).starts_with("udbad7e   unfiled         2h"),
        "{}",
        line(&t, 3)
    );
}

#[test]
fn a_reload_keeps_the_selected_issue_when_others_come_and_go() {
    let mut source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('j'));
    assert_eq!(app.selected_id(), Some("VSD-12401"));
    // The issue above it is resolved meanwhile and new ones arrive.
    source.issues.retain(|i| i.id != "VSD-12533");
    for (key, minutes) in [("VSD-12700", 5), ("VSD-12701", 9)] {
        source.issues.push(summary(
            Some(key),
            "Login fails",
            Status::AwaitingDesk,
            Duration::minutes(minutes),
            Duration::minutes(minutes),
            2,
            &[],
        ));
    }
    assert!(fulfil(&mut app, &source, Command::Reload));
    assert_eq!(app.selected_id(), Some("VSD-12401"));
    let t = render(&app, 80, 24);
    assert!(
        after_marks(&line(&t, 4)).starts_with("VSD-12401"),
        "{}",
        line(&t, 4)
    );
    assert!(
        t.backend().buffer()[(0, 4)]
            .modifier
            .contains(Modifier::REVERSED)
    );

    // When the selected issue itself goes, the selection stays in place.
    source.issues.retain(|i| i.id != "VSD-12401");
    assert!(fulfil(&mut app, &source, Command::Reload));
    assert_eq!(app.selected_id(), Some("VSD-12345"));
}

#[test]
fn a_reload_while_reading_an_issue_refreshes_it_and_keeps_the_place() {
    let mut source = sample();
    let mut app = open_12345(&source);
    for _ in 0..5 {
        press(&mut app, &source, KeyCode::Char('j'));
    }
    if let Some(d) = source.details.get_mut("VSD-12345") {
        d.status = Status::AwaitingTeam;
    }
    assert!(fulfil(&mut app, &source, Command::Reload));
    assert_eq!(app.screen(), Screen::Issue);
    assert_eq!(app.scroll(), 5);
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 0).starts_with("VSD-12345 awaiting-team "),
        "{}",
        line(&t, 0)
    );
}

#[test]
fn a_late_answer_for_an_issue_no_longer_shown_is_dropped() {
    let source = sample();
    let mut app = open_12345(&source);
    press(&mut app, &source, KeyCode::Esc);
    app.set_detail("VSD-12345", Ok(detail_12345()));
    assert_eq!(app.screen(), Screen::List);
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 5), "Unfiled requests");
}

#[test]
fn draft_keys_ask_the_runner_for_a_draft_of_the_right_issue() {
    use vsd::ui::DraftKind;
    let source = sample();
    let mut app = open_12345(&source);
    assert_eq!(
        app.update(Action::Reply),
        Some(Command::Draft(DraftKind::Reply, Some("VSD-12345".into())))
    );
    assert_eq!(
        app.update(Action::Escalate),
        Some(Command::Draft(
            DraftKind::Escalate,
            Some("VSD-12345".into())
        ))
    );
    assert_eq!(
        app.update(Action::NewRequest),
        Some(Command::Draft(DraftKind::NewRequest, None))
    );
    // A source that cannot draft leaves its reason in the footer.
    let cmd = app.update(Action::Reply).expect("a draft command");
    assert!(fulfil(&mut app, &source, cmd));
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 23).contains("drafting is not available here"),
        "{}",
        line(&t, 23)
    );
    // An unfiled request can be answered but not escalated.
    press(&mut app, &source, KeyCode::Esc);
    press(&mut app, &source, KeyCode::Char('G'));
    assert_eq!(app.update(Action::Escalate), None);
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 23).contains("select an issue first"),
        "{}",
        line(&t, 23)
    );
}

#[test]
fn progress_from_a_background_job_shows_in_the_footer() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    app.set_progress(Some("sync INBOX 120/900".into()));
    let t = render(&app, 80, 24);
    assert_eq!(
        line(&t, 23),
        "sync INBOX 120/900  j/k move · Enter open · / search · a all · ? help · q quit"
    );
    app.set_progress(None);
    let t = render(&app, 80, 24);
    assert!(line(&t, 23).starts_with("j/k move"), "{}", line(&t, 23));
}

#[test]
fn an_unfiled_request_opens_without_a_key_and_long_evidence_is_cut() {
    let mut source = sample();
    let evidence: Vec<String> = (1..=10).map(|n| format!("> quoted line {n}")).collect();
    source.details.insert(
        "unfiled:<request-1@example.com>".into(),
        IssueDetail {
            key: None,
            title: "Recurring agreement stuck in PENDING".into(),
            status: Status::Unfiled,
            messages: vec![message(
                Duration::hours(2),
                KARI,
                Role::Team,
                "Recurring agreement stuck in PENDING",
                "The agreement never leaves PENDING.",
                vec![flag(
                    "quoted-history",
                    "quotes 10 lines",
                    &evidence.join("\n"),
                    "\"do not quote all the previous messages\"",
                )],
                true,
            )],
            events: vec![],
            team: Default::default(),
            standing: None,
        },
    );
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('G'));
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app, 80, 24);
    let all = screen(&t);
    assert_eq!(all[0], "unfiled Recurring agreement stuck in PENDING");
    assert_eq!(
        all[1],
        "opened 2026-11-26 10:00 (2h) · last activity 2026-11-26 10:00 (2h) · 1 message"
    );
    assert_eq!(all[6], "  │ > quoted line 1");
    assert_eq!(all[11], "  │ > quoted line 6");
    assert_eq!(all[12], "  │ … 4 more lines");
    assert_eq!(all[14], "The agreement never leaves PENDING.");
    assert_eq!(all[15], "[quoted history folded]");
    assert_eq!(all[18], "(no events)");
}

fn key_code() -> impl proptest::strategy::Strategy<Value = KeyCode> {
    use proptest::prelude::*;
    prop_oneof![
        Just(KeyCode::Char('j')),
        Just(KeyCode::Char('k')),
        Just(KeyCode::Char('g')),
        Just(KeyCode::Char('G')),
        Just(KeyCode::Char('a')),
        Just(KeyCode::Char('?')),
        Just(KeyCode::Char('q')),
        Just(KeyCode::Char('x')),
        Just(KeyCode::Char('s')),
        Just(KeyCode::Char('S')),
        Just(KeyCode::Char('R')),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::PageDown),
        Just(KeyCode::PageUp),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any keys at any size, resized on the way: no panic, and the state
    /// stays consistent (a selected row exists, the text is scrolled within
    /// itself, the selected row is on screen).
    #[test]
    fn any_keys_at_any_size_keep_the_state_consistent(
        keys in proptest::collection::vec((key_code(), 0u16..90, 0u16..30), 1..40),
    ) {
        let source = sample();
        let mut app = start(&source, 80, 24);
        for (code, w, h) in keys {
            app.resize(w, h);
            if let Some(command) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
                && !fulfil(&mut app, &source, command) {
                    continue;
                }
            let t = render(&app, w, h);
            if app.screen() == Screen::List && !app.help_visible() && h >= 5 && w >= 9 {
                let id = app.selected_id().map(str::to_string);
                let key = id.as_deref().map(|id| if id.starts_with("unfiled:") { "udbad7e" } else { id });
                if let Some(key) = key {
                    let body: Vec<String> = (2..h - 1).map(|y| line(&t, y)).collect();
                    // The marks lead the row on a screen wide enough for them.
                    proptest::prop_assert!(
                        body.iter().any(|l| l.starts_with(key) || after_marks(l).starts_with(key)),
                        "{key} not in view at {w}x{h}: {body:#?}"
                    );
                }
            }
        }
    }

    /// Whatever a Subject holds, no control character or bidi override
    /// reaches a cell of the screen.
    #[test]
    fn no_subject_puts_control_characters_on_screen(title in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}\u{2066}-\u{2069}a-z ]{0,60}") {
        let mut source = sample();
        source.issues[1].title = title;
        let app = start(&source, 80, 24);
        let t = render(&app, 80, 24);
        for cell in t.backend().buffer().content() {
            let bad = cell.symbol().chars().any(|c| {
                c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            });
            proptest::prop_assert!(!bad, "{:?}", cell.symbol());
        }
    }
}

#[test]
fn a_request_without_a_key_is_listed_with_the_unfiled_whatever_its_status() {
    let mut source = sample();
    source.issues[2].status = Status::AwaitingDesk;
    let app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 5), "Unfiled requests");
    assert!(
        after_marks(&line(&t, 6)).starts_with("udbad7e   awaiting-desk"),
        "{}",
        line(&t, 6)
    );
    assert_eq!(line(&t, 7), "");
}

/// `f` filters the list as the user types: words in any case, each found in
/// the key, the title or the status; the footer shows the text and the count.
#[test]
fn f_filters_the_list_as_you_type() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('f'));
    assert!(app.typing_filter());
    // Keys that mean something in the list are text while typing.
    type_text(&mut app, &source, "Qa");
    assert_eq!(app.filter(), "Qa");
    assert_eq!(app.selected_id(), None);
    let t = render(&app, 80, 24);
    assert_eq!(
        line(&t, 2),
        "No issue matches \"Qa\". Esc clears the filter, a shows all."
    );
    assert_eq!(
        line(&t, 23),
        "filter: Qa   0 of 4 · Enter keeps · Esc clears"
    );
    press(&mut app, &source, KeyCode::Backspace);
    press(&mut app, &source, KeyCode::Backspace);
    type_text(&mut app, &source, "AWAITING desk");
    let t = render(&app, 80, 24);
    let rows: Vec<String> = screen(&t)[2..]
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect();
    assert!(after_marks(&rows[0]).starts_with("VSD-12533"), "{rows:?}");
    assert!(after_marks(&rows[1]).starts_with("VSD-12345"), "{rows:?}");
    assert_eq!(
        rows[2],
        "filter: AWAITING desk   2 of 4 · Enter keeps · Esc clears"
    );
    // Arrows still move while typing.
    press(&mut app, &source, KeyCode::Down);
    assert_eq!(app.selected_id(), Some("VSD-12345"));
    press(&mut app, &source, KeyCode::Enter);
    assert!(!app.typing_filter());
    assert_eq!(
        app.screen(),
        Screen::List,
        "Enter ends typing, it opens nothing"
    );
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    assert_eq!(
        line(&t, 23),
        "filter \"AWAITING desk\": 2 of 4 · Esc clears · f edits · Enter open"
    );
    // With the filter kept, the keys are the list's again.
    press(&mut app, &source, KeyCode::Char('k'));
    assert_eq!(app.selected_id(), Some("VSD-12533"));
    press(&mut app, &source, KeyCode::Char('j'));
    press(&mut app, &source, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Issue);
    press(&mut app, &source, KeyCode::Esc);
    assert_eq!(
        app.filter(),
        "AWAITING desk",
        "back from an issue keeps the filter"
    );
    press(&mut app, &source, KeyCode::Esc);
    assert_eq!(app.filter(), "");
    assert_eq!(app.selected_id(), Some("VSD-12345"));
    let t = render(&app, 80, 24);
    assert!(
        screen(&t)
            .iter()
            .any(|l| after_marks(l).starts_with("VSD-12401"))
    );
}

/// Keys and titles match in any case, unfiled requests by their Subject; a
/// reload (new mail) keeps the filter; Esc while typing drops it.
#[test]
fn the_filter_survives_a_reload_and_esc_drops_it() {
    let mut source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('f'));
    type_text(&mut app, &source, "vsd-124");
    let ids: Vec<String> = app_ids(&app);
    assert_eq!(ids, ["VSD-12401"]);
    press(&mut app, &source, KeyCode::Enter);
    source.issues.push(summary(
        Some("VSD-12499"),
        "New issue",
        Status::AwaitingDesk,
        Duration::hours(1),
        Duration::hours(1),
        1,
        &[],
    ));
    assert!(fulfil(&mut app, &source, Command::Reload));
    assert_eq!(app_ids(&app), ["VSD-12499", "VSD-12401"]);
    assert_eq!(app.selected_id(), Some("VSD-12401"));
    press(&mut app, &source, KeyCode::Char('f'));
    press(&mut app, &source, KeyCode::Esc);
    assert!(!app.typing_filter());
    assert_eq!(app.filter(), "");
    assert_eq!(app_ids(&app).len(), 5);
    press(&mut app, &source, KeyCode::Char('f'));
    type_text(&mut app, &source, "recurring");
    assert_eq!(app_ids(&app), ["unfiled:<request-1@example.com>"]);
}

/// A list row without its two columns of marks and the space after them.
fn after_marks(l: &str) -> &str {
    l.get(3..).unwrap_or("")
}

/// An unfiled request's short id as the list shows it.
fn is_short_id(k: &str) -> bool {
    k.len() == 7 && k.starts_with('u') && k[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn app_ids(app: &App) -> Vec<String> {
    let t = render(app, 80, 24);
    let keys: Vec<String> = screen(&t)
        .iter()
        .skip(2)
        // Each row starts with two columns of marks.
        .filter_map(|l| l.get(2..)?.split_whitespace().next().map(str::to_string))
        .filter(|k| k.starts_with("VSD-") || is_short_id(k))
        .collect();
    keys.into_iter()
        .map(|k| {
            if is_short_id(&k) {
                "unfiled:<request-1@example.com>".to_string()
            } else {
                k
            }
        })
        .collect()
}

/// What the user types reaches the screen only as placeholders, like mail.
#[test]
fn a_typed_filter_cannot_send_control_sequences() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('f'));
    type_text(&mut app, &source, "a\u{1b}b\u{202e}c\u{9b}");
    let t = render(&app, 80, 24);
    let footer = line(&t, 23);
    assert!(footer.starts_with("filter: ab"), "{footer}");
    assert!(
        !footer.contains('\u{1b}') && !footer.contains('\u{202e}') && !footer.contains('\u{9b}'),
        "{footer:?}"
    );
}

/// A source whose issues can be closed and reopened, as the store does it.
struct Closable {
    inner: Memory,
    states: std::cell::RefCell<HashMap<String, Status>>,
}

impl IssueSource for Closable {
    fn list(&self, all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        let states = self.states.borrow();
        Ok(self
            .inner
            .list(true)?
            .into_iter()
            .map(|mut i| {
                if let Some(s) = states.get(i.id.as_str()) {
                    i.status = *s;
                }
                i
            })
            .filter(|i| all || i.status.is_open())
            .collect())
    }

    fn detail(&self, id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        let mut d = self.inner.detail(id)?;
        if let Some(s) = self.states.borrow().get(id.as_str()) {
            d.status = *s;
        }
        Ok(d)
    }

    fn set_state(&self, id: &vsd::issues::IssueId, close: bool) -> anyhow::Result<String> {
        let status = if close {
            Status::Closed
        } else {
            Status::AwaitingDesk
        };
        self.states.borrow_mut().insert(id.to_string(), status);
        Ok(format!("{id} is {}", status.as_str()))
    }
}

/// `c` closes the selected issue (or the one in view) and `o` reopens it:
/// the runner asks the source, says what happened in the footer and shows
/// the list as it now is. An unfiled request has no number to close.
#[test]
fn c_closes_and_o_reopens_from_the_list_and_the_issue_view() {
    let source = Closable {
        inner: sample(),
        states: Default::default(),
    };
    let mut app = App::new("demo mailbox", now(), utc(), Keymap::default());
    app.resize(80, 24);
    assert!(fulfil(&mut app, &source, Command::Reload));
    assert_eq!(app.selected_id(), Some("VSD-12533"));
    // `c` asks first; `y` closes.
    let asked = app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(asked, None);
    assert_eq!(line(&render(&app, 80, 24), 23), "Close VSD-12533? y/n");
    let command = app.handle_key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE));
    assert_eq!(
        command,
        Some(Command::SetState {
            id: "VSD-12533".into(),
            close: true
        })
    );
    assert!(fulfil(&mut app, &source, command.expect("a command")));
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 23), "VSD-12533 is closed");
    assert!(
        !screen(&t)[..23]
            .iter()
            .any(|l| after_marks(l).starts_with("VSD-12533")),
        "closed issues leave the open list"
    );
    assert_eq!(app.selected_id(), Some("VSD-12401"));

    press(&mut app, &source, KeyCode::Char('a'));
    let t = render(&app, 80, 24);
    assert!(
        screen(&t)
            .iter()
            .any(|l| after_marks(l).starts_with("VSD-12533 closed")),
        "{:?}",
        screen(&t)
    );
    // From the issue view: the view shows the new status at once.
    press(&mut app, &source, KeyCode::Char('j'));
    press(&mut app, &source, KeyCode::Enter);
    assert_eq!(app.detail_id(), Some("VSD-12345"));
    press(&mut app, &source, KeyCode::Char('c'));
    press(&mut app, &source, KeyCode::Char('y'));
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 0).starts_with("VSD-12345 closed"),
        "{}",
        line(&t, 0)
    );
    press(&mut app, &source, KeyCode::Char('o'));
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 0).starts_with("VSD-12345 awaiting-desk"),
        "{}",
        line(&t, 0)
    );
    assert_eq!(line(&t, 23), "VSD-12345 is awaiting-desk");

    press(&mut app, &source, KeyCode::Esc);
    press(&mut app, &source, KeyCode::Char('G'));
    assert_eq!(app.selected_id(), Some("unfiled:<request-1@example.com>"));
    let command = app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(command, None);
    let t = render(&app, 80, 24);
    assert_eq!(
        line(&t, 23),
        "an unfiled request has no issue number to close yet"
    );
}

/// A source that cannot change anything says so in the footer.
#[test]
fn closing_where_it_is_not_available_says_so() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    press(&mut app, &source, KeyCode::Char('c'));
    press(&mut app, &source, KeyCode::Char('y'));
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 23), "closing issues is not available here");
}

#[test]
fn partial_message_says_so_and_how_to_fetch_it_whole() {
    let mut source = sample();
    let mut d = detail_12345();
    d.messages[0].partial_size = Some(200 << 20);
    d.messages[0].message_id = "big-logs@example.com".into();
    source.details.insert("VSD-12345".into(), d);
    let app = open_12345(&source);
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 3), format!("Subject: {TITLE}"));
    assert_eq!(
        line(&t, 4),
        "(partial: 200 MB, only the header downloaded; vsd fetch 'big-logs@example.com'"
    );
    assert_eq!(line(&t, 5), "gets it whole)");
}

fn team_view(assignee: Option<&str>, notes: &[(&str, &str)], conflict: bool) -> TeamView {
    TeamView {
        assignee: assignee.map(str::to_string),
        notes: notes
            .iter()
            .enumerate()
            .map(|(i, (author, text))| NoteView {
                at: now() - Duration::hours(5 - i as i64),
                author: author.to_string(),
                text: text.to_string(),
            })
            .collect(),
        links: vec![LinkView {
            key: "VSD-12401".into(),
            kind: "relates".into(),
        }],
        conflict,
        conflicts: if conflict {
            vec!["assignee: kari@example.com by kari@example.com or ola@example.com by ola@example.com".into()]
        } else {
            Vec::new()
        },
    }
}

/// What the team did shows in the list (who, `+` notes, `*` conflict) and
/// in the issue view (assignee, conflict, links, notes with author and
/// time); a list where the team did nothing has no such column.
#[test]
fn team_state_shows_in_the_list_and_the_issue_view() {
    let mut source = sample();
    for i in &mut source.issues {
        match i.id.as_str() {
            "VSD-12345" => {
                i.team = team_view(Some("kari@example.com"), &[("ola@example.com", "x")], true)
            }
            "VSD-12401" => i.team = team_view(Some("ola@example.com"), &[], false),
            _ => {}
        }
    }
    let mut d = detail_12345();
    d.team = team_view(
        Some("kari@example.com"),
        &[
            ("ola@example.com", "Asked the merchant for the logs."),
            ("kari@example.com", "Got them.\n\u{1b}[2J second line"),
        ],
        true,
    );
    source.details.insert("VSD-12345".into(), d);
    let app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!("team_list", t.backend());
    let all = screen(&t);
    assert!(all[1].contains(" who    title"), "{:?}", all[1]);
    assert!(
        all.iter()
            .any(|l| after_marks(l).starts_with("VSD-12345") && l.contains(" kari+* ")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|l| after_marks(l).starts_with("VSD-12401") && l.contains(" ola    ")),
        "{all:#?}"
    );

    let app = open_12345(&source);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!("team_issue", t.backend());
    let all = screen(&t).join("\n");
    for expected in [
        "── Team ─",
        "assigned to kari@example.com",
        "* conflict: assignee: kari@example.com by kari@example.com or ola@example.com by",
        "link: relates VSD-12401",
        "+ note · 2026-11-26 07:00 · ola@example.com",
        "  │ Asked the merchant for the logs.",
        "  │ Got them.",
    ] {
        assert!(all.contains(expected), "{expected:?} missing in\n{all}");
    }
    assert!(!all.contains('\u{1b}'), "{all}");

    // Nothing from the team: no column.
    let plain = sample();
    let t = render(&start(&plain, 80, 24), 80, 24);
    assert!(!line(&t, 1).contains("who"), "{}", line(&t, 1));
}

/// The team keys ask the runner for the action on the right issue; the
/// prompts take a line, Enter gives it, Esc drops it.
#[test]
fn team_keys_assign_note_and_link_through_prompts() {
    let source = sample();
    let mut app = start(&source, 80, 24);
    let key =
        |app: &mut App, code: KeyCode| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    let selected = app.selected_id().map(str::to_string).expect("selected");
    assert_eq!(
        key(&mut app, KeyCode::Char('m')),
        Some(Command::Team {
            id: selected.clone().into(),
            action: TeamAction::AssignMe
        })
    );
    assert_eq!(
        key(&mut app, KeyCode::Char('M')),
        Some(Command::Team {
            id: selected.clone().into(),
            action: TeamAction::Unassign
        })
    );
    let typed = |app: &mut App, opener: char, text: &str| {
        assert_eq!(key(app, KeyCode::Char(opener)), None);
        for c in text.chars() {
            assert_eq!(
                key(app, KeyCode::Char(c)),
                None,
                "{c:?} is text in a prompt"
            );
        }
        key(app, KeyCode::Enter)
    };
    assert_eq!(
        typed(&mut app, '+', "venter på logger"),
        Some(Command::Team {
            id: selected.clone().into(),
            action: TeamAction::Note("venter på logger".into())
        })
    );
    assert_eq!(
        typed(&mut app, 'A', "per@example.com"),
        Some(Command::Team {
            id: selected.clone().into(),
            action: TeamAction::AssignTo("per@example.com".into())
        })
    );
    assert_eq!(
        typed(&mut app, 'L', "!VSD-12401"),
        Some(Command::Team {
            id: selected.clone().into(),
            action: TeamAction::Link("VSD-12401".into(), true)
        })
    );
    // The prompt shows in the footer while typed; Esc drops it.
    assert_eq!(key(&mut app, KeyCode::Char('+')), None);
    assert_eq!(key(&mut app, KeyCode::Char('q')), None);
    let t = render(&app, 80, 24);
    assert!(line(&t, 23).starts_with("note: q▏"), "{}", line(&t, 23));
    assert_eq!(key(&mut app, KeyCode::Esc), None);
    assert!(app.prompt().is_none());
    // Without a source that acts, the footer says so.
    press(&mut app, &source, KeyCode::Char('m'));
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 23), "team actions are not available here");
}

/// Issue 12's list: what waits on us, what is overdue, what has new mail.
fn triage_sample() -> Memory {
    let d = Duration::days;
    let h = Duration::hours;
    let mut overdue = summary(
        Some("VSD-601"),
        "Login loops",
        Status::AwaitingDesk,
        d(10),
        d(10),
        2,
        &[],
    );
    overdue.new_mail = true;
    let issues = vec![
        summary(
            Some("VSD-600"),
            "Capture fails",
            Status::AwaitingTeam,
            d(18),
            d(15),
            3,
            &[],
        ),
        overdue,
        summary(
            Some("VSD-602"),
            "Refund slow",
            Status::AwaitingDesk,
            d(2),
            d(2),
            2,
            &[],
        ),
        summary(None, "Nobody answered", Status::Unfiled, d(4), d(4), 1, &[]),
        summary(
            Some("VSD-603"),
            "Old problem",
            Status::Resolved,
            d(18),
            d(8),
            3,
            &[],
        ),
        summary(
            Some("VSD-9"),
            "Small key",
            Status::AwaitingDesk,
            h(30),
            h(30),
            1,
            &[],
        ),
    ];
    Memory {
        issues,
        details: HashMap::new(),
    }
}

#[test]
fn the_list_shows_waiting_days_marks_and_what_is_on_us_and_overdue() {
    let source = triage_sample();
    let app = start(&source, 80, 24);
    let t = render(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    assert_eq!(
        line(&t, 0),
        "vsd · demo mailbox        open: 3 awaiting desk, 1 overdue · 1 on us · 1 unfiled"
    );
    assert_eq!(
        line(&t, 1),
        "   key     status         age last wait msgs flags title (by last)"
    );
    // Newest activity first; the marks lead each row.
    let rows: Vec<String> = (2..6).map(|y| line(&t, y)).collect();
    assert_eq!(
        rows,
        [
            "   VSD-9   awaiting-desk   1d   1d   1d    1       Small key",
            "   VSD-602 awaiting-desk   2d   2d   2d    2       Refund slow",
            "*! VSD-601 awaiting-desk  10d  10d  10d    2       Login loops",
            " > VSD-600 awaiting-team   2w   2w  15d    3       Capture fails",
        ]
    );
    let buf = t.backend().buffer();
    // The overdue mark and days are bold red; waiting on us red.
    assert_eq!(buf[(1, 4)].fg, Color::Red);
    assert!(buf[(1, 4)].modifier.contains(Modifier::BOLD));
    assert_eq!(buf[(1, 5)].fg, Color::Red);
    assert!(!buf[(1, 5)].modifier.contains(Modifier::BOLD));
    assert_eq!(line(&t, 6), "Unfiled requests");
    assert!(line(&t, 7).contains("Nobody answered"));
    assert!(
        line(&t, 7).starts_with("   u"),
        "the short id: {}",
        line(&t, 7)
    );
}

#[test]
fn s_cycles_the_sort_and_shift_s_reverses_it() {
    let source = triage_sample();
    let mut app = start(&source, 80, 24);
    let keys = |app: &App| -> Vec<String> {
        app_ids(app)
            .into_iter()
            .filter(|i| !i.starts_with("unfiled:"))
            .collect()
    };
    assert_eq!(keys(&app), ["VSD-9", "VSD-602", "VSD-601", "VSD-600"]);
    press(&mut app, &source, KeyCode::Char('s'));
    assert_eq!(app.sort().0, vsd::issues::listing::SortKey::Waiting);
    assert_eq!(keys(&app), ["VSD-600", "VSD-601", "VSD-602", "VSD-9"]);
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 23), "sorted by waiting");
    assert!(
        line(&t, 1).ends_with("title (by waiting)"),
        "{}",
        line(&t, 1)
    );
    press(&mut app, &source, KeyCode::Char('S'));
    assert_eq!(keys(&app), ["VSD-9", "VSD-602", "VSD-601", "VSD-600"]);
    let t = render(&app, 80, 24);
    assert!(
        line(&t, 1).ends_with("title (by waiting, reversed)"),
        "{}",
        line(&t, 1)
    );
    press(&mut app, &source, KeyCode::Char('S'));
    press(&mut app, &source, KeyCode::Char('s'));
    assert_eq!(app.sort().0, vsd::issues::listing::SortKey::Opened);
    assert_eq!(keys(&app), ["VSD-9", "VSD-602", "VSD-601", "VSD-600"]);
    press(&mut app, &source, KeyCode::Char('s'));
    assert_eq!(keys(&app), ["VSD-9", "VSD-600", "VSD-601", "VSD-602"]);
    press(&mut app, &source, KeyCode::Char('s'));
    assert_eq!(app.sort().0, vsd::issues::listing::SortKey::Last);
    // The selection follows its issue through a re-sort.
    press(&mut app, &source, KeyCode::Char('j'));
    let chosen = app.selected_id().map(str::to_string);
    press(&mut app, &source, KeyCode::Char('s'));
    assert_eq!(app.selected_id().map(str::to_string), chosen);
}

#[test]
fn shift_r_reloads_the_list() {
    let source = triage_sample();
    let mut app = start(&source, 80, 24);
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Char('R'), KeyModifiers::NONE)),
        Some(Command::Reload)
    );
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)),
        Some(Command::Reload)
    );
    let t = render(&app, 80, 24);
    assert_eq!(line(&t, 23), "reloaded");
}

/// The issue view's log keeps its columns whatever the kinds: the detail
/// starts in one column, and a long one wraps under itself.
#[test]
fn the_log_in_the_issue_view_keeps_its_columns() {
    let mut source = sample();
    let d = source.details.get_mut("VSD-12345").expect("detail");
    let ev = |days: i64, kind: &str, detail: &str| Event {
        at: now() - Duration::days(days),
        key: Some("VSD-12345".into()),
        kind: vsd::issues::EventKind::parse(kind).expect("a kind"),
        detail: detail.into(),
    };
    d.events = vec![
        ev(9, "opened", "opened: Betaling feiler"),
        ev(
            8,
            "team-replied",
            "Ola Nordmann <ola@example.com> wrote: Re: [VSD-12345] Betaling feiler for ordre",
        ),
        ev(7, "relabelled", "short"),
        ev(
            6,
            "other-wrote",
            "Vipps Service Desk <noreply-servicedesk@vipps.no> (neither [desk] nor [team]) wrote: status changed",
        ),
    ];
    let mut app = open_12345(&source);
    press(&mut app, &source, KeyCode::Char('G'));
    let t = render(&app, 80, 24);
    let lines = screen(&t);
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {lines:#?}"))
    };
    let rows = [
        at("opened: Betaling"),
        at("Ola Nordmann <ola"),
        at(" short"),
        at("Vipps Service Desk"),
    ];
    let starts: Vec<usize> = [
        ("opened: Betaling", rows[0]),
        ("Ola Nordmann", rows[1]),
        ("short", rows[2]),
        ("Vipps Service Desk", rows[3]),
    ]
    .iter()
    .map(|(n, y)| lines[*y].find(n).expect("found"))
    .collect();
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{lines:#?}"
    );
    // "2026-11-17 12:00  team-replied " is 31 columns: the detail's column.
    assert_eq!(starts[0], 31, "{lines:#?}");
    // The wrapped rest of a long detail starts under the detail.
    let cont = &lines[rows[3] + 1];
    assert!(
        cont.starts_with(&" ".repeat(31)) && !cont.trim().is_empty(),
        "{lines:#?}"
    );
}
