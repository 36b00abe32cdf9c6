//! `vsd sync`: one sync (or `--watch`) with progress bars and lines on
//! stderr; the worker's events are printed, not sent.

use super::watch::watch_loop;
use super::{
    Alerts, Progress, SyncError, SyncEvent, SyncSummary, share_team_state, sync_all,
    team::team_not_shared, waiting_line,
};
use crate::config::Config;
use crate::imap::{self, Credentials, Session, Transport};
use crate::store::Store;
use std::path::Path;
use std::time::Instant;

/// `vsd sync`: one sync of every configured folder, with progress on stderr;
/// with `watch`, stays connected and applies new mail as it arrives (until
/// the process ends).
pub fn run(cfg: &Config, db: &Path, watch: bool) -> Result<SyncSummary, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    imap::quiet_imap_panics();
    let _lock = Store::lock_writer(db)?;
    let mut credentials = Credentials::new();
    let mut store = Store::open(db)?;
    let t = Instant::now();
    let session = credentials.connect(imap_cfg)?;
    tracing::debug!(us = t.elapsed().as_micros() as u64, "signed in");
    let mut alerts = Alerts::default();
    print_alerts(&mut alerts, &session);
    let (summary, session) = sync_resuming(cfg, &mut credentials, &mut store, session)?;
    print_alerts(&mut alerts, &session);
    let summary = summary?;
    print_summary(&summary);
    let t = Instant::now();
    let session = share_resuming(cfg, &mut credentials, &mut store, session);
    tracing::debug!(us = t.elapsed().as_micros() as u64, "team state");
    if !watch {
        if let Some(s) = session {
            s.logout();
        }
        return Ok(summary);
    }
    let mut total = summary;
    let store = std::sync::Mutex::new(store);
    watch_loop(
        imap_cfg,
        &mut credentials,
        &store,
        cfg,
        session,
        alerts,
        &mut |ev| {
            print_watch_event(cfg, ev, &mut total);
            true
        },
    );
    Ok(total)
}

/// The server's alerts not printed before.
fn print_alerts(alerts: &mut Alerts, s: &Session<Transport>) {
    for a in alerts.fresh(s.take_alerts()) {
        eprintln!("vsd sync: alert from {}: {a}", s.host());
    }
}

/// One sync of every folder, with progress bars. A message refused as too
/// large broke the session but is recorded, and the next pass takes its
/// header; a dropped connection left every stored message stored and the
/// rest to fetch: both sign in again and go on rather than fail (a few
/// times). Returns the sync's outcome and the session it ended on.
fn sync_resuming(
    cfg: &Config,
    credentials: &mut Credentials,
    store: &mut Store,
    mut session: Session<Transport>,
) -> Result<(Result<SyncSummary, SyncError>, Session<Transport>), SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    let bars = StderrProgress::new();
    let mut on_progress = |p: &Progress| bars.update(p);
    let mut summary = sync_all(&mut session, store, cfg, &mut on_progress);
    let mut passes = 0;
    let mut resumed = Vec::new();
    while let Err(SyncError::Imap(e)) = &summary
        && (e.refused_uid().is_some() || e.is_dropped())
        && passes < 3
    {
        passes += 1;
        tracing::warn!("{e}; reconnecting to go on");
        if e.is_dropped() {
            resumed.push(format!("{e}; signed in again and went on"));
        }
        // The broken connection goes first: a server may take one at a time.
        drop(session);
        session = credentials.connect(imap_cfg)?;
        summary = sync_all(&mut session, store, cfg, &mut on_progress);
    }
    bars.finish();
    for line in &resumed {
        eprintln!("vsd sync: {}", crate::text::sanitize::sanitize(line));
    }
    Ok((summary, session))
}

/// Shares the team state after the mail, printing what came. The mail is
/// stored; a session lost while sharing (a token that expired, a server
/// restart) is signed in again once rather than leaving the colleagues'
/// actions for the next sync. Returns the session, while there is one.
fn share_resuming(
    cfg: &Config,
    credentials: &mut Credentials,
    store: &mut Store,
    mut session: Session<Transport>,
) -> Option<Session<Transport>> {
    let imap_cfg = cfg.imap.as_ref()?;
    let mut print_team = |ev: SyncEvent| {
        print_team_event(&ev);
        true
    };
    let Err(e) = share_team_state(&mut session, store, cfg, &mut print_team) else {
        return Some(session);
    };
    tracing::info!("{e}; signing in again to share team actions");
    drop(session);
    let again = credentials
        .connect(imap_cfg)
        .map_err(SyncError::from)
        .and_then(|mut s| share_team_state(&mut s, store, cfg, &mut print_team).map(|_| s));
    match again {
        Ok(s) => Some(s),
        Err(e) => {
            print_team(team_not_shared(&e));
            None
        }
    }
}

/// What `vsd sync --watch` prints for an event of its watch loop; new mail
/// is added to `total`.
fn print_watch_event(cfg: &Config, ev: SyncEvent, total: &mut SyncSummary) {
    use crate::text::sanitize::sanitize;
    match ev {
        SyncEvent::NewMail {
            new_messages,
            new_issues,
        } => {
            eprintln!("vsd sync: {new_messages} new messages, {new_issues} new issues");
            total.new_messages += new_messages;
            total.new_issues += new_issues;
        }
        SyncEvent::Error(e) => eprintln!("vsd sync: {}", sanitize(&e)),
        SyncEvent::Alert(a) => {
            let host = cfg.imap.as_ref().map_or("", |i| i.host.as_str());
            eprintln!("vsd sync: alert from {host}: {a}");
        }
        ev @ SyncEvent::Team { .. } => print_team_event(&ev),
        SyncEvent::DeskReplied { key, title } => eprintln!(
            "vsd sync: the desk wrote on {}: {}{}",
            sanitize(&key),
            sanitize(&title),
            if cfg.hooks.bell { "\x07" } else { "" }
        ),
        SyncEvent::Waiting { count, line } => {
            if count > 0 {
                eprintln!("vsd sync: {line}");
            } else {
                eprintln!("vsd sync: no message waits to be fetched again");
            }
        }
        SyncEvent::Progress { .. } | SyncEvent::Idle | SyncEvent::Connecting => {}
    }
}

fn print_team_event(ev: &SyncEvent) {
    if let SyncEvent::Team { received, lines } = ev {
        for l in lines {
            eprintln!("vsd sync: {l}");
        }
        if *received > 0 {
            eprintln!("vsd sync: {received} team actions from colleagues");
        }
    }
}

fn print_summary(s: &SyncSummary) {
    let mut line = format!(
        "vsd sync: {} new messages, {} new issues, {} new flags",
        s.new_messages, s.new_issues, s.new_flags
    );
    if s.flag_changes > 0 {
        line.push_str(&format!(", {} flag changes", s.flag_changes));
    }
    if s.gone > 0 {
        line.push_str(&format!(", {} gone from the server", s.gone));
    }
    if s.back > 0 {
        line.push_str(&format!(", {} back on the server", s.back));
    }
    eprintln!("{line}");
    use crate::text::sanitize::sanitize;
    for w in &s.warnings {
        eprintln!("vsd sync: {w}");
    }
    for (origin, e) in &s.unparseable {
        eprintln!("vsd sync: {origin}: stored unparsed: {}", sanitize(e));
    }
    for origin in &s.conflicts {
        eprintln!(
            "vsd sync: {origin}: the server answered twice with different bodies; \
             the first keeps the location, the second is stored without one"
        );
    }
    // One line per UID, up to a screenful; the summary line counts them all.
    const LISTED: usize = 20;
    for w in s.waiting.iter().take(LISTED) {
        eprintln!(
            "vsd sync: {}: not fetched ({} attempt{}): {}",
            w.origin,
            w.attempts,
            if w.attempts == 1 { "" } else { "s" },
            sanitize(&w.detail)
        );
    }
    if s.waiting.len() > LISTED {
        eprintln!(
            "vsd sync: … and {} more not fetched",
            s.waiting.len() - LISTED
        );
    }
    if let Some(line) = waiting_line(&s.waiting) {
        eprintln!("vsd sync: {line}; each is asked for again at every sync");
    }
}

/// indicatif progress bars on stderr, one per folder; hidden when stderr is
/// not a terminal.
struct StderrProgress {
    bar: std::cell::RefCell<Option<(String, indicatif::ProgressBar)>>,
    started: Instant,
}

impl StderrProgress {
    fn new() -> Self {
        StderrProgress {
            bar: std::cell::RefCell::new(None),
            started: Instant::now(),
        }
    }

    fn update(&self, p: &Progress) {
        let mut slot = self.bar.borrow_mut();
        if slot.as_ref().map(|(f, _)| f != &p.folder).unwrap_or(true) {
            if let Some((_, old)) = slot.take() {
                old.finish();
            }
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(p.total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let style = indicatif::ProgressStyle::with_template(
                "{prefix:>10} [{bar:30}] {pos}/{len} {per_sec} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(p.folder.clone());
            *slot = Some((p.folder.clone(), bar));
        }
        if let Some((_, bar)) = slot.as_ref() {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
            let secs = self.started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!("{:.1} MB/s", p.bytes as f64 / 1e6 / secs));
        }
    }

    fn finish(&self) {
        if let Some((_, bar)) = self.bar.borrow_mut().take() {
            bar.finish();
        }
    }
}
