"""Rows of two areas behind the Oversight number cards, dashboard charts and saved Report Builder
reports, with their figures counted by hand for each user; the cards, charts and reports are
discovered from the app's JSON files, so a new one fails the tests until its hand count is added.

The rows are written with db_insert (no controllers, no workflow): the figures are about counting
and scope, not about how rows get into a state. Points A, B (兰山区) and C (罗庄区) get the filing
history of tests/oversight_helpers.py (A, B filed, capacity 5; C revoked) and a point D is added in
罗庄区 (filed, capacity 7).
"""

import glob
import json
import os
from datetime import date, timedelta

import frappe

from tests import seed
from tests.oversight_helpers import give_history, restore

APP = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tuoyu_frappe")
PREFIX = "TYDASH-"
USERS = (seed.CITY, seed.REV_LS, seed.REV_LZ, seed.OP_A)
LS, LZ = seed.LANSHAN, seed.LUOZHUANG


def standard(folder: str) -> dict[str, dict]:
	"""The app's standard records of a kind (number_card, dashboard_chart, report), by name."""
	found = {}
	for path in glob.glob(os.path.join(APP, "*", folder, "*", "*.json")):
		with open(path) as f:
			doc = json.load(f)
		found[doc["name"]] = doc
	return found


def cards() -> dict[str, dict]:
	return standard("number_card")


def charts() -> dict[str, dict]:
	return standard("dashboard_chart")


def builder_reports() -> dict[str, dict]:
	return {n: d for n, d in standard("report").items() if d["report_type"] == "Report Builder"}


# The desk evaluates a card's dynamic filters in the browser; the expressions our cards use.
DYNAMIC = {"frappe.datetime.get_today()": lambda: date.today().isoformat()}


def card_filters(card: dict) -> list:
	filters = json.loads(card.get("filters_json") or "[]")
	for f in json.loads(card.get("dynamic_filters_json") or "[]"):
		assert f[3] in DYNAMIC, f"card {card['name']}: add the expression {f[3]} to DYNAMIC"
		filters.append([f[0], f[1], f[2], DYNAMIC[f[3]]()])
	return filters


# --- the rows --------------------------------------------------------------------------------

TODAY = date.today()


def _days(n: int) -> str:
	return str(TODAY + timedelta(days=n))


def world_rows(site) -> dict[str, list[dict]]:
	a, b, c = site.point["A"], site.point["B"], site.point["C"]
	d = PREFIX + "PD"
	town = {LS: seed.LANSHAN_TOWN, LZ: seed.LUOZHUANG_TOWN}
	points = [
		{
			"name": d,
			"point_name": "看板丁托育点",
			"area": LZ,
			"township": town[LZ],
			"status": "已备案",
			"capacity": 7,
			"filed_on": _days(-10),
		}
	]
	staff = [
		{"name": PREFIX + "S4", "staff_name": "看板负责人", "point": c, "area": LZ, "post": "负责人"},
		{"name": PREFIX + "S5", "staff_name": "看板炊事员", "point": a, "area": LS, "post": "炊事人员"},
	]
	for s in staff:
		s["employment_status"] = "离职" if s["post"] == "炊事人员" else "在职"

	def filing(key, point, area, state, received, docstatus=0):
		return {
			"name": PREFIX + key,
			"filing_type": "新办备案",
			"point": point,
			"area": area,
			"workflow_state": state,
			"received_on": received,
			"docstatus": docstatus,
		}

	filings = [
		filing("F1", a, LS, "待审核", _days(0)),
		filing("F2", b, LS, "审核中", _days(0)),
		filing("F3", c, LZ, "待审核", _days(0)),
		filing("F4", d, LZ, "已备案", _days(-60), 1),
		filing("F5", a, LS, "草稿", None),
	]

	def inspection(key, point, area, conclusion, when, docstatus=1):
		state = "已完成" if docstatus == 1 else "计划"
		return {
			"name": PREFIX + key,
			"inspection_type": "部门定期巡查",
			"point": point,
			"area": area,
			"workflow_state": state,
			"conclusion": conclusion,
			"inspected_at": f"{when} 10:00:00" if when else None,
			"docstatus": docstatus,
		}

	inspections = [
		inspection("I1", a, LS, "合格", _days(0)),
		inspection("I2", b, LS, "限期整改", _days(0)),
		inspection("I3", c, LZ, "合格", _days(0)),
		inspection("I4", c, LZ, "停业整改", str(date(TODAY.year - 1, 6, 1))),
		inspection("I5", a, LS, None, None, 0),
	]

	def rect(key, point, area, state, deadline):
		return {
			"name": PREFIX + key,
			"point": point,
			"area": area,
			"workflow_state": state,
			"deadline": deadline,
			"notice_date": _days(-20),
		}

	rectifications = [
		rect("R1", a, LS, "整改中", _days(-1)),
		rect("R2", b, LS, "整改中", _days(10)),
		rect("R3", c, LZ, "整改中", _days(-5)),
		rect("R4", c, LZ, "待验收", _days(-5)),
	]

	def complaint(key, point, area, state, docstatus=0):
		return {
			"name": PREFIX + key,
			"category": "安全",
			"channel": "网上",
			"point": point,
			"area": area,
			"workflow_state": state,
			"received_at": f"{_days(-3)} 09:00:00",
			"docstatus": docstatus,
		}

	complaints = [
		complaint("C1", a, LS, "待受理"),
		complaint("C2", b, LS, "已受理"),
		complaint("C3", c, LZ, "核查中"),
		complaint("C4", c, LZ, "已办结", 1),
		complaint("C5", a, LS, "不予受理", 1),
	]
	return {
		"Tuoyu Point": points,
		"Tuoyu Staff": staff,
		"Tuoyu Filing": filings,
		"Tuoyu Inspection": inspections,
		"Tuoyu Rectification": rectifications,
		"Tuoyu Complaint": complaints,
	}


def world_names(site, doctype: str) -> list[str]:
	"""Our rows of a DocType (the seeded points and staff count as ours)."""
	names = [r["name"] for r in world_rows(site)[doctype]]
	if doctype == "Tuoyu Point":
		names += list(site.point.values())
	if doctype == "Tuoyu Staff":
		names += list(site.staff.values())
	return names


def make_world(site) -> dict:
	"""Insert the rows (and the points' history); returns what `remove_world` needs."""
	frappe.set_user("Administrator")
	remove_rows()
	before = give_history(site)
	for doctype, rows in world_rows(site).items():
		for row in rows:
			frappe.get_doc({"doctype": doctype, **row}).db_insert()
	return before


def remove_rows() -> None:
	for doctype in (
		"Tuoyu Point",
		"Tuoyu Staff",
		"Tuoyu Filing",
		"Tuoyu Inspection",
		"Tuoyu Rectification",
		"Tuoyu Complaint",
	):
		frappe.db.delete(doctype, {"name": ("like", PREFIX + "%")})


def remove_world(site, before: dict) -> None:
	frappe.set_user("Administrator")
	remove_rows()
	restore(site, before)


# --- the figures, by hand --------------------------------------------------------------------
# {card: {user: value}}; OP_A operates point A only and has no read of complaints (None: refused).
CARD_FIGURES = {
	"Filed Points": {seed.CITY: 3, seed.REV_LS: 2, seed.REV_LZ: 1, seed.OP_A: 1},
	"Filed Places": {seed.CITY: 17, seed.REV_LS: 10, seed.REV_LZ: 7, seed.OP_A: 5},
	"Filings Pending Review": {seed.CITY: 3, seed.REV_LS: 2, seed.REV_LZ: 1, seed.OP_A: 1},
	"Inspections This Year": {seed.CITY: 3, seed.REV_LS: 2, seed.REV_LZ: 1, seed.OP_A: 1},
	"Overdue Rectifications": {seed.CITY: 2, seed.REV_LS: 1, seed.REV_LZ: 1, seed.OP_A: 1},
	"Open Complaints": {seed.CITY: 3, seed.REV_LS: 2, seed.REV_LZ: 1, seed.OP_A: None},
}

# {chart: {user: {label: value}}} for Group By charts; for time series {user: (total, this month)}.
CHART_FIGURES = {
	"Points by Area": {
		seed.CITY: {"兰山区": 2, "罗庄区": 1},
		seed.REV_LS: {"兰山区": 2},
		seed.REV_LZ: {"罗庄区": 1},
		seed.OP_A: {"兰山区": 1},
	},
	"Filings per Month": {seed.CITY: (4, 3), seed.REV_LS: (2, 2), seed.REV_LZ: (2, 1), seed.OP_A: (1, 1)},
	"Inspections by Conclusion": {
		seed.CITY: {"合格": 2, "限期整改": 1, "停业整改": 1},
		seed.REV_LS: {"合格": 1, "限期整改": 1},
		seed.REV_LZ: {"合格": 1, "停业整改": 1},
		seed.OP_A: {"合格": 1},
	},
}

# {report: {user: rows}}: Group By reports as {group value: count}, the list report as names' areas.
REPORT_FIGURES = {
	"Points by Area and Status": {
		seed.CITY: {(LS, "已备案"): 2, (LZ, "已撤销备案"): 1, (LZ, "已备案"): 1},
		seed.REV_LS: {(LS, "已备案"): 2},
		seed.REV_LZ: {(LZ, "已撤销备案"): 1, (LZ, "已备案"): 1},
		seed.OP_A: {(LS, "已备案"): 1},
	},
	"Staff by Post": {
		seed.CITY: {"保育人员": 3, "负责人": 1},
		seed.REV_LS: {"保育人员": 2},
		seed.REV_LZ: {"保育人员": 1, "负责人": 1},
		seed.OP_A: {"保育人员": 1},
	},
	"Filings by State": {
		seed.CITY: {"待审核": 2, "审核中": 1, "草稿": 1, "已备案": 1},
		seed.REV_LS: {"待审核": 1, "审核中": 1, "草稿": 1},
		seed.REV_LZ: {"待审核": 1, "已备案": 1},
		seed.OP_A: {"待审核": 1, "草稿": 1},
	},
	"Inspections by Conclusion": {
		seed.CITY: {"合格": 2, "限期整改": 1, "停业整改": 1},
		seed.REV_LS: {"合格": 1, "限期整改": 1},
		seed.REV_LZ: {"合格": 1, "停业整改": 1},
		seed.OP_A: {"合格": 1},
	},
}


def report_args(report: dict, extra_filters: list | None = None) -> dict:
	"""The arguments the desk's Report View sends to frappe.desk.reportview.get for a saved report."""
	settings = json.loads(report["json"])
	doctype = report["ref_doctype"]
	args = {
		"doctype": doctype,
		"fields": [f"`tab{dt}`.`{f}`" for f, dt in settings["fields"]],
		"filters": settings["filters"] + (extra_filters or []),
		"order_by": settings["order_by"],
		"start": 0,
		"page_length": settings.get("page_length") or 20,
		"with_comment_count": False,
	}
	group = settings.get("group_by")
	if group:
		args.update(
			fields=[group["group_by"]],
			group_by=group["group_by"],
			aggregate_function=group["aggregate_function"],
			aggregate_on_field="name",
			aggregate_on_doctype=doctype,
			order_by="_aggregate_column desc",
		)
	return args


def report_rows(report: dict, result: dict) -> dict:
	"""reportview.get's keys/values as the figures of REPORT_FIGURES."""
	rows = [dict(zip(result["keys"], values, strict=True)) for values in result["values"]] if result else []
	group = json.loads(report["json"]).get("group_by")
	if group:
		field = group["group_by"].split(".")[1].strip("`")
		return {r[field]: r["_aggregate_column"] for r in rows}
	counts: dict = {}
	for r in rows:
		counts[(r["area"], r["status"])] = counts.get((r["area"], r["status"]), 0) + 1
	return counts
