//! A finding's place in words: the dotted path, with the name of every list item it passes
//! through, so that `service_items[3]` reads `service_items[3] 专利权质押登记`.

use serde_json::Value;

use crate::pointer::unescape_token;
use crate::values::truncate;

/// Fields that name a list item, in the order they are looked for.
const NAMING_FIELDS: [&str; 6] = ["name", "title", "role", "issue", "vendor", "clause"];

/// `/service_items/3/forms/0/url` → `service_items[3] 专利权质押登记 › forms[0] 申请表 › url`.
pub fn place(doc: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut node = Some(doc);
    // After a named item the path goes on with " › ", so that the name does not run into it.
    let mut after_name = false;
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        node = node.and_then(|n| match n {
            Value::Object(o) => o.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        });
        if token.parse::<usize>().is_ok() {
            out.push_str(&format!("[{token}]"));
            let name = node.and_then(|n| NAMING_FIELDS.iter().find_map(|f| n.get(*f)?.as_str()));
            after_name = name.is_some();
            if let Some(name) = name {
                out.push(' ');
                out.push_str(&truncate(name, 40));
            }
        } else {
            if !out.is_empty() {
                out.push_str(if after_name { " › " } else { "." });
            }
            out.push_str(&token);
            after_name = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_items_are_named() {
        let doc = json!({"service_items": [{"name": "专利申请受理"}, {"name": "专利权质押登记", "forms": [{"name": "申请表"}]}],
            "staffing": {"full_time": 3}});
        assert_eq!(
            place(&doc, "/service_items/1/forms/0/url"),
            "service_items[1] 专利权质押登记 › forms[0] 申请表 › url"
        );
        assert_eq!(place(&doc, "/service_items/0"), "service_items[0] 专利申请受理");
        assert_eq!(place(&doc, "/staffing/full_time"), "staffing.full_time");
        assert_eq!(place(&doc, "/service_items/9/name"), "service_items[9].name");
    }
}
