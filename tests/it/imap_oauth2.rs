//! OAuth2 sign-in against the test Dovecot's oauth2 passdb: XOAUTH2 and
//! OAUTHBEARER with the token `token_command` prints, a refused token (a
//! clear error and exit 3, never a hang), a fresh token at every connect, and
//! a session dropped during IDLE (as Microsoft 365 drops one whose token
//! expired) mended with a new token without an error reaching the user, in
//! `vsd sync --watch` and in the background worker the TUI runs. The token
//! must be in no file vsd wrote and in none of its output.
//!
//! A failed sign-in makes Dovecot delay the next one from 127.0.0.1 by
//! seconds, so each test that fails one has a Dovecot of its own.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};
use support::dovecot::{Dovecot, Options, USER};
use support::mail;
use vsd::config::Config;
use vsd::imap::{self, Credentials, ImapError};
use vsd::sync::{self, SyncEvent};

const TOKEN_1: &str = "ya29.test-token-one-7f3a9c";
const TOKEN_2: &str = "ya29.test-token-two-b41e02";

fn oauth2_dovecot() -> Option<Dovecot> {
    Dovecot::start_with(Options::oauth2())
}

/// A token helper: `cat` of a file the test rewrites to "refresh" the token.
struct Helper {
    dir: tempfile::TempDir,
}

impl Helper {
    fn new(token: &str) -> Helper {
        let h = Helper {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        h.set(token);
        h
    }
    fn file(&self) -> PathBuf {
        self.dir.path().join("token")
    }
    fn set(&self, token: &str) {
        std::fs::write(self.file(), format!("{token}\nsecond line is ignored\n")).expect("token");
    }
    fn command(&self) -> String {
        format!("cat '{}'", self.file().display())
    }
}

fn imap_cfg(d: &Dovecot, auth: &str, helper: &Helper) -> vsd::config::ImapConfig {
    Config::parse_str(
        &d.oauth2_config_toml(&["INBOX"], auth, &helper.command()),
        "t.toml",
    )
    .expect("config")
    .imap
    .expect("[imap]")
}

fn sign_in_and_select(auth: &str) {
    let Some(d) = oauth2_dovecot() else { return };
    d.append("INBOX", &[mail::late_reply()]);
    d.introspect().allow(TOKEN_1, USER);
    let helper = Helper::new(TOKEN_1);
    let cfg = imap_cfg(&d, auth, &helper);
    let credential = imap::credential(&cfg).expect("a token");
    assert!(!format!("{credential:?}").contains(TOKEN_1));
    let mut s = imap::connect(&cfg, &credential).expect("sign in with the token");
    assert_eq!(s.select("INBOX").expect("select").exists, 1);
    s.logout();
    assert_eq!(d.introspect().asked(), vec![TOKEN_1.to_string()]);
}

#[test]
fn xoauth2_signs_in_with_the_token_command_token() {
    sign_in_and_select("xoauth2");
}

#[test]
fn oauthbearer_signs_in_with_the_token_command_token() {
    sign_in_and_select("oauthbearer");
}

fn refused(auth: &str, mechanism: &str) {
    let Some(d) = oauth2_dovecot() else { return };
    // TOKEN_1 is active for nobody: expired, or revoked.
    let helper = Helper::new(TOKEN_1);
    let cfg = imap_cfg(&d, auth, &helper);
    let e = Credentials::new()
        .connect(&cfg)
        .err()
        .expect("a refused token is an error");
    let text = e.to_string();
    assert!(matches!(e, ImapError::TokenRefused { .. }), "{text}");
    assert!(
        text.starts_with(&format!(
            "cannot sign in to 127.0.0.1 as {USER} with {mechanism}: the server refused the token"
        )),
        "{text}"
    );
    assert!(text.contains("check token_command"), "{text}");
    assert!(!text.contains(TOKEN_1), "{text}");
    assert_eq!(e.exit_code(), 3);
    assert_eq!(d.introspect().asked(), vec![TOKEN_1.to_string()]);
}

#[test]
fn refused_xoauth2_token_is_a_clear_error_not_a_hang() {
    refused("xoauth2", "XOAUTH2");
}

#[test]
fn refused_oauthbearer_token_is_a_clear_error_not_a_hang() {
    refused("oauthbearer", "OAUTHBEARER");
}

#[test]
fn a_server_without_the_mechanism_says_to_check_auth() {
    // The plain test Dovecot offers PLAIN and LOGIN only.
    let Some(d) = Dovecot::start() else { return };
    let helper = Helper::new(TOKEN_1);
    let cfg = imap_cfg(&d, "xoauth2", &helper);
    let e = Credentials::new().connect(&cfg).err().expect("refused");
    let text = e.to_string();
    assert!(matches!(e, ImapError::MechanismRefused { .. }), "{text}");
    assert!(text.contains("check auth under [imap]"), "{text}");
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn every_connect_runs_token_command_again() {
    let Some(d) = oauth2_dovecot() else { return };
    let server = d.introspect();
    server.allow(TOKEN_1, USER);
    server.allow(TOKEN_2, USER);
    let helper = Helper::new(TOKEN_1);
    let cfg = imap_cfg(&d, "xoauth2", &helper);
    let mut credentials = Credentials::new();
    credentials.connect(&cfg).expect("first").logout();
    helper.set(TOKEN_2);
    credentials.connect(&cfg).expect("second").logout();
    assert_eq!(
        server.asked(),
        vec![TOKEN_1.to_string(), TOKEN_2.to_string()]
    );
}

/// A home for the vsd binary: its config and store in one directory, so
/// every file vsd writes can be searched for the token afterwards.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(config: &str) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.toml"), config).expect("config");
        Home { dir }
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("vsd.db")
    }
    fn command(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"));
        c.arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .arg("--db")
            .arg(self.db())
            .env("VSD_LOG", "debug")
            .stdin(Stdio::null());
        c
    }
}

/// Every file under `dir` that holds `needle` (as bytes).
fn files_holding(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if let Ok(bytes) = std::fs::read(&p)
                && memchr::memmem::find(&bytes, needle.as_bytes()).is_some()
            {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn sync_with_a_refused_token_exits_3_and_says_what_to_check() {
    let Some(d) = oauth2_dovecot() else { return };
    let helper = Helper::new(TOKEN_1);
    let home = Home::new(&d.oauth2_config_toml(&["INBOX"], "xoauth2", &helper.command()));
    let out = home.command().arg("sync").output().expect("run vsd sync");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("the server refused the token"), "{stderr}");
    assert!(stderr.contains("check token_command"), "{stderr}");
    assert!(!stderr.contains(TOKEN_1) && !String::from_utf8_lossy(&out.stdout).contains(TOKEN_1));
    assert_eq!(
        files_holding(home.dir.path(), TOKEN_1),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn sync_with_a_failing_token_command_exits_2_and_names_it() {
    let Some(d) = oauth2_dovecot() else { return };
    let home = Home::new(&d.oauth2_config_toml(
        &["INBOX"],
        "oauthbearer",
        "echo 'refresh token expired: run oama authorize' >&2; exit 1",
    ));
    let out = home.command().arg("sync").output().expect("run vsd sync");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "cannot get an OAuth2 access token: token_command failed (exit status: 1): \
             refresh token expired: run oama authorize"
        ),
        "{stderr}"
    );
    assert!(d.introspect().asked().is_empty());
}

/// Waits for `cond`, failing after `limit` (a guard against a hang, not a
/// measurement).
fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Messages in the store of a running vsd. Read-only: opening it as a
/// `Store` would race vsd's own migration of a new file.
fn stored(db: &Path) -> u64 {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get::<_, i64>(0)))
        .map(|n| n as u64)
        .unwrap_or(0)
}

/// The watch's token expires while it waits in IDLE: the server drops the
/// session (`doveadm kick`, the local stand-in for Microsoft 365's
/// `* BYE … AccessTokenExpired`), the old token is no longer accepted, and
/// the watch signs in again with the helper's new token and applies the next
/// mail, with no error on its output.
#[test]
fn token_expired_during_idle_watch_signs_in_again_with_a_fresh_token() {
    let Some(d) = oauth2_dovecot() else { return };
    mail::serve(&d);
    let server = d.introspect();
    server.allow(TOKEN_1, USER);
    let helper = Helper::new(TOKEN_1);
    let home = Home::new(&d.oauth2_config_toml(&["INBOX", "Sent"], "xoauth2", &helper.command()));
    let err_path = home.dir.path().join("watch.err");
    let out_path = home.dir.path().join("watch.out");
    let mut child = home
        .command()
        .args(["sync", "--watch"])
        .stdout(std::fs::File::create(&out_path).expect("out"))
        .stderr(std::fs::File::create(&err_path).expect("err"))
        .spawn()
        .expect("start vsd sync --watch");
    let db = home.db();
    let first = 6;
    let watch = || {
        // Stored and told; the kick may still meet the team state's step,
        // which signs in again as quietly as IDLE does.
        wait_for("the first sync", Duration::from_secs(30), || {
            stored(&db) == first
                && std::fs::read_to_string(&err_path)
                    .is_ok_and(|e| e.contains("vsd sync: 6 new messages"))
        });
        // The token expires: the helper hands out a new one, the old one is
        // refused from now on, and the server ends the session.
        server.allow(TOKEN_2, USER);
        helper.set(TOKEN_2);
        server.revoke(TOKEN_1);
        d.kick(USER);
        assert!(
            server.wait_asked(TOKEN_2, Duration::from_secs(30)),
            "the watch never signed in with the fresh token: {:?}",
            server.asked()
        );
        d.append("INBOX", &[mail::late_reply()]);
        // Stored, and told (the line comes after the store's write).
        wait_for("the next mail", Duration::from_secs(30), || {
            stored(&db) == first + 1
                && std::fs::read_to_string(&err_path)
                    .is_ok_and(|e| e.contains("vsd sync: 1 new messages"))
        });
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(watch));
    child.kill().expect("stop the watch");
    child.wait().expect("reap the watch");
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    if let Err(p) = result {
        eprintln!(
            "vsd sync --watch said:\n{stderr}\ndovecot log:\n{}",
            d.log()
        );
        std::panic::resume_unwind(p);
    }
    assert!(
        !stderr.lines().any(|l| l.contains("cannot")),
        "the user saw an error:\n{stderr}"
    );
    for token in [TOKEN_1, TOKEN_2] {
        assert!(!stderr.contains(token));
        assert_eq!(files_holding(home.dir.path(), token), Vec::<PathBuf>::new());
    }
    // The log was written (so the check above looked at something).
    assert!(home.db().with_file_name("vsd.log").exists());
}

/// The same for the background worker of the TUI: no `Error` event, the
/// next mail arrives.
#[test]
fn token_expired_during_idle_worker_signs_in_again_without_an_error_event() {
    let Some(d) = oauth2_dovecot() else { return };
    mail::serve(&d);
    let server = d.introspect();
    server.allow(TOKEN_1, USER);
    let helper = Helper::new(TOKEN_1);
    let cfg = Config::parse_str(
        &d.oauth2_config_toml(&["INBOX"], "oauthbearer", &helper.command()),
        "t.toml",
    )
    .expect("config");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vsd.db");
    let (_h, rx) = sync::spawn_worker(&cfg, &db);
    let next = || match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(SyncEvent::Error(e)) => panic!("the user saw an error: {e}"),
        Ok(e) => e,
        Err(RecvTimeoutError::Timeout) => panic!("no event"),
        Err(RecvTimeoutError::Disconnected) => panic!("worker ended"),
    };
    while next() != SyncEvent::Idle {}
    server.allow(TOKEN_2, USER);
    helper.set(TOKEN_2);
    server.revoke(TOKEN_1);
    d.kick(USER);
    assert!(server.wait_asked(TOKEN_2, Duration::from_secs(30)));
    d.append("INBOX", &[mail::late_reply()]);
    loop {
        if let SyncEvent::NewMail { new_messages, .. } = next() {
            assert_eq!(new_messages, 1);
            break;
        }
    }
    assert_eq!(
        server.asked(),
        vec![TOKEN_1.to_string(), TOKEN_2.to_string()]
    );
}

/// When the fresh sign-in after a drop fails too, the user is told, with
/// both what happened to the session and why signing in again failed.
#[test]
fn a_drop_then_a_refused_token_is_told_with_both_causes() {
    let Some(d) = oauth2_dovecot() else { return };
    let server = d.introspect();
    server.allow(TOKEN_1, USER);
    let helper = Helper::new(TOKEN_1);
    let cfg = Config::parse_str(
        &d.oauth2_config_toml(&["INBOX"], "xoauth2", &helper.command()),
        "t.toml",
    )
    .expect("config");
    let dir = tempfile::tempdir().expect("tempdir");
    let (_h, rx) = sync::spawn_worker(&cfg, &dir.path().join("vsd.db"));
    let next = || rx.recv_timeout(Duration::from_secs(30)).expect("an event");
    loop {
        match next() {
            SyncEvent::Idle => break,
            SyncEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    }
    // The helper still prints the token the server no longer takes.
    server.revoke(TOKEN_1);
    d.kick(USER);
    let e = loop {
        if let SyncEvent::Error(e) = next() {
            break e;
        }
    };
    // What ended the session (a BYE, or the socket closing, whichever the
    // worker saw first), then why signing in again failed.
    let (drop, then) = e.split_once("; then ").expect("both causes");
    assert!(
        drop.starts_with("cannot ") && drop.contains(" on 127.0.0.1: "),
        "{e}"
    );
    assert!(
        then.starts_with("cannot sign in to 127.0.0.1") && then.contains("refused the token"),
        "{e}"
    );
    assert!(!e.contains(TOKEN_1), "{e}");
}

/// `vsd draft … --save` signs in with a token too, and the token is in
/// neither the saved draft nor any file vsd wrote.
#[test]
fn draft_save_signs_in_with_a_token() {
    let Some(d) = oauth2_dovecot() else { return };
    mail::serve(&d);
    d.create_folder("Drafts");
    let server = d.introspect();
    server.allow(TOKEN_1, USER);
    let helper = Helper::new(TOKEN_1);
    let home =
        Home::new(&d.oauth2_config_toml(&["INBOX", "Sent"], "oauthbearer", &helper.command()));
    let out = home.command().arg("sync").output().expect("sync");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = home.dir.path().join("body.txt");
    std::fs::write(&body, "We use API version 2.\n").expect("body");
    let out = home
        .command()
        .args(["draft", "reply", "VSD-1001", "--body-file"])
        .arg(&body)
        .arg("--save")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .output()
        .expect("draft");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(TOKEN_1) && !String::from_utf8_lossy(&out.stdout).contains(TOKEN_1));
    // Signed in twice (sync, then the draft), each time with the token.
    assert_eq!(
        server.asked(),
        vec![TOKEN_1.to_string(), TOKEN_1.to_string()]
    );
    let mut s = d.session();
    s.select("Drafts").expect("select");
    let fetched = s.uid_fetch("1:*", "BODY.PEEK[]").expect("fetch");
    assert_eq!(fetched.len(), 1);
    let raw = fetched.iter().next().and_then(|f| f.body()).expect("body");
    assert!(memchr::memmem::find(raw, b"API version 2").is_some());
    assert!(memchr::memmem::find(raw, TOKEN_1.as_bytes()).is_none());
    assert_eq!(
        files_holding(home.dir.path(), TOKEN_1),
        Vec::<PathBuf>::new()
    );
}

fn token(mechanism: imap::Mechanism, t: &str) -> imap::Credential {
    imap::Credential::Token {
        mechanism,
        token: vsd::secret::Secret::new(t.to_string()),
    }
}

/// What the client wrote, each line base64-decoded where it is a SASL
/// response (not a command).
fn sasl_lines(written: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    String::from_utf8_lossy(written)
        .split("\r\n")
        .filter(|l| !l.starts_with('a'))
        .map(|l| {
            base64::engine::general_purpose::STANDARD
                .decode(l)
                .expect("base64")
        })
        .collect()
}

/// The refusal as Gmail and Microsoft 365 send it: a challenge holding a
/// JSON error, which must be answered before the tagged NO comes.
#[test]
fn refused_token_challenge_is_answered_then_reported() {
    // {"status":"401","schemes":"bearer","scope":"mail"}
    let script = "* OK ready\r\n+ \r\n+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0=\r\na1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n";
    for (mechanism, answer) in [
        (imap::Mechanism::XOAuth2, Vec::new()),
        (imap::Mechanism::OAuthBearer, vec![0x01]),
    ] {
        let stream = support::scripted::ScriptedStream::new(script.as_bytes());
        let written = stream.written.clone();
        let e = imap::login(
            stream,
            "scripted",
            USER,
            &token(mechanism, TOKEN_1),
            true,
            false,
        )
        .err()
        .expect("refused");
        let text = e.to_string();
        assert!(matches!(e, ImapError::TokenRefused { .. }), "{text}");
        assert!(
            text.contains("(NO Authentication failed.; status 401)")
                || text.contains("Authentication failed.; status 401"),
            "{text}"
        );
        assert!(!text.contains(TOKEN_1), "{text}");
        let w = written.lock().expect("lock").clone();
        assert!(
            String::from_utf8_lossy(&w)
                .starts_with(&format!("a1 AUTHENTICATE {}\r\n", mechanism.name())),
            "{}",
            String::from_utf8_lossy(&w)
        );
        let lines = sasl_lines(&w);
        let first = String::from_utf8_lossy(&lines[0]).into_owned();
        assert!(
            first.contains(&format!("auth=Bearer {TOKEN_1}\x01\x01")),
            "{first:?}"
        );
        assert_eq!(lines[1], answer, "{mechanism:?}");
    }
}

/// Microsoft 365 ends a session whose token expired with a BYE during
/// IDLE: that is a closed session (the worker signs in again), named with
/// the server's words, and never mistaken for new mail.
#[test]
fn bye_access_token_expired_in_idle_is_a_closed_session() {
    imap::quiet_imap_panics();
    let script = "* OK ready\r\n+ \r\na1 OK authenticated\r\n* CAPABILITY IMAP4rev1 IDLE\r\na2 OK done\r\n\
                  * 0 EXISTS\r\n* OK [UIDVALIDITY 1] v\r\na3 OK selected\r\n\
                  + idling\r\n* BYE Session invalidated - AccessTokenExpired\r\n";
    let stream = support::scripted::ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(
        stream,
        "scripted",
        USER,
        &token(imap::Mechanism::XOAuth2, TOKEN_1),
        true,
        false,
    )
    .expect("signed in");
    s.select("INBOX").expect("select");
    let e = s
        .idle(
            Duration::from_secs(5),
            Duration::from_secs(5),
            Duration::from_secs(5),
            || false,
        )
        .expect_err("the session is closed");
    assert!(matches!(e, ImapError::Closed { .. }), "{e}");
    assert!(e.is_connection_problem());
    assert!(e.to_string().contains("AccessTokenExpired"), "{e}");
    let e = s.noop().expect_err("and stays closed");
    assert!(matches!(e, ImapError::Closed { .. }), "{e}");
}

/// The same in the TUI, in a real terminal: the token expires while the
/// worker waits in IDLE, the worker signs in again with the helper's fresh
/// token, and the next mail shows in the list with no error in the footer.
#[test]
fn token_expired_during_idle_in_the_tui_is_mended_without_the_user_seeing_it() {
    use support::tmux::{Tmux, require_tmux};
    if !require_tmux() {
        return;
    }
    let Some(d) = oauth2_dovecot() else { return };
    mail::serve(&d);
    let server = d.introspect();
    server.allow(TOKEN_1, USER);
    let helper = Helper::new(TOKEN_1);
    // Through a proxy that shows when the worker waits in IDLE.
    let proxy = support::proxy::Proxy::start("127.0.0.1", d.plain_port, None);
    let config_text = d
        .oauth2_config_toml(&["INBOX", "Sent"], "xoauth2", &helper.command())
        .replace(
            &format!("port = {}\n", d.plain_port),
            &format!("port = {}\n", proxy.port),
        );
    let home = Home::new(&config_text);
    let config = home.dir.path().join("config.toml");
    let db = home.db();
    let tmux = Tmux::start(&[
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        config.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    let before = tmux.wait_for("the synced issues", |s| {
        s.lines().any(|l| {
            l.get(3..).is_some_and(|r| r.starts_with("VSD-1002")) && l.contains("awaiting-desk")
        })
    });
    assert!(before.contains("VSD-1001"), "{before}");
    // The list shows the first sync's end, after which the worker goes to
    // IDLE; the kick comes once the server has answered its IDLE.
    wait_for("the first sync stored", Duration::from_secs(30), || {
        stored(&db) == 6
    });
    proxy.wait_any_in_idle();
    server.allow(TOKEN_2, USER);
    helper.set(TOKEN_2);
    server.revoke(TOKEN_1);
    d.kick(USER);
    assert!(
        server.wait_asked(TOKEN_2, Duration::from_secs(30)),
        "the TUI's worker never signed in with the fresh token: {:?}",
        server.asked()
    );
    d.append("INBOX", &[mail::late_reply()]);
    let after = tmux.wait_for("the desk's reply, live", |s| {
        s.lines().any(|l| {
            l.get(3..).is_some_and(|r| r.starts_with("VSD-1002")) && l.contains("awaiting-team")
        })
    });
    let footer = after
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    assert!(
        !footer.contains("cannot") && !footer.contains("refused") && !footer.contains("error"),
        "the user saw an error: {after}"
    );
    tmux.keys(&["q"]);
    for token in [TOKEN_1, TOKEN_2] {
        assert!(!after.contains(token));
        assert_eq!(files_holding(home.dir.path(), token), Vec::<PathBuf>::new());
    }
}
