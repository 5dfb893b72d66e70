"""The seeded points A, B (兰山区) and C (罗庄区) given a filing history for the Oversight reports:
A filed 2022-05-01, B filed 2023-03-01, C filed 2022-06-01 and revoked 2023-06-30 (capacity 5 each)."""

import frappe

from tests import seed

HISTORY = {
	"A": {"status": "已备案", "filed_on": "2022-05-01", "filing_number": "测试备〔2022〕A"},
	"B": {"status": "已备案", "filed_on": "2023-03-01", "filing_number": "测试备〔2023〕B"},
	"C": {
		"status": "已撤销备案",
		"filed_on": "2022-06-01",
		"filing_number": "测试备〔2022〕C",
		"revoked_on": "2023-06-30",
	},
}
FIELDS = ("status", "filed_on", "filing_number", "revoked_on", "capacity")
# By hand: {year: {area: (points, places)}}
EXPECTED = {
	2022: {seed.LANSHAN: (1, 5), seed.LUOZHUANG: (1, 5)},
	2023: {seed.LANSHAN: (2, 10), seed.LUOZHUANG: (0, 0)},
	2026: {seed.LANSHAN: (2, 10), seed.LUOZHUANG: (0, 0)},
}


def give_history(site) -> dict[str, dict]:
	"""Set the history on the seeded points; returns their previous values for `restore`."""
	before = {}
	for key, values in HISTORY.items():
		name = site.point[key]
		before[key] = frappe.db.get_value("Tuoyu Point", name, FIELDS, as_dict=True)
		frappe.db.set_value(
			"Tuoyu Point", name, {"revoked_on": None, "capacity": 5, **values}, update_modified=False
		)
	return before


def restore(site, before: dict[str, dict]) -> None:
	for key, values in before.items():
		frappe.db.set_value("Tuoyu Point", site.point[key], dict(values), update_modified=False)


def run_report(execute, user: str, **filters):
	"""A Script Report's execute as `user` in Chinese, with one row per area: (columns, {area: row},
	chart, {card label: value})."""
	frappe.set_user(user)
	frappe.local.lang = "zh"
	columns, rows, _message, chart, summary = execute(filters)
	return columns, {row["area"]: row for row in rows}, chart, {c["label"]: c["value"] for c in summary}
