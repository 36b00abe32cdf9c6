//! What opens over the issue view: the pager of a message's headers or raw
//! source, the chooser of its links and the attachments pane; their state
//! and the keys each takes while it is open.

use super::{App, AttachmentJob, AttachmentJobKind, Command, sanitize_line, scroll};
use crate::ui::keymap::Action;
use crate::ui::layout;
use crate::ui::message_text::{self, RawView};

/// A message's headers or raw source, shown over the issue view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub view: RawView,
    /// Which message: `n/N · sender`, made safe.
    pub about: String,
    /// Safe lines ([`message_text::pager_lines`]).
    pub lines: Vec<String>,
    pub scroll: usize,
}

/// The links of a message to choose from, and the selected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkChooser {
    pub links: Vec<String>,
    pub selected: usize,
}

impl App {
    /// The attachments pane's selected row (0-based), when it is open.
    pub fn pane_selection(&self) -> Option<usize> {
        self.pane
    }

    /// The attachments of the issue in view, numbered as `vsd attachment
    /// list` numbers them (from 1), with their message's id and sender.
    pub fn attachments(
        &self,
    ) -> Vec<(
        usize,
        &crate::issues::model::MessageView,
        &crate::issues::model::AttachmentView,
    )> {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        d.messages
            .iter()
            .flat_map(|m| m.attachments.iter().map(move |a| (m, a)))
            .enumerate()
            .map(|(i, (m, a))| (i + 1, m, a))
            .collect()
    }

    /// The pager over the issue view (headers or raw source), if open.
    pub fn pager(&self) -> Option<&Pager> {
        self.pager.as_ref()
    }

    /// The link chooser, if open.
    pub fn link_chooser(&self) -> Option<&LinkChooser> {
        self.link_chooser.as_ref()
    }

    /// Text the runner should put on the clipboard with OSC 52, taken once.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// The runner's answer to a [`Command::Copy`]: `handled` when the
    /// `[ui] clipboard` command took it, else the runner writes OSC 52.
    pub fn copied(&mut self, text: String, handled: bool) {
        let shown = sanitize_line(&text);
        if !handled {
            self.clipboard = Some(text);
        }
        self.set_notice(format!("copied {shown}"));
    }

    /// The raw mail for a [`Command::LoadRaw`]: opens the pager, if the
    /// issue view still shows that message.
    pub fn set_raw(&mut self, message_id: &str, view: RawView, raw: anyhow::Result<Vec<u8>>) {
        let Some(d) = &self.detail else { return };
        let Some((i, m)) = d
            .messages
            .iter()
            .enumerate()
            .find(|(_, m)| m.message_id == message_id)
        else {
            return;
        };
        match raw {
            Ok(bytes) => {
                self.pager = Some(Pager {
                    view,
                    about: format!(
                        "{}/{} · {}",
                        i + 1,
                        d.messages.len(),
                        sanitize_line(&m.from)
                    ),
                    lines: message_text::pager_lines(&bytes, view),
                    scroll: 0,
                });
            }
            Err(e) => self.set_error(format!("cannot read the raw mail: {e:#}")),
        }
    }

    /// A key while the pager is open: it scrolls, or closes.
    pub(super) fn pager_update(&mut self, action: Action) -> Option<Command> {
        let body = layout::pager_body(self.area()).height as usize;
        let p = self.pager.as_mut()?;
        if let Some(delta) = scroll::step(action, body) {
            let max = p.lines.len().saturating_sub(body);
            p.scroll = p.scroll.saturating_add_signed(delta).min(max);
            return None;
        }
        match action {
            Action::Back => self.pager = None,
            Action::Help => self.help = true,
            Action::Quit => return Some(Command::Quit),
            _ => {}
        }
        None
    }

    /// A key while the link chooser is open.
    pub(super) fn chooser_update(
        &mut self,
        action: Action,
        chooser: LinkChooser,
    ) -> Option<Command> {
        let last = chooser.links.len().saturating_sub(1);
        let sel = chooser.selected;
        let to = match action {
            Action::Down => (sel + 1).min(last),
            Action::Up => sel.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Back => {
                self.link_chooser = None;
                return None;
            }
            Action::OpenLink => {
                self.link_chooser = None;
                return chooser.links.get(sel).cloned().map(Command::OpenLink);
            }
            Action::Help => {
                self.help = true;
                return None;
            }
            Action::Quit => return Some(Command::Quit),
            _ => return None,
        };
        if let Some(c) = &mut self.link_chooser {
            c.selected = to;
        }
        None
    }

    /// A key while the attachments pane is open: it moves, saves, opens or
    /// closes the pane; nothing reaches the issue behind it.
    pub(super) fn pane_update(&mut self, action: Action, sel: usize) -> Option<Command> {
        let list = self.attachments();
        let last = list.len().saturating_sub(1);
        match action {
            Action::Down => self.pane = Some((sel + 1).min(last)),
            Action::Up => self.pane = Some(sel.saturating_sub(1)),
            Action::Top => self.pane = Some(0),
            Action::Bottom => self.pane = Some(last),
            Action::Back => self.pane = None,
            Action::NextPane => {
                self.pane_memory = sel;
                self.pane = None;
            }
            Action::Help => self.help = true,
            Action::Quit => return Some(Command::Quit),
            Action::SaveAttachment | Action::OpenAttachment => {
                let (_, m, a) = list.get(sel)?;
                let job = AttachmentJob {
                    id: self.detail_id.clone()?,
                    message_id: m.message_id.clone(),
                    part: a.part.clone(),
                    name: a.name.clone(),
                    kind: if action == Action::SaveAttachment {
                        AttachmentJobKind::Save
                    } else {
                        AttachmentJobKind::Open
                    },
                };
                return Some(Command::Attachment(job));
            }
            _ => {}
        }
        None
    }
}
