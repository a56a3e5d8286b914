//! Workbooks assembled from their XML parts, for the fuzz targets, their corpus replay and the
//! hostile-input tests: a mutation of a whole `.xlsx` breaks the zip's checksums and never reaches
//! the spreadsheet reader, while a mutation of a part does. Also how a test makes a workbook no
//! spreadsheet program would write (an empty sheet with a merged range, a sheet named with ESC).

use std::io::{Cursor, Write};

/// One sheet of an `.xlsx`: its name, whether the workbook hides it, and its worksheet XML.
pub struct XlsxSheet {
    pub name: String,
    pub hidden: bool,
    pub xml: String,
}

const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An `.xlsx` of these sheets and, when given, this shared-string table (`xl/sharedStrings.xml`).
pub fn xlsx(sheets: &[XlsxSheet], shared_strings: Option<&[u8]>) -> Vec<u8> {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    );
    let mut list = String::new();
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        let state = if s.hidden { " state=\"hidden\"" } else { "" };
        list.push_str(&format!("<sheet name=\"{}\" sheetId=\"{n}\"{state} r:id=\"rId{n}\"/>", escape(&s.name)));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"{RELS}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
    }
    if shared_strings.is_some() {
        types.push_str("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        rels.push_str(&format!(
            "<Relationship Id=\"rId{}\" Type=\"{RELS}/sharedStrings\" Target=\"sharedStrings.xml\"/>",
            sheets.len() + 1
        ));
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"{RELS}\"><sheets>{list}</sheets></workbook>"
    );
    let root = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{RELS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), types.into_bytes()),
        ("_rels/.rels".into(), root.into_bytes()),
        ("xl/workbook.xml".into(), workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()),
    ];
    for (i, s) in sheets.iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), s.xml.clone().into_bytes()));
    }
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml".into(), strings.to_vec()));
    }
    zip_of(&parts)
}

/// Worksheet XML around `<sheetData>` rows (and anything after them, such as `<mergeCells>`).
pub fn worksheet(rows_and_more: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{rows_and_more}</worksheet>"
    )
}

/// An `.ods` holding this `content.xml`.
pub fn ods(content: &[u8]) -> Vec<u8> {
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    zip_of(&[
        ("mimetype".into(), b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ("META-INF/manifest.xml".into(), manifest.as_bytes().to_vec()),
        ("content.xml".into(), content.to_vec()),
    ])
}

/// `content.xml` of an `.ods` around the given `<table:table>` elements.
pub fn ods_content(tables: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
         office:version=\"1.2\"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
}

/// A fuzz input as an `.xlsx`: the bytes up to the first NUL are the worksheet, the rest (if
/// any) the shared-string table.
pub fn xlsx_from_fuzz(data: &[u8]) -> Vec<u8> {
    let mut halves = data.splitn(2, |b| *b == 0);
    let sheet = String::from_utf8_lossy(halves.next().unwrap_or_default()).into_owned();
    let strings = halves.next();
    xlsx(&[XlsxSheet { name: "Sheet1".into(), hidden: false, xml: sheet }], strings)
}

/// What every import fuzz target does with a workbook: import it, and when that succeeds write the
/// YAML. An import may fail (exit 2); writing what was imported may not: a writer that produces
/// YAML that does not read back, or that a YAML 1.1 reader would see differently, panics here so
/// that the fuzzer reports it.
pub fn import_and_emit(ext: &str, bytes: Vec<u8>) {
    static MAPPING: std::sync::OnceLock<Option<crate::import::Mapping>> = std::sync::OnceLock::new();
    let Some(mapping) = MAPPING.get_or_init(|| crate::import::Mapping::embedded().ok()) else { return };
    let limits = crate::import::Limits { max_rows: 2_000, ..crate::import::Limits::default() };
    let label = format!("fuzz.{ext}");
    let imported = match crate::import::import_bytes(&label, ext, bytes, None, mapping, &limits) {
        Ok(imported) => imported,
        // The user gets exit 2 for a panic of the reader; the fuzzer reports it as the bug it is.
        Err(e) if e.to_string().contains(crate::import::sheet::READER_FAILED) => panic!("{e}"),
        Err(_) => return,
    };
    match crate::import::emit::standalone(&imported.items, &label) {
        Ok(text) => {
            if let Err(e) = crate::yaml_write::same_for_every_reader(&text) {
                panic!("the YAML written differs for YAML 1.1 readers: {e}");
            }
        }
        Err(e) => panic!("imported items could not be written: {e}"),
    }
}

fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        // Writing to memory cannot fail but for a part over 4 GiB, which no caller makes.
        let _ = z.start_file(name.as_str(), stored).and_then(|()| z.write_all(bytes).map_err(Into::into));
    }
    let _ = z.finish();
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Limits, Mapping, import_bytes};

    const ROWS: &str = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>事项名称</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>收费标准</t></is></c></row>\
        <row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>不收费</t></is></c></row></sheetData>";

    #[test]
    fn assembled_workbooks_are_read() {
        let mapping = Mapping::embedded().unwrap();
        let strings = b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>\xe5\x95\x86\xe6\xa0\x87\xe5\x8f\x98\xe6\x9b\xb4</t></si></sst>";
        let book = xlsx(&[XlsxSheet { name: "清单".into(), hidden: false, xml: worksheet(ROWS) }], Some(strings));
        let got = import_bytes("t.xlsx", "xlsx", book, None, &mapping, &Limits::default()).unwrap();
        assert_eq!(got.items[0].item.name, "商标变更");
        assert_eq!(got.sheet.as_deref(), Some("清单"));
        let table = "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>事项名称</text:p></table:table-cell>\
            <table:table-cell office:value-type=\"string\"><text:p>收费标准</text:p></table:table-cell></table:table-row>\
            <table:table-row><table:table-cell office:value-type=\"string\"><text:p>专利检索</text:p></table:table-cell>\
            <table:table-cell office:value-type=\"string\"><text:p>免费</text:p></table:table-cell></table:table-row></table:table>";
        let got = import_bytes("t.ods", "ods", ods(ods_content(table).as_bytes()), None, &mapping, &Limits::default())
            .unwrap();
        assert_eq!(got.items[0].item.name, "专利检索");
    }
}
