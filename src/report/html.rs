//! One self-contained, offline HTML file: a header with verdict, score and grade, a per-chapter SVG
//! chart, and every finding (filterable by chapter, level and status) with its wording, expected vs
//! found, YAML location, snippet and evidence fields. A batch starts with a table of all platforms
//! linking to their sections.
//!
//! Every string from the input goes through `escape::xml`; the markup is also well-formed XML so a
//! test can parse it strictly and prove it. A Content-Security-Policy that allows only the page's
//! own style and script (by hash) and no network keeps the file offline even when opened from a web
//! server, and would stop an injected script if escaping were ever missed.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::assessment::{Assessment, ClauseResult, Status};
use crate::platform::field;
use crate::report::escape::xml as e;
use crate::report::json::message;
use crate::report::labels::{self, t};
use crate::report::svg;
use crate::report::{Context, Reporter, Summary};

mod lazy;

use crate::text::Lang;
use lazy::committee;

const CSS: &str = include_str!("html.css");
const SCRIPT: &str = include_str!("html.js");

/// The statuses listed as findings: the gaps, and waived clauses so accepted exceptions stay visible.
const LISTED: [Status; 4] = [Status::Fail, Status::Partial, Status::Error, Status::Waived];

/// The HTML report. A single platform is rendered in full; a batch starts with the committee's
/// view (ranking, heat map, chapter spread, clauses most often failed) and gives each platform a
/// short section whose findings the page's script draws from a data block when asked, so a page
/// of a thousand platforms holds a thousand small sections rather than a thousand full reports.
pub struct Html;

impl Reporter for Html {
    fn head_needs_rows(&self) -> bool {
        true
    }

    fn head(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        let lang = cx.lang;
        let title = match s.rows {
            [r] if !cx.batch => format!("{} — ipps-check", r.platform),
            rows => format!("ipps-check — {} {}", rows.len(), t(lang, "个平台", "platforms")),
        };
        let mut o = String::with_capacity(16 * 1024 + 1024 * s.rows.len());
        let _ = write!(
            o,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{}\"/>\n\
<meta name=\"generator\" content=\"ipps-check {}\"/>\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
            html_lang(lang),
            csp(),
            env!("CARGO_PKG_VERSION"),
            e(&title),
            style(),
        );
        header(&mut o, s, lang);
        filters(&mut o, cx, s);
        if cx.batch {
            lazy::catalog(&mut o, s, lang);
            committee(&mut o, cx, s, w);
        }
        w(&o);
    }

    fn section(&self, cx: &Context, index: usize, a: &Assessment) -> String {
        let mut o = String::new();
        if cx.batch {
            lazy::platform(&mut o, index + 1, a, cx);
        } else {
            platform(&mut o, index + 1, a, cx);
        }
        o
    }

    fn tail(&self, cx: &Context, s: &Summary, w: &mut dyn FnMut(&str)) {
        w(&format!(
            "<footer><p>{}</p></footer>\n<script>{}</script>\n</body>\n</html>\n",
            e(s.catalog.formula.get(cx.lang)),
            script()
        ));
    }
}

// The style and script are wrapped so the page stays well-formed XML; the CSP hashes cover the
// exact text between the tags.
fn style() -> String {
    format!("\n{CSS}")
}

fn script() -> String {
    format!("//<![CDATA[\n{SCRIPT}//]]>\n")
}

fn csp() -> String {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; form-action 'none'; base-uri 'none'",
        base64(&Sha256::digest(style().as_bytes())),
        base64(&Sha256::digest(script().as_bytes())),
    )
}

fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// Standard base64 with padding, for the CSP hashes.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn header(o: &mut String, s: &Summary, lang: Lang) {
    let _ = write!(
        o,
        "<header class=\"top\"><div class=\"brand\">ipps-check <span>{}</span></div>",
        env!("CARGO_PKG_VERSION")
    );
    let pack = &s.catalog.pack;
    let _ = write!(
        o,
        "<div class=\"pack\">{} <span class=\"muted\">({})</span><br/>{}: {} v{} <code>{}</code> · {}: {}</div>",
        match lang {
            Lang::Zh => e(&pack.title.zh).into_owned(),
            Lang::En => format!("{} · <span lang=\"zh-CN\">{}</span>", e(&pack.title.en), e(&pack.title.zh)),
        },
        e(&pack.edition),
        t(lang, "规则包", "rule pack"),
        e(&pack.id),
        e(&pack.version),
        e(&pack.content_hash),
        t(lang, "评估日期", "assessed as of"),
        e(&crate::report::labels::as_of(&s.catalog.as_of, &s.catalog.as_of_zone, s.catalog.as_of_given, lang)),
    );
    o.push_str("</header>\n");
}

fn option(o: &mut String, value: &str, label: &str) {
    let _ = write!(o, "<option value=\"{}\">{}</option>", e(value), e(label));
}

/// The filter bar; hidden until the script shows it, so a reader without script sees no dead controls.
fn filters(o: &mut String, r: &Context, s: &Summary) {
    let lang = r.lang;
    let all = t(lang, "全部", "all");
    o.push_str("<form id=\"filters\" class=\"filters\" hidden=\"hidden\">");
    if r.batch {
        let _ = write!(o, "<label>{} <select name=\"verdict\">", t(lang, "结论", "verdict"));
        option(o, "", all);
        for v in [
            crate::assessment::Verdict::Conformant,
            crate::assessment::Verdict::LargelyConformant,
            crate::assessment::Verdict::NonConformant,
        ] {
            option(o, labels::verdict_key(v), v.label().get(lang));
        }
        o.push_str("</select></label>");
    }
    let _ = write!(o, "<label>{} <select name=\"chapter\">", t(lang, "章节", "chapter"));
    option(o, "", all);
    for c in &s.catalog.chapters {
        option(o, &c.id, &format!("{} {}", c.id, c.title.get(lang)));
    }
    let _ = write!(o, "</select></label><label>{} <select name=\"level\">", t(lang, "级别", "level"));
    option(o, "", all);
    for l in [
        crate::pack::Level::应,
        crate::pack::Level::不应,
        crate::pack::Level::宜,
        crate::pack::Level::不宜,
        crate::pack::Level::可,
    ] {
        option(o, labels::level_key(l), &labels::level(l, lang));
    }
    let _ = write!(o, "</select></label><label>{} <select name=\"status\">", t(lang, "状态", "status"));
    option(o, "", all);
    for s in LISTED {
        option(o, labels::status_key(s), s.label().get(lang));
    }
    let _ = writeln!(
        o,
        "</select></label><label>{} <input type=\"search\" name=\"q\" placeholder=\"{}\"/></label>\
<button type=\"button\" data-open=\"1\">{}</button><button type=\"button\" data-open=\"0\">{}</button>\
<span class=\"shown\" id=\"shown\"></span></form>",
        t(lang, "搜索", "search"),
        t(lang, "条款、字段、文字", "clause, field, text"),
        t(lang, "全部展开", "expand all"),
        t(lang, "全部收起", "collapse all"),
    );
}

/// The platform's heading, cards and facts, shared by the full and the batch sections.
fn facts(o: &mut String, n: usize, a: &Assessment, r: &Context) {
    let lang = r.lang;
    let reasons = r.gate.reasons_in(a, lang);
    let v = labels::verdict_key(a.verdict);
    let _ = write!(
        o,
        "<section class=\"platform\" id=\"p{n}\" data-verdict=\"{v}\"><h2>{} <span class=\"file\">{}</span>{}</h2>\
<div class=\"cards\"><div class=\"card {v}\"><span class=\"k\">{}</span><span class=\"v\">{}</span></div>\
<div class=\"card\"><span class=\"k\">{}</span><span class=\"v\">{:.2}</span></div>\
<div class=\"card\"><span class=\"k\">{}</span><span class=\"v\">{}</span></div>\
<div class=\"card gate {}\"><span class=\"k\">{}</span><span class=\"v\">{}</span></div></div>",
        e(&a.platform),
        e(&a.source.name),
        // In a batch, a way back to the table of all platforms.
        if r.batch {
            format!(" <a class=\"up\" href=\"#summary\">↑ {}</a>", t(lang, "汇总", "summary"))
        } else {
            String::new()
        },
        t(lang, "结论", "verdict"),
        e(a.verdict.label().get(lang)),
        t(lang, "总分", "score"),
        a.score,
        t(lang, "等级", "grade"),
        e(a.grade.get(lang)),
        if reasons.is_empty() { "ok" } else { "no" },
        t(lang, "门禁", "gate"),
        labels::gate(reasons.is_empty(), lang),
    );
    o.push_str("<ul class=\"facts\">");
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|s| {
            format!(
                "<span class=\"st {}\">{} {}</span>",
                labels::status_key(*s),
                e(s.label().get(lang)),
                a.counts.get(*s)
            )
        })
        .collect();
    let _ = write!(o, "<li>{} {}: {}</li>", a.counts.total(), t(lang, "条款", "clauses"), counts.join(" "));
    let _ = write!(
        o,
        "<li>{}: {} {}, {} {}</li>",
        t(lang, "应/不应条款", "shall clauses"),
        a.shall_applicable,
        t(lang, "适用", "applicable"),
        a.shall_not_passed,
        t(lang, "未满足", "not met"),
    );
    let _ = write!(o, "<li>{}</li>", e(&labels::basis_line(&a.basis_counts, lang)));
    if !a.veto_failed.is_empty() {
        let _ = write!(
            o,
            "<li class=\"bad\">{}: {}</li>",
            t(lang, "否决项未满足", "veto items not met"),
            e(&a.veto_failed.join(", "))
        );
    }
    if !reasons.is_empty() {
        let _ = write!(o, "<li>{}: {}</li>", t(lang, "门禁未通过", "gate failed"), e(&reasons.join("; ")));
    }
    for w in &a.warnings {
        let _ = write!(o, "<li class=\"warn\">{}: {}</li>", t(lang, "警告", "warning"), e(w.get(lang)));
    }
    let _ = write!(o, "<li class=\"muted\">{}: {}</li></ul>", t(lang, "文件哈希", "file hash"), e(&a.sha256));
    trust(o, a, lang);
}

/// What the verdict rests on, near the top: not-applicable declarations (an accepted one takes a
/// clause out of the score), unverified 应 clauses and values taken out as meaningless.
fn trust(o: &mut String, a: &Assessment, lang: Lang) {
    if !a.declarations.is_empty() {
        let _ = write!(
            o,
            "<h3>{} ({})</h3><ul class=\"decl\">",
            t(lang, "不适用声明", "Not-applicable declarations"),
            a.declarations.len()
        );
        for d in &a.declarations {
            let level = d
                .level
                .map(|l| format!(" <span class=\"lvl {}\">{}</span>", labels::level_key(l), e(l.as_str())))
                .unwrap_or_default();
            let why = d
                .refused
                .as_ref()
                .map(|w| format!(" — <span class=\"reason\">{}</span>", e(w.get(lang))))
                .unwrap_or_default();
            let _ = write!(
                o,
                "<li class=\"{}\"><b>{}</b>{level} <b>{}</b>: {} <span class=\"muted\">({})</span>{why}</li>",
                if d.refused.is_none() { "accepted" } else { "refused" },
                labels::declaration(d.refused.is_none(), lang),
                e(&d.clause),
                e(&d.reason),
                e(&labels::place(a, d.at)),
            );
        }
        o.push_str("</ul>");
    }
    let waived: Vec<&ClauseResult> = a.clauses.iter().filter(|c| c.waiver.is_some()).collect();
    if !waived.is_empty() {
        let _ = write!(o, "<h3>{} ({})</h3><ul class=\"waivers\">", t(lang, "豁免", "Waivers"), waived.len());
        for c in waived {
            let Some(w) = &c.waiver else { continue };
            let _ = write!(
                o,
                "<li class=\"{}\"><b>{}</b> <span class=\"lvl {}\">{}</span> {}: {}</li>",
                if w.expired { "expired" } else { "active" },
                e(&c.id),
                labels::level_key(c.level),
                e(c.level.as_str()),
                e(c.title.get(lang)),
                e(&labels::waiver_terms(w, &a.as_of, lang)),
            );
        }
        o.push_str("</ul>");
    }
    let unverified: Vec<&ClauseResult> = a.clauses.iter().filter(|c| c.level.is_shall() && c.unverified()).collect();
    if !unverified.is_empty() {
        let _ = write!(
            o,
            "<h3>{} ({})</h3><ul class=\"unverified\">",
            t(
                lang,
                "未核实的应条款（仅凭平台声明满足）",
                "Unverified shall clauses (met on the platform's word alone)"
            ),
            unverified.len()
        );
        for c in unverified {
            let _ = write!(o, "<li><b>{}</b> {}</li>", e(&c.id), e(c.title.get(lang)));
        }
        o.push_str("</ul>");
    }
    citations(o, a, lang);
    if !a.meaningless.is_empty() {
        let _ = write!(
            o,
            "<h3>{} ({})</h3><ul class=\"meaningless\">",
            t(lang, "因无实际意义而剔除的值", "Values taken out because they say nothing"),
            a.meaningless.len()
        );
        for m in &a.meaningless {
            let _ = write!(
                o,
                "<li><code>{}</code> “{}” — {} <span class=\"muted\">({})</span></li>",
                e(&field(&m.pointer)),
                e(&m.value),
                e(m.reason.get(lang)),
                e(&labels::place(a, m.at)),
            );
        }
        o.push_str("</ul>");
    }
}

/// Every citation: what became of it and its copy, what it backs and what it does not.
fn citations(o: &mut String, a: &Assessment, lang: Lang) {
    if a.citations.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<h3>{} ({}) <span class=\"muted\">{}</span></h3><ul class=\"citations\">",
        t(lang, "所引文件", "Documents cited"),
        a.citations.len(),
        e(&labels::citation_counts(a, lang))
    );
    for d in &a.citations {
        let status = d.citation.status;
        let _ = write!(
            o,
            "<li class=\"{}\"><b>{}</b> {} <span class=\"muted\">({})</span>",
            status.key(),
            e(status.label().get(lang)),
            e(&labels::citation(d, lang)),
            e(&labels::place(a, d.at)),
        );
        for n in &d.notes {
            let _ = write!(o, "<br/><span class=\"reason\">{}</span>", e(n.get(lang)));
        }
        if !d.backs.is_empty() {
            let _ = write!(o, "<br/>{}: {}", t(lang, "支撑", "backs"), e(&d.backs.join(", ")));
        }
        if status.can_back() {
            for (clause, why) in &d.not_backed {
                let _ =
                    write!(o, "<br/>{} <b>{}</b>: {}", t(lang, "不支撑", "does not back"), e(clause), e(why.get(lang)));
            }
        }
        o.push_str("</li>");
    }
    o.push_str("</ul>");
}

fn platform(o: &mut String, n: usize, a: &Assessment, r: &Context) {
    let lang = r.lang;
    facts(o, n, a, r);
    let _ = write!(o, "<div class=\"overview\"><figure>{}</figure>", svg::chapter_bars(&a.chapters, lang));
    chapter_table(o, a, lang);
    o.push_str("</div>");
    let listed: Vec<&ClauseResult> =
        a.gaps().into_iter().chain(a.clauses.iter().filter(|c| c.status == Status::Waived)).collect();
    let _ = write!(o, "<h3>{} ({})</h3>", t(lang, "差距与豁免", "Findings"), listed.len());
    if listed.is_empty() {
        let _ = write!(o, "<p class=\"muted\">{}</p>", t(lang, "没有差距。", "No gaps."));
    }
    o.push_str("<div class=\"findings\">");
    for c in listed {
        finding(o, a, c, lang);
    }
    o.push_str("</div></section>\n");
}

fn chapter_table(o: &mut String, a: &Assessment, lang: Lang) {
    let _ = write!(
        o,
        "<table class=\"chapters\"><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
<th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        t(lang, "章节", "chapter"),
        t(lang, "名称", "title"),
        t(lang, "权重", "weight"),
        t(lang, "得分", "score"),
        t(lang, "符合", "pass"),
        t(lang, "部分", "partial"),
        t(lang, "不符合", "fail"),
        t(lang, "不适用", "n/a"),
    );
    for c in &a.chapters {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            e(&c.id),
            e(c.title.get(lang)),
            c.weight,
            labels::score(c.score),
            c.counts.pass,
            c.counts.partial,
            c.counts.not_met(),
            c.counts.unscored(),
        );
    }
    let _ = write!(
        o,
        "</tbody><tfoot><tr><td>{}</td><td></td><td></td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td>\
<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tfoot></table>",
        t(lang, "总计", "total"),
        a.score,
        a.counts.pass,
        a.counts.partial,
        a.counts.not_met(),
        a.counts.unscored(),
    );
}

fn finding(o: &mut String, a: &Assessment, c: &ClauseResult, lang: Lang) {
    let status = labels::status_key(c.status);
    let level = labels::level_key(c.level);
    let _ = write!(
        o,
        "<details class=\"f\" data-chapter=\"{}\" data-level=\"{level}\" data-status=\"{status}\"><summary>\
<span class=\"lvl {level}\">{}</span> <b>{}</b> {} <span class=\"st {status}\">{} {}/{}</span>{}\
<span class=\"ch\">§{}</span></summary><div class=\"body\">",
        e(&c.chapter),
        e(c.level.as_str()),
        e(&c.id),
        e(c.title.get(lang)),
        e(c.status.label().get(lang)),
        c.passed,
        c.total,
        if c.veto { format!(" <span class=\"veto\">{}</span>", t(lang, "否决项", "veto")) } else { String::new() },
        e(&c.chapter),
    );
    if c.unverified() {
        let _ = write!(
            o,
            "<p class=\"reason\">{}</p>",
            t(lang, "未核实：仅凭平台声明", "unverified: the platform's word alone")
        );
    }
    let _ = write!(o, "<p class=\"wording\" lang=\"zh-CN\">{}</p>", e(&c.text.zh));
    if !c.text.en.is_empty() {
        let _ = write!(o, "<p class=\"wording en\" lang=\"en\">{}</p>", e(&c.text.en));
    }
    if matches!(c.status, Status::Error | Status::Waived) {
        let _ = write!(o, "<p class=\"reason\">{}</p>", e(&message(c, lang)));
    }
    if !c.findings.is_empty() {
        let _ = write!(
            o,
            "<table class=\"ef\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            t(lang, "字段", "field"),
            t(lang, "应为", "expected"),
            t(lang, "实为", "found"),
            t(lang, "位置", "location"),
        );
        for f in &c.findings {
            let _ = write!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"loc\">{}</td></tr>",
                e(&labels::path(f)),
                e(f.expected.get(lang)),
                e(f.found.get(lang)),
                e(&labels::place(a, f.at)),
            );
        }
        o.push_str("</tbody></table>");
        if let Some(p) = c.findings.first().and_then(|f| f.at) {
            snippet(o, a, p.line);
        }
    }
    o.push_str("<dl>");
    if !c.evidence.is_empty() {
        let fields: Vec<String> = c.evidence.iter().map(|f| format!("<code>{}</code>", e(&field(f)))).collect();
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", t(lang, "证据字段", "evidence fields"), fields.join(" "));
    }
    if let Some(m) = &c.manual {
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", t(lang, "人工核查", "verify by hand"), e(m.get(lang)));
    }
    let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", t(lang, "整改建议", "remediation"), e(c.remediation.get(lang)));
    let sources =
        if c.provenance.sources.is_empty() { String::new() } else { format!(" ({})", c.provenance.sources.join(", ")) };
    let _ = write!(o, "<dt>{}</dt><dd>{}{}</dd>", t(lang, "出处", "provenance"), e(&c.provenance.code), e(&sources));
    o.push_str("</dl></div></details>\n");
}

/// The YAML lines around a finding, the finding's line marked.
fn snippet(o: &mut String, a: &Assessment, line: usize) {
    o.push_str("<pre class=\"yaml\">");
    for n in line.saturating_sub(1).max(1)..=line + 1 {
        let text = a.source.line_text(n);
        if n > line && text.is_empty() {
            break;
        }
        let class = if n == line { " class=\"hl\"" } else { "" };
        // Block spans make the lines; a newline as well would double them.
        let _ = write!(o, "<span{class}><i>{n:>4}</i> {}</span>", e(&crate::values::bounded(text)));
    }
    o.push_str("</pre>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_known_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
