//! The TUI's one event loop, as gitui's `select_event` has it: the loop
//! blocks on ONE channel of [`Event`]s and wakes only when something
//! happened. Three kinds of feed write to it:
//!
//! - the input thread ([`Input`]), which reads the terminal (keys, mouse,
//!   resizes) one event per permit, so that nothing reads the terminal while
//!   the user is at the plain terminal (the editor of a draft);
//! - background jobs (the sync worker, attachment and opener workers), whose
//!   receivers are forwarded by a thread each that blocks on them
//!   ([`Feed::forward`]);
//! - timers: the clock that ages are counted from is moved on by a
//!   [`Ticker`], whose next deadline bounds the wait.
//!
//! When nothing happens the process sleeps: there is no poll interval. The
//! loop drains what is pending after each wake-up, so several `Changed`
//! notices become one reload, and redraws only when something changed.
//! [`Counts`] is what it did, for the tests that make sure of that.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{self as term, KeyEventKind};

use super::{App, Command, IssueSource, UiUpdate, fulfil};

/// Something the loop wakes up for.
#[derive(Debug)]
pub enum Event {
    /// From the terminal, read by the input thread.
    Input(term::Event),
    /// The terminal could not be read: the loop ends with this error.
    InputFailed(String),
    /// News from a background job.
    Update(UiUpdate),
    /// The sync worker's feed ended: the worker stopped.
    WorkerGone,
}

/// The sending end of the loop's channel; every feed holds a clone.
#[derive(Debug, Clone)]
pub struct Feed(Sender<Event>);

/// The loop's channel: the feed for the producers, the receiver for
/// [`EventLoop::run`].
pub fn channel() -> (Feed, Receiver<Event>) {
    let (tx, rx) = mpsc::channel();
    (Feed(tx), rx)
}

impl Feed {
    /// Sends one event; false when the loop has ended.
    pub fn send(&self, event: Event) -> bool {
        self.0.send(event).is_ok()
    }

    /// Forwards a job's updates into the loop, on a thread that blocks on
    /// `rx` until it closes; then sends `gone`, if given.
    pub fn forward(&self, rx: Receiver<UiUpdate>, gone: Option<Event>) {
        let tx = self.0.clone();
        std::thread::spawn(move || {
            for update in rx {
                if tx.send(Event::Update(update)).is_err() {
                    return;
                }
            }
            if let Some(e) = gone {
                let _ = tx.send(e);
            }
        });
    }
}

/// The input thread: it reads the next terminal event only when given a
/// permit, and the loop gives one after it has dealt with the last event.
/// A draft's editor and questions thus have the terminal to themselves: no
/// permit is given until the user is back.
pub struct Input {
    permits: Sender<()>,
}

impl Input {
    /// Starts the thread, with a permit for the first event. The thread
    /// ends when the [`Input`] is dropped (at its next permit wait).
    pub fn spawn(feed: Feed) -> Input {
        let (permits, wanted) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            for () in wanted {
                let event = match term::read() {
                    Ok(e) => Event::Input(e),
                    Err(e) => Event::InputFailed(e.to_string()),
                };
                let failed = matches!(event, Event::InputFailed(_));
                if !feed.send(event) || failed {
                    return;
                }
            }
        });
        let input = Input { permits };
        input.permit();
        input
    }

    /// Lets the thread read one more event.
    fn permit(&self) {
        let _ = self.permits.send(());
    }
}

/// When the clock is moved on. The next deadline bounds the loop's wait;
/// none means the loop may sleep until an event comes.
pub trait Ticker {
    /// The next tick after `now`.
    fn next(&mut self, now: Instant) -> Option<Instant>;
}

/// Once a minute: ages and days waiting are counted from the clock, and
/// nothing shown changes faster.
#[derive(Debug, Clone, Copy)]
pub struct EveryMinute;

impl Ticker for EveryMinute {
    fn next(&mut self, now: Instant) -> Option<Instant> {
        Some(now + Duration::from_secs(60))
    }
}

/// What the loop draws on and hands over: the real terminal, or a
/// `TestBackend` in tests.
pub trait Surface {
    /// Draws the app.
    fn draw(&mut self, app: &App) -> anyhow::Result<()>;
    /// Leaves the screen for the plain terminal (a draft's editor).
    fn suspend(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    /// Takes the screen again after [`Surface::suspend`]; returns its size.
    fn resume(&mut self) -> anyhow::Result<Option<(u16, u16)>> {
        Ok(None)
    }
    /// Rings the terminal's bell.
    fn bell(&mut self) {}
    /// Asks the terminal to put `text` on the clipboard (OSC 52).
    fn clipboard(&mut self, text: &str) {
        let _ = text;
    }
}

impl<B: ratatui::backend::Backend> Surface for ratatui::Terminal<B> {
    fn draw(&mut self, app: &App) -> anyhow::Result<()> {
        ratatui::Terminal::draw(self, |frame| super::view::draw(frame, app))
            .map_err(|e| anyhow::anyhow!("cannot draw: {e}"))?;
        Ok(())
    }
}

/// What the loop did: a test hook. A poll loop would wake many times a
/// second with nothing to do.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Returns from the wait: events and ticks.
    pub wakeups: u64,
    /// Frames drawn.
    pub redraws: u64,
    /// Clock ticks.
    pub ticks: u64,
}

/// The loop and what it reads from.
pub struct EventLoop<'a> {
    pub app: App,
    source: &'a dyn IssueSource,
    events: Receiver<Event>,
    /// The input thread; None when the events come from elsewhere (tests).
    input: Option<Input>,
    /// Mouse events are handled (`[ui] mouse`).
    mouse: bool,
    ticker: Box<dyn Ticker>,
    clock: Box<dyn Fn() -> DateTime<Utc>>,
    counts: Counts,
}

impl<'a> EventLoop<'a> {
    /// A loop over `events`, moving the app's clock on every minute from
    /// vsd's clock.
    pub fn new(app: App, source: &'a dyn IssueSource, events: Receiver<Event>) -> EventLoop<'a> {
        EventLoop {
            app,
            source,
            events,
            input: None,
            mouse: false,
            ticker: Box::new(EveryMinute),
            clock: Box::new(crate::clock::now),
            counts: Counts::default(),
        }
    }

    /// Reads the terminal through `input`, permit by permit.
    pub fn with_input(mut self, input: Input) -> Self {
        self.input = Some(input);
        self
    }

    /// Handles mouse events.
    pub fn with_mouse(mut self, mouse: bool) -> Self {
        self.mouse = mouse;
        self
    }

    /// Moves the clock on at `ticker`'s times, reading it from `clock`.
    pub fn with_clock(
        mut self,
        ticker: impl Ticker + 'static,
        clock: impl Fn() -> DateTime<Utc> + 'static,
    ) -> Self {
        self.ticker = Box::new(ticker);
        self.clock = Box::new(clock);
        self
    }

    /// Runs until the user quits (or every feed is gone), drawing on
    /// `surface`. Returns what it did.
    pub fn run(&mut self, surface: &mut dyn Surface) -> anyhow::Result<Counts> {
        let mut dirty = true;
        let mut tick = self.ticker.next(Instant::now());
        loop {
            if dirty {
                surface.draw(&self.app)?;
                self.counts.redraws += 1;
                dirty = false;
            }
            let first = match tick {
                Some(at) => match self
                    .events
                    .recv_timeout(at.saturating_duration_since(Instant::now()))
                {
                    Ok(e) => Some(e),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(self.counts),
                },
                None => match self.events.recv() {
                    Ok(e) => Some(e),
                    Err(_) => return Ok(self.counts),
                },
            };
            self.counts.wakeups += 1;
            let Some(first) = first else {
                self.counts.ticks += 1;
                self.app.set_now((self.clock)());
                tick = self.ticker.next(Instant::now());
                dirty = true;
                continue;
            };
            // What is pending besides is taken now: changes coalesce into
            // one reload.
            let mut pending = vec![first];
            pending.extend(self.events.try_iter());
            let mut changed = false;
            for event in pending {
                match self.on_event(event, surface)? {
                    Step::Quit => return Ok(self.counts),
                    Step::Changed => changed = true,
                    Step::Go => {}
                }
                dirty = true;
            }
            if changed {
                self.app.set_now((self.clock)());
                fulfil(&mut self.app, self.source, Command::Reload);
            }
        }
    }

    /// Deals with one event.
    fn on_event(&mut self, event: Event, surface: &mut dyn Surface) -> anyhow::Result<Step> {
        match event {
            Event::Input(e) => {
                let command = match e {
                    term::Event::Key(key) if key.kind != KeyEventKind::Release => {
                        self.app.handle_key(key)
                    }
                    term::Event::Mouse(m) if self.mouse => self.app.handle_mouse(m, Instant::now()),
                    term::Event::Resize(w, h) => {
                        self.app.resize(w, h);
                        None
                    }
                    _ => None,
                };
                let step = match command {
                    Some(c) => self.command(c, surface)?,
                    None => Step::Go,
                };
                // The next event is read once this one is dealt with (and
                // a draft's editor is done with the terminal).
                if !matches!(step, Step::Quit)
                    && let Some(input) = &self.input
                {
                    input.permit();
                }
                Ok(step)
            }
            Event::InputFailed(e) => Err(anyhow::anyhow!("cannot read the terminal: {e}")),
            Event::Update(u) => Ok(self.update(u, surface)),
            Event::WorkerGone => {
                // The job is gone; its last progress line would be stale.
                self.app.set_progress(None);
                Ok(Step::Go)
            }
        }
    }

    /// Applies a job's news to the app.
    fn update(&mut self, update: UiUpdate, surface: &mut dyn Surface) -> Step {
        match update {
            UiUpdate::Changed => return Step::Changed,
            UiUpdate::Progress(p) => self.app.set_progress(Some(p)),
            UiUpdate::Alert(a) => self.app.set_error(a),
            UiUpdate::Notice(n) => self.app.set_notice(n),
            UiUpdate::Bell => surface.bell(),
            UiUpdate::Connection(c) => self.app.set_connection(c),
        }
        Step::Go
    }

    /// Carries out a command from a key; a draft has the plain terminal
    /// while it is written.
    fn command(&mut self, command: Command, surface: &mut dyn Surface) -> anyhow::Result<Step> {
        // An escalation the issue's standing does not call for is refused
        // here, before the screen is left for the editor.
        let command = match command {
            Command::Draft(kind, id) => match self.source.refuse_draft(kind, id.as_ref()) {
                Ok(None) => Command::Draft(kind, id),
                Ok(Some(why)) => {
                    self.app.set_error(why);
                    return Ok(Step::Go);
                }
                Err(e) => {
                    self.app.set_error(format!("{e:#}"));
                    return Ok(Step::Go);
                }
            },
            other => other,
        };
        let drafting = matches!(command, Command::Draft(..));
        if drafting {
            surface.suspend()?;
        }
        let go_on = fulfil(&mut self.app, self.source, command);
        if let Some(text) = self.app.take_clipboard() {
            surface.clipboard(&text);
        }
        if drafting && let Some((w, h)) = surface.resume()? {
            self.app.resize(w, h);
        }
        Ok(if go_on { Step::Go } else { Step::Quit })
    }
}

/// What an event asks of the loop.
enum Step {
    Go,
    /// The store changed: reload (once for all pending events).
    Changed,
    Quit,
}
