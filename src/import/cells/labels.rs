//! Cells that name one of the format's values: an item's category, its type, and its 好差评 status.

use crate::model::{InitiatedBy, ItemCategory, ItemReview, ItemType, ReviewChannel};

/// "专利相关", "商标", "集成电路布图设计相关" → the category; `None` for wording the format has no category for.
pub fn category(text: &str) -> Option<ItemCategory> {
    let has = |w: &str| text.contains(w);
    Some(if has("集成电路") || has("布图设计") {
        ItemCategory::集成电路布图设计
    } else if has("地理标志") {
        ItemCategory::地理标志
    } else if has("维权") {
        ItemCategory::维权援助
    } else if has("商标") {
        ItemCategory::商标
    } else if has("专利") {
        ItemCategory::专利
    } else if has("咨询") {
        ItemCategory::咨询
    } else if has("信息") || has("检索") || has("数据") {
        ItemCategory::信息服务
    } else if has("其他") || has("其它") || has("综合") {
        ItemCategory::其他
    } else {
        return None;
    })
}

/// The category a service's name states by its head, the words it ends with ("…等咨询", "…咨询指导服务" →
/// 咨询; "专利信息检索", "…查询" → 信息服务), for lists without a category column; `None` otherwise.
pub fn category_from_name(name: &str) -> Option<ItemCategory> {
    let mut t = name.trim().trim_end_matches(['。', '.', '；', ';', '，', ',']).trim();
    // An aside at the end ("知识产权数据查询（开放数据）") is not the head.
    while let Some(open) = t.strip_suffix(['）', ')']).and_then(|u| u.rfind(['（', '('])) {
        t = t[..open].trim_end();
    }
    let head = t.trim_end_matches("服务").trim_end_matches("指导");
    if head.ends_with("咨询") {
        Some(ItemCategory::咨询)
    } else if head.ends_with("检索") || head.ends_with("查询") {
        Some(ItemCategory::信息服务)
    } else {
        None
    }
}

/// "公共服务", "基本公共服务" → public; "增值服务", "市场化服务" → value-added.
pub fn item_type(text: &str) -> Option<ItemType> {
    if text.contains("增值") || text.contains("市场化") || text.contains("有偿") {
        Some(ItemType::ValueAdded)
    } else if text.contains("公共") || text.contains("公益") || text.contains("基本") {
        Some(ItemType::Public)
    } else {
        None
    }
}

/// The type a list's title gives its items: "银川市知识产权公共服务清单" → public. Only the words naming
/// the list count — what comes before 清单/目录 and after the last 平台 — so a platform's own name
/// ("…知识产权公共服务平台 服务事项实施清单") types nothing.
pub fn list_type(title: &str) -> Option<ItemType> {
    let head = title.find("清单").or_else(|| title.find("目录")).map_or(title, |i| &title[..i]);
    let head = head.rfind("平台").map_or(head, |i| &head[i + "平台".len()..]);
    item_type(head)
}

/// "依申请" → the applicant starts it; "主动" (主动服务, 主动公开) → the provider does (clause C.3's 事项类型).
pub fn initiated_by(text: &str) -> Option<InitiatedBy> {
    if text.contains("依申请") {
        Some(InitiatedBy::Applicant)
    } else if text.contains("主动") {
        Some(InitiatedBy::Provider)
    } else {
        None
    }
}

/// A yes/no cell (是否网上办理: 是, √, 可, 否, ×, /); `None` when it says more (an address, a system's name).
pub fn yes_no(text: &str) -> Option<bool> {
    let t = text.trim().trim_end_matches(['。', '.']);
    let no = ["否", "无", "不", "暂不", "×", "✗", "✘", "/", "-", "—", "－"];
    let yes = ["是", "可", "可以", "支持", "能", "有", "√", "✓", "✔", "Y", "y", "yes", "Yes"];
    if no.contains(&t) || t.starts_with("不") || t.starts_with("暂不") || t.starts_with('否') {
        Some(false)
    } else if yes.contains(&t) || t.starts_with("可以") || t.starts_with("支持") || t.starts_with('是') {
        Some(true)
    } else {
        None
    }
}

/// A 好差评 cell: whether rating is open ("已开展“好差评”"), through which channels; the wording is kept.
pub fn review(text: &str) -> Option<ItemReview> {
    let t = text.trim();
    // The wordings of 国办发〔2019〕51号 and of the guides: 一次一评 (on site), 一事一评 (online), 一件一评,
    // 评价器, 扫码评价 — each says rating is open.
    let open =
        ["开展", "开通", "支持", "可评价", "实行", "推行", "一件一评", "一事一评", "一次一评", "评价器", "扫码评价"];
    let enabled = if matches!(t, "否" | "无") || ["未开展", "未开通", "暂未", "不支持"].iter().any(|w| t.contains(w))
    {
        false
    } else if open.iter().any(|w| t.contains(w)) || t == "是" {
        true
    } else {
        return None;
    };
    let mut channels = Vec::new();
    let words: &[(&[&str], ReviewChannel)] = &[
        (&["现场", "评价器", "二维码", "扫码", "一次一评", "窗口"], ReviewChannel::OnSite),
        (&["网上", "线上", "网站", "网厅", "一事一评"], ReviewChannel::Online),
        (&["移动端", "app", "APP", "小程序", "微信"], ReviewChannel::Mobile),
        (&["短信"], ReviewChannel::Sms),
        (&["热线", "电话"], ReviewChannel::Hotline),
    ];
    for (w, channel) in words {
        if w.iter().any(|w| text.contains(w)) {
            channels.push(channel.clone());
        }
    }
    Some(ItemReview {
        enabled: Some(enabled),
        channels: (!channels.is_empty()).then_some(channels),
        text: Some(text.trim().to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_title_types_its_items_but_a_platform_name_does_not() {
        let public = |t: &str| matches!(list_type(t), Some(ItemType::Public));
        assert!(public("银川市知识产权公共服务清单(2023年)"));
        assert!(public("某市知识产权公共服务事项实施清单（2024年8月）"));
        assert!(matches!(list_type("知识产权增值服务目录"), Some(ItemType::ValueAdded)));
        assert!(list_type("杭州市知识产权公共服务平台 服务事项实施清单").is_none());
        assert!(list_type("服务事项实施清单").is_none());
    }
}
