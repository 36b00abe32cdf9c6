//! The `vsd` command line: parses arguments, finds the config and the store,
//! runs a command, and maps its outcome to the exit codes of CONTRACT.md
//! (0 success, 1 `check` raised a flag, 2 bad usage or config, 3 the server
//! refused or could not be reached).

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vsd::app::{self, Paths};
use vsd::config::Config;

#[derive(Parser, Debug)]
#[command(
    name = "vsd",
    version,
    about = "A terminal tracker for support-desk email",
    long_about = "vsd reads a team's mailbox, groups the threads into the desk's issues (VSD-12345), flags the messages that break the desk's rules, and keeps a local log of where each issue stands."
)]
struct Cli {
    /// The config file (default: $VSD_CONFIG, else the XDG config dir's vsd/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// The store (default: $VSD_DB, else the XDG data dir's vsd/vsd.db).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a commented config (asking on a terminal for what the flags leave out), check the connection, say what to run next.
    Init(Box<app::init::InitArgs>),
    /// Open the TUI on a demo mailbox embedded in vsd (a fresh temporary store).
    Demo,
    /// Sync the configured IMAP folders into the store.
    Sync {
        /// Stay connected (IDLE) and apply new mail as it arrives.
        #[arg(long)]
        watch: bool,
    },
    /// Download whole a message stored as its header (above max_message_size).
    Fetch {
        #[arg(value_name = "MESSAGE-ID")]
        message_id: String,
    },
    /// Read a Maildir folder, an mbox file or .eml files into the store.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List issues (open ones unless --all), with how long each has waited.
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
        /// Only issues assigned to this address, to you (me), or to nobody (none).
        #[arg(long, value_name = "me|ADDR|none")]
        assigned: Option<String>,
        /// The order: last activity (default), waiting longest, opened, key.
        #[arg(long, value_enum, default_value_t)]
        sort: vsd::issues::listing::SortKey,
        /// The order reversed.
        #[arg(long)]
        reverse: bool,
        /// Only what waits on us (the team) or on the desk.
        #[arg(long, value_enum)]
        on: Option<vsd::issues::listing::On>,
        /// Only this status (awaiting-desk, awaiting-team, resolved, closed, unfiled).
        #[arg(long, value_enum)]
        status: Option<vsd::issues::Status>,
    },
    /// Show one issue: its messages, their flags, its event log.
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// The event log, of one issue or of all.
    Log {
        key: Option<String>,
        #[arg(long)]
        json: bool,
        /// Only events since this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = app::export::parse_since)]
        since: Option<chrono::DateTime<chrono::Utc>>,
        /// Only events of this kind (opened, desk-replied, team-replied, flagged, resolved, closed, relabelled, …).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
    },
    /// Where an issue stands before anyone escalates.
    Status {
        /// Without a key: every open issue and unfiled request, grouped by next step.
        key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The issues (or, with a key, one issue's history) for a report: CSV, Markdown or JSON.
    Export {
        #[arg(long, value_enum)]
        format: app::export::Format,
        /// Resolved and closed issues too.
        #[arg(long)]
        all: bool,
        /// Only issues with activity (or, with a key, events) since this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = app::export::parse_since)]
        since: Option<chrono::DateTime<chrono::Utc>>,
        /// One issue's history instead of the list.
        key: Option<String>,
    },
    /// Lint one message against the desk's rules (exit 1 when a flag is raised).
    Check {
        file: PathBuf,
        /// Also check it against this issue's thread.
        #[arg(long, value_name = "KEY")]
        issue: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark an issue closed locally (team mail after it reopens the issue).
    Close { key: String },
    /// Reopen an issue closed locally or resolved: it awaits whoever the thread awaits.
    Reopen { key: String },
    /// Assign an issue to a team member (an address), to yourself (me), or to nobody (none).
    Assign {
        key: String,
        #[arg(value_name = "ADDR|me|none")]
        who: String,
    },
    /// Add a note to an issue (- reads it from standard input); notes are never edited.
    Note {
        key: String,
        #[arg(value_name = "TEXT|-", allow_hyphen_values = true)]
        text: String,
    },
    /// Link two issues (relates to; with --duplicate, A is a duplicate of B).
    Link {
        a: String,
        b: String,
        #[arg(long)]
        duplicate: bool,
    },
    /// Remove the links between two issues.
    Unlink { a: String, b: String },
    /// Send a draft: a file, or with --saved the newest draft vsd wrote for an issue.
    Send {
        /// The draft (an .eml file).
        #[arg(
            value_name = "FILE.eml",
            required_unless_present = "saved",
            conflicts_with = "saved"
        )]
        file: Option<PathBuf>,
        /// The newest draft vsd wrote for this issue (its key, or `new` for a new request).
        #[arg(long, value_name = "KEY")]
        saved: Option<String>,
        /// Send it even when it breaks the desk's rules.
        #[arg(long)]
        force: bool,
        /// Send it even though vsd sent it already, or may have (see the message vsd gives).
        #[arg(long)]
        resend: bool,
    },
    /// Search every message's subject, sender and own words.
    ///
    /// Words match as typed or as the start of a word, "quoted phrases" as
    /// written; from:, flag:, status: (or status:open) and key: narrow it.
    Search {
        #[arg(required = true, value_name = "QUERY", num_args = 1..)]
        query: Vec<String>,
        #[arg(long)]
        json: bool,
        /// At most this many messages.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// An issue's attachments: list, save or open them.
    Attachment {
        #[command(subcommand)]
        command: app::AttachmentCommand,
    },
    /// Draft a reply, a new request or an escalation, checked before it is written.
    Draft {
        #[command(subcommand)]
        command: app::DraftCommand,
    },
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    vsd::store::set_writer_name(&writer_name(&matches));
    match try_main(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if app::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let code = app::exit_code(&e);
            eprintln!("vsd: {}", app::describe(&e));
            ExitCode::from(code)
        }
    }
}

/// What this process is, for the store's lock file: "vsd sync --watch",
/// "vsd draft reply", or the TUI's window.
fn writer_name(matches: &clap::ArgMatches) -> String {
    let mut name = String::from("vsd");
    let mut at = matches;
    while let Some((sub, m)) = at.subcommand() {
        name.push(' ');
        name.push_str(sub);
        if sub == "sync" && m.get_flag("watch") {
            name.push_str(" --watch");
        }
        at = m;
    }
    if name == "vsd" {
        return "the vsd window (TUI)".into();
    }
    name
}

/// Runs the command and says its exit code; errors go back to `main`,
/// which maps them to theirs.
fn try_main(cli: Cli) -> anyhow::Result<u8> {
    let paths = Paths::resolve(cli.config.clone(), cli.db.clone())?;
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Some(Command::Demo) => app::demo().map(|()| 0),
        // Before the config is loaded: there may be none yet, or a broken one
        // that --force replaces.
        Some(Command::Init(args)) => {
            let named = (cli.config.is_some(), cli.db.is_some());
            app::init::init(&paths, *args, named, out)
        }
        command => {
            let cfg = paths.load_config()?;
            app::init_logging(&paths.db);
            match command {
                None => app::tui(&paths, &cfg).map(|()| 0),
                Some(command) => run(command, &paths, &cfg, out),
            }
        }
    }
}

/// One command, with the config loaded: each family of commands has its
/// own function below.
fn run(command: Command, paths: &Paths, cfg: &Config, out: &mut dyn Write) -> anyhow::Result<u8> {
    match command {
        Command::Demo | Command::Init(_) => Ok(0),
        Command::Sync { .. } | Command::Fetch { .. } | Command::Import { .. } => {
            mailbox(command, paths, cfg, out).map(|()| 0)
        }
        Command::List { .. }
        | Command::Show { .. }
        | Command::Log { .. }
        | Command::Status { .. }
        | Command::Export { .. }
        | Command::Search { .. } => reading(command, paths, cfg, out),
        Command::Close { .. }
        | Command::Reopen { .. }
        | Command::Assign { .. }
        | Command::Note { .. }
        | Command::Link { .. }
        | Command::Unlink { .. } => team(command, paths, cfg, out).map(|()| 0),
        Command::Check { file, issue, json } => {
            app::check(paths, cfg, &file, issue.as_deref(), json, out)
        }
        Command::Draft { command } => app::draft(paths, cfg, command, out),
        Command::Attachment { command } => app::attachment(paths, cfg, command, out),
        Command::Send {
            file,
            saved,
            force,
            resend,
        } => send(file, saved, force, resend, paths, cfg, out),
    }
}

/// The commands that bring mail into the store.
fn mailbox(
    command: Command,
    paths: &Paths,
    cfg: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        Command::Sync { watch } => app::sync(paths, cfg, watch),
        Command::Fetch { message_id } => app::fetch(paths, cfg, &message_id, out),
        Command::Import { paths: files } => app::import(paths, cfg, &files, out),
        other => unreachable!("run sends only the mailbox commands here, not {other:?}"),
    }
}

/// The commands that read the store and write what they find.
fn reading(
    command: Command,
    paths: &Paths,
    cfg: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let done = match command {
        Command::List {
            all,
            json,
            sort,
            reverse,
            on,
            status,
            assigned,
        } => {
            let opts = app::ListOptions {
                all,
                json,
                sort,
                reverse,
                on,
                status,
                assigned,
            };
            app::list(paths, cfg, opts, out)
        }
        Command::Show { key, json } => app::show(paths, cfg, &key, json, out),
        Command::Log {
            key,
            json,
            since,
            kind,
        } => app::log(
            paths,
            cfg,
            key.as_deref(),
            since,
            kind.as_deref(),
            json,
            out,
        ),
        Command::Status {
            key: Some(key),
            json,
        } => app::status(paths, cfg, &key, json, out),
        Command::Status { key: None, json } => app::status_overview(paths, cfg, json, out),
        Command::Export {
            format,
            all,
            since,
            key,
        } => app::export::export(paths, cfg, format, all, since, key.as_deref(), out),
        Command::Search { query, json, limit } => {
            return app::search(paths, cfg, &query.join(" "), json, limit, out);
        }
        other => unreachable!("run sends only the reading commands here, not {other:?}"),
    };
    done.map(|()| 0)
}

/// The commands that change an issue's standing in the team's log.
fn team(command: Command, paths: &Paths, cfg: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        Command::Close { key } => app::close(paths, cfg, &key, true, out),
        Command::Reopen { key } => app::close(paths, cfg, &key, false, out),
        Command::Assign { key, who } => app::team::assign(paths, cfg, &key, &who, out),
        Command::Note { key, text } => {
            app::team::note(paths, cfg, &key, &text, &mut std::io::stdin(), out)
        }
        Command::Link { a, b, duplicate } => app::team::link(paths, cfg, &a, &b, duplicate, out),
        Command::Unlink { a, b } => app::team::unlink(paths, cfg, &a, &b, out),
        other => unreachable!("run sends only the team's commands here, not {other:?}"),
    }
}

/// `vsd send FILE` or `vsd send --saved KEY`; clap requires one of them.
fn send(
    file: Option<PathBuf>,
    saved: Option<String>,
    force: bool,
    resend: bool,
    paths: &Paths,
    cfg: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let opts = app::SendOptions {
        force,
        resend,
        holds_lock: false,
        ..Default::default()
    };
    match (file, saved) {
        (Some(f), _) => app::send_file(paths, cfg, &f, opts, out),
        (None, Some(k)) => app::send_saved(paths, cfg, &k, opts, out),
        (None, None) => Ok(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_names_say_what_holds_the_lock() {
        let name = |args: &[&str]| writer_name(&Cli::command().get_matches_from(args));
        assert_eq!(name(&["vsd"]), "the vsd window (TUI)");
        assert_eq!(name(&["vsd", "--db", "x.db"]), "the vsd window (TUI)");
        assert_eq!(name(&["vsd", "sync"]), "vsd sync");
        assert_eq!(name(&["vsd", "sync", "--watch"]), "vsd sync --watch");
        assert_eq!(name(&["vsd", "import", "a.mbox"]), "vsd import");
        assert_eq!(name(&["vsd", "draft", "reply", "VSD-1"]), "vsd draft reply");
    }
}
