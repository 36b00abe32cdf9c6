//! A draft's text: from a file, the template or the editor; secrets masked
//! when asked; checked as `vsd check` would; a refused text kept for the next
//! try.

use super::save::slug;
use super::{DraftOptions, Prepared};
use crate::app::{Failure, Paths, lint};
use crate::config::Config;
use crate::draft::{self, Draft, template};
use crate::issues::{Flag, secrets};
use anyhow::Context;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use {
    super::save::absolute, super::save::drafts_dir, super::save::expand_home,
    super::save::new_file, super::save::read_attachments,
};

/// The text: from `--body-file`, the template as it is (`--no-edit`), or
/// the editor. An emptied editor text discards the draft, as git does.
pub(super) fn text(opts: &DraftOptions, tpl: &str, name: &str) -> anyhow::Result<String> {
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
pub(super) fn editor() -> anyhow::Result<String> {
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
    let slug = slug(name);
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
pub(super) fn mask_secrets(body: String, opts: &DraftOptions) -> anyhow::Result<String> {
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

pub(in crate::app) fn describe_flags(flags: &[Flag]) -> String {
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
    pub(super) kept_text: String,
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
    let d: Draft = draft::compose_with(&env, &body, &attachments, now)?;
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
pub(super) const KEPT_EXT: &str = "refused.txt";

/// The newest kept text of a refused draft for `name` (an issue's key, or
/// `new`), if any: `<name>-<yyyymmdd>-<hhmmss>[-n].refused.txt`.
pub fn find_kept(paths: &Paths, name: &str) -> Option<PathBuf> {
    let slug = slug(name);
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
