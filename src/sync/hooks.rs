//! `[hooks] desk_replied`: a command of the user's, run when desk mail
//! arrives on an issue. It runs without a shell (no quoting to get wrong,
//! nothing in a title can become a command), with the key and the title
//! appended as arguments, and is not waited for: a slow notifier never
//! holds up the sync. Its exit is reaped on a thread of its own.

use std::process::{Command, Stdio};

/// Runs `argv` with `key` and `title` appended. A title from mail has its
/// control characters made visible first. A command that cannot start is
/// logged, never fatal to the sync.
pub fn desk_replied(argv: &[String], key: &str, title: &str) {
    let Some((program, args)) = argv.split_first() else {
        return;
    };
    let title = crate::text::sanitize::sanitize(title).into_owned();
    let child = Command::new(program)
        .args(args)
        .arg(key)
        .arg(&title)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut c) => {
            std::thread::spawn(move || {
                if let Ok(status) = c.wait()
                    && !status.success()
                {
                    tracing::warn!("[hooks] desk_replied ended with {status}");
                }
            });
        }
        Err(e) => tracing::warn!("cannot run [hooks] desk_replied ({program}): {e}"),
    }
}
