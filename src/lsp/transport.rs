//! The wire: LSP messages framed with `Content-Length` over standard input and output. A reader
//! thread parses every message as soon as it arrives, into an unbounded channel, so that the loop
//! finds all the edits that came in while it was checking and checks once for all of them; a
//! message larger than the cap is skipped, never allocated.

use std::io::{self, BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::{Connection, Message};

/// Largest message read: a platform file at the largest `--max-file-size` default, escaped as JSON
/// (each byte at most six), with room for the envelope.
pub const MAX_MESSAGE_BYTES: usize = 6 * 8 * 1024 * 1024 + 64 * 1024;

/// A connection whose input is standard input, read by a thread of its own, and whose output is
/// the returned receiver, for the caller to write with [`write_all`] (the caller holds standard
/// output).
pub fn stdin() -> (Connection, Receiver<Message>) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, from_server) = unbounded::<Message>();
    // Not joined: after `exit` it ends by itself; on a broken client it ends at end of input.
    std::thread::spawn(move || read_all(&mut io::stdin().lock(), &to_server, &mut io::stderr(), MAX_MESSAGE_BYTES));
    (Connection { sender: to_client, receiver: from_client }, from_server)
}

/// Reads messages until end of input or `exit`; a frame it cannot read is reported on `log` and
/// skipped when its length is known, the end of reading when it is not.
pub fn read_all(input: &mut impl BufRead, to_server: &Sender<Message>, log: &mut impl Write, max_bytes: usize) {
    loop {
        let message = match read_frame(input, max_bytes) {
            Ok(None) => return,
            Ok(Some(Frame::Message(m))) => m,
            Ok(Some(Frame::Skipped(why))) => {
                let _ = writeln!(log, "ipps-check lsp: skipped a message: {why}");
                continue;
            }
            Err(e) => {
                let _ = writeln!(log, "ipps-check lsp: cannot read from the client: {e}");
                return;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if to_server.send(message).is_err() || exit {
            return;
        }
    }
}

/// Writes every message the server sends, until it drops its end of the connection.
pub fn write_all(from_server: &Receiver<Message>, output: &mut impl Write) -> io::Result<()> {
    for message in from_server {
        message.write(output)?;
    }
    Ok(())
}

enum Frame {
    Message(Message),
    /// A frame that was read past but not understood.
    Skipped(String),
}

/// One frame: headers up to a blank line, then `Content-Length` bytes of JSON.
fn read_frame(input: &mut impl BufRead, max_bytes: usize) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        // A header line is short; a line without end is not a header.
        if input.by_ref().take(1024).read_line(&mut line)? == 0 {
            return if length.is_none() { Ok(None) } else { Err(io::ErrorKind::UnexpectedEof.into()) };
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse::<usize>().map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidData, format!("Content-Length `{}`: {e}", value.trim()))
            })?);
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "a message without Content-Length"));
    };
    if length > max_bytes {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Skipped(format!("{length} bytes, over the limit of {max_bytes}"))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(m) => Frame::Message(m),
        Err(e) => Frame::Skipped(format!("not a JSON-RPC message: {e}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn frames_are_read_skipped_or_refused() {
        let huge = "Content-Length: 1001\r\n\r\n".to_owned() + &" ".repeat(1001);
        let input = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
            + &huge
            + &frame("not json")
            + &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)
            + &frame(r#"{"jsonrpc":"2.0","method":"after-exit"}"#);
        let (tx, rx) = unbounded();
        let mut log = Vec::new();
        read_all(&mut io::Cursor::new(input), &tx, &mut log, 1000);
        let methods: Vec<String> = rx
            .try_iter()
            .map(|m| match m {
                Message::Notification(n) => n.method,
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(methods, ["initialized", "exit"]);
        let log = String::from_utf8(log).unwrap();
        assert!(log.contains("over the limit") && log.contains("not a JSON-RPC message"), "{log}");
    }

    #[test]
    fn a_bad_length_ends_reading_with_a_message() {
        let (tx, rx) = unbounded();
        let mut log = Vec::new();
        read_all(&mut io::Cursor::new("Content-Length: many\r\n\r\n{}"), &tx, &mut log, 1000);
        assert!(rx.try_recv().is_err());
        assert!(String::from_utf8(log).unwrap().contains("Content-Length `many`"));
    }
}
