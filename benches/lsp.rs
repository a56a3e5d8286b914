//! The language server's latency from an edit to its diagnostics: a `didChange` of one character
//! (the full-time headcount's last digit) until the `publishDiagnostics` of that version, through
//! the real loop (in-memory connection, so the figure is the server's own, without a pipe's
//! wake-ups), on `examples/hangzhou.yaml` (符合, few diagnostics) and `examples/county-pilot.yaml`
//! (不符合, hundreds).
//! Run with `cargo bench --bench lsp`; figures in docs/performance.md.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ipps_check::config::Choice;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// The client's end of a running server, with one file open.
struct Session {
    client: Connection,
    uri: String,
    /// The line of `full_time: N`, and the column and value of its last digit.
    line: usize,
    column: usize,
    digit: u32,
    version: i32,
}

impl Session {
    fn start(file: &str) -> Session {
        let (server, client) = Connection::memory();
        let choice = Choice { disabled: true, ..Choice::default() };
        std::thread::spawn(move || ipps_check::lsp::serve(server, choice));
        let path = std::fs::canonicalize(file).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let uri = format!("file://{}", path.display());
        let root = format!("file://{}", path.parent().map(Path::display).unwrap());
        let init = json!({"capabilities": {"general": {"positionEncodings": ["utf-16"]}}, "rootUri": root});
        client.sender.send(Request::new(RequestId::from(1), "initialize".into(), init).into()).unwrap();
        client.receiver.recv().unwrap();
        client.sender.send(Notification::new("initialized".into(), json!({})).into()).unwrap();
        let doc = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": text});
        client
            .sender
            .send(Notification::new("textDocument/didOpen".into(), json!({"textDocument": doc})).into())
            .unwrap();
        let line = text.lines().position(|l| l.trim_start().starts_with("full_time:")).unwrap();
        let headcount = text.lines().nth(line).unwrap();
        let column = headcount.len() - 1;
        let digit = headcount[column..].parse().unwrap();
        let session = Session { client, uri, line, column, digit, version: 1 };
        session.wait(1);
        session
    }

    /// Waits for the diagnostics of a version; returns how many there are.
    fn wait(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.client.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["version"] == version
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }

    /// Types one character over the headcount's last digit (18 → 19 → 18 …) and waits for the
    /// diagnostics of that version.
    fn edit(&mut self) -> usize {
        self.version += 1;
        let digit = if self.version % 2 == 0 { (self.digit + 1) % 10 } else { self.digit };
        let at = |c: usize| json!({"line": self.line, "character": c});
        let change =
            json!({"range": {"start": at(self.column), "end": at(self.column + 1)}, "text": digit.to_string()});
        let params: Value =
            json!({"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]});
        self.client.sender.send(Notification::new("textDocument/didChange".into(), params).into()).unwrap();
        self.wait(self.version)
    }
}

fn benches(c: &mut Criterion) {
    for file in ["examples/hangzhou.yaml", "examples/county-pilot.yaml"] {
        let mut session = Session::start(file);
        let name = format!("lsp: didChange → publishDiagnostics, {}", file.trim_start_matches("examples/"));
        c.bench_function(&name, |b| b.iter(|| session.edit()));
    }
}

criterion_group!(name = group; config = Criterion::default().sample_size(50); targets = benches);
criterion_main!(group);
