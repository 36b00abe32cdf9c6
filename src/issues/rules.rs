//! The desk's rules: their ids, the guideline each one enforces, and the flag
//! a rule raises on a message.
//!
//! A flag is computed by a rule over a message and its issue (see
//! `grouping`), stored with its evidence (the header or lines that
//! triggered it), and explained with the guideline's own words from
//! `support-desk-guidelines.md`, so a user sees why the desk cares.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Serialize, Serializer};

/// The rule ids of CONTRACT.md. Their strings are stable: what the JSON
/// prints, what the store's `flags.rule` column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    SubjectChanged,
    KeyMissing,
    QuotedHistory,
    NewProblem,
    MultipleIssues,
    SecretUnredacted,
    CcDropped,
    MissingInfo,
}

impl RuleId {
    pub const ALL: [RuleId; 8] = [
        RuleId::SubjectChanged,
        RuleId::KeyMissing,
        RuleId::QuotedHistory,
        RuleId::NewProblem,
        RuleId::MultipleIssues,
        RuleId::SecretUnredacted,
        RuleId::CcDropped,
        RuleId::MissingInfo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::SubjectChanged => "subject-changed",
            RuleId::KeyMissing => "key-missing",
            RuleId::QuotedHistory => "quoted-history",
            RuleId::NewProblem => "new-problem",
            RuleId::MultipleIssues => "multiple-issues",
            RuleId::SecretUnredacted => "secret-unredacted",
            RuleId::CcDropped => "cc-dropped",
            RuleId::MissingInfo => "missing-info",
        }
    }

    pub fn parse(s: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A one-character mark for compact lists.
    pub fn mark(self) -> char {
        match self {
            RuleId::SubjectChanged => 'S',
            RuleId::KeyMissing => 'K',
            RuleId::QuotedHistory => 'Q',
            RuleId::NewProblem => 'N',
            RuleId::MultipleIssues => 'M',
            RuleId::SecretUnredacted => '!',
            RuleId::CcDropped => 'C',
            RuleId::MissingInfo => 'I',
        }
    }

    /// What the rule catches, in the fewest words (the TUI help's legend of
    /// list marks, which must fit 80 columns).
    pub fn legend(self) -> &'static str {
        match self {
            RuleId::SubjectChanged => "reply changed Subject",
            RuleId::KeyMissing => "reply lacks the key",
            RuleId::QuotedHistory => "quotes earlier mail",
            RuleId::NewProblem => "reuses an old issue",
            RuleId::MultipleIssues => "several keys at once",
            RuleId::SecretUnredacted => "secret shown in full",
            RuleId::CcDropped => "colleague left off Cc",
            RuleId::MissingInfo => "checklist incomplete",
        }
    }

    /// The guideline the rule enforces, quoted from the desk's own page.
    pub fn guideline(self) -> &'static str {
        match self {
            RuleId::SubjectChanged | RuleId::KeyMissing => {
                "\"If you want to send additional information about the same issue, please reply to the email, without changing the Subject line.\""
            }
            RuleId::QuotedHistory => {
                "\"Please remove previous communication when replying to an email, do not quote all the previous messages - we already have them.\""
            }
            RuleId::NewProblem | RuleId::MultipleIssues => {
                "\"Please send separate emails for each problem. If you send an email about a new problem by replying to an old issue, it may delay our response.\""
            }
            RuleId::SecretUnredacted => {
                "\"Remove everything except the last four characters from client_secret and Ocp-Apim-Subscription-Key.\""
            }
            RuleId::CcDropped => {
                "\"If you want colleagues to be included in all communication regarding this issue, add them in the To: or CC: field of the email.\""
            }
            RuleId::MissingInfo => {
                "\"Please send an email with all relevant information\": organization number, MSN, product or API, environment, orderId, date, request and response."
            }
        }
    }

    /// What the rule means, in a few words, before the guideline.
    pub fn summary(self) -> &'static str {
        match self {
            RuleId::SubjectChanged => "Subject changed",
            RuleId::KeyMissing => "issue key missing from Subject",
            RuleId::QuotedHistory => "quotes earlier messages",
            RuleId::NewProblem => "new problem on an old issue",
            RuleId::MultipleIssues => "names several issues",
            RuleId::SecretUnredacted => "secret not masked",
            RuleId::CcDropped => "colleague dropped from Cc",
            RuleId::MissingInfo => "request lacks checklist items",
        }
    }

    /// The one-line explanation a user sees: what broke, and the guideline.
    pub fn explanation(self) -> String {
        format!("{}: {}", self.summary(), self.guideline())
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The ids' names joined by ", ", for a line that lists them.
pub fn names(ids: &[RuleId]) -> String {
    ids.iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl ToSql for RuleId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for RuleId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let name = value.as_str()?;
        RuleId::parse(name).ok_or_else(|| {
            FromSqlError::Other(
                format!("the rule id {name:?} is not one this vsd knows (a newer vsd wrote it?)")
                    .into(),
            )
        })
    }
}

/// A rule raised on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub rule: RuleId,
    /// What triggered it, in one line.
    pub detail: String,
    /// The header or lines that triggered it.
    pub evidence: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_the_contracts() {
        let ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            ids,
            [
                "subject-changed",
                "key-missing",
                "quoted-history",
                "new-problem",
                "multiple-issues",
                "secret-unredacted",
                "cc-dropped",
                "missing-info"
            ]
        );
        for r in RuleId::ALL {
            assert_eq!(RuleId::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).expect("json"),
                format!("\"{}\"", r.as_str())
            );
        }
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
        let back: RuleId = conn
            .query_row("SELECT ?1", [RuleId::CcDropped], |r| r.get(0))
            .expect("round trip");
        assert_eq!(back, RuleId::CcDropped);
        let unknown: rusqlite::Result<RuleId> =
            conn.query_row("SELECT 'made-up'", [], |r| r.get(0));
        assert!(unknown.is_err());
        assert_eq!(
            names(&[RuleId::KeyMissing, RuleId::NewProblem]),
            "key-missing, new-problem"
        );
    }

    /// The quoted sentences stand, word for word, in the desk's page (markup
    /// removed): the paragraphs they come from are kept with the tests, so
    /// the check runs in every clone.
    #[test]
    fn guidelines_are_quoted_from_the_desk_page() {
        let page = include_str!("../../tests/fixtures/desk-guidelines.md");
        let emphasis = regex::Regex::new(r"(^|\W)_(\w+)_(\W|$)").expect("pattern");
        let page = page.replace('`', "").replace("**", "");
        let page = emphasis.replace_all(&page, "$1$2$3");
        let page = crate::issues::subject::fold_whitespace(&page);
        for r in RuleId::ALL {
            let quoted = r.guideline().split('"').nth(1).expect("a quoted sentence");
            assert!(
                page.contains(quoted),
                "{r}: {quoted:?} not in the guidelines"
            );
        }
    }
}
