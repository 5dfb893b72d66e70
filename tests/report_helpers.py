"""Running a Script Report's execute as a user, its rows keyed by area and its summary cards by label."""

import frappe


def run_report(execute, user: str, filters: dict) -> tuple[list[dict], dict[str, dict], dict, dict]:
	"""(columns, {area: row}, chart, {card label: value}) of the report for `user`."""
	frappe.set_user(user)
	frappe.local.lang = "zh"
	columns, rows, _message, chart, summary = execute(filters)
	return columns, {r["area"]: r for r in rows}, chart, {c["label"]: c["value"] for c in summary}


def in_time_and_late(chart: dict, area_name: str) -> tuple[int, int]:
	"""The two bars (in time, late) of an area in a timeliness report's chart."""
	labels = chart["data"]["labels"]
	in_time, late = (d["values"] for d in chart["data"]["datasets"])
	return in_time[labels.index(area_name)], late[labels.index(area_name)]
