//! Compiling JSON Schema fragments of rules: each distinct fragment once per pack, with the
//! non-backtracking `regex` engine so that no pattern can take exponential time on any input.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::{PatternOptions, Validator};
use serde_json::Value;

/// Compiled fragments keyed by their text; shared while a pack compiles.
#[derive(Default)]
pub struct Schemas(Mutex<HashMap<String, Arc<Validator>>>);

impl Schemas {
    /// The compiled validator of a fragment, compiling it on first use.
    pub fn compile(&self, schema: &Value) -> Result<Arc<Validator>, String> {
        let key = schema.to_string();
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(&key) {
            return Ok(v.clone());
        }
        let v = Arc::new(options().build(schema).map_err(|e| e.to_string())?);
        cache.insert(key, v.clone());
        Ok(v)
    }
}

/// Draft 2020-12 with the linear-time regex engine; no resolver reaches outside the fragment.
pub fn options() -> jsonschema::ValidationOptions<'static> {
    jsonschema::options().with_draft(jsonschema::Draft::Draft202012).with_pattern_options(PatternOptions::regex())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identical_fragments_compile_once() {
        let s = Schemas::default();
        let a = s.compile(&json!({"type": "string"})).unwrap();
        let b = s.compile(&json!({"type": "string"})).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn backtracking_patterns_are_refused_or_linear() {
        let s = Schemas::default();
        // Lookaround needs a backtracking engine: refused when the pack loads.
        assert!(s.compile(&json!({"pattern": "(?=a)a"})).is_err());
        // The classic catastrophic pattern runs in linear time.
        let v = s.compile(&json!({"pattern": "^(a+)+$"})).unwrap();
        let input = json!(format!("{}!", "a".repeat(10_000)));
        assert!(!v.is_valid(&input));
    }
}
