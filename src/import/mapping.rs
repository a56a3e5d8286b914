//! The header mapping: which spreadsheet headers fill which service-item fields. It is data
//! (`mappings/implementation-list.yaml`, embedded in the binary), overridable with `--map FILE`.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::cells::text::fold;
use crate::error::{Error, Problem};
use crate::source::SourceFile;
use crate::yaml::Limits;

/// The mapping built into the binary.
pub const DEFAULT_MAPPING: &str = include_str!("../../mappings/implementation-list.yaml");

/// A service-item field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    /// What the service does (服务内容).
    Description,
    Code,
    Category,
    Type,
    ImplementingBody,
    /// The implementing body's unified social credit code (统一社会信用代码, Appendix C.4).
    ImplementingBodyUscc,
    Basis,
    Conditions,
    Materials,
    Process,
    Flowchart,
    Channels,
    /// A column saying whether (or where) the item is handled online (网上办理: 是/否 or an address).
    OnlineHandling,
    /// A column saying whether (or where) the item is handled at a window (窗口办理).
    WindowHandling,
    Location,
    /// A column giving the address and the phone together (地址和电话): the phone is a consultation contact.
    LocationAndContact,
    Hours,
    /// A time limit whose header does not say which (办结时限): figures need 法定/承诺/平均 in their wording.
    TimeLimit,
    TimeLimitStatutory,
    TimeLimitPromised,
    TimeLimitAverage,
    Fee,
    ProgressQuery,
    Result,
    Consultation,
    Supervision,
    Facilitation,
    QualityGuarantees,
    Forms,
    Review,
    LastReviewed,
}

/// A mapping file: for each field the headers that fill it, and headers to leave out quietly.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ipps-check import header mapping")]
pub struct Mapping {
    /// Field → the headers (and their variants) that name it. `name` is required.
    #[schemars(schema_with = "columns_schema")]
    pub columns: IndexMap<Field, Vec<String>>,
    /// Headers whose columns are not imported and not warned about (序号).
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// `columns` keys are field names: the schema says which, so editors complete and flag them.
fn columns_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let field = generator.subschema_for::<Field>();
    schemars::json_schema!({
        "type": "object",
        "propertyNames": field,
        "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}}
    })
}

/// What a header means under a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Field(Field),
    Ignored,
    Unknown,
}

impl Mapping {
    /// The embedded default mapping.
    pub fn embedded() -> Result<Mapping, Error> {
        Mapping::parse("<embedded mapping>", DEFAULT_MAPPING)
    }

    /// Reads and validates a mapping file's text; `name` labels its errors.
    pub fn parse(name: &str, text: &str) -> Result<Mapping, Error> {
        let source = SourceFile::new(name, text);
        let mapping: Mapping = crate::yaml::parse_typed(text, &Limits::default())
            .map_err(|e| Error::single(Problem::at_yaml(&source, e)))?;
        let mut problems = Vec::new();
        if mapping.columns.get(&Field::Name).is_none_or(Vec::is_empty) {
            problems.push(Problem::plain(name, "the mapping gives no header for `name` (事项名称); an item needs one"));
        }
        let mut seen: IndexMap<String, String> = IndexMap::new();
        let entries = mapping.columns.iter().flat_map(|(f, hs)| hs.iter().map(move |h| (format!("{f:?}"), h)));
        for (owner, header) in entries.chain(mapping.ignore.iter().map(|h| ("ignore".to_owned(), h))) {
            let key = normalize(header);
            if key.is_empty() {
                problems.push(Problem::plain(name, format!("{owner}: an empty header name")));
            } else if let Some(first) = seen.insert(key, owner.clone())
                && first != owner
            {
                problems
                    .push(Problem::plain(name, format!("header “{header}” is listed under both {first} and {owner}")));
            }
        }
        if problems.is_empty() { Ok(mapping) } else { Err(Error::many(problems)) }
    }

    /// What a header means: an exact (normalised) name first, else the longest name it contains.
    pub fn meaning(&self, header: &str) -> Meaning {
        let h = normalize(header);
        if h.is_empty() {
            return Meaning::Unknown;
        }
        if self.ignore.iter().any(|i| normalize(i) == h) {
            return Meaning::Ignored;
        }
        let mut best: Option<(usize, Field)> = None;
        for (field, names) in &self.columns {
            for n in names.iter().map(|n| normalize(n)) {
                if n == h {
                    return Meaning::Field(*field);
                }
                let len = n.chars().count();
                if len >= 2 && h.contains(&n) && best.is_none_or(|(l, _)| len > l) {
                    best = Some((len, *field));
                }
            }
        }
        best.map_or(Meaning::Unknown, |(_, f)| Meaning::Field(f))
    }
}

/// Headers compare without spaces, line breaks, quotes, brackets and list numbering, and case-blind.
pub fn normalize(header: &str) -> String {
    fold(header)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !"“”\"'‘’《》()（）【】[]「」:：*※、.,，_-".contains(*c))
        .collect::<String>()
        .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        .to_owned()
}

/// The JSON Schema of a mapping file.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Mapping)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_mapping_is_valid() {
        Mapping::embedded().expect("valid");
    }

    #[test]
    fn headers_and_their_variants() {
        let m = Mapping::embedded().expect("valid");
        let cases = [
            ("事项名称", Meaning::Field(Field::Name)),
            ("（一）受理条件", Meaning::Field(Field::Conditions)),
            ("法定办结时限", Meaning::Field(Field::TimeLimitStatutory)),
            ("承诺办结时限\n（工作日）", Meaning::Field(Field::TimeLimitPromised)),
            ("办结时限", Meaning::Field(Field::TimeLimit)),
            ("“好差评”情况", Meaning::Field(Field::Review)),
            ("收费标准及依据", Meaning::Field(Field::Fee)),
            ("结果名称", Meaning::Field(Field::Result)),
            // Issue 14: columns of a city's 实施清单 that matched nothing.
            ("网上办理", Meaning::Field(Field::OnlineHandling)),
            ("是否网上办理", Meaning::Field(Field::OnlineHandling)),
            ("窗口办理", Meaning::Field(Field::WindowHandling)),
            ("便民服务", Meaning::Field(Field::Facilitation)),
            // Section headings of the Shenzhen guide (S02) and the Zhongshan station's notice.
            ("办理途径", Meaning::Field(Field::Channels)),
            ("咨询途径", Meaning::Field(Field::Consultation)),
            ("申请人资格", Meaning::Field(Field::Conditions)),
            ("服务对象", Meaning::Field(Field::Conditions)),
            ("办理步骤", Meaning::Field(Field::Process)),
            ("咨询范围", Meaning::Field(Field::Description)),
            ("服务范围", Meaning::Field(Field::Name)),
            ("受理时间", Meaning::Field(Field::Hours)),
            ("地址和电话", Meaning::Field(Field::LocationAndContact)),
            ("Item Name", Meaning::Field(Field::Name)),
            ("序号", Meaning::Ignored),
            ("备注", Meaning::Unknown),
        ];
        for (header, want) in cases {
            assert_eq!(m.meaning(header), want, "{header}");
        }
    }

    #[test]
    fn a_header_under_two_fields_is_an_error() {
        let e = Mapping::parse("m.yaml", "columns:\n  name: [事项名称]\n  code: [事项名称]\n").expect_err("ambiguous");
        assert!(e.to_string().contains("both"), "{e}");
        let e = Mapping::parse("m.yaml", "columns:\n  nmae: [事项名称]\n").expect_err("unknown field");
        assert!(e.to_string().contains("m.yaml:2"), "{e}");
    }
}
