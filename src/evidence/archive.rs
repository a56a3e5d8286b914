//! The zip container of DOCX, OFD and XLSX, opened within bounds: how many entries it may hold and
//! how much all the entries read may inflate to, counted on the bytes actually inflated (a zip
//! bomb can declare any size).

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{Budget, Reading, invalid};
use crate::text::Text;

/// An open archive and the inflated bytes it has used.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
    format: &'static str,
}

/// Opens the zip container of a `format` file.
pub fn open<'a>(bytes: &'a [u8], format: &'static str, budget: &Budget) -> Result<Archive<'a>, Reading> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| invalid(format, e))?;
    if zip.len() > budget.limits.max_entries {
        return Err(Reading::Refused(Text::new(
            format!("{format} 压缩包内有 {} 个条目，超过上限 {}", zip.len(), budget.limits.max_entries),
            format!(
                "the {format} archive holds {} entries, over the limit of {}",
                zip.len(),
                budget.limits.max_entries
            ),
        )));
    }
    Ok(Archive { zip, inflated: 0, format })
}

impl Archive<'_> {
    /// The names of the entries.
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect()
    }

    /// One entry inflated, or `None` when the archive has no such entry.
    pub fn entry(&mut self, name: &str, budget: &Budget) -> Result<Option<Vec<u8>>, Reading> {
        if budget.out_of_time() {
            return Err(budget.timed_out());
        }
        let format = self.format;
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(invalid(format, e)),
        };
        let room = budget.limits.max_inflated.saturating_sub(self.inflated);
        let mut bytes = Vec::new();
        (&mut file).take(room.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| invalid(format, e))?;
        self.inflated += bytes.len() as u64;
        if bytes.len() as u64 > room {
            return Err(Reading::Refused(Text::new(
                format!("{format} 解压后超过 {} 字节的上限", budget.limits.max_inflated),
                format!("the {format} archive inflates to more than the limit of {} bytes", budget.limits.max_inflated),
            )));
        }
        Ok(Some(bytes))
    }

    /// Inflates every entry once, counting, so that a library reading the archive after this one
    /// cannot be led past the bounds.
    pub fn check_all(&mut self, budget: &Budget) -> Result<(), Reading> {
        for name in self.names() {
            self.entry(&name, budget)?;
        }
        Ok(())
    }
}

/// Text of an entry, which must be UTF-8 XML.
pub fn utf8(bytes: Vec<u8>, format: &str, name: &str) -> Result<String, Reading> {
    String::from_utf8(bytes).map_err(|_| invalid(format, format_args!("{name} is not UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::LIMITS;
    use std::io::Write;

    fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn inflated_bytes_are_counted_across_entries() {
        // Two entries of 600 KB of zeros: each compresses to almost nothing.
        let bytes = zip_of(&[("a.xml", vec![0; 600_000]), ("b.xml", vec![0; 600_000])]);
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        let budget = Budget::new(crate::evidence::Limits { max_inflated: 1_000_000, ..LIMITS });
        let mut a = open(&bytes, "DOCX", &budget).unwrap();
        assert_eq!(a.entry("a.xml", &budget).unwrap().map(|b| b.len()), Some(600_000));
        assert!(matches!(a.entry("b.xml", &budget), Err(Reading::Refused(t)) if t.en.contains("inflates")));
        assert_eq!(open(&bytes, "DOCX", &budget).unwrap().entry("missing.xml", &budget).unwrap(), None);
    }

    #[test]
    fn too_many_entries_are_refused_before_any_is_read() {
        let entries: Vec<(String, Vec<u8>)> = (0..20).map(|i| (format!("{i}.xml"), vec![])).collect();
        let refs: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
        let bytes = zip_of(&refs);
        let budget = Budget::new(crate::evidence::Limits { max_entries: 10, ..LIMITS });
        assert!(matches!(open(&bytes, "OFD", &budget), Err(Reading::Refused(t)) if t.en.contains("20 entries")));
    }
}
