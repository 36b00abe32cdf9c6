//! The team actions: `vsd assign`, `vsd note`, `vsd link`, `vsd unlink`, and
//! `vsd close` / `vsd reopen`, each an operation stored with its event and
//! left in the outbox for the next sync to share (see [`crate::sync::team`]).

use super::{Failure, Paths, no_issue, open_maintained};
use crate::config::Config;
use crate::issues::team::{LinkKind, MAX_NOTE_CHARS, Op, OpKind};
use crate::store::Store;
use crate::text::sanitize::sanitize;
use std::io::Write;

/// This user's address, the author of their operations: `[team] from`, else
/// the IMAP user; without either (a store used without an account), a
/// local name that no colleague will take for theirs.
pub fn me(cfg: &Config) -> String {
    cfg.my_address().unwrap_or_else(|| {
        let user = std::env::var("USER").unwrap_or_default();
        let user: String = user
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .collect();
        format!("{}@localhost", if user.is_empty() { "me" } else { &user })
    })
}

/// Makes, stores and logs one operation of this user on an issue, and
/// regroups when it changes the status. The caller holds the writer lock.
pub fn act(store: &mut Store, cfg: &Config, key: &str, kind: OpKind) -> anyhow::Result<Op> {
    let id = store.resolve_id(key).map_err(no_issue(key))?;
    if id.is_unfiled() {
        return Err(Failure::Usage(format!(
            "{} has no issue number yet: team actions take an issue key (vsd list shows them)",
            sanitize(key)
        ))
        .into());
    }
    let op = store.add_own_op(&id, &me(cfg), crate::clock::now(), kind)?;
    if matches!(op.kind, OpKind::Close | OpKind::Reopen) {
        store.regroup(cfg)?;
    }
    Ok(op)
}

/// What to tell after an action: where it goes.
fn shared_line(cfg: &Config) -> &'static str {
    if cfg.imap.is_some() {
        "shared with the team at the next sync"
    } else {
        "kept in this store (no [imap] account to share it through)"
    }
}

fn open_for_writing(
    paths: &Paths,
    cfg: &Config,
) -> anyhow::Result<(crate::store::WriterLock, Store)> {
    let lock = Store::lock_writer(&paths.db)?;
    let store = open_maintained(paths, cfg)?;
    Ok((lock, store))
}

/// Whom `ADDR|me|none` names.
pub fn assignee(cfg: &Config, who: &str) -> anyhow::Result<Option<String>> {
    let who = who.trim();
    match who.to_ascii_lowercase().as_str() {
        "me" => Ok(Some(me(cfg))),
        "none" | "nobody" | "-" => Ok(None),
        a if a.contains('@')
            && !a.contains(char::is_whitespace)
            && !a.contains(char::is_control)
            && a.len() <= 254 =>
        {
            Ok(Some(a.to_string()))
        }
        _ => Err(Failure::Usage(format!(
            "cannot assign to {:?}: give an address (name@example.com), me or none",
            sanitize(who)
        ))
        .into()),
    }
}

/// The link operation of `a` to `b`, both resolved to issue ids.
pub fn link_kind(
    store: &Store,
    a: &str,
    b: &str,
    duplicate: bool,
) -> anyhow::Result<(String, OpKind)> {
    let a_id = store.resolve_id(a).map_err(no_issue(a))?;
    let b_id = store.resolve_id(b).map_err(no_issue(b))?;
    if a_id == b_id {
        return Err(Failure::Usage(format!("cannot link {} to itself", sanitize(&a_id))).into());
    }
    if b_id.is_unfiled() {
        return Err(Failure::Usage(format!(
            "{} has no issue number yet: links take issue keys",
            sanitize(b)
        ))
        .into());
    }
    let kind = if duplicate {
        LinkKind::Duplicate
    } else {
        LinkKind::Relates
    };
    Ok((a_id.to_string(), OpKind::Link(b_id.to_string(), kind)))
}

/// `vsd assign KEY ADDR|me|none`
pub fn assign(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let assignee = assignee(cfg, who)?;
    let (_lock, mut store) = open_for_writing(paths, cfg)?;
    let op = act(&mut store, cfg, key, OpKind::Assign(assignee.clone()))?;
    match assignee {
        Some(a) => writeln!(
            out,
            "{}: assigned to {}; {}",
            sanitize(&op.key),
            sanitize(&a),
            shared_line(cfg)
        )?,
        None => writeln!(
            out,
            "{}: unassigned; {}",
            sanitize(&op.key),
            shared_line(cfg)
        )?,
    }
    Ok(())
}

/// `vsd note KEY TEXT|-` (`-`: the text from standard input).
pub fn note(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    text: &str,
    input: &mut dyn std::io::Read,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let text = if text == "-" {
        let mut s = String::new();
        input.read_to_string(&mut s)?;
        s
    } else {
        text.to_string()
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(Failure::Usage(
            "cannot add an empty note: give its text, or - to read it from standard input".into(),
        )
        .into());
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(Failure::Usage(format!(
            "cannot add a note of {} characters: a note holds at most {MAX_NOTE_CHARS}",
            text.chars().count()
        ))
        .into());
    }
    let (_lock, mut store) = open_for_writing(paths, cfg)?;
    let op = act(&mut store, cfg, key, OpKind::Note(text))?;
    writeln!(
        out,
        "{}: note added; {}",
        sanitize(&op.key),
        shared_line(cfg)
    )?;
    Ok(())
}

/// `vsd link A B [--duplicate]`
pub fn link(
    paths: &Paths,
    cfg: &Config,
    a: &str,
    b: &str,
    duplicate: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (_lock, mut store) = open_for_writing(paths, cfg)?;
    let (a_id, kind) = link_kind(&store, a, b, duplicate)?;
    let b_id = match &kind {
        OpKind::Link(b, _) => b.clone(),
        _ => String::new(),
    };
    let op = act(&mut store, cfg, &a_id, kind)?;
    let words = if duplicate {
        "a duplicate of"
    } else {
        "related to"
    };
    writeln!(
        out,
        "{}: {words} {}; {}",
        sanitize(&op.key),
        sanitize(&b_id),
        shared_line(cfg)
    )?;
    if duplicate {
        // The desk merges its own issues: the guidelines want one thread per
        // problem, so the team asks rather than going on in both. The text
        // of that reply is offered; the reply itself is drafted (threaded
        // and checked) by `vsd draft reply`.
        let body = format!(
            "Hello,\n\n{a_id} is the same problem as {b_id}. Could you merge {a_id} into {b_id}? We will go on in {b_id} only.\n\nBest regards\n"
        );
        let file = super::draft::new_file(
            &super::draft::drafts_dir(paths),
            &format!("merge-{a_id}"),
            crate::clock::now(),
            "txt",
            body.as_bytes(),
        )?;
        writeln!(
            out,
            "to ask the desk to merge them: vsd draft reply '{}' --body-file '{}'",
            sanitize(&a_id),
            sanitize(&file.display().to_string())
        )?;
    }
    Ok(())
}

/// `vsd unlink A B`: removes every link between the two, either way round.
pub fn unlink(
    paths: &Paths,
    cfg: &Config,
    a: &str,
    b: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (_lock, mut store) = open_for_writing(paths, cfg)?;
    let a_id = store.resolve_id(a).map_err(no_issue(a))?;
    let b_id = store.resolve_id(b).map_err(no_issue(b))?;
    let links = store.team_state()?.links_between(&a_id, &b_id);
    if links.is_empty() {
        return Err(Failure::Usage(format!(
            "{} and {} are not linked",
            sanitize(&a_id),
            sanitize(&b_id)
        ))
        .into());
    }
    for (from, to, kind) in links {
        act(&mut store, cfg, &from, OpKind::Unlink(to, kind))?;
    }
    writeln!(
        out,
        "{} and {}: unlinked; {}",
        sanitize(&a_id),
        sanitize(&b_id),
        shared_line(cfg)
    )?;
    Ok(())
}
