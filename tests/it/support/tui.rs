//! The TUI's test bench: a fixed now and zone, an app started on a source,
//! keys pressed through `fulfil` as the runner does, and the screen drawn
//! on a `TestBackend` and read back row by row.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;
use vsd::app::Paths;
use vsd::config::Config;
use vsd::issues::RuleId;
use vsd::issues::model::{IssueId, IssueSummary, Status};
use vsd::store::Store;
use vsd::ui::{App, Command, IssueSource, Keymap, fulfil, view};

use crate::common::Home;

/// The moment the TUI tests take for now: ages and waits are counted from it.
pub fn now() -> DateTime<Utc> {
    match Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0) {
        chrono::LocalResult::Single(t) => t,
        _ => panic!("fixed date is valid"),
    }
}

/// The zone the TUI tests show times in.
pub fn utc() -> FixedOffset {
    match FixedOffset::east_opt(0) {
        Some(tz) => tz,
        None => panic!("zero offset is valid"),
    }
}

/// An app titled `title` at `w`×`h` with the default keys, the list loaded
/// from `source`.
pub fn start_sized(source: &dyn IssueSource, title: &str, w: u16, h: u16) -> App {
    start_with(source, title, Keymap::default(), w, h)
}

/// [`start_sized`] with `keymap`.
pub fn start_with(source: &dyn IssueSource, title: &str, keymap: Keymap, w: u16, h: u16) -> App {
    let mut app = App::new(title, now(), utc(), keymap);
    app.resize(w, h);
    assert!(fulfil(&mut app, source, Command::Reload));
    app
}

/// Presses `code` with `mods`, and carries out what the app asks of the
/// source; quitting is a failure.
pub fn key(app: &mut App, source: &dyn IssueSource, code: KeyCode, mods: KeyModifiers) {
    if let Some(command) = app.handle_key(KeyEvent::new(code, mods)) {
        assert!(fulfil(app, source, command), "{code:?} quit");
    }
}

/// Presses `code` alone.
pub fn press(app: &mut App, source: &dyn IssueSource, code: KeyCode) {
    key(app, source, code, KeyModifiers::NONE);
}

/// Types `text` one character a key.
pub fn type_text(app: &mut App, source: &dyn IssueSource, text: &str) {
    for c in text.chars() {
        press(app, source, KeyCode::Char(c));
    }
}

/// The app drawn on a `w`×`h` test terminal.
pub fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => panic!("test terminal: {e}"),
    };
    if let Err(e) = terminal.draw(|frame| view::draw(frame, app)) {
        panic!("draw: {e}");
    }
    terminal
}

/// The app drawn at 80×24, the size of the snapshots.
pub fn render_80x24(app: &App) -> Terminal<TestBackend> {
    render(app, 80, 24)
}

/// Row `y` of the screen as the terminal shows it (a wide character once).
pub fn line(terminal: &Terminal<TestBackend>, y: u16) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol();
        out.push_str(sym);
        x += (UnicodeWidthStr::width(sym) as u16).max(1);
    }
    out.trim_end().to_string()
}

/// Every row of the screen.
pub fn screen(terminal: &Terminal<TestBackend>) -> Vec<String> {
    (0..terminal.backend().buffer().area.height)
        .map(|y| line(terminal, y))
        .collect()
}

/// A list row: the issue `key` (or, with none, the unfiled request
/// `<request-1@example.com>`) in `status`, opened `opened` before [`now`]
/// and last active `last` before it, raising `flags`; who it waits on
/// follows from the status, since its last activity. One message, nothing
/// overdue, no new mail: callers change what their screens need.
pub fn summary(
    key: Option<&str>,
    title: &str,
    status: Status,
    opened: Duration,
    last: Duration,
    flags: &[&str],
) -> IssueSummary {
    let (waiting_on, _) = vsd::issues::model::waiting(status, None, None);
    let id = match key {
        Some(k) => IssueId::key(k),
        None => IssueId::unfiled("<request-1@example.com>"),
    };
    IssueSummary {
        short_id: id.short_id(),
        id,
        key: key.map(str::to_string),
        title: title.to_string(),
        status,
        opened_at: now() - opened,
        last_activity: now() - last,
        message_count: 1,
        flags: flags
            .iter()
            .map(|f| RuleId::parse(f).expect("a rule id"))
            .collect(),
        attachments: 0,
        team: Default::default(),
        waiting_on,
        waiting_since: waiting_on.map(|_| now() - last),
        days_waiting: waiting_on.map(|_| last.num_days()),
        overdue: false,
        new_mail: false,
    }
}

/// The store, the config and the paths of a home, as `vsd` opens them.
pub fn open_home(home: &Home) -> (Store, Config, Paths) {
    let store = Store::open(&home.path("vsd.db")).expect("store");
    let cfg = Config::load(&home.path("config.toml")).expect("config");
    let paths = Paths {
        config: None,
        db: home.path("vsd.db"),
    };
    (store, cfg, paths)
}
