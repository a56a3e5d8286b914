//! The SARIF, JUnit, Markdown, HTML and CSV reports on the bundled examples: snapshots, validity
//! (the official SARIF schema, well-formed XML), equal counts across formats, and escaping of every
//! string a platform file or a file name can carry. Review snapshot changes with `cargo insta review`.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const EXAMPLES: [&str; 3] = ["hangzhou", "shenzhen-futian", "county-pilot"];

fn ipps() -> Command {
    let mut cmd = Command::cargo_bin("ipps-check").unwrap();
    cmd.env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("NO_COLOR", "1");
    cmd.env("TZ", "Asia/Shanghai").env_remove("COLUMNS");
    cmd.args(["--as-of", "2026-11-25", "--color", "never"]);
    cmd
}

/// Runs a check and returns stdout; exit 0 or 1 (evaluated) is required.
fn run_in(dir: Option<&Path>, args: &[&str]) -> String {
    let mut cmd = ipps();
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn run(args: &[&str]) -> String {
    run_in(None, args)
}

fn example(name: &str) -> String {
    format!("examples/{name}.yaml")
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"sha256:[0-9a-f]{64}", "sha256:[hash]");
    s.add_filter(&regex_escape(env!("CARGO_PKG_VERSION")), "[version]");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn regex_escape(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_string() } else { format!("\\{c}") }).collect()
}

#[test]
fn snapshots_of_every_format() {
    for name in EXAMPLES {
        let path = example(name);
        settings().bind(|| {
            for format in ["sarif", "junit", "markdown", "html", "csv"] {
                insta::assert_snapshot!(
                    format!("report_{format}_{name}"),
                    run(&["--lang", "en", "--format", format, &path])
                );
            }
        });
    }
    settings().bind(|| {
        let path = example("county-pilot");
        insta::assert_snapshot!(
            "report_markdown_zh_county-pilot",
            run(&["--lang", "zh", "--format", "markdown", &path])
        );
        insta::assert_snapshot!("report_csv_zh_county-pilot", run(&["--lang", "zh", "--format", "csv", &path]));
    });
}

// ---------------------------------------------------------------------------------------------
// SARIF

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/vendor/sarif/sarif-schema-2.1.0.json")
        .expect("the official SARIF schema, vendored in tests/vendor/sarif");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).take(10).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    for name in EXAMPLES {
        for lang in ["en", "zh"] {
            let log: Value = serde_json::from_str(&run(&["--lang", lang, "-f", "sarif", &example(name)])).unwrap();
            assert_valid_sarif(&validator, &log, name);
        }
    }
    let paths: Vec<String> = EXAMPLES.iter().map(|n| example(n)).collect();
    let mut args = vec!["-f", "sarif"];
    args.extend(paths.iter().map(String::as_str));
    let log: Value = serde_json::from_str(&run(&args)).unwrap();
    assert_valid_sarif(&validator, &log, "batch");
    // A batch is one run whose results cover every file.
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let uris: std::collections::BTreeSet<&str> = runs[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 3, "every example has gaps (hangzhou only recommendations): {uris:?}");
}

#[test]
fn sarif_rules_levels_regions_and_fingerprints() {
    let log: Value = serde_json::from_str(&run(&["-f", "sarif", &example("county-pilot")])).unwrap();
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let json: Value = serde_json::from_str(&run(&["-f", "json", &example("county-pilot")])).unwrap();
    let clauses = json["assessments"][0]["clauses"].as_array().unwrap();
    assert_eq!(rules.len(), clauses.len(), "one rule per clause");
    for (rule, clause) in rules.iter().zip(clauses) {
        assert_eq!(rule["id"], clause["id"]);
        assert_eq!(rule["properties"]["level"], clause["level"]);
        let expected = match clause["level"].as_str().unwrap() {
            "应" | "不应" => "error",
            "宜" | "不宜" => "warning",
            "可" => "note",
            _ => "none",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], expected, "{}", rule["id"]);
        assert!(!rule["fullDescription"]["properties"]["zh"].as_str().unwrap().is_empty());
        assert!(!rule["fullDescription"]["properties"]["en"].as_str().unwrap().is_empty());
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let results = run0["results"].as_array().unwrap();
    for r in results {
        let clause = clauses.iter().find(|c| c["id"] == r["ruleId"]).unwrap();
        assert!(["fail", "partial", "error"].contains(&clause["status"].as_str().unwrap()));
        assert_ne!(clause["level"], "—", "informative clauses are never results");
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], r["ruleId"]);
        if let Some(loc) = clause["location"].as_object() {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert_eq!(region["startLine"], loc["line"]);
            assert_eq!(region["startColumn"], loc["column"]);
        }
    }
    // Fingerprints are unique within a file and do not move with line numbers.
    let prints: std::collections::BTreeSet<&str> =
        results.iter().map(|r| r["partialFingerprints"]["ippsClauseFinding/v1"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), results.len());
    let dir = tempfile::tempdir().unwrap();
    let shifted = dir.path().join("county-pilot.yaml");
    let original = std::fs::read_to_string(example("county-pilot")).unwrap();
    std::fs::write(&shifted, format!("# a comment\n# and another\n{original}")).unwrap();
    let moved: Value = serde_json::from_str(&run(&["-f", "sarif", shifted.to_str().unwrap()])).unwrap();
    let moved_results = moved["runs"][0]["results"].as_array().unwrap();
    assert_eq!(moved_results.len(), results.len());
    for (a, b) in results.iter().zip(moved_results) {
        assert_eq!(a["partialFingerprints"], b["partialFingerprints"]);
        let (la, lb) = (
            &a["locations"][0]["physicalLocation"]["region"]["startLine"],
            &b["locations"][0]["physicalLocation"]["region"]["startLine"],
        );
        if let (Some(la), Some(lb)) = (la.as_u64(), lb.as_u64()) {
            assert_eq!(la + 2, lb);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JUnit

struct Junit {
    suites: usize,
    cases: usize,
    failures: usize,
    skipped: usize,
    suite_names: Vec<String>,
    failure_messages: Vec<String>,
}

fn parse_junit(xml: &str) -> Junit {
    let doc = roxmltree::Document::parse(xml).expect("well-formed JUnit XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    let failures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("failure")).collect();
    let skipped = doc.descendants().filter(|n| n.has_tag_name("skipped")).count();
    // The totals on the root agree with the elements.
    assert_eq!(root.attribute("tests").unwrap().parse::<usize>().unwrap(), cases.len());
    assert_eq!(root.attribute("failures").unwrap().parse::<usize>().unwrap(), failures.len());
    assert_eq!(root.attribute("skipped").unwrap().parse::<usize>().unwrap(), skipped);
    for c in &cases {
        assert!(c.attribute("classname").is_some());
    }
    Junit {
        suites: suites.len(),
        cases: cases.len(),
        failures: failures.len(),
        skipped,
        suite_names: suites.iter().map(|s| s.attribute("name").unwrap().to_owned()).collect(),
        failure_messages: failures.iter().map(|f| f.attribute("message").unwrap_or_default().to_owned()).collect(),
    }
}

#[test]
fn junit_parses_back_with_one_suite_per_chapter_and_one_case_per_clause() {
    for name in EXAMPLES {
        let json: Value = serde_json::from_str(&run(&["-f", "json", &example(name)])).unwrap();
        let a = &json["assessments"][0];
        let junit = parse_junit(&run(&["-f", "junit", &example(name)]));
        assert_eq!(junit.suites, a["chapters"].as_array().unwrap().len(), "{name}");
        assert_eq!(junit.cases, a["clauses"].as_array().unwrap().len(), "{name}");
        let c = &a["counts"];
        let n = |k: &str| c[k].as_u64().unwrap() as usize;
        assert_eq!(junit.failures, n("fail") + n("partial") + n("error"), "{name}");
        assert_eq!(junit.skipped, n("not_applicable") + n("waived"), "{name}");
        // Failures with a finding carry file:line:column.
        let located = a["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| ["fail", "partial", "error"].contains(&c["status"].as_str().unwrap()))
            .filter(|c| !c["location"].is_null())
            .count();
        let with_place = junit
            .failure_messages
            .iter()
            .filter(|m| m.contains(&format!("({}:", example(name))) && m.ends_with(')'))
            .count();
        assert_eq!(with_place, located, "{name}");
    }
}

#[test]
fn junit_batches_name_suites_by_file_and_chapter() {
    let junit = parse_junit(&run(&["-f", "junit", &example("hangzhou"), &example("county-pilot")]));
    assert_eq!(junit.suites % 2, 0);
    let half = junit.suites / 2;
    assert!(junit.suite_names[..half].iter().all(|n| n.starts_with("examples/hangzhou.yaml § ")));
    assert!(junit.suite_names[half..].iter().all(|n| n.starts_with("examples/county-pilot.yaml § ")));
}

// ---------------------------------------------------------------------------------------------
// Counts across formats

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    let body = text.strip_prefix('\u{FEFF}').expect("CSV starts with a byte-order mark");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "file",
            "platform",
            "clause",
            "chapter",
            "level",
            "status",
            "passed",
            "total",
            "credit",
            "weight",
            "earned",
            "message",
            "line",
            "column",
            "basis",
            "unverified",
            "place",
            "citations",
        ]
    );
    reader.records().map(|r| r.unwrap()).collect()
}

fn count_gaps_in_text(text: &str) -> usize {
    text.lines()
        .filter_map(|l| l.strip_prefix("Gaps (").and_then(|r| r.strip_suffix("):")))
        .map(|n| n.parse::<usize>().unwrap())
        .sum()
}

#[test]
fn every_format_counts_the_same_gaps() {
    let mut cases: Vec<Vec<String>> = EXAMPLES.iter().map(|n| vec![example(n)]).collect();
    cases.push(EXAMPLES.iter().map(|n| example(n)).collect());
    for files in cases {
        let paths: Vec<&str> = files.iter().map(String::as_str).collect();
        let with = |format: &str| {
            let mut args = vec!["--lang", "en", "-f", format];
            args.extend(&paths);
            run(&args)
        };
        let text_gaps = count_gaps_in_text(&with("text"));
        let json: Value = serde_json::from_str(&with("json")).unwrap();
        let mut json_gaps = 0;
        let mut json_clauses = 0;
        for a in json["assessments"].as_array().unwrap() {
            let clauses = a["clauses"].as_array().unwrap();
            json_clauses += clauses.len();
            json_gaps += clauses
                .iter()
                .filter(|c| ["fail", "partial", "error"].contains(&c["status"].as_str().unwrap()))
                .count();
        }
        let sarif: Value = serde_json::from_str(&with("sarif")).unwrap();
        let sarif_results = sarif["runs"][0]["results"].as_array().unwrap().len();
        let junit = parse_junit(&with("junit"));
        let rows = csv_rows(&with("csv"));
        let csv_gaps = rows.iter().filter(|r| ["fail", "partial", "error"].contains(&&r[5])).count();
        let markdown = with("markdown");
        let md_gaps: usize = markdown
            .lines()
            .filter_map(|l| l.strip_prefix("## Gaps (").or_else(|| l.strip_prefix("### Gaps (")))
            .map(|r| r.trim_end_matches(')').parse::<usize>().unwrap())
            .sum();
        let html = with("html");
        // A batch draws its findings on demand: each platform's section says how many gaps its
        // data block holds.
        let html_gaps = if files.len() > 1 {
            html.split("data-gaps=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap().parse::<usize>().unwrap())
                .sum()
        } else {
            ["fail", "partial", "error"]
                .iter()
                .map(|s| html.matches(&format!("data-status=\"{s}\"><summary>")).count())
                .sum::<usize>()
        };
        assert_eq!(text_gaps, json_gaps, "{files:?}: text vs json");
        assert_eq!(sarif_results, json_gaps, "{files:?}: sarif");
        assert_eq!(junit.failures, json_gaps, "{files:?}: junit");
        assert_eq!(csv_gaps, json_gaps, "{files:?}: csv");
        assert_eq!(md_gaps, json_gaps, "{files:?}: markdown");
        assert_eq!(html_gaps, json_gaps, "{files:?}: html");
        assert_eq!(rows.len(), json_clauses, "{files:?}: one CSV row per platform × clause");
        assert_eq!(junit.cases, json_clauses, "{files:?}: one testcase per clause");
    }
}

// ---------------------------------------------------------------------------------------------
// HTML

fn parse_html(html: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(html, opts).expect("the HTML report is well-formed XML")
}

/// Checks that a page loads nothing and runs nothing but its own inline style and script.
fn assert_self_contained(html: &str) {
    let doc = parse_html(html);
    let allowed = [
        "html", "head", "meta", "title", "style", "body", "header", "div", "span", "br", "code", "form", "label",
        "select", "option", "input", "button", "section", "h1", "h2", "h3", "table", "thead", "tbody", "tfoot", "tr",
        "th", "td", "a", "meter", "ul", "li", "p", "figure", "svg", "line", "text", "rect", "g", "details", "summary",
        "b", "i", "dl", "dt", "dd", "pre", "footer", "script",
    ];
    let mut scripts = 0;
    let mut styles = 0;
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        assert!(allowed.contains(&tag), "unexpected element <{tag}>");
        // Data blocks (`type="application/json"`) are never run; exactly one script is.
        scripts += usize::from(tag == "script" && n.attribute("type") != Some("application/json"));
        styles += usize::from(tag == "style");
        for attr in n.attributes() {
            let name = attr.name().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "event handler attribute {name} on <{tag}>");
            assert!(!["src", "srcset", "action", "formaction", "style"].contains(&name.as_str()), "{name} on <{tag}>");
            if name == "href" {
                assert!(attr.value().starts_with('#'), "external link {}", attr.value());
            }
        }
    }
    assert_eq!((scripts, styles), (1, 1));
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
}

#[test]
fn html_is_self_contained_and_well_formed() {
    for name in EXAMPLES {
        for lang in ["en", "zh"] {
            assert_self_contained(&run(&["--lang", lang, "-f", "html", &example(name)]));
        }
    }
    let html = run(&["-f", "html", &example("hangzhou"), &example("shenzhen-futian"), &example("county-pilot")]);
    assert_self_contained(&html);
    for n in 1..=3 {
        assert!(html.contains(&format!("<a href=\"#p{n}\">")) && html.contains(&format!("id=\"p{n}\"")));
    }
}

#[test]
fn html_stays_small_for_a_large_batch() {
    // 60 platforms (20 copies of each example) must stay under 50 kB per platform on average: a batch
    // draws findings on demand from compact data (about 34 kB per platform), where a full report of
    // each took about 100 kB.
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..20 {
        for name in EXAMPLES {
            let p = dir.path().join(format!("{name}-{i:02}.yaml"));
            std::fs::copy(example(name), &p).unwrap();
            paths.push(p.to_string_lossy().into_owned());
        }
    }
    let mut args = vec!["-f", "html"];
    args.extend(paths.iter().map(String::as_str));
    let html = run(&args);
    let per_platform = html.len() / paths.len();
    assert!(per_platform < 50_000, "{per_platform} bytes per platform");
    assert_self_contained(&html);
}

// ---------------------------------------------------------------------------------------------
// Escaping of hostile input

/// Markup, attribute break-outs, quotes, entities, Markdown and a spreadsheet formula in one value.
const PAYLOAD: &str =
    "=1+1<script>alert(1)</script>\"><img src=x onerror=alert(1)>'&amp;</style>]]>|*_[x](javascript:alert(1))`$x$";

/// The part of the payload a finding echoes (found values are quoted and cut at 60 characters).
const ECHO: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'&amp;</style>]]>|";

/// Follows `$ref` and flattens `anyOf`/`oneOf` into the schema nodes a value may match.
fn branches<'a>(root: &'a Value, node: &'a Value) -> Vec<&'a Value> {
    let node = match node.get("$ref").and_then(Value::as_str) {
        Some(r) => root.pointer(r.trim_start_matches('#')).unwrap(),
        None => node,
    };
    match node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array) {
        Some(alternatives) => alternatives.iter().flat_map(|a| branches(root, a)).collect(),
        None => vec![node],
    }
}

/// A string the schema leaves free (no enum, pattern, format or constant): a place for any text.
fn free_text(node: &Value) -> bool {
    let string = match &node["type"] {
        Value::String(t) => t == "string",
        Value::Array(ts) => ts.iter().any(|t| t == "string"),
        _ => false,
    };
    string && ["enum", "const", "pattern", "format"].iter().all(|k| node.get(k).is_none())
}

/// Replaces every free-text string of a platform description with the payload (numbered, so
/// values that must differ still do).
fn poison(value: &mut Value, schema: &Value, root: &Value, count: &mut usize) {
    let nodes = branches(root, schema);
    match value {
        Value::String(s) if nodes.iter().any(|n| free_text(n)) => {
            *s = format!("{PAYLOAD}#{count}");
            *count += 1;
        }
        Value::Array(items) => {
            if let Some(item) = nodes.iter().find_map(|n| n.get("items")) {
                items.iter_mut().for_each(|v| poison(v, item, root, count));
            }
        }
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                let field = nodes.iter().find_map(|n| {
                    n.get("properties")
                        .and_then(|p| p.get(key))
                        .or_else(|| n.get("additionalProperties").filter(|a| a.is_object()))
                });
                if let Some(field) = field {
                    poison(v, field, root, count);
                }
            }
        }
        _ => {}
    }
}

/// The county pilot with every free-text field (platform, operator and item names, addresses,
/// conditions, results, policies, …) set to the payload, written as JSON (which is YAML) in a
/// directory and file whose names carry the payload too. Returns the path relative to `dir`.
fn hostile_platform(dir: &Path) -> String {
    let out = Command::cargo_bin("ipps-check").unwrap().args(["schema", "platform"]).output().unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let yaml = std::fs::read_to_string(example("county-pilot")).unwrap();
    let mut platform: Value = serde_saphyr::from_str(&yaml).unwrap();
    let mut count = 0;
    poison(&mut platform, &schema, &schema, &mut count);
    assert!(count > 60, "only {count} free-text fields poisoned");
    let rel = "</style><script>alert(1)</script>/\"'&<img src=x onerror=alert(1)>|=cmd.yaml";
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_string_pretty(&platform).unwrap()).unwrap();
    rel.to_owned()
}

#[test]
fn hostile_strings_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_platform(dir.path());
    let d = Some(dir.path());
    let json: Value = serde_json::from_str(&run_in(d, &["-f", "json", &file])).unwrap();
    let name = json["assessments"][0]["platform"].as_str().unwrap().to_owned();
    assert!(name.starts_with(PAYLOAD), "the payload reaches the assessment: {name}");
    let echoed = json["assessments"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap())
        .any(|f| f["found"].as_str().unwrap().contains(ECHO));
    assert!(echoed, "some finding echoes the payload as found");

    for lang in ["en", "zh"] {
        // HTML: well-formed, nothing but its own script and style, and the payload is text.
        let html = run_in(d, &["--lang", lang, "-f", "html", &file]);
        assert_self_contained(&html);
        for raw in ["<script>alert", "<img", "</style><", "onerror=alert(1)>", "]]>|"] {
            assert!(!html.contains(raw), "raw {raw:?} in HTML");
        }
        assert_eq!(html.matches("</style>").count(), 1);
        assert_eq!(html.matches("</script>").count(), 1);
        let doc = parse_html(&html);
        let text: String = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
        assert!(text.contains(&name), "payload shown as text");
        assert!(text.contains(&file), "file name shown as text");

        // Markdown: no HTML at all, and every table row keeps its columns.
        let md = run_in(d, &["--lang", lang, "-f", "markdown", &file]);
        assert!(!md.contains('<'), "raw < in Markdown");
        let mut columns = 0;
        for line in md.lines() {
            if line.starts_with('|') {
                let cells = unescaped_pipes(line);
                if line.starts_with("|---") || columns == 0 {
                    columns = cells;
                }
                assert_eq!(cells, columns, "table row split by input: {line}");
            } else {
                columns = 0;
            }
        }
        assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(md.contains("\\|=cmd.yaml"));

        // JUnit: well-formed, and the payload comes back unchanged from attributes and text.
        let xml = run_in(d, &["--lang", lang, "-f", "junit", &file]);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert!(
            doc.descendants()
                .filter(|n| n.is_element())
                .all(|n| !["script", "img", "style"].contains(&n.tag_name().name()))
        );
        assert!(doc.descendants().any(|n| n.attribute("value") == Some(name.as_str())));
        assert!(doc.descendants().any(|n| n.attribute("message").is_some_and(|m| m.contains(ECHO))));
        assert!(doc.descendants().filter_map(|n| n.text()).any(|t| t.contains(ECHO)));

        // SARIF: valid, the URI is encoded, the payload round-trips.
        let sarif: Value = serde_json::from_str(&run_in(d, &["--lang", lang, "-f", "sarif", &file])).unwrap();
        assert_valid_sarif(&sarif_validator(), &sarif, "hostile");
        assert_eq!(sarif["runs"][0]["properties"]["platforms"][0]["platform"], name.as_str());
        let uri = sarif["runs"][0]["artifacts"][0]["location"]["uri"].as_str().unwrap();
        assert!(!uri.contains(['<', '>', '"', '|', ' ']), "{uri}");

        // CSV: no cell starts like a formula; the defused cell keeps the value after the quote.
        let rows = csv_rows(&run_in(d, &["--lang", lang, "-f", "csv", &file]));
        for row in &rows {
            for cell in row {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "formula cell {cell:?}");
            }
        }
        assert_eq!(&rows[0][1], format!("'{name}"));
        assert_eq!(&rows[0][0], file.as_str());
    }
}

/// The number of `|` in a Markdown table line that are not escaped with a backslash.
fn unescaped_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n
}

// ---------------------------------------------------------------------------------------------
// Outputs, completions, man page

#[test]
fn one_run_writes_every_format_to_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["--lang".into(), "en".into()];
    for f in ["sarif", "junit", "markdown", "html", "csv", "json"] {
        args.push("-f".into());
        args.push(format!("{f}:{}", dir.path().join(format!("r.{f}")).display()));
    }
    args.push(example("county-pilot"));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(run(&refs), "", "nothing on stdout when every format has a path");
    for f in ["sarif", "junit", "markdown", "html", "csv", "json"] {
        let written = std::fs::read_to_string(dir.path().join(format!("r.{f}"))).unwrap();
        assert_eq!(written, run(&["--lang", "en", "-f", f, &example("county-pilot")]), "{f}");
    }
    ipps().args(["-f", "sarif", "-f", "html", &example("hangzhou")]).assert().code(2);
    ipps().args(["-f", "csv:x.out", "-f", "junit:x.out", &example("hangzhou")]).assert().code(2);
    ipps().args(["-f", "md", &example("hangzhou")]).assert().code(0);
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = Command::cargo_bin("ipps-check").unwrap().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("format") && script.contains("ipps-check"), "{shell}");
    }
    let out = Command::cargo_bin("ipps-check").unwrap().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie") || page.contains(".TH"), "roff");
    assert!(page.contains("completions") && page.contains("\\-\\-format"));
    let help = Command::cargo_bin("ipps-check").unwrap().arg("--help").output().unwrap();
    assert!(String::from_utf8(help.stdout).unwrap().contains("\n  man "), "man is listed in --help");
}
