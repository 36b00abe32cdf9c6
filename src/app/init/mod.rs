//! `vsd init`: the first run. It gathers the account (a preset for
//! Microsoft 365 or Gmail, or a plain IMAP host), how vsd signs in, the
//! folders, who the desk is (a domain, so every address the desk sends from
//! counts) and who the team is, and SMTP for sending; from flags, or by
//! asking line by line when stdin is a terminal. It writes a commented config
//! (0600, at the XDG path or `--config`), never over an existing one without
//! `--force`, then loads what it wrote, connects, lists the server's folders
//! when a configured one is missing, and says what to run next.
//!
//! Gathering ([`gather`]) and writing the text ([`render`]) do no I/O, so the
//! questions and the file are tested without a terminal or a server.

mod args;
mod probe;
mod questions;
mod render;

pub use args::{Auth, InitArgs, Preset, Tls};
pub use questions::{Answers, Ask, DEFAULT_DESK, LinePrompt, SmtpAnswers, gather};
pub use render::render;

// The steps shared between the files of `vsd init`.
use args::tls_name;
use probe::{check_connection, folder_words, has_folder, pick_folders, server_folders};
use questions::list;

use super::{Failure, Paths};
use crate::config::Config;
use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// `vsd init`. `named` says whether the user gave --config and --db (the
/// commands it suggests then repeat them). Returns the exit code.
pub fn init(
    paths: &Paths,
    args: InitArgs,
    named: (bool, bool),
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let path = target(paths, args.force)?;
    let (force, no_check) = (args.force, args.no_check);
    let args = with_whole_ca_file(args)?;
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut err = std::io::stderr();
    let mut prompt = LinePrompt {
        input: &mut input,
        out: &mut err,
    };
    let mut ask: Option<&mut dyn Ask> = if terminal { Some(&mut prompt) } else { None };
    let mut answers = gather(args, ask.as_mut().map(|a| &mut **a as &mut dyn Ask))?;
    write_private(path, &render(&answers), force)?;
    writeln!(out, "wrote {}", path.display())?;
    let vsd = command_prefix(paths, named);
    if !no_check {
        check_written(path, &mut answers, ask, &vsd, out)?;
    }
    writeln!(out, "next: {vsd} sync, then {vsd}")?;
    Ok(0)
}

/// Where the config goes: refused, before any question, when there is no
/// place for it, when it is a directory, or when one exists and `--force`
/// was not given.
fn target(paths: &Paths, force: bool) -> anyhow::Result<&Path> {
    let Some((path, _)) = &paths.config else {
        return Err(Failure::Usage(
            "cannot find a config directory (neither XDG_CONFIG_HOME nor HOME is set): give --config PATH"
                .into(),
        )
        .into());
    };
    if path.is_dir() {
        return Err(Failure::Usage(format!(
            "cannot write the config at {}: it is a directory",
            path.display()
        ))
        .into());
    }
    if path.exists() && !force {
        return Err(Failure::Usage(format!(
            "a config already exists at {}: vsd init leaves it as it is (edit it, or give --force to replace it)",
            path.display()
        ))
        .into());
    }
    Ok(path)
}

/// `--ca-file` as a whole path: the config may be read from another
/// directory.
fn with_whole_ca_file(mut args: InitArgs) -> anyhow::Result<InitArgs> {
    if let Some(ca) = args.ca_file.take() {
        let whole = std::fs::canonicalize(&ca).map_err(|e| {
            Failure::Usage(format!(
                "cannot use --ca-file {}: {e} (nothing was written)",
                ca.display()
            ))
        })?;
        args.ca_file = Some(whole);
    }
    Ok(args)
}

/// Loads the config just written and, when it has an account, connects,
/// signs in and checks the folders; at a terminal the user picks others
/// for those the server lacks, and the file is written again.
fn check_written(
    path: &Path,
    answers: &mut Answers,
    ask: Option<&mut dyn Ask>,
    vsd: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let cfg = Config::load(path).with_context(|| {
        format!(
            "the config written to {} does not load; fix it there, then `{vsd} sync`",
            path.display()
        )
    })?;
    let Some(imap_cfg) = &cfg.imap else {
        return Ok(());
    };
    let listed = check_connection(imap_cfg, answers.auth, path, out)?;
    let missing: Vec<String> = answers
        .folders
        .iter()
        .filter(|f| !has_folder(&listed, f))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let not_there = format!(
            "{} not on {}: {}",
            folder_words(&missing),
            imap_cfg.host,
            server_folders(&listed)
        );
        let Some(a) = ask else {
            return Err(Failure::Usage(format!(
                "{not_there}\n  fix folders in {}, then `{vsd} sync`",
                path.display()
            ))
            .into());
        };
        // At a terminal the user picks from what the server has, and the
        // file is written again with that.
        writeln!(out, "{not_there}")?;
        out.flush()?;
        answers.folders = pick_folders(a, &listed, &answers.folders)?;
        write_private(path, &render(answers), true)?;
        writeln!(out, "wrote {} again", path.display())?;
    }
    found(answers, &listed, out)
}

/// Says which folders vsd will sync, and when the drafts folder is not on
/// the server yet.
fn found(
    answers: &Answers,
    listed: &[crate::imap::ListedFolder],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let shown: Vec<String> = answers.folders.iter().map(|f| format!("{f:?}")).collect();
    writeln!(
        out,
        "found {}",
        crate::text::sanitize::sanitize(&shown.join(", "))
    )?;
    if !has_folder(listed, &answers.drafts_folder) {
        writeln!(
            out,
            "drafts folder {:?} is not on the server yet: `vsd draft --save` creates it",
            crate::text::sanitize::sanitize(&answers.drafts_folder)
        )?;
    }
    Ok(())
}

/// `vsd`, with --config and --db when the user named them.
fn command_prefix(paths: &Paths, named: (bool, bool)) -> String {
    let mut s = String::from("vsd");
    if let (true, Some((p, _))) = (named.0, &paths.config) {
        s.push_str(&format!(
            " --config {}",
            shell_word(&p.display().to_string())
        ));
    }
    if named.1 {
        s.push_str(&format!(
            " --db {}",
            shell_word(&paths.db.display().to_string())
        ));
    }
    s
}

/// A word a POSIX shell reads back unchanged.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Writes the file readable by its owner only (0600), its new directories
/// 0700. With `replace`, an existing file is replaced whole by a rename, so
/// a reader never sees half a config and the old file's mode does not carry
/// over.
fn write_private(path: &Path, text: &str, replace: bool) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let fail = |e: std::io::Error| -> anyhow::Error {
        Failure::Usage(format!(
            "cannot write the config at {}: {e}",
            path.display()
        ))
        .into()
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(fail)?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".into());
    let tmp = path.with_file_name(format!(".{file_name}.vsd-init-{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if replace {
            std::fs::rename(&tmp, path)
        } else {
            // Without --force an existing file is never touched, even one
            // that appeared while the questions were asked: a hard link
            // fails where a file exists, a rename would replace it.
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => std::fs::remove_file(&tmp),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                // A file system without hard links: check, then rename.
                Err(_) if path.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
                Err(_) => std::fs::rename(&tmp, path),
            }
        }
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(Failure::Usage(format!(
                "a config already exists at {}: vsd init leaves it as it is (edit it, or give --force to replace it)",
                path.display()
            ))
            .into());
        }
        return Err(fail(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TlsMode;
    use crate::imap::ListedFolder;

    /// Answers from a script; records the questions.
    struct Script {
        answers: Vec<&'static str>,
        asked: Vec<String>,
    }

    impl Ask for Script {
        fn ask(&mut self, question: &str, default: Option<&str>) -> anyhow::Result<String> {
            self.asked.push(question.to_string());
            if self.answers.is_empty() {
                return Err(Failure::Usage("input ended".into()).into());
            }
            let a = self.answers.remove(0);
            Ok(if a.is_empty() {
                default.unwrap_or("").to_string()
            } else {
                a.to_string()
            })
        }
    }

    fn imap_args() -> InitArgs {
        InitArgs {
            preset: Some(Preset::Imap),
            host: Some("127.0.0.1".into()),
            port: Some(10993),
            tls: Some(Tls::Implicit),
            user: Some("team@example.com".into()),
            password_command: Some("cat /run/pw".into()),
            desk: vec!["*@desk.example".into()],
            team: vec!["*@example.com".into()],
            no_smtp: true,
            ..InitArgs::default()
        }
    }

    #[test]
    fn flags_alone_need_no_questions_and_the_text_loads() {
        let a = gather(imap_args(), None).expect("answers");
        let text = render(&a);
        let cfg = Config::parse_str(&text, "init.toml").expect("loads");
        let imap = cfg.imap.expect("imap");
        assert_eq!(imap.host, "127.0.0.1");
        assert_eq!(imap.port(), 10993);
        assert_eq!(imap.tls, TlsMode::Implicit);
        assert_eq!(imap.password_command.as_deref(), Some("cat /run/pw"));
        assert_eq!(imap.folders, vec!["INBOX", "Sent"]);
        assert_eq!(cfg.desk.addresses, vec!["*@desk.example"]);
        assert_eq!(cfg.team.addresses, vec!["*@example.com"]);
        assert!(text.contains("# [smtp]"), "{text}");
    }

    #[test]
    fn without_a_terminal_a_missing_value_names_its_flag() {
        let mut args = imap_args();
        args.user = None;
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--user"), "{e}");
        let mut args = imap_args();
        args.password_command = None;
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--password-command"), "{e}");
        let e = gather(InitArgs::default(), None)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("--preset"), "{e}");
        let args = InitArgs {
            preset: Some(Preset::M365),
            user: Some("team@example.com".into()),
            ..InitArgs::default()
        };
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--token-command"), "{e}");
    }

    #[test]
    fn on_a_terminal_missing_values_are_asked_with_defaults() {
        let args = InitArgs {
            preset: Some(Preset::Imap),
            ..InitArgs::default()
        };
        let mut s = Script {
            // host, tls (default), port (default), user, auth (default),
            // password command, desk (default), team (default), smtp (none)
            answers: vec![
                "mail.example.org",
                "",
                "",
                "kari@example.org",
                "",
                "pass show mail",
                "",
                "",
                "",
            ],
            asked: Vec::new(),
        };
        let a = gather(args, Some(&mut s)).expect("answers");
        assert_eq!(s.asked.len(), 9, "{:?}", s.asked);
        assert_eq!(a.host, "mail.example.org");
        assert_eq!(a.tls, TlsMode::Implicit);
        assert_eq!(a.port, 993);
        assert_eq!(a.auth, Auth::Password);
        assert_eq!(a.secret_command, "pass show mail");
        assert_eq!(a.desk, vec![DEFAULT_DESK]);
        assert_eq!(a.team, vec!["*@example.org"]);
        assert_eq!(a.smtp, None);
    }

    #[test]
    fn given_everything_needed_nothing_is_asked_on_a_terminal() {
        let mut args = imap_args();
        args.desk = Vec::new();
        args.team = Vec::new();
        args.no_smtp = false;
        let mut s = Script {
            answers: Vec::new(),
            asked: Vec::new(),
        };
        let a = gather(args, Some(&mut s)).expect("answers");
        assert!(s.asked.is_empty(), "{:?}", s.asked);
        assert_eq!(a.auth, Auth::Password);
        assert_eq!(a.desk, vec![DEFAULT_DESK]);
        assert_eq!(a.team, vec!["*@example.com"]);
        assert_eq!(a.smtp, None);
    }

    #[test]
    fn a_token_command_implies_oauth_sign_in() {
        let args = InitArgs {
            host: Some("mail.example.org".into()),
            user: Some("kari@example.org".into()),
            token_command: Some("oama access kari@example.org".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        assert_eq!(a.preset, Preset::Imap);
        assert_eq!(a.auth, Auth::Xoauth2);
        assert!(render(&a).contains("\nauth = \"xoauth2\""));
    }

    #[test]
    fn a_wrong_choice_is_asked_again_and_an_empty_required_value_too() {
        let args = InitArgs {
            preset: Some(Preset::Imap),
            host: Some("mail.example.org".into()),
            ..InitArgs::default()
        };
        let mut s = Script {
            answers: vec![
                "tls please", // not a choice: asked again
                "starttls",
                "",               // port: 143 by default for starttls
                "",               // user: required, asked again
                "kari@gmail.com", // a public domain: the team is the user
                "",
                "pass show mail",
                "",
                "",
                "smtp.example.org",
            ],
            asked: Vec::new(),
        };
        let a = gather(args, Some(&mut s)).expect("answers");
        assert_eq!(a.tls, TlsMode::Starttls);
        assert_eq!(a.port, 143);
        assert_eq!(a.user, "kari@gmail.com");
        assert_eq!(a.team, vec!["kari@gmail.com"]);
        assert_eq!(
            a.smtp,
            Some(SmtpAnswers {
                host: "smtp.example.org".into(),
                port: 587,
                tls: TlsMode::Starttls
            })
        );
    }

    /// What `vsd init` writes for each preset is a config vsd itself loads,
    /// with the sign-in the provider needs: OAuth2 for Microsoft 365 and
    /// Gmail on IMAP and SMTP alike, the token command on both.
    #[test]
    fn every_presets_config_loads_with_its_sign_in() {
        use crate::config::{AddressSet, AuthMethod, Config, TlsMode};
        let cases = [
            (
                Preset::M365,
                "outlook.office365.com",
                "smtp.office365.com",
                TlsMode::Starttls,
            ),
            (
                Preset::Gmail,
                "imap.gmail.com",
                "smtp.gmail.com",
                TlsMode::Implicit,
            ),
        ];
        for (preset, imap_host, smtp_host, smtp_tls) in cases {
            let args = InitArgs {
                preset: Some(preset),
                user: Some("team@example.com".into()),
                token_command: Some("oama access team@example.com".into()),
                ..InitArgs::default()
            };
            let a = gather(args, None).expect("answers");
            let cfg = Config::parse_str(&render(&a), "init output")
                .unwrap_or_else(|e| panic!("{preset:?}: {e}"));
            let imap = cfg.imap.as_ref().expect("[imap]");
            assert_eq!(imap.host, imap_host);
            assert_eq!(imap.tls, TlsMode::Implicit);
            assert_eq!(imap.auth, AuthMethod::Xoauth2, "{preset:?}");
            assert_eq!(
                imap.token_command.as_deref(),
                Some("oama access team@example.com")
            );
            assert!(imap.password_command.is_none() && imap.password.is_none());
            let smtp = cfg.smtp.as_ref().expect("[smtp]");
            assert_eq!(smtp.host.as_deref(), Some(smtp_host));
            assert_eq!(smtp.tls, smtp_tls, "{preset:?}");
            assert_eq!(smtp.auth, AuthMethod::Xoauth2, "{preset:?}");
            assert!(AddressSet::new(&cfg.desk.addresses).contains("noreply@vipps.no"));
            assert!(AddressSet::new(&cfg.team.addresses).contains("kari@example.com"));
        }
        let args = InitArgs {
            preset: Some(Preset::Imap),
            host: Some("mail.example.org".into()),
            user: Some("team@example.org".into()),
            password_command: Some("pass show mail".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        let cfg = Config::parse_str(&render(&a), "init output").expect("plain IMAP loads");
        let imap = cfg.imap.as_ref().expect("[imap]");
        assert_eq!(imap.auth, AuthMethod::Password);
        assert_eq!(imap.password_command.as_deref(), Some("pass show mail"));
    }

    #[test]
    fn presets_fix_their_servers_folders_and_sign_in() {
        let args = InitArgs {
            preset: Some(Preset::M365),
            user: Some("team@example.com".into()),
            token_command: Some("oama access team@example.com".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        let v: toml::Value = toml::from_str(&render(&a)).expect("TOML");
        assert_eq!(v["imap"]["host"].as_str(), Some("outlook.office365.com"));
        assert_eq!(v["imap"]["port"].as_integer(), Some(993));
        assert_eq!(v["imap"]["tls"].as_str(), Some("implicit"));
        assert_eq!(v["imap"]["auth"].as_str(), Some("xoauth2"));
        assert_eq!(
            v["imap"]["token_command"].as_str(),
            Some("oama access team@example.com")
        );
        assert!(v["imap"].get("password_command").is_none());
        let folders: Vec<&str> = v["imap"]["folders"]
            .as_array()
            .expect("folders")
            .iter()
            .filter_map(|f| f.as_str())
            .collect();
        assert_eq!(folders, ["INBOX", "Sent Items"]);
        assert_eq!(v["smtp"]["host"].as_str(), Some("smtp.office365.com"));
        assert_eq!(v["smtp"]["port"].as_integer(), Some(587));
        assert_eq!(v["smtp"]["tls"].as_str(), Some("starttls"));
        assert_eq!(v["smtp"]["auth"].as_str(), Some("xoauth2"));
        assert_eq!(v["desk"]["addresses"][0].as_str(), Some(DEFAULT_DESK));
        assert_eq!(v["team"]["addresses"][0].as_str(), Some("*@example.com"));

        let args = InitArgs {
            preset: Some(Preset::Gmail),
            user: Some("desk-team@example.no".into()),
            token_command: Some("oama access desk-team@example.no".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        let v: toml::Value = toml::from_str(&render(&a)).expect("TOML");
        assert_eq!(v["imap"]["host"].as_str(), Some("imap.gmail.com"));
        assert_eq!(v["imap"]["folders"][1].as_str(), Some("[Gmail]/Sent Mail"));
        assert_eq!(v["imap"]["drafts_folder"].as_str(), Some("[Gmail]/Drafts"));
        assert_eq!(v["smtp"]["host"].as_str(), Some("smtp.gmail.com"));
        assert_eq!(v["smtp"]["port"].as_integer(), Some(465));
        assert_eq!(v["smtp"]["tls"].as_str(), Some("implicit"));
    }

    #[test]
    fn awkward_values_are_escaped_so_the_text_reads_back_the_same() {
        let mut args = imap_args();
        args.password_command = Some(r#"pass show "mail\team" | head -1 # x"#.into());
        args.folders = vec!["INBOX".into(), "Sendte elementer".into(), "Q\"A".into()];
        args.from = Some("Ola \"O\" Nordmann <ola@example.com>".into());
        let a = gather(args, None).expect("answers");
        let cfg = Config::parse_str(&render(&a), "init.toml").expect("loads");
        let imap = cfg.imap.expect("imap");
        assert_eq!(
            imap.password_command.as_deref(),
            Some(r#"pass show "mail\team" | head -1 # x"#)
        );
        assert_eq!(imap.folders, vec!["INBOX", "Sendte elementer", "Q\"A"]);
        assert_eq!(
            cfg.team.from.as_deref(),
            Some("Ola \"O\" Nordmann <ola@example.com>")
        );
    }

    #[test]
    fn bad_answers_are_refused_naming_the_flag() {
        let mut args = imap_args();
        args.host = Some("mail.example.org".into());
        args.tls = Some(Tls::None);
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--tls none"), "{e}");
        let mut args = imap_args();
        args.desk = vec!["vipps.no".into()];
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--desk \"vipps.no\""), "{e}");
    }

    #[test]
    fn a_missing_folder_is_picked_from_the_servers_until_all_exist() {
        let listed = vec![
            ListedFolder {
                name: "INBOX".into(),
                selectable: true,
                special: None,
            },
            ListedFolder {
                name: "[Gmail]".into(),
                selectable: false,
                special: None,
            },
            ListedFolder {
                name: "Sendte elementer".into(),
                selectable: true,
                special: Some("Sent"),
            },
        ];
        let mut s = Script {
            answers: vec!["INBOX, Utgående", "[Gmail]", ""],
            asked: Vec::new(),
        };
        let chosen =
            pick_folders(&mut s, &listed, &["inbox".into(), "Sent".into()]).expect("picked");
        assert_eq!(chosen, vec!["inbox", "Sendte elementer"]);
        assert_eq!(s.asked.len(), 3, "{:?}", s.asked);
        assert!(
            s.asked[1].starts_with("The server has no folder \"Utgående\"."),
            "{:?}",
            s.asked
        );
        assert!(
            s.asked[2].starts_with("The server has no folder \"[Gmail]\"."),
            "a \\Noselect name cannot be synced: {:?}",
            s.asked
        );
    }

    #[test]
    fn suggested_commands_quote_paths_for_the_shell() {
        assert_eq!(shell_word("/tmp/a/config.toml"), "/tmp/a/config.toml");
        assert_eq!(shell_word("/tmp/my dir/c.toml"), "'/tmp/my dir/c.toml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
