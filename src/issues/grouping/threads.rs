//! The thread forest over message ids (JWZ-style, see the parent's doc).

use super::MsgMeta;
use std::collections::{HashMap, HashSet};

/// The thread forest over message ids.
pub(super) struct Threads<'a> {
    /// Container index of each input message.
    pub(super) of_msg: Vec<usize>,
    /// Ids borrowed from the messages: a large mailbox is not copied.
    pub(super) ids: Vec<&'a str>,
    msg: Vec<Option<usize>>,
    pub(super) parent: Vec<Option<usize>>,
    /// Whether a container was ever given a child while building (it may
    /// have lost it since): one that never was is nobody's ancestor.
    has_child: Vec<bool>,
    children: Vec<Vec<usize>>,
}

/// A message's chain of ancestors, oldest first: its References, with each
/// In-Reply-To id moved to the end unless it is last already. The same as
/// moving them one at a time, in linear time (a References header may hold
/// hundreds of thousands of ids).
pub(super) fn reply_chain<'a>(references: &'a [String], in_reply_to: &'a [String]) -> Vec<&'a str> {
    let mut moved: HashSet<&'a str> = HashSet::new();
    // Moved ids in the order of their last move; a later move of the same
    // id leaves a hole (None) where it was.
    let mut tail: Vec<Option<&'a str>> = Vec::new();
    let mut tail_at: HashMap<&'a str, usize> = HashMap::new();
    // References not moved end before this index (it only shrinks).
    let mut refs_end = references.len();
    for r in in_reply_to.iter().map(String::as_str) {
        while tail.last().is_some_and(Option::is_none) {
            tail.pop();
        }
        let last = match tail.last() {
            Some(l) => *l,
            None => {
                while refs_end > 0 && moved.contains(references[refs_end - 1].as_str()) {
                    refs_end -= 1;
                }
                refs_end.checked_sub(1).map(|i| references[i].as_str())
            }
        };
        if last == Some(r) {
            continue;
        }
        if let Some(at) = tail_at.get(r)
            && let Some(slot) = tail.get_mut(*at)
        {
            *slot = None;
        }
        moved.insert(r);
        tail_at.insert(r, tail.len());
        tail.push(Some(r));
    }
    references
        .iter()
        .map(String::as_str)
        .filter(|x| !moved.contains(x))
        .chain(tail.into_iter().flatten())
        .collect()
}

impl<'a> Threads<'a> {
    pub(super) fn build(msgs: &'a [MsgMeta]) -> Threads<'a> {
        let mut t = Threads {
            of_msg: Vec::with_capacity(msgs.len()),
            ids: Vec::with_capacity(msgs.len()),
            msg: Vec::with_capacity(msgs.len()),
            parent: Vec::with_capacity(msgs.len()),
            has_child: Vec::with_capacity(msgs.len()),
            children: Vec::new(),
        };
        let mut index: HashMap<&'a str, usize> = HashMap::with_capacity(msgs.len() * 2);
        let mut container = |t: &mut Threads<'a>, id: &'a str| -> usize {
            if let Some(&c) = index.get(id) {
                return c;
            }
            let c = t.ids.len();
            t.ids.push(id);
            t.msg.push(None);
            t.parent.push(None);
            t.has_child.push(false);
            index.insert(id, c);
            c
        };
        for (i, m) in msgs.iter().enumerate() {
            let c = container(&mut t, &m.message_id);
            t.msg[c] = Some(i);
            t.of_msg.push(c);
        }
        for (i, m) in msgs.iter().enumerate() {
            let c = t.of_msg[i];
            let chain = reply_chain(&m.references, &m.in_reply_to);
            let mut prev: Option<usize> = None;
            // The depth of `prev` when it is known without a walk: a long
            // chain of new ids (one mail naming 450,000) is linked in
            // linear time, not one walk up the chain per id.
            let mut prev_depth: Option<usize> = None;
            for &r in &chain {
                let rc = container(&mut t, r);
                let mut depth = None;
                if let Some(p) = prev
                    && t.parent[rc].is_none()
                    && rc != p
                {
                    let p_depth = prev_depth.unwrap_or_else(|| t.depth(p));
                    if !t.would_loop(rc, p, p_depth) {
                        t.parent[rc] = Some(p);
                        t.has_child[p] = true;
                        depth = Some(p_depth + 1);
                    }
                }
                prev_depth = depth.or((t.parent[rc].is_none()).then_some(0));
                prev = Some(rc);
            }
            if let Some(p) = prev
                && p != c
            {
                let p_depth = prev_depth.unwrap_or_else(|| t.depth(p));
                if !t.would_loop(c, p, p_depth) {
                    t.parent[c] = Some(p);
                    t.has_child[p] = true;
                }
            }
        }
        t.children = vec![Vec::new(); t.ids.len()];
        for c in 0..t.ids.len() {
            if let Some(p) = t.parent[c] {
                t.children[p].push(c);
            }
        }
        t
    }

    /// True when `a` is `b` or an ancestor of `b`. Depth is bounded so that a
    /// pathological chain cannot stall grouping; beyond it, links are refused.
    fn is_ancestor(&self, a: usize, b: usize) -> bool {
        let mut cur = Some(b);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == a || steps > 10_000 {
                return true;
            }
            cur = self.parent[c];
            steps += 1;
        }
        false
    }

    /// Whether linking `child` under `parent` (at `parent_depth`) is refused
    /// by [`Threads::is_ancestor`]: a container that was never given a child
    /// is nobody's ancestor, and only the depth bound can refuse it.
    fn would_loop(&self, child: usize, parent: usize, parent_depth: usize) -> bool {
        if self.has_child[child] {
            self.is_ancestor(child, parent)
        } else {
            child == parent || parent_depth > 10_000
        }
    }

    /// The number of ancestors of `c`, counted up to just past the depth
    /// bound of [`Threads::is_ancestor`].
    fn depth(&self, c: usize) -> usize {
        let mut cur = self.parent[c];
        let mut steps = 0;
        while let Some(p) = cur {
            steps += 1;
            if steps > 10_001 {
                break;
            }
            cur = self.parent[p];
        }
        steps
    }

    fn root(&self, c: usize) -> usize {
        let mut cur = c;
        let mut steps = 0;
        while let Some(p) = self.parent[cur] {
            cur = p;
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
        cur
    }

    pub(super) fn root_id(&self, i: usize) -> &str {
        self.ids[self.root(self.of_msg[i])]
    }

    /// The key each message belongs to, by the rules in the module doc.
    pub(super) fn resolve_keys(
        &self,
        msgs: &[MsgMeta],
        keys: &[Vec<String>],
    ) -> Vec<Option<String>> {
        let n = self.ids.len();
        // Inherited key per container, computed from the roots down.
        let mut inherited: Vec<Option<usize>> = vec![None; n];
        let mut stack: Vec<(usize, Option<usize>)> = (0..n)
            .filter(|&c| self.parent[c].is_none())
            .map(|c| (c, None))
            .collect();
        while let Some((c, from_parent)) = stack.pop() {
            let own = self.msg[c].filter(|&i| !keys[i].is_empty());
            let k = own.or(from_parent);
            inherited[c] = k;
            for &ch in &self.children[c] {
                stack.push((ch, k));
            }
        }
        // The earliest keyed message below each container, not looking past
        // a keyed message into its own subtree. Computed bottom-up once.
        let order = self.top_down_order();
        let mut down: Vec<Option<usize>> = vec![None; n];
        for &c in order.iter().rev() {
            let mut best: Option<usize> = None;
            for &ch in &self.children[c] {
                let cand = self.msg[ch].filter(|&i| !keys[i].is_empty()).or(down[ch]);
                if let Some(i) = cand
                    && best.is_none_or(|b| (msgs[i].date, i) < (msgs[b].date, b))
                {
                    best = Some(i);
                }
            }
            down[c] = best;
        }
        msgs.iter()
            .enumerate()
            .map(|(i, _)| {
                let c = self.of_msg[i];
                let src = inherited[c].or_else(|| {
                    // Climb until some ancestor has a keyed descendant: the
                    // thread's nearest numbered message names the issue.
                    let mut cur = Some(c);
                    let mut steps = 0;
                    while let Some(a) = cur {
                        if down[a].is_some() || steps > 10_000 {
                            return down[a];
                        }
                        cur = self.parent[a];
                        steps += 1;
                    }
                    None
                });
                src.map(|s| keys[s][0].clone())
            })
            .collect()
    }

    /// Containers ordered so that each parent comes before its children.
    fn top_down_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.ids.len());
        let mut stack: Vec<usize> = (0..self.ids.len())
            .filter(|&c| self.parent[c].is_none())
            .collect();
        while let Some(c) = stack.pop() {
            order.push(c);
            stack.extend(&self.children[c]);
        }
        order
    }
}
