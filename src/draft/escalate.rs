//! The paragraph a key account manager reads: which issue, how old, what
//! happened in it and whom it waits on, in one paragraph and in vsd's own
//! words. The thread itself is never quoted: the KAM needs the issue's
//! number to look it up, not the mail.

use crate::issues::IssueDetail;
use crate::issues::Role;
use crate::issues::standing::Standing;
use chrono::{DateTime, Utc};

/// The most steps of the history told one by one; a longer history keeps
/// its first steps and its newest and counts the rest.
const MAX_STEPS: usize = 6;

fn day(d: DateTime<Utc>) -> String {
    d.format("%-d %B %Y").to_string()
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// One step of the history: who wrote, and when. Mail from neither side
/// (a notifier) is no step of the conversation.
fn step(role: Role, first_desk: bool, date: DateTime<Utc>) -> Option<String> {
    match role {
        Role::Team => Some(format!("we wrote on {}", day(date))),
        Role::Desk if first_desk => Some(format!("the desk acknowledged it on {}", day(date))),
        Role::Desk => Some(format!("the desk answered on {}", day(date))),
        Role::Other => None,
    }
}

/// The paragraph for the KAM; "we" is the team throughout.
pub fn kam_paragraph(detail: &IssueDetail, standing: &Standing, now: DateTime<Utc>) -> String {
    let key = detail.key.as_deref().unwrap_or("an unfiled request");
    let title = crate::draft::header_text(&detail.title);
    // A title that holds quotes of its own reads better in brackets alone.
    let mut s = if title.contains('"') {
        format!("We need help with {key} ({title}) at the service desk.")
    } else {
        format!("We need help with {key} (\"{title}\") at the service desk.")
    };
    if let Some(first) = detail.messages.first() {
        let age = (now - first.date).num_days().max(0);
        s.push_str(&format!(
            " We sent the request on {}, {} ago.",
            day(first.date),
            days(age)
        ));
    }
    let mut steps: Vec<String> = Vec::new();
    let mut seen_desk = false;
    for m in &detail.messages {
        let first_desk = m.role == Role::Desk && !seen_desk;
        if m.role == Role::Desk {
            seen_desk = true;
        }
        steps.extend(step(m.role, first_desk, m.date));
    }
    // The request itself was told above.
    if !steps.is_empty() {
        steps.remove(0);
    }
    if steps.len() > MAX_STEPS {
        let hidden = steps.len() - (MAX_STEPS - 1);
        let tail = steps.split_off(steps.len() - (MAX_STEPS - 2));
        steps.truncate(1);
        steps.push(format!("{hidden} more messages followed"));
        steps.extend(tail);
    }
    if !steps.is_empty() {
        s.push_str(&format!(" Since then, {}.", steps.join(", ")));
    }
    match (standing.waiting_on, standing.days_waiting) {
        (Some(Role::Desk), Some(d)) => {
            s.push_str(&format!(" It has waited {} for the desk", days(d)));
            if standing.unanswered > 1 {
                s.push_str(&format!(
                    ", with {} of our messages unanswered",
                    standing.unanswered
                ));
            }
            s.push('.');
        }
        (Some(Role::Team), Some(d)) => {
            s.push_str(&format!(" The desk's last answer came {} ago.", days(d)));
        }
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issues::standing::{Rules, standing};

    const RULES: Rules = Rules {
        kam: true,
        escalate_after_days: 5,
        ack_after_hours: 24,
    };
    use crate::issues::{MessageView, Status};

    fn msg(role: Role, date: &str) -> MessageView {
        MessageView {
            message_id: format!("{date}@x"),
            date: DateTime::parse_from_rfc3339(date)
                .expect("date")
                .with_timezone(&Utc),
            from: "x".into(),
            to: Vec::new(),
            cc: Vec::new(),
            role,
            subject: "s".into(),
            flags: vec![],
            new_text: "> quoted line that must not appear".into(),
            flag_details: vec![],
            quoted: false,
            gone: false,
            partial_size: None,
            attachments: Vec::new(),
        }
    }

    fn detail(messages: Vec<MessageView>) -> IssueDetail {
        IssueDetail {
            key: Some("VSD-100".into()),
            title: "POST /epayment gives 400".into(),
            status: Status::AwaitingDesk,
            messages,
            events: vec![],
            team: Default::default(),
            standing: None,
        }
    }

    #[test]
    fn paragraph_names_issue_age_history_and_wait() {
        let d = detail(vec![
            msg(Role::Team, "2026-03-02T08:00:00Z"),
            msg(Role::Desk, "2026-03-02T08:01:00Z"),
            msg(Role::Desk, "2026-03-03T09:00:00Z"),
            msg(Role::Team, "2026-03-03T10:00:00Z"),
            msg(Role::Team, "2026-03-10T10:00:00Z"),
        ]);
        let now = DateTime::parse_from_rfc3339("2026-03-20T12:00:00Z")
            .expect("now")
            .with_timezone(&Utc);
        let st = standing(&d, vec![], &RULES, now);
        assert_eq!(
            kam_paragraph(&d, &st, now),
            "We need help with VSD-100 (\"POST /epayment gives 400\") at the service desk. \
We sent the request on 2 March 2026, 18 days ago. Since then, the desk acknowledged it on 2 March 2026, \
the desk answered on 3 March 2026, we wrote on 3 March 2026, we wrote on 10 March 2026. \
It has waited 10 days for the desk, with 2 of our messages unanswered."
        );
    }

    #[test]
    fn quoted_title_is_not_quoted_again() {
        let mut d = detail(vec![msg(Role::Team, "2026-03-02T08:00:00Z")]);
        d.title = "Webhook rejected: 400 \"url must use https\"".into();
        let now = DateTime::parse_from_rfc3339("2026-03-03T08:00:00Z")
            .expect("now")
            .with_timezone(&Utc);
        let st = standing(&d, vec![], &RULES, now);
        assert_eq!(
            kam_paragraph(&d, &st, now),
            "We need help with VSD-100 (Webhook rejected: 400 \"url must use https\") at the service desk. \
We sent the request on 2 March 2026, 1 day ago. It has waited 1 day for the desk."
        );
    }

    #[test]
    fn long_history_is_counted_not_listed() {
        let mut ms = vec![msg(Role::Team, "2026-03-01T08:00:00Z")];
        for day in 2..=20 {
            ms.push(msg(
                if day % 2 == 0 { Role::Desk } else { Role::Team },
                &format!("2026-03-{day:02}T08:00:00Z"),
            ));
        }
        let d = detail(ms);
        let now = DateTime::parse_from_rfc3339("2026-03-21T08:00:00Z")
            .expect("now")
            .with_timezone(&Utc);
        let st = standing(&d, vec![], &RULES, now);
        let p = kam_paragraph(&d, &st, now);
        assert!(p.contains("Since then, the desk acknowledged it on 2 March 2026, 14 more messages followed, we wrote on 17 March 2026, the desk answered on 18 March 2026"), "{p}");
        assert!(!p.contains('\n'));
        assert!(!p.contains("quoted"));
    }
}
