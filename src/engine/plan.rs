//! The compiled form of a rule's check: pointers split, parameters resolved, schemas compiled and
//! each test function's options checked — built once when the pack loads, then evaluated as is.

use std::sync::Arc;

use jsonschema::Validator;
use serde::{Deserialize, Serialize};

use super::functions::Test;
use crate::pointer::Pointer;
use crate::text::Text;

/// What a leaf does when its selection is empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IfMissing {
    /// Nothing selected is a gap (the default).
    #[default]
    Fail,
    /// Nothing selected means the test does not apply.
    NotApplicable,
}

/// Whether every selected node must hold, or one is enough.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Quantifier {
    #[default]
    All,
    Any,
}

/// A compiled check.
#[derive(Debug)]
pub enum Check {
    /// Every sub-check must hold; credit is the sum of their units.
    All(Vec<Check>),
    /// One sub-check must hold; credit is the best of them.
    Any(Vec<Check>),
    /// One test on the nodes a pointer selects.
    Leaf(Box<Leaf>),
    /// A check that depends on a parameter keyed by a field of the platform (e.g. staff minimum by
    /// platform level): one compiled variant per case.
    Keyed(Box<Keyed>),
}

/// One test on selected nodes.
#[derive(Debug)]
pub struct Leaf {
    pub given: Pointer,
    /// Nodes that do not match are left out (a filter, not a test).
    pub filter: Option<Arc<Validator>>,
    /// Keep only the node with the greatest value at this relative pointer.
    pub latest_by: Option<Pointer>,
    pub if_missing: IfMissing,
    pub quantifier: Quantifier,
    /// The rule's wording of what is expected.
    pub expect: Option<Text>,
    /// The fewest nodes the selection must hold; each one short is a failing unit.
    pub at_least: Option<AtLeast>,
    /// Only the units that fail count: a contradiction costs, consistency earns nothing.
    pub failures_only: bool,
    pub test: Test,
}

/// A minimum number of selected nodes, with the parameter that sets it (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct AtLeast {
    pub count: u32,
    pub param: Option<String>,
}

/// The variants of a check that uses a keyed parameter.
#[derive(Debug)]
pub struct Keyed {
    /// The parameter's name, for messages.
    pub param: String,
    /// The field of the platform that selects the case.
    pub by: Pointer,
    pub cases: Vec<(String, Check)>,
    /// For values with no case; none means the rule does not apply to them.
    pub default: Option<Box<Check>>,
}
