//! The terminal UI (ratatui): an issue list, an issue view and a help overlay.
//!
//! The UI pulls view models through [`IssueSource`] and never does I/O while
//! drawing. It is a state machine: a key event is looked up in the
//! [`keymap`] and becomes an [`Action`]; [`App::update`] applies it and may
//! return a [`Command`] (load an issue, reload the list, quit), which the
//! [`events`] loop fulfils through [`fulfil`] between frames. The loop blocks
//! on one channel fed by an input thread, the background jobs and a clock
//! tick; it never polls. A background job (the sync worker) reports with
//! [`UiUpdate`]s: `Changed` carries no data, the UI reloads what it shows
//! (notify, then pull), and several pending changes are coalesced into one
//! reload. The screen is redrawn only after something changed. Saving or
//! opening an attachment (the pane, `v`) is handed by the source to a thread
//! of its own; what it did comes back through [`IssueSource::take_news`].
//! Text from mail reaches the terminal only through [`sanitize::sanitize`].
//!
//! This file is the runner: the terminal set up and restored, and the one
//! event loop started. Beside it: `app` (the state machine), `view`
//! (drawing), what both share (`layout`, `issue_text`, `help`), `source`
//! (the [`IssueSource`] trait), `news` (what background jobs report),
//! `fulfil` (commands carried out against the source), `events` (the loop),
//! `keymap`, `command` (the `:` line), `message_text`, `text` and `theme`.

pub mod app;
pub mod command;
pub mod events;
mod fulfil;
pub mod help;
pub mod issue_text;
pub mod keymap;
pub mod layout;
pub mod message_text;
mod news;
/// The sanitiser lives below both the CLI and the TUI (server text goes
/// through it too); this path is kept for the UI's callers.
pub use crate::text::sanitize;
mod source;
pub mod text;
pub mod theme;
pub mod view;

use std::sync::mpsc::Receiver;

use chrono::{Local, Offset};

pub use app::{
    App, AttachmentJob, AttachmentJobKind, Command, DraftKind, SEARCH_LIMIT, Screen, Search,
    TeamAction,
};
pub use fulfil::fulfil;
pub use keymap::{Action, Keymap};
pub use message_text::RawView;
pub use news::{Connection, SyncNote, UiUpdate};
pub use source::IssueSource;

/// The terminal's bell (`[hooks] bell`): a BEL straight to the terminal,
/// which ratatui's buffer has no cell for.
fn ring_bell() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

/// The OSC 52 escape that asks the terminal to put `text` on the clipboard
/// (`c`). The runner writes it; the drawing code writes only cells.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}

fn write_osc52(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out
        .write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush());
}

/// Restores the terminal when the runner ends, however it ends; with
/// `true`, mouse capture is turned off first.
struct Restore(bool);

impl Drop for Restore {
    fn drop(&mut self) {
        if self.0 {
            mouse_capture(false);
        }
        ratatui::restore();
    }
}

/// Turns the terminal's mouse reports on or off (only asked for with
/// `[ui] mouse`: while they are on, the terminal's own selection needs
/// Shift).
fn mouse_capture(on: bool) {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    let mut out = std::io::stdout();
    let done = if on {
        ratatui::crossterm::execute!(out, EnableMouseCapture)
    } else {
        ratatui::crossterm::execute!(out, DisableMouseCapture)
    };
    if let Err(e) = done {
        tracing::warn!(
            "cannot turn mouse capture {}: {e}",
            if on { "on" } else { "off" }
        );
    }
}

/// How the window behaves, from the config.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The keys in force (`[keys]` over the defaults).
    pub keymap: Keymap,
    /// Capture the mouse (`[ui] mouse`).
    pub mouse: bool,
    /// The styles to draw in (`[theme]`, `NO_COLOR`).
    pub theme: theme::Theme,
    /// The account the status line names (the IMAP user), when syncing.
    pub account: Option<String>,
}

/// Runs the UI on the terminal until the user quits: raw mode, the
/// alternate screen and a panic hook that restores the terminal, all undone
/// on the way out.
pub fn run(
    source: &dyn IssueSource,
    title: &str,
    updates: Option<Receiver<UiUpdate>>,
    options: Options,
) -> anyhow::Result<()> {
    run_noting(source, title, updates, None, options)
}

/// [`run`], with a line for the footer until the first key (what the user
/// should know at once, such as a sender on neither side). The sync
/// worker's `updates`, the source's news and the terminal's input all feed
/// the one [`events::EventLoop`].
pub fn run_noting(
    source: &dyn IssueSource,
    title: &str,
    updates: Option<Receiver<UiUpdate>>,
    notice: Option<String>,
    options: Options,
) -> anyhow::Result<()> {
    let tz = Local::now().offset().fix();
    let mut app = App::new(title, crate::clock::now(), tz, options.keymap);
    let mouse = options.mouse;
    app.set_theme(options.theme);
    app.set_account(options.account);
    // Armed before set-up, so a set-up that fails halfway is undone too.
    let _restore = Restore(mouse);
    let terminal =
        ratatui::try_init().map_err(|e| anyhow::anyhow!("cannot set up the terminal: {e}"))?;
    if mouse {
        mouse_capture(true);
    }
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    fulfil(&mut app, source, Command::Reload);
    if let Some(n) = notice {
        app.set_error(n);
    }
    let (feed, events) = events::channel();
    if let Some(rx) = updates {
        feed.forward(rx, Some(events::Event::WorkerGone));
    }
    if let Some(rx) = source.take_news() {
        feed.forward(rx, None);
    }
    let input = events::Input::spawn(feed);
    let mut tty = Tty { terminal, mouse };
    events::EventLoop::new(app, source, events)
        .with_input(input)
        .with_mouse(mouse)
        .run(&mut tty)?;
    Ok(())
}

/// The real terminal, as the event loop draws on it and hands it over.
struct Tty {
    terminal: ratatui::DefaultTerminal,
    mouse: bool,
}

impl events::Surface for Tty {
    fn draw(&mut self, app: &App) -> anyhow::Result<()> {
        self.terminal.draw(|frame| view::draw(frame, app))?;
        Ok(())
    }

    fn suspend(&mut self) -> anyhow::Result<()> {
        // The editor and the check's questions need the plain terminal.
        if self.mouse {
            mouse_capture(false);
        }
        ratatui::restore();
        Ok(())
    }

    fn resume(&mut self) -> anyhow::Result<Option<(u16, u16)>> {
        self.terminal = ratatui::try_init()
            .map_err(|e| anyhow::anyhow!("cannot set up the terminal again: {e}"))?;
        self.terminal.clear()?;
        if self.mouse {
            mouse_capture(true);
        }
        let size = self.terminal.size()?;
        Ok(Some((size.width, size.height)))
    }

    fn bell(&mut self) {
        ring_bell();
    }

    fn clipboard(&mut self, text: &str) {
        write_osc52(text);
    }
}
