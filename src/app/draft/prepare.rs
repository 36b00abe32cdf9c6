//! Drafts prepared from the store and the config, before their text: the
//! sender, the recipients of each side, a reply on an issue, a message to the
//! KAM, a new request (on its own or related to an issue), and whether an
//! escalation is due.

use super::Prepared;
use crate::app::{Failure, Paths, no_issue, open_existing, standing_at};
use crate::config::{AddressSet, Config};
use crate::draft::{self, Envelope, Sides, template};
use crate::issues::checklist::Item;
use crate::mail::Address;
use crate::store::Store;

/// The sender from `[team] from`, else the IMAP user.
pub(super) fn sender(paths: &Paths, cfg: &Config) -> anyhow::Result<Address> {
    let raw = cfg.from_address().ok_or_else(|| {
        Failure::Usage(format!(
            "cannot draft without a sender: set from = \"Name <you@example.com>\" under [team] in {} (no config yet? `vsd init` writes one)",
            paths.config_shown()
        ))
    })?;
    one_address(&raw, "[team] from")
}

/// One address from user text (`Name <a@b>` or `a@b`).
pub(super) fn one_address(raw: &str, what: &str) -> anyhow::Result<Address> {
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
pub(super) fn sides(store: Option<&Store>, cfg: &Config) -> anyhow::Result<Sides> {
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

pub(super) fn list(addrs: &[Address]) -> String {
    addrs
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why escalating `key` now is not what the guidelines call for, with what
/// to do instead; `None` when the issue is due (its next step is
/// `contact-kam` or `reply-with-info`) as of `now`.
pub fn escalation_refusal(
    store: &Store,
    cfg: &Config,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Option<String>> {
    use crate::issues::standing::NextStep;
    let st = standing_at(store, cfg, key, now)?;
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
    crate::app::maintain(&mut store, &paths.db, cfg)?;
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
    crate::app::maintain(&mut store, &paths.db, cfg)?;
    let thread = store.draft_thread(key).map_err(no_issue(key))?;
    let from = sender(paths, cfg)?;
    let sides = sides(Some(&store), cfg)?;
    // Typed to the edge: a draft error is the user's to fix (exit 2).
    let env = draft::reply_envelope(&thread, &from, &sides)?;
    let name = thread.key.clone().unwrap_or_else(|| "unfiled".into());
    let mut notes = Vec::new();
    let template = if escalation {
        let st = standing_at(&store, cfg, key, crate::clock::now())?;
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
    crate::app::maintain(&mut store, &paths.db, cfg)?;
    let thread = store.draft_thread(key).map_err(no_issue(key))?;
    let detail = store.detail(key).map_err(no_issue(key))?;
    // One now for where the issue stands and for what the paragraph says.
    let now = crate::clock::now();
    let st = standing_at(&store, cfg, key, now)?;
    let from = sender(paths, cfg)?;
    let sides = sides(Some(&store), cfg)?;
    let paragraph = draft::escalate::kam_paragraph(&detail, &st, now);
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
pub(super) fn request_recipient(
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
