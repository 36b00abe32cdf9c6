//! `vsd init` as a new user meets it: from no config at all to a config that
//! syncs, against the private Dovecot; the refusals (an existing config, a
//! missing flag without a terminal, a folder the server lacks, a server that
//! does not answer); the questions on a real terminal (tmux); and the "no
//! config" and "no store" errors that point to `vsd init`.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::dovecot::{Dovecot, Options, PASSWORD, USER, free_port};
use support::scripted::tcp_server;
use support::smtp_sink::{SinkOptions, SmtpSink};
use support::tmux::{Tmux, require_tmux};

/// A new user's home: XDG config and data dirs in a temporary directory,
/// nothing in them yet.
struct NewUser {
    dir: tempfile::TempDir,
}

impl NewUser {
    fn new() -> NewUser {
        NewUser {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn data_home(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Where vsd looks for its config with these XDG dirs.
    fn config_path(&self) -> PathBuf {
        self.config_home().join("vsd").join("config.toml")
    }

    fn db_path(&self) -> PathBuf {
        self.data_home().join("vsd").join("vsd.db")
    }

    /// A file holding the password, read by `--password-command "cat FILE"`.
    fn password_file(&self) -> PathBuf {
        let p = self.dir.path().join("password");
        if !p.exists() {
            std::fs::write(&p, format!("{PASSWORD}\n")).expect("password file");
        }
        p
    }

    /// vsd with this home's XDG dirs, stdin not a terminal.
    fn vsd(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_vsd"))
            .args(args)
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.data_home())
            .env("HOME", self.dir.path())
            .env_remove("VSD_CONFIG")
            .env_remove("VSD_DB")
            .stdin(Stdio::null())
            .output()
            .expect("run vsd")
    }

    /// The flags of an account on the test Dovecot, over implicit TLS.
    fn account_flags(&self, d: &Dovecot) -> Vec<String> {
        vec![
            "init".into(),
            "--preset".into(),
            "imap".into(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            d.tls_port.to_string(),
            "--tls".into(),
            "implicit".into(),
            "--ca-file".into(),
            d.ca_file.display().to_string(),
            "--user".into(),
            USER.into(),
            "--password-command".into(),
            format!("cat {}", self.password_file().display()),
            "--desk".into(),
            "*@vipps.no".into(),
            "--team".into(),
            "*@example.com".into(),
        ]
    }
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn init_writes_a_config_at_the_xdg_path_that_connects_and_syncs() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let u = NewUser::new();
    let out = u.vsd(&strs(&u.account_flags(&d)));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let path = u.config_path();
    assert!(
        stdout.contains(&format!("wrote {}", path.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("connected to 127.0.0.1 as {USER}")),
        "{stdout}"
    );
    assert!(stdout.contains("found \"INBOX\", \"Sent\""), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("next: vsd sync, then vsd"),
        "{stdout}"
    );
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().expect("dir")), 0o700);

    let written = std::fs::read_to_string(&path).expect("config");
    assert!(
        written.contains("# implicit | starttls | none"),
        "{written}"
    );
    assert!(!written.contains(PASSWORD), "{written}");
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));
    let cfg = vsd::config::Config::load(&path).expect("the written config loads");
    let imap = cfg.imap.expect("[imap]");
    assert_eq!(imap.port(), d.tls_port);
    assert_eq!(imap.folders, vec!["INBOX", "Sent"]);
    assert_eq!(imap.ca_file.as_deref(), Some(d.ca_file.as_path()));
    assert_eq!(cfg.desk.addresses, vec!["*@vipps.no"]);
    assert_eq!(cfg.team.addresses, vec!["*@example.com"]);

    // What init said to run next works as it stands.
    let out = u.vsd(&["sync"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = u.vsd(&["list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let keys: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|i| i["key"].as_str())
        .collect();
    assert_eq!(keys, ["VSD-1002", "VSD-1001"]);
    assert!(u.db_path().exists());
}

#[test]
fn init_names_a_missing_folder_beside_the_servers_folders() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    // Søppelpost, as the server writes it (modified UTF-7).
    d.create_folder("S&APg-ppelpost");
    let u = NewUser::new();
    let mut flags = u.account_flags(&d);
    flags.extend(["--folders".into(), "INBOX,Sendte elementer".into()]);
    let out = u.vsd(&strs(&flags));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("folder \"Sendte elementer\" is not on 127.0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("\"Sent\" (its Sent folder)"), "{stderr}");
    assert!(stderr.contains("\"Søppelpost\""), "{stderr}");
    assert!(stderr.contains("\"INBOX\""), "{stderr}");
    assert!(
        stderr.contains(&format!("fix folders in {}", u.config_path().display())),
        "{stderr}"
    );
    // The file stays, for the user to fix.
    let cfg = vsd::config::Config::load(&u.config_path()).expect("written");
    assert_eq!(
        cfg.imap.expect("imap").folders,
        vec!["INBOX", "Sendte elementer"]
    );
}

#[test]
fn init_that_cannot_reach_the_server_leaves_the_file_and_says_what_to_check() {
    let Some(d) = Dovecot::start() else { return };
    let u = NewUser::new();
    let mut flags = u.account_flags(&d);
    let port = flags.iter().position(|f| f == "--port").expect("--port") + 1;
    flags[port] = free_port().to_string();
    let out = u.vsd(&strs(&flags));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("cannot connect to 127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("check host, port and tls in"), "{stderr}");
    assert!(stderr.contains("the file is written"), "{stderr}");
    assert!(u.config_path().exists());
}

#[test]
fn init_with_a_wrong_password_says_to_check_the_password_command() {
    let Some(d) = Dovecot::start() else { return };
    let u = NewUser::new();
    std::fs::write(u.password_file(), "not the password\n").expect("password");
    let out = u.vsd(&strs(&u.account_flags(&d)));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("check user and password_command in"),
        "{stderr}"
    );
    assert!(!stderr.contains("not the password"), "{stderr}");
}

#[test]
fn init_never_replaces_a_config_without_force() {
    let u = NewUser::new();
    let path = u.config_path();
    std::fs::create_dir_all(path.parent().expect("dir")).expect("dir");
    std::fs::write(&path, "# mine\n").expect("config");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let flags = [
        "init",
        "--host",
        "mail.example.org",
        "--user",
        "kari@example.org",
        "--password-command",
        "pass show mail",
        "--no-check",
    ];
    let out = u.vsd(&flags);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("a config already exists at {}", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "# mine\n");

    let mut forced = flags.to_vec();
    forced.push("--force");
    let out = u.vsd(&forced);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cfg = vsd::config::Config::load(&path).expect("replaced");
    assert_eq!(cfg.imap.expect("imap").host, "mail.example.org");
    assert_eq!(
        mode(&path),
        0o600,
        "the old file's mode does not carry over"
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["config.toml"]);
}

#[test]
fn init_without_a_terminal_names_the_missing_flag_and_writes_nothing() {
    let u = NewUser::new();
    let out = u.vsd(&["init", "--host", "mail.example.org"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("vsd init needs --user"), "{stderr}");
    assert!(stderr.contains("not a terminal"), "{stderr}");
    assert!(!u.config_path().exists());

    let missing_ca = u.dir.path().join("no-such-ca.pem");
    let out = u.vsd(&[
        "init",
        "--host",
        "mail.example.org",
        "--user",
        "kari@example.org",
        "--password-command",
        "pass show mail",
        "--ca-file",
        missing_ca.to_str().expect("path"),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot use --ca-file {}", missing_ca.display())),
        "{stderr}"
    );
    assert!(!u.config_path().exists());

    let out = u.vsd(&["init", "--preset", "gmail", "--user", "kari@example.org"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--token-command"), "{stderr}");
    assert!(!u.config_path().exists());
}

#[test]
fn init_with_config_names_the_file_in_the_next_commands() {
    let u = NewUser::new();
    let path = u.dir.path().join("my dir").join("vsd.toml");
    let out = u.vsd(&[
        "--config",
        path.to_str().expect("path"),
        "init",
        "--host",
        "mail.example.org",
        "--user",
        "kari@example.org",
        "--password-command",
        "pass show mail",
        "--no-check",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let quoted = format!("'{}'", path.display());
    assert!(
        stdout.contains(&format!(
            "next: vsd --config {quoted} sync, then vsd --config {quoted}"
        )),
        "{stdout}"
    );
    assert!(path.exists() && !u.config_path().exists());
}

#[test]
fn no_config_and_no_store_errors_name_the_path_and_point_to_init() {
    let u = NewUser::new();
    let cfg = u.config_path().display().to_string();
    let db = u.db_path().display().to_string();
    for args in [&["list"][..], &[][..], &["status", "VSD-1"][..]] {
        let out = u.vsd(args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("no store at {db} and no config at {cfg}")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("run `vsd init`"), "{args:?}: {stderr}");
    }
    let out = u.vsd(&["sync"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot sync: no config at {cfg}: run `vsd init`")),
        "{stderr}"
    );
    let missing = u.dir.path().join("nowhere.toml");
    let out = u.vsd(&["--config", missing.to_str().expect("path"), "list"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("no config at {}", missing.display())),
        "{stderr}"
    );
    assert!(stderr.contains("init` to write one"), "{stderr}");

    // A config without an account: sync says which file lacks [imap].
    std::fs::create_dir_all(u.config_home().join("vsd")).expect("dir");
    std::fs::write(u.config_path(), "[team]\naddresses = [\"*@example.com\"]\n").expect("cfg");
    let out = u.vsd(&["sync"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot sync: {cfg} has no [imap] section")),
        "{stderr}"
    );
    assert!(stderr.contains("vsd init --force"), "{stderr}");
    let out = u.vsd(&["list"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("no store at {db}: run `vsd sync`")),
        "{stderr}"
    );
    assert!(stderr.contains("vsd init --force"), "{stderr}");

    // A draft needs a sender: the message names the file to put it in.
    std::fs::remove_file(u.config_path()).expect("rm config");
    let eml = u.dir.path().join("new.eml");
    let out = u.vsd(&["draft", "new", "--out", eml.to_str().expect("path")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("under [team] in {cfg} (no config yet? `vsd init`")),
        "{stderr}"
    );
}

#[test]
fn folder_names_from_the_server_reach_the_terminal_without_control_sequences() {
    let (port, transcript) = tcp_server(vec![
        ("", "* OK ready\r\n"),
        // Asked before the greeting is read, so that a TLS port is found at once.
        ("s1 CAPABILITY", "* CAPABILITY IMAP4rev1\r\ns1 OK done\r\n"),
        ("a1 LOGIN", "a1 OK logged in\r\n"),
        ("a2 CAPABILITY", "* CAPABILITY IMAP4rev1\r\na2 OK done\r\n"),
        (
            "a3 LIST",
            "* LIST () \"/\" INBOX\r\n* LIST () \"/\" {10}\r\nEvil\x1b[31mX\r\na3 OK done\r\n",
        ),
        ("LOGOUT", "* BYE bye\r\na4 OK done\r\n"),
    ]);
    let u = NewUser::new();
    let out = u.vsd(&[
        "init",
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--tls",
        "none",
        "--user",
        USER,
        "--password-command",
        "echo secret",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("folder \"Sent\" is not on 127.0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("Evil"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(!text(&out.stdout).contains('\x1b'));
    assert!(transcript.after_close().contains("LIST \"\" \"*\""));
}

/// The ```toml block of the README's Configuration section.
fn readme_config() -> String {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("\n## Configuration")
        .nth(1)
        .expect("a Configuration section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let block = section
        .split("```toml\n")
        .nth(1)
        .expect("a ```toml block in Configuration");
    block.split("```").next().expect("closed block").to_string()
}

#[test]
fn the_readme_example_config_loads() {
    let text = readme_config();
    let cfg = vsd::config::Config::parse_str(&text, "README.md").expect("the README's config");
    let imap = cfg.imap.as_ref().expect("an [imap] section");
    assert!(imap.password_command.is_some());
    assert!(
        cfg.desk.addresses.iter().any(|a| a.starts_with("*@")),
        "the desk as a domain: {:?}",
        cfg.desk.addresses
    );
    assert!(!cfg.team.addresses.is_empty());
}

/// A shell in tmux with this home's XDG dirs and `vsd` on the PATH, as a
/// new user has it.
fn shell(u: &NewUser) -> Tmux {
    let bin = Path::new(env!("CARGO_BIN_EXE_vsd"))
        .parent()
        .expect("bin dir")
        .display()
        .to_string();
    let path = format!(
        "PATH={bin}:{}",
        std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into())
    );
    let config_home = format!("XDG_CONFIG_HOME={}", u.config_home().display());
    let data_home = format!("XDG_DATA_HOME={}", u.data_home().display());
    let home = format!("HOME={}", u.dir.path().display());
    Tmux::start(&[
        "env",
        "-u",
        "VSD_CONFIG",
        "-u",
        "VSD_DB",
        &path,
        &config_home,
        &data_home,
        &home,
        "PS1=$ ",
        "TERM=xterm-256color",
        "sh",
    ])
}

/// Types a line into the shell, as a person would.
fn type_line(tmux: &Tmux, line: &str) {
    let out = tmux.run(&["send-keys", "-t", support::tmux::SESSION, "-l", line]);
    assert!(out.status.success(), "cannot type {line:?}");
    tmux.keys(&["Enter"]);
}

/// From no config to a reply sent from the TUI, as a new user goes: `vsd
/// init` with the harness's IMAP and submission ports, `vsd sync`, `vsd`,
/// then `r` on the issue, the editor, the check, the review and `s` (send).
/// Dovecot's submission service relays to the test's sink, which must get
/// the reply once, threaded on the issue the user had selected.
#[test]
fn a_new_user_goes_from_no_config_to_a_synced_tui_and_sends_a_reply() {
    if !require_tmux() {
        return;
    }
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = Dovecot::start_with(Options {
        submission_relay: Some(sink.port),
        oauth2: false,
    }) else {
        return;
    };
    d.create_folder("Sent");
    support::mail::serve(&d);
    let u = NewUser::new();
    let editor = u.dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'The new build shows the page again. Thank you.\\n' > \"$1\"\n",
    )
    .expect("editor");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let tmux = shell(&u);
    let mut flags = u.account_flags(&d);
    flags.extend([
        "--smtp-host".into(),
        "127.0.0.1".into(),
        "--smtp-port".into(),
        d.submission_port.to_string(),
        "--smtp-tls".into(),
        "starttls".into(),
    ]);
    let command: Vec<String> = flags.iter().map(|a| format!("'{a}'")).collect();
    type_line(&tmux, &format!("clear; vsd {}", command.join(" ")));
    tmux.wait_for("init's next step", |s| {
        s.contains("next: vsd sync, then vsd")
    });
    type_line(&tmux, "clear; vsd sync");
    tmux.wait_for("the sync's summary", |s| {
        s.contains("vsd sync: 6 new messages, 2 new issues")
    });
    type_line(&tmux, &format!("clear; EDITOR={} vsd", editor.display()));
    let screen = tmux.wait_for("the synced issues in the TUI", |s| {
        s.contains("VSD-1001") && s.contains("VSD-1002") && s.contains("Login page is blank")
    });
    assert!(screen.contains("awaiting-team"), "{screen}");
    tmux.keys(&["r"]);
    tmux.wait_for("the offer to send", |s| {
        s.contains("The draft passes the desk's rules") && s.contains("(s)end, (e)dit again")
    });
    type_line(&tmux, "s");
    let sent = tmux.wait_for("the send's result", |s| {
        s.contains("Press Enter") && (s.contains("Sent to") || s.contains("Not sent"))
    });
    assert!(sent.contains("Sent to integration@vipps.no"), "{sent}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list with the send noted", |s| {
        s.contains("VSD-1001") && s.contains("\nsent vsd.")
    });
    tmux.keys(&["q"]);
    tmux.wait_for("the shell again", |s| {
        s.lines().any(|l| l.trim_end() == "$")
    });

    let got = sink.received();
    assert_eq!(got.len(), 1, "the sink got {} messages", got.len());
    assert_eq!(got[0].mail_from, USER);
    assert!(
        got[0].rcpt_to.iter().any(|r| r == "integration@vipps.no"),
        "{:?}",
        got[0].rcpt_to
    );
    let text = String::from_utf8_lossy(&got[0].data);
    assert!(
        text.contains("The new build shows the page again"),
        "{text}"
    );
    assert!(
        text.contains("Subject: Re: [VSD-1001]") || text.contains("Subject: Re: [VSD-1002]"),
        "the reply keeps an issue's Subject: {text}"
    );
    assert!(text.contains("In-Reply-To: <"), "{text}");
    let log = u.vsd(&["log", "--json"]);
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("\"sent\""), "{log}");
}

#[test]
fn init_asks_on_a_terminal_for_what_the_flags_leave_out() {
    if !require_tmux() {
        return;
    }
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let u = NewUser::new();
    let tmux = shell(&u);
    let ca = d.ca_file.display().to_string();
    type_line(
        &tmux,
        &format!(
            "clear; vsd init --preset imap --host 127.0.0.1 --ca-file '{ca}' --folders INBOX,Outbox"
        ),
    );
    tmux.wait_for("the TLS question", |s| {
        s.contains("TLS (implicit, starttls, none) [implicit]:")
    });
    type_line(&tmux, "");
    tmux.wait_for("the port question", |s| s.contains("IMAP port [993]:"));
    type_line(&tmux, &d.tls_port.to_string());
    tmux.wait_for("the user question", |s| s.contains("User name"));
    type_line(&tmux, USER);
    tmux.wait_for("the sign-in question", |s| {
        s.contains("Sign in with (password, xoauth2, oauthbearer) [password]:")
    });
    type_line(&tmux, "");
    tmux.wait_for("the password command question", |s| {
        s.contains("Command that prints the password")
    });
    type_line(&tmux, &format!("cat {}", u.password_file().display()));
    tmux.wait_for("the desk question", |s| s.contains("[*@vipps.no]:"));
    type_line(&tmux, "");
    tmux.wait_for("the team question", |s| s.contains("[*@example.com]:"));
    type_line(&tmux, "");
    tmux.wait_for("the SMTP question", |s| s.contains("SMTP server"));
    type_line(&tmux, "");
    // Outbox is not on the server: init lists what is and asks again.
    tmux.wait_for("the folder question", |s| {
        s.contains("folder \"Outbox\" is not on 127.0.0.1")
            && s.contains("\"Sent\" (its Sent folder)")
            && s.contains("Folders to sync, comma-separated [INBOX, Sent]:")
    });
    type_line(&tmux, "INBOX, Outbox");
    tmux.wait_for("the folder question again", |s| {
        s.contains("The server has no folder \"Outbox\". Folders to sync")
    });
    type_line(&tmux, "");
    let screen = tmux.wait_for("init's next step", |s| {
        s.contains("next: vsd sync, then vsd")
    });
    assert!(screen.contains("connected to 127.0.0.1"), "{screen}");
    assert!(screen.contains("found \"INBOX\", \"Sent\""), "{screen}");
    let cfg = vsd::config::Config::load(&u.config_path()).expect("written");
    let imap = cfg.imap.expect("imap");
    assert_eq!(imap.user, USER);
    assert_eq!(imap.port(), d.tls_port);
    assert_eq!(imap.folders, vec!["INBOX", "Sent"]);
    assert_eq!(cfg.desk.addresses, vec!["*@vipps.no"]);
    assert_eq!(cfg.team.addresses, vec!["*@example.com"]);
}
