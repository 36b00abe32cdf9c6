//! The TUI's one event loop on a `TestBackend`: it sleeps until an event
//! comes (a poll loop would wake up many times over an idle second), several
//! pending changes make one reload, and the clock tick moves the ages on.
//! The counts are the loop's own test hook; nothing here asserts how fast
//! anything is.

use std::cell::Cell;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use vsd::issues::model::{IssueDetail, IssueSummary};
use vsd::ui::events::{self, Counts, Event, EventLoop, Feed, Ticker};
use vsd::ui::{App, IssueSource, Keymap, UiUpdate};

/// A source with no issues that counts its list loads, and presses `q`
/// through the loop's feed at the `quit_at`th load.
struct Counting {
    loads: Cell<usize>,
    quit_at: usize,
    feed: Option<Feed>,
}

impl IssueSource for Counting {
    fn list(&self, _all: bool) -> anyhow::Result<Vec<IssueSummary>> {
        self.loads.set(self.loads.get() + 1);
        if self.loads.get() == self.quit_at
            && let Some(f) = &self.feed
        {
            f.send(key('q'));
        }
        Ok(Vec::new())
    }
    fn detail(&self, id: &vsd::issues::IssueId) -> anyhow::Result<IssueDetail> {
        Err(anyhow::anyhow!("no issue {id}"))
    }
}

fn key(c: char) -> Event {
    Event::Input(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn at(day: u32) -> DateTime<Utc> {
    match Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0) {
        chrono::LocalResult::Single(t) => t,
        _ => panic!("fixed date is valid"),
    }
}

fn app() -> App {
    let utc = FixedOffset::east_opt(0).expect("utc");
    let mut app = App::new("vsd — test", at(1), utc, Keymap::default());
    app.resize(80, 24);
    app
}

/// No tick at all: the loop may sleep until an event comes.
struct Never;

impl Ticker for Never {
    fn next(&mut self, _now: Instant) -> Option<Instant> {
        None
    }
}

/// One tick, due at once, then none.
struct Once(bool);

impl Ticker for Once {
    fn next(&mut self, now: Instant) -> Option<Instant> {
        std::mem::replace(&mut self.0, false).then_some(now)
    }
}

#[test]
fn an_idle_tui_sleeps_until_a_key_comes() {
    let (feed, rx) = events::channel();
    let source = Counting {
        loads: Cell::new(0),
        quit_at: usize::MAX,
        feed: None,
    };
    // A second with nothing to do, then a key that quits.
    let typist = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        feed.send(key('q'));
    });
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let counts = EventLoop::new(app(), &source, rx)
        .with_clock(Never, || at(1))
        .run(&mut terminal)
        .expect("runs");
    typist.join().expect("typist");
    // Woken once, by the key; drawn once, before it.
    assert_eq!(
        counts,
        Counts {
            wakeups: 1,
            redraws: 1,
            ticks: 0
        }
    );
    assert_eq!(source.loads.get(), 0, "nothing asked the source for issues");
}

#[test]
fn pending_changes_make_one_reload_and_one_redraw() {
    let (feed, rx) = events::channel();
    for _ in 0..5 {
        feed.send(Event::Update(UiUpdate::Changed));
    }
    feed.send(Event::Update(UiUpdate::Progress("5 new messages".into())));
    // The reload presses `q`: the loop ends at its next wake-up.
    let source = Counting {
        loads: Cell::new(0),
        quit_at: 1,
        feed: Some(feed.clone()),
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut lp = EventLoop::new(app(), &source, rx).with_clock(Never, || at(1));
    let counts = lp.run(&mut terminal).expect("runs");
    assert_eq!(source.loads.get(), 1, "five changes, one reload");
    assert_eq!(
        counts,
        Counts {
            wakeups: 2,
            redraws: 2,
            ticks: 0
        }
    );
    let screen = terminal.backend().to_string();
    assert!(screen.contains("5 new messages"), "{screen}");
}

#[test]
fn the_clock_tick_moves_the_time_ages_are_counted_from() {
    let (feed, rx) = events::channel();
    let source = Counting {
        loads: Cell::new(0),
        quit_at: usize::MAX,
        feed: Some(feed.clone()),
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    // The tick is due at once; reading the clock presses `q`.
    let mut lp = EventLoop::new(app(), &source, rx).with_clock(Once(true), move || {
        feed.send(key('q'));
        at(3)
    });
    let counts = lp.run(&mut terminal).expect("runs");
    assert_eq!(
        counts,
        Counts {
            wakeups: 2,
            redraws: 2,
            ticks: 1
        }
    );
    assert_eq!(lp.app.now(), at(3));
}

#[test]
fn a_worker_that_stops_leaves_no_progress_line() {
    let (feed, rx) = events::channel();
    let source = Counting {
        loads: Cell::new(0),
        quit_at: usize::MAX,
        feed: None,
    };
    // The worker's updates are forwarded; when its channel closes, the
    // loop is told. With every feed gone, the loop ends.
    let (tx, updates) = std::sync::mpsc::channel();
    feed.forward(updates, Some(Event::WorkerGone));
    drop(feed);
    tx.send(UiUpdate::Progress("syncing 3/10".into()))
        .expect("send");
    drop(tx);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut lp = EventLoop::new(app(), &source, rx).with_clock(Never, || at(1));
    let counts = lp.run(&mut terminal).expect("runs");
    assert!(counts.redraws >= 2, "{counts:?}");
    let screen = terminal.backend().to_string();
    assert!(!screen.contains("syncing"), "{screen}");
}
