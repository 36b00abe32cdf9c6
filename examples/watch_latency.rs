//! How long `vsd sync --watch` takes to apply new mail, for
//! `scripts/bench-sync.sh`: `watch_latency CONFIG DB [COUNT]`.
//!
//! Runs the sync worker on DB (the TUI's and `--watch`'s loop), waits until it
//! is up to date, then COUNT times (default 20): appends one new request to
//! the first configured folder over a second connection and times from the
//! server's OK to the worker's "new mail" event, which comes after the
//! message is stored and issues are regrouped. A peer in the same run, a
//! plain IDLE client on a third connection, times the server's own notice of
//! the same deliveries, so vsd's share is the difference. Prints the figures;
//! nothing asserts.

use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use vsd::sync::SyncEvent;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: watch_latency CONFIG DB [COUNT]");
        std::process::exit(2);
    }
    // With VSD_LOG set (e.g. `vsd=debug`), the worker's phase timings go to
    // stderr: where the time between the server's notice and vsd's goes.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("VSD_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init();
    }
    let cfg = vsd::config::Config::load(Path::new(&args[1])).unwrap_or_else(|e| fail(&e));
    let count: usize = args.get(3).and_then(|c| c.parse().ok()).unwrap_or(20);
    let imap_cfg = cfg
        .imap
        .clone()
        .unwrap_or_else(|| fail("no [imap] section"));
    let folder = imap_cfg
        .folders
        .first()
        .cloned()
        .unwrap_or_else(|| "INBOX".into());

    let (_worker, rx) = vsd::sync::spawn_worker(&cfg, Path::new(&args[2]));
    wait_for(&rx, |e| *e == SyncEvent::Idle, "the first sync");
    let pw = vsd::imap::password(&imap_cfg).unwrap_or_else(|e| fail(&e));
    let mut sender = vsd::imap::connect(&imap_cfg, &pw).unwrap_or_else(|e| fail(&e));
    let notices = idle_peer(&imap_cfg, &pw, &folder);

    let stamp = std::process::id();
    let mut ms = Vec::with_capacity(count);
    let mut peer_ms = Vec::with_capacity(count);
    for i in 0..count {
        // Mail arrives while the worker sits in IDLE, as it would.
        std::thread::sleep(Duration::from_millis(500));
        while notices.try_recv().is_ok() {}
        let raw = format!(
            "From: Probe <probe@example.com>\r\nTo: integration@vipps.no\r\nSubject: Latency probe {i}\r\nDate: Mon, 30 Nov 2026 10:00:00 +0100\r\nMessage-ID: <probe-{stamp}-{i}@example.com>\r\n\r\nProbe {i}.\r\n"
        );
        sender
            .append(&folder, raw.as_bytes(), &[])
            .unwrap_or_else(|e| fail(&e));
        let appended = Instant::now();
        wait_for(
            &rx,
            |e| matches!(e, SyncEvent::NewMail { .. }),
            "the new mail",
        );
        ms.push(appended.elapsed().as_secs_f64() * 1000.0);
        let noticed = notices
            .recv_timeout(Duration::from_secs(600))
            .unwrap_or_else(|_| fail("the IDLE peer saw nothing"));
        peer_ms.push(noticed.saturating_duration_since(appended).as_secs_f64() * 1000.0);
        wait_for(&rx, |e| *e == SyncEvent::Idle, "IDLE again");
    }
    sender.logout();

    println!(
        "vsd watch, new mail:    {} ({count} deliveries, APPEND OK -> stored and regrouped)",
        figures(&mut ms)
    );
    println!(
        "IDLE peer, its notice:  {} (the server's own share)",
        figures(&mut peer_ms)
    );
}

fn figures(ms: &mut [f64]) -> String {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    format!(
        "min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        at(0.0),
        at(0.5),
        at(0.9),
        at(1.0)
    )
}

/// A bare IDLE client on `folder`: sends the moment of each change the
/// server reports.
fn idle_peer(
    imap_cfg: &vsd::config::ImapConfig,
    pw: &vsd::imap::Password,
    folder: &str,
) -> Receiver<Instant> {
    let mut s = vsd::imap::connect(imap_cfg, pw).unwrap_or_else(|e| fail(&e));
    s.select(folder).unwrap_or_else(|e| fail(&e));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let long = Duration::from_secs(600);
            match s.idle(long, long, Duration::from_secs(30), || false) {
                Ok(vsd::imap::IdleOutcome::Changed) => {
                    if tx.send(Instant::now()).is_err() {
                        return;
                    }
                    // Take in whatever else came with it before waiting again.
                    let _ = s.noop();
                }
                Ok(_) => {}
                Err(e) => fail(&e),
            }
        }
    });
    rx
}

fn wait_for(rx: &Receiver<SyncEvent>, want: impl Fn(&SyncEvent) -> bool, what: &str) {
    loop {
        match rx.recv_timeout(Duration::from_secs(600)) {
            Ok(SyncEvent::Error(e)) => fail(&e),
            Ok(e) if want(&e) => return,
            Ok(_) => {}
            Err(_) => fail(format!("no event while waiting for {what}")),
        }
    }
}

fn fail(e: impl std::fmt::Display) -> ! {
    eprintln!("watch_latency: {e}");
    std::process::exit(1);
}
