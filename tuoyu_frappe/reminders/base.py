"""What the daily reminder jobs share: reading in chunks, the points' context (operators, area
reviewers, rule set), and sending each reminder once (Tuoyu Reminder Log).

The jobs are system jobs over every area; each reminder goes only to the point's own operators
and, once a date has passed, its own area's reviewers. The scheduler commits after a job."""

import frappe
from frappe.utils import cint, getdate

from tuoyu_frappe.filing import notify
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.utils import rule_set_in_force

LOG = "Tuoyu Reminder Log"
CHUNK_SIZE = 1000
INACTIVE_POINTS = ("已撤销备案", "已注销")


def in_chunks(doctype: str, filters: list, fields: list[str], size: int = CHUNK_SIZE):
	"""Rows in name order, `size` at a time (keyset paging: no growing OFFSET)."""
	last = ""
	while True:
		rows = frappe.get_all(
			doctype,
			filters=[*filters, ["name", ">", last]],
			fields=fields,
			order_by="name asc",
			limit_page_length=size,
		)
		if rows:
			yield rows
		if len(rows) < size:
			return
		last = rows[-1].name


class Points:
	"""Points of a chunk, their operators, rule set values and area reviewers, in a few queries."""

	def __init__(self):
		self.rule_sets = {
			row.name: row
			for row in frappe.get_all(
				"Tuoyu Rule Set", fields=["name", "cert_reminder_days", "background_check_interval_months"]
			)
		}
		self.in_force = rule_set_in_force()
		self.reviewers: dict[str, list[str]] = {}
		self.points: dict = {}
		self.operators: dict[str, list[str]] = {}

	def load(self, names) -> None:
		names = sorted(set(names) - set(self.points))
		if not names:
			return
		for row in frappe.get_all(
			"Tuoyu Point",
			filters={"name": ("in", names)},
			fields=["name", "point_name", "area", "rule_set", "status"],
		):
			self.points[row.name] = row
		for row in frappe.get_all(
			"Tuoyu Point Operator",
			filters={"parenttype": "Tuoyu Point", "parent": ("in", names)},
			fields=["parent", "user"],
		):
			self.operators.setdefault(row.parent, []).append(row.user)

	def active(self, point: str):
		row = self.points.get(point)
		return row if row and row.status not in INACTIVE_POINTS else None

	def rule_set(self, point: str):
		row = self.points[point]
		return self.rule_sets.get(row.rule_set or self.in_force) or frappe._dict()

	def cert_lead_days(self, point: str) -> int:
		value = self.rule_set(point).get("cert_reminder_days")
		return r.DEFAULT_CERT_LEAD_DAYS if value is None else cint(value)

	def background_interval(self, point: str) -> int:
		value = self.rule_set(point).get("background_check_interval_months")
		return r.DEFAULT_BACKGROUND_INTERVAL_MONTHS if value is None else cint(value)

	def recipients(self, point: str, stage: str) -> list[str]:
		area = self.points[point].area
		if stage == r.OVERDUE and area not in self.reviewers:
			self.reviewers[area] = notify.area_reviewers(area)
		return r.recipients(stage, self.operators.get(point, []), self.reviewers.get(area, []))

	def max_cert_lead_days(self) -> int:
		return max(
			[r.DEFAULT_CERT_LEAD_DAYS] + [cint(rs.cert_reminder_days) for rs in self.rule_sets.values()]
		)

	def shortest_background_interval(self) -> int:
		intervals = [cint(rs.background_check_interval_months) for rs in self.rule_sets.values()]
		return min([i for i in intervals if i > 0] or [r.DEFAULT_BACKGROUND_INTERVAL_MONTHS])


def already_sent(keys) -> set[str]:
	keys = list(keys)
	if not keys:
		return set()
	return set(frappe.get_all(LOG, filters={"reminder_key": ("in", keys)}, pluck="reminder_key"))


def send_once(
	*,
	kind: str,
	stage: str,
	point: str,
	doctype: str,
	name: str,
	item: str,
	due,
	on,
	users,
	subject: str,
	key_part: str | None = None,
) -> bool:
	"""Record the reminder, then send it; False when it was sent before (the unique key also
	holds against two runs at once) or there is nobody to tell yet."""
	users = sorted(set(users))
	if not users:
		return False
	key = r.reminder_key(kind, name, key_part or item, getdate(due) if due else None, stage)
	frappe.db.savepoint("tuoyu_reminder")
	try:
		frappe.get_doc(
			{
				"doctype": LOG,
				"reminder_type": kind,
				"stage": stage,
				"point": point,
				"reference_doctype": doctype,
				"reference_name": name,
				"item": item,
				"due_date": due,
				"sent_on": on,
				"recipients": "\n".join(users),
				"reminder_key": key,
			}
		).insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point="tuoyu_reminder")
		return False
	notify.send(users, subject, frappe._dict(doctype=doctype, name=name))
	return True
