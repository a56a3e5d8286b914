#!/usr/bin/env python3
# Writes src/init_template.zh.yaml, the template of `ipps-check init --lang zh`: the English template
# with every comment in Chinese. Run from the repository root after changing src/init_template.yaml;
# a new comment needs its Chinese in the table T below (the script stops on one it cannot translate).
# tests/ux.rs checks that both templates hold the same YAML.
import re,sys
src=open('src/init_template.yaml').read().split('\n')
HEADER_ZH='''# yaml-language-server: $schema=platform.schema.json
# ipps-check 平台描述文件——由 `ipps-check init --lang zh` 生成的模板。
#
# 逐节填写平台具备的内容；平台不具备的项留空（或删去该行）：空值按缺失计，检查会报告差距及对应条款。
# 不适用的条款在 `not_applicable` 下声明，并写明理由。
# 日期写作 YYYY-MM-DD（文件只注明年月时写 YYYY-MM）；网址以 http:// 或 https:// 开头。
# 市县的实施清单表格可用 `ipps-check import` 填入 service_items。
# 字段说明见 docs/platform.md。第一行让编辑器在输入时补全和检查，前提是本文件旁有
# platform.schema.json：`ipps-check schema platform > platform.schema.json`
# （或 `ipps-check init --schema-file platform.schema.json`）；编辑器设置见 docs/editors.md。
# 检查：`ipps-check --lang zh platform.yaml`（退出码 0 门禁通过，1 有差距，2 文件本身无效）。'''.split('\n')
# The English header is lines 1..12 (index 0..11).
assert src[11].startswith('# Check it:'), src[11]
T={
"The version of this format (a file without it is read as version 1; `ipps-check migrate` updates it).":"本格式的版本（没有此项的文件按第 1 版读取；`ipps-check migrate` 可升级）。",
"Name of the platform (required).":"平台名称（必填）。",
"Address of its web portal.":"门户网站地址。",
'Administrative division code (GB/T 2260), e.g. "330100".':'行政区划代码（GB/T 2260），如 "330100"。',
"Date the platform went live.":"平台上线日期。",
"The standard the platform claims to follow (its number or title).":"平台声明遵循的标准（编号或名称）。",
"Whether the platform fits the standard's definition (3.1).":"平台是否符合标准中的定义（3.1）。",
"Has an online system.":"具备线上系统。",
"Has offline service premises.":"具备线下服务场所。",
"Serves innovators and the public.":"面向创新主体和社会公众服务。",
"documents backing this section: - {title, doc_no, url, date, locator, file}":"本节的证明文件：- {title, doc_no, url, date, locator, file}",
"Has independent legal-person status (or is a relatively independent unit of one).":"具有独立法人资格（或为法人内相对独立的单位）。",
"Authorisation or commission document, required when the operator is not itself an IP authority body.":"授权或委托文件；运营主体不是知识产权管理部门本身时必填。",
"Listed as a seriously dishonest entity (严重失信).":"是否被列入严重失信主体名单。",
"Major administrative penalties in the last three years.":"近三年是否受到重大行政处罚。",
"Document that divides duties between the bodies.":"明确各机构职责分工的文件。",
"list; example entry below":"列表；示例条目见下",
"Document number or reference.":"文号或编号。",
"Date of the latest user-demand survey.":"最近一次用户需求调查日期。",
"Days between updates (update lag).":"更新周期（天，即更新滞后）。",
'Standard the basic data follows, e.g. "GB/T 39046-2020".':'基础数据遵循的标准，如 "GB/T 39046-2020"。',
"Who owns the system and its data.":"系统及数据的权属。",
"Classified protection level (等级保护) 1–5.":"网络安全等级保护级别 1–5。",
'Web accessibility standard followed, e.g. "GB/T 37668-2019".':'遵循的网站无障碍标准，如 "GB/T 37668-2019"。',
"Role name, e.g. lead, intake, search_analysis, it_ops, data, security, quality.":"岗位名称，如 lead、intake、search_analysis、it_ops、data、security、quality。",
"Headcount by professional background.":"按专业背景统计的人数。",
"Professional certificates held (informative only: clause 6.3.5, never required).":"持有的职业资格证书（仅作参考：条款 6.3.5，不作要求）。",
"owned, leased, provided…":"自有、租赁、无偿提供……",
"Building structural safety grade (GB 50068): 1 is highest.":"建筑结构安全等级（GB 50068）：1 级最高。",
"Date of the latest fire-safety check.":"最近一次消防检查日期。",
"e.g. 工作日 8:30-17:00":"如 工作日 8:30-17:00",
"Convenience facilities: queue system, seating, drinking water…":"便民设施：排队叫号、座椅、饮水……",
"The in-house team or the contract that runs operations.":"承担运维的自有团队或运维合同。",
"Contract term as written, e.g. 2024-01-01/2026-12-31.":"合同期限（照原文），如 2024-01-01/2026-12-31。",
"First day of the term.":"合同起始日。",
"Last day of the term.":"合同终止日。",
"Why no materials are needed (a self-service search), instead of materials.":"无需申请材料的理由（如自助检索），用于代替 materials。",
"each limit: {value: 20, unit: 工作日}, {min: 3, max: 5, unit: 工作日} or {instant: true}; units 工作日, 自然日, 月, 小时, 年":"每项时限写作 {value: 20, unit: 工作日}、{min: 3, max: 5, unit: 工作日} 或 {instant: true}；单位：工作日、自然日、月、小时、年",
"Statutory limit (法定办结时限).":"法定办结时限。",
"Promised limit (承诺办结时限).":"承诺办结时限。",
"Average processing time (平均办理时间); not a limit.":"平均办理时间（不是时限）。",
"The guide's own wording.":"办事指南中的原文。",
"The item is free of charge (不收费).":"本事项不收费。",
"Why it is free, or the rule that makes it so.":"不收费的理由或依据。",
"What is charged for.":"收费项目。",
"one of: notice, schedule (when the payment notice or the fee schedule sets the amount)":"取值之一：notice、schedule（金额由缴费通知或收费标准确定时）",
"e.g. 元/件, 元/类":"如 元/件、元/类",
"Legal basis of the charge.":"收费的法律依据。",
"Address of the published fee schedule.":"公开的收费标准的网址。",
"This part is free.":"此部分不收费。",
"how to ask: - {kind: phone|email|online|letter|window|wechat|other, value, note}":"咨询方式：- {kind: phone|email|online|letter|window|wechat|other, value, note}",
"where to complain: - {kind, value, note}":"监督投诉渠道：- {kind, value, note}",
"Download address.":"下载地址。",
"How it is obtained when it cannot be downloaded.":"无法下载时的获取方式。",
"Why no forms are needed (在线填写，无需相关表格), instead of forms.":"无需表格的理由（如 在线填写，无需相关表格），用于代替 forms。",
"好差评 for this item":"本事项的好差评",
'Standard the service follows, e.g. "GB/T 37286-2019".':'服务遵循的标准，如 "GB/T 37286-2019"。',
"Working days to answer a complaint.":"投诉答复时限（工作日）。",
'External standards adopted, e.g. "GB/T 39554.1-2020".':'采用的外部标准，如 "GB/T 39554.1-2020"。',
"The service item the measure targets.":"措施针对的服务事项。",
"Quantified effect, e.g. 材料由5份减至2份.":"量化效果，如 材料由5份减至2份。",
"Satisfaction surveys, most recent last.":"满意度调查，按时间先后排列，最近的放最后。",
"Satisfaction on a 0–100 scale.":"满意度（0–100 分）。",
"Where the statistics are published.":"统计结果的公开网址。",
"Date of the latest quality analysis / management review.":"最近一次服务质量分析或管理评审日期。",
"Filing or recognition number.":"备案或认定编号。",
"Clause id as in the rule pack, e.g. `6.4.7`.":"规则包中的条款编号，如 `6.4.7`。",
"Why the clause does not apply.":"该条款不适用的理由。",
}
SECTION_REST={
"(certificates are informative only, 6.3.5)":"（证书仅作参考，6.3.5）",
"Appendix C (one entry per item)":"附录 C（每个事项一个条目）",
"Appendices D and E":"附录 D、附录 E",
"Appendix B":"附录 B",
"any clause, with a justification":"任一条款，须写明理由",
}
def tr_comment(c):
    c0=c.strip()
    if c0 in T: return T[c0]
    m=re.match(r'one of: (.*)$',c0)
    if m: return '取值之一：'+m.group(1).replace(', ','、')
    m=re.match(r'list of: (.*)$',c0)
    if m: return '列表，取值：'+m.group(1).replace(', ','、')
    raise SystemExit('untranslated comment: '+repr(c0))
out=list(HEADER_ZH)
for line in src[12:]:
    m=re.match(r'^# ── (\S+) ── clauses (.*)$',line)
    if m:
        rest=m.group(2)
        for k,v in SECTION_REST.items(): rest=rest.replace(k,v)
        rest=re.sub(r', (?=[0-9A-E])','、',rest)
        out.append(f'# ── {m.group(1)} ── 条款 {rest}')
        continue
    if line.startswith('# ') and not re.match(r'^#\s+-?\s*[a-z_0-9]+:', line) and '──' not in line:
        out.append('# '+tr_comment(line[2:])); continue
    # an inline comment: the last "  # " of the line (commented-out YAML keeps its leading '#')
    idx=line.rfind('  # ')
    if idx>0:
        out.append(line[:idx]+'  # '+tr_comment(line[idx+4:]))
    else:
        out.append(line)
open('src/init_template.zh.yaml','w').write('\n'.join(out))
