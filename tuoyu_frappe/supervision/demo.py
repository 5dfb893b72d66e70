"""Demo data of the Supervision module: the industry association and its member points, then the
inspections, rectifications, enforcement actions and random draws of the module's parts, all
through the real workflows. Idempotent, like the registry loader: a second run creates nothing."""

from collections.abc import Callable

import frappe
from frappe.utils import add_days, getdate

from tuoyu_frappe.permissions import ASSOCIATION
from tuoyu_frappe.supervision.demo_inspections import DEMO_ASSOCIATION_EMAIL, ensure_association_user

ASSOCIATION_EMAIL = DEMO_ASSOCIATION_EMAIL  # the user the inspections demo also uses
MEMBER_SHARE = 2  # every second filed point (in name order) is a member of the association


def load_association() -> dict:
	"""The association's user and its member points (deterministic: the same points every run)."""
	created = {"users": 0, "members": 0}
	if not frappe.get_all("Has Role", filters={"role": ASSOCIATION, "parenttype": "User"}, limit=1):
		ensure_association_user()
		created["users"] += 1
	filed = frappe.get_all(
		"Tuoyu Point", filters={"status": ("!=", "筹建中")}, fields=["name", "filed_on"], order_by="name"
	)
	for point in filed[::MEMBER_SHARE]:
		if frappe.db.get_value("Tuoyu Point", point.name, "association_member"):
			continue
		since = add_days(getdate(point.filed_on), 30) if point.filed_on else getdate("2025-01-01")
		frappe.db.set_value(
			"Tuoyu Point",
			point.name,
			{
				"association_member": 1,
				# from the point's own number: points filed between runs never reuse a member number
				"association_member_no": f"LYTY-{point.name.rsplit('-', 1)[-1]}",
				"association_member_since": since,
			},
		)
		created["members"] += 1
	return created


def load_supervision_demo(commit: bool = False, log: Callable[[str], None] = print) -> dict:
	"""In the order the parts build on each other: the association; a confirmed random draw (its
	planned inspections); inspections of every type and result (completing a drawn one); then
	rectifications and enforcement opened from failed inspections; last a re-evaluation run."""
	from tuoyu_frappe.supervision.demo_draws import load_draws
	from tuoyu_frappe.supervision.demo_enforcement import load_enforcement
	from tuoyu_frappe.supervision.demo_inspections import load_inspections
	from tuoyu_frappe.supervision.demo_reevaluation import load_reevaluation

	result = {"association": load_association()}
	if commit:
		frappe.db.commit()
	log(
		f"  行业协会 Association: 新建用户 {result['association']['users']}, "
		f"新增会员点 member points {result['association']['members']}"
	)
	result["draws"] = load_draws(commit=commit, log=log)
	result["inspections"] = load_inspections(commit=commit, log=log)
	result["enforcement"] = load_enforcement(commit=commit, log=log)
	if commit:  # the run commits per chunk by itself
		result["reevaluation"] = load_reevaluation(log=log)
	return result
