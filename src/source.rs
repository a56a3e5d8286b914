//! A loaded input file and the conversions between byte offsets and 1-based line:column.

use std::sync::Arc;

/// One input file's text, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or a label such as `<rules>/pack.yaml`).
    pub name: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// Wraps a file's text and indexes its lines.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        SourceFile { name: name.into(), text, line_starts }
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let line_index = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[line_index];
        let end = self.line_starts.get(line_index + 1).copied().unwrap_or(self.text.len());
        let line_text = &self.text[start..end];
        let chars = column.saturating_sub(1);
        match line_text.char_indices().nth(chars) {
            Some((i, _)) => start + i,
            None => end,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line: line_index + 1, column }
    }

    /// The text of a 1-based line without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        let f = SourceFile::new("x", "a: 1\n名称: 平台\n");
        let off = f.offset(2, 5);
        assert_eq!(&f.text[off..off + 6], "平台");
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 5 });
        assert_eq!(f.line_text(2), "名称: 平台");
    }

    #[test]
    fn offsets_beyond_the_text_are_clamped() {
        let f = SourceFile::new("x", "a: 1");
        assert_eq!(f.offset(9, 9), 4);
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 5 });
    }
}
