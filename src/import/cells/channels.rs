//! Channels: "线上及线下", "窗口；专利业务办理系统（http://…）；接收邮寄", e-mail, WeChat, mini-programs,
//! self-service terminals, "委托商标代理机构办理".

use super::lists::split;
use crate::model::ItemChannel;

/// What a channels cell says.
#[derive(Debug, Default)]
pub struct Reading {
    pub channels: Vec<ItemChannel>,
    /// Parts that name no channel the format knows.
    pub unknown: Vec<String>,
    /// Some part said more than its channel (an address, a system's name): the row keeps the wording.
    pub detailed: bool,
}

/// Words that name each channel, most specific first: 小程序 before 微信, 邮箱 before 邮寄.
const WORDS: &[(&[&str], ItemChannel)] = &[
    (&["小程序"], ItemChannel::MiniProgram),
    (&["电子邮件", "电子邮箱", "邮箱", "e-mail", "email", "@"], ItemChannel::Email),
    (&["微信", "公众号"], ItemChannel::Wechat),
    (&["自助", "一体机", "终端"], ItemChannel::SelfServiceTerminal),
    (&["app", "客户端", "移动端", "手机"], ItemChannel::App),
    (&["代理机构", "代办机构", "中介"], ItemChannel::Agency),
    (&["邮寄", "信函", "邮政", "寄送"], ItemChannel::Mail),
    (&["热线", "电话"], ItemChannel::Hotline),
    (
        &["线上", "网上", "在线", "网站", "系统", "平台", "http", "www.", "网办", "全程网办", "online"],
        ItemChannel::Online,
    ),
    (
        &["线下", "窗口", "大厅", "代办处", "现场", "当面", "面交", "面呈", "服务中心", "受理点", "window"],
        ItemChannel::Window,
    ),
];

/// Reads a channels cell.
pub fn read(text: &str) -> Reading {
    let mut r = Reading::default();
    for part in split(text) {
        let lower = part.to_lowercase();
        let mut any = false;
        let mut rest = lower.clone();
        for (words, channel) in WORDS {
            if words.iter().any(|w| rest.contains(w)) {
                any = true;
                for w in *words {
                    rest = rest.replace(w, "");
                }
                if !r.channels.iter().any(|c| same(c, channel)) {
                    r.channels.push(channel.clone());
                }
            }
        }
        let number = part.chars().any(|c| c.is_ascii_digit())
            && part.chars().all(|c| c.is_ascii_digit() || " -()（）转".contains(c));
        if !any && number {
            // A second number of the channel before it ("热线：0755-26617303、0755-86268087").
            r.detailed = true;
        } else if !any {
            r.unknown.push(part.clone());
        } else if rest.trim_matches(|c: char| "及和与或、，,。 办理提交受理申请".contains(c)).chars().count() > 0
        {
            r.detailed = true;
        }
    }
    r
}

fn same(a: &ItemChannel, b: &ItemChannel) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_and_offline() {
        let r = read("线上及线下");
        assert_eq!(r.channels.len(), 2);
        assert!(!r.detailed);
        assert!(r.unknown.is_empty());
    }
}
