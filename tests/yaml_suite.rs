//! Every input of the YAML test suite (vendored in tests/vendor/yaml-test-suite) fed to the checker as a
//! platform file and as a rule file: each ends in a result or a located error, never a panic or a
//! hang, and every case the suite marks as an error is refused with a line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use ipps_check::assess::Checker;
use ipps_check::error::Error;
use ipps_check::pack::Pack;
use ipps_check::platform;
use ipps_check::yaml::{self, Limits};

const SUITE: &str = "tests/vendor/yaml-test-suite";
/// Only a hang takes this long; not a performance assertion.
const HANG: Duration = Duration::from_secs(120);

/// Invalid YAML that the parser (serde-saphyr) accepts; each is refused by the schema check
/// instead, so the checker still exits 2. Any new entry here is a parser regression to look at.
const ACCEPTED_INVALID: [&str; 3] = ["9C9N", "DK95/01", "QB6E"];

fn cases() -> Vec<(String, PathBuf, bool)> {
    let mut out = Vec::new();
    let root = Path::new(SUITE);
    assert!(root.is_dir(), "{SUITE} is vendored");
    for entry in std::fs::read_dir(root).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if dir.join("in.yaml").is_file() {
            out.push((name.clone(), dir.join("in.yaml"), dir.join("error").exists()));
        }
        for sub in std::fs::read_dir(&dir).unwrap() {
            let sub = sub.unwrap().path();
            if sub.is_dir() && sub.join("in.yaml").is_file() {
                let id = format!("{name}/{}", sub.file_name().unwrap().to_string_lossy());
                out.push((id, sub.join("in.yaml"), sub.join("error").exists()));
            }
        }
    }
    out.sort();
    out
}

/// Whether an error names a position for every problem.
fn located(e: &Error) -> bool {
    let problems = e.problems();
    !problems.is_empty() && problems.iter().all(|p| p.at.is_some())
}

#[derive(Debug, Default)]
struct Tally {
    cases: usize,
    error_cases: usize,
    parser_accepts_invalid: Vec<String>,
    parser_rejects_valid: Vec<String>,
    rejects_valid_as_multi_document: usize,
    failures: Vec<String>,
}

fn check_case(checker: &Checker, pack_yaml: &str, id: &str, path: &Path, is_error: bool, t: &mut Tally) {
    let bytes = std::fs::read(path).unwrap();
    t.cases += 1;
    t.error_cases += usize::from(is_error);
    // The parser alone, to count disagreements with the suite.
    let parsed = yaml::decode(&bytes).and_then(|text| yaml::parse(&text, &Limits::default()).map(|_| ()));
    match (&parsed, is_error) {
        (Ok(()), true) => t.parser_accepts_invalid.push(id.to_owned()),
        (Err(e), false) if e.message.contains("several YAML documents") => t.rejects_valid_as_multi_document += 1,
        (Err(_), false) => t.parser_rejects_valid.push(id.to_owned()),
        _ => {}
    }
    // As a platform file.
    match platform::load_bytes(id, &bytes, &Limits::default()) {
        Ok(p) => {
            if is_error {
                t.failures.push(format!("{id}: accepted as a platform although the suite marks it invalid"));
            }
            let _ = checker.assess(&p, 0);
        }
        Err(e) if is_error && !located(&e) => t.failures.push(format!("{id}: platform error without a position: {e}")),
        Err(_) => {}
    }
    // As a rule file of a pack.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let files = BTreeMap::from([("pack.yaml".to_owned(), pack_yaml.to_owned()), ("case.yaml".to_owned(), text)]);
    match Pack::from_texts("<suite>", files) {
        Ok(_) if is_error => {
            t.failures.push(format!("{id}: accepted as a rule file although the suite marks it invalid"))
        }
        Err(e) if is_error && !located(&e) => t.failures.push(format!("{id}: rule-file error without a position: {e}")),
        _ => {}
    }
}

#[test]
fn every_suite_input_ends_in_a_result_or_a_located_error() {
    let pack_yaml = std::fs::read_to_string("rules/pack.yaml").unwrap();
    let cases = cases();
    assert!(cases.len() > 400, "{} cases", cases.len());
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let checker = Checker::new(Pack::embedded().unwrap());
        let mut tally = Tally::default();
        for (id, path, is_error) in cases {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut t = Tally::default();
                check_case(&checker, &pack_yaml, &id, &path, is_error, &mut t);
                t
            }));
            match outcome {
                Ok(t) => {
                    tally.cases += t.cases;
                    tally.error_cases += t.error_cases;
                    tally.parser_accepts_invalid.extend(t.parser_accepts_invalid);
                    tally.parser_rejects_valid.extend(t.parser_rejects_valid);
                    tally.rejects_valid_as_multi_document += t.rejects_valid_as_multi_document;
                    tally.failures.extend(t.failures);
                }
                Err(_) => tally.failures.push(format!("{id}: panicked")),
            }
            let _ = tx.send(id);
        }
        tally
    });
    loop {
        match rx.recv_timeout(HANG) {
            Ok(_) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("a suite case hung for {HANG:?}"),
        }
    }
    let t = worker.join().unwrap();
    println!(
        "yaml-test-suite: {} inputs ({} marked invalid); parser accepts {} invalid: {:?}; rejects {} valid \
         single-document inputs: {:?}; rejects {} valid multi-document inputs by design",
        t.cases,
        t.error_cases,
        t.parser_accepts_invalid.len(),
        t.parser_accepts_invalid,
        t.parser_rejects_valid.len(),
        t.parser_rejects_valid,
        t.rejects_valid_as_multi_document
    );
    assert!(t.failures.is_empty(), "{}", t.failures.join("\n"));
    let unexpected: Vec<&String> =
        t.parser_accepts_invalid.iter().filter(|id| !ACCEPTED_INVALID.contains(&id.as_str())).collect();
    assert!(unexpected.is_empty(), "the parser newly accepts invalid inputs: {unexpected:?}");
}
