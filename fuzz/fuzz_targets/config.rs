//! Fuzzes the config loader, `vsd::config::Config::parse_str`, on any text:
//! it returns a config or an error naming the file and a line, never panics,
//! and an error never shows the value of a secret key (`password`, a token):
//! a secret written on a line of its own, and found nowhere else in the text,
//! is absent from the message however the value is written or broken.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vsd::config::Config;

/// Keys whose values are secret, as the loader treats them.
fn secret_key(key: &str) -> bool {
    let k = key.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let k = k.rsplit('.').next().unwrap_or(&k).trim();
    ["password", "token", "secret"].iter().any(|w| k.contains(w)) && !k.ends_with("_command")
}

/// The values written on `secret = …` lines: the text after `=`, trimmed of
/// quotes and white space, long enough to be told apart from other words.
fn written_secrets(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| secret_key(k))
        .map(|(_, v)| {
            v.trim()
                .trim_matches(['"', '\'', ' ', '\t'])
                .to_string()
        })
        .filter(|v| v.len() >= 6)
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse_str(text, "c.toml") {
        Ok(cfg) => {
            let _ = cfg.issue_regex();
            let _ = cfg.resolved_regex();
            let _ = cfg.from_address();
            if let Some(imap) = &cfg.imap {
                let _ = imap.port();
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("c.toml:"), "{msg}");
            for s in written_secrets(text) {
                // Only a value that shows nowhere but on its own line can be
                // told to come from that line, and only when the message
                // holds it because of the value: the same text with another
                // value in its place must not give the same words (a value
                // may be words of the loader's own, "expected `]`").
                if text.matches(s.as_str()).count() != 1 || !msg.contains(&s) {
                    continue;
                }
                let other: String = s
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '7' } else if c.is_alphanumeric() { 'Q' } else { c })
                    .collect();
                if other == s {
                    continue;
                }
                let again = Config::parse_str(&text.replace(&s, &other), "c.toml")
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                assert!(again.contains(&s), "{s:?} shown in {msg:?}");
            }
        }
    }
});
