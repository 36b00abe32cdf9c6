//! Sending through a sendmail-compatible program (`msmtp -a work`,
//! `sendmail`, `/usr/sbin/ssmtp`): run without a shell, as
//! `PROGRAM ARGS… -i -f FROM -- RCPT…`, with the message on its standard
//! input. `-i` keeps a line holding a lone dot from ending the message;
//! `--` keeps a recipient from being read as an option.

use super::{Outgoing, SendError};
use std::io::Write;
use std::process::{Command, Stdio};

pub fn send(program: &str, args: &[String], msg: &Outgoing) -> Result<String, SendError> {
    let fail = |message: String| SendError::Program {
        program: program.to_string(),
        message,
    };
    let mut child = Command::new(program)
        .args(args)
        .arg("-i")
        .arg("-f")
        .arg(&msg.from)
        .arg("--")
        .args(&msg.envelope_to)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(e.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| fail("no standard input".into()))?;
    // The program may stop reading early (a refusal): its exit status says
    // why, so a broken pipe here is not the error to report.
    let written = stdin.write_all(&msg.bytes);
    drop(stdin);
    let out = child.wait_with_output().map_err(|e| fail(e.to_string()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err: String = err
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        let err: String = err.chars().take(400).collect();
        return Err(SendError::ProgramFailed {
            program: program.to_string(),
            status: out.status.to_string(),
            stderr: if err.is_empty() {
                String::new()
            } else {
                format!(": {}", crate::text::sanitize::sanitize(&err))
            },
        });
    }
    written.map_err(|e| fail(format!("cannot hand it the message: {e}")))?;
    Ok(format!("{program} exited with {}", out.status))
}
