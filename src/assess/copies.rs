//! Copies of cited documents in the evidence folder (`--evidence-dir`): found without leaving the
//! folder, refused when empty or tiny, hashed, read within `evidence::LIMITS`, and held against
//! the citation — the copy must carry the cited 文号 and title.

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::evidence::doc_no::{self, DocNo, Found};
use crate::evidence::{self, Reading};
use crate::input::Cap;
use crate::text::Text;

/// A copy as found in the folder.
pub enum Opened {
    /// No such file.
    Missing(Text),
    /// A file that cannot be a copy: outside the folder, not a regular file, empty, too big.
    Refused(Text),
    /// A copy, hashed and read.
    Copy { sha256: String, reading: Reading },
}

/// Finds, checks, hashes and reads one copy.
pub fn open(dir: &Path, name: &str, min_bytes: u64) -> Opened {
    let path = match locate(dir, name) {
        Ok(p) => p,
        Err(opened) => return opened,
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size < min_bytes {
        return Opened::Refused(Text::new(
            format!("副本只有 {size} 字节（少于 {min_bytes} 字节）：空文件或不是文件副本"),
            format!("the copy is {size} bytes (under {min_bytes}): empty, or not a copy of a document"),
        ));
    }
    let cap = Cap { bytes: evidence::LIMITS.max_bytes, hint: "a fixed limit for evidence copies" };
    let bytes = match crate::input::read_capped(&path, cap) {
        Ok(b) => b,
        Err(e) => return Opened::Refused(Text::same(e.to_string())),
    };
    let sha256 = format!("sha256:{:x}", Sha256::digest(&bytes));
    let reading = evidence::read(name, bytes, evidence::LIMITS);
    Opened::Copy { sha256, reading }
}

/// The file a name leads to, which may not leave the evidence folder (no absolute path, no `..`,
/// no symbolic link out of it) and must be a regular file.
fn locate(dir: &Path, name: &str) -> Result<PathBuf, Opened> {
    let relative = Path::new(name);
    if relative.is_absolute() || relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(Opened::Refused(Text::new(
            "路径须在证据目录之内（不得为绝对路径或含 ..）",
            "the path must stay inside the evidence folder (no absolute path, no ..)",
        )));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| Opened::Refused(Text::same(format!("evidence folder {}: {e}", dir.display()))))?;
    let path = root
        .join(relative)
        .canonicalize()
        .map_err(|_| Opened::Missing(Text::new("证据目录中没有该文件", "no such file in the evidence folder")))?;
    if !path.starts_with(&root) {
        return Err(Opened::Refused(Text::new(
            "文件经符号链接指向证据目录之外",
            "the file is a link that leads out of the evidence folder",
        )));
    }
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok(path),
        Ok(_) => Err(Opened::Refused(Text::new("不是普通文件", "not a regular file"))),
        Err(e) => Err(Opened::Refused(Text::same(e.to_string()))),
    }
}

/// What the text of a copy must carry: the cited number (when there is one) and the title (or
/// the title without its trailing remark), all normalised.
pub struct Expected<'a> {
    pub doc_no: Option<&'a DocNo>,
    pub title: &'a str,
    pub title_core: &'a str,
}

/// Holds a copy's text against the citation: `Ok` says what was found, `Err` why it is refused.
pub fn check(text: &str, expected: &Expected) -> Result<Text, Text> {
    let text = evidence::normalize::normalize(text);
    let number = match expected.doc_no {
        None => None,
        Some(cited) => match doc_no::find(cited, &text) {
            Found::Cited => Some(cited.canonical()),
            Found::Others(others) => {
                let others = others.join("、");
                return Err(Text::new(
                    format!("副本载明的是 {others}，没有所引的 {}", cited.canonical()),
                    format!("the copy names {others}, not the cited {}", cited.canonical()),
                ));
            }
            Found::None => {
                return Err(Text::new(
                    format!("副本中没有所引的文号 {}", cited.canonical()),
                    format!("the copy does not carry the cited number {}", cited.canonical()),
                ));
            }
        },
    };
    if !text.contains(expected.title) && !text.contains(expected.title_core) {
        return Err(Text::new(
            format!("副本中没有所引的标题“{}”", expected.title_core),
            format!("the copy does not carry the cited title “{}”", expected.title_core),
        ));
    }
    Ok(match number {
        Some(n) => {
            Text::new(format!("副本载有文号 {n} 和标题"), format!("the copy carries the number {n} and the title"))
        }
        None => Text::new("副本载有标题", "the copy carries the title"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::normalize::normalize;

    fn fixture_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence")
    }

    #[test]
    fn copies_must_be_regular_files_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x".repeat(2000)).unwrap();
        assert!(matches!(open(dir.path(), "a.txt", 1024), Opened::Copy { .. }));
        assert!(matches!(open(dir.path(), "missing.pdf", 1024), Opened::Missing(_)));
        for bad in ["../a.pdf", "/etc/passwd", "."] {
            assert!(matches!(open(dir.path(), bad, 1024), Opened::Refused(_)), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("out.pdf")).unwrap();
            assert!(matches!(open(dir.path(), "out.pdf", 0), Opened::Refused(t) if t.en.contains("leads out")));
        }
    }

    #[test]
    fn empty_and_tiny_files_are_refused_before_they_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty.pdf"), b"").unwrap();
        std::fs::write(dir.path().join("fake.pdf"), b"%PDF-1.7 hello!").unwrap();
        assert!(matches!(open(dir.path(), "empty.pdf", 1024), Opened::Refused(t) if t.en.contains("0 bytes")));
        assert!(matches!(open(dir.path(), "fake.pdf", 1024), Opened::Refused(t) if t.en.contains("15 bytes")));
    }

    #[test]
    fn a_real_copy_is_read_and_checked() {
        let Opened::Copy { sha256, reading: Reading::Text(text) } = open(&fixture_dir(), "policy-2024-3.pdf", 1024)
        else {
            panic!("not read")
        };
        assert!(sha256.starts_with("sha256:"));
        let cited = doc_no::parse("杭知保〔2024〕3号").unwrap();
        let title = normalize("服务管理制度汇编（首问负责、一次性告知、限时办结）");
        let core = normalize("服务管理制度汇编");
        let ok = check(&text, &Expected { doc_no: Some(&cited), title: &title, title_core: &core });
        assert!(ok.is_ok(), "{ok:?}");
        let other = doc_no::parse("杭知保〔2024〕5号").unwrap();
        let e = check(&text, &Expected { doc_no: Some(&other), title: &title, title_core: &core }).unwrap_err();
        assert!(e.en.contains("names 杭知保〔2024〕3号, not the cited 杭知保〔2024〕5号"), "{}", e.en);
        let wrong = normalize("信用信息查询报告");
        let e = check(&text, &Expected { doc_no: Some(&cited), title: &wrong, title_core: &wrong }).unwrap_err();
        assert!(e.en.contains("title"), "{}", e.en);
    }
}
