//! The loop: the `initialize` handshake, then messages dispatched one by one. Edits only mark their
//! document; once no message is waiting, every marked document is checked and its diagnostics
//! published, so a burst of edits costs one check, on the latest text.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, Diagnostic,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, HoverParams, HoverProviderCapability, PositionEncodingKind, PublishDiagnosticsParams,
    SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde_json::{Value, json};

use super::actions;
use super::diagnostics::Place;
use super::documents::{Document, Documents, Kind, file_path};
use super::hover;
use super::position::{Encoding, Lines, Negotiated};
use super::workspace::{Workspace, into_problems};
use crate::config::Choice;
use crate::error::{Error, Problem};
use crate::yaml::Limits;

/// The server's state between messages.
pub struct Server {
    connection: Connection,
    encoding: Encoding,
    documents: Documents,
    workspace: Workspace,
    shutting_down: bool,
}

/// Runs the handshake and the loop on a connection; returns the exit code: 0 after `shutdown` and
/// `exit`, 1 when the client left without them.
pub fn serve(connection: Connection, choice: Choice) -> Result<u8, Error> {
    let protocol = |e: lsp_server::ProtocolError| Error::Usage(format!("language server: {e}"));
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let capabilities = params.get("capabilities").cloned().unwrap_or(Value::Null);
    let (encoding, negotiated) = Encoding::negotiate(&capabilities);
    let mut result = json!({
        "capabilities": capabilities_of(encoding),
        "serverInfo": { "name": "ipps-check", "version": env!("CARGO_PKG_VERSION") },
    });
    if negotiated == Negotiated::Clangd {
        result["offsetEncoding"] = Value::from(encoding.name());
    }
    connection.initialize_finish(id, result).map_err(protocol)?;
    let workspace = Workspace::new(roots(&params), choice);
    let mut server = Server { connection, encoding, documents: Documents::default(), workspace, shutting_down: false };
    server.run()
}

/// What the server offers.
fn capabilities_of(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders of `initialize`: `workspaceFolders`, else `rootUri`, else `rootPath`.
fn roots(params: &Value) -> Vec<PathBuf> {
    let uri_path = |v: &Value| v.as_str().and_then(|s| s.parse::<Uri>().ok()).and_then(|u| file_path(&u));
    let folders: Vec<PathBuf> = params
        .get("workspaceFolders")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|f| f.get("uri").and_then(uri_path)).collect())
        .unwrap_or_default();
    if !folders.is_empty() {
        return folders;
    }
    params
        .get("rootUri")
        .and_then(uri_path)
        .or_else(|| params.get("rootPath").and_then(Value::as_str).map(PathBuf::from))
        .into_iter()
        .collect()
}

impl Server {
    fn run(&mut self) -> Result<u8, Error> {
        loop {
            let Ok(first) = self.connection.receiver.recv() else { return Ok(1) };
            let mut stale = Stale::default();
            if let Some(code) = self.handle(first, &mut stale) {
                return Ok(code);
            }
            // Everything that arrived meanwhile, before checking anything.
            while let Ok(next) = self.connection.receiver.try_recv() {
                if let Some(code) = self.handle(next, &mut stale) {
                    return Ok(code);
                }
            }
            for uri in stale.0 {
                self.publish(&uri);
            }
        }
    }

    /// Handles one message; `Some(code)` when the client said `exit`.
    fn handle(&mut self, message: Message, stale: &mut Stale) -> Option<u8> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(n) if n.method == "exit" => return Some(if self.shutting_down { 0 } else { 1 }),
            Message::Notification(n) => self.notification(n, stale),
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let response = if self.shutting_down {
            Response::new_err(id, ErrorCode::InvalidRequest as i32, "the server is shutting down".into())
        } else {
            match request.method.as_str() {
                "shutdown" => {
                    self.shutting_down = true;
                    Response::new_ok(id, ())
                }
                HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(request.params) {
                    Ok(p) => Response::new_ok(id, self.hover(&p)),
                    Err(e) => invalid(id, e),
                },
                CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(request.params) {
                    Ok(p) => Response::new_ok(id, self.code_actions(&p)),
                    Err(e) => invalid(id, e),
                },
                other => {
                    Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("unsupported request {other}"))
                }
            }
        };
        self.send(response.into());
    }

    fn notification(&mut self, n: Notification, stale: &mut Stale) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    stale.insert(doc.uri.clone());
                    self.documents.open(doc.uri, doc.text, doc.version);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    if self.documents.change(&uri, p.text_document.version, p.content_changes, self.encoding) {
                        stale.insert(uri);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    // A saved config, waivers file or rule file changes the settings of every
                    // document that uses it: check them all again.
                    if file_path(&p.text_document.uri).is_some_and(|path| self.workspace.saved(&path)) {
                        self.documents.uris().into_iter().for_each(|u| stale.insert(u));
                    }
                    stale.insert(p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    stale.remove(&uri);
                    if self.documents.close(&uri).is_some_and(|d| d.has_diagnostics) {
                        self.send_diagnostics(uri, Vec::new(), None);
                    }
                }
            }
            _ => {}
        }
    }

    /// Checks a document and publishes what it found (nothing for a file that is not ipps-check's,
    /// unless it had diagnostics before, which are then cleared).
    fn publish(&mut self, uri: &Uri) {
        let Some(doc) = self.documents.get(uri) else { return };
        // A bug in a check must not take the editor's server down: the file gets one diagnostic
        // saying so (the panic message goes to standard error, the editor's log).
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| match doc.kind {
            Kind::Platform => check_platform(&mut self.workspace, self.encoding, doc),
            Kind::Config => (check_config(&mut self.workspace, self.encoding, doc), None),
            Kind::Other => (Vec::new(), None),
        }));
        let (diagnostics, assessment) = checked.unwrap_or_else(|_| {
            let lines = Lines::new(&doc.text);
            let place = Place { lines: &lines, encoding: self.encoding, lang: crate::text::Lang::from_env() };
            let message =
                "internal error: ipps-check could not check this text; please report it with the file".to_owned();
            (vec![place.diagnostic(None, DiagnosticSeverity::ERROR, message)], None)
        });
        let version = doc.version;
        let had = doc.has_diagnostics;
        if let Some(doc) = self.documents.get_mut(uri) {
            doc.has_diagnostics = !diagnostics.is_empty();
            doc.assessment = assessment.map(|a| (version, a));
        }
        if had || !diagnostics.is_empty() {
            self.send_diagnostics(uri.clone(), diagnostics, Some(version));
        }
    }

    fn hover(&mut self, p: &HoverParams) -> Option<lsp_types::Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let doc = self.documents.get(uri).filter(|d| d.kind == Kind::Platform)?;
        let (settings, _) = self.workspace.settings_for(doc.path.as_deref()).ok()?;
        let assessment = doc.assessment.as_ref().filter(|(v, _)| *v == doc.version).map(|(_, a)| a.as_ref());
        hover::hover(&doc.text, p.text_document_position_params.position, self.encoding, &settings, assessment)
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.documents.get(&p.text_document.uri).filter(|d| d.kind == Kind::Platform) else {
            return Vec::new();
        };
        let lang = self
            .workspace
            .settings_for(doc.path.as_deref())
            .map_or_else(|_| crate::text::Lang::from_env(), |(s, _)| s.lang);
        actions::quick_fixes(&p.text_document.uri, &doc.text, &p.context.diagnostics, self.encoding, lang)
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }

    fn send_diagnostics(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
    }

    /// Sends a message; a client that went away is noticed by the loop when its input ends.
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }
}

/// Load from the text → validate → assess, as `ipps-check FILE` does, with the document's settings.
fn check_platform(
    workspace: &mut Workspace,
    encoding: Encoding,
    doc: &Document,
) -> (Vec<Diagnostic>, Option<Arc<crate::assessment::Assessment>>) {
    let lines = Lines::new(&doc.text);
    let (settings, locating) = match workspace.settings_for(doc.path.as_deref()) {
        Ok(found) => found,
        Err(e) => {
            let place = Place { lines: &lines, encoding, lang: crate::text::Lang::from_env() };
            return (into_problems(e).iter().map(|p| place.problem(p, DiagnosticSeverity::ERROR)).collect(), None);
        }
    };
    let place = Place { lines: &lines, encoding, lang: settings.lang };
    let mut out: Vec<Diagnostic> =
        settings.problems.iter().chain(&locating).map(|p| place.config_not_applied(p)).collect();
    let name = doc.path.as_ref().map_or_else(|| "untitled".to_owned(), |p| p.display().to_string());
    let limits = Limits::default();
    if doc.text.len() > limits.max_file_bytes {
        let p = Problem::plain(
            &name,
            format!(
                "the file is {} bytes, over the limit of {} bytes; ipps-check on the command line takes --max-file-size",
                doc.text.len(),
                limits.max_file_bytes
            ),
        );
        out.push(place.problem(&p, DiagnosticSeverity::ERROR));
        return (out, None);
    }
    match crate::platform::load_bytes(&name, doc.text.as_bytes(), &limits) {
        Err(e) => {
            out.extend(into_problems(e).iter().map(|p| place.problem(p, DiagnosticSeverity::ERROR)));
            (out, None)
        }
        Ok(loaded) => {
            let assessment = settings.checker.assess(&loaded, as_of());
            out.extend(place.assessment(&assessment, |pointer| actions::missing_section(pointer, &loaded.value)));
            (out, Some(Arc::new(assessment)))
        }
    }
}

/// The config's own mistakes, from the text being edited, and those of the files it names,
/// from the files as saved.
fn check_config(workspace: &mut Workspace, encoding: Encoding, doc: &Document) -> Vec<Diagnostic> {
    let Some(path) = doc.path.as_deref() else { return Vec::new() };
    let lines = Lines::new(&doc.text);
    let settings = workspace.settings_for(Some(path)).ok().map(|(s, _)| s);
    let lang = settings.as_ref().map_or_else(crate::text::Lang::from_env, |s| s.lang);
    let place = Place { lines: &lines, encoding, lang };
    let mut out: Vec<Diagnostic> = match crate::config::from_text(path, &doc.text) {
        Ok(_) => Vec::new(),
        Err(e) => into_problems(e).iter().map(|p| place.problem(p, DiagnosticSeverity::ERROR)).collect(),
    };
    // The settings built from this very file (the saved one) add what the text alone cannot
    // tell: parameters the pack refuses, and problems in the rule pack and waivers it names.
    let own = path.display().to_string();
    if let Some(s) = settings.filter(|s| s.config.as_deref() == std::fs::canonicalize(path).ok().as_deref()) {
        for p in &s.problems {
            let d = if p.file == own {
                place.problem(p, DiagnosticSeverity::ERROR)
            } else {
                place.elsewhere(p, DiagnosticSeverity::ERROR, None)
            };
            if !out.iter().any(|o| o.range == d.range && o.message == d.message) {
                out.push(d);
            }
        }
        for w in &s.warnings {
            out.push(place.diagnostic(None, DiagnosticSeverity::WARNING, w.clone()));
        }
    }
    out
}

/// The assessment date: `IPPS_AS_OF` as for `--as-of` on the command line, else today.
fn as_of() -> i64 {
    std::env::var("IPPS_AS_OF").ok().and_then(|s| crate::date::parse_days(&s)).unwrap_or_else(crate::date::today)
}

/// The documents to check once no message is waiting, each once, in the order they were edited.
#[derive(Default)]
struct Stale(Vec<Uri>);

impl Stale {
    fn insert(&mut self, uri: Uri) {
        if !self.0.contains(&uri) {
            self.0.push(uri);
        }
    }

    fn remove(&mut self, uri: &Uri) {
        self.0.retain(|u| u != uri);
    }
}

fn invalid(id: lsp_server::RequestId, e: serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
}
