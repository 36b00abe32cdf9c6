//! Full-text search: what a user types turned into an FTS5 query, and the
//! query run against `message_search` (migrations/0013_search.sql).
//!
//! The user's words never reach FTS5 as syntax: each one is written as a
//! quoted string (`"VSD-41234"*`), so a key, an orderId, `AND`, `NEAR` or a
//! stray quote is text to find. Qualifiers (`from:`, `flag:`, `status:`,
//! `key:`) narrow the hits with plain SQL beside the match.

use super::write::from_ts;
use super::{SqlContext, Store, StoreError};
use crate::issues::Status;
use crate::issues::rules::RuleId;
use crate::text::highlight::{self, Needle};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;

/// A search as typed, split into words and qualifiers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words and "quoted phrases" to find in subject, sender or text.
    pub words: Vec<Term>,
    /// `from:` — words of the sender's name or address.
    pub from: Vec<Term>,
    /// `flag:` — messages that raised this rule.
    pub flags: Vec<RuleId>,
    /// `status:` — issues in one of these statuses (`open` stands for the
    /// three open ones).
    pub statuses: Vec<Status>,
    /// `key:` — issues with this key (any case).
    pub keys: Vec<String>,
}

/// One word, or a phrase the user put in double quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// A quoted phrase matches as written; a bare word also as a prefix.
    pub phrase: bool,
}

/// Why a search could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("no rule is called {0:?}; flag: takes one of {1}")]
    UnknownFlag(String, String),
    #[error(
        "no status is called {0:?}; status: takes open, awaiting-desk, awaiting-team, resolved, closed or unfiled"
    )]
    UnknownStatus(String),
    #[error("{0}: needs a value, e.g. {0}:kari")]
    Empty(String),
}

/// A message that matched, with the issue it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    /// The issue's id: its key, or `unfiled:<message-id>`.
    pub id: crate::issues::IssueId,
    pub key: Option<String>,
    pub title: String,
    pub message_id: String,
    pub date: DateTime<Utc>,
    pub from: Option<String>,
    /// Where the words matched, each match in `[` and `]`.
    pub snippet: String,
}

impl SearchQuery {
    /// Reads what the user typed. Words are split at white space; double
    /// quotes hold a phrase together (an unclosed one runs to the end).
    pub fn parse(text: &str) -> Result<SearchQuery, QueryError> {
        let mut q = SearchQuery::default();
        for token in tokens(text) {
            let (qualifier, value) = match token.text.split_once(':') {
                Some((name, value)) if !token.phrase && is_qualifier(name) => {
                    (Some(name.to_ascii_lowercase()), value.to_string())
                }
                _ => (None, String::new()),
            };
            let Some(name) = qualifier else {
                let after = token.value_phrase.clone();
                q.words.push(token.into());
                if let Some(text) = after {
                    q.words.push(Term { text, phrase: true });
                }
                continue;
            };
            // `from:"Kari Berg"`: the quoted phrase is the next token.
            let (value, phrase) = match (value.is_empty(), token.value_phrase) {
                (_, Some(p)) => (p, true),
                (false, None) => (value, false),
                (true, None) => return Err(QueryError::Empty(name)),
            };
            match name.as_str() {
                "from" => q.from.push(Term {
                    text: value,
                    phrase,
                }),
                "flag" => {
                    let rule = RuleId::ALL
                        .iter()
                        .copied()
                        .find(|r| r.as_str().eq_ignore_ascii_case(&value))
                        .ok_or_else(|| {
                            QueryError::UnknownFlag(
                                value.clone(),
                                RuleId::ALL
                                    .iter()
                                    .map(|r| r.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            )
                        })?;
                    q.flags.push(rule);
                }
                "status" => {
                    let v = value.to_ascii_lowercase();
                    if v == "open" {
                        q.statuses.extend([
                            Status::AwaitingDesk,
                            Status::AwaitingTeam,
                            Status::Unfiled,
                        ]);
                    } else {
                        q.statuses
                            .push(Status::parse(&v).ok_or(QueryError::UnknownStatus(value))?);
                    }
                }
                _ => q.keys.push(value),
            }
        }
        Ok(q)
    }

    /// Nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.match_expression().is_none()
            && self.flags.is_empty()
            && self.statuses.is_empty()
            && self.keys.is_empty()
    }

    /// The FTS5 MATCH expression, or None when no word has a letter or a
    /// digit in it (FTS5 would find nothing in it anyway).
    pub fn match_expression(&self) -> Option<String> {
        let mut parts: Vec<String> = self.words.iter().filter_map(fts_string).collect();
        let from: Vec<String> = self.from.iter().filter_map(fts_string).collect();
        if !from.is_empty() {
            parts.push(format!("{{from_name from_email}} : ({})", from.join(" ")));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A token of the typed text; `value_phrase` is the quoted phrase that
/// directly follows a qualifier's colon (`from:"Kari Berg"`).
struct Token {
    text: String,
    phrase: bool,
    value_phrase: Option<String>,
}

impl From<Token> for Term {
    fn from(t: Token) -> Term {
        Term {
            text: t.text,
            phrase: t.phrase,
        }
    }
}

fn is_qualifier(name: &str) -> bool {
    ["from", "flag", "status", "key"]
        .iter()
        .any(|q| q.eq_ignore_ascii_case(name))
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let quoted = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
        let mut s = String::new();
        for c in chars.by_ref() {
            if c == '"' {
                break;
            }
            s.push(c);
        }
        s
    };
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let s = quoted(&mut chars);
            out.push(Token {
                text: s,
                phrase: true,
                value_phrase: None,
            });
            continue;
        }
        let mut s = String::new();
        let mut value_phrase = None;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == '"' && s.ends_with(':') {
                value_phrase = Some(quoted(&mut chars));
                break;
            }
            s.push(c);
        }
        out.push(Token {
            text: s,
            phrase: false,
            value_phrase,
        });
    }
    out
}

/// A term as an FTS5 string: double quotes doubled, a bare word also
/// matching as a prefix. None when nothing in it is a letter or a digit.
fn fts_string(t: &Term) -> Option<String> {
    if !t.text.chars().any(char::is_alphanumeric) {
        return None;
    }
    let escaped = t.text.replace('"', "\"\"");
    Some(if t.phrase {
        format!("\"{escaped}\"")
    } else {
        format!("\"{escaped}\"*")
    })
}

impl SearchQuery {
    /// The words to mark in a hit's text: the typed words and phrases, as
    /// the index matched them (`from:` words mark only the sender).
    pub fn needles(&self) -> Vec<Needle> {
        needles(&self.words)
    }
}

fn needles(terms: &[Term]) -> Vec<Needle> {
    terms
        .iter()
        .filter_map(|t| Needle::new(&t.text, !t.phrase))
        .collect()
}

/// A bare word as common as "payment" matches a large part of a mailbox;
/// ranking every match costs more than the search. The newest this many
/// matches are ranked, which keeps a rare word's hits exact.
const RANKED_AT_MOST: usize = 2000;

/// Tokens in a hit's snippet.
const SNIPPET_TOKENS: usize = 12;

impl Store {
    /// The messages that match `q`, best first (FTS5's bm25 rank among the
    /// newest [`RANKED_AT_MOST`] matches; newest first when only qualifiers
    /// were given), at most `limit`.
    pub fn search(&self, q: &SearchQuery, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let expression = q.match_expression();
        let (where_clause, mut params) = filters(q, expression.as_deref());
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Which messages, in order: only row ids and ranks, so that nothing
        // is read or built for a match that is not shown.
        let top = if expression.is_some() {
            params.push(Value::Integer(
                i64::try_from(RANKED_AT_MOST).unwrap_or(i64::MAX).max(limit),
            ));
            let newest = params.len();
            params.push(Value::Integer(limit));
            format!(
                "SELECT rowid, rank FROM (
                    SELECT s.rowid AS rowid, s.rank AS rank FROM message_search s
                    JOIN assignments a ON a.message_rowid = s.rowid
                    JOIN issues i ON i.id = a.issue_id
                    {where_clause}
                    ORDER BY s.rowid DESC LIMIT ?{newest})
                 ORDER BY rank, rowid DESC LIMIT ?{}",
                params.len()
            )
        } else {
            params.push(Value::Integer(limit));
            format!(
                "SELECT m.id AS rowid, -m.date AS rank FROM messages m
                 JOIN assignments a ON a.message_rowid = m.id
                 JOIN issues i ON i.id = a.issue_id
                 {where_clause}
                 ORDER BY m.date DESC, m.id DESC LIMIT ?{}",
                params.len()
            )
        };
        let sql = format!(
            "WITH top AS ({top})
             SELECT a.issue_id, i.key, i.title, m.message_id, m.date, m.from_name, m.from_email,
                    m.subject, m.new_text
             FROM top JOIN messages m ON m.id = top.rowid
             JOIN assignments a ON a.message_rowid = m.id
             JOIN issues i ON i.id = a.issue_id
             ORDER BY top.rank, top.rowid DESC"
        );
        let words = q.needles();
        let from = needles(&q.from);
        let mut st = self.conn().prepare(&sql).ctx("search messages")?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                let name: Option<String> = r.get(5)?;
                let email: Option<String> = r.get(6)?;
                let from_shown = match (name.filter(|n| !n.is_empty()), email) {
                    (Some(n), Some(e)) => Some(format!("{n} <{e}>")),
                    (None, Some(e)) => Some(e),
                    (Some(n), None) => Some(n),
                    (None, None) => None,
                };
                let subject: String = r.get(7)?;
                let text: String = r.get(8)?;
                let snippet = hit_snippet(&words, &from, &text, &subject, from_shown.as_deref());
                Ok(SearchHit {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    title: r.get(2)?,
                    message_id: r.get(3)?,
                    date: from_ts(r.get(4)?),
                    from: from_shown,
                    snippet: snippet.replace(['\n', '\r'], " "),
                })
            })
            .ctx("search messages")?;
        rows.collect::<Result<_, _>>().ctx("search messages")
    }
}

/// The WHERE clause of a search and its parameters: the full-text match,
/// then each qualifier (flags, statuses, keys), alternatives of one
/// qualifier ORed.
fn filters(q: &SearchQuery, expression: Option<&str>) -> (String, Vec<Value>) {
    let mut params: Vec<Value> = Vec::new();
    let mut filters: Vec<String> = Vec::new();
    if let Some(e) = expression {
        params.push(Value::Text(e.to_string()));
        filters.push(format!("message_search MATCH ?{}", params.len()));
    }
    // The message's row id, under the name the FROM clause gives it.
    let row = if expression.is_some() {
        "s.rowid"
    } else {
        "m.id"
    };
    if !q.flags.is_empty() {
        let mut ors = Vec::new();
        for f in &q.flags {
            params.push(Value::Text(f.as_str().to_string()));
            ors.push(format!("f.rule = ?{}", params.len()));
        }
        filters.push(format!(
            "EXISTS (SELECT 1 FROM flags f WHERE f.message_rowid = {row} AND ({}))",
            ors.join(" OR ")
        ));
    }
    if !q.statuses.is_empty() {
        let mut ors = Vec::new();
        for s in &q.statuses {
            params.push(Value::Text(s.as_str().to_string()));
            ors.push(format!("i.status = ?{}", params.len()));
        }
        filters.push(format!("({})", ors.join(" OR ")));
    }
    if !q.keys.is_empty() {
        let mut ors = Vec::new();
        for k in &q.keys {
            params.push(Value::Text(k.clone()));
            ors.push(format!("lower(i.key) = lower(?{})", params.len()));
        }
        filters.push(format!("({})", ors.join(" OR ")));
    }
    let where_clause = if filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", filters.join(" AND "))
    };
    (where_clause, params)
}

/// While set, the search index's triggers are dropped (their SQL is the
/// value, as JSON) and the index is rebuilt when they come back.
const META_PAUSED: &str = "search.paused";

impl Store {
    /// Before a bulk write into an empty store (a first import or sync):
    /// drops the triggers that index each message as it is written, so that
    /// [`Store::resume_search_index`] builds the index once at the end. One
    /// build costs about half of indexing 100k messages one by one. A store
    /// that holds mail keeps indexing as it goes. Returns whether the
    /// index is paused.
    pub(super) fn pause_search_index(&mut self) -> Result<bool, StoreError> {
        if self.meta(META_PAUSED)?.is_some() {
            return Ok(true);
        }
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx("pause the search index")?;
        let empty: bool = tx
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM messages)", [], |r| {
                r.get(0)
            })
            .ctx("pause the search index")?;
        if !empty {
            return Ok(false);
        }
        let triggers: Vec<(String, String)> = {
            let mut st = tx
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = 'trigger' AND name LIKE 'message\\_search\\_%' ESCAPE '\\'
                     ORDER BY name",
                )
                .ctx("pause the search index")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .ctx("pause the search index")?
                .collect::<Result<_, _>>()
                .ctx("pause the search index")?
        };
        if triggers.is_empty() {
            // No index to keep up (a benchmark's store without one).
            return Ok(false);
        }
        let sqls: Vec<&str> = triggers.iter().map(|(_, sql)| sql.as_str()).collect();
        let saved = serde_json::to_string(&sqls).unwrap_or_default();
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [META_PAUSED, saved.as_str()],
        )
        .ctx("pause the search index")?;
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))
                .ctx("pause the search index")?;
        }
        tx.commit().ctx("pause the search index")?;
        Ok(true)
    }

    /// Puts back the triggers [`Store::pause_search_index`] dropped and
    /// builds the index from every stored message, in one transaction; a
    /// store left paused (a crash mid-import) is mended the same way.
    pub(super) fn resume_search_index(&mut self) -> Result<(), StoreError> {
        let Some(saved) = self.meta(META_PAUSED)? else {
            return Ok(());
        };
        let sqls: Vec<String> = serde_json::from_str(&saved).unwrap_or_default();
        let started = std::time::Instant::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx("rebuild the search index")?;
        for sql in &sqls {
            tx.execute_batch(sql).ctx("rebuild the search index")?;
        }
        tx.execute_batch(
            "INSERT INTO message_search (message_search) VALUES ('rebuild');
             DELETE FROM meta WHERE key = 'search.paused';",
        )
        .ctx("rebuild the search index")?;
        tx.commit().ctx("rebuild the search index")?;
        tracing::debug!(
            secs = started.elapsed().as_secs_f64(),
            "built the search index"
        );
        Ok(())
    }

    /// True while the index is paused for a bulk write.
    pub fn search_index_paused(&self) -> Result<bool, StoreError> {
        Ok(self.meta(META_PAUSED)?.is_some())
    }
}

/// Where a hit matched, marked: its own text first, else its Subject, else
/// its sender; the start of its text when only qualifiers matched.
fn hit_snippet(
    words: &[Needle],
    from: &[Needle],
    text: &str,
    subject: &str,
    sender: Option<&str>,
) -> String {
    let mark = |hay: &str, n: &[Needle]| highlight::snippet(hay, n, "[", "]", SNIPPET_TOKENS);
    mark(text, words)
        .or_else(|| mark(subject, words))
        .or_else(|| sender.and_then(|s| mark(s, from).or_else(|| mark(s, words))))
        .unwrap_or_else(|| {
            let start: String = text.chars().take(120).collect();
            if start.len() < text.len() {
                format!("{start}…")
            } else {
                start
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str) -> Term {
        Term {
            text: s.into(),
            phrase: false,
        }
    }

    #[test]
    fn words_phrases_and_qualifiers_are_told_apart() {
        let q = SearchQuery::parse(
            r#"refund "order 123" from:kari FLAG:quoted-history status:open key:vsd-1 from:"Ola N""#,
        )
        .expect("query");
        assert_eq!(
            q.words,
            [
                word("refund"),
                Term {
                    text: "order 123".into(),
                    phrase: true
                }
            ]
        );
        assert_eq!(
            q.from,
            [
                word("kari"),
                Term {
                    text: "Ola N".into(),
                    phrase: true
                }
            ]
        );
        assert_eq!(q.flags, [RuleId::QuotedHistory]);
        assert_eq!(q.statuses.len(), 3);
        assert_eq!(q.keys, ["vsd-1"]);
        assert_eq!(
            q.match_expression().as_deref(),
            Some(r#""refund"* "order 123" {from_name from_email} : ("kari"* "Ola N")"#)
        );
    }

    #[test]
    fn fts_syntax_typed_by_the_user_is_text() {
        let q = SearchQuery::parse(r#"VSD-41234 AND NEAR(x y) a"b* -c ^d"#).expect("query");
        assert_eq!(
            q.match_expression().as_deref(),
            Some(r#""VSD-41234"* "AND"* "NEAR(x"* "y)"* "a""b*"* "-c"* "^d"*"#)
        );
        // A quote inside a word is a character of it, doubled for FTS5.
        // A word that is all punctuation finds nothing and is left out.
        assert_eq!(
            SearchQuery::parse("* - ()").expect("q").match_expression(),
            None
        );
        // An unknown qualifier is a word like any other.
        let q = SearchQuery::parse("orderId:abc-9").expect("q");
        assert_eq!(q.words, [word("orderId:abc-9")]);
    }

    #[test]
    fn bad_qualifier_values_say_what_is_accepted() {
        let e = SearchQuery::parse("flag:nope").expect_err("unknown flag");
        assert!(e.to_string().contains("quoted-history"), "{e}");
        let e = SearchQuery::parse("status:sleeping").expect_err("unknown status");
        assert!(e.to_string().contains("awaiting-desk"), "{e}");
        assert_eq!(
            SearchQuery::parse("from:").expect_err("empty"),
            QueryError::Empty("from".into())
        );
    }
}
