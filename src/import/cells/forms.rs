//! Forms: "《申请书》《承诺书》", "下载网址：https://…", "窗口或添加微信号领取", "在线填写，无需相关表格".

use std::sync::LazyLock;

use regex::Regex;

use super::lists::split;
use super::text::fold;
use crate::model::{Form, Url};

static TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"《([^》]+)》").expect("valid regex"));
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+=%]+").expect("valid regex"));

const NO_FORMS: &[&str] = &["无需相关表格", "无需表格", "无需填写表格", "不需要表格", "无相关表格", "无表格", "无需"];
const OBTAIN: &[&str] = &["领取", "获取", "索取", "窗口", "公众号", "微信", "现场"];

/// What a forms cell says.
#[derive(Debug, Default)]
pub struct Reading {
    pub forms: Vec<Form>,
    /// The wording when it says no form is needed.
    pub no_forms: Option<String>,
    /// Lines that named no form and could not be attached to one.
    pub leftovers: Vec<String>,
}

/// Reads a forms cell.
pub fn read(text: &str) -> Reading {
    let mut r = Reading::default();
    let trimmed = text.trim().trim_end_matches('。');
    if trimmed == "无" || NO_FORMS.iter().any(|w| trimmed.contains(w)) && !trimmed.contains('《') {
        r.no_forms = Some(text.trim().to_owned());
        return r;
    }
    // Lines, not 、: a line "《A》、《B》下载网址：…" keeps its address with its forms.
    let lines: Vec<String> = text
        .lines()
        .flat_map(|l| l.split(['；', ';']))
        .map(super::text::strip_item)
        .filter(|l| !l.is_empty())
        .collect();
    let mut last_group: Vec<usize> = Vec::new();
    for line in lines {
        let folded = fold(&line);
        let url = URL.find(&folded).map(|m| Url(m.as_str().trim_end_matches(['.', ')', '）']).to_owned()));
        let names: Vec<String> = TITLE.captures_iter(&line).map(|c| c[1].trim().to_owned()).collect();
        // Words of how to obtain a form count outside its title: 《窗口服务申请表》 names a form.
        let outside = TITLE.replace_all(&line, "");
        let obtain = OBTAIN.iter().any(|w| outside.contains(w)).then(|| line.clone());
        if names.is_empty() {
            match (&url, &obtain, last_group.is_empty()) {
                (Some(u), _, false) => last_group.iter().for_each(|&i| {
                    r.forms[i].url.get_or_insert_with(|| u.clone());
                }),
                (None, Some(o), false) => last_group.iter().for_each(|&i| {
                    r.forms[i].obtain.get_or_insert_with(|| o.clone());
                }),
                (None, None, _) if looks_like_a_name(&line) => {
                    r.forms.push(Form { name: line.clone(), url: None, obtain: None });
                    last_group = vec![r.forms.len() - 1];
                }
                _ => r.leftovers.push(line.clone()),
            }
            continue;
        }
        let start = r.forms.len();
        let obtain = obtain.filter(|_| url.is_none());
        for name in names {
            r.forms.push(Form { name, url: url.clone(), obtain: obtain.clone() });
        }
        last_group = (start..r.forms.len()).collect();
    }
    r
}

/// A line without 《》 is a form's name when it is short and reads like one (…表, …书).
fn looks_like_a_name(line: &str) -> bool {
    let n = line.chars().count();
    n <= 40 && !line.contains(['，', ',', '。']) && split(line).len() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_obtain_attach_to_the_forms_above() {
        let r = read(
            "1.《马德里国际商标出具商标注册证明申请书》\n下载网址：https://sbj.cnipa.gov.cn/a.html\n2.《网上申请确认书 一般业务用》\n商标业务受理窗口或添加微信号（18822891392）领取。",
        );
        assert_eq!(r.forms.len(), 2);
        assert_eq!(r.forms[0].url.as_ref().map(|u| u.0.as_str()), Some("https://sbj.cnipa.gov.cn/a.html"));
        assert!(r.forms[1].obtain.as_deref().is_some_and(|o| o.contains("领取")));
        assert!(r.leftovers.is_empty());
    }
}
