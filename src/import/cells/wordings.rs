//! The cell parsers against wordings from published lists and guides, each with its source and place:
//! SZ n = 深圳市知识产权公共服务事项办事指南（第二版）, 深圳市市场监督管理局, 2024-08, item n (clauses.md S02; its
//! PDF's line breaks inside a word are removed); FJ = 福建省知识产权局 专利申请受理 on the Fujian government-service
//! portal (事项编码 488002244GF01008); YC = 银川市知识产权公共服务清单(2023年), 银川市市场监督管理局, 2023-03-31;
//! ZS = 民众街道知识产权维权援助服务站关于开通维权援助服务的公告, 中山市市场监督管理局民众分局, 2023-11-15;
//! HLJ = 12330接收范围, 黑龙江省知识产权服务中心 (哈尔滨), 2010-06-07 (the last two are the fixtures of
//! tests/fixtures/lists/). Wordings made up to vary a real one (full-width digits, Chinese numerals, a label
//! the guides could write) are in a separate test, each saying what it varies.

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
                time_limit::Slot::Unlabelled => "U",
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

fn show_review(text: &str) -> String {
    match labels::review(text) {
        None => "unknown".into(),
        Some(r) => {
            let mut s = if r.enabled == Some(true) { "enabled".to_owned() } else { "disabled".to_owned() };
            for c in r.channels.iter().flatten() {
                s.push_str(match c {
                    crate::model::ReviewChannel::OnSite => " on_site",
                    crate::model::ReviewChannel::Online => " online",
                    crate::model::ReviewChannel::Mobile => " mobile",
                    crate::model::ReviewChannel::Sms => " sms",
                    crate::model::ReviewChannel::Hotline => " hotline",
                });
            }
            s
        }
    }
}

fn show_type(text: &str) -> String {
    let kind = match labels::item_type(text) {
        Some(crate::model::ItemType::Public) => "public",
        Some(crate::model::ItemType::ValueAdded) => "value_added",
        None => "-",
    };
    let by = match labels::initiated_by(text) {
        Some(crate::model::InitiatedBy::Applicant) => " applicant",
        Some(crate::model::InitiatedBy::Provider) => " provider",
        None => "",
    };
    format!("{kind}{by}")
}

type Show = fn(&str) -> String;

fn check_table(table: &[(Show, &str, &str, &str)]) {
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

#[test]
fn real_world_wordings() {
    let (t, f, c, h, r, l, d, v, y): (Show, Show, Show, Show, Show, Show, Show, Show, Show) =
        (show_time, show_fee, show_contacts, show_channels, show_forms, show_list, show_date, show_review, show_type);
    let table: &[(Show, &str, &str, &str)] = &[
        // Time limits: a figure whose kind the guide does not state is unlabelled (U).
        (t, "SZ 6", "7个工作日内进行审查并决定是否予以备案。", "U:7工作日"),
        (t, "SZ 8", "自收到质押登记申请文件之日起5个工作日内完成审查并决定是否予以登记。", "U:5工作日"),
        (t, "SZ 13", "一般情况下，商标局在收到申请材料之日起平均1个月时间完成首次审查。", "A:1月"),
        (t, "SZ 16", "一般情况下，商标局在收到申请材料之日起平均2个月时间完成首次审查。", "A:2月"),
        (
            t,
            "SZ 24",
            "一般情况下，材料符合要求商标局在收到申请材料3—5个工作日向双方当事人发放《商标专用权质权登记证》。",
            "U:3-5工作日",
        ),
        (
            t,
            "SZ 27",
            "中国（深圳）知识产权保护中心对申请材料是否符合受理条件进行审查，在3个工作日内作出是否受理的决定，并通知申请人。",
            "U:3工作日",
        ),
        (
            t,
            "SZ 28",
            "中国（深圳）知识产权保护中心对指导申请事项审查，在5个工作日内作出是否接受指导申请的决定，并通知申请人。",
            "U:5工作日",
        ),
        (
            t,
            "SZ 11",
            "根据《中华人民共和国商标法》第二十八条规定，对申请注册的商标，商标局应当自收到商标注册申请文件之日起九个月内审查完毕，符合本法有关规定的，予以初步审定公告。",
            "U:9月",
        ),
        (t, "SZ 30", "咨询问题即时答复。", "U:即办"),
        (t, "SZ 10", "社会公众自助检索时，系统根据检索内容在线显示检索结果。", ""),
        (
            t,
            "SZ 1",
            "申请人应当自申请日起2个月内或者在收到受理通知书之日起15日内，按照缴纳申请费通知书或者收费减缴审批通知书中规定的金额缴纳专利费用。",
            "unreadable",
        ),
        (t, "FJ", "受理后10个工作日", "U:10工作日"),
        (t, "FJ", "无", "none"),
        // Fees.
        (
            f,
            "SZ 13",
            "45元/类。详见中国商标网：https://sbj.cnipa.gov.cn/sbj/sbsq/sqzn/201912/t20191227_611.html",
            "charged [45元/类 +url]",
        ),
        (f, "SZ 16", "450元/类", "charged [450元/类]"),
        (
            f,
            "SZ 17",
            "收费标准：450元/类，有效期满后在六个月宽展期内提出续展注册申请的，还需缴纳延迟费，225元/类。",
            "charged [450元/类] [延迟费 225元/类]",
        ),
        (f, "SZ 5", "每份30元", "charged [30元/份]"),
        (f, "SZ 7", "办理专利开放许可声明不收取任何费用。", "free"),
        (f, "SZ 14", "缴纳规费不收费。", "free"),
        (f, "SZ 19", "缴纳规费收费标准：不收费。", "free"),
        (f, "SZ 22", "缴纳规费收费标准：135元/类。", "charged [规费 135元/类]"),
        (
            f,
            "SZ 25",
            "1350元/类，收费标准详见中国商标网：https://sbj.cnipa.gov.cn/sbj/sbsq/sqzn/201912/t20191227_611.html",
            "charged [1350元/类 +url]",
        ),
        (
            f,
            "FJ",
            "申请时不收费,申请人收到费用减缓审批通知书或缴纳申请费通知书后视情况缴费。",
            "charged [notice] [申请时 free]",
        ),
        // Contacts, with extensions kept whole.
        (
            c,
            "SZ 11",
            "投诉举报咨询电子信箱：12315@mail.amr.sz.gov.cn\n电话投诉：0755-12315、12345",
            "email:12315@mail.amr.sz.gov.cn phone:0755-12315 phone:12345",
        ),
        (c, "SZ 1", "电话投诉：（010)62356655;", "phone:(010)62356655"),
        (
            c,
            "SZ 2",
            "电话投诉：0755-26617314；\n网上投诉：专利审查评议（https://comment.cponline.cnipa.gov.cn）",
            "phone:0755-26617314 online:https://comment.cponline.cnipa.gov.cn",
        ),
        (c, "SZ 2", "咨询电话：0755-26617303 、0755-26506102。", "phone:0755-26617303 phone:0755-26506102"),
        (c, "SZ 3", "联系电话：0755-86268052。", "phone:0755-86268052"),
        (c, "SZ 6", "电话咨询：（010)62356655 转1再转8。", "phone:(010)62356655 转1再转8"),
        (c, "SZ 9", "电话咨询：（010)62356655转1再转8;", "phone:(010)62356655转1再转8"),
        (
            c,
            "SZ 11",
            "便民咨询热线12315、深圳窗口咨询热线0755-88127758、前海窗口0755-36667613",
            "phone:12315 phone:0755-88127758 phone:0755-36667613",
        ),
        (c, "SZ 10", "电子邮件反馈：pss.system@cnipa.gov.cn。", "email:pss.system@cnipa.gov.cn"),
        (c, "SZ 27", "可通过电话反馈：0755-86268069。", "phone:0755-86268069"),
        (
            c,
            "SZ 29",
            "电子邮箱：12330@mail.amr.sz.gov.cn；电话：0755-86268059。",
            "email:12330@mail.amr.sz.gov.cn phone:0755-86268059",
        ),
        (
            c,
            "SZ 11",
            "邮寄地址：北京市西城区茶马南街 1 号国家知识产权局商标局，财务处（规费）收，联系电话：010-63218500-6，邮编：100055。",
            "phone:010-63218500-6",
        ),
        (c, "FJ", "0591-87810907", "phone:0591-87810907"),
        (c, "ZS", "地址：中山市民众街道民众大道48号(商标业务办理窗口),电话:0760-87866614。", "phone:0760-87866614"),
        // Channels.
        (h, "YC", "线上", "online"),
        (h, "YC", "线下", "window"),
        (h, "YC", "线上及线下", "online,window"),
        (h, "YC", "线上及线上", "online"),
        (
            h,
            "SZ 1",
            "国家知识产权局深圳专利代办处；\n专利业务办理系统（http://cponline.cnipa.gov.cn）；\n接收邮寄。",
            "window,online,mail",
        ),
        (
            h,
            "SZ 3",
            "中国（深圳）知识产权保护中心预审管理平台预审案件提交系统（https://cnippc.cn/ippc-web-dzsq/）",
            "online",
        ),
        (h, "SZ 11", "委托在商标局备案的商标代理机构办理", "agency"),
        (
            h,
            "SZ 11",
            "国家知识产权局商标业务深圳受理窗口、国家知识产权局商标业务深圳前海受理窗口、国家知识产权局深圳专利代办处（专利代办处不能办理缴费和质押）；\n中国商标网（https://sbj.cnipa.gov.cn）。",
            "window,online",
        ),
        (h, "SZ 27", "申请材料提交纸件的，可以通过邮寄（EMS）或面交方式提交。", "mail,window"),
        (h, "SZ 27", "邮箱地址：12330@mail.amr.sz.gov.cn，邮件主题：申请人名称+知识产权维权援助申请。", "email"),
        (h, "SZ 30", "咨询服务热线：0755-26617303、0755-86268087；", "hotline"),
        // Forms.
        (r, "SZ 2", "在线填写，无需相关表格。", "none:在线填写，无需相关表格。"),
        (
            r,
            "SZ 5",
            "《办理文件副本请求书》。下载网址：国家知识产权局官方网站首页，“政务服务” 栏目中表格下载页面：https://www.cnipa.gov.cn/col/col192/index.html",
            "办理文件副本请求书+url",
        ),
        (
            r,
            "SZ 3",
            "《专利申请快速预审服务申请表》《专利申请快速预审服务承诺书》\n下载：预审管理平台预审案件提交系统“下载中心”或保护中心官网（http://www.sziprs.org.cn/）“资料下载”。",
            "专利申请快速预审服务申请表+url|专利申请快速预审服务承诺书+url",
        ),
        (
            r,
            "SZ 13",
            "2.《网上申请确认书 一般业务用》\n商标业务受理窗口或添加微信号（18822891392）领取。",
            "网上申请确认书 一般业务用+obtain",
        ),
        (
            r,
            "SZ 27",
            "《深圳市知识产权维权援助申请表》\n下载网址：http://www.sziprs.org.cn/szipr/ywzn_123183/bhzx/zlwq/content/post_705206.html",
            "深圳市知识产权维权援助申请表+url",
        ),
        // Lists: a 、 between parties or before 等 does not split a value.
        (
            l,
            "SZ 1",
            "实行首问负责；\n实行一次性告知；\n实行业务人员培训；",
            "实行首问负责|实行一次性告知|实行业务人员培训",
        ),
        (
            l,
            "SZ 4",
            "营业执照复印件或个人身份证复印件、中华人民共和国企业所得税年度纳税申报表或个人收入证明。",
            "营业执照复印件或个人身份证复印件|中华人民共和国企业所得税年度纳税申报表或个人收入证明",
        ),
        (
            l,
            "SZ 23",
            "许可人、被许可人关于提前终止的协议或者书面声明",
            "许可人、被许可人关于提前终止的协议或者书面声明",
        ),
        (
            l,
            "SZ 24",
            "出质人、质权人办理商标专用权质权登记有关业务的承诺书",
            "出质人、质权人办理商标专用权质权登记有关业务的承诺书",
        ),
        (
            l,
            "SZ 11",
            "开通线上办事引导服务：国家知识产权局商标业务深圳受理窗口设置窗口微信（微信号：18822891392），提供咨询、材料预审等服务。",
            "开通线上办事引导服务：国家知识产权局商标业务深圳受理窗口设置窗口微信（微信号：18822891392），提供咨询、材料预审等服务",
        ),
        (
            l,
            "SZ 11",
            "电话咨询和现场办理一次性告知申请材料；\n实行限时办结；\n实行业务人员培训。",
            "电话咨询和现场办理一次性告知申请材料|实行限时办结|实行业务人员培训",
        ),
        (
            l,
            "SZ 27",
            "提供专项服务热线咨询相关信息；\n开通线上专用邮箱接收申请。",
            "提供专项服务热线咨询相关信息|开通线上专用邮箱接收申请",
        ),
        (l, "SZ 29", "当事人身份信息、主体资格证明文件；", "当事人身份信息|主体资格证明文件"),
        // 好差评.
        (v, "SZ 30", "推行咨询服务一件一评，完善评价反馈机制，确保“差评” 件件有整改、有反馈。", "enabled"),
        (
            v,
            "SZ 11",
            "国家知识产权局商标业务深圳受理窗口、国家知识产权局商标业务深圳前海受理窗口、国家知识产权局深圳专利代办处已开展“好差评”。",
            "enabled on_site",
        ),
        // Types, from a column or from the list's title.
        (y, "YC", "银川市知识产权公共服务清单(2023年)", "public"),
        // Dates.
        (d, "SZ", "2024年8月", "2024-08"),
        (d, "YC", "2023年4月1日", "2023-04-01"),
        (d, "YC", "2023-03-31", "2023-03-31"),
        (d, "ZS", "2023-11-15", "2023-11-15"),
    ];
    assert!(table.len() >= 60, "at least 60 real wordings, {}", table.len());
    check_table(table);
}

/// Wordings made up to vary real ones: what the parsers must also read, kept apart so that the table
/// above holds only what lists really say.
#[test]
fn constructed_variants() {
    let (t, f, c, h, r, l, d, v, y): (Show, Show, Show, Show, Show, Show, Show, Show, Show) =
        (show_time, show_fee, show_contacts, show_channels, show_forms, show_list, show_date, show_review, show_type);
    let table: &[(Show, &str, &str, &str)] = &[
        (t, "full-width digits, SZ 24", "３—５个工作日", "U:3-5工作日"),
        (t, "Chinese numeral", "十五个工作日", "U:15工作日"),
        (t, "both labels in one cell", "法定办结时限：20个工作日；承诺办结时限：10个工作日", "S:20工作日 P:10工作日"),
        (t, "labels with Chinese numerals", "法定：二十个工作日，承诺：即办", "S:20工作日 P:即办"),
        (t, "至 for the range of SZ 24", "3至5个工作日", "U:3-5工作日"),
        (t, "a label on its own line", "承诺时限：\n5个工作日", "P:5工作日"),
        (t, "weeks", "2周", "U:2周"),
        (t, "即办 words", "当场办结", "U:即办"),
        (t, "即办 words", "实时", "U:即办"),
        (t, "即办 words", "即办", "U:即办"),
        (t, "a dash for none", "—", "none"),
        (t, "a figure without a unit", "15", "unreadable"),
        (f, "SZ 9 condensed", "查阅免费，复制30元/份", "charged [复制 30元/份] [查阅 free]"),
        (
            f,
            "SZ 11 condensed (clauses.md §4.1)",
            "270元/类（10个商品或服务以内，每超1个加收27元）",
            "charged [270元/类] [10个商品或服务以内,超1个加收 27元]",
        ),
        (f, "full-width", "４５元／类", "charged [45元/类]"),
        (f, "a bare 无 under 收费标准", "无", "free"),
        (f, "free", "免费", "free"),
        (f, "notice", "需缴纳相关费用，金额以缴费通知书为准", "charged [notice]"),
        (f, "notice", "按缴费通知书缴纳", "charged [notice]"),
        (f, "schedule", "按照国家知识产权局收费标准执行", "charged [schedule]"),
        (f, "no figure", "收费", "unreadable"),
        (
            c,
            "a letter address",
            "来信：深圳市福田区市民中心政务服务中心东厅，邮编518000",
            "letter:来信：深圳市福田区市民中心政务服务中心东厅，邮编518000",
        ),
        (c, "WeChat", "关注“深圳市场监管”微信公众号留言咨询", "wechat:关注“深圳市场监管”微信公众号留言咨询"),
        (c, "nothing to call", "请与我们联系", "left:1"),
        (c, "分机", "0755-26617303分机8001", "phone:0755-26617303分机8001"),
        (h, "mini-program", "微信小程序“深i企”", "mini_program,wechat"),
        (h, "terminal", "政务服务自助终端", "terminal"),
        (h, "WeChat", "关注微信公众号办理", "wechat"),
        (h, "no channel", "信鸽传书", "unknown"),
        (h, "窗口递交", "窗口递交", "window"),
        (r, "a bare name", "专利权质押登记申请表", "专利权质押登记申请表"),
        (r, "none", "无", "none:无"),
        (l, "circled numbers", "①申请书②身份证明", "申请书|身份证明"),
        (l, "SZ 8 condensed", "（1）专利权质押登记申请表；（2）专利权质押合同", "专利权质押登记申请表|专利权质押合同"),
        (l, "separate documents", "申请书、身份证明、委托书", "申请书|身份证明|委托书"),
        (d, "slashes", "2023/4/1", "2023-04-01"),
        (d, "full-width month", "２０２３年４月", "2023-04"),
        (d, "not a date", "近期", "none"),
        (v, "国办发〔2019〕51号: on site", "现场服务一次一评", "enabled on_site"),
        (v, "国办发〔2019〕51号: online", "网上服务一事一评", "enabled online"),
        (v, "a rating device", "窗口设置评价器，扫码评价", "enabled on_site"),
        (v, "not open", "暂未开展", "disabled"),
        (y, "a type column", "公共服务（依申请）", "public applicant"),
        (y, "a type column", "主动服务", "- provider"),
        // Found by export-list's round trip: an area code is no list number, a label names only
        // the contact under it, a year in brackets does not split an element, and a form titled
        // 《窗口…》 is not told how to be obtained by its own title.
        (c, "area code in brackets", "(010)62356655", "phone:(010)62356655"),
        (
            c,
            "a label over a window and a phone",
            "现场咨询：\n政务服务中心一楼综合窗口\n0755-88127700",
            "window:政务服务中心一楼综合窗口 phone:0755-88127700",
        ),
        (r, "a form titled 窗口…", "《窗口服务申请表》", "窗口服务申请表"),
        (
            l,
            "a year in brackets",
            "国家知识产权局《知识产权信息公共服务工作指引》（2020）",
            "国家知识产权局《知识产权信息公共服务工作指引》（2020）",
        ),
    ];
    check_table(table);
}
