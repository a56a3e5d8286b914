//! `ipps-check lsp` driven over standard input and output as an editor drives it: initialize,
//! didOpen, didChange, hover, codeAction, shutdown, exit — on the real binary.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Only a hang takes this long; not a performance bound.
const HANG: Duration = Duration::from_secs(60);

const FIXTURE: &str = include_str!("fixtures/lsp/platform.yaml");

/// An editor's side of the connection.
struct Editor {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications that arrived while waiting for something else, in order.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Editor {
    /// Starts the server in `dir` with English messages and the given client capabilities.
    fn start(dir: &Path, capabilities: Value) -> (Editor, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ipps-check"))
            .arg("lsp")
            .current_dir(dir)
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("IPPS_CHECK_CONFIG")
            .env("IPPS_AS_OF", "2026-11-25")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut editor = Editor { child, stdin, incoming, notifications: Vec::new(), next_id: 0 };
        let root = uri(dir);
        let init = editor.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": capabilities, "workspaceFolders": [{"uri": root, "name": "w"}]}),
        );
        editor.notify("initialized", json!({}));
        (editor, init)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next();
            if message.get("id") == Some(&json!(id)) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.notifications.push(message);
        }
    }

    fn next(&mut self) -> Value {
        match self.incoming.recv_timeout(HANG) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server within {HANG:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The diagnostics published for a document at a version (earlier ones are skipped).
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let found = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && n["params"]["version"] == version
            });
            if let Some(i) = found {
                let n = self.notifications.remove(i);
                return n["params"]["diagnostics"].as_array().unwrap().clone();
            }
            assert!(start.elapsed() < HANG, "no diagnostics for {uri} version {version}");
            let message = self.next();
            self.notifications.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc}));
    }

    /// Shuts the server down as an editor does; returns its exit code.
    fn shutdown(mut self) -> Option<i32> {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(start.elapsed() < HANG, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_message(input: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A `file:` URI for a path, percent-encoded.
fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A workspace holding the fixture (a repository root, so no config above it is found).
fn workspace(config: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let file = dir.path().join("平台 platform.yaml");
    std::fs::write(&file, FIXTURE).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join(".ipps-check.yaml"), config).unwrap();
    }
    (dir, file)
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn an_editor_session_over_stdio() {
    let (dir, file) = workspace(None);
    // A client that offers nothing counts in UTF-16, the protocol's default.
    let (mut editor, init) = Editor::start(dir.path(), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16", "{init}");
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    let doc = uri(&file);
    editor.open(&doc, FIXTURE);
    let diagnostics = editor.diagnostics(&doc, 1);
    assert!(diagnostics.iter().all(|d| d["source"] == "ipps-check"));

    // A 应 gap is an error at its line, with the clause id, the values and the fix.
    let staff_line = line_of(FIXTURE, "full_time: 3");
    let staff = with_code(&diagnostics, "6.3.2");
    assert_eq!(staff.len(), 1, "{staff:?}");
    assert_eq!(staff[0]["severity"], 1);
    assert_eq!(staff[0]["range"]["start"], json!({"line": staff_line, "character": 13}));
    let message = staff[0]["message"].as_str().unwrap();
    assert!(message.contains("found 3") && message.contains("fix:"), "{message}");
    // Its code links to the clause's section of the clause reference, as the reports' help_uri.
    let href = staff[0]["codeDescription"]["href"].as_str().unwrap();
    assert!(href.starts_with("https://") && href.ends_with("/docs/clauses.md#clause-6.3.2"), "{href}");
    let reference = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/clauses.md")).unwrap();
    assert!(reference.contains("<a id=\"clause-6.3.2\"></a>"), "the link's anchor exists");

    // 宜 gaps are warnings and 可 gaps hints.
    assert!(with_code(&diagnostics, "4.3").iter().all(|d| d["severity"] == 2));
    assert!(!with_code(&diagnostics, "4.3").is_empty());
    assert!(
        !with_code(&diagnostics, "8.2.7").is_empty()
            && with_code(&diagnostics, "8.2.7").iter().all(|d| d["severity"] == 4)
    );

    // A value that says nothing, after CJK and an astral character on the same line, at the
    // UTF-16 column an editor counts.
    let uscc_line = line_of(FIXTURE, "uscc:");
    let before: &str = FIXTURE.lines().nth(uscc_line).unwrap().split("91350100").next().unwrap();
    let meaningless = with_code(&diagnostics, "meaningless-value");
    assert_eq!(meaningless.len(), 1, "{meaningless:?}");
    let start = before.encode_utf16().count();
    assert_eq!(meaningless[0]["range"]["start"], json!({"line": uscc_line, "character": start}));
    assert_eq!(meaningless[0]["range"]["end"], json!({"line": uscc_line, "character": start + 18}));
    assert!(meaningless[0]["message"].as_str().unwrap().contains("check character"), "{}", meaningless[0]);
    assert!(meaningless[0].get("codeDescription").is_none(), "not a clause: no link");

    // Typing a larger headcount (an incremental edit) clears the gap.
    let change = json!({"range": {"start": {"line": staff_line, "character": 13}, "end": {"line": staff_line, "character": 14}}, "text": "12"});
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [change]}),
    );
    let after = editor.diagnostics(&doc, 2);
    assert!(with_code(&after, "6.3.2").is_empty(), "{:?}", with_code(&after, "6.3.2"));
    assert_eq!(with_code(&after, "meaningless-value").len(), 1);

    // Hover on the field: the clauses that read it, their result, the parameter's value here.
    let hover = editor.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": {"line": staff_line, "character": 4}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("`staffing.full_time`** = `12`"), "{text}");
    assert!(text.contains("`6.3.1`") && text.contains("`6.3.2`"), "{text}");
    assert!(text.contains("Minimum full-time headcount — pass"), "{text}");
    assert!(text.contains("`min_full_time_staff` = 5 人 (by `platform.level` = municipal)"), "{text}");

    // A gap in a section the file lacks offers to insert the section from the template.
    let facilities: Vec<Value> = after.iter().filter(|d| d["data"]["section"] == "facilities").cloned().collect();
    assert!(!facilities.is_empty());
    let actions = editor.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": facilities[0]["range"], "context": {"diagnostics": facilities}}),
    );
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["title"], "Insert the `facilities` section from the template");
    let edit = &action["edit"]["changes"][&doc][0];
    let end = FIXTURE.lines().count();
    assert_eq!(edit["range"]["start"], json!({"line": end, "character": 0}));
    assert!(edit["newText"].as_str().unwrap().contains("\nfacilities:\n"), "{edit}");

    assert_eq!(editor.shutdown(), Some(0));
}

#[test]
fn utf8_is_used_when_the_client_offers_it() {
    let (dir, file) = workspace(None);
    let offer = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let (mut editor, init) = Editor::start(dir.path(), offer);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let doc = uri(&file);
    editor.open(&doc, FIXTURE);
    let diagnostics = editor.diagnostics(&doc, 1);
    let uscc_line = line_of(FIXTURE, "uscc:");
    let start = FIXTURE.lines().nth(uscc_line).unwrap().find("91350100").unwrap();
    let meaningless = with_code(&diagnostics, "meaningless-value");
    assert_eq!(meaningless[0]["range"]["start"], json!({"line": uscc_line, "character": start}));
    // Hover positions are read in the same encoding: a column inside the astral character of
    // the operator's name still finds the operator's name.
    let astral = FIXTURE.lines().nth(uscc_line).unwrap().find('𠮷').unwrap() + 1;
    let hover = editor.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": {"line": uscc_line, "character": astral}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**`operator.name`**"), "{hover}");
    assert_eq!(editor.shutdown(), Some(0));
}

#[test]
fn the_config_sets_the_language_and_the_parameters_and_its_mistakes_are_shown() {
    let (dir, file) =
        workspace(Some("lang: zh\nparams:\n  min_full_time_staff: {by: /platform/level, cases: {municipal: 2}}\n"));
    let (mut editor, _) = Editor::start(dir.path(), json!({}));
    let doc = uri(&file);
    editor.open(&doc, FIXTURE);
    let diagnostics = editor.diagnostics(&doc, 1);
    // The config lowers the minimum to 2: three full-time staff meet it.
    assert!(with_code(&diagnostics, "6.3.2").is_empty());
    let staff = with_code(&diagnostics, "4.3");
    assert!(staff[0]["message"].as_str().unwrap().contains("应为"), "{}", staff[0]);

    // The config changed on disk, not in the editor (a checkout): the next check follows it.
    std::fs::write(dir.path().join(".ipps-check.yaml"), "lang: en\n").unwrap();
    let edit =
        json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "#\n"});
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [edit]}),
    );
    let after = editor.diagnostics(&doc, 2);
    assert!(with_code(&after, "4.3")[0]["message"].as_str().unwrap().contains("expected"), "{after:?}");
    assert_eq!(with_code(&after, "6.3.2").len(), 1, "the parameter is the pack's again");

    // The config file itself, being edited: its mistakes at their place.
    let config = uri(&dir.path().join(".ipps-check.yaml"));
    editor.open(&config, "lang: en\nfail_on: should\n");
    let mistakes = editor.diagnostics(&config, 1);
    assert_eq!(mistakes.len(), 1, "{mistakes:?}");
    assert_eq!(mistakes[0]["range"]["start"], json!({"line": 1, "character": 0}));
    assert!(mistakes[0]["message"].as_str().unwrap().contains("fail_on"), "{}", mistakes[0]);
    assert_eq!(editor.shutdown(), Some(0));
}

#[test]
fn files_that_are_not_platform_files_get_nothing_and_bursts_are_coalesced() {
    let (dir, file) = workspace(None);
    let (mut editor, _) = Editor::start(dir.path(), json!({}));
    let other = uri(&dir.path().join("ci.yaml"));
    editor.open(&other, "jobs:\n  platform: linux\n");
    let doc = uri(&file);
    editor.open(&doc, FIXTURE);
    // Twenty edits sent at once: the server checks the latest text, not each one in turn.
    let staff_line = line_of(FIXTURE, "full_time: 3");
    for version in 2..=21 {
        let digit = if version % 2 == 0 { "4" } else { "3" };
        let change = json!({"range": {"start": {"line": staff_line, "character": 13}, "end": {"line": staff_line, "character": 14}}, "text": digit});
        editor.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc, "version": version}, "contentChanges": [change]}),
        );
    }
    let last = editor.diagnostics(&doc, 21);
    assert_eq!(with_code(&last, "6.3.2").len(), 1, "version 21 has 3 full-time staff");
    let published: Vec<&Value> =
        editor.notifications.iter().filter(|n| n["method"] == "textDocument/publishDiagnostics").collect();
    assert!(published.iter().all(|n| n["params"]["uri"] != other), "a CI file got diagnostics: {published:?}");
    let versions: Vec<i64> = published.iter().filter_map(|n| n["params"]["version"].as_i64()).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "stale diagnostics after newer ones: {versions:?}");
    assert!(versions.len() < 20, "every edit was checked in turn: {versions:?}");
    assert_eq!(editor.shutdown(), Some(0));
}

#[test]
fn leaving_without_shutdown_exits_1() {
    let (dir, _) = workspace(None);
    let (mut editor, _) = Editor::start(dir.path(), json!({}));
    editor.notify("exit", Value::Null);
    let status = editor.child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

/// `nvim` on the `PATH`, if there is one.
fn find_nvim() -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join("nvim")).find(|p| p.is_file())
}

#[test]
fn neovim_shows_the_findings_hover_and_quick_fix() {
    let Some(nvim) = find_nvim() else {
        println!("note: skipped the Neovim test: no `nvim` on the PATH (apt-get install neovim)");
        return;
    };
    let (dir, file) = workspace(None);
    let out = dir.path().join("nvim-lsp.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editor/nvim-lsp.lua");
    let mut child = Command::new(nvim)
        .args(["--headless", "--noplugin", "-n", "-i", "NONE", "-u"])
        .arg(&script)
        .arg(&file)
        .current_dir(dir.path())
        .env("IPPS_CHECK", env!("CARGO_BIN_EXE_ipps-check"))
        .env("OUT", &out)
        .env("IPPS_AS_OF", "2026-11-25")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("IPPS_CHECK_CONFIG")
        .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
        .env("XDG_DATA_HOME", dir.path().join("no-data"))
        // Neovim's LSP log goes to the cache (0.7) or state (0.8+) directory: keep it in the test's.
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > HANG * 2 {
            let _ = child.kill();
            panic!("Neovim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its results")).unwrap();
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["steps"], json!(["opened", "hover", "edited", "fixed"]), "{seen}");
    let opened = seen["opened"].as_array().unwrap();
    let find = |list: &[Value], code: &str| list.iter().find(|d| d["code"] == code).cloned();
    // Neovim counts columns in bytes: the server's UTF-16 columns came through exactly.
    let uscc_line = line_of(FIXTURE, "uscc:");
    let byte = FIXTURE.lines().nth(uscc_line).unwrap().find("91350100").unwrap();
    let meaningless = find(opened, "meaningless-value").expect("the bad credit code is shown");
    assert_eq!(
        (meaningless["line"].as_u64(), meaningless["col"].as_u64()),
        (Some(uscc_line as u64 + 1), Some(byte as u64))
    );
    assert_eq!(meaningless["end_col"].as_u64(), Some(byte as u64 + 18));
    let staff = find(opened, "6.3.2").expect("the headcount gap is shown");
    assert_eq!(staff["severity"], 1, "{staff}");
    assert_eq!(staff["line"].as_u64(), Some(line_of(FIXTURE, "full_time") as u64 + 1));
    let hover = seen["hover"].as_str().unwrap();
    assert!(hover.contains("`6.3.2`") && hover.contains("min_full_time_staff"), "{hover}");
    assert!(find(seen["edited"].as_array().unwrap(), "6.3.2").is_none(), "the edit did not clear the gap");
    assert_eq!(seen["action"], "Insert the `facilities` section from the template");
    assert_eq!(seen["inserted"], true);
    assert!(seen["fixed"].as_array().unwrap().iter().all(|d| d["section"] != "facilities"));
}

#[test]
fn waivers_apply_and_files_outside_the_workspace_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("pack.yaml"), "not: a pack\n").unwrap();
    let config = format!("waivers: waivers.yaml\nrules: {}\n", outside.path().display());
    let (dir, file) = workspace(Some(&config));
    let waivers =
        "waivers:\n  - {clause: \"4.3\", reason: 区域平台暂不细分用户, approver: 市知识产权局, expires: 2027-06-30}\n";
    std::fs::write(dir.path().join("waivers.yaml"), waivers).unwrap();
    let (mut editor, _) = Editor::start(dir.path(), json!({}));
    let doc = uri(&file);
    editor.open(&doc, FIXTURE);
    let diagnostics = editor.diagnostics(&doc, 1);
    // The waiver inside the workspace is applied: the 宜 gap of 4.3 is not shown.
    assert!(with_code(&diagnostics, "4.3").is_empty(), "{:?}", with_code(&diagnostics, "4.3"));
    // The rule pack outside it is not read (its pack.yaml would be an error): the built-in pack
    // checks, and a note at the top says why.
    assert!(!with_code(&diagnostics, "6.3.2").is_empty());
    let note =
        diagnostics.iter().find(|d| d["message"].as_str().unwrap().contains("outside the workspace")).expect("a note");
    assert_eq!(note["severity"], 3);
    assert_eq!(note["range"]["start"], json!({"line": 0, "character": 0}));
    // Opened, the config shows the refusal at its `rules:` key.
    let config_uri = uri(&dir.path().join(".ipps-check.yaml"));
    editor.open(&config_uri, &config);
    let shown = editor.diagnostics(&config_uri, 1);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["range"]["start"], json!({"line": 1, "character": 0}));
    assert!(shown[0]["message"].as_str().unwrap().contains("does not read it"), "{}", shown[0]);
    assert_eq!(editor.shutdown(), Some(0));
}

#[test]
fn a_file_that_does_not_load_shows_each_mistake_at_its_place() {
    let (dir, _) = workspace(None);
    let (mut editor, _) = Editor::start(dir.path(), json!({}));
    let doc = uri(&dir.path().join("p.yaml"));
    editor.open(&doc, "platform:\n  name: 平台\n  level: citywide\nstaffing:\n  ful_time: 3\n");
    let diagnostics = editor.diagnostics(&doc, 1);
    let shown: Vec<(Value, Value, &str)> = diagnostics
        .iter()
        .map(|d| (d["range"]["start"].clone(), d["severity"].clone(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(shown[0].0, json!({"line": 2, "character": 9}));
    assert!(shown[0].2.contains("not one of: national, provincial, municipal, district"), "{shown:?}");
    assert_eq!(shown[1].0, json!({"line": 4, "character": 2}));
    assert!(
        shown[1].2.contains("unknown field `ful_time`") && shown[1].2.contains("did you mean `full_time`?"),
        "{shown:?}"
    );
    assert!(shown.iter().all(|d| d.1 == 1));
    // A YAML syntax error is located too.
    let broken =
        json!({"range": {"start": {"line": 1, "character": 8}, "end": {"line": 1, "character": 10}}, "text": "[平台"});
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [broken]}),
    );
    let syntax = editor.diagnostics(&doc, 2);
    assert_eq!(syntax.len(), 1, "{syntax:?}");
    assert_eq!(syntax[0]["severity"], 1);
    assert_eq!(editor.shutdown(), Some(0));
}
