//! The team-state merge: replicas that received the same operations, in any
//! order, duplicated and delayed, hold the same state, and it is the state of
//! applying the operations in (Lamport, author) order.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use vsd::issues::team::{LinkKind, Op, OpKind, TeamState};

const AUTHORS: [&str; 3] = ["ola@example.com", "kari@example.com", "per@example.com"];
const KEYS: [&str; 2] = ["VSD-1", "VSD-2"];

/// One step of the simulation.
#[derive(Debug, Clone)]
enum Step {
    /// Replica `r` makes an operation of this shape on key `k`.
    Make {
        r: usize,
        k: usize,
        shape: u8,
        arg: u8,
    },
    /// Replica `to` receives operation number `n` (modulo how many exist)
    /// of those made so far: any order, duplicates, and some never until
    /// the end.
    Deliver { to: usize, n: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, 0..2usize, 0..7u8, 0..3u8).prop_map(|(r, k, shape, arg)| Step::Make {
            r,
            k,
            shape,
            arg
        }),
        (0..3usize, any::<usize>()).prop_map(|(to, n)| Step::Deliver { to, n }),
    ]
}

fn kind(shape: u8, arg: u8, k: usize) -> OpKind {
    let other = KEYS[1 - k].to_string();
    let link = if arg.is_multiple_of(2) {
        LinkKind::Relates
    } else {
        LinkKind::Duplicate
    };
    match shape {
        0 => OpKind::Close,
        1 => OpKind::Reopen,
        2 => OpKind::Assign(Some(AUTHORS[arg as usize % 3].to_string())),
        3 => OpKind::Assign(None),
        4 => OpKind::Note(format!("note {arg}")),
        5 => OpKind::Link(other, link),
        _ => OpKind::Unlink(other, link),
    }
}

fn at(n: usize) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600 + n as i64 * 60, 0).expect("time")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn replicas_converge_to_the_ordered_application(
        steps in prop::collection::vec(step(), 1..80),
        final_order in prop::collection::vec(any::<prop::sample::Index>(), 0..300),
    ) {
        let mut replicas = [TeamState::new(), TeamState::new(), TeamState::new()];
        let mut made: Vec<Op> = Vec::new();
        for s in &steps {
            match *s {
                Step::Make { r, k, shape, arg } => {
                    let id = format!("op{}", made.len());
                    let op = replicas[r].make(id, AUTHORS[r], at(made.len()), KEYS[k], kind(shape, arg, k));
                    // Through the mailbox: what arrives is what was written.
                    let op = Op::from_json(&op.to_json()).expect("own JSON reads back");
                    replicas[r].apply(&op);
                    made.push(op);
                }
                Step::Deliver { to, n } => {
                    if !made.is_empty() {
                        let op = made[n % made.len()].clone();
                        replicas[to].apply(&op);
                    }
                }
            }
        }
        // The rest arrives in a random order, with duplicates, then all of
        // it once more so that nothing is left undelivered.
        for r in &mut replicas {
            if !made.is_empty() {
                for i in &final_order {
                    r.apply(i.get(&made));
                }
            }
            for op in made.iter().rev() {
                r.apply(op);
            }
        }
        let mut ordered = made.clone();
        ordered.sort_by_key(Op::order);
        let mut reference = TeamState::new();
        for op in &ordered {
            reference.apply(op);
        }
        for r in &replicas {
            prop_assert_eq!(r, &reference);
            prop_assert_eq!(r.views(), reference.views());
            prop_assert_eq!(r.status_actions().iter().map(|a| (a.key.clone(), a.at, a.kind)).collect::<Vec<_>>(),
                reference.status_actions().iter().map(|a| (a.key.clone(), a.at, a.kind)).collect::<Vec<_>>());
        }
        // The value of each register is that of its last edit in that order.
        for key in KEYS {
            let last_assign = ordered.iter().rev().find_map(|o| match &o.kind {
                OpKind::Assign(a) if o.key == key => Some(a.clone()),
                _ => None,
            });
            prop_assert_eq!(reference.view(key).assignee, last_assign.flatten());
        }
    }
}

/// Two colleagues who each edit the same field without having seen the
/// other's edit end with the same value and a conflict; a later edit by
/// either, having seen both, ends the conflict everywhere.
#[test]
fn concurrent_edits_converge_with_a_conflict_that_a_later_edit_resolves() {
    let mut ola = TeamState::new();
    let mut kari = TeamState::new();
    let a = ola.make(
        "a".into(),
        AUTHORS[0],
        at(1),
        "VSD-1",
        OpKind::Assign(Some(AUTHORS[0].into())),
    );
    let b = kari.make(
        "b".into(),
        AUTHORS[1],
        at(2),
        "VSD-1",
        OpKind::Assign(Some(AUTHORS[1].into())),
    );
    ola.apply(&a);
    kari.apply(&b);
    ola.apply(&b);
    kari.apply(&a);
    assert_eq!(ola, kari);
    let v = ola.view("VSD-1");
    assert!(v.conflict);
    assert_eq!(
        v.assignee.as_deref(),
        Some(AUTHORS[0]),
        "same clock: the higher author"
    );
    let c = kari.make(
        "c".into(),
        AUTHORS[1],
        at(3),
        "VSD-1",
        OpKind::Assign(Some(AUTHORS[1].into())),
    );
    kari.apply(&c);
    ola.apply(&c);
    assert_eq!(ola, kari);
    assert!(!ola.view("VSD-1").conflict);
    assert_eq!(ola.view("VSD-1").assignee.as_deref(), Some(AUTHORS[1]));
}
