//! `vsd draft reply|new|escalate`: builds a draft from the store and the
//! config, gets its body (from the editor, a file, or the template), masks
//! secrets when asked, checks it exactly as `vsd check` would, and writes
//! it to a file or the IMAP drafts folder, recording what was done in the
//! event log.
//!
//! A draft that breaks a rule is refused unless `--force`; the text the
//! user wrote is then kept in a file, so that refusing never loses work.

use super::{Failure, Paths, lint, no_issue, open_existing, standing_of};
use crate::config::{AddressSet, Config};
use crate::draft::{self, Draft, Envelope, Sides, template};
use crate::issues::checklist::Item;
use crate::issues::{Flag, RuleId, secrets};
use crate::mail::Address;
use crate::store::Store;
use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

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
        if let Some(why) = escalation_refusal(&store, cfg, key)? {
            return Err(
                Failure::Usage(format!("{why} (--force writes the escalation anyway)")).into(),
            );
        }
    }
    let (prepared, opts) = match command {
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
    };
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
            let has = |rule: RuleId| flags.iter().any(|f| f.rule == rule);
            let mut hint = String::new();
            if has(RuleId::SecretUnredacted) {
                // A secret found in an attached file is named "… in FILE";
                // vsd never changes the user's files.
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
                hint.push_str(
                    " (the desk treats this issue as done: vsd draft new starts a new request)",
                );
            }
            eprintln!(
                "vsd: the draft breaks the desk's rules and was not written (--force writes it anyway){hint}:\n{}\nvsd: your text is kept in {}; edit it and give it back with --body-file",
                describe_flags(&flags),
                kept.display()
            );
            Ok(1)
        }
    }
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

/// The sender from `[team] from`, else the IMAP user.
fn sender(paths: &Paths, cfg: &Config) -> anyhow::Result<Address> {
    let raw = cfg.from_address().ok_or_else(|| {
        Failure::Usage(format!(
            "cannot draft without a sender: set from = \"Name <you@example.com>\" under [team] in {} (no config yet? `vsd init` writes one)",
            paths.config_shown()
        ))
    })?;
    one_address(&raw, "[team] from")
}

/// One address from user text (`Name <a@b>` or `a@b`).
fn one_address(raw: &str, what: &str) -> anyhow::Result<Address> {
    let mut warnings = Vec::new();
    let found = crate::mail::parse::parse_addresses(raw, &mut warnings);
    match found.as_slice() {
        [a] if draft::is_plain_email(&a.email) => Ok(a.clone()),
        _ => Err(Failure::Usage(format!(
            "cannot use {raw:?} ({what}) as an address: write name@example.com or \"Name <name@example.com>\""
        ))
        .into()),
    }
}

/// The desk and the team as grouping sees them: the desk from the config,
/// else the addresses (and their domains) the desk wrote from.
fn sides(store: Option<&Store>, cfg: &Config) -> anyhow::Result<Sides> {
    let mut desk = AddressSet::new(&cfg.desk.addresses);
    let team = AddressSet::new(&cfg.team.addresses);
    if desk.is_empty()
        && let Some(store) = store
    {
        for email in store.desk_senders()? {
            desk.add_exact(&email);
            let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
            if !domain.is_empty() && !team.contains(&format!("someone@{domain}")) {
                desk.add_domain(domain);
            }
        }
    }
    Ok(Sides { desk, team })
}

fn list(addrs: &[Address]) -> String {
    addrs
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why escalating `key` now is not what the guidelines call for, with what
/// to do instead; `None` when the issue is due (its next step is
/// `contact-kam` or `reply-with-info`).
pub fn escalation_refusal(
    store: &Store,
    cfg: &Config,
    key: &str,
) -> anyhow::Result<Option<String>> {
    use crate::issues::standing::NextStep;
    let st = standing_of(store, cfg, key)?;
    let name = st.key.clone().unwrap_or_else(|| key.to_string());
    let days = st.days_waiting.unwrap_or(0);
    let why = match st.next_step {
        NextStep::ContactKam | NextStep::ReplyWithInfo => return Ok(None),
        NextStep::AnswerDesk => format!(
            "{name} is not for escalating: the desk wrote last and has waited {days} days for the team; answer it instead (vsd draft reply {name})"
        ),
        NextStep::Wait => format!(
            "{name} is not for escalating yet: it has waited {days} days on the desk, fewer than escalate_after_days ({}); wait, or add information in the thread (vsd draft reply {name})",
            cfg.desk.escalate_after_days
        ),
        NextStep::NewRequest => format!(
            "{name} is not for escalating: the team wrote on it after it was resolved or closed, and the desk may not see that; send a new request that names it (vsd draft new --related {name})"
        ),
        NextStep::None => format!(
            "{name} is not for escalating: it is {}; for a new problem send a new request that names it (vsd draft new --related {name})",
            st.status.as_str()
        ),
        NextStep::Resend => format!(
            "{name} is not for escalating: the desk never acknowledged the request (no auto-reply); check the address, or send it again (vsd draft new)"
        ),
    };
    Ok(Some(why))
}

/// The line a new request starts with when it follows up a settled issue.
pub fn related_line(paths: &Paths, cfg: &Config, key: &str) -> anyhow::Result<String> {
    let mut store = open_existing(paths)?;
    super::maintain(&mut store, &paths.db, cfg)?;
    let d = store.detail(key).map_err(no_issue(key))?;
    let k = d.key.clone().unwrap_or_else(|| key.to_string());
    Ok(format!(
        "Related to {k} (\"{}\"), which is {}; this is a new problem.",
        draft::header_text(&d.title),
        d.status.as_str()
    ))
}

/// `vsd draft reply KEY` and `vsd draft escalate KEY` (by reply).
pub fn prepare_reply(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    escalation: bool,
) -> anyhow::Result<Prepared> {
    let mut store = open_existing(paths)?;
    super::maintain(&mut store, &paths.db, cfg)?;
    let thread = store.draft_thread(key).map_err(no_issue(key))?;
    let from = sender(paths, cfg)?;
    let sides = sides(Some(&store), cfg)?;
    let env =
        draft::reply_envelope(&thread, &from, &sides).map_err(|e| Failure::Usage(e.to_string()))?;
    let name = thread.key.clone().unwrap_or_else(|| "unfiled".into());
    let mut notes = Vec::new();
    let template = if escalation {
        let st = standing_of(&store, cfg, key)?;
        if cfg.desk.kam.is_some() {
            notes.push(format!(
                "a key account manager is configured; the guidelines ask to contact them first (vsd draft escalate {name} --kam)"
            ));
        }
        let missing: Vec<Item> = st
            .missing_info
            .iter()
            .filter_map(|id| Item::ALL.into_iter().find(|i| i.id() == id))
            .collect();
        template::escalate(
            &name,
            &env.subject,
            &list(&env.to),
            &list(&env.cc),
            st.days_waiting,
            &missing,
        )
    } else {
        template::reply(&name, &env.subject, &list(&env.to), &list(&env.cc))
    };
    // A reply to a settled issue: the desk treats it as done.
    let status = store.detail(key).map_err(no_issue(key))?.status;
    let settled = matches!(
        status,
        crate::issues::Status::Resolved | crate::issues::Status::Closed
    ) && !escalation;
    if settled {
        notes.push(format!(
            "{name} is {}: the desk may not see a reply on it (\"please send separate emails for each problem\"); for a new problem, send a new request that names it: vsd draft new --related {name}",
            status.as_str()
        ));
    }
    let settled = settled.then(|| name.clone());
    let (kind, what) = if escalation {
        (crate::issues::EventKind::Escalated, "escalation by reply")
    } else {
        (crate::issues::EventKind::Drafted, "reply")
    };
    Ok(Prepared {
        env,
        template,
        subject_in_text: false,
        lint_issue: Some(thread.key.clone().unwrap_or_else(|| key.to_string())),
        event_key: thread.key,
        name,
        kind,
        what,
        notes,
        settled,
    })
}

/// `vsd draft escalate KEY --kam`.
pub fn prepare_kam(paths: &Paths, cfg: &Config, key: &str) -> anyhow::Result<Prepared> {
    let kam_raw = cfg.desk.kam.as_deref().ok_or_else(|| {
        Failure::Usage(
            "no key account manager is configured: add kam = \"kam@example.com\" under [desk], or escalate by reply (vsd draft escalate KEY)"
                .into(),
        )
    })?;
    let kam_addr = one_address(kam_raw, "[desk] kam")?;
    let mut store = open_existing(paths)?;
    super::maintain(&mut store, &paths.db, cfg)?;
    let thread = store.draft_thread(key).map_err(no_issue(key))?;
    let detail = store.detail(key).map_err(no_issue(key))?;
    let st = standing_of(&store, cfg, key)?;
    let from = sender(paths, cfg)?;
    let sides = sides(Some(&store), cfg)?;
    let paragraph = draft::escalate::kam_paragraph(&detail, &st, crate::clock::now());
    let name = thread.key.clone().unwrap_or_else(|| "unfiled".into());
    let subject = match &thread.key {
        Some(k) => format!("Escalation of {k}: {}", thread.title),
        None => format!("Escalation of an unfiled request: {}", thread.title),
    };
    let cc: Vec<Address> = draft::reply::team_addresses(&thread, &sides)
        .into_iter()
        .filter(|a| a.email != from.email && a.email != kam_addr.email)
        .collect();
    let signature = from.name.clone().unwrap_or_else(|| from.email.clone());
    let template = template::kam(&kam_addr.to_string(), &subject, &paragraph, &signature);
    Ok(Prepared {
        env: Envelope {
            from,
            to: vec![kam_addr],
            cc,
            subject,
            in_reply_to: None,
            references: Vec::new(),
        },
        template,
        subject_in_text: false,
        lint_issue: None,
        event_key: thread.key,
        name,
        kind: crate::issues::EventKind::Escalated,
        what: "escalation to the key account manager",
        notes: Vec::new(),
        settled: None,
    })
}

/// Where a new request goes: `--to`, else the first configured desk
/// address that takes replies, else where the team's requests went.
fn request_recipient(
    cfg: &Config,
    store: Option<&Store>,
    to: Option<&str>,
) -> anyhow::Result<Address> {
    if let Some(t) = to {
        return one_address(t, "--to");
    }
    if let Some(a) = cfg
        .desk
        .addresses
        .iter()
        .find(|a| !a.starts_with("*@") && !draft::is_no_reply(a))
    {
        return one_address(a, "[desk] addresses");
    }
    if let Some(store) = store {
        let sides = sides(Some(store), cfg)?;
        if let Some(a) = store
            .request_recipients()?
            .into_iter()
            .find(|a| sides.is_desk(&a.email) && !draft::is_no_reply(&a.email))
        {
            return Ok(a);
        }
    }
    Err(Failure::Usage(
        "cannot tell the desk's address: give --to ADDRESS, or set addresses = [\"…\"] under [desk]"
            .into(),
    )
    .into())
}

/// `vsd draft new`.
pub fn prepare_new(
    paths: &Paths,
    cfg: &Config,
    subject: Option<&str>,
    to: Option<&str>,
    cc: &[String],
) -> anyhow::Result<Prepared> {
    prepare_new_related(paths, cfg, subject, to, cc, None)
}

/// `vsd draft new [--related KEY]`: `related` is the line naming the issue.
pub fn prepare_new_related(
    paths: &Paths,
    cfg: &Config,
    subject: Option<&str>,
    to: Option<&str>,
    cc: &[String],
    related: Option<&str>,
) -> anyhow::Result<Prepared> {
    let store = if paths.db.exists() {
        Some(Store::open(&paths.db)?)
    } else {
        None
    };
    let from = sender(paths, cfg)?;
    let to = request_recipient(cfg, store.as_ref(), to)?;
    let cc = cc
        .iter()
        .map(|c| one_address(c, "--cc"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let contact = from.name.clone().unwrap_or_else(|| from.email.clone());
    let subject = draft::header_text(subject.unwrap_or(""));
    let template = match related {
        Some(line) => template::new_request_related(&subject, &to.to_string(), &contact, line),
        None => template::new_request(&subject, &to.to_string(), &contact),
    };
    Ok(Prepared {
        env: Envelope {
            from,
            to: vec![to],
            cc,
            subject,
            in_reply_to: None,
            references: Vec::new(),
        },
        template,
        subject_in_text: true,
        lint_issue: None,
        event_key: None,
        name: "new".into(),
        kind: crate::issues::EventKind::Drafted,
        what: "new request",
        notes: Vec::new(),
        settled: None,
    })
}

/// The text: from `--body-file`, the template as it is (`--no-edit`), or
/// the editor. An emptied editor text discards the draft, as git does.
fn text(opts: &DraftOptions, tpl: &str, name: &str) -> anyhow::Result<String> {
    if let Some(f) = &opts.body_file {
        let bytes = std::fs::read(f).map_err(|e| {
            Failure::Usage(format!("cannot read the body file {}: {e}", f.display()))
        })?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    if opts.no_edit {
        return Ok(tpl.to_string());
    }
    let edited = edit(tpl, name)?;
    if template::body_of(&edited).trim().is_empty() {
        return Err(Failure::Usage("the body is empty: the draft was discarded".into()).into());
    }
    Ok(edited)
}

/// The editor's command: `$VISUAL`, else `$EDITOR`.
fn editor() -> anyhow::Result<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            Failure::Usage(
                "no editor: set $VISUAL or $EDITOR, or give --body-file FILE or --no-edit".into(),
            )
            .into()
        })
}

/// Opens the template in the editor and returns what was saved. The
/// command goes through `sh -c`, as git runs it, so `EDITOR="code --wait"`
/// works.
pub fn edit(tpl: &str, name: &str) -> anyhow::Result<String> {
    let cmd = editor()?;
    let dir = tempfile::tempdir().context("cannot make a directory for the draft's text")?;
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let file = dir.path().join(format!("vsd-{slug}.txt"));
    crate::files::write(&file, tpl.as_bytes())
        .with_context(|| format!("cannot write the draft's text to {}", file.display()))?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} \"$1\""))
        .arg("vsd-editor")
        .arg(&file)
        .status()
        .map_err(|e| Failure::Usage(format!("cannot run the editor {cmd:?}: {e}")))?;
    if !status.success() {
        return Err(Failure::Usage(format!(
            "the editor {cmd:?} failed ({status}): the draft was not written"
        ))
        .into());
    }
    let bytes = std::fs::read(&file)
        .with_context(|| format!("cannot read the edited text {}", file.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Masks secrets with `--mask-secrets`, or after a yes on a terminal.
fn mask_secrets(body: String, opts: &DraftOptions) -> anyhow::Result<String> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    ask_to_mask(
        body,
        opts.mask_secrets,
        interactive,
        &mut std::io::stdin().lock(),
        &mut std::io::stderr(),
    )
}

/// The masking decision: always with `mask`, else by a y/N answer when
/// `interactive`, else never (the check then refuses the draft).
pub fn ask_to_mask(
    body: String,
    mask: bool,
    interactive: bool,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> anyhow::Result<String> {
    let found = secrets::find(&body);
    if found.is_empty() {
        return Ok(body);
    }
    if mask {
        return Ok(secrets::mask(&body));
    }
    if !interactive {
        return Ok(body);
    }
    let names: Vec<String> = found
        .iter()
        .map(|s| format!("{} on line {}", s.name, s.line))
        .collect();
    write!(
        prompt,
        "The draft shows {} in full ({}). Mask each to its last four characters? [y/N] ",
        if found.len() == 1 {
            "a secret".to_string()
        } else {
            format!("{} secrets", found.len())
        },
        names.join(", ")
    )?;
    prompt.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(
        if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            secrets::mask(&body)
        } else {
            body
        },
    )
}

/// The directory drafts are written to by default: `drafts/` beside the store.
pub(super) fn drafts_dir(paths: &Paths) -> PathBuf {
    paths
        .db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("drafts")
}

/// A new file in the drafts directory, never overwriting one.
pub(super) fn new_file(
    dir: &Path,
    name: &str,
    now: DateTime<Utc>,
    ext: &str,
    bytes: &[u8],
) -> anyhow::Result<PathBuf> {
    crate::files::create_dir_all(dir)
        .with_context(|| format!("cannot create the drafts directory {}", dir.display()))?;
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stamp = now.format("%Y%m%d-%H%M%S");
    for n in 1..1000 {
        let file = if n == 1 {
            dir.join(format!("{slug}-{stamp}.{ext}"))
        } else {
            dir.join(format!("{slug}-{stamp}-{n}.{ext}"))
        };
        match crate::files::create_new(&file) {
            Ok(mut f) => {
                f.write_all(bytes)
                    .with_context(|| format!("cannot write {}", file.display()))?;
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(anyhow!("cannot write {}: {e}", file.display())),
        }
    }
    Err(anyhow!("cannot find a free file name in {}", dir.display()))
}

pub(super) fn describe_flags(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| format!("  {}: {}\n    {}", f.rule, f.detail, f.rule.explanation()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A draft composed from its edited text and checked, not yet written.
pub struct Checked {
    pub draft: Draft,
    /// The rules it breaks.
    pub flags: Vec<Flag>,
    /// What a refusal keeps: the Subject line of a new request, the body and
    /// the `Attach:` lines, ready to be edited again.
    kept_text: String,
}

/// Composes the draft from the edited `text` and checks it as `vsd check`
/// does, writing nothing: the review after the editor shows the result
/// before the user chooses what to do with it.
pub fn check_text(
    paths: &Paths,
    cfg: &Config,
    prepared: &Prepared,
    text: &str,
    attach: &[PathBuf],
) -> anyhow::Result<Checked> {
    let now = crate::clock::now();
    let mut env = prepared.env.clone();
    let mut body = template::body_of(text);
    let mut kept_prefix = String::new();
    let mut kept_attach = String::new();
    if prepared.subject_in_text {
        let (written, rest) = template::split_subject(&body);
        if let Some(s) = written.filter(|s| !s.trim().is_empty()) {
            env.subject = s;
        }
        body = rest;
        if env.subject.trim().is_empty() {
            return Err(Failure::Usage(
                "a new request needs a Subject: give --subject, or write it on the template's \"Subject:\" line"
                    .into(),
            )
            .into());
        }
        kept_prefix = format!("Subject: {}\n\n", draft::header_text(&env.subject));
    }
    let (lines, rest) = template::take_attachments(&body);
    body = rest;
    let mut files: Vec<PathBuf> = attach.to_vec();
    files.extend(lines.iter().map(|l| expand_home(l)));
    let attachments = read_attachments(&files, cfg.ui.attach_limit)?;
    // A refused draft keeps its attachments as lines the text gives back.
    for f in &files {
        kept_attach.push_str(&format!("Attach: {}\n", absolute(f)));
    }
    let d: Draft = draft::compose_with(&env, &body, &attachments, now)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let (_, flags) = lint(
        paths,
        cfg,
        d.raw.clone(),
        "the draft",
        prepared.lint_issue.as_deref(),
    )?;
    Ok(Checked {
        draft: d,
        flags,
        kept_text: format!("{kept_prefix}{body}{kept_attach}"),
    })
}

/// Keeps a refused draft's text in the drafts directory, where `r` on the
/// same issue finds it again ([`find_kept`]).
pub fn keep_text(paths: &Paths, name: &str, text: &str) -> anyhow::Result<PathBuf> {
    new_file(
        &drafts_dir(paths),
        name,
        crate::clock::now(),
        KEPT_EXT,
        text.as_bytes(),
    )
}

/// The ending of a refused draft's kept text.
const KEPT_EXT: &str = "refused.txt";

/// The newest kept text of a refused draft for `name` (an issue's key, or
/// `new`), if any: `<name>-<yyyymmdd>-<hhmmss>[-n].refused.txt`.
pub fn find_kept(paths: &Paths, name: &str) -> Option<PathBuf> {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let pattern = regex::Regex::new(&format!(
        r"^{}-\d{{8}}-\d{{6}}(-\d+)?\.{}$",
        regex::escape(&slug),
        regex::escape(KEPT_EXT)
    ))
    .ok()?;
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(drafts_dir(paths))
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| pattern.is_match(&e.file_name().to_string_lossy()))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    // The newest by time, then by name (two kept in one second).
    found.sort();
    found.pop().map(|(_, p)| p)
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
        format!(
            ", written with --force despite {}",
            flags
                .iter()
                .map(|f| f.rule.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
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
    let (place, saved_detail) = if finish.save {
        let (folder, uidvalidity, uid) = match save_to_imap(paths, cfg, &d) {
            Ok(saved) => saved,
            Err(e) => {
                // Nothing is lost when the server fails: the draft stays on disk.
                let kept = new_file(&drafts_dir(paths), &prepared.name, now, "eml", &d.raw)?;
                let note = format!("; the draft is kept in {}", kept.display());
                return Err(match e.downcast::<Failure>() {
                    Ok(Failure::Usage(m)) => Failure::Usage(m + &note).into(),
                    Ok(Failure::Server(m)) => Failure::Server(m + &note).into(),
                    Err(e) => e.context(format!("the draft is kept in {}", kept.display())),
                });
            }
        };
        record.folder = Some(folder.clone());
        record.uidvalidity = uidvalidity;
        record.uid = uid;
        let uid = uid.map(|u| format!(" (UID {u})")).unwrap_or_default();
        (
            format!("{folder}{uid}"),
            Some(format!(
                "{} draft {} saved to IMAP folder {folder}{uid}",
                prepared.what, d.message_id
            )),
        )
    } else if let Some(p) = &finish.out {
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::files::write(p, &d.raw).with_context(|| format!("cannot write {}", p.display()))?;
        record.path = Some(absolute(p));
        (p.display().to_string(), None)
    } else {
        let p = new_file(&drafts_dir(paths), &prepared.name, now, "eml", &d.raw)?;
        record.path = Some(absolute(&p));
        (p.display().to_string(), None)
    };
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
        store.append_event(prepared.event_key.as_deref(), prepared.kind, &detail, now)?;
        store.record_draft(&record)?;
        if let Some(s) = saved_detail {
            store.append_event(
                prepared.event_key.as_deref(),
                crate::issues::EventKind::DraftSaved,
                &s,
                now,
            )?;
        }
    }
    Ok(Outcome::Written {
        place,
        draft: Box::new(d),
        flags,
    })
}

/// `~/x` as the home directory's `x`; other paths as they are.
fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), directories::UserDirs::new()) {
        (Some(rest), Some(d)) => d.home_dir().join(rest),
        _ => PathBuf::from(p),
    }
}

/// Reads the files to attach, refusing what cannot be read and a total
/// above `limit` bytes before anything is composed.
fn read_attachments(
    files: &[PathBuf],
    limit: Option<u64>,
) -> anyhow::Result<Vec<draft::DraftAttachment>> {
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for f in files {
        let meta = std::fs::metadata(f)
            .map_err(|e| Failure::Usage(format!("cannot attach {}: {e}", f.display())))?;
        if !meta.is_file() {
            return Err(
                Failure::Usage(format!("cannot attach {}: it is not a file", f.display())).into(),
            );
        }
        total += meta.len();
        if let Some(limit) = limit.filter(|l| total > *l) {
            return Err(Failure::Usage(format!(
                "cannot attach {}: the attachments come to {} in all, above the limit of {} ([ui] attach_limit); leave some out, or send a link to them",
                f.display(),
                crate::mail::partial::human_size(total),
                crate::mail::partial::human_size(limit)
            ))
            .into());
        }
        let bytes = std::fs::read(f)
            .map_err(|e| Failure::Usage(format!("cannot attach {}: {e}", f.display())))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(draft::DraftAttachment::new(&name, bytes));
    }
    Ok(out)
}

/// A path as the send record keeps it: absolute, so that `vsd send --saved`
/// finds it from any directory.
fn absolute(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

/// `--save`: appends the draft to the drafts folder with `\Draft` (and
/// `\Seen`: the user wrote it), returning the folder and the new UID.
fn save_to_imap(
    paths: &Paths,
    cfg: &Config,
    d: &Draft,
) -> anyhow::Result<(String, Option<u32>, Option<u32>)> {
    let Some(imap_cfg) = &cfg.imap else {
        return Err(Failure::Usage(format!(
            "{}; or use --out FILE.eml instead of --save",
            super::no_account(paths, "save the draft to the IMAP drafts folder")
        ))
        .into());
    };
    let folder = imap_cfg.drafts_folder.clone();
    let failure = |e: crate::imap::ImapError| -> anyhow::Error {
        let text = format!("cannot save the draft to {folder:?}: {e}");
        if e.exit_code() == 2 {
            Failure::Usage(text).into()
        } else {
            Failure::Server(text).into()
        }
    };
    let credential = crate::imap::credential(imap_cfg).map_err(failure)?;
    let mut session = crate::imap::connect(imap_cfg, &credential).map_err(failure)?;
    // The drafts folder is created when the account has none yet.
    let uidvalidity = match session.select(&folder) {
        Err(crate::imap::ImapError::NoFolder { .. }) => {
            session.create(&folder).map_err(failure)?;
            session.select(&folder).ok().map(|st| st.uidvalidity)
        }
        r => r.ok().map(|st| st.uidvalidity),
    };
    let uid = session
        .append(&folder, &d.raw, &["\\Draft", "\\Seen"])
        .map_err(failure)?;
    session.logout();
    Ok((folder, uidvalidity, uid))
}

#[cfg(test)]
mod tests {
    use super::*;

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
