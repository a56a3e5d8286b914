//! Pure parsers of cell wording, one module per kind of cell. Each keeps what it cannot read for the caller
//! to report; none of them guesses.

pub mod channels;
pub mod contacts;
pub mod dates;
pub mod fee;
pub mod forms;
pub mod labels;
pub mod lists;
pub mod text;
pub mod time_limit;

#[cfg(test)]
mod wordings;
