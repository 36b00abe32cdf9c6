//! The `:` command line: the CLI's verbs typed in the window (`:close`,
//! `:search refund`, `:sort waiting`, `:export csv`), read into a
//! [`CommandLine`] the app carries out, and Tab completion of verbs, sort
//! orders, formats and the keys of the loaded issues. Pure: no I/O.

use crate::issues::listing::SortKey;

/// A verb of the command line, with the words the help shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Close,
    Reopen,
    Reply,
    Escalate,
    New,
    Search,
    Sort,
    Export,
    Quit,
}

/// Every verb with its name, in the order completion offers them.
pub const VERBS: &[(Verb, &str)] = &[
    (Verb::Close, "close"),
    (Verb::Reopen, "reopen"),
    (Verb::Reply, "reply"),
    (Verb::Escalate, "escalate"),
    (Verb::New, "new"),
    (Verb::Search, "search"),
    (Verb::Sort, "sort"),
    (Verb::Export, "export"),
    (Verb::Quit, "quit"),
];

/// The formats `:export` takes, as `vsd export --format` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Markdown,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::Csv,
        ExportFormat::Markdown,
        ExportFormat::Json,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Markdown => "markdown",
            ExportFormat::Json => "json",
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
        }
    }
}

/// A command line read: what to do, and to which issue (none: the one in
/// view or selected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandLine {
    Close(Option<String>),
    Reopen(Option<String>),
    Reply(Option<String>),
    Escalate(Option<String>),
    New,
    Search(String),
    Sort(SortKey),
    /// The issues (or one issue's history) to a file.
    Export(ExportFormat, Option<String>),
    Quit,
}

const SORTS: [SortKey; 4] = [
    SortKey::Last,
    SortKey::Waiting,
    SortKey::Opened,
    SortKey::Key,
];

fn verb_of(word: &str) -> Option<Verb> {
    let w = word.to_ascii_lowercase();
    // `:q` and `:wq` as vim users type them.
    if matches!(w.as_str(), "q" | "q!" | "wq" | "x") {
        return Some(Verb::Quit);
    }
    VERBS.iter().find(|(_, n)| *n == w).map(|(v, _)| *v)
}

/// Reads a command line (without its `:`). An error says what is accepted.
pub fn parse(text: &str) -> Result<CommandLine, String> {
    let text = text.trim();
    let (word, rest) = match text.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (text, ""),
    };
    let verbs = || VERBS.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
    let Some(verb) = verb_of(word) else {
        return Err(format!("no command {word:?}: the commands are {}", verbs()));
    };
    let one_key = |name: &str| -> Result<Option<String>, String> {
        let mut words = rest.split_whitespace();
        let key = words.next().map(str::to_string);
        if words.next().is_some() {
            return Err(format!(":{name} takes one issue key at most"));
        }
        Ok(key)
    };
    let none = |name: &str| -> Result<(), String> {
        if rest.is_empty() {
            Ok(())
        } else {
            Err(format!(":{name} takes nothing after it"))
        }
    };
    Ok(match verb {
        Verb::Close => CommandLine::Close(one_key("close")?),
        Verb::Reopen => CommandLine::Reopen(one_key("reopen")?),
        Verb::Reply => CommandLine::Reply(one_key("reply")?),
        Verb::Escalate => CommandLine::Escalate(one_key("escalate")?),
        Verb::New => {
            none("new")?;
            CommandLine::New
        }
        Verb::Quit => {
            none("quit")?;
            CommandLine::Quit
        }
        Verb::Search => {
            if rest.is_empty() {
                return Err(":search needs words to look for, e.g. :search refund".into());
            }
            CommandLine::Search(rest.to_string())
        }
        Verb::Sort => {
            let w = rest.to_ascii_lowercase();
            let sort = SORTS
                .iter()
                .copied()
                .find(|s| s.as_str() == w)
                .ok_or_else(|| format!(":sort takes last, waiting, opened or key, not {rest:?}"))?;
            CommandLine::Sort(sort)
        }
        Verb::Export => {
            let mut format = ExportFormat::Csv;
            let mut key = None;
            for w in rest.split_whitespace() {
                match ExportFormat::ALL.iter().copied().find(|f| {
                    f.as_str().eq_ignore_ascii_case(w)
                        || (w.eq_ignore_ascii_case("md") && *f == ExportFormat::Markdown)
                }) {
                    Some(f) => format = f,
                    None if key.is_none() => key = Some(w.to_string()),
                    None => {
                        return Err(
                            ":export takes a format (csv, markdown, json) and an issue key at most"
                                .into(),
                        );
                    }
                }
            }
            CommandLine::Export(format, key)
        }
    })
}

/// What Tab offers for the text typed so far: the completed text when one
/// candidate fits (or the longest start they share), and every candidate,
/// for the footer when more than one fits. `keys` are the loaded issues'.
pub fn complete(text: &str, keys: &[String]) -> (String, Vec<String>) {
    let (word, rest) = match text.split_once(' ') {
        Some((w, r)) => (w, Some(r)),
        None => (text, None),
    };
    let Some(rest) = rest else {
        let names: Vec<String> = VERBS.iter().map(|(_, n)| n.to_string()).collect();
        return finish("", word, &names, true);
    };
    let lead = format!("{word} ");
    // Only the last word of the rest is completed.
    let (before, last) = match rest.rfind(' ') {
        Some(i) => (&rest[..=i], &rest[i + 1..]),
        None => ("", rest),
    };
    let lead = format!("{lead}{before}");
    let candidates: Vec<String> = match verb_of(word) {
        Some(Verb::Close | Verb::Reopen | Verb::Reply | Verb::Escalate) if before.is_empty() => {
            keys.to_vec()
        }
        Some(Verb::Sort) if before.is_empty() => {
            SORTS.iter().map(|s| s.as_str().to_string()).collect()
        }
        Some(Verb::Export) => ExportFormat::ALL
            .iter()
            .map(|f| f.as_str().to_string())
            .chain(keys.iter().cloned())
            .collect(),
        _ => Vec::new(),
    };
    finish(&lead, last, &candidates, false)
}

/// The completion of `word` among `candidates` (any case), after `lead`.
fn finish(lead: &str, word: &str, candidates: &[String], verb: bool) -> (String, Vec<String>) {
    let w = word.to_lowercase();
    let fits: Vec<&String> = candidates
        .iter()
        .filter(|c| c.to_lowercase().starts_with(&w))
        .collect();
    match fits.as_slice() {
        [] => (format!("{lead}{word}"), Vec::new()),
        [one] => {
            // A verb or a finished word is followed by a space, ready for
            // the next.
            let space = if verb || lead.is_empty() { " " } else { "" };
            (format!("{lead}{one}{space}"), Vec::new())
        }
        many => {
            let mut common = many[0].to_string();
            for c in &many[1..] {
                let n = common
                    .chars()
                    .zip(c.chars())
                    .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                    .count();
                common = common.chars().take(n).collect();
            }
            let typed = if common.chars().count() > word.chars().count() {
                common
            } else {
                word.to_string()
            };
            (
                format!("{lead}{typed}"),
                many.iter().map(|s| s.to_string()).collect(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_read_with_their_arguments() {
        assert_eq!(parse("close"), Ok(CommandLine::Close(None)));
        assert_eq!(
            parse("close VSD-41347"),
            Ok(CommandLine::Close(Some("VSD-41347".into())))
        );
        assert_eq!(
            parse("REOPEN vsd-1"),
            Ok(CommandLine::Reopen(Some("vsd-1".into())))
        );
        assert_eq!(parse("new"), Ok(CommandLine::New));
        assert_eq!(
            parse("search  refund \"order 7\""),
            Ok(CommandLine::Search("refund \"order 7\"".into()))
        );
        assert_eq!(
            parse("sort waiting"),
            Ok(CommandLine::Sort(SortKey::Waiting))
        );
        assert_eq!(
            parse("export markdown VSD-1"),
            Ok(CommandLine::Export(
                ExportFormat::Markdown,
                Some("VSD-1".into())
            ))
        );
        assert_eq!(
            parse("export"),
            Ok(CommandLine::Export(ExportFormat::Csv, None))
        );
        assert_eq!(parse("q"), Ok(CommandLine::Quit));
        assert_eq!(parse("quit"), Ok(CommandLine::Quit));
    }

    #[test]
    fn errors_say_what_is_accepted() {
        let e = parse("frobnicate").expect_err("unknown");
        assert!(e.contains("no command \"frobnicate\""), "{e}");
        assert!(
            e.contains("close, reopen, reply, escalate, new, search, sort, export, quit"),
            "{e}"
        );
        assert!(
            parse("sort size")
                .expect_err("bad sort")
                .contains("last, waiting, opened or key")
        );
        assert!(parse("search").expect_err("empty").contains("needs words"));
        assert!(
            parse("close A B")
                .expect_err("two keys")
                .contains("one issue key")
        );
        assert!(parse("new VSD-1").is_err());
    }

    #[test]
    fn tab_completes_verbs_keys_and_orders() {
        let keys = vec![
            "VSD-41347".to_string(),
            "VSD-41402".to_string(),
            "VSD-40112".to_string(),
        ];
        assert_eq!(complete("clo", &keys), ("close ".to_string(), vec![]));
        // "re": reopen and reply.
        let (text, all) = complete("re", &keys);
        assert_eq!(text, "re");
        assert_eq!(all, ["reopen", "reply"]);
        assert_eq!(complete("e", &keys).0, "e");
        assert_eq!(complete("es", &keys).0, "escalate ");
        assert_eq!(
            complete("close vsd-413", &keys),
            ("close VSD-41347".to_string(), vec![])
        );
        let (text, all) = complete("close VSD-41", &keys);
        assert_eq!(text, "close VSD-41");
        assert_eq!(all, ["VSD-41347", "VSD-41402"]);
        assert_eq!(complete("close VSD-4", &keys).0, "close VSD-4");
        assert_eq!(complete("sort wa", &keys).0, "sort waiting");
        assert_eq!(complete("export ma", &keys).0, "export markdown");
        assert_eq!(
            complete("export csv VSD-40", &keys).0,
            "export csv VSD-40112"
        );
        // Nothing to offer: the text stays.
        assert_eq!(
            complete("search refu", &keys),
            ("search refu".to_string(), vec![])
        );
        assert_eq!(complete("zz", &keys), ("zz".to_string(), vec![]));
    }
}
