//! `ipps-check lsp`: a language server over standard input and output. On opening, editing and
//! saving a platform file or `.ipps-check.yaml` it publishes the same findings as `ipps-check FILE`
//! — schema errors, values that say nothing, every clause gap at its line — with hover on a field
//! (the clauses that read it, the parameters they use) and a quick fix that inserts a missing
//! section from the `init` template.
//!
//! One job per module: the wire (`transport`), the loop (`server`), the open documents
//! (`documents`), the config and compiled pack that apply to each (`workspace`), positions in the
//! client's encoding (`position`), diagnostics, hover, which clauses read a field (`readers`) and
//! code actions.

mod actions;
mod diagnostics;
mod documents;
mod hover;
mod position;
mod readers;
mod server;
mod transport;
mod workspace;

pub use server::serve;

use std::io::Write;

use crate::config::Choice;
use crate::error::Error;

/// Serves an editor over standard input and `out` (standard output) until it says `exit`;
/// returns the exit code. The server runs on a thread of its own while this one writes.
pub fn run(choice: Choice, out: &mut dyn Write) -> Result<u8, Error> {
    let (connection, from_server) = transport::stdin();
    let server = std::thread::spawn(move || serve(connection, choice));
    let written = transport::write_all(&from_server, &mut &mut *out);
    // The server ends when the client says `exit` or its input ends, whatever became of the output.
    let code = server.join().map_err(|_| Error::Usage("language server: the server thread panicked".into()))??;
    written.map_err(|e| Error::Usage(format!("language server: cannot write to the client: {e}")))?;
    Ok(code)
}
