//! Colours: `[theme]` sets any element (a colour name, `#rrggbb`, `on` a
//! background, modifiers), a bad value is a config error naming its file
//! and line, `NO_COLOR` leaves no colour at all (bold and reverse stay), and
//! the defaults draw nothing that matters in dark grey or yellow. Cell
//! styles on the TestBackend, and the escapes a real terminal gets in tmux.

use chrono::{Duration, FixedOffset};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use vsd::config::Config;
use vsd::issues::RuleId;
use vsd::issues::model::{FlagView, IssueDetail, IssueSummary, MessageView, Role, Status};
use vsd::ui::theme::Theme;
use vsd::ui::{App, Command, IssueSource, Keymap, fulfil, view};

use crate::common::{self, Home, Mail};
use crate::support::tmux::{Tmux, require_tmux};
use crate::support::tui::now;

struct Memory;

fn summary(key: &str, status: Status, flags: &[&str]) -> IssueSummary {
    let title = format!("Title of {key}");
    let (opened, last) = (Duration::days(9), Duration::days(8));
    let base = crate::support::tui::summary(Some(key), &title, status, opened, last, flags);
    IssueSummary {
        message_count: 2,
        overdue: base.waiting_on == Some(Role::Desk),
        new_mail: true,
        ..base
    }
}

impl IssueSource for Memory {
    fn list(&self, _all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        Ok(vec![
            summary("VSD-1", Status::AwaitingDesk, &["quoted-history"]),
            summary("VSD-2", Status::AwaitingTeam, &[]),
        ])
    }
    fn detail(&self, _id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        let flag = FlagView {
            rule: RuleId::QuotedHistory,
            detail: "quotes 1 earlier message".into(),
            evidence: "> old text".into(),
            explanation: "\"do not quote all the previous messages\"".into(),
        };
        Ok(IssueDetail {
            key: Some("VSD-1".into()),
            title: "Title of VSD-1".into(),
            status: Status::AwaitingDesk,
            messages: vec![MessageView {
                message_id: "m1@example.com".into(),
                date: now() - Duration::days(9),
                from: "Ola <ola@example.com>".into(),
                to: vec!["integration@vipps.no".into()],
                cc: vec![],
                role: Role::Team,
                subject: "Title of VSD-1".into(),
                flags: vec![flag.rule],
                new_text: "Still failing.".into(),
                flag_details: vec![flag],
                quoted: true,
                gone: false,
                partial_size: None,
                attachments: vec![],
            }],
            events: vec![],
            team: Default::default(),
            standing: None,
        })
    }
}

fn app(theme: Theme) -> App {
    let tz = FixedOffset::east_opt(0).expect("utc");
    let mut app = App::new("theme", now(), tz, Keymap::default());
    app.set_theme(theme);
    app.resize(100, 12);
    assert!(fulfil(&mut app, &Memory, Command::Reload));
    app
}

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(100, 12)).expect("terminal");
    t.draw(|f| view::draw(f, app)).expect("draw");
    t
}

fn open(app: &mut App) {
    if let Some(c) = app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)) {
        assert!(fulfil(app, &Memory, c));
    }
}

/// Every cell's (symbol, fg, bg, modifier) on screen.
fn cells(t: &Terminal<TestBackend>) -> Vec<(String, Color, Color, Modifier)> {
    t.backend()
        .buffer()
        .content()
        .iter()
        .map(|c| (c.symbol().to_string(), c.fg, c.bg, c.modifier))
        .collect()
}

fn theme_of(toml: &str) -> Theme {
    let cfg = Config::parse_str(toml, "config.toml").expect("config");
    Theme::new(&cfg.theme, false)
}

#[test]
fn theme_sets_the_colour_of_each_element() {
    let theme = theme_of(
        "[theme]\nkey = \"#ff0000\"\nstatus_awaiting_team = \"bold green on #000080\"\nselected = \"underline\"\n",
    );
    let t = render(&app(theme));
    let buf = t.backend().buffer();
    // Row 2 is selected (the first row); the two issues' rows by key.
    let row = |y: u16| -> String { (0..100).map(|x| buf[(x, y)].symbol().to_string()).collect() };
    let sel = 2;
    let (team_y, desk_y) = if row(2).contains("VSD-2") {
        (2, 3)
    } else {
        (3, 2)
    };
    let other = desk_y;
    let key_x = row(desk_y).find("VSD-1").expect("VSD-1") as u16;
    assert_eq!(buf[(key_x, desk_y)].fg, Color::Rgb(255, 0, 0));
    let status_x = row(team_y).find("awaiting-team").expect("status") as u16;
    let c = &buf[(status_x, team_y)];
    assert_eq!((c.fg, c.bg), (Color::Green, Color::Rgb(0, 0, 128)));
    assert!(c.modifier.contains(Modifier::BOLD));
    // The selection is underlined, not reversed, as the theme says.
    assert!(buf[(0, sel)].modifier.contains(Modifier::UNDERLINED));
    assert!(!buf[(0, sel)].modifier.contains(Modifier::REVERSED));
    // Elements left out keep their defaults.
    let desk_x = row(other).find("awaiting-desk").expect("status") as u16;
    assert_eq!(
        Some(buf[(desk_x, other)].fg),
        Theme::default().status(Status::AwaitingDesk).fg
    );
}

#[test]
fn a_bad_colour_or_element_is_a_config_error_with_its_line() {
    for (text, line, words) in [
        (
            "[desk]\nissue_pattern = \"VSD-[0-9]+\"\n\n[theme]\nkey = \"reddish\"\n",
            5,
            "\"reddish\" in \"reddish\" is not a colour",
        ),
        (
            "[theme]\nflag = \"red\"\ntitel = \"blue\"\n",
            3,
            "[theme] has no element \"titel\": the elements are title, heading, key",
        ),
        ("[theme]\n\nflag = \"bold on\"\n", 3, "ends with \"on\""),
        (
            "[theme]\nflag = \"red blue\"\n",
            2,
            "names two text colours",
        ),
        ("[theme]\nflag = \"#12345\"\n", 2, "is not a colour"),
    ] {
        let err = match Config::parse_str(text, "/home/ola/.config/vsd/config.toml") {
            Ok(_) => panic!("accepted {text:?}"),
            Err(e) => e.to_string(),
        };
        assert!(
            err.starts_with(&format!("/home/ola/.config/vsd/config.toml:{line}: ")),
            "{err}"
        );
        assert!(err.contains(words), "{err}");
    }
    // Names, light- and bright- names, palette numbers and #rrggbb are colours.
    theme_of(
        "[theme]\nkey = \"light-blue\"\nflag = \"bright-magenta\"\nquote = \"244\"\ntitle = \"#A0b0C0 on black bold\"\n",
    );
}

#[test]
fn no_color_draws_no_colour_at_all_but_keeps_bold_and_reverse() {
    let theme = Theme::new(
        &Config::parse_str("[theme]\nkey = \"#ff0000\"\n", "c")
            .expect("config")
            .theme,
        true,
    );
    let mut app = app(theme);
    for screen in 0..2 {
        let t = render(&app);
        for (sym, fg, bg, _) in cells(&t) {
            assert_eq!(
                (fg, bg),
                (Color::Reset, Color::Reset),
                "{sym:?} on screen {screen}"
            );
        }
        let buf = t.backend().buffer();
        if screen == 0 {
            assert!(
                buf[(0, 2)].modifier.contains(Modifier::REVERSED),
                "selection"
            );
        } else {
            // A flag still stands out, by weight.
            let y = (0..12)
                .find(|&y| {
                    (0..100)
                        .map(|x| buf[(x, y)].symbol().to_string())
                        .collect::<String>()
                        .starts_with("⚑ Q quoted-history")
                })
                .expect("the flag line");
            assert!(buf[(2, y)].modifier.contains(Modifier::BOLD));
        }
        open(&mut app);
    }
}

#[test]
fn defaults_draw_nothing_that_matters_in_dark_grey_or_yellow() {
    let mut app = app(Theme::default());
    for _ in 0..2 {
        let t = render(&app);
        for (sym, fg, bg, _) in cells(&t) {
            if sym.trim().is_empty() {
                continue;
            }
            for c in [fg, bg] {
                assert!(
                    !matches!(
                        c,
                        Color::DarkGray | Color::Gray | Color::Yellow | Color::LightYellow
                    ),
                    "{sym:?} in {c:?}"
                );
            }
        }
        // Secondary text is dimmed by the terminal, in its own shade.
        assert!(
            t.backend().buffer()[(0, 11)]
                .modifier
                .contains(Modifier::DIM)
        );
        open(&mut app);
    }
}

/// SGR parameters in `screen` (tmux `capture-pane -e`) that set a colour.
fn colour_codes(screen: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = screen;
    while let Some(i) = rest.find("\u{1b}[") {
        rest = &rest[i + 2..];
        let end = rest.find('m').unwrap_or(0);
        let params = &rest[..end];
        if params.chars().all(|c| c.is_ascii_digit() || c == ';') {
            for n in params.split(';') {
                let n: u32 = n.parse().unwrap_or(0);
                match n {
                    30..=37 | 40..=47 | 90..=97 | 100..=107 => out.push(n.to_string()),
                    38 | 48 => {
                        out.push(params.to_string());
                        break;
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn a_real_terminal_gets_the_theme_colours_and_none_with_no_color() {
    if !require_tmux() {
        return;
    }
    let home = Home::new();
    let config = format!("{}\n[theme]\nkey = \"#ff0000\"\n", common::CONFIG);
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    common::write_mbox(
        &home.path("mail.mbox"),
        &[
            Mail::new(
                "r1@example.com",
                "Mon, 2 Mar 2026 09:00:00 +0100",
                "Ola <ola@example.com>",
                "Refund fails",
            )
            .to("integration@vipps.no"),
            Mail::new(
                "a1@vipps.no",
                "Mon, 2 Mar 2026 09:01:00 +0100",
                "Vipps Integration <integration@vipps.no>",
                "[VSD-31] Refund fails",
            )
            .reply("r1@example.com", &["r1@example.com"]),
        ],
    );
    home.vsd()
        .arg("import")
        .arg(home.path("mail.mbox"))
        .assert()
        .success();
    let cfg = home.path("config.toml");
    let db = home.path("vsd.db");
    for no_color in ["", "1"] {
        let env = format!("NO_COLOR={no_color}");
        let tmux = Tmux::start(&[
            "env",
            &env,
            env!("CARGO_BIN_EXE_vsd"),
            "--config",
            cfg.to_str().expect("path"),
            "--db",
            db.to_str().expect("path"),
        ]);
        tmux.wait_for("the list", |s| s.contains("VSD-31"));
        let out = tmux.run(&["capture-pane", "-p", "-e", "-t", "vsd"]);
        let escaped = String::from_utf8_lossy(&out.stdout).into_owned();
        let codes = colour_codes(&escaped);
        if no_color.is_empty() {
            // An empty NO_COLOR is as none: the theme's red key.
            assert!(
                codes.iter().any(|c| c.contains("38;2;255;0;0")),
                "{codes:?}"
            );
        } else {
            assert!(codes.is_empty(), "colours with NO_COLOR: {codes:?}");
            assert!(
                escaped.contains("\u{1b}[7m") || escaped.contains(";7m"),
                "the selection is reversed"
            );
        }
        tmux.keys(&["q"]);
    }
}

#[test]
fn a_search_match_is_drawn_in_the_theme_match_style() {
    use ratatui::text::Line;
    use vsd::ui::theme::Element;
    let theme = theme_of("[theme]\nmatch = \"black on #ffd700\"\n");
    let needles: Vec<_> = vsd::text::highlight::Needle::new("refund", false)
        .into_iter()
        .collect();
    let line = view::highlight(
        Line::raw("Refund fails for refunds"),
        &needles,
        theme.get(Element::Match),
    );
    let styled: Vec<(String, Option<Color>)> = line
        .spans
        .iter()
        .map(|s| (s.content.to_string(), s.style.bg))
        .collect();
    assert_eq!(
        styled,
        [
            ("Refund".to_string(), Some(Color::Rgb(255, 215, 0))),
            (" fails for refunds".to_string(), None),
        ]
    );
    // The default: reversed and bold, no colour of its own.
    let d = Theme::default().get(Element::Match);
    assert!(d.add_modifier.contains(Modifier::REVERSED | Modifier::BOLD));
    assert_eq!((d.fg, d.bg), (None, None));
}
