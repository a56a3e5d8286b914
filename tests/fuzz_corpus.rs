//! Replays the committed fuzz corpus (fuzz/corpus/*, seeds and every input a fuzzer found worth
//! keeping) through the same entry points as the fuzz targets, on stable Rust, in every test run.

use std::collections::BTreeMap;

use ipps_check::assess::Checker;
use ipps_check::pack::Pack;
use ipps_check::platform::load_bytes;
use ipps_check::yaml::Limits;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in [format!("fuzz/corpus/{target}"), format!("fuzz/regressions/{target}")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn platform_and_whole_check_corpus_replays_without_panic() {
    let checker = Checker::new(Pack::embedded().unwrap());
    let mut loaded = 0;
    let all: Vec<_> = inputs("platform_loader").into_iter().chain(inputs("whole_check")).collect();
    assert!(all.len() >= 10, "corpus is present: {}", all.len());
    for (name, bytes) in all {
        if let Ok(p) = load_bytes(&name, &bytes, &Limits::default()) {
            loaded += 1;
            let _ = checker.assess(&p, 20_000);
        }
    }
    assert!(loaded >= 3, "the examples in the corpus load");
}

#[test]
fn rule_file_corpus_replays_without_panic() {
    let pack_yaml = std::fs::read_to_string("rules/pack.yaml").unwrap();
    let all = inputs("rule_file");
    assert!(all.len() >= 10, "corpus is present: {}", all.len());
    for (_, bytes) in all {
        let files = BTreeMap::from([
            ("pack.yaml".to_owned(), pack_yaml.clone()),
            ("fuzz.yaml".to_owned(), String::from_utf8_lossy(&bytes).into_owned()),
        ]);
        let _ = Pack::from_texts("<fuzz>", files);
    }
}

/// The import targets' corpus (seeds, and every input a fuzzer kept or crashed on) through the same
/// entry point as the targets: `import_and_emit` panics on a writer bug, the reader must not.
#[test]
fn import_corpus_replays_without_panic() {
    use ipps_check::import::parts::{import_and_emit, ods, xlsx_from_fuzz};
    let mut replayed = 0;
    for (_, bytes) in inputs("import_xlsx") {
        import_and_emit("xlsx", xlsx_from_fuzz(&bytes));
        replayed += 1;
    }
    for (_, bytes) in inputs("import_ods") {
        import_and_emit("ods", ods(&bytes));
        replayed += 1;
    }
    for (_, bytes) in inputs("import_csv").into_iter().chain(inputs("import_workbook")) {
        import_and_emit("xlsx", bytes.clone());
        import_and_emit("csv", bytes);
        replayed += 1;
    }
    assert!(replayed >= 15, "corpus is present: {replayed}");
}
