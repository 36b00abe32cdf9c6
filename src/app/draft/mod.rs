//! `vsd draft reply|new|escalate`: builds a draft from the store and the
//! config, gets its body (from the editor, a file, or the template), masks
//! secrets when asked, checks it exactly as `vsd check` would, and writes
//! it to a file or the IMAP drafts folder, recording what was done in the
//! event log.
//!
//! A draft that breaks a rule is refused unless `--force`; the text the
//! user wrote is then kept in a file, so that refusing never loses work.

use super::{Failure, Paths, open_existing};
use crate::app::text::rule_names;
use crate::config::Config;
use crate::draft::{Draft, Envelope};
use crate::issues::{Flag, RuleId};
use crate::store::Store;
use std::io::Write;
use std::path::PathBuf;

mod prepare;
mod save;
mod text;

use prepare::list;
pub use prepare::{
    escalation_refusal, prepare_kam, prepare_new, prepare_new_related, prepare_reply, related_line,
};
use save::place_draft;
pub(in crate::app) use save::{drafts_dir, new_file};
pub(in crate::app) use text::describe_flags;
pub use text::{Checked, ask_to_mask, check_text, edit, find_kept, keep_text};
use text::{mask_secrets, text};

/// What `vsd draft` drafts.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum DraftCommand {
    /// A reply to an issue: To the desk, Cc the team, threaded on its newest message.
    Reply {
        /// The issue's key (VSD-12345), or an unfiled request's id (`vsd list --json`).
        key: String,
        #[command(flatten)]
        opts: DraftOptions,
    },
    /// A new request, from a template that holds the desk's checklist.
    New {
        /// The Subject (else the template's "Subject:" line).
        #[arg(long)]
        subject: Option<String>,
        /// The desk address (default: the first of [desk] addresses).
        #[arg(long, value_name = "ADDRESS")]
        to: Option<String>,
        /// Colleagues to copy (repeatable).
        #[arg(long, value_name = "ADDRESS")]
        cc: Vec<String>,
        /// An earlier issue this new problem relates to: the text names it ("Related to VSD-…").
        #[arg(long, value_name = "KEY")]
        related: Option<String>,
        #[command(flatten)]
        opts: DraftOptions,
    },
    /// An escalation: a reply adding information, or with --kam a mail to the key account manager.
    Escalate {
        /// The issue's key (VSD-12345).
        key: String,
        /// Write to the configured key account manager ([desk] kam) instead of the desk.
        #[arg(long)]
        kam: bool,
        #[command(flatten)]
        opts: DraftOptions,
    },
}

/// Options every draft takes.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DraftOptions {
    /// Take the body from this file instead of the editor.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Do not open the editor: the body is the template's.
    #[arg(long)]
    pub no_edit: bool,
    /// Write the draft to this file (default: a new file in drafts/ beside the store).
    #[arg(long, value_name = "FILE.eml", conflicts_with = "save")]
    pub out: Option<PathBuf>,
    /// Append the draft to the IMAP drafts folder with \Draft.
    #[arg(long)]
    pub save: bool,
    /// Send the draft once written (needs [smtp]); the check runs again first.
    #[arg(long, conflicts_with = "save")]
    pub send: bool,
    /// Write the draft even when it breaks a rule, or (escalate) when the issue is not due for an escalation.
    #[arg(long)]
    pub force: bool,
    /// Mask every secret shown in full to its last four characters.
    #[arg(long)]
    pub mask_secrets: bool,
    /// Attach this file (repeatable); `Attach: PATH` lines in the text do the same.
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<PathBuf>,
}

/// `vsd draft …`: 0 when the draft was written, 1 when it was refused.
pub fn draft(
    paths: &Paths,
    cfg: &Config,
    command: DraftCommand,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    if let DraftCommand::Escalate { key, opts, .. } = &command
        && !opts.force
    {
        let store = open_existing(paths)?;
        if let Some(why) = escalation_refusal(&store, cfg, key, crate::clock::now())? {
            return Err(
                Failure::Usage(format!("{why} (--force writes the escalation anyway)")).into(),
            );
        }
    }
    let (prepared, opts) = prepare_command(paths, cfg, command)?;
    for note in &prepared.notes {
        eprintln!("vsd: {note}");
    }
    let text = text(&opts, &prepared.template, &prepared.name)?;
    let text = mask_secrets(text, &opts)?;
    let finish = Finish {
        force: opts.force,
        save: opts.save,
        out: opts.out.clone(),
        attach: opts.attach.clone(),
        ..Finish::default()
    };
    if opts.send && cfg.smtp.is_none() {
        return Err(Failure::Usage(
            "--send needs an [smtp] section in the config (host = \"…\" or sendmail_command = \"…\")"
                .into(),
        )
        .into());
    }
    let lint_issue = prepared.lint_issue.clone();
    match complete(paths, cfg, prepared, &text, &finish)? {
        Outcome::Written { place, draft, .. } => {
            writeln!(out, "{place}")?;
            if !opts.send {
                return Ok(0);
            }
            let sent = super::send::send_raw(
                paths,
                cfg,
                draft.raw.clone(),
                &place,
                lint_issue.as_deref(),
                super::send::SendOptions {
                    force: opts.force,
                    ..Default::default()
                },
            )?;
            super::send::report(&sent, out)
        }
        Outcome::Refused { flags, kept } => {
            eprintln!(
                "vsd: the draft breaks the desk's rules and was not written (--force writes it anyway){}:\n{}\nvsd: your text is kept in {}; edit it and give it back with --body-file",
                refusal_hint(&flags),
                describe_flags(&flags),
                kept.display()
            );
            Ok(1)
        }
    }
}

/// The draft a command asks for, with its options.
fn prepare_command(
    paths: &Paths,
    cfg: &Config,
    command: DraftCommand,
) -> anyhow::Result<(Prepared, DraftOptions)> {
    Ok(match command {
        DraftCommand::Reply { key, opts } => (prepare_reply(paths, cfg, &key, false)?, opts),
        DraftCommand::Escalate {
            key,
            kam: false,
            opts,
        } => (prepare_reply(paths, cfg, &key, true)?, opts),
        DraftCommand::Escalate {
            key,
            kam: true,
            opts,
        } => (prepare_kam(paths, cfg, &key)?, opts),
        DraftCommand::New {
            subject,
            to,
            cc,
            related,
            opts,
        } => {
            let related = match related {
                Some(k) => Some(related_line(paths, cfg, &k)?),
                None => None,
            };
            (
                prepare_new_related(
                    paths,
                    cfg,
                    subject.as_deref(),
                    to.as_deref(),
                    &cc,
                    related.as_deref(),
                )?,
                opts,
            )
        }
    })
}

/// What a refused draft's message adds about the way out of the rules it
/// breaks.
fn refusal_hint(flags: &[Flag]) -> String {
    let has = |rule: RuleId| flags.iter().any(|f| f.rule == rule);
    let mut hint = String::new();
    if has(RuleId::SecretUnredacted) {
        // A secret found in an attached file is named "… in FILE"; vsd
        // never changes the user's files.
        let in_file = flags
            .iter()
            .any(|f| f.rule == RuleId::SecretUnredacted && f.detail.contains(" in "));
        hint.push_str(if in_file {
            " (--mask-secrets masks the secrets in the text; mask those in an attached file in the file itself)"
        } else {
            " (--mask-secrets masks the secrets)"
        });
    }
    if has(RuleId::NewProblem) {
        hint.push_str(" (the desk treats this issue as done: vsd draft new starts a new request)");
    }
    hint
}

/// A draft waiting for its body: the headers, the text offered for
/// editing, and how it is checked and logged.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub env: Envelope,
    /// The text to edit: the body above the scissors line, a reminder below.
    pub template: String,
    /// A new request: the text starts with its "Subject:" line.
    pub subject_in_text: bool,
    /// The issue the draft is checked against (a reply), or none.
    pub lint_issue: Option<String>,
    /// The issue the event is logged under.
    pub event_key: Option<String>,
    /// The issue's key (or `new`, `unfiled`), for file names.
    pub name: String,
    /// The event's kind: `drafted` or `escalated`.
    pub kind: crate::issues::EventKind,
    /// The draft in words, for the event.
    pub what: &'static str,
    /// Advice for the user before editing.
    pub notes: Vec<String>,
    /// A reply to a resolved or closed issue: its key, so that the TUI can
    /// offer a new request naming it instead.
    pub settled: Option<String>,
}

/// Where a finished draft goes.
#[derive(Debug, Clone, Default)]
pub struct Finish {
    /// Write it even when it breaks a rule.
    pub force: bool,
    /// Append it to the IMAP drafts folder.
    pub save: bool,
    /// Write it to this file (else a new file in the drafts directory).
    pub out: Option<PathBuf>,
    /// Files to attach (besides the text's `Attach:` lines).
    pub attach: Vec<PathBuf>,
    /// Where the draft's records go (the TUI's sync worker, while it runs).
    pub writer: super::writer::StoreWriter,
}

/// What became of a draft.
#[derive(Debug)]
pub enum Outcome {
    /// Written to `place` (a path, or the IMAP folder and UID); `flags` are
    /// the rules it breaks when forced.
    Written {
        place: String,
        draft: Box<Draft>,
        flags: Vec<Flag>,
    },
    /// Refused for `flags`; the text was kept in `kept`.
    Refused { flags: Vec<Flag>, kept: PathBuf },
}

/// Composes the draft from the edited `text`, checks it as `vsd check`
/// does, and writes it (or keeps the text and refuses it), logging the event.
pub fn complete(
    paths: &Paths,
    cfg: &Config,
    prepared: Prepared,
    text: &str,
    finish: &Finish,
) -> anyhow::Result<Outcome> {
    let now = crate::clock::now();
    let Checked {
        draft: d,
        flags,
        kept_text,
    } = check_text(paths, cfg, &prepared, text, &finish.attach)?;
    if !flags.is_empty() && !finish.force {
        let kept = keep_text(paths, &prepared.name, &kept_text)?;
        return Ok(Outcome::Refused { flags, kept });
    }
    let flagged = if flags.is_empty() {
        String::new()
    } else {
        format!(", written with --force despite {}", rule_names(&flags))
    };
    let mut record = crate::store::SavedDraft {
        message_id: d.message_id.clone(),
        issue_id: prepared
            .event_key
            .clone()
            .or_else(|| prepared.lint_issue.clone()),
        saved_at: now,
        path: None,
        folder: None,
        uidvalidity: None,
        uid: None,
    };
    let (place, saved_detail) = place_draft(paths, cfg, &prepared, &d, finish, &mut record)?;
    // The event log lives in the store; a new request drafted before any
    // mail was imported has none to write to.
    if paths.db.exists() {
        let mut store = Store::open(&paths.db)?;
        let detail = format!(
            "{} draft {} to {}{flagged}: {}",
            prepared.what,
            d.message_id,
            list(&d.envelope.to),
            place
        );
        let (key, kind) = (prepared.event_key.clone(), prepared.kind);
        finish.writer.write(
            &mut store,
            move |store| -> Result<(), crate::store::StoreError> {
                store.append_event(key.as_deref(), kind, &detail, now)?;
                store.record_draft(&record)?;
                if let Some(s) = saved_detail {
                    store.append_event(
                        key.as_deref(),
                        crate::issues::EventKind::DraftSaved,
                        &s,
                        now,
                    )?;
                }
                Ok(())
            },
        )??;
    }
    Ok(Outcome::Written {
        place,
        draft: Box::new(d),
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    const BODY: &str = "token:\nclient_secret: 9f8e7d6c5b4a39281706\n";
    const MASKED: &str = "token:\nclient_secret: ****1706\n";

    fn ask(mask: bool, interactive: bool, answer: &str) -> (String, String) {
        let mut prompt = Vec::new();
        let body = ask_to_mask(
            BODY.to_string(),
            mask,
            interactive,
            &mut answer.as_bytes(),
            &mut prompt,
        )
        .expect("asked");
        (body, String::from_utf8(prompt).expect("utf-8"))
    }

    #[test]
    fn yes_masks_and_anything_else_keeps() {
        let (body, prompt) = ask(false, true, "y\n");
        assert_eq!(body, MASKED);
        assert_eq!(
            prompt,
            "The draft shows a secret in full (client_secret on line 2). Mask each to its last four characters? [y/N] "
        );
        assert_eq!(ask(false, true, "YES\n").0, MASKED);
        assert_eq!(ask(false, true, "\n").0, BODY);
        assert_eq!(ask(false, true, "").0, BODY);
        assert_eq!(ask(false, true, "nei\n").0, BODY);
    }

    #[test]
    fn flag_masks_without_asking_and_no_terminal_never_asks() {
        assert_eq!(ask(true, false, ""), (MASKED.to_string(), String::new()));
        assert_eq!(ask(false, false, "y\n"), (BODY.to_string(), String::new()));
    }

    #[test]
    fn refused_text_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let now = Utc::now();
        let a = new_file(dir.path(), "unfiled:a@b", now, "eml", b"1").expect("a");
        let b = new_file(dir.path(), "unfiled:a@b", now, "eml", b"2").expect("b");
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).expect("a"), b"1");
        assert_eq!(std::fs::read(&b).expect("b"), b"2");
        let name = a.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(name.starts_with("unfiled_a_b-"), "{name}");
    }
}
