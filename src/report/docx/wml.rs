//! A small WordprocessingML writer for the Word reports: headings, paragraphs, fixed-width tables
//! on A4 portrait, a footer with page numbers, and the package around them. Chinese text is set in
//! the fonts Word on a Chinese system resolves (宋体 body, 黑体 headings) through the East-Asian
//! font attribute, with their English names (SimSun, SimHei) in the font table for other systems.
//! Every string goes through `escape::xml`, so input cannot add markup.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::report::escape::xml;
use crate::text::Lang;

/// A4 portrait in twentieths of a point, and its margins (2.54 cm top and bottom, 2.2 cm at the sides).
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN_TB: u32 = 1440;
const MARGIN_LR: u32 = 1247;
/// The width tables share out: the page less its side margins.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN_LR;

/// The body font (宋体, SimSun), the heading font (黑体, SimHei), and the Latin ones beside them.
const BODY_CJK: &str = "宋体";
const HEADING_CJK: &str = "黑体";
const BODY_LATIN: &str = "Times New Roman";
const HEADING_LATIN: &str = "Arial";

/// A run of text with its look.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    /// Half-points; `None` for the paragraph style's size.
    pub size: Option<u32>,
    /// `RRGGBB`.
    pub color: Option<String>,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run { text: text.into(), ..Run::default() }
    }

    pub fn bold(text: impl Into<String>) -> Run {
        Run { text: text.into(), bold: true, ..Run::default() }
    }
}

/// One table cell.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub runs: Vec<Run>,
    /// Background `RRGGBB`.
    pub fill: Option<String>,
    pub right: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { runs: vec![Run::plain(text)], ..Cell::default() }
    }

    pub fn bold(text: impl Into<String>) -> Cell {
        Cell { runs: vec![Run::bold(text)], ..Cell::default() }
    }

    pub fn number(text: impl Into<String>) -> Cell {
        Cell { runs: vec![Run::plain(text)], right: true, ..Cell::default() }
    }

    pub fn fill(mut self, rgb: String) -> Cell {
        self.fill = Some(rgb);
        self
    }
}

/// A table: column widths as shares of the text width, an optional header row repeated on every
/// page, and rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub shares: Vec<u32>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows this tall at least (twips): room for a signature.
    pub min_row_height: Option<u32>,
}

/// Document properties for docProps/core.xml.
pub struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    /// `YYYY-MM-DD`: the assessment date, so the same run gives the same bytes.
    pub date: &'a str,
}

/// A document being written.
pub struct Doc {
    body: String,
    lang: Lang,
}

impl Doc {
    pub fn new(lang: Lang) -> Doc {
        Doc { body: String::with_capacity(64 * 1024), lang }
    }

    /// A paragraph in a named style, made of runs.
    pub fn styled(&mut self, style: &str, runs: &[Run]) {
        self.body.push_str("<w:p><w:pPr><w:pStyle w:val=\"");
        self.body.push_str(style);
        self.body.push_str("\"/></w:pPr>");
        for r in runs {
            run(&mut self.body, r);
        }
        self.body.push_str("</w:p>");
    }

    pub fn title(&mut self, text: &str) {
        self.styled("Title", &[Run::plain(text)]);
    }

    pub fn subtitle(&mut self, text: &str) {
        self.styled("Subtitle", &[Run::plain(text)]);
    }

    /// A heading of level 1 or 2 (Word's 标题 1 / 标题 2, in the navigation pane).
    pub fn heading(&mut self, level: u8, text: &str) {
        self.styled(if level <= 1 { "Heading1" } else { "Heading2" }, &[Run::plain(text)]);
    }

    pub fn para(&mut self, runs: &[Run]) {
        self.styled("Normal", runs);
    }

    pub fn text(&mut self, text: &str) {
        self.para(&[Run::plain(text)]);
    }

    /// The line that opens an item (a gap): kept with what follows it.
    pub fn item_head(&mut self, runs: &[Run]) {
        self.styled("ItemHead", runs);
    }

    /// A quoted clause wording: indented, in a grey bar, kept with what follows it.
    pub fn quote(&mut self, text: &str) {
        self.styled("Quote", &[Run::plain(text)]);
    }

    pub fn page_break(&mut self) {
        self.body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    }

    /// A table that fits the text width: fixed layout, each column its share.
    pub fn table(&mut self, t: &Table) {
        let total: u32 = t.shares.iter().sum::<u32>().max(1);
        let widths: Vec<u32> = t.shares.iter().map(|s| TEXT_WIDTH * s / total).collect();
        let o = &mut self.body;
        o.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/>");
        o.push_str(&format!("<w:tblW w:w=\"{}\" w:type=\"dxa\"/>", widths.iter().sum::<u32>()));
        o.push_str("<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
        for w in &widths {
            o.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        o.push_str("</w:tblGrid>");
        if !t.header.is_empty() {
            o.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
            for (h, w) in t.header.iter().zip(&widths) {
                let cell = Cell { runs: vec![Run::bold(h.clone())], fill: Some("E7ECF2".into()), right: false };
                table_cell(o, &cell, *w);
            }
            o.push_str("</w:tr>");
        }
        for row in &t.rows {
            // A row is kept on one page (Word splits one taller than a page all the same).
            o.push_str("<w:tr><w:trPr><w:cantSplit/>");
            if let Some(h) = t.min_row_height {
                o.push_str(&format!("<w:trHeight w:val=\"{h}\"/>"));
            }
            o.push_str("</w:trPr>");
            for (c, w) in row.iter().zip(&widths) {
                table_cell(o, c, *w);
            }
            o.push_str("</w:tr>");
        }
        o.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, or it joins them.
        self.body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Gap\"/></w:pPr></w:p>");
    }

    /// The document part's XML.
    pub fn document_xml(&self) -> String {
        let mut o = String::with_capacity(self.body.len() + 1024);
        o.push_str(XML_HEAD);
        o.push_str("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
        o.push_str(&self.body);
        o.push_str(&format!(
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
             <w:pgMar w:top=\"{MARGIN_TB}\" w:right=\"{MARGIN_LR}\" w:bottom=\"{MARGIN_TB}\" w:left=\"{MARGIN_LR}\" w:header=\"851\" w:footer=\"680\" w:gutter=\"0\"/>\
             <w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"312\"/></w:sectPr></w:body></w:document>"
        ));
        o
    }

    /// The whole package: the document, its styles, fonts, settings, footer and properties.
    pub fn finish(self, meta: &Meta) -> Result<Vec<u8>, String> {
        let parts: [(&str, String); 10] = [
            ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
            ("_rels/.rels", ROOT_RELS.to_owned()),
            ("docProps/core.xml", core(meta)),
            ("docProps/app.xml", APP.to_owned()),
            ("word/document.xml", self.document_xml()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
            ("word/styles.xml", styles(self.lang)),
            ("word/fontTable.xml", FONT_TABLE.to_owned()),
            ("word/settings.xml", settings(self.lang)),
            ("word/footer1.xml", footer(self.lang)),
        ];
        package(&parts)
    }
}

/// Zips parts in the given order, deflated, with the zip format's fixed timestamp so the same
/// report gives the same bytes.
pub fn package(parts: &[(&str, String)]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(*name, options).map_err(|e| e.to_string())?;
        zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    zip.finish().map(|c| c.into_inner()).map_err(|e| e.to_string())
}

fn run(o: &mut String, r: &Run) {
    o.push_str("<w:r>");
    if r.bold || r.size.is_some() || r.color.is_some() {
        o.push_str("<w:rPr>");
        if r.bold {
            o.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = &r.color {
            o.push_str(&format!("<w:color w:val=\"{}\"/>", xml(c)));
        }
        if let Some(s) = r.size {
            o.push_str(&format!("<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>"));
        }
        o.push_str("</w:rPr>");
    }
    // Line breaks and tabs are elements of their own; everything else is escaped text.
    for (i, line) in r.text.split('\n').enumerate() {
        if i > 0 {
            o.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                o.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                o.push_str("<w:t xml:space=\"preserve\">");
                o.push_str(&xml(piece));
                o.push_str("</w:t>");
            }
        }
    }
    o.push_str("</w:r>");
}

fn table_cell(o: &mut String, c: &Cell, width: u32) {
    o.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"));
    if let Some(f) = &c.fill {
        o.push_str(&format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>", xml(f)));
    }
    o.push_str("</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>");
    if c.right {
        o.push_str("<w:jc w:val=\"right\"/>");
    }
    o.push_str("</w:pPr>");
    for r in &c.runs {
        run(o, r);
    }
    o.push_str("</w:p></w:tc>");
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/><Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>ipps-check</Application></Properties>";

/// 宋体 and 黑体 with their English names and the metrics Word uses to find a substitute.
const FONT_TABLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:panose1 w:val=\"02010600030101010101\"/><w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:panose1 w:val=\"02010609060101010101\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font><w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"Arial\"><w:panose1 w:val=\"020B0604020202020204\"/><w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>";

/// The language tag of the report's own text; East-Asian text is always tagged zh-CN.
fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-US",
    }
}

fn fonts(cjk: &str, latin: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{latin}\" w:eastAsia=\"{cjk}\" w:hAnsi=\"{latin}\" w:cs=\"{latin}\" w:hint=\"eastAsia\"/>"
    )
}

fn styles(lang: Lang) -> String {
    let body = fonts(BODY_CJK, BODY_LATIN);
    let heading = fonts(HEADING_CJK, HEADING_LATIN);
    let tag = lang_tag(lang);
    let heading_style = |id: &str, name: &str, size: u32, level: u8, before: u32| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
             <w:rPr>{heading}<w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>"
        )
    };
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:docDefaults><w:rPrDefault><w:rPr>{body}<w:kern w:val=\"2\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"{tag}\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"80\" w:line=\"312\" w:lineRule=\"auto\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"2400\" w:after=\"360\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{heading}<w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:after=\"720\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{heading}<w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/></w:rPr></w:style>\
         {}{}\
         <w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"6\" w:color=\"A0AEC0\"/></w:pBdr><w:ind w:left=\"240\"/></w:pPr><w:rPr><w:color w:val=\"374151\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ItemHead\"><w:name w:val=\"Item Heading\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Gap\"><w:name w:val=\"Table Gap\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"ReportTable\"><w:name w:val=\"Report Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"9CA3AF\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"9CA3AF\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"9CA3AF\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"9CA3AF\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"9CA3AF\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"9CA3AF\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>",
        heading_style("Heading1", "heading 1", 32, 0, 360),
        heading_style("Heading2", "heading 2", 26, 1, 240),
    )
}

fn settings(lang: Lang) -> String {
    format!(
        "{XML_HEAD}<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{}\" w:eastAsia=\"zh-CN\"/></w:settings>",
        lang_tag(lang)
    )
}

/// 第 N 页 共 M 页 / Page N of M, with PAGE and NUMPAGES fields.
fn footer(lang: Lang) -> String {
    let field = |instr: &str| {
        format!("<w:fldSimple w:instr=\" {instr} \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>")
    };
    let text = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let inner = match lang {
        Lang::Zh => format!("{}{}{}{}{}", text("第 "), field("PAGE"), text(" 页 共 "), field("NUMPAGES"), text(" 页")),
        Lang::En => format!("{}{}{}{}", text("Page "), field("PAGE"), text(" of "), field("NUMPAGES")),
    };
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{inner}</w:p></w:ftr>"
    )
}

fn core(meta: &Meta) -> String {
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>ipps-check {}</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">{}T00:00:00Z</dcterms:created></cp:coreProperties>",
        xml(meta.title),
        xml(meta.subject),
        env!("CARGO_PKG_VERSION"),
        xml(meta.date),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_cannot_add_markup_and_breaks_are_elements() {
        let mut d = Doc::new(Lang::Zh);
        d.text("a</w:t><w:b/>\nb\tc");
        let x = d.document_xml();
        assert!(x.contains("a&lt;/w:t&gt;&lt;w:b/&gt;</w:t><w:br/>"), "{x}");
        assert!(x.contains("<w:tab/>"));
        roxmltree::Document::parse(&x).expect("well-formed");
    }

    #[test]
    fn tables_fit_the_text_width() {
        let mut d = Doc::new(Lang::En);
        d.table(&Table { shares: vec![1, 2, 3], header: vec!["a".into(), "b".into(), "c".into()], ..Table::default() });
        let x = d.document_xml();
        let doc = roxmltree::Document::parse(&x).unwrap();
        let sum: u32 = doc
            .descendants()
            .filter(|n| n.has_tag_name("gridCol"))
            .filter_map(|n| n.attributes().next()?.value().parse::<u32>().ok())
            .sum();
        assert!(sum <= TEXT_WIDTH && sum + 3 >= TEXT_WIDTH, "{sum}");
    }
}
