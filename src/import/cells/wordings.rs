//! The cell parsers against wordings taken from published guides. Sources: SZ = 深圳市知识产权公共服务事项办事指南
//! （第二版）, 深圳市市场监督管理局, 2024-08; FJ = 福建省知识产权局 专利申请受理 事项 on the Fujian government-service
//! portal (事项编码 488002244GF01008); YC = 银川市知识产权公共服务清单(2023年), 银川市市场监督管理局, 2023-03-31;
//! IS = wordings quoted from city guides in ipps-check issue 8. Variants (full-width digits, Chinese numerals)
//! are marked "variant of".

use super::*;
use crate::model::{ContactKind, ItemChannel};

fn duration(d: &crate::model::Duration) -> String {
    let unit = d.unit.map(|u| format!("{u:?}")).unwrap_or_default();
    match (d.value, d.min, d.max, d.instant) {
        (_, _, _, Some(true)) => "即办".into(),
        (Some(v), ..) => format!("{v}{unit}"),
        (_, Some(a), Some(b), _) => format!("{a}-{b}{unit}"),
        _ => "?".into(),
    }
}

fn show_time(text: &str) -> String {
    let r = time_limit::read(text);
    let mut parts: Vec<String> = r
        .labelled
        .iter()
        .map(|(s, d)| {
            let tag = match s {
                time_limit::Slot::Statutory => "S",
                time_limit::Slot::Promised => "P",
                time_limit::Slot::Average => "A",
            };
            format!("{tag}:{}", duration(d))
        })
        .collect();
    parts.extend(r.unlabelled.iter().map(|d| format!("U:{}", duration(d))));
    if !r.unreadable.is_empty() {
        parts.push("unreadable".into());
    }
    if r.none {
        parts.push("none".into());
    }
    parts.join(" ")
}

fn show_fee(text: &str) -> String {
    let r = fee::read(text);
    assert_eq!(r.fee.text.as_deref(), Some(text.trim()), "the wording is kept");
    if r.problem.is_some() {
        return "unreadable".into();
    }
    let mut parts = vec![match r.fee.free {
        Some(true) => "free".to_owned(),
        Some(false) => "charged".to_owned(),
        None => "?".to_owned(),
    }];
    for c in r.fee.charges.iter().flatten() {
        let mut s = String::new();
        if let Some(i) = &c.item {
            s.push_str(i);
            s.push(' ');
        }
        if c.free == Some(true) {
            s.push_str("free");
        }
        if let Some(a) = c.amount {
            s.push_str(&format!("{a}{}", c.unit.as_deref().unwrap_or("")));
        }
        match c.set_by {
            Some(crate::model::AmountSetBy::Notice) => s.push_str("notice"),
            Some(crate::model::AmountSetBy::Schedule) => s.push_str("schedule"),
            None => {}
        }
        if c.schedule_url.is_some() {
            s.push_str(" +url");
        }
        parts.push(format!("[{}]", s.trim()));
    }
    parts.join(" ")
}

fn show_contacts(text: &str) -> String {
    let r = contacts::read(text);
    let mut parts: Vec<String> = r
        .contacts
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ContactKind::Phone => "phone",
                ContactKind::Email => "email",
                ContactKind::Online => "online",
                ContactKind::Letter => "letter",
                ContactKind::Window => "window",
                ContactKind::Wechat => "wechat",
                ContactKind::Other => "other",
            };
            format!("{kind}:{}", c.value)
        })
        .collect();
    if !r.leftovers.is_empty() {
        parts.push(format!("left:{}", r.leftovers.len()));
    }
    parts.join(" ")
}

fn show_channels(text: &str) -> String {
    let r = channels::read(text);
    let mut parts: Vec<String> = r
        .channels
        .iter()
        .map(|c| {
            match c {
                ItemChannel::Online => "online",
                ItemChannel::Window => "window",
                ItemChannel::Mail => "mail",
                ItemChannel::Hotline => "hotline",
                ItemChannel::Email => "email",
                ItemChannel::Wechat => "wechat",
                ItemChannel::MiniProgram => "mini_program",
                ItemChannel::App => "app",
                ItemChannel::SelfServiceTerminal => "terminal",
                ItemChannel::Agency => "agency",
            }
            .to_owned()
        })
        .collect();
    if !r.unknown.is_empty() {
        parts.push("unknown".into());
    }
    parts.join(",")
}

fn show_forms(text: &str) -> String {
    let r = forms::read(text);
    if let Some(n) = r.no_forms {
        return format!("none:{n}");
    }
    let mut parts: Vec<String> = r
        .forms
        .iter()
        .map(|f| {
            let mut s = f.name.clone();
            if f.url.is_some() {
                s.push_str("+url");
            }
            if f.obtain.is_some() {
                s.push_str("+obtain");
            }
            s
        })
        .collect();
    if !r.leftovers.is_empty() {
        parts.push(format!("left:{}", r.leftovers.len()));
    }
    parts.join("|")
}

fn show_list(text: &str) -> String {
    lists::split(text).join("|")
}

fn show_date(text: &str) -> String {
    dates::read(text).unwrap_or_else(|| "none".into())
}

#[test]
fn real_world_wordings() {
    type Show = fn(&str) -> String;
    let t: Show = show_time;
    let f: Show = show_fee;
    let c: Show = show_contacts;
    let h: Show = show_channels;
    let r: Show = show_forms;
    let l: Show = show_list;
    let d: Show = show_date;
    let table: &[(Show, &str, &str, &str)] = &[
        // Time limits.
        (t, "SZ", "7个工作日内进行审查并决定是否予以备案。", "U:7工作日"),
        (t, "SZ", "自收到质押登记申请文件之日起5个工作日内完成审查并决定是否予以登记。", "U:5工作日"),
        (t, "SZ", "一般情况下，商标局在收到申请材料之日起平均1个月时间完成首次审查。", "A:1月"),
        (t, "SZ", "一般情况下，商标局在收到申请材料之日起平均2个月时间完成首次审查。", "A:2月"),
        (t, "SZ", "对符合条件的申请，3个工作日内作出是否受理的决定", "U:3工作日"),
        (t, "SZ", "3—5个工作日", "U:3-5工作日"),
        (t, "SZ", "即时答复", "U:即办"),
        (t, "SZ", "申请人应当自申请日起2个月内或者在收到受理通知书之日起15日内缴纳", "unreadable"),
        (t, "FJ", "受理后10个工作日", "U:10工作日"),
        (t, "FJ", "无", "none"),
        (t, "IS", "20个工作日", "U:20工作日"),
        (t, "IS", "九个月", "U:9月"),
        (t, "IS", "平均1个月", "A:1月"),
        (t, "IS", "即办", "U:即办"),
        (t, "IS", "实时", "U:即办"),
        (t, "IS", "15", "unreadable"),
        (t, "IS", "法定办结时限：20个工作日；承诺办结时限：10个工作日", "S:20工作日 P:10工作日"),
        (t, "variant of IS", "３—５个工作日", "U:3-5工作日"),
        (t, "variant of IS", "十五个工作日", "U:15工作日"),
        (t, "variant of IS", "法定：二十个工作日，承诺：即办", "S:20工作日 P:即办"),
        (t, "variant of SZ", "3至5个工作日", "U:3-5工作日"),
        (t, "variant of SZ", "承诺时限：\n5个工作日", "P:5工作日"),
        (t, "variant of IS", "2周", "U:2周"),
        (t, "variant of IS", "当场办结", "U:即办"),
        (t, "variant of IS", "—", "none"),
        // Fees.
        (
            f,
            "SZ",
            "45元/类。详见中国商标网：https://sbj.cnipa.gov.cn/sbj/sbsq/sqzn/201912/t20191227_611.html",
            "charged [45元/类 +url]",
        ),
        (f, "SZ", "450元/类", "charged [450元/类]"),
        (
            f,
            "SZ",
            "收费标准：450元/类，有效期满后在六个月宽展期内提出续展注册申请的，还需缴纳延迟费，225元/类。",
            "charged [450元/类] [延迟费 225元/类]",
        ),
        (f, "SZ", "每份30元", "charged [30元/份]"),
        (f, "SZ", "办理专利开放许可声明不收取任何费用。", "free"),
        (f, "SZ", "缴纳规费不收费。", "free"),
        (f, "SZ", "查阅免费，复制30元/份", "charged [复制 30元/份] [查阅 free]"),
        (
            f,
            "SZ",
            "270元/类（10个商品或服务以内，每超1个加收27元）",
            "charged [270元/类] [10个商品或服务以内,超1个加收 27元]",
        ),
        (f, "SZ", "1350元/类", "charged [1350元/类]"),
        (
            f,
            "FJ",
            "申请时不收费,申请人收到费用减缓审批通知书或缴纳申请费通知书后视情况缴费。",
            "charged [notice] [申请时 free]",
        ),
        (f, "IS", "不收费", "free"),
        (f, "IS", "免费", "free"),
        (f, "IS", "需缴纳相关费用，金额以缴费通知书为准", "charged [notice]"),
        (f, "IS", "45元/件", "charged [45元/件]"),
        (f, "IS", "按缴费通知书缴纳", "charged [notice]"),
        (f, "IS", "收费", "unreadable"),
        (f, "variant of IS", "４５元／类", "charged [45元/类]"),
        (f, "variant of IS", "无", "free"),
        (f, "variant of SZ", "按照国家知识产权局收费标准执行", "charged [schedule]"),
        // Contacts.
        (
            c,
            "SZ",
            "投诉举报咨询电子信箱：12315@mail.amr.sz.gov.cn\n电话投诉：0755-12315、12345",
            "email:12315@mail.amr.sz.gov.cn phone:0755-12315 phone:12345",
        ),
        (c, "SZ", "电话投诉：（010)62356655;", "phone:(010)62356655"),
        (
            c,
            "SZ",
            "电话投诉：0755-26617314；\n网上投诉：专利审查评议（https://comment.cponline.cnipa.gov.cn）",
            "phone:0755-26617314 online:https://comment.cponline.cnipa.gov.cn",
        ),
        (c, "SZ", "咨询电话：0755-26617303 、0755-26506102。", "phone:0755-26617303 phone:0755-26506102"),
        (c, "SZ", "联系电话：0755-86268052。", "phone:0755-86268052"),
        (c, "SZ", "电话咨询：（010)62356655 转1再转8。", "phone:(010)62356655 转1"),
        (
            c,
            "SZ",
            "便民咨询热线12315、深圳窗口咨询热线0755-88127758、前海窗口0755-36667613",
            "phone:12315 phone:0755-88127758 phone:0755-36667613",
        ),
        (c, "FJ", "0591-87810907", "phone:0591-87810907"),
        (
            c,
            "IS",
            "来信：深圳市福田区市民中心政务服务中心东厅，邮编518000",
            "letter:来信：深圳市福田区市民中心政务服务中心东厅，邮编518000",
        ),
        (c, "IS", "关注“深圳市场监管”微信公众号留言咨询", "wechat:关注“深圳市场监管”微信公众号留言咨询"),
        (c, "IS", "请与我们联系", "left:1"),
        // Found by export-list's round trip: an area code is no list number, and a label names
        // only the contact under it.
        (c, "variant of SZ", "(010)62356655", "phone:(010)62356655"),
        (
            c,
            "variant of IS",
            "现场咨询：\n政务服务中心一楼综合窗口\n0755-88127700",
            "window:政务服务中心一楼综合窗口 phone:0755-88127700",
        ),
        // Channels.
        (h, "YC", "线上", "online"),
        (h, "YC", "线下", "window"),
        (h, "YC", "线上及线下", "online,window"),
        (h, "YC", "线上及线上", "online"),
        (
            h,
            "SZ",
            "国家知识产权局深圳专利代办处；\n专利业务办理系统（http://cponline.cnipa.gov.cn）；\n接收邮寄。",
            "window,online,mail",
        ),
        (
            h,
            "SZ",
            "中国（深圳）知识产权保护中心预审管理平台预审案件提交系统（https://cnippc.cn/ippc-web-dzsq/）",
            "online",
        ),
        (h, "SZ", "委托在商标局备案的商标代理机构办理", "agency"),
        (h, "SZ", "电子邮件：12330@mail.amr.sz.gov.cn", "email"),
        (h, "IS", "微信小程序“深i企”", "mini_program,wechat"),
        (h, "IS", "政务服务自助终端", "terminal"),
        (h, "IS", "关注微信公众号办理", "wechat"),
        (h, "IS", "信鸽传书", "unknown"),
        // Forms.
        (r, "SZ", "在线填写，无需相关表格。", "none:在线填写，无需相关表格。"),
        (
            r,
            "SZ",
            "《办理文件副本请求书》。下载网址：国家知识产权局官方网站首页，“政务服务” 栏目中表格下载页面：https://www.cnipa.gov.cn/col/col192/index.html",
            "办理文件副本请求书+url",
        ),
        (
            r,
            "SZ",
            "《专利申请快速预审服务申请表》《专利申请快速预审服务承诺书》\n下载：预审管理平台预审案件提交系统“下载中心”或保护中心官网（http://www.sziprs.org.cn/）“资料下载”。",
            "专利申请快速预审服务申请表+url|专利申请快速预审服务承诺书+url",
        ),
        (
            r,
            "SZ",
            "2.《网上申请确认书 一般业务用》\n商标业务受理窗口或添加微信号（18822891392）领取。",
            "网上申请确认书 一般业务用+obtain",
        ),
        (r, "IS", "专利权质押登记申请表", "专利权质押登记申请表"),
        (r, "IS", "无", "none:无"),
        (r, "variant of IS", "《窗口服务申请表》", "窗口服务申请表"),
        // Lists.
        (
            l,
            "SZ",
            "实行首问负责；\n实行一次性告知；\n实行业务人员培训；",
            "实行首问负责|实行一次性告知|实行业务人员培训",
        ),
        (
            l,
            "SZ",
            "营业执照复印件或个人身份证复印件、中华人民共和国企业所得税年度纳税申报表或个人收入证明。",
            "营业执照复印件或个人身份证复印件|中华人民共和国企业所得税年度纳税申报表或个人收入证明",
        ),
        (
            l,
            "SZ",
            "1.《马德里国际商标出具商标注册证明申请书》\n2.居民身份证明\n3.经办人身份证复印件",
            "《马德里国际商标出具商标注册证明申请书》|居民身份证明|经办人身份证复印件",
        ),
        (l, "SZ", "（1）专利权质押登记申请表；（2）专利权质押合同", "专利权质押登记申请表|专利权质押合同"),
        (l, "IS", "①申请书②身份证明", "申请书|身份证明"),
        (
            l,
            "variant of SZ",
            "国家知识产权局《知识产权信息公共服务工作指引》（2020）",
            "国家知识产权局《知识产权信息公共服务工作指引》（2020）",
        ),
        // Dates.
        (d, "SZ", "2024年8月", "2024-08"),
        (d, "YC", "2023年4月1日", "2023-04-01"),
        (d, "YC", "2023-03-31", "2023-03-31"),
        (d, "variant of YC", "2023/4/1", "2023-04-01"),
        (d, "variant of YC", "２０２３年４月", "2023-04"),
        (d, "IS", "近期", "none"),
    ];
    assert!(table.len() >= 60, "at least 60 wordings");
    let mut failures = Vec::new();
    for (show, source, text, want) in table {
        let got = show(text);
        if got != *want {
            failures.push(format!("[{source}] {text:?}\n    want {want}\n    got  {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} wordings read wrongly:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}
