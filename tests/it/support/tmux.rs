//! A real terminal for end-to-end tests: a private tmux server on its own
//! socket, keys sent with send-keys, the screen read with capture-pane.
#![allow(dead_code)]

use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const SESSION: &str = "vsd";
/// How long a wait gives up after: a guard against a hang, long enough for
/// a loaded machine (a TUI beside a first sync can take seconds), never a
/// measurement.
pub const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of the test's own, killed when the test ends however it ends.
pub struct Tmux {
    socket: String,
    /// The socket file, removed at the end (kill-server leaves it behind).
    socket_path: Option<String>,
}

impl Tmux {
    pub fn start(args: &[&str]) -> Tmux {
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

    pub fn run(&self, args: &[&str]) -> Output {
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

    pub fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", SESSION]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            let out = self.run(&["send-keys", "-t", SESSION, key]);
            assert!(out.status.success(), "cannot send {key:?}");
            // One key per frame, as a person types.
            sleep(Duration::from_millis(150));
        }
    }

    /// Polls the screen until `ok` holds; fails with the last screen.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
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
    pub fn pane_state(&self) -> String {
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

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Panics with a clear message when tmux is missing, unless `VSD_SKIP_TMUX=1`.
pub fn require_tmux() -> bool {
    if tmux_available() {
        return true;
    }
    if std::env::var("VSD_SKIP_TMUX").as_deref() == Ok("1") {
        eprintln!("tmux is not installed; skipped because VSD_SKIP_TMUX=1");
        return false;
    }
    panic!(
        "this test needs tmux (apt-get install tmux); set VSD_SKIP_TMUX=1 to skip it where tmux cannot be installed"
    );
}
