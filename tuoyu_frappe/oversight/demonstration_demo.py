"""Demo data of demonstration points (示范点): a few applications in every state of the workflow,
driven through the workflow by the users whose turn it is, on filed points without a disqualifier.
Two points are designated (one of them since last spring), one awaits the city, one the area's
review, one was not recommended and one is a draft. Idempotent: nothing is added once any
application exists."""

from collections.abc import Callable

import frappe
from dateutil.relativedelta import relativedelta
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, today

from tuoyu_frappe.oversight import demonstration as d
from tuoyu_frappe.oversight import demonstration_service as svc

TEXT = (
	"全日制托育，监控全覆盖且录像保存90日以上；保育人员均持证上岗并按年复查背景；每月开放观摩，家长满意度高。"
)
# (what is done, the share of the rubric's points the reviewer gives, months since the designation)
PLAN = (
	("designated", 0.95, 8),
	("designated", 0.9, 0),
	("awaiting_city", 0.88, None),
	("nominated_review", None, None),
	("not_recommended", 0.6, None),
	("draft", None, None),
)


def _users(point: str, area: str) -> tuple[str | None, str | None]:
	operator = frappe.db.get_value(
		"Tuoyu Point Operator", {"parent": point, "parenttype": "Tuoyu Point"}, "user"
	)
	reviewer = frappe.db.get_value("Tuoyu Reviewer Assignment", {"area": area, "enabled": 1}, "reviewer")
	return operator, reviewer


def _city_admin(exclude: set[str]) -> str | None:
	from tuoyu_frappe.demo import CITY_ADMIN_EMAIL

	admins = sorted(
		set(
			frappe.get_all(
				"Has Role", filters={"role": d.CITY, "parenttype": "User"}, pluck="parent", distinct=True
			)
		)
		- exclude
	)
	return CITY_ADMIN_EMAIL if CITY_ADMIN_EMAIL in admins else next(iter(admins), None)


def _act(user: str, name: str, action: str) -> None:
	frappe.set_user(user)
	apply_workflow(frappe.get_doc(d.APPLICATION, name).as_dict(), action)


def _score(user: str, name: str, fraction: float, note: str) -> None:
	frappe.set_user(user)
	doc = frappe.get_doc(d.APPLICATION, name)
	for row in doc.scores:
		row.score = round(row.max_points * fraction)
	doc.review_note = note
	doc.save()


def _backdate(name: str, point: str, months: int) -> None:
	"""A designation made `months` ago, as if the city had designated it then."""
	designated_on = getdate(today()) - relativedelta(months=months)
	until = d.valid_until(designated_on)
	frappe.db.set_value(d.APPLICATION, name, {"designated_on": designated_on, "valid_until": until})
	svc.set_point_designation(point, name, until)


def candidates() -> list[frappe._dict]:
	"""Filed points without a disqualifier, with an operator and a reviewer, one per area first."""
	points = frappe.get_all(
		"Tuoyu Point", filters={"status": d.FILED}, fields=["name", "area"], order_by="name", limit=400
	)
	first, rest, seen = [], [], set()
	for point in points:
		operator, reviewer = _users(point.name, point.area)
		if not operator or not reviewer or svc.found_for(point.name):
			continue
		point.operator, point.reviewer = operator, reviewer
		(rest if point.area in seen else first).append(point)
		seen.add(point.area)
	return first + rest


def load_demonstration_demo(commit: bool = True, log: Callable[[str], None] | None = None) -> dict:
	if frappe.db.count(d.APPLICATION):
		return {"created": 0}
	previous = frappe.session.user
	created = 0
	try:
		frappe.set_user("Administrator")
		svc.ensure_default_rubric()
		pool = candidates()
		for (what, fraction, months), point in zip(PLAN, pool, strict=False):
			city = _city_admin({point.operator, point.reviewer})
			if not city:
				break
			nominated = what == "nominated_review"
			frappe.set_user(point.reviewer if nominated else point.operator)
			name = (
				frappe.get_doc({"doctype": d.APPLICATION, "point": point.name, "application_text": TEXT})
				.insert()
				.name
			)
			created += 1
			if what == "draft":
				continue
			_act(point.reviewer if nominated else point.operator, name, d.SUBMIT)
			if nominated:
				continue
			if what == "not_recommended":
				_score(
					point.reviewer, name, fraction, "总分未达合格分数线，卫生保健记录不完整，建议整改后再申报"
				)
				_act(point.reviewer, name, d.DECLINE)
				continue
			_score(point.reviewer, name, fraction, "各项指标达标，安全管理和家长满意度突出，推荐认定")
			_act(point.reviewer, name, d.RECOMMEND)
			if what == "designated":
				_act(city, name, d.DESIGNATE)
				if months:
					frappe.set_user("Administrator")
					_backdate(name, point.name, months)
		if commit:
			frappe.db.commit()
	finally:
		frappe.set_user(previous)
	if log:
		log(f"  示范点申报 Demonstration applications: {created}")
	return {"created": created}
