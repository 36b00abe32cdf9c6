//! The TUI end to end in a real terminal: `vsd demo` runs inside a detached
//! tmux session (100×30) on a socket of its own; the test types keys with
//! `send-keys` and reads the screen with `capture-pane`. It checks the list,
//! opening an issue, going back, the help and quitting with exit status 0.
//! Set `VSD_SKIP_TMUX=1` to skip it where tmux is not installed.

use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SESSION: &str = "vsd";
const WAIT: Duration = Duration::from_secs(10);

/// A tmux server of the test's own, killed when the test ends however it ends.
struct Tmux {
    socket: String,
    /// The socket file, removed at the end (kill-server leaves it behind).
    socket_path: Option<String>,
}

impl Tmux {
    fn start(args: &[&str]) -> Tmux {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut tmux = Tmux {
            socket: format!("vsd-test-{}-{nanos}", std::process::id()),
            socket_path: None,
        };
        let mut cmd = vec![
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            SESSION,
        ];
        cmd.extend_from_slice(args);
        // Keep the pane after the program exits so its exit status can be read.
        cmd.extend_from_slice(&[";", "set-option", "-t", SESSION, "remain-on-exit", "on"]);
        let out = tmux.run(&cmd);
        assert!(
            out.status.success(),
            "cannot start tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
        tmux.socket_path = (!path.is_empty()).then_some(path);
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        match Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
        {
            Ok(out) => out,
            Err(e) => panic!("cannot run tmux {args:?}: {e}"),
        }
    }

    fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", SESSION]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let out = self.run(&["send-keys", "-t", SESSION, key]);
            assert!(out.status.success(), "cannot send {key:?}");
            // One key per frame, as a person types.
            sleep(Duration::from_millis(150));
        }
    }

    /// Polls the screen until `ok` holds; fails with the last screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "timed out waiting for {what}; pane dead and exit status: {:?}; the screen was:\n{screen}",
                    self.pane_state()
                );
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// `#{pane_dead} #{pane_dead_status}` of the session's pane.
    fn pane_state(&self) -> String {
        let out = self.run(&[
            "display-message",
            "-p",
            "-t",
            SESSION,
            "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}",
        ]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

const STATUSES: &[&str] = &[
    "awaiting-desk",
    "awaiting-team",
    "resolved",
    "closed",
    "unfiled",
];

/// The keys of the list's rows, top to bottom (`-` for an unfiled request).
fn list_keys(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let key = words.next()?;
            let status = words.next()?;
            STATUSES
                .contains(&status)
                .then(|| key.to_string())
                .filter(|k| k == "-" || k.contains('-'))
        })
        .collect()
}

fn shows_issue_key(screen: &str) -> bool {
    screen
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .any(|w| {
            w.strip_prefix("VSD-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

#[test]
fn demo_in_a_real_terminal_lists_opens_helps_and_quits() {
    if !tmux_available() {
        if std::env::var("VSD_SKIP_TMUX").as_deref() == Ok("1") {
            eprintln!("tmux is not installed; skipped because VSD_SKIP_TMUX=1");
            return;
        }
        panic!(
            "this test needs tmux (apt-get install tmux); set VSD_SKIP_TMUX=1 to skip it where tmux cannot be installed"
        );
    }
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "demo"]);

    let list = tmux.wait_for(
        "the issue list with a VSD- key and an awaiting issue",
        |s| shows_issue_key(s) && s.contains("awaiting") && !list_keys(s).is_empty(),
    );
    let keys = list_keys(&list);
    let chosen = keys[2.min(keys.len() - 1)].clone();

    tmux.keys(&["j", "j", "Enter"]);
    let issue = tmux.wait_for(&format!("the issue view of {chosen}"), |s| {
        let first = s.lines().next().unwrap_or("");
        let expected_head = if chosen == "-" { "unfiled" } else { &chosen };
        first.starts_with(expected_head)
            && s.lines()
                .any(|l| l.starts_with("──") && (l.contains(" desk ") || l.contains(" team ")))
    });
    assert!(issue.contains("Subject:"), "{issue}");

    tmux.keys(&["Escape"]);
    tmux.wait_for("the list again", |s| {
        s.lines().next().is_some_and(|l| l.starts_with("vsd")) && list_keys(s).contains(&chosen)
    });

    tmux.keys(&["?"]);
    tmux.wait_for("the help overlay", |s| {
        s.contains("Help") && s.contains("quoted-history") && s.contains("this help")
    });

    tmux.keys(&["Escape"]);
    tmux.wait_for("the help to close", |s| !s.contains("this help"));

    tmux.keys(&["q"]);
    let start = Instant::now();
    loop {
        let state = tmux.pane_state();
        // tmux 3.3 leaves pane_dead_status empty for a zero exit status.
        if state == "1 0" || state == "1" {
            break;
        }
        if start.elapsed() > WAIT {
            panic!(
                "vsd did not exit cleanly after q (pane dead, status: {state:?}); the screen was:\n{}",
                tmux.screen()
            );
        }
        sleep(Duration::from_millis(100));
    }
}
