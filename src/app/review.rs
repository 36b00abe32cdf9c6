//! The review at the plain terminal that a draft from the TUI gets: what is
//! known before the editor is said first, a refused draft's kept text is
//! offered to resume, and after the editor the check's result and the
//! choice to send, edit again, save as a draft or quit.

use super::draft::{self, Finish, Outcome, Prepared};
use super::{Paths, SendOptions, SendOutcome, describe, send_raw};
use crate::config::Config;
use crate::text::sanitize::sanitize;
use crate::ui::DraftKind;
use anyhow::Context;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// A draft from the TUI, with the user at the plain terminal. What is known
/// before the editor (advice, a settled issue) is said first; a text kept
/// from a refused draft of the same issue is offered to resume. After the
/// editor, the review (as aerc and himalaya have it): the check's result,
/// then (s)end (with `[smtp]`), (e)dit again, save as (d)raft or (q)uit,
/// which asks before it discards. A draft that breaks a rule is written only
/// on a yes; otherwise its text is kept, never lost, for the next `r`.
/// Returns a line for the status bar. `holds_lock`: this process is the
/// store's writer.
pub fn draft_at_terminal(
    paths: &Paths,
    cfg: &Config,
    kind: DraftKind,
    id: Option<&str>,
    holds_lock: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<String> {
    let mut review = Review {
        paths,
        cfg,
        kind,
        id,
        holds_lock,
        input,
        out,
        related: None,
        resumed: None,
    };
    let line = review.run()?;
    write!(review.out, "Press Enter to go back to vsd. ")?;
    review.out.flush()?;
    let mut enter = String::new();
    review.input.read_line(&mut enter)?;
    Ok(line)
}

/// Where the review goes after a step.
enum Step {
    /// Back to the editor with the text as it is.
    Edit,
    /// Over, with the status bar's line.
    Done(String),
}

/// One draft's review.
struct Review<'a> {
    paths: &'a Paths,
    cfg: &'a Config,
    kind: DraftKind,
    id: Option<&'a str>,
    holds_lock: bool,
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    /// The "Related to" line, when the user chose a new request that names
    /// a settled issue instead.
    related: Option<String>,
    /// The kept text that was resumed: removed once the draft is written or
    /// discarded, since it lives on in the draft or the user let it go.
    resumed: Option<PathBuf>,
}

impl Review<'_> {
    fn run(&mut self) -> anyhow::Result<String> {
        let prepared = self.start()?;
        let mut text = self.offer_resume(&prepared)?;
        let mut round = 0;
        loop {
            round += 1;
            text = self.edit(&prepared, &text, round)?;
            let step = match draft::check_text(self.paths, self.cfg, &prepared, &text, &[]) {
                Ok(checked) => {
                    self.tell_verdict(&checked)?;
                    self.choose(&prepared, &text, &checked)?
                }
                Err(e) => self.cannot_be_made(&prepared, &text, &e)?,
            };
            if let Step::Done(line) = step {
                return Ok(line);
            }
        }
    }

    fn ask(&mut self, question: &str) -> anyhow::Result<Option<String>> {
        ask(&mut *self.input, &mut *self.out, question)
    }

    /// A yes to `question`, No being the default.
    fn confirm(&mut self, question: &str) -> anyhow::Result<bool> {
        Ok(matches!(self.ask(question)?.as_deref(), Some("y" | "yes")))
    }

    fn prepare(&self) -> anyhow::Result<Prepared> {
        let (paths, cfg) = (self.paths, self.cfg);
        if self.related.is_some() {
            return draft::prepare_new_related(
                paths,
                cfg,
                None,
                None,
                &[],
                self.related.as_deref(),
            );
        }
        match (self.kind, self.id) {
            (DraftKind::Reply, Some(id)) => draft::prepare_reply(paths, cfg, id, false),
            (DraftKind::Escalate, Some(id)) if cfg.desk.kam.is_some() => {
                draft::prepare_kam(paths, cfg, id)
            }
            (DraftKind::Escalate, Some(id)) => draft::prepare_reply(paths, cfg, id, true),
            _ => draft::prepare_new(paths, cfg, None, None, &[]),
        }
    }

    /// The draft as prepared, after its advice is read and, for a settled
    /// issue, the user chose between a reply and a new related request.
    fn start(&mut self) -> anyhow::Result<Prepared> {
        let prepared = self.prepare()?;
        for note in &prepared.notes {
            writeln!(self.out, "{note}")?;
        }
        if let Some(k) = prepared.settled.clone() {
            let answer = self.ask(&format!(
                "Write a new request that names {k} instead (\"Related to {k}\")? [Y/n] "
            ))?;
            if answer.as_deref() != Some("n") {
                self.related = Some(draft::related_line(self.paths, self.cfg, &k)?);
                return self.prepare();
            }
        } else if !prepared.notes.is_empty() {
            // The editor would cover the advice before it is read.
            self.ask("Press Enter to open the editor. ")?;
        }
        Ok(prepared)
    }

    /// The text the editor opens on: the template, or a refused draft's
    /// kept text when the user resumes it.
    fn offer_resume(&mut self, prepared: &Prepared) -> anyhow::Result<String> {
        let Some(kept) = draft::find_kept(self.paths, &prepared.name) else {
            return Ok(prepared.template.clone());
        };
        let answer = self.ask(&format!(
            "The text of a refused draft for {} is kept in {}. Resume it? [Y/n] ",
            prepared.name,
            kept.display()
        ))?;
        if answer.as_deref() == Some("n") {
            return Ok(prepared.template.clone());
        }
        let text = std::fs::read_to_string(&kept)
            .with_context(|| format!("cannot read the kept draft {}", kept.display()))?;
        if text != prepared.template {
            self.resumed = Some(kept);
        }
        Ok(text)
    }

    fn forget_resumed(&self) {
        if let Some(p) = &self.resumed {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Keeps the text where `r` finds it again; the line that says where.
    fn keep(&self, prepared: &Prepared, text: &str) -> anyhow::Result<String> {
        let kept = draft::keep_text(self.paths, &prepared.name, text)?;
        Ok(format!(
            "draft not written; its text is in {}",
            kept.display()
        ))
    }

    /// One round in the editor, then the offer to mask secrets.
    fn edit(&mut self, prepared: &Prepared, text: &str, round: u32) -> anyhow::Result<String> {
        let edited = match draft::edit(text, &prepared.name) {
            Ok(t) => t,
            // A text written in an earlier round is kept, not lost with
            // the editor that failed.
            Err(e) if round > 1 => {
                let kept = draft::keep_text(self.paths, &prepared.name, text)?;
                return Err(e.context(format!("its text is kept in {}", kept.display())));
            }
            Err(e) => return Err(e),
        };
        draft::ask_to_mask(edited, false, true, &mut *self.input, &mut *self.out)
    }

    /// A draft that cannot be made (a new request without a Subject, an
    /// attachment that is not there): said, and edited again or let go; its
    /// text is not thrown away.
    fn cannot_be_made(
        &mut self,
        prepared: &Prepared,
        text: &str,
        e: &anyhow::Error,
    ) -> anyhow::Result<Step> {
        writeln!(
            self.out,
            "The draft cannot be made: {}",
            sanitize(&format!("{e:#}"))
        )?;
        Ok(match self.ask("(e)dit again, (q)uit? ")?.as_deref() {
            Some("q" | "quit") if self.confirm("Discard the draft? [y/N] ")? => {
                self.forget_resumed();
                Step::Done("draft discarded".to_string())
            }
            None => Step::Done(self.keep(prepared, text)?),
            _ => Step::Edit,
        })
    }

    fn tell_verdict(&mut self, checked: &draft::Checked) -> anyhow::Result<()> {
        if checked.flags.is_empty() {
            writeln!(self.out, "The draft passes the desk's rules.")?;
            return Ok(());
        }
        writeln!(self.out, "The draft breaks the desk's rules:")?;
        for f in &checked.flags {
            writeln!(self.out, "  ! {} — {}", f.rule, sanitize(&f.detail))?;
            writeln!(self.out, "    {}", f.rule.explanation())?;
        }
        Ok(())
    }

    /// Asks what to do with the checked draft until the answer is one.
    fn choose(
        &mut self,
        prepared: &Prepared,
        text: &str,
        checked: &draft::Checked,
    ) -> anyhow::Result<Step> {
        let send = self.cfg.smtp.is_some();
        let choices = if send {
            "(s)end, (e)dit again, save as (d)raft, (q)uit? "
        } else {
            "(e)dit again, save as (d)raft, (q)uit? "
        };
        loop {
            let Some(answer) = self.ask(choices)? else {
                // No one to answer: the text is kept, never lost.
                return Ok(Step::Done(self.keep(prepared, text)?));
            };
            match answer.as_str() {
                "e" | "edit" => return Ok(Step::Edit),
                "q" | "quit" | "discard" if self.confirm("Discard the draft? [y/N] ")? => {
                    self.forget_resumed();
                    return Ok(Step::Done("draft discarded".to_string()));
                }
                "d" | "draft" | "s" | "send" if send || !answer.starts_with('s') => {
                    let line = self.write(prepared, text, checked, answer.starts_with('s'))?;
                    return Ok(Step::Done(line));
                }
                _ => {}
            }
        }
    }

    /// Writes the draft (asking first when it breaks a rule), then sends it
    /// when `sending`. The status bar's line.
    fn write(
        &mut self,
        prepared: &Prepared,
        text: &str,
        checked: &draft::Checked,
        sending: bool,
    ) -> anyhow::Result<String> {
        let forced = !checked.flags.is_empty();
        let force = forced
            && self.confirm(&format!(
                "It breaks {} rule(s). Write it anyway? [y/N] ",
                checked.flags.len()
            ))?;
        let finish = Finish {
            save: self.cfg.imap.is_some(),
            force,
            ..Finish::default()
        };
        let again = self.prepare()?;
        match draft::complete(self.paths, self.cfg, again, text, &finish)? {
            Outcome::Written { place, draft, .. } => {
                self.forget_resumed();
                writeln!(self.out, "The draft is written to {place}.")?;
                let written = if forced {
                    format!(
                        "draft written to {place}, breaking {} rule(s)",
                        checked.flags.len()
                    )
                } else {
                    format!("draft written to {place}")
                };
                if !sending {
                    return Ok(written);
                }
                let sent = send_at_terminal(
                    self.paths,
                    self.cfg,
                    &draft,
                    prepared.lint_issue.as_deref(),
                    forced,
                    self.holds_lock,
                    &mut *self.out,
                )?;
                Ok(sent.unwrap_or(written))
            }
            Outcome::Refused { kept, .. } => {
                // The previous kept text is in the new one.
                self.forget_resumed();
                writeln!(
                    self.out,
                    "Not written; its text is kept in {} (r on the issue resumes it).",
                    kept.display()
                )?;
                Ok(format!(
                    "draft not written (r resumes it); its text is in {}",
                    kept.display()
                ))
            }
        }
    }
}

/// Asks `question` and reads the answer, trimmed and lower-cased; None
/// when the input ended (no one is there to answer).
fn ask(
    input: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
    question: &str,
) -> anyhow::Result<Option<String>> {
    write!(out, "{question}")?;
    out.flush()?;
    let mut answer = String::new();
    Ok((input.read_line(&mut answer)? > 0).then(|| answer.trim().to_ascii_lowercase()))
}

/// The send the user chose in the review. Returns the status bar's line. A
/// failed send is said on the terminal and in the line; the draft stays
/// where it was written.
#[allow(clippy::too_many_arguments)]
fn send_at_terminal(
    paths: &Paths,
    cfg: &Config,
    draft: &crate::draft::Draft,
    lint_issue: Option<&str>,
    forced: bool,
    holds_lock: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Option<String>> {
    let to = draft
        .envelope
        .to
        .iter()
        .map(|a| sanitize(&a.email))
        .collect::<Vec<_>>()
        .join(", ");
    writeln!(out, "Sending to {to}…")?;
    let opts = SendOptions {
        force: forced,
        resend: false,
        holds_lock,
    };
    let line = match send_raw(paths, cfg, draft.raw.clone(), "the draft", lint_issue, opts) {
        Ok(SendOutcome::Sent(r)) => {
            for w in &r.warnings {
                writeln!(out, "{}", sanitize(w))?;
            }
            writeln!(
                out,
                "Sent to {}; Sent copy {}.",
                r.recipients.join(", "),
                r.copy
            )?;
            format!("sent {}", r.message_id)
        }
        Ok(SendOutcome::Refused { flags }) => {
            writeln!(out, "Not sent: the draft breaks {} rule(s).", flags.len())?;
            "draft written, not sent (it breaks the desk's rules)".to_string()
        }
        Err(e) => {
            let described = describe(&e);
            let why = sanitize(&described);
            writeln!(out, "Not sent: {why}")?;
            format!("not sent: {}", why.lines().next().unwrap_or(""))
        }
    };
    Ok(Some(line))
}
