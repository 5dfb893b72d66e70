"""What the daily reminder jobs share: reading in chunks, the points' context (operators, area
reviewers, rule set), and sending each reminder once (Tuoyu Reminder Log).

The jobs are system jobs over every area; each reminder goes only to the point's own operators
and, once a date has passed, its own area's reviewers. The scheduler commits after a job."""

import frappe
from frappe.utils import cint, getdate

from tuoyu_frappe.filing import notify
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.utils import (
	in_site_language,  # noqa: F401 (the reminders' jobs use base.in_site_language)
	rule_set_in_force,
)

LOG = "Tuoyu Reminder Log"
CHUNK_SIZE = 1000
INACTIVE_POINTS = ("已撤销备案", "已注销")


def in_chunks(doctype: str, filters: list, fields: list[str], order_by: str, size: int | None = None):
	"""The rows matching `filters`, `size` at a time. The names come first from one query on the
	indexed date of `order_by` (the reminders due are a small part of the table), then each chunk's
	fields by name: no scan of the whole table, no per-row reads."""
	names = frappe.get_all(doctype, filters=filters, pluck="name", order_by=f"{order_by} asc, name asc")
	size = size or CHUNK_SIZE
	for start in range(0, len(names), size):
		chunk = names[start : start + size]
		yield frappe.get_all(doctype, filters={"name": ("in", chunk)}, fields=fields, order_by="name asc")


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


def end_of_chunk(commit: bool) -> None:
	"""Keep what a chunk sent: a job cut short by its queue's time limit resumes the next day
	where it stopped (what was sent is in the log), instead of rolling everything back."""
	if commit:
		frappe.db.commit()


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
	point_name: str,
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
				"point_name": point_name,
				"reference_doctype": doctype,
				"reference_name": name,
				"item": item,
				"due_date": due,
				"sent_on": on,
				"recipients": "\n".join(users),
				"reminder_key": key,
			}
		).db_insert()  # written by the job only: its values are known good, and this runs by the thousand
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point="tuoyu_reminder")
		return False
	notify.send(users, subject, frappe._dict(doctype=doctype, name=name))
	return True
