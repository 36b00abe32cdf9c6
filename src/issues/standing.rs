//! Where an issue stands before anyone escalates: who it waits on and for
//! how long, the team's unanswered messages, the rule breaks that may have
//! hidden them from the desk, the checklist gaps, and the next step the
//! desk's guidelines give (CONTRACT.md, "Status before escalating").

use super::model::{IssueDetail, Role, Status};
use super::rules::RuleId;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The next step, as CONTRACT.md names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NextStep {
    AnswerDesk,
    Wait,
    ReplyWithInfo,
    ContactKam,
    NewRequest,
    /// A request that got no auto-reply within `ack_after_hours`.
    Resend,
    None,
}

impl NextStep {
    pub fn as_str(self) -> &'static str {
        match self {
            NextStep::AnswerDesk => "answer-desk",
            NextStep::Wait => "wait",
            NextStep::ReplyWithInfo => "reply-with-info",
            NextStep::ContactKam => "contact-kam",
            NextStep::NewRequest => "new-request",
            NextStep::Resend => "resend",
            NextStep::None => "none",
        }
    }

    /// Where the step comes in a team lead's overview: what the team owes
    /// first, then the overdue escalations, then what only waits.
    pub fn triage_rank(self) -> u8 {
        match self {
            NextStep::AnswerDesk => 0,
            NextStep::ContactKam => 1,
            NextStep::ReplyWithInfo => 2,
            NextStep::NewRequest => 3,
            NextStep::Resend => 4,
            NextStep::Wait => 5,
            NextStep::None => 6,
        }
    }

    /// All steps, in overview order.
    pub const IN_TRIAGE_ORDER: [NextStep; 7] = [
        NextStep::AnswerDesk,
        NextStep::ContactKam,
        NextStep::ReplyWithInfo,
        NextStep::NewRequest,
        NextStep::Resend,
        NextStep::Wait,
        NextStep::None,
    ];

    /// The step in words, with the guideline it follows.
    pub fn advice(self) -> &'static str {
        match self {
            NextStep::AnswerDesk => {
                "The desk wrote last and waits for the team: answer it, in the same thread, without changing the Subject."
            }
            NextStep::Wait => {
                "The desk has the latest word from the team. Wait: \"we cannot guarantee response times\"."
            }
            NextStep::ReplyWithInfo => {
                "Waiting longer than usual and no KAM is configured: \"please reply to the issue, and add any relevant information\" (vsd draft escalate KEY)."
            }
            NextStep::ContactKam => {
                "Waiting longer than usual: \"If you have a KAM (Key Account Manager), please contact her/him\" (vsd draft escalate KEY --kam)."
            }
            NextStep::NewRequest => {
                "The team wrote on a resolved or closed issue; the desk may not see it. \"Please send separate emails for each problem\": send a new request (vsd draft new)."
            }
            NextStep::Resend => {
                "Unacknowledged: no auto-reply with an issue number came in time, so the desk may never have received the request: check the address, or send it again (vsd draft new)."
            }
            NextStep::None => "Resolved or closed, and nothing has come since.",
        }
    }
}

/// `vsd status KEY --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub key: Option<String>,
    pub status: Status,
    /// `desk`, `team`, or null when nobody owes an answer.
    pub waiting_on: Option<Role>,
    /// Whole days since the last message of the side that is not waited on.
    pub days_waiting: Option<i64>,
    /// The team's messages since the desk last wrote.
    pub unanswered: usize,
    /// Rule ids on those messages that may have kept the desk from seeing them.
    pub risks: Vec<RuleId>,
    /// Checklist items the request never gave.
    pub missing_info: Vec<String>,
    pub next_step: NextStep,
    /// The next step in words, with its guideline.
    pub advice: String,
}

/// One line of `vsd status` without a key: an open issue or unfiled
/// request and its next step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriageEntry {
    pub id: super::model::IssueId,
    pub key: Option<String>,
    pub title: String,
    pub status: Status,
    pub waiting_on: Option<Role>,
    pub days_waiting: Option<i64>,
    pub next_step: NextStep,
}

/// Orders an overview: by next step in [`NextStep::triage_rank`] order,
/// then the longest wait first, then by id so the order is stable.
pub fn triage_order(entries: &mut [TriageEntry]) {
    entries.sort_by(|a, b| {
        a.next_step
            .triage_rank()
            .cmp(&b.next_step.triage_rank())
            .then_with(|| {
                b.days_waiting
                    .unwrap_or(-1)
                    .cmp(&a.days_waiting.unwrap_or(-1))
            })
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The rules that can hide a message from the desk.
const HIDING: [RuleId; 4] = [
    RuleId::KeyMissing,
    RuleId::SubjectChanged,
    RuleId::MultipleIssues,
    RuleId::NewProblem,
];

/// What the next step depends on besides the mail: from `[desk]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Whether a KAM is configured.
    pub kam: bool,
    pub escalate_after_days: i64,
    pub ack_after_hours: i64,
}

impl Rules {
    pub fn from_config(cfg: &crate::config::Config) -> Rules {
        Rules {
            kam: cfg.desk.kam.is_some(),
            escalate_after_days: i64::from(cfg.desk.escalate_after_days),
            ack_after_hours: i64::from(cfg.desk.ack_after_hours),
        }
    }
}

/// Works out where an issue stands. `missing_info` is what the caller
/// found the issue's team mail never gave.
pub fn standing(
    d: &IssueDetail,
    missing_info: Vec<String>,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Standing {
    let Rules {
        kam,
        escalate_after_days,
        ack_after_hours,
    } = *rules;
    let last_of = |role: Role| {
        d.messages
            .iter()
            .filter(|m| m.role == role)
            .map(|m| m.date)
            .max()
    };
    let last_desk = last_of(Role::Desk);
    let last_team = last_of(Role::Team);
    let unanswered: Vec<_> = d
        .messages
        .iter()
        .filter(|m| m.role == Role::Team && last_desk.is_none_or(|t| m.date > t))
        .collect();
    let risks: Vec<RuleId> = HIDING
        .into_iter()
        .filter(|r| unanswered.iter().any(|m| m.flags.contains(r)))
        .collect();
    // Settled (resolved or closed) after the desk last wrote, and the team
    // wrote since: the desk treats the issue as done.
    let settled_after_desk = d.events.iter().any(|e| {
        matches!(
            e.kind,
            super::EventKind::Resolved | super::EventKind::Closed
        ) && last_desk.is_none_or(|t| e.at >= t)
            && last_team.is_some_and(|t| t > e.at)
    });
    let (waiting_on, since) = super::model::waiting(d.status, last_desk, last_team);
    let days_waiting = since.map(|t| (now - t).num_days().max(0));
    // A request the desk never acknowledged: no desk mail at all, and the
    // first team mail older than `ack_after_hours`.
    let first_team = d
        .messages
        .iter()
        .filter(|m| m.role == Role::Team)
        .map(|m| m.date)
        .min();
    let unacknowledged = d.status == Status::Unfiled
        && last_desk.is_none()
        && first_team.is_some_and(|t| now - t >= chrono::Duration::hours(ack_after_hours));
    let next_step = match d.status {
        Status::Resolved | Status::Closed => NextStep::None,
        Status::AwaitingTeam => NextStep::AnswerDesk,
        Status::Unfiled if unacknowledged => NextStep::Resend,
        Status::AwaitingDesk | Status::Unfiled => {
            if settled_after_desk || risks.contains(&RuleId::NewProblem) {
                NextStep::NewRequest
            } else if days_waiting.unwrap_or(0) < escalate_after_days {
                NextStep::Wait
            } else if kam {
                NextStep::ContactKam
            } else {
                NextStep::ReplyWithInfo
            }
        }
    };
    Standing {
        key: d.key.clone(),
        status: d.status,
        waiting_on,
        days_waiting,
        unanswered: unanswered.len(),
        risks,
        missing_info,
        next_step,
        advice: next_step.advice().to_string(),
    }
}
