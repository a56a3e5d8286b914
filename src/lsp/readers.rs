//! Which clauses read a field: every pointer a rule's compiled plan selects (its checks, its
//! applicability, the field a keyed parameter is chosen by), and the fields the rule names as its
//! evidence, indexed once per compiled pack.

use crate::engine::plan::Check;
use crate::pack::{NaPlan, Pack};
use crate::pointer::{Pointer, Token};

/// How a clause relates to a node of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reads {
    /// The clause reads the node itself, or a node that holds it.
    Node,
    /// The clause reads a field inside the node.
    Inside,
}

/// The pointers each rule reads, in the order of the pack's rules.
pub struct Readers {
    /// (rule index, pointer pattern), one entry per distinct pointer of a rule.
    entries: Vec<(usize, Pointer)>,
}

impl Readers {
    /// Indexes a compiled pack.
    pub fn index(pack: &Pack) -> Readers {
        let mut entries = Vec::new();
        for (i, (rule, plan)) in pack.rules.iter().zip(&pack.plans).enumerate() {
            let mut pointers: Vec<Pointer> = Vec::new();
            let checks = [
                plan.applies_when.as_ref(),
                plan.check.as_ref(),
                match &plan.not_applicable {
                    NaPlan::When { check, .. } => Some(check),
                    NaPlan::Never | NaPlan::WithReason => None,
                },
            ];
            for check in checks.into_iter().flatten() {
                collect(check, &mut pointers);
            }
            pointers.extend(rule.evidence.iter().filter_map(|p| Pointer::parse(p)));
            let mut seen: Vec<&str> = Vec::new();
            for p in &pointers {
                if !seen.contains(&p.as_str()) {
                    seen.push(p.as_str());
                    entries.push((i, p.clone()));
                }
            }
        }
        Readers { entries }
    }

    /// The rules (by index) that read the node at a concrete pointer, each once, in pack order,
    /// with how they read it (the node itself wins over a field inside it).
    pub fn of(&self, pointer: &str) -> Vec<(usize, Reads)> {
        let Some(at) = Pointer::parse(pointer) else { return Vec::new() };
        let mut found: Vec<(usize, Reads)> = Vec::new();
        for (rule, pattern) in &self.entries {
            let Some(how) = relation(pattern.tokens(), at.tokens()) else { continue };
            match found.iter_mut().find(|(r, _)| r == rule) {
                Some(existing) => existing.1 = existing.1.min(how),
                None => found.push((*rule, how)),
            }
        }
        found.sort_by_key(|(rule, _)| *rule);
        found
    }
}

/// Every pointer a compiled check selects.
fn collect(check: &Check, out: &mut Vec<Pointer>) {
    match check {
        Check::All(checks) | Check::Any(checks) => checks.iter().for_each(|c| collect(c, out)),
        Check::Leaf(leaf) => out.push(leaf.given.clone()),
        Check::Keyed(keyed) => {
            out.push(keyed.by.clone());
            keyed.cases.iter().for_each(|(_, c)| collect(c, out));
            keyed.default.iter().for_each(|c| collect(c, out));
        }
    }
}

/// How a pattern (`*` for any item) relates to a concrete node: the node is at or below what the
/// pattern selects, or what the pattern selects is inside the node.
fn relation(pattern: &[Token], node: &[Token]) -> Option<Reads> {
    let matches = |p: &Token, n: &Token| match (p, n) {
        (Token::Wildcard, _) => true,
        (Token::Key(a), Token::Key(b)) => a == b,
        (Token::Key(_), Token::Wildcard) => false,
    };
    let shared = pattern.len().min(node.len());
    if !pattern[..shared].iter().zip(&node[..shared]).all(|(p, n)| matches(p, n)) {
        return None;
    }
    if pattern.len() <= node.len() { Some(Reads::Node) } else { Some(Reads::Inside) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(pattern: &str, node: &str) -> Option<Reads> {
        relation(Pointer::parse(pattern).unwrap().tokens(), Pointer::parse(node).unwrap().tokens())
    }

    #[test]
    fn patterns_match_nodes_below_and_above() {
        assert_eq!(rel("/service_items/*", "/service_items/3/time_limit"), Some(Reads::Node));
        assert_eq!(rel("/service_items/*/fee", "/service_items/3"), Some(Reads::Inside));
        assert_eq!(rel("/staffing/full_time", "/staffing/full_time"), Some(Reads::Node));
        assert_eq!(rel("/staffing/full_time", "/staffing/part_time"), None);
        assert_eq!(rel("/staffing/full_time", "/staffing"), Some(Reads::Inside));
    }

    #[test]
    fn the_embedded_pack_reads_full_time_staff_and_the_level_it_is_keyed_by() {
        let pack = Pack::embedded().unwrap();
        let readers = Readers::index(&pack);
        let ids = |pointer: &str| -> Vec<String> {
            readers.of(pointer).into_iter().map(|(i, _)| pack.rules[i].id.clone()).collect()
        };
        let staff = ids("/staffing/full_time");
        assert!(staff.contains(&"6.3.1".to_owned()) && staff.contains(&"6.3.2".to_owned()), "{staff:?}");
        // 6.3.2's minimum is keyed by the platform level: the plan reads /platform/level.
        assert!(ids("/platform/level").contains(&"6.3.2".to_owned()));
        assert!(!ids("/platform/name").contains(&"6.3.2".to_owned()));
    }
}
