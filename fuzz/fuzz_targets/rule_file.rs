//! A rule file on arbitrary bytes, loaded into a pack beside the real pack.yaml.
#![no_main]

use std::collections::BTreeMap;

use ipps_check::pack::Pack;
use libfuzzer_sys::fuzz_target;

const PACK_YAML: &str = include_str!("../../rules/pack.yaml");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let files = BTreeMap::from([("pack.yaml".to_owned(), PACK_YAML.to_owned()), ("fuzz.yaml".to_owned(), text)]);
    let _ = Pack::from_texts("<fuzz>", files);
});
