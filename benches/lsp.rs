//! The language server's latency from an edit to its diagnostics: a `didChange` of one character
//! in `examples/hangzhou.yaml` until the `publishDiagnostics` of that version, through the real
//! loop (in-memory connection, so the figure is the server's own, without a pipe's wake-ups).
//! Run with `cargo bench --bench lsp`; figures in docs/performance.md.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ipps_check::config::Choice;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// The client's end of a running server, with hangzhou.yaml open at version 1.
struct Session {
    client: Connection,
    uri: String,
    /// The line of `full_time: 18`.
    line: usize,
    version: i32,
}

impl Session {
    fn start() -> Session {
        let (server, client) = Connection::memory();
        let choice = Choice { disabled: true, ..Choice::default() };
        std::thread::spawn(move || ipps_check::lsp::serve(server, choice));
        let path = std::fs::canonicalize("examples/hangzhou.yaml").unwrap();
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
        let session = Session { client, uri, line, version: 1 };
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

    /// Types one character over the headcount's last digit (18 ↔ 19) and waits for the result.
    fn edit(&mut self) -> usize {
        self.version += 1;
        let digit = if self.version % 2 == 0 { "9" } else { "8" };
        let at = |c: usize| json!({"line": self.line, "character": c});
        let change = json!({"range": {"start": at(14), "end": at(15)}, "text": digit});
        let params: Value =
            json!({"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]});
        self.client.sender.send(Notification::new("textDocument/didChange".into(), params).into()).unwrap();
        self.wait(self.version)
    }
}

fn benches(c: &mut Criterion) {
    let mut session = Session::start();
    c.bench_function("lsp: didChange → publishDiagnostics, hangzhou.yaml", |b| b.iter(|| session.edit()));
}

criterion_group!(name = group; config = Criterion::default().sample_size(50); targets = benches);
criterion_main!(group);
