"""Demo filings in every workflow state, made through the real workflow as the demo users.

Points still 筹建中 without findings get a filing, in a fixed order, so reviewers find work
waiting and operators find returns to correct. Points that already have a filing are skipped,
so running it again creates nothing."""

from collections import Counter
from collections.abc import Callable

import frappe
from frappe.model.workflow import apply_workflow

from tuoyu_frappe import compliance
from tuoyu_frappe.filing import clock
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.registry.doctype.tuoyu_point.tuoyu_point import evaluate_point

# (final state, how many) in the order they are handed out; points come one area at a time, so
# every area's reviewer first gets a filing waiting for review.
PLAN = ((s.PENDING, 13), (s.IN_REVIEW, 4), (s.FILED, 4), (s.RETURNED, 4), (s.REFUSED, 1), (s.DRAFT, 5))
DEMO_SCAN = b"%PDF-1.4\n% demo scan\n"
# Working days from the receipt of complete materials to the decision, handed to the decided demo
# filings in turn: most within the receipt clock (5), one approval past it, so 备案审核时效 shows
# real medians and a late decision.
DECISION_WORKING_DAYS = (3, 2, 7, 4, 9)


def candidate_points() -> list[frappe._dict]:
	points = frappe.get_all(
		"Tuoyu Point", filters={"status": "筹建中"}, fields=["name", "area"], order_by="name"
	)
	with_filing = set(frappe.get_all("Tuoyu Filing", pluck="point"))
	by_area: dict[str, list] = {}
	for point in points:
		if point.name not in with_filing:
			by_area.setdefault(point.area, []).append(point)
	# Round robin over the areas: one point of each area, then the next of each, and so on.
	queues = [by_area[area] for area in sorted(by_area)]
	return [queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)]


def reviewer_of(area: str) -> str | None:
	reviewers = frappe.get_all(
		"Tuoyu Reviewer Assignment", filters={"area": area, "enabled": 1}, pluck="reviewer", order_by="name"
	)
	return reviewers[0] if reviewers else None


def attach_demo_scans(filing) -> None:
	for row in filing.materials:
		if row.attachment:
			continue
		file_doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{filing.name}-{row.idx}.pdf",
				"content": DEMO_SCAN,
				"is_private": 1,
				"attached_to_doctype": "Tuoyu Filing",
				"attached_to_name": filing.name,
			}
		).insert()
		row.attachment = file_doc.file_url


def as_user(user: str, filing_name: str, action: str):
	frappe.set_user(user)
	return apply_workflow(frappe.get_doc("Tuoyu Filing", filing_name).as_dict(), action)


def review(filing_name: str, reviewer: str, verdict: str, reason: str | None = None, decision_reason=None):
	frappe.set_user(reviewer)
	doc = frappe.get_doc("Tuoyu Filing", filing_name)
	for row in doc.materials:
		row.verdict = verdict
	if reason:
		doc.materials[0].verdict, doc.materials[0].reason = s.NEEDS_CORRECTION, reason
	doc.decision_reason = decision_reason
	doc.save()


def file_through_workflow(point, operator: str, reviewer: str, final_state: str) -> str:
	frappe.set_user(operator)
	filing = frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": point.name}).insert()
	if final_state == s.DRAFT:
		return filing.name
	attach_demo_scans(filing)
	filing.commitment_confirmed = 1
	filing.save()
	as_user(operator, filing.name, s.SUBMIT)
	if final_state == s.PENDING:
		return filing.name
	as_user(reviewer, filing.name, s.ACCEPT)
	if final_state == s.IN_REVIEW:
		return filing.name
	if final_state == s.RETURNED:
		review(filing.name, reviewer, s.PASSED, reason="扫描件不清晰，请重新上传加盖公章的彩色扫描件")
		as_user(reviewer, filing.name, s.RETURN)
	elif final_state == s.REFUSED:
		review(filing.name, reviewer, s.PASSED, decision_reason="现场核查发现场所位于地下室，不符合设置标准")
		as_user(reviewer, filing.name, s.REFUSE)
	elif final_state == s.FILED:
		review(filing.name, reviewer, s.PASSED)
		as_user(reviewer, filing.name, s.APPROVE)
	return filing.name


def give_history(name: str, working_days: int) -> None:
	"""A decided demo filing made today, as if its materials had been received `working_days`
	working days before the decision: the receipt day, its due dates and the clock it took move
	together (the demo runs the workflow in one day, which would make every clock 0)."""
	doc = frappe.get_doc("Tuoyu Filing", name)
	calendar = clock.load_calendar()
	received = calendar.subtract_working_days(frappe.utils.getdate(doc.decided_on), working_days)
	doc.received_on = received
	doc.set_due_dates()
	frappe.db.set_value(
		"Tuoyu Filing",
		name,
		{
			"received_on": received,
			"receipt_due": doc.receipt_due,
			"notice_due": doc.notice_due,
			"decision_working_days": clock.elapsed_working_days(received, doc.decided_on),
		},
		update_modified=False,
	)


def load_demo_filings(commit: bool = True, log: Callable[[str], None] | None = None) -> dict[str, int]:
	previous_user = frappe.session.user
	created = dict.fromkeys((state for state, _count in PLAN), 0)
	existing = Counter(frappe.get_all("Tuoyu Filing", pluck="workflow_state"))
	# Only what is missing per state, so an interrupted run resumes and a full one adds nothing.
	wanted = [state for state, count in PLAN for _ in range(max(0, count - existing[state]))]
	already = sum(existing.values())
	try:
		for point in candidate_points():
			if not wanted:
				break
			frappe.set_user("Administrator")
			if any(
				f.severity == compliance.BLOCKING
				for f in evaluate_point(frappe.get_doc("Tuoyu Point", point.name))
			):
				continue
			operators = frappe.get_all("Tuoyu Point Operator", filters={"parent": point.name}, pluck="user")
			reviewer = reviewer_of(point.area)
			if not operators or not reviewer:
				continue
			state = wanted.pop(0)
			name = file_through_workflow(point, operators[0], reviewer, state)
			if state in (s.FILED, s.REFUSED):
				decided = created[s.FILED] + created[s.REFUSED] + existing[s.FILED] + existing[s.REFUSED]
				give_history(name, DECISION_WORKING_DAYS[decided % len(DECISION_WORKING_DAYS)])
			created[state] += 1
			if commit:
				frappe.db.commit()
			if log:
				log(f"  备案申请 filing → {state}")
	finally:
		frappe.set_user(previous_user)
	return {"created": sum(created.values()), "existing": already, **created}
