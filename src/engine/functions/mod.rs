//! The test functions a rule's `given` check can use. Each lives in its own file behind
//! [`TestFunction`]; adding one is a new file and one line in [`registry!`] below, and the compiler
//! checks that every function is compiled, evaluated and documented.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::schemas::Schemas;
use super::{Cx, Outcome};
use crate::pointer::Node;
use crate::values::ParamSaid;

/// One test function: how rule files name it, what options it takes, how it is prepared once and
/// evaluated on every platform.
pub trait TestFunction: Sized + std::fmt::Debug + Send + Sync {
    /// The key that names the test in a rule file's check.
    const NAME: &'static str;
    /// Option keys whose `{$param: name}` is kept as `{value, param}` instead of the bare value, so
    /// that messages can name the parameter (and a text parameter is not read as a field).
    const NAMED_PARAM_KEYS: &'static [&'static str] = &[];
    /// The options as a rule file writes them, parameters already substituted.
    type Options: DeserializeOwned + JsonSchema;
    /// Checks and prepares the options, once, when the pack loads.
    fn compile(options: Self::Options, cx: &CompileCx) -> Result<Self, String>;
    /// Evaluates the test on the nodes the check selected. A test that judges each node on its own
    /// reports it with [`Outcome::node`], so that a clause over a list's elements counts one unit per
    /// element; a test of the selection as a whole (`covers`, `sum`) uses [`Outcome::unit`].
    fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome;
}

/// What compiling a test function may use.
pub struct CompileCx<'a> {
    pub schemas: &'a Schemas,
    /// Where the options took a rule-pack parameter (JSON Pointers into the options, e.g.
    /// `/minimum`), and how messages say it.
    pub params: &'a [(String, ParamSaid)],
}

impl CompileCx<'_> {
    /// How to say the parameter the options took at a pointer, when they took one there.
    pub fn param_at(&self, pointer: &str) -> Option<&ParamSaid> {
        self.params.iter().find(|(p, _)| p == pointer).map(|(_, s)| s)
    }
}

/// Declares the test functions: their modules, the [`Test`] enum and the dispatch over it.
macro_rules! registry {
    ($($module:ident :: $function:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// A compiled test: one variant per test function.
        #[derive(Debug)]
        pub enum Test {
            $($function($module::$function),)*
        }

        impl Test {
            /// Evaluates the test on selected nodes.
            pub fn evaluate(&self, nodes: &[Node], cx: &Cx) -> Outcome {
                match self {
                    $(Test::$function(t) => t.evaluate(nodes, cx),)*
                }
            }
        }

        /// The names rule files use, in registry order.
        pub const NAMES: &[&str] = &[$(<$module::$function as TestFunction>::NAME,)*];

        /// Compiles the test a rule file names; `None` for a name no function has.
        pub fn compile(name: &str, options: Value, cx: &CompileCx) -> Option<Result<Test, String>> {
            $(if name == <$module::$function as TestFunction>::NAME {
                return Some(compile_with::<$module::$function>(options, cx).map(Test::$function));
            })*
            None
        }

        /// The option keys of a function whose parameters stay named (see [`TestFunction::NAMED_PARAM_KEYS`]).
        pub fn named_param_keys(name: &str) -> &'static [&'static str] {
            $(if name == <$module::$function as TestFunction>::NAME {
                return <$module::$function as TestFunction>::NAMED_PARAM_KEYS;
            })*
            &[]
        }

        /// Each function's name and the JSON Schema of its options, for the rule-file schema.
        pub fn option_schemas(generator: &mut schemars::SchemaGenerator) -> Vec<(&'static str, schemars::Schema)> {
            vec![$((
                <$module::$function as TestFunction>::NAME,
                generator.subschema_for::<<$module::$function as TestFunction>::Options>(),
            ),)*]
        }
    };
}

registry! {
    schema::Schema,
    compare::Compare,
    covers::Covers,
    unique::Unique,
    age_days::AgeDays,
    sum::Sum,
    compare_durations::CompareDurations,
    grade_band::GradeBand,
    area_code::AreaCode,
    phones_differ::PhonesDiffer,
    term_agrees::TermAgrees,
    annual_cost::AnnualCost,
    agrees_with::AgreesWith,
    prefix_by::PrefixBy,
    one_body_per_code::OneBodyPerCode,
}

fn compile_with<F: TestFunction>(options: Value, cx: &CompileCx) -> Result<F, String> {
    let options: F::Options = serde_path_to_error::deserialize(options).map_err(|e| {
        let path = e.path().to_string();
        if path == "." { e.inner().to_string() } else { format!("{path}: {}", e.inner()) }
    })?;
    F::compile(options, cx)
}

/// An absolute pointer an option names, checked to be a field of the platform description.
pub(crate) fn platform_pointer(p: &str) -> Result<crate::pointer::Pointer, String> {
    crate::pointer::Pointer::parse(p)
        .filter(|_| crate::schema_path::is_platform_field(p))
        .ok_or_else(|| format!("`{p}` is not a field of the platform description"))
}

/// The value at a pointer relative to a node, when the node is there.
pub(crate) fn at<'v>(node: Option<&'v Value>, field: Option<&crate::pointer::Pointer>) -> Option<&'v Value> {
    match field {
        Some(f) => f.get(node?),
        None => node,
    }
}
