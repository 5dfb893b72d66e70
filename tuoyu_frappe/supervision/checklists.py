"""The three shipped checklist templates, as idempotent install data.

Each item cites the legal text and the provision it checks (domain brief RULES.md §1, §2.1, §2.3,
§2.4). A template is inserted only when no template of that name exists, so a city administrator's
later edits (and the versions they raise) survive every migrate. Where the brief gives no article
number, the provision is cited by its content; a city administrator can add the article.
"""

import frappe

HOME = "《家庭托育点管理办法（试行）》（国卫人口发〔2023〕28号）"
MINORS = "《中华人民共和国未成年人保护法》"
STANDARD = "《托育机构设置标准（试行）》（国卫人口发〔2019〕58号）"
NORMS = "《托育机构管理规范（试行）》（国卫人口发〔2019〕58号）"
FILING = "《托育机构登记和备案办法（试行）》"
LINYI = "《临沂市家庭托育点建设试点方案》"

MINOR, SERIOUS, VETO = "一般", "严重", "否决"


def item(code, section, text, source, clause, severity=MINOR, photo=0, points=5) -> dict:
	return {
		"item_code": code,
		"section": section,
		"item_text": text,
		"legal_source": source,
		"clause": clause,
		"severity": severity,
		"photo_required": photo,
		"points": points,
	}


PATROL_ITEMS = [
	item(
		"XC-01",
		"场所",
		"利用住宅设置，自有或租赁期不少于3年，场所与备案信息一致",
		HOME,
		"利用住宅设置；住宅为自有住宅或租赁期不少于3年的他人住宅",
		MINOR,
		1,
		5,
	),
	item(
		"XC-02",
		"场所",
		"选址、房屋结构、设施设备、装饰装修材料、家具用具符合国家安全质量和环保标准，无安全隐患",
		HOME,
		"选址、房屋结构、设施设备、装饰装修材料、家具用具等应符合国家相关安全质量标准和环保标准",
		SERIOUS,
		1,
		10,
	),
	item(
		"XC-03",
		"视频监控",
		"视频安防监控系统覆盖婴幼儿生活和活动的全部区域，收托期间正常设防",
		HOME,
		"设置视频安防监控系统，对婴幼儿生活和活动区域进行全覆盖监控",
		VETO,
		1,
		10,
	),
	item(
		"XC-04",
		"视频监控",
		"现场调阅90日前的监控录像，录像资料保存期不少于90日",
		HOME,
		"监控录像资料保存期不少于90日",
		SERIOUS,
		1,
		10,
	),
	item(
		"XC-05",
		"人员",
		"照护人员上岗前取得健康合格证明，并每年体检一次，证明在有效期内",
		NORMS,
		"工作人员上岗前取得健康合格证明，每年体检一次",
		SERIOUS,
		0,
		8,
	),
	item(
		"XC-06",
		"人员",
		"照护人员有婴幼儿照护经验或相关专业背景，受过保育、心理健康、食品安全、急救和消防等培训",
		HOME,
		"照护人员应有婴幼儿照护经验或相关专业背景，受过婴幼儿保育、心理健康、食品安全、急救和消防等培训",
		MINOR,
		0,
		5,
	),
	item(
		"XC-07",
		"人员",
		"录用前及每年查询照护人员性侵害、虐待、拐卖、暴力伤害等违法犯罪记录，无上述记录",
		MINORS,
		"第六十二条：录用前及每年定期查询违法犯罪记录，不得录用有上述记录的人员",
		VETO,
		0,
		10,
	),
	item(
		"XC-08",
		"收托",
		"实际收托婴幼儿不超过5人，每名照护人员最多看护3名婴幼儿",
		HOME,
		"收托人数不得超过5人；每1名照护人员最多看护3名婴幼儿",
		SERIOUS,
		0,
		10,
	),
	item(
		"XC-09",
		"食品安全",
		"自行加工膳食的持有食品经营许可证，食品留样和餐具消毒落实",
		FILING,
		"提供餐饮服务的，应取得食品经营许可证",
		SERIOUS,
		1,
		8,
	),
	item(
		"XC-10",
		"卫生消毒",
		"落实卫生消毒制度，玩具、餐具、寝具等消毒记录完整",
		NORMS,
		"建立健康、消毒、伤害、膳食、演练等记录",
		MINOR,
		1,
		5,
	),
	item(
		"XC-11",
		"消防安全",
		"配备灭火器等消防器材并在有效期内，疏散通道和安全出口畅通",
		HOME,
		"符合抗震、防火、疏散等要求",
		SERIOUS,
		1,
		8,
	),
	item(
		"XC-12",
		"应急演练",
		"制定安全事故应急预案并定期组织演练，演练记录完整",
		NORMS,
		"制定应急预案并定期组织演练，做好演练记录",
		MINOR,
		0,
		5,
	),
	item(
		"XC-13",
		"晨午检",
		"每日晨午检和全日健康观察落实，晨午检记录完整",
		NORMS,
		"每日晨午检和全日健康观察",
		SERIOUS,
		1,
		6,
	),
	item(
		"XC-14",
		"晨午检",
		"入托时查验预防接种证明和入托健康检查合格证明",
		NORMS,
		"婴幼儿入托前查验预防接种证明，入托健康检查合格后方可入托",
		MINOR,
		0,
		5,
	),
]

SELF_ITEMS = [
	item(
		"ZC-01",
		"场所",
		"检查插座、门窗、家具边角等安全防护，排除安全隐患",
		HOME,
		"设施设备、家具用具等应符合国家相关安全质量标准",
		SERIOUS,
		1,
		10,
	),
	item(
		"ZC-02",
		"视频监控",
		"监控系统全覆盖婴幼儿活动区域并正常运行",
		HOME,
		"设置视频安防监控系统，对婴幼儿生活和活动区域进行全覆盖监控",
		VETO,
		1,
		10,
	),
	item("ZC-03", "视频监控", "监控录像保存不少于90日", HOME, "监控录像资料保存期不少于90日", SERIOUS, 0, 10),
	item(
		"ZC-04",
		"人员",
		"全部照护人员健康合格证明在有效期内",
		NORMS,
		"工作人员上岗前取得健康合格证明，每年体检一次",
		SERIOUS,
		0,
		10,
	),
	item(
		"ZC-05",
		"人员",
		"本年度已为全部照护人员查询违法犯罪记录",
		MINORS,
		"第六十二条：录用前及每年定期查询违法犯罪记录",
		VETO,
		0,
		10,
	),
	item(
		"ZC-06",
		"收托",
		"实际收托人数和照护比符合规定",
		HOME,
		"收托人数不得超过5人；每1名照护人员最多看护3名婴幼儿",
		SERIOUS,
		0,
		10,
	),
	item("ZC-07", "卫生消毒", "消毒记录完整", NORMS, "建立健康、消毒、伤害、膳食、演练等记录", MINOR, 0, 5),
	item("ZC-08", "晨午检", "晨午检记录完整", NORMS, "每日晨午检和全日健康观察", MINOR, 0, 5),
	item(
		"ZC-09",
		"消防安全",
		"灭火器在有效期内，疏散通道畅通",
		HOME,
		"符合抗震、防火、疏散等要求",
		SERIOUS,
		1,
		10,
	),
	item(
		"ZC-10",
		"应急演练",
		"本季度已组织应急演练并记录",
		NORMS,
		"制定应急预案并定期组织演练，做好演练记录",
		MINOR,
		0,
		5,
	),
]

ASSOCIATION_ITEMS = [
	item(
		"XH-01",
		"保育照护",
		"为婴幼儿提供生活照料、安全看护、平衡膳食和早期学习机会",
		HOME,
		"为婴幼儿提供生活照料、安全看护、平衡膳食和早期学习机会",
		MINOR,
		0,
		10,
	),
	item(
		"XH-02",
		"人员",
		"照护人员参加婴幼儿保育、心理健康、急救和消防等培训",
		HOME,
		"照护人员受过婴幼儿保育、心理健康、食品安全、急救和消防等培训",
		MINOR,
		0,
		10,
	),
	item(
		"XH-03",
		"人员",
		"照护人员已进行录用前及年度违法犯罪记录查询",
		MINORS,
		"第六十二条：录用前及每年定期查询违法犯罪记录",
		VETO,
		0,
		10,
	),
	item(
		"XH-04",
		"视频监控",
		"监控系统全覆盖婴幼儿活动区域，录像保存不少于90日",
		HOME,
		"对婴幼儿生活和活动区域进行全覆盖监控；监控录像资料保存期不少于90日",
		SERIOUS,
		1,
		10,
	),
	item(
		"XH-05",
		"收托",
		"收托人数和照护比符合规定",
		HOME,
		"收托人数不得超过5人；每1名照护人员最多看护3名婴幼儿",
		SERIOUS,
		0,
		10,
	),
	item(
		"XH-06",
		"卫生保健",
		"晨午检、消毒、膳食等记录完整规范",
		NORMS,
		"每日晨午检和全日健康观察；建立健康、消毒、伤害、膳食、演练等记录",
		MINOR,
		0,
		10,
	),
	item(
		"XH-07",
		"安全管理",
		"应急预案完备，定期组织演练",
		NORMS,
		"制定应急预案并定期组织演练，做好演练记录",
		MINOR,
		0,
		10,
	),
	item(
		"XH-08",
		"行业自律",
		"按要求开展举办者自查并整改发现的问题",
		LINYI,
		"建立举办者自查、行业协会监督和部门定期巡查相结合的监管机制",
		MINOR,
		0,
		5,
	),
]

TEMPLATES = [
	{
		"template_name": "部门日常巡查表",
		"inspection_types": "部门定期巡查\n投诉核查\n双随机抽查",
		"description": "卫生健康部门日常巡查、投诉核查和双随机抽查使用：场所、视频监控、人员资质与背景查询、照护比、食品安全、卫生消毒、消防安全、应急演练、晨午检。",
		"items": PATROL_ITEMS,
	},
	{
		"template_name": "举办者自查表",
		"inspection_types": "举办者自查",
		"description": "举办者定期自查使用，发现问题及时整改。",
		"items": SELF_ITEMS,
	},
	{
		"template_name": "行业协会督导表",
		"inspection_types": "行业协会监督",
		"description": "托育行业协会对会员托育点的督导使用。",
		"items": ASSOCIATION_ITEMS,
	},
]


SHIPPED_KEY = "tuoyu_checklist_templates_shipped"  # a global default: the names shipped once


def ensure_checklist_templates() -> list[str]:
	"""Insert each shipped template once: never touch an existing one, and never bring back one a
	city administrator deleted or renamed."""
	shipped = set(filter(None, (frappe.db.get_global(SHIPPED_KEY) or "").split("\n")))
	created = []
	for values in TEMPLATES:
		name = values["template_name"]
		if name in shipped:
			continue
		if not frappe.db.exists("Tuoyu Checklist Template", name):
			doc = frappe.get_doc({"doctype": "Tuoyu Checklist Template", "enabled": 1, **values})
			doc.insert(ignore_permissions=True)
			created.append(doc.name)
		shipped.add(name)
	value = "\n".join(sorted(shipped))
	if value != (frappe.db.get_global(SHIPPED_KEY) or ""):
		frappe.db.set_global(SHIPPED_KEY, value)
	return created
