//! Golden files: what vsd makes of each fixture mail in
//! `tests/fixtures/mail/` — the headers it reads, the message's own text and
//! the flags `vsd check` would raise on it alone — one insta snapshot a
//! fixture (`snapshots/it__mail_golden__<fixture>.snap`), as mail-parser
//! keeps one expected file beside each test message. A change in the parser,
//! the quote splitter or a rule shows here as a diff to review.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use vsd::config::Config;
use vsd::mail::{Address, parse};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

/// The desk and the team of the tests' own config, as `vsd check` reads them.
fn config() -> Config {
    Config::parse_str(crate::common::CONFIG, "the tests' config").expect("config")
}

fn addresses(list: &[Address]) -> String {
    list.iter()
        .map(|a| format!("{:?}", a.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each line of `text`, escaped where it holds what a terminal or an editor
/// would hide (a CR, a control character).
fn lines(out: &mut String, text: &str) {
    for line in text.split('\n') {
        let _ = writeln!(out, "  | {}", line.escape_debug());
    }
}

/// What vsd makes of one fixture, as text for its snapshot.
fn golden(path: &Path) -> String {
    let raw = std::fs::read(path).expect("fixture");
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let mut out = String::new();
    let m = match parse(&raw) {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(out, "unparseable: {e}");
            return out;
        }
    };
    let _ = writeln!(out, "message_id: {:?}", m.message_id);
    let _ = writeln!(out, "message_id_synthesized: {}", m.message_id_synthesized);
    let _ = writeln!(out, "in_reply_to: {:?}", m.in_reply_to);
    let _ = writeln!(out, "references: {:?}", m.references);
    let _ = writeln!(out, "subject: {:?}", m.subject);
    let _ = writeln!(
        out,
        "from: {}",
        m.from
            .as_ref()
            .map_or_else(|| "-".to_string(), |a| format!("{:?}", a.to_string()))
    );
    let _ = writeln!(out, "reply_to: [{}]", addresses(&m.reply_to));
    let _ = writeln!(out, "to: [{}]", addresses(&m.to));
    let _ = writeln!(out, "cc: [{}]", addresses(&m.cc));
    let _ = writeln!(
        out,
        "date: {}",
        m.date.map_or_else(|| "-".to_string(), |d| d.to_rfc3339())
    );
    let _ = writeln!(out, "html: {}", m.html.is_some());
    for a in &m.attachments {
        let _ = writeln!(
            out,
            "attachment {}: {:?} {} {} bytes{}",
            a.part,
            a.safe_name().name,
            a.content_type,
            a.size,
            if a.inline { " inline" } else { "" }
        );
    }
    for w in &m.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    let content = vsd::issues::content::analyse(&m);
    let _ = writeln!(out, "quoted: {}", content.quoted);
    out.push_str("own text:\n");
    lines(&mut out, &content.new_text);
    let paths = vsd::app::Paths {
        config: None,
        db: PathBuf::from("/nonexistent/vsd.db"),
    };
    match vsd::app::lint(&paths, &config(), raw, &name, None) {
        Ok((_, flags)) => {
            for f in flags {
                let _ = writeln!(out, "flag {}: {}", f.rule, f.detail.escape_debug());
            }
        }
        Err(e) => {
            let _ = writeln!(out, "check refused: {e}");
        }
    }
    out
}

#[test]
fn every_fixture_mail_matches_its_golden_snapshot() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(paths.len() >= 30, "{} fixtures", paths.len());
    for path in paths {
        let stem = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .trim_end_matches(".eml")
            .replace('.', "_");
        insta::assert_snapshot!(stem, golden(&path));
    }
}
