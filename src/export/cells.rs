//! A service item's fields as a 实施清单 cell states them, in the words `import`'s cell parsers read:
//! "法定20个工作日；承诺5个工作日", "复制30元/份；查阅免费", "电话投诉：0755-12315", "《申请表》 https://…".
//! A field's own wording (`time_limit.text`, `fee.text`, `review.text`) is written when it reads
//! back as the same values, otherwise the values are spelt out.

use serde_json::Value;

use crate::import::cells::{fee, labels, time_limit};
use crate::import::mapping::Field;
use crate::model::{
    AmountSetBy, Charge, Contact, ContactKind, Duration, DurationUnit, Fee, Form, ItemChannel, ItemReview, ItemType,
    ReviewChannel, ServiceItem, TimeLimit,
};
use crate::values::num;

/// The columns of the layout, in Appendix C's order (C.1 name … C.21 last reviewed), with the
/// fields a list adds beside them (category after the type, what the service does after the body).
pub const COLUMNS: [Field; 26] = [
    Field::Name,
    Field::Code,
    Field::Type,
    Field::Category,
    Field::ImplementingBody,
    Field::ImplementingBodyUscc,
    Field::Description,
    Field::Basis,
    Field::Conditions,
    Field::Materials,
    Field::Process,
    Field::Flowchart,
    Field::Channels,
    Field::Location,
    Field::Hours,
    Field::TimeLimit,
    Field::Fee,
    Field::ProgressQuery,
    Field::Result,
    Field::Consultation,
    Field::Supervision,
    Field::Facilitation,
    Field::Review,
    Field::QualityGuarantees,
    Field::Forms,
    Field::LastReviewed,
];

/// The cell of one field; empty when the item says nothing of it.
pub fn render(item: &ServiceItem, field: Field) -> String {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let lines = |l: &Option<Vec<String>>| l.as_ref().map(|l| l.join("\n")).unwrap_or_default();
    match field {
        Field::Name => item.name.clone(),
        Field::Code => text(&item.code),
        Field::Type => match item.kind {
            Some(ItemType::Public) => "公共服务".into(),
            Some(ItemType::ValueAdded) => "增值服务".into(),
            None => String::new(),
        },
        Field::Category => item.category.as_ref().map(|c| format!("{c:?}")).unwrap_or_default(),
        Field::ImplementingBody => item.implementing_body.as_ref().and_then(|b| b.name.clone()).unwrap_or_default(),
        Field::ImplementingBodyUscc => {
            item.implementing_body.as_ref().and_then(|b| b.uscc.as_ref()).map(|u| u.0.clone()).unwrap_or_default()
        }
        Field::Description => text(&item.description),
        Field::Basis => lines(&item.basis),
        Field::Conditions => text(&item.conditions),
        Field::Materials => match &item.materials {
            Some(m) if !m.is_empty() => m.join("\n"),
            _ => text(&item.no_materials),
        },
        Field::Process => text(&item.process),
        Field::Flowchart => item.flowchart.as_ref().map(|u| u.0.clone()).unwrap_or_default(),
        Field::Channels => item.channels.iter().flatten().map(channel).collect::<Vec<_>>().join("、"),
        Field::Location => text(&item.location),
        // Columns only some lists have; the layout states channels and the place in their own columns.
        Field::OnlineHandling | Field::WindowHandling | Field::LocationAndContact => String::new(),
        Field::Hours => text(&item.hours),
        Field::TimeLimit | Field::TimeLimitStatutory | Field::TimeLimitPromised | Field::TimeLimitAverage => {
            item.time_limit.as_ref().map(time).unwrap_or_default()
        }
        Field::Fee => item.fee.as_ref().map(fee_cell).unwrap_or_default(),
        Field::ProgressQuery => text(&item.progress_query),
        Field::Result => text(&item.result),
        Field::Consultation => contacts(item.consultation.as_deref()),
        Field::Supervision => contacts(item.supervision.as_deref()),
        Field::Facilitation => lines(&item.facilitation),
        Field::QualityGuarantees => lines(&item.quality_guarantees),
        Field::Forms => match &item.forms {
            Some(f) if !f.is_empty() => f.iter().map(form).collect::<Vec<_>>().join("\n"),
            _ => text(&item.no_forms),
        },
        Field::Review => item.review.as_ref().map(review).unwrap_or_default(),
        Field::LastReviewed => item.last_reviewed.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
    }
}

/// The word a list uses for a channel, one the channel parser reads as that channel alone.
fn channel(c: &ItemChannel) -> &'static str {
    match c {
        ItemChannel::Online => "网上办理",
        ItemChannel::Window => "窗口办理",
        ItemChannel::Mail => "邮寄",
        ItemChannel::Hotline => "电话",
        ItemChannel::Email => "电子邮件",
        ItemChannel::Wechat => "微信公众号",
        ItemChannel::MiniProgram => "小程序",
        ItemChannel::App => "App",
        ItemChannel::SelfServiceTerminal => "自助终端",
        ItemChannel::Agency => "代理机构",
    }
}

fn as_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A duration as a guide writes it: 20个工作日, 3-5个工作日, 1个月, 即办.
fn duration(d: &Duration) -> String {
    if d.instant == Some(true) {
        return "即办".into();
    }
    let unit = match d.unit {
        Some(DurationUnit::工作日) => "个工作日",
        Some(DurationUnit::自然日) => "个自然日",
        Some(DurationUnit::周) => "周",
        Some(DurationUnit::月) => "个月",
        Some(DurationUnit::小时) => "小时",
        Some(DurationUnit::年) => "年",
        None => "",
    };
    match (d.value, d.min, d.max) {
        (Some(v), _, _) => format!("{}{unit}", num(v)),
        (None, Some(a), Some(b)) => format!("{}-{}{unit}", num(a), num(b)),
        _ => String::new(),
    }
}

/// The time limits: the item's own wording when it reads back as the same limits, else
/// 法定…；承诺…；平均… spelt out.
fn time(t: &TimeLimit) -> String {
    let spelt: Vec<String> = [("法定", &t.statutory), ("承诺", &t.promised), ("平均", &t.average), ("", &t.unlabelled)]
        .into_iter()
        .filter_map(|(label, d)| d.as_ref().map(|d| format!("{label}{}", duration(d))))
        .collect();
    match &t.text {
        Some(text) if spelt.is_empty() || time_reads_back(text, t) => text.clone(),
        _ => spelt.join("；"),
    }
}

/// Whether a time-limit cell under 办结时限 (which does not say which limit) gives these limits.
fn time_reads_back(text: &str, t: &TimeLimit) -> bool {
    let r = time_limit::read(text);
    if !r.unreadable.is_empty() || r.unlabelled.len() > 1 {
        return false;
    }
    let mut slots: [Option<&Duration>; 4] = [None, None, None, None];
    // As `import` reads a figure under 办结时限 that names no limit: 即办 is the promise, any other
    // figure stays unlabelled.
    let bare = r.unlabelled.first().map(|d| {
        let slot = if d.instant == Some(true) { time_limit::Slot::Promised } else { time_limit::Slot::Unlabelled };
        (slot, d)
    });
    for (slot, d) in r.labelled.iter().map(|(s, d)| (*s, d)).chain(bare) {
        let i = match slot {
            time_limit::Slot::Statutory => 0,
            time_limit::Slot::Promised => 1,
            time_limit::Slot::Average => 2,
            time_limit::Slot::Unlabelled => 3,
        };
        slots[i].get_or_insert(d);
    }
    let same = |a: Option<&Duration>, b: &Option<Duration>| as_json(&a) == as_json(b);
    same(slots[0], &t.statutory)
        && same(slots[1], &t.promised)
        && same(slots[2], &t.average)
        && same(slots[3], &t.unlabelled)
}

/// The fee: its own wording when it reads back as the same fee, else the charges spelt out.
fn fee_cell(f: &Fee) -> String {
    if let Some(text) = &f.text
        && fee_reads_back(text, f)
    {
        return text.clone();
    }
    let charges = f.charges.as_deref().unwrap_or_default();
    if charges.is_empty() {
        let mut parts = vec![match f.free {
            Some(false) => "收费".to_owned(),
            _ => "不收费".to_owned(),
        }];
        parts.extend(f.basis.as_ref().map(|b| format!("依据{b}")));
        return match (f.free, &f.text) {
            (None, Some(text)) => text.clone(),
            _ => parts.join("；"),
        };
    }
    let mut parts: Vec<String> = charges.iter().filter(|c| c.free != Some(true)).map(charge).collect();
    parts.extend(
        charges.iter().filter(|c| c.free == Some(true)).map(|c| format!("{}免费", c.item.as_deref().unwrap_or(""))),
    );
    // The charges share their basis and fee schedule in a list's cell: the first charge's stand.
    if let Some(basis) = charges.iter().find_map(|c| c.basis.as_ref()) {
        parts.push(format!("依据{basis}"));
    }
    if let Some(url) = charges.iter().find_map(|c| c.schedule_url.as_ref()) {
        parts.push(format!("收费标准：{}", url.0));
    }
    parts.join("；")
}

fn charge(c: &Charge) -> String {
    let item = c.item.as_deref().unwrap_or("");
    let unit = c.unit.as_deref().unwrap_or("元");
    // A range (每页 0.5–1 元) is spelt out as the guide would; the importer reads no range back,
    // so such a cell is never the field's own wording, but nothing of the range is lost.
    match (c.amount, c.amount_min, c.amount_max, &c.set_by) {
        (Some(a), ..) => format!("{item}{}{unit}", num(a)),
        (None, Some(lo), Some(hi), _) => format!("{item}{}至{}{unit}", num(lo), num(hi)),
        (None, Some(lo), None, _) => format!("{item}{}{unit}起", num(lo)),
        (None, None, Some(hi), _) => format!("{item}最高{}{unit}", num(hi)),
        (None, None, None, Some(AmountSetBy::Notice)) => format!("{item}金额以缴费通知书为准"),
        (None, None, None, Some(AmountSetBy::Schedule)) => format!("{item}按照收费标准执行"),
        (None, None, None, None) => format!("{item}收费"),
    }
}

fn fee_reads_back(text: &str, f: &Fee) -> bool {
    let r = fee::read(text);
    let mut read = as_json(&r.fee);
    let mut mine = as_json(f);
    for v in [&mut read, &mut mine] {
        if let Some(o) = v.as_object_mut() {
            o.remove("text");
        }
    }
    r.problem.is_none() && read == mine
}

/// Contacts, one to a line: a number, address or URL after its note (电话投诉：0755-12315); a
/// contact that is words (a window, a letter, WeChat) on the line after its note.
fn contacts(list: Option<&[Contact]>) -> String {
    list.unwrap_or_default()
        .iter()
        .map(|c| {
            let worded =
                matches!(c.kind, ContactKind::Window | ContactKind::Letter | ContactKind::Wechat | ContactKind::Other);
            match (&c.note, worded) {
                (Some(n), false) => format!("{n}：{}", c.value),
                (Some(n), true) => format!("{n}：\n{}", c.value),
                (None, _) => c.value.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A form as 《name》 with its address, or with how to obtain it on the next line.
fn form(f: &Form) -> String {
    match (&f.url, &f.obtain) {
        (Some(u), _) => format!("《{}》 {}", f.name, u.0),
        (None, Some(o)) => format!("《{}》\n{o}", f.name),
        (None, None) => format!("《{}》", f.name),
    }
}

/// 好差评: its own wording when it reads back the same, else 已开展好差评（现场、网上） or 未开展.
fn review(r: &ItemReview) -> String {
    if let Some(text) = &r.text
        && let Some(read) = labels::review(text)
        && read.enabled == r.enabled
        && as_json(&read.channels) == as_json(&r.channels)
    {
        return text.clone();
    }
    match r.enabled {
        Some(true) => {
            let channels: Vec<&str> = r
                .channels
                .iter()
                .flatten()
                .map(|c| match c {
                    ReviewChannel::OnSite => "现场",
                    ReviewChannel::Online => "网上",
                    ReviewChannel::Mobile => "移动端",
                    ReviewChannel::Sms => "短信",
                    ReviewChannel::Hotline => "热线",
                })
                .collect();
            if channels.is_empty() {
                "已开展好差评".into()
            } else {
                format!("已开展好差评（{}）", channels.join("、"))
            }
        }
        Some(false) => "未开展好差评".into(),
        None => r.text.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells::{channels, contacts as read_contacts, forms};

    fn d(value: f64, unit: DurationUnit) -> Duration {
        Duration { value: Some(value), min: None, max: None, unit: Some(unit), instant: None }
    }

    #[test]
    fn time_limits_are_spelt_out_as_guides_write_them() {
        let t = TimeLimit {
            statutory: Some(d(20.0, DurationUnit::工作日)),
            promised: Some(Duration { instant: Some(true), value: None, min: None, max: None, unit: None }),
            average: Some(d(1.0, DurationUnit::月)),
            unlabelled: None,
            text: None,
        };
        assert_eq!(time(&t), "法定20个工作日；承诺即办；平均1个月");
        assert!(time_reads_back(&time(&t), &t));
        // A wording that reads back is kept; one that does not is replaced.
        let kept =
            TimeLimit { text: Some("法定时限20个工作日，承诺即办，平均1个月".into()), ..t.clone() };
        assert_eq!(time(&kept), "法定时限20个工作日，承诺即办，平均1个月");
        let unclear = TimeLimit { text: Some("20个工作日".into()), ..t };
        assert_eq!(time(&unclear), "法定20个工作日；承诺即办；平均1个月");
        // A figure the guide gives without its kind is written bare, and reads back unlabelled.
        let bare = TimeLimit {
            statutory: None,
            promised: None,
            average: None,
            unlabelled: Some(d(7.0, DurationUnit::工作日)),
            text: None,
        };
        assert_eq!(time(&bare), "7个工作日");
        assert!(time_reads_back(&time(&bare), &bare));
    }

    #[test]
    fn every_channel_word_reads_back_as_that_channel() {
        let all = [
            ItemChannel::Online,
            ItemChannel::Window,
            ItemChannel::Mail,
            ItemChannel::Hotline,
            ItemChannel::Email,
            ItemChannel::Wechat,
            ItemChannel::MiniProgram,
            ItemChannel::App,
            ItemChannel::SelfServiceTerminal,
            ItemChannel::Agency,
        ];
        let cell = all.iter().map(channel).collect::<Vec<_>>().join("、");
        let r = channels::read(&cell);
        assert_eq!(as_json(&r.channels), as_json(&all.to_vec()));
        assert!(r.unknown.is_empty() && !r.detailed, "{r:?}");
    }

    #[test]
    fn fees_contacts_and_forms_read_back() {
        let f = Fee {
            free: Some(false),
            basis: None,
            charges: Some(vec![
                Charge {
                    item: Some("复制".into()),
                    amount: Some(30.0),
                    amount_min: None,
                    amount_max: None,
                    unit: Some("元/份".into()),
                    set_by: None,
                    basis: None,
                    schedule_url: None,
                    free: None,
                },
                Charge {
                    item: Some("查阅".into()),
                    amount: None,
                    amount_min: None,
                    amount_max: None,
                    unit: None,
                    set_by: None,
                    basis: None,
                    schedule_url: None,
                    free: Some(true),
                },
            ]),
            text: None,
        };
        assert_eq!(fee_cell(&f), "复制30元/份；查阅免费");
        assert!(fee_reads_back(&fee_cell(&f), &f));
        // A range keeps both its ends.
        let range = Charge {
            item: Some("复印".into()),
            amount: None,
            amount_min: Some(0.5),
            amount_max: Some(1.0),
            unit: Some("元/页".into()),
            set_by: None,
            basis: None,
            schedule_url: None,
            free: None,
        };
        assert_eq!(charge(&range), "复印0.5至1元/页");
        let list = vec![
            Contact { kind: ContactKind::Phone, value: "0755-12315".into(), note: Some("电话投诉".into()) },
            Contact {
                kind: ContactKind::Wechat,
                value: "关注“深圳市场监管”微信公众号留言".into(),
                note: Some("微信".into()),
            },
        ];
        let read = read_contacts::read(&contacts(Some(&list)));
        assert_eq!(as_json(&read.contacts), as_json(&list), "{}", contacts(Some(&list)));
        let f = Form {
            name: "专利权质押登记申请表".into(),
            url: Some(crate::model::Url("https://x.cn/a.doc".into())),
            obtain: None,
        };
        assert_eq!(as_json(&forms::read(&form(&f)).forms), as_json(&vec![f]));
    }
}
