//! Chinese for the messages the loaders, the config, the importer and the command line write in
//! English: errors, hints and notes, said in Chinese under `--lang zh` when they reach the user.
//!
//! The English message is the key, as gettext does: a message is made where its facts are (the
//! file, the key, the value), in one language, and said in the other at the edge, where errors are
//! rendered. Each entry of [`CATALOG`] is an English pattern, `{}` standing for a part that varies,
//! and its Chinese, `{0}`, `{1}`… for those parts in order; `{0~}` says the part in Chinese too (a
//! message inside a message). A message no entry matches stays English — a test runs a table of
//! failing inputs under `--lang zh` and fails on any English left outside quoted names and values.
//! A message from the YAML parser itself, which cannot be listed, is framed in Chinese with its
//! wording quoted.

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::text::Lang;

/// English pattern → Chinese. Longer, more specific patterns come first where two could match.
const CATALOG: &[(&str, &str)] = &[
    // Reading files.
    ("cannot read: no such file or directory", "无法读取：没有这个文件或目录"),
    ("cannot read: permission denied", "无法读取：没有权限"),
    ("cannot read: is a directory, expected a file", "无法读取：这是目录，应为文件"),
    ("cannot read: {}", "无法读取：`{0}`"),
    ("is a directory, expected a file", "这是目录，应为文件"),
    ("is a directory, expected a config file (.ipps-check.yaml)", "这是目录，应为配置文件（.ipps-check.yaml）"),
    ("the file is {} bytes, over the limit of {} bytes ({})", "文件有 {0} 字节，超过 {1} 字节的上限（{2~}）"),
    ("more than {} bytes arrived, over the limit of {} bytes ({})", "读入超过 {0} 字节，超过 {1} 字节的上限（{2~}）"),
    ("raise it with --max-file-size", "可用 --max-file-size 调高"),
    ("a fixed limit for this kind of file", "此类文件的固定上限"),
    ("a fixed limit for JSON reports", "JSON 报告的固定上限"),
    ("the config file is {} bytes, over the limit of {} bytes", "配置文件有 {0} 字节，超过 {1} 字节的上限"),
    (
        "cannot read: nothing arrived for {} s from {}; is anything writing to it?",
        "无法读取：{0} 秒内没有收到数据（{1~}）；是否有程序在写入？",
    ),
    ("a stream", "数据流"),
    ("the directory holds no .yaml or .yml file{}", "目录中没有 .yaml 或 .yml 文件{0~}"),
    (" that could be checked (see the notes)", "可供检查（见上方提示）"),
    ("{} is the same file as {}; checked once", "{0} 与 {1} 是同一文件；只检查一次"),
    (
        "skipped {}: {}, not a regular file (name it on the command line to read it)",
        "已跳过 {0}：{1}，不是普通文件（在命令行中指名即可读取）",
    ),
    (
        "skipped {}: a symbolic link loop (it leads back to {}, which holds it)",
        "已跳过 {0}：符号链接循环（指回包含它的 {1}）",
    ),
    // The platform file.
    ("the file is empty; run `{}` for a template", "文件为空；运行 `{0}` 获取模板"),
    (
        "the file is not valid UTF-8 (it looks like GB18030/GBK; save it as UTF-8)",
        "文件不是有效的 UTF-8（看起来是 GB18030/GBK；请另存为 UTF-8）",
    ),
    ("the file is not valid UTF-8{}", "文件不是有效的 UTF-8{0}"),
    ("the file starts with a {} mark but is not valid {}", "文件以 {0} 标记开头，但不是有效的 {1}"),
    ("the platform description must be a mapping", "平台描述的顶层必须是映射（键: 值）"),
    (
        "start from `ipps-check init`; the top level holds sections such as `platform:` and `operator:`",
        "可从 `ipps-check init` 开始；顶层是 `platform:`、`operator:` 等各节",
    ),
    (
        "unknown format_version {}; this ipps-check reads versions 1 and 2",
        "未知的 format_version {0}；本工具读取第 1 版和第 2 版",
    ),
    ("unknown field `{}` in the top level", "顶层没有字段 `{0}`"),
    ("unknown field `{}` in `{}`", "`{1}` 中没有字段 `{0}`"),
    ("unknown field `{}`, expected one of {}", "没有字段 `{0}`，可用字段：{1}"),
    ("unknown field `{}`, expected {}", "没有字段 `{0}`，可用字段：{1}"),
    ("unknown field `{}`", "没有字段 `{0}`"),
    ("missing required field `{}` in the top level", "顶层缺少必填字段 `{0}`"),
    ("missing required field `{}` in `{}`", "`{1}` 缺少必填字段 `{0}`"),
    ("missing field `{}`", "缺少字段 `{0}`"),
    ("`{}` must be an integer, found {}", "`{0}` 应为整数，实为 {1}"),
    ("`{}` must be a number, found {}", "`{0}` 应为数值，实为 {1}"),
    ("`{}` must be a string, found {}", "`{0}` 应为文字，实为 {1}"),
    ("`{}` must be a list, found {}", "`{0}` 应为列表，实为 {1}"),
    ("`{}` must be a mapping, found {}", "`{0}` 应为映射，实为 {1}"),
    ("`{}` must be true or false, found {}", "`{0}` 应为 true 或 false，实为 {1}"),
    ("`{}` must be {}, found {}", "`{0}` 应为 `{1}`，实为 {2}"),
    ("`{}` is {}, which is not one of: {}", "`{0}` 为 {1}，不是以下取值之一：{2}"),
    ("`{}` is {}, which is not a calendar date", "`{0}` 为 {1}，不是有效的日历日期"),
    ("`{}` is {}, which is none of the accepted forms", "`{0}` 为 {1}，不符合任何一种可接受的写法"),
    (
        "`{}` is {}, which is not a web address starting with http:// or https://",
        "`{0}` 为 {1}，不是以 http:// 或 https:// 开头的网址",
    ),
    ("`{}` is {}, which is not an 18-character unified social credit code", "`{0}` 为 {1}，不是 18 位统一社会信用代码"),
    ("`{}` is {}, which is not {}", "`{0}` 为 {1}，不符合格式：`{2}`"),
    ("{} {} has {} days", "{1} 年 {0~}只有 {2} 天"),
    ("January", "1 月"),
    ("February", "2 月"),
    ("March", "3 月"),
    ("April", "4 月"),
    ("May", "5 月"),
    ("June", "6 月"),
    ("July", "7 月"),
    ("August", "8 月"),
    ("September", "9 月"),
    ("October", "10 月"),
    ("November", "11 月"),
    ("December", "12 月"),
    ("there is no month {}", "没有 {0} 月"),
    ("there is no day 00", "没有 00 日"),
    ("duplicate key `{}`", "重复的键 `{0}`"),
    (
        "each key may appear once per mapping; remove or rename the repeated key",
        "同一映射中每个键只能出现一次；请删除或改名重复的键",
    ),
    (
        "the file holds several YAML documents (separated by `---`); a description is one document",
        "文件含多个 YAML 文档（以 `---` 分隔）；一个描述只能是一个文档",
    ),
    (
        "an empty (null) value where text is required: a mapping key, or a text field",
        "需要文字的位置是空值（null）：映射的键或文字字段",
    ),
    (
        "expected text here (mapping keys must be plain text, not lists or mappings)",
        "此处应为文字（映射的键只能是普通文字，不能是列表或映射）",
    ),
    ("the YAML nests deeper than {} levels ({})", "YAML 嵌套超过 {0} 层（{1~}）"),
    ("the YAML uses more than {} alias references ({})", "YAML 使用的别名引用超过 {0} 个（{1~}）"),
    ("the YAML defines more than {} anchors ({})", "YAML 定义的锚点超过 {0} 个（{1~}）"),
    (
        "the YAML expands to more than {} nodes once aliases are resolved, as an alias bomb does ({})",
        "展开别名后 YAML 超过 {0} 个节点，属于“别名炸弹”（{1~}）",
    ),
    ("the YAML has more than {} nodes ({})", "YAML 超过 {0} 个节点（{1~}）"),
    ("a list of {} items, over the limit of {} ({})", "列表有 {0} 项，超过 {1} 项的上限（{2~}）"),
    ("the YAML exceeds a limit of the parser ({}) ({})", "YAML 超出解析器的限制（{0}）（{1~}）"),
    ("limit: --max-depth", "上限：--max-depth"),
    ("limit: --max-aliases", "上限：--max-aliases"),
    ("limit: --max-nodes", "上限：--max-nodes"),
    ("limit: --max-list-items", "上限：--max-list-items"),
    ("limit: the larger of {} MiB and --max-file-size", "上限：{0} MiB 与 --max-file-size 中较大者"),
    ("no flag raises it", "没有参数可以调高"),
    (
        "the fixed limit for rule packs, waivers and config files; no flag changes it",
        "规则包、豁免文件和配置文件的固定上限，不可调整",
    ),
    ("the parser's own limit, which --max-depth cannot raise", "解析器自身的上限，--max-depth 无法调高"),
    // Hints.
    ("did you mean `ipps-check {}`?", "是否想用 `ipps-check {0}`？"),
    ("did you mean `{}`?", "是否想写 `{0}`？"),
    ("valid fields here: {}", "此处可用的字段：{0}"),
    ("valid fields: {}", "可用的字段：{0}"),
    ("no such file, and no command of that name", "没有这个文件，也没有这个命令"),
    ("a command after an option is read as a file to check", "命令写在选项之后，被当作待检查的文件"),
    (
        "write the command first, then its options: `ipps-check {}` (`ipps-check {} --help` lists them)",
        "先写命令，再写它的选项：`ipps-check {0}`（`ipps-check {1} --help` 列出这些选项）",
    ),
    // The config file.
    ("`{}`: invalid type: {}, expected {}", "`{0}`：类型不对：`{1}`，应为 `{2}`"),
    ("`{}`: unknown variant `{}`, expected {}", "`{0}`：取值 `{1}` 无效，应为 {2}"),
    ("`{}`: no directory {}", "`{0}`：目录 `{1}` 不存在"),
    ("`{}`: no file {}", "`{0}`：文件 `{1}` 不存在"),
    ("`{}` is empty", "`{0}` 为空"),
    ("`fail-on` takes shall, should or none, got `{}`", "`fail-on` 取 shall、should 或 none，实为 `{0}`"),
    ("`min-score` takes a number from 0 to 100, got {}", "`min-score` 取 0 到 100 的数，实为 {0}"),
    ("`as-of` takes a date YYYY-MM-DD, got `{}`", "`as-of` 取日期 YYYY-MM-DD，实为 `{0}`"),
    ("`timezone`: {}", "`timezone`：{0~}"),
    (
        "`{}` is not a time zone (an IANA name such as Asia/Shanghai, or UTC)",
        "`{0}` 不是时区（应为 Asia/Shanghai 这样的 IANA 名称，或 UTC）",
    ),
    ("unknown report format `{}`", "未知的报告格式 `{0}`"),
    ("formats: {}", "可用格式：{0}"),
    ("a second format to standard output", "第二个输出到标准输出的格式"),
    ("give every format but one a file: FMT:PATH", "除一个外，每个格式都要写明文件：FMT:PATH"),
    ("parameter `{}` has no value", "参数 `{0}` 没有取值"),
    ("params: {}", "参数：{0~}"),
    ("unknown rule-pack parameter `{}`", "规则包中没有参数 `{0}`"),
    ("`{}` takes a {}, got a {}", "`{0}` 应取{1~}，实为{2~}"),
    ("number", "数值"),
    ("string", "文字"),
    ("list", "列表"),
    ("boolean", "true/false"),
    ("mapping", "映射"),
    ("keyed", "按平台字段分档的取值"),
    ("null", "空值"),
    ("value of `{}`: {}", "`{0}` 的取值：{1~}"),
    ("both {} and {} are in {}", "{2} 中同时有 {0} 和 {1}"),
    (
        "keep one of them (ipps-check reads {} first), or pass --config FILE",
        "只保留其一（先读取 {0}），或用 --config FILE 指定",
    ),
    (
        "IPPS_CHECK_CONFIG names this file; unset it or pass --no-config to run without one",
        "IPPS_CHECK_CONFIG 指向此文件；可取消该变量，或用 --no-config 不使用配置文件",
    ),
    ("cannot read the current directory to look for a config file: {}", "无法读取当前目录以查找配置文件：`{0}`"),
    // The command line.
    (
        "no platform file given; try `{}`, or `{}` for a template",
        "没有给出平台描述文件；试试 `{0}`，或用 `{1}` 获取模板",
    ),
    ("--as-of takes a date YYYY-MM-DD, got `{}`", "--as-of 取日期 YYYY-MM-DD，实为 `{0}`"),
    ("--min-score takes a number from 0 to 100, got {}", "--min-score 取 0 到 100 的数，实为 {0}"),
    ("--param takes NAME=VALUE, got `{}`", "--param 的写法是 NAME=VALUE，实为 `{0}`"),
    ("--evidence-dir {} is not a directory", "--evidence-dir {0} 不是目录"),
    (
        "unknown report format `{}` (expected one of {}); did you mean `{}`?",
        "未知的报告格式 `{0}`（可用：{1}）；是否想写 `{2}`？",
    ),
    ("unknown report format `{}` (expected one of {})", "未知的报告格式 `{0}`（可用：{1}）"),
    (
        "at most one --format may go to standard output; give the others a path (FMT:PATH)",
        "至多一个 --format 输出到标准输出；其余请写明文件（FMT:PATH）",
    ),
    ("no clause `{}` in the rule pack; did you mean `{}`?", "规则包中没有条款 `{0}`；是否想写 `{1}`？"),
    ("no clause `{}` in the rule pack", "规则包中没有条款 `{0}`"),
    ("exists; not replaced with a template", "文件已存在；不会用模板覆盖"),
    ("choose another file, or remove this one first", "请换一个文件名，或先删除此文件"),
    (
        "exists and is not a platform schema written by ipps-check; not replaced",
        "文件已存在且不是 ipps-check 写出的平台模式文件；不会覆盖",
    ),
    ("choose another path, or remove the file first", "请换一个路径，或先删除该文件"),
    (
        "the schema path has a space or control character, which the editor's modeline cannot carry",
        "模式文件路径含空格或控制字符，编辑器首行声明无法使用",
    ),
    ("choose a path without spaces, e.g. platform.schema.json", "请选用不含空格的路径，如 platform.schema.json"),
    (
        "the first line names {} relative to the current directory: save the template here, or write it with -o FILE",
        "首行按当前目录指向 {0}：请把模板保存在当前目录，或用 -o FILE 写出",
    ),
    (
        "the {} report (on standard output) would overwrite the input {}; write reports elsewhere",
        "{0} 报告（输出到标准输出）会覆盖输入文件 {1}；请把报告写到别处",
    ),
    (
        "the {} report would overwrite the input {}; write reports elsewhere",
        "{0} 报告会覆盖输入文件 {1}；请把报告写到别处",
    ),
    ("{} would overwrite the input {}", "{0} 会覆盖输入文件 {1}"),
    (
        "two formats write to one file: {} and {}; give each its own file",
        "两种格式写到同一个文件：{0} 与 {1}；请各用一个文件",
    ),
    // Writing reports (output.rs): the report, then why it cannot be written.
    ("cannot write the {} reports: {}", "无法写出 {0} 报告：{1~}"),
    ("cannot write the {} report: {}", "无法写出 {0} 报告：{1~}"),
    ("cannot write {}: not a regular file", "无法写入 {0}：不是普通文件"),
    ("the directory {} cannot be used: {}", "目录 {0} 无法使用：{1~}"),
    ("{} does not name a file", "{0} 不是文件名"),
    ("{} is a symbolic link to a missing file", "{0} 是指向不存在文件的符号链接"),
    ("{} is a symbolic link; name the file it points to ({}) instead", "{0} 是符号链接；请改写它指向的文件（{1}）"),
    ("{} is a symbolic link; name the directory it points to", "{0} 是符号链接；请改写它指向的目录"),
    (
        "{} is {}; a report goes to a regular file, a FIFO or a character device such as /dev/stdout",
        "{0} 是{1~}；报告只能写到普通文件、FIFO 或 /dev/stdout 这样的字符设备",
    ),
    ("{} is not a directory", "{0} 不是目录"),
    ("{}: no such file or directory", "{0}：没有这个文件或目录"),
    ("{}: permission denied", "{0}：没有权限"),
    ("{}: Not a directory (os error 20)", "{0}：路径中有一段不是目录"),
    ("no such file or directory", "没有这个文件或目录"),
    ("permission denied", "没有权限"),
    ("a regular file", "普通文件"),
    ("a directory", "目录"),
    ("a FIFO (named pipe)", "FIFO（命名管道）"),
    ("a character device", "字符设备"),
    ("a block device", "块设备"),
    ("a socket", "套接字"),
    ("not a regular file", "不是普通文件"),
    // export-list.
    ("service_items cannot be read: {}", "无法读取 service_items：{0~}"),
    ("cannot make the workbook: {}", "无法生成工作簿：`{0}`"),
    (
        "not an .xlsx workbook ({}); save the list as .xlsx (Excel, WPS: 另存为 .xlsx), or leave out --from for the 实施清单 layout",
        "不是 .xlsx 工作簿（{0~}）；请把清单另存为 .xlsx（Excel、WPS：另存为 .xlsx），或去掉 --from 使用实施清单版式",
    ),
    ("not a zip package", "不是 zip 压缩包"),
    ("the workbook has no sheet named “{}”", "工作簿中没有名为“{0}”的工作表"),
    ("the workbook's part {} is damaged: {}", "工作簿的部件 {0} 已损坏：`{1}`"),
    (
        "the sheet “{}” already has comments (批注); marking it would change them. Remove them, or leave out --from for the 实施清单 layout",
        "工作表“{0}”已有批注，标注会改动它们。请先删除批注，或去掉 --from 使用实施清单版式",
    ),
    ("cannot write the copy: {}", "无法写出副本：{0~}"),
    (
        "service_items[{}] {}: `{}` is written as a list states it, and `import` reads that back differently; check the cell",
        "service_items[{0}] {1}：`{2}` 按清单的写法写出，`import` 读回时会不同；请核对该单元格",
    ),
    ("{} gaps belong to items that are not in {}", "{0} 项差距属于不在 {1} 中的事项"),
    ("cannot write to standard output: {}", "无法写入标准输出：`{0}`"),
    ("TZ={} is not a time zone; today is read in UTC", "TZ={0} 不是时区；按 UTC 计算今天"),
    // Waivers.
    ("the waiver of {} has no reason", "条款 {0} 的豁免没有写明理由"),
    ("the waiver of {} has no approver", "条款 {0} 的豁免没有批准人"),
    ("`{}` is not a date YYYY-MM-DD", "`{0}` 不是日期 YYYY-MM-DD"),
    ("clause {} is a veto item and cannot be waived", "条款 {0} 是否决项，不能豁免"),
    ("clause {} is a requirement (应/不应) and cannot be waived", "条款 {0} 是要求（应/不应），不能豁免"),
    (
        "if {} truly does not apply, declare it under not_applicable in the platform file with a reason",
        "如果 {0} 确实不适用，请在平台描述的 not_applicable 中声明并写明理由",
    ),
    (
        "{} may be declared not applicable only when its condition holds ({}); otherwise it must be met",
        "{0} 仅在条件成立时可声明不适用（{1}）；否则必须满足",
    ),
    (
        "{} can be neither waived nor declared not applicable: it must be met (`{}` says how)",
        "{0} 既不能豁免，也不能声明不适用，必须满足（`{1}` 说明如何满足）",
    ),
    (
        "{}: waiver for clause `{}`, which the rule pack does not have ({}); ignored",
        "{0}：豁免的条款 `{1}` 不在规则包中（{2~}）；已忽略",
    ),
    (
        "{}: waiver for clause `{}`, which the rule pack does not have; ignored",
        "{0}：豁免的条款 `{1}` 不在规则包中；已忽略",
    ),
    // Reports read back (diff, baseline).
    ("not JSON: {}", "不是 JSON：`{0}`"),
    ("not a JSON report: the file is not UTF-8 text", "不是 JSON 报告：文件不是 UTF-8 文本"),
    (
        "not an ipps-check JSON report of a compatible schema_version (write one with --format json:FILE)",
        "不是 schema_version 兼容的 ipps-check JSON 报告（可用 --format json:FILE 生成）",
    ),
    // The importer.
    ("name the spreadsheet to import", "请指定要导入的表格文件"),
    ("not a readable workbook: {}", "不是可读取的工作簿：`{0}`"),
    // The run as a whole.
    (
        "the rule pack has no rules: a pack needs rule files beside pack.yaml",
        "规则包中没有规则：pack.yaml 旁需要有规则文件",
    ),
    // A path a repository's config names outside its project or inside .git (docs/security.md).
    ("`{}` leads outside the project {}: {}; not used", "`{0}` 指向项目 {1} 之外：{2}；未使用"),
    ("`{}` leads into version-control metadata ({}): {}; not used", "`{0}` 指向版本控制元数据（{1}）：{2}；未使用"),
    (
        "a config may only name files inside the project it belongs to, outside .git and other version-control metadata; move the file into the project, give the path on the command line ({}), or pass {} if you trust this config",
        "配置文件只能指向其所属项目之内、`.git` 等版本控制元数据之外的文件；请把文件移入项目，或在命令行中给出该路径（{0}）；如信任此配置，可加 {1}",
    ),
    // A parameter outside the range its pack declares.
    ("`{}` takes a whole number from {} to {}, got {}", "`{0}` 应为 {1} 到 {2} 之间的整数，实为 {3}"),
    ("`{}` takes a whole number from {} upward{}, got {}", "`{0}` 应为不小于 {1} 的整数{2}，实为 {3}"),
    ("`{}` takes a whole number up to {}, got {}", "`{0}` 应为不大于 {1} 的整数，实为 {2}"),
    ("`{}` takes a number from {} to {}, got {}", "`{0}` 应为 {1} 到 {2} 之间的数，实为 {3}"),
    ("`{}` takes a number from {} upward{}, got {}", "`{0}` 应为不小于 {1} 的数{2}，实为 {3}"),
    ("`{}` takes a number up to {}, got {}", "`{0}` 应为不大于 {1} 的数，实为 {2}"),
    ("the range is declared for `{}` in the rule pack's pack.yaml", "`{0}` 的取值范围在规则包的 pack.yaml 中声明"),
    // Importing a list.
    ("--sheet “{}”: a CSV file has no sheets", "--sheet “{0}”：CSV 文件没有工作表"),
    ("omit --sheet for a CSV file", "CSV 文件不要使用 --sheet"),
    (
        "the header names one field twice: {} and {} both read as `{}`",
        "表头有两列读作同一字段：{0} 与 {1} 都读作 `{2}`",
    ),
    (
        "rename one of the two headers in the spreadsheet, or give a mapping (--map) that reads only one of them",
        "请在表格中改掉其中一个表头，或用映射（--map）只读取其中一列",
    ),
    (
        "no service items below the header at {}: every row under it is empty or has no item name",
        "表头（{0~}）下没有服务事项：其下各行为空或没有事项名称",
    ),
    ("check that the item names (事项名称) are filled in below the header", "请检查表头下是否填写了事项名称"),
    // A row of a sheet, as a part of the messages above (last: the patterns match any text so shaped).
    ("{}!row {}", "{0}!第 {1} 行"),
    ("row {}", "第 {0} 行"),
];

/// The catalog as anchored regular expressions, each with its Chinese.
static COMPILED: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    CATALOG
        .iter()
        .filter_map(|(en, zh)| {
            let pattern = en.split("{}").map(regex::escape).collect::<Vec<_>>().join("(.*?)");
            Regex::new(&format!("^{pattern}$")).ok().map(|r| (r, *zh))
        })
        .collect()
});

/// `{0}`, `{1~}`: a part of the message in the Chinese template.
static SLOT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{(\d+)(~?)\}").expect("a valid pattern"));

/// The Chinese of a message, when the catalog has it.
pub fn translate(message: &str) -> Option<String> {
    let (re, zh) = COMPILED.iter().find(|(re, _)| re.is_match(message))?;
    let caps = re.captures(message)?;
    let said = SLOT.replace_all(zh, |slot: &regex::Captures| {
        let part = slot[1].parse::<usize>().ok().and_then(|i| caps.get(i + 1)).map_or("", |m| m.as_str());
        if &slot[2] == "~" { translate(part).unwrap_or_else(|| part.to_owned()) } else { part.to_owned() }
    });
    Some(said.into_owned())
}

/// A message in a language: the Chinese when the catalog has it, else as written.
pub fn say(message: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::Zh => translate(message).map_or(Cow::Borrowed(message), Cow::Owned),
        Lang::En => Cow::Borrowed(message),
    }
}

/// A message of the YAML parser, in a language: framed, its own wording quoted, when no entry
/// of the catalog says it.
pub fn say_parser(message: &str, lang: Lang) -> Cow<'_, str> {
    match (lang, translate(message)) {
        (Lang::En, _) => Cow::Borrowed(message),
        (Lang::Zh, Some(said)) => Cow::Owned(said),
        (Lang::Zh, None) => Cow::Owned(format!("YAML 语法错误（解析器原文：`{message}`）")),
    }
}

/// A command-line error of clap said in Chinese: the wrong argument or value, the accepted ones and
/// clap's suggestion; `None` for the kinds clap says best itself (help, version).
pub fn clap_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as K, ErrorKind};
    let get = |k: K| e.get(k).map(|v| v.to_string()).filter(|s| !s.is_empty());
    let arg = get(K::InvalidArg).unwrap_or_default();
    let value = get(K::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("未知的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => format!("未知的命令 `{}`", get(K::InvalidSubcommand)?),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => format!("参数 `{arg}` 缺少取值"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!("参数 `{arg}` 的取值 `{value}` 无效"),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 `{arg}`"),
        ErrorKind::ArgumentConflict => match get(K::PriorArg) {
            Some(prior) => format!("参数 `{arg}` 不能与 `{prior}` 同时使用"),
            None => format!("参数 `{arg}` 不能与其他参数同时使用"),
        },
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues | ErrorKind::NoEquals => {
            format!("参数 `{arg}` 的取值个数不对")
        }
        _ => return None,
    };
    let mut out = format!("错误：{message}\n");
    if let Some(valid) = get(K::ValidValue) {
        out.push_str(&format!("  可用的取值：{valid}\n"));
    }
    let suggested = [K::SuggestedArg, K::SuggestedSubcommand, K::SuggestedValue].into_iter().find_map(get);
    if let Some(s) = suggested {
        out.push_str(&format!("  提示：是否想写 `{s}`？\n"));
    }
    out.push_str("运行 `ipps-check --help` 查看用法。\n");
    Some(out)
}

/// The language the process speaks to the user in, set once when the command line is read; the
/// notes and warnings written on stderr follow it.
static LANGUAGE: OnceLock<Lang> = OnceLock::new();

/// Sets the language of notes and warnings; the first call wins.
pub fn set_language(lang: Lang) {
    let _ = LANGUAGE.set(lang);
}

/// The language of notes and warnings (English until set).
pub fn language() -> Lang {
    LANGUAGE.get().copied().unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_every_slot_has_a_part() {
        assert_eq!(COMPILED.len(), CATALOG.len(), "a pattern of the catalog does not compile");
        for (en, zh) in CATALOG {
            let parts = en.matches("{}").count();
            for slot in SLOT.captures_iter(zh) {
                let i: usize = slot[1].parse().unwrap();
                assert!(i < parts, "{zh:?} names part {i} of {en:?}, which has {parts}");
            }
            assert!(!zh.contains("{}"), "{zh:?}: parts are numbered in the Chinese");
        }
    }

    #[test]
    fn messages_are_said_in_chinese_parts_and_all() {
        let cases = [
            ("unknown field `ful_time` in `staffing`", "`staffing` 中没有字段 `ful_time`"),
            ("did you mean `full_time`?", "是否想写 `full_time`？"),
            ("params: unknown rule-pack parameter `min_site_aera_m2`", "参数：规则包中没有参数 `min_site_aera_m2`"),
            (
                "the file is 9 bytes, over the limit of 3 bytes (raise it with --max-file-size)",
                "文件有 9 字节，超过 3 字节的上限（可用 --max-file-size 调高）",
            ),
            ("`staffing.full_time` must be an integer, found \"many\"", "`staffing.full_time` 应为整数，实为 \"many\""),
        ];
        for (en, zh) in cases {
            assert_eq!(translate(en).as_deref(), Some(zh), "{en}");
        }
        assert_eq!(translate("something new"), None);
        assert_eq!(say("something new", Lang::Zh), "something new");
        assert_eq!(say("did you mean `x`?", Lang::En), "did you mean `x`?");
        assert_eq!(
            say_parser("illegal placement of ':' indicator", Lang::Zh),
            "YAML 语法错误（解析器原文：`illegal placement of ':' indicator`）"
        );
    }
}
