//! Documents cited for clauses, judged: an evidence entry (in any section's `evidence` list) that
//! names clauses must be a document — a title that is a title, a date, a 文号 in full whose year
//! agrees with the date, or a web address — of a kind (given or inferred from the title), and one
//! 文号 stands for one document. It backs only the clauses whose rules accept its kind, and no
//! more than the pack's number of clauses and chapters. Its copy, when the evidence folder is
//! given, is opened (`copies`). docs/trust.md §3 tells the whole story.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use super::copies::{self, Expected, Opened};
use crate::assessment::{Citation, CitedDocument, CopyStatus};
use crate::evidence::Reading;
use crate::evidence::doc_no::{self, DocNo};
use crate::evidence::normalize::{normalize, title_chars, title_core};
use crate::pack::{Pack, Rule, RuleBasis};
use crate::text::Text;
use crate::yaml::SourceMap;

/// How citations are judged in a run.
pub struct Settings<'a> {
    pub pack: &'a Pack,
    pub evidence_dir: Option<&'a Path>,
    pub strict: bool,
}

/// Every citation of a platform, judged.
pub struct Judged {
    pub documents: Vec<CitedDocument>,
    /// Notes for the report's warnings: documents cited beyond the limits, kinds inferred.
    pub warnings: Vec<Text>,
}

impl Judged {
    /// The citation that backs a clause: the best-checked of those that back it.
    pub fn backing(&self, clause: &str) -> Option<&Citation> {
        self.documents
            .iter()
            .filter(|d| d.backs.iter().any(|c| c == clause))
            .map(|d| &d.citation)
            .min_by_key(|c| c.status)
    }

    /// Why each document that names a clause does not back it.
    pub fn why_not(&self, clause: &str) -> Vec<Text> {
        self.documents
            .iter()
            .filter_map(|d| d.not_backed.iter().find(|(c, _)| c == clause).map(|(_, why)| (d, why)))
            .map(|(d, why)| {
                let name = d.citation.shown();
                Text::new(format!("{name}：{}", why.zh), format!("{name}: {}", why.en))
            })
            .collect()
    }
}

/// One evidence entry that names clauses, on its way to being judged.
struct Draft {
    citation: Citation,
    clauses: Vec<String>,
    notes: Vec<Text>,
    refused: bool,
    doc_no: Option<DocNo>,
    /// Normalised title, and the title without its trailing remark.
    title: String,
    core: String,
}

impl Draft {
    fn refuse(&mut self, why: Text) {
        self.refused = true;
        self.notes.push(why);
    }

    /// What makes two entries one document: the number, else the title (with the address, since
    /// a site's front page is the address of many documents).
    fn identity(&self) -> String {
        match (&self.doc_no, &self.citation.url) {
            (Some(n), _) => n.canonical(),
            (None, Some(url)) => format!("{url} {}", self.core),
            (None, None) => self.core.clone(),
        }
    }
}

/// Judges every citation of a (cleaned) platform document.
pub fn judge(doc: &Value, map: &SourceMap, s: &Settings) -> Judged {
    let params = |name: &str| s.pack.manifest.params.get(name).and_then(|p| p.value.as_f64()).unwrap_or(0.0);
    let min_title = params("min_evidence_title_chars") as usize;
    let mut drafts = Vec::new();
    let mut numbered = Vec::new();
    for (pointer, entry) in entries(doc) {
        let text = |k: &str| entry.get(k).and_then(Value::as_str).map(str::to_owned);
        let mut clauses: Vec<String> = Vec::new();
        for c in entry.get("clauses").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !clauses.iter().any(|x| x == c) {
                clauses.push(c.to_owned());
            }
        }
        let title = text("title").unwrap_or_default();
        let normalised = normalize(&title);
        let core = title_core(&normalised, min_title).to_owned();
        let parsed = text("doc_no").map(|n| doc_no::parse(&n));
        if let Some(Ok(n)) = &parsed {
            numbered.push((pointer.clone(), n.canonical(), core.clone(), title.clone()));
        }
        if clauses.is_empty() {
            continue;
        }
        let mut d = Draft {
            citation: Citation {
                pointer,
                title,
                kind: None,
                kind_inferred: false,
                doc_no: text("doc_no"),
                url: text("url"),
                date: text("date"),
                file: text("file"),
                sha256: None,
                status: CopyStatus::NotChecked,
            },
            clauses,
            notes: Vec::new(),
            refused: false,
            doc_no: None,
            title: normalised,
            core,
        };
        judge_entry(&mut d, parsed, text("kind"), s.pack, min_title);
        drafts.push(d);
    }
    // The management policies the file lists carry 文号 too (`governance.policies[].ref`).
    let policies = doc.pointer("/governance/policies").and_then(Value::as_array).into_iter().flatten();
    for (i, p) in policies.enumerate() {
        let (Some(name), Some(Ok(n))) =
            (p.get("name").and_then(Value::as_str), p.get("ref").and_then(Value::as_str).map(doc_no::parse))
        else {
            continue;
        };
        let core = title_core(&normalize(name), min_title).to_owned();
        numbered.push((format!("/governance/policies/{i}"), n.canonical(), core, name.to_owned()));
    }
    one_number_one_document(&mut drafts, &numbered);
    judge_copies(&mut drafts, s, params("min_evidence_copy_bytes") as u64);
    let mut warnings = Vec::new();
    let inferred: Vec<&str> =
        drafts.iter().filter(|d| d.citation.kind_inferred).map(|d| d.citation.pointer.as_str()).collect();
    if !inferred.is_empty() {
        let at = inferred.join(", ");
        warnings.push(Text::new(
            format!("{} 条证据未写明 kind，已按标题推断文件种类（{at}）；请写明 kind", inferred.len()),
            format!(
                "{} evidence entries give no kind; it was inferred from the title ({at}); say it with `kind`",
                inferred.len()
            ),
        ));
    }
    let limits = (params("max_clauses_per_document") as usize, params("max_chapters_per_document") as usize);
    let documents = scope(drafts, s.pack, limits, &mut warnings)
        .into_iter()
        .map(|Scoped { draft: d, backs, not_backed }| CitedDocument {
            at: map.get(&d.citation.pointer).map(|span| span.value),
            kind_name: d.citation.kind.as_deref().map(|k| kind_name(s.pack, k)),
            citation: d.citation,
            notes: d.notes,
            backs,
            not_backed,
        })
        .collect();
    Judged { documents, warnings }
}

/// Every evidence entry of every section, with its pointer, in file order.
fn entries(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let Some(sections) = doc.as_object() else { return out };
    for (section, body) in sections {
        let list = body.get("evidence").and_then(Value::as_array).into_iter().flatten();
        for (i, e) in list.enumerate() {
            out.push((format!("/{}/evidence/{i}", crate::pointer::escape_token(section)), e));
        }
    }
    out
}

/// What an entry must be by itself: a title, a date, a complete 文号 of the date's year or an
/// address, and a kind.
fn judge_entry(
    d: &mut Draft,
    parsed: Option<Result<DocNo, Text>>,
    kind: Option<String>,
    pack: &Pack,
    min_title: usize,
) {
    if d.citation.title.trim().is_empty() {
        d.refuse(Text::new("没有标题（或标题是占位符）", "no title (or a placeholder for one)"));
    } else if title_chars(&d.citation.title) < min_title {
        let t = &d.citation.title;
        d.refuse(Text::new(
            format!("标题“{t}”不足 {min_title} 个字，不是文件标题"),
            format!("the title “{t}” has fewer than {min_title} characters: it names no document"),
        ));
    }
    let year = d.citation.date.as_deref().and_then(|s| s.get(..4)).and_then(|y| y.parse::<u16>().ok());
    if year.is_none() {
        d.refuse(Text::new("没有日期（或日期晚于评估日）", "no date (or a date after the assessment date)"));
    }
    match parsed {
        Some(Err(why)) => d.refuse(why),
        Some(Ok(n)) => {
            if let (Some(cited), Some(dated)) = (n.year(), year)
                && cited != dated
            {
                d.refuse(Text::new(
                    format!(
                        "文号 {} 是 {cited} 年的，而文件日期是 {}",
                        n.canonical(),
                        d.citation.date.as_deref().unwrap_or("")
                    ),
                    format!(
                        "the 文号 {} is of {cited}, but the document is dated {}",
                        n.canonical(),
                        d.citation.date.as_deref().unwrap_or("")
                    ),
                ));
            }
            d.doc_no = Some(n);
        }
        None if d.citation.url.is_none() => d.refuse(Text::new(
            "既无文号也无网址，无从查证",
            "neither a 文号 nor a web address: nothing to look it up by",
        )),
        None => {}
    }
    let named = title_kinds(&d.core, pack);
    match kind {
        Some(k) if !pack.manifest.citations.kinds.contains_key(&k) => {
            let known: Vec<&str> = pack.manifest.citations.kinds.keys().map(String::as_str).collect();
            let hint = crate::error::did_you_mean(&k, &known).unwrap_or_default();
            d.refuse(Text::new(
                format!("kind `{k}` 不是规则包的文件种类 {hint}"),
                format!("kind `{k}` is not a kind of the rule pack {hint}"),
            ));
        }
        Some(k) if !named.is_empty() && !named.iter().any(|(id, _, _)| *id == k) => {
            let title_says = kind_name(pack, named[0].0);
            let given = kind_name(pack, &k);
            d.refuse(Text::new(
                format!("标题表明是{}，与 kind（{}）不符", title_says.zh, given.zh),
                format!("the title names a {}, not a {} as `kind` says", title_says.en, given.en),
            ));
            d.citation.kind = Some(k);
        }
        Some(k) => d.citation.kind = Some(k),
        None => match infer(&named) {
            Some(k) => {
                d.citation.kind = Some(k.to_owned());
                d.citation.kind_inferred = true;
            }
            None => d.refuse(Text::new(
                "没有写明文件种类（kind），标题也看不出",
                "no kind, and the title does not say what kind of document it is",
            )),
        },
    }
}

/// The kinds a (normalised) title names: each with where its keyword ends and its length.
fn title_kinds<'p>(title: &str, pack: &'p Pack) -> Vec<(&'p str, usize, usize)> {
    let mut named = Vec::new();
    for (id, kind) in &pack.manifest.citations.kinds {
        let best = kind
            .keywords
            .iter()
            .map(|k| normalize(k))
            .filter_map(|k| title.rfind(&k).map(|at| (at + k.len(), k.chars().count())))
            .max();
        if let Some((end, len)) = best {
            named.push((id.as_str(), end, len));
        }
    }
    // The keyword that ends last, then the longest, then the pack's order.
    named.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    named
}

fn infer<'p>(named: &[(&'p str, usize, usize)]) -> Option<&'p str> {
    named.first().map(|(id, _, _)| *id)
}

fn kind_name(pack: &Pack, id: &str) -> Text {
    pack.manifest.citations.kinds.get(id).map(|k| k.name.clone()).unwrap_or_else(|| Text::same(id))
}

/// One 文号 stands for one document: citations whose number another evidence entry, or a listed
/// policy, gives to a document of another title are refused.
fn one_number_one_document(drafts: &mut [Draft], numbered: &[(String, String, String, String)]) {
    for d in drafts.iter_mut() {
        let Some(n) = d.doc_no.as_ref().map(DocNo::canonical) else { continue };
        let clash = numbered.iter().find(|(pointer, number, core, _)| {
            *number == n && *pointer != d.citation.pointer && !core.contains(&d.core) && !d.core.contains(core.as_str())
        });
        if let Some((pointer, _, _, title)) = clash {
            let title = crate::values::truncate(title, 60);
            d.refuse(Text::new(
                format!("文号 {n} 也被用于另一份文件《{title}》（{pointer}）：一个文号只对应一份文件"),
                format!(
                    "the 文号 {n} is also given to another document, 《{title}》 ({pointer}): one 文号, one document"
                ),
            ));
        }
    }
}

/// Opens the copies (with `--evidence-dir`), or says why there is none to open.
fn judge_copies(drafts: &mut [Draft], s: &Settings, min_bytes: u64) {
    let mut opened: HashMap<String, Opened> = HashMap::new();
    for d in drafts.iter_mut() {
        let (Some(dir), Some(file)) = (s.evidence_dir, d.citation.file.clone()) else {
            let status = if s.strict { CopyStatus::Missing } else { CopyStatus::NotChecked };
            d.citation.status = status;
            if s.strict {
                d.notes.push(match (s.evidence_dir, &d.citation.file) {
                    (None, _) => Text::new(
                        "--strict 须核对副本，但未给出 --evidence-dir",
                        "--strict needs the copies, and no --evidence-dir was given",
                    ),
                    _ => Text::new("没有副本（file）", "no copy named (`file`)"),
                });
            }
            continue;
        };
        let copy = opened.entry(file.clone()).or_insert_with(|| copies::open(dir, &file, min_bytes));
        match copy {
            Opened::Missing(why) => {
                d.citation.status = CopyStatus::Missing;
                d.notes.push(why.clone());
            }
            Opened::Refused(why) => d.refuse(why.clone()),
            Opened::Copy { sha256, reading } => {
                d.citation.sha256 = Some(sha256.clone());
                match reading {
                    Reading::Refused(why) => d.refuse(why.clone()),
                    Reading::NotRead(why) => {
                        d.citation.status = CopyStatus::PresentNotRead;
                        d.notes.push(why.clone());
                    }
                    Reading::Text(text) => {
                        let expected = Expected { doc_no: d.doc_no.as_ref(), title: &d.title, title_core: &d.core };
                        match copies::check(text, &expected) {
                            Ok(found) => {
                                d.citation.status = CopyStatus::ReadAndMatched;
                                d.notes.push(found);
                            }
                            Err(why) => d.refuse(why),
                        }
                    }
                }
            }
        }
    }
    // One copy, one document: a file cited for documents of different numbers or titles.
    let mut by_hash: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        if let Some(h) = &d.citation.sha256 {
            by_hash.entry(h.clone()).or_default().push(i);
        }
    }
    for group in by_hash.values() {
        let mut identities: Vec<String> = group.iter().map(|&i| drafts[i].identity()).collect();
        identities.sort();
        identities.dedup();
        if identities.len() < 2 {
            continue;
        }
        let names: Vec<String> = group.iter().map(|&i| drafts[i].citation.shown()).collect();
        let names = names.join("、");
        for &i in group {
            let file = drafts[i].citation.file.clone().unwrap_or_default();
            drafts[i].refuse(Text::new(
                format!("同一副本 {file} 被引作不同的文件：{names}"),
                format!("one copy, {file}, is cited as different documents: {names}"),
            ));
        }
    }
    for d in drafts.iter_mut().filter(|d| d.refused) {
        d.citation.status = CopyStatus::Refused;
    }
}

/// A citation with the clauses it backs and those it names without backing them.
struct Scoped {
    draft: Draft,
    backs: Vec<String>,
    not_backed: Vec<(String, Text)>,
}

/// Which clauses each citation backs: those whose rules accept its kind, within the pack's
/// numbers of clauses and chapters per document (counted over every entry of the same document,
/// in the order the file names them).
fn scope(
    drafts: Vec<Draft>,
    pack: &Pack,
    (max_clauses, max_chapters): (usize, usize),
    warnings: &mut Vec<Text>,
) -> Vec<Scoped> {
    let rules: HashMap<&str, &Rule> = pack.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    // Per document: its clauses and chapters in order of first mention.
    let mut documents: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for d in drafts.iter().filter(|d| d.citation.status.can_back()) {
        let (clauses, chapters) = documents.entry(d.identity()).or_default();
        for c in &d.clauses {
            if !clauses.contains(c) {
                clauses.push(c.clone());
            }
            if let Some(ch) = rules.get(c.as_str()).map(|r| &r.chapter)
                && !chapters.contains(ch)
            {
                chapters.push(ch.clone());
            }
        }
    }
    for (identity, (clauses, chapters)) in &documents {
        if clauses.len() > max_clauses || chapters.len() > max_chapters {
            let d = drafts.iter().find(|d| d.identity() == *identity).map(|d| d.citation.shown()).unwrap_or_default();
            warnings.push(Text::new(
                format!(
                    "{d} 被引用于 {} 个条款、{} 个章节；一份文件至多支撑 {max_clauses} 个条款、{max_chapters} 个章节，超出部分不予采信",
                    clauses.len(),
                    chapters.len()
                ),
                format!(
                    "{d} is cited for {} clauses in {} chapters; a document backs at most {max_clauses} clauses in {max_chapters} chapters, and the rest back nothing",
                    clauses.len(),
                    chapters.len()
                ),
            ));
        }
    }
    drafts
        .into_iter()
        .map(|d| {
            let mut backs = Vec::new();
            let mut not_backed = Vec::new();
            let status_note = if d.notes.is_empty() {
                d.citation.status.label()
            } else {
                let zh: Vec<&str> = d.notes.iter().map(|n| n.zh.as_str()).collect();
                let en: Vec<&str> = d.notes.iter().map(|n| n.en.as_str()).collect();
                Text::new(zh.join("；"), en.join("; "))
            };
            let (clauses_of_doc, chapters_of_doc) = documents.get(&d.identity()).cloned().unwrap_or_default();
            for c in &d.clauses {
                let why = if !d.citation.status.can_back() {
                    Some(Text::new(
                        format!("{}（{}）", d.citation.status.label().zh, status_note.zh),
                        format!("{} ({})", d.citation.status.label().en, status_note.en),
                    ))
                } else {
                    match rules.get(c.as_str()) {
                        None => Some(Text::new(format!("规则包中没有条款 {c}"), format!("the pack has no clause {c}"))),
                        Some(rule) => {
                            clause_scope(&d, rule, pack, &clauses_of_doc, &chapters_of_doc, (max_clauses, max_chapters))
                        }
                    }
                };
                match why {
                    None => backs.push(c.clone()),
                    Some(why) => not_backed.push((c.clone(), why)),
                }
            }
            Scoped { draft: d, backs, not_backed }
        })
        .collect()
}

/// Why an accepted citation does not back one clause it names; `None` when it does.
fn clause_scope(
    d: &Draft,
    rule: &Rule,
    pack: &Pack,
    clauses: &[String],
    chapters: &[String],
    (max_clauses, max_chapters): (usize, usize),
) -> Option<Text> {
    let id = &rule.id;
    let Some(backed_by) = rule.backed_by.as_ref().filter(|_| rule.basis == RuleBasis::Declaration) else {
        return Some(Text::new(
            format!("{id} 以数据核查，引证不起作用"),
            format!("{id} is checked on data; a citation backs only declarations"),
        ));
    };
    let kind = d.citation.kind.as_deref().unwrap_or_default();
    if !backed_by.kinds.iter().any(|k| k == kind) {
        let takes: Vec<Text> = backed_by.kinds.iter().map(|k| kind_name(pack, k)).collect();
        let zh: Vec<&str> = takes.iter().map(|t| t.zh.as_str()).collect();
        let en: Vec<&str> = takes.iter().map(|t| t.en.as_str()).collect();
        let name = kind_name(pack, kind);
        return Some(Text::new(
            format!("{}不能支撑 {id}（{}）；该条接受：{}", name.zh, rule.title.zh, zh.join("、")),
            format!("a {} cannot back {id} ({}); it takes: {}", name.en, rule.title.en, en.join(", ")),
        ));
    }
    let position = clauses.iter().position(|c| c == id).unwrap_or(usize::MAX);
    let chapter = chapters.iter().position(|c| *c == rule.chapter).unwrap_or(usize::MAX);
    if position >= max_clauses || chapter >= max_chapters {
        return Some(Text::new(
            format!("超出一份文件可支撑的上限（{max_clauses} 个条款、{max_chapters} 个章节）"),
            format!("beyond what one document backs ({max_clauses} clauses in {max_chapters} chapters)"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn judged(doc: Value, strict: bool, dir: Option<&Path>) -> Judged {
        let pack = Pack::embedded().unwrap();
        let s = Settings { pack: &pack, evidence_dir: dir, strict };
        judge(&doc, &SourceMap::default(), &s)
    }

    fn entry(title: &str, doc_no: &str, date: &str, kind: Option<&str>, clauses: &[&str]) -> Value {
        let mut e = json!({"title": title, "doc_no": doc_no, "date": date, "clauses": clauses});
        if let Some(k) = kind {
            e["kind"] = json!(k);
        }
        e
    }

    fn one(e: Value) -> CitedDocument {
        judged(json!({"mechanisms": {"evidence": [e]}}), false, None).documents.remove(0)
    }

    #[test]
    fn a_policy_backs_policy_clauses_and_not_credit_or_facilities() {
        let d = one(entry(
            "服务管理制度汇编",
            "杭知保〔2024〕3号",
            "2024-03-01",
            Some("policy"),
            &["8.2.1", "6.1.6", "6.4.6"],
        ));
        assert_eq!(d.citation.status, CopyStatus::NotChecked);
        assert_eq!(d.backs, ["8.2.1"]);
        let why: Vec<&str> = d.not_backed.iter().map(|(_, t)| t.en.as_str()).collect();
        assert!(why[0].contains("a policy cannot back 6.1.6") && why[0].contains("credit report"), "{why:?}");
        assert!(why[1].contains("cannot back 6.4.6"), "{why:?}");
    }

    #[test]
    fn a_kind_left_out_is_inferred_from_the_title_and_said() {
        let j = judged(
            json!({"operator": {"evidence": [
                {"title": "杭州市知识产权保护中心公共信用信息查询报告", "url": "https://www.creditchina.gov.cn/", "date": "2026-10-09", "clauses": ["6.1.6"]},
                {"title": "服务大厅无障碍设施、标识及评价器配置验收记录", "doc_no": "杭知保-XZ-2024-07", "date": "2024-07-12", "clauses": ["6.4.6"]},
                {"title": "平台运行维护管理制度（备份、内容审核、设施维护日志）", "doc_no": "杭知保〔2023〕12号", "date": "2023-09-01", "clauses": ["6.5.10"]},
                {"title": "杭州市知识产权公共服务平台项目竣工验收报告（统一身份认证）", "doc_no": "杭知保〔2024〕11号", "date": "2024-06-28", "clauses": ["6.2.5"]},
                {"title": "某某情况说明", "doc_no": "杭知保〔2024〕12号", "date": "2024-06-28", "clauses": ["6.2.6"]}
            ]}}),
            false,
            None,
        );
        let kinds: Vec<Option<&str>> = j.documents.iter().map(|d| d.citation.kind.as_deref()).collect();
        assert_eq!(
            kinds,
            [Some("credit_report"), Some("inspection_record"), Some("policy"), Some("inspection_record"), None]
        );
        assert!(j.documents[..4].iter().all(|d| d.citation.kind_inferred && d.backs.len() == 1));
        assert_eq!(j.documents[4].citation.status, CopyStatus::Refused);
        assert!(j.warnings.iter().any(|w| w.en.contains("4 evidence entries give no kind")), "{:?}", j.warnings);
    }

    #[test]
    fn a_kind_the_title_contradicts_is_refused() {
        let d =
            one(entry("服务管理制度汇编", "杭知保〔2024〕3号", "2024-03-01", Some("inspection_record"), &["6.4.6"]));
        assert_eq!(d.citation.status, CopyStatus::Refused);
        assert!(d.notes[0].en.contains("the title names a policy"), "{:?}", d.notes);
        let d = one(entry("服务管理制度汇编", "杭知保〔2024〕3号", "2024-03-01", Some("rules"), &["8.2.1"]));
        assert!(d.notes[0].en.contains("not a kind of the rule pack"), "{:?}", d.notes);
    }

    #[test]
    fn numbers_titles_and_dates_must_make_a_document() {
        for (title, doc_no, date, why) in [
            ("服务管理制度汇编", "杭知保〔2024〕号", "2024-03-01", "no serial number"),
            ("服务管理制度汇编", "杭知保〔2024〕3号", "2019-03-01", "is of 2024, but the document is dated 2019-03-01"),
            ("制度", "杭知保〔2024〕3号", "2024-03-01", "fewer than 4 characters"),
        ] {
            let d = one(entry(title, doc_no, date, Some("policy"), &["8.2.1"]));
            assert_eq!(d.citation.status, CopyStatus::Refused, "{title} {doc_no} {date}");
            assert!(d.notes.iter().any(|n| n.en.contains(why)), "{why}: {:?}", d.notes);
            assert!(d.backs.is_empty());
        }
    }

    #[test]
    fn one_number_stands_for_one_document() {
        let j = judged(
            json!({"mechanisms": {"evidence": [
                entry("首问负责制度", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &["8.2.1"]),
                entry("一次性告知制度", "杭知保[2024]3号", "2024-03-01", Some("policy"), &["8.2.2"]),
                entry("首问负责制度（2024年修订）", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &["8.2.3"])
            ]}}),
            false,
            None,
        );
        let statuses: Vec<CopyStatus> = j.documents.iter().map(|d| d.citation.status).collect();
        assert_eq!(statuses, [CopyStatus::Refused; 3]);
        assert!(j.documents[0].notes[0].en.contains("one 文号, one document"), "{:?}", j.documents[0].notes);
    }

    #[test]
    fn a_document_backs_a_bounded_number_of_clauses_and_chapters() {
        let clauses = [
            "8.2.1", "8.2.2", "8.2.3", "8.2.5", "8.2.6", "8.2.7", "8.2.8", "8.2.11", "6.3.8", "6.5.10", "9.1.1",
            "8.4.9", "8.4.8",
        ];
        let d = one(entry("服务管理制度汇编", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &clauses));
        // 8.2, 6.3 and 6.5 are the first three chapters it names: 9.1 and 8.4 are beyond.
        assert_eq!(
            d.backs,
            ["8.2.1", "8.2.2", "8.2.3", "8.2.5", "8.2.6", "8.2.7", "8.2.8", "8.2.11", "6.3.8", "6.5.10"]
        );
        let beyond: Vec<&str> = d.not_backed.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(beyond, ["9.1.1", "8.4.9", "8.4.8"]);
        assert!(d.not_backed.iter().all(|(_, t)| t.en.contains("beyond what one document backs")));
    }

    #[test]
    fn under_strict_a_citation_needs_its_copy() {
        let j = judged(
            json!({"mechanisms": {"evidence": [entry("首问负责制度", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &["8.2.1"])]}}),
            true,
            None,
        );
        let d = &j.documents[0];
        assert_eq!(d.citation.status, CopyStatus::Missing);
        assert!(d.backs.is_empty() && d.notes[0].en.contains("--evidence-dir"), "{:?}", d.notes);
        assert!(j.why_not("8.2.1")[0].en.contains("missing"), "{:?}", j.why_not("8.2.1"));
    }

    #[test]
    fn copies_are_read_matched_shared_or_refused() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence");
        let file = |mut e: Value, f: &str| {
            e["file"] = json!(f);
            e
        };
        let j = judged(
            json!({"mechanisms": {"evidence": [
                file(entry("服务管理制度汇编（首问负责）", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &["8.2.1"]), "policy-2024-3.pdf"),
                file(entry("平台运行维护管理制度", "杭知保〔2023〕12号", "2023-09-01", Some("policy"), &["6.5.10"]), "notice-2023-12.txt"),
                file(entry("导向标识现场照片", "杭知保-ZP-2026-01", "2026-01-06", Some("photo"), &["6.4.10"]), "hall-signage.jpg"),
                file(entry("一次性告知制度", "杭知保〔2024〕5号", "2024-03-01", Some("policy"), &["8.2.2"]), "policy-2024-3.docx"),
                file(entry("限时办结制度", "杭知保〔2024〕8号", "2024-03-01", Some("policy"), &["8.2.3"]), "missing.pdf")
            ]}}),
            true,
            Some(&dir),
        );
        let statuses: Vec<CopyStatus> = j.documents.iter().map(|d| d.citation.status).collect();
        assert_eq!(
            statuses,
            [
                CopyStatus::ReadAndMatched,
                CopyStatus::ReadAndMatched,
                CopyStatus::PresentNotRead,
                CopyStatus::Refused,
                CopyStatus::Missing
            ]
        );
        assert!(
            j.documents[3].notes[0].en.contains("names 杭知保〔2024〕3号, not the cited 杭知保〔2024〕5号"),
            "{:?}",
            j.documents[3].notes
        );
        assert_eq!(j.backing("8.2.1").map(|c| c.status), Some(CopyStatus::ReadAndMatched));
        assert!(j.documents[0].citation.sha256.is_some());
        // The same copy cited for two documents backs neither.
        let j = judged(
            json!({"mechanisms": {"evidence": [
                file(entry("服务管理制度汇编", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &["8.2.1"]), "policy-2024-3.pdf"),
                file(entry("服务管理制度汇编", "杭知保〔2024〕3号", "2024-03-01", Some("policy"), &["8.2.2"]), "policy-2024-3.pdf"),
                file(entry("一次性告知制度", "杭知保〔2024〕5号", "2024-03-01", Some("policy"), &["8.2.3"]), "policy-2024-3.pdf")
            ]}}),
            false,
            Some(&dir),
        );
        assert!(j.documents.iter().all(|d| d.citation.status == CopyStatus::Refused));
        assert!(
            j.documents[0].notes.iter().any(|n| n.en.contains("is cited as different documents")),
            "{:?}",
            j.documents[0].notes
        );
    }
}
