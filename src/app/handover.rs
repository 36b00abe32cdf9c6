//! What the TUI hands to programs outside it: a link to the opener, text to
//! the clipboard command.
//!
//! Both run without a shell, the link or text as one argument or as stdin,
//! so nothing in a mail can become a command. The opener runs on a thread
//! of its own (xdg-open may take a moment to hand the link on), and what it
//! did comes back as news for the footer; the clipboard command is quick
//! and is waited for, its stdin the text.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::ui::UiUpdate;

/// Why a program could not take what it was handed.
#[derive(Debug, thiserror::Error)]
pub enum HandoverError {
    #[error("cannot run {program}: {cause}")]
    Run {
        program: String,
        cause: std::io::Error,
    },
    #[error("{program} failed ({status})")]
    Failed {
        program: String,
        status: std::process::ExitStatus,
    },
    #[error("no program is configured")]
    Empty,
}

/// Runs `opener` with `url` appended as one argument, output discarded (the
/// TUI owns the terminal), on a worker thread; its outcome goes to `tx`.
pub fn open_link(opener: Vec<String>, url: String, tx: std::sync::mpsc::Sender<UiUpdate>) {
    std::thread::spawn(move || {
        let shown = crate::text::sanitize::sanitize(&url).into_owned();
        let update = match run_opener(&opener, &url) {
            Ok(()) => UiUpdate::Notice(format!("opened {shown}")),
            Err(e) => UiUpdate::Alert(format!(
                "cannot open {shown}: {} (set [ui] opener)",
                crate::text::sanitize::sanitize(&e.to_string())
            )),
        };
        let _ = tx.send(update);
    });
}

fn run_opener(opener: &[String], url: &str) -> Result<(), HandoverError> {
    let (program, args) = opener.split_first().ok_or(HandoverError::Empty)?;
    let status = Command::new(program)
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|source| HandoverError::Run {
            program: program.clone(),
            cause: source,
        })?;
    if !status.success() {
        return Err(HandoverError::Failed {
            program: program.clone(),
            status,
        });
    }
    Ok(())
}

/// Runs the clipboard command with `text` on its stdin and waits for it.
pub fn copy(command: &[String], text: &str) -> Result<(), HandoverError> {
    let (program, args) = command.split_first().ok_or(HandoverError::Empty)?;
    let run = |source| HandoverError::Run {
        program: program.clone(),
        cause: source,
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(run)?;
    // A program that stops reading early says why in its exit status; a
    // broken pipe here is not the error to report.
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(text.as_bytes()),
        None => Ok(()),
    };
    let status = child.wait().map_err(run)?;
    if !status.success() {
        return Err(HandoverError::Failed {
            program: program.clone(),
            status,
        });
    }
    written.map_err(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clipboard_command_gets_the_text_on_stdin() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("clip");
        let cmd = vec![
            "sh".to_string(),
            "-c".into(),
            format!("cat > '{}'", out.display()),
        ];
        copy(&cmd, "VSD-12345").expect("copy");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "VSD-12345");
        let failing = vec!["false".to_string()];
        assert!(matches!(
            copy(&failing, "x"),
            Err(HandoverError::Failed { .. })
        ));
    }

    #[test]
    fn the_opener_gets_the_link_as_one_argument() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("arg");
        let opener = vec![
            "sh".to_string(),
            "-c".into(),
            format!("printf '%s|%s' \"$#\" \"$1\" > '{}'", out.display()),
            "sh".into(),
        ];
        run_opener(&opener, "https://x.example/a b;rm -rf ~").expect("open");
        assert_eq!(
            std::fs::read_to_string(&out).expect("read"),
            "1|https://x.example/a b;rm -rf ~"
        );
    }
}
