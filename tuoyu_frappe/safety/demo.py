"""Demo data of the Safety module, through the real workflows as the demo users: an abuse incident
at a filed point, reported by its operator, investigated and concluded by the area's reviewer; the
city administrator confirms the two lifetime bans it proposed (the caregiver flagged, the point
ordered to end the employment) and approves the suspension; then another point's operator tries to
hire the banned caregiver and is refused (logged in the refusal log). Runs after the supervision
demo; a second run creates nothing."""

from collections.abc import Callable

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today
from stdnum.cn import ric

from tuoyu_frappe.filing import notify
from tuoyu_frappe.safety import bans
from tuoyu_frappe.safety import rules as r
from tuoyu_frappe.supervision import enforcement_rules as er
from tuoyu_frappe.supervision.demo_enforcement import city_admin, reviewer_of

INCIDENT = "Tuoyu Incident"
DEMO_DESCRIPTION = (
	"家长反映幼儿身上有掐痕，调取监控发现保育员午睡时段多次掐、推搡幼儿；举办者当即停止其工作并报告。"
)


def manager_id() -> str:
	"""The directly responsible manager, who is not on the point's staff: a made-up valid number."""
	body = "37130219780815" + "217"
	return body + ric.calc_check_digit(body + "0")


def candidate_points(limit: int = 2) -> list[frappe._dict]:
	"""Filed points with an operator, an active staff member and a reviewer, and no suspension being
	decided: the first is where the incident happens, the second tries to hire the banned person."""
	found = []
	for point in frappe.get_all(
		"Tuoyu Point", filters={"status": er.FILED}, fields=["name", "area", "point_name"], order_by="name"
	):
		if frappe.db.exists("Tuoyu Enforcement Action", {"point": point.name, "docstatus": 0}):
			continue
		staff = frappe.db.get_value(
			"Tuoyu Staff", {"point": point.name, "employment_status": "在职", "ban_flagged": 0}, "name"
		)
		if not (staff and notify.point_operators(point.name) and reviewer_of(point.area)):
			continue
		found.append(frappe._dict(point, staff=staff))
		if len(found) == limit:
			break
	return found


def act(user: str, doctype: str, name: str, action: str):
	frappe.set_user(user)
	return apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)


def load_safety_demo(commit: bool = True, log: Callable[[str], None] | None = print) -> dict[str, int]:
	previous_user = frappe.session.user
	frappe.set_user("Administrator")
	made = {"incidents": 0, "bans": 0, "suspensions": 0, "refused_hires": 0}
	try:
		if frappe.db.exists(INCIDENT, {"description": DEMO_DESCRIPTION}):
			return made
		points, admin = candidate_points(), city_admin()
		if len(points) < 2 or not admin:
			return made
		scene, elsewhere = points
		operator = sorted(notify.point_operators(scene.name))[0]
		reviewer = reviewer_of(scene.area)

		frappe.set_user(operator)
		incident = frappe.get_doc(
			{
				"doctype": INCIDENT,
				"point": scene.name,
				"category": r.ABUSE,
				"severity": "重大",
				"occurred_at": f"{add_days(today(), -12)} 13:40:00",
				"description": DEMO_DESCRIPTION,
				"children_affected": 3,
				"children_injured": 2,
				"persons": [
					{"person_role": r.RESPONSIBLE, "staff": scene.staff},
					{
						"person_role": r.MANAGER,
						"person_name": "周某（实际负责人）",
						"id_number_entry": manager_id(),
					},
				],
			}
		).insert()
		made["incidents"] += 1
		act(reviewer, INCIDENT, incident.name, r.I_START)
		frappe.set_user(reviewer)
		doc = frappe.get_doc(INCIDENT, incident.name)
		doc.findings = (
			"经调查核实：保育员多次在午睡时段掐、推搡幼儿，造成2名幼儿皮肤挫伤；实际负责人周某明知"
			"监控异常未予制止。属虐待侵害婴幼儿，依法移送公安机关。"
		)
		doc.action_judicial = 1
		doc.judicial_note = "已移送区公安分局"
		doc.save()
		act(reviewer, INCIDENT, incident.name, r.I_CONCLUDE)

		# The city administrator confirms what the conclusion proposed.
		frappe.set_user(admin)
		year = getdate(today()).year
		for seq, ban in enumerate(
			frappe.get_all(bans.BAN, filters={"source_incident": incident.name}, pluck="name"), 1
		):
			record = frappe.get_doc(bans.BAN, ban)
			record.status = r.B_EFFECTIVE
			record.decision_no, record.decision_date = f"临卫禁字〔{year}〕{seq}号", today()
			record.save()
			made["bans"] += 1
		action = frappe.db.get_value(INCIDENT, incident.name, "enforcement_action")
		if action:
			frappe.set_user(admin)
			proposal = frappe.get_doc("Tuoyu Enforcement Action", action)
			proposal.decision_no = f"临卫监停字〔{year}〕{90}号"
			proposal.save()
			act(admin, "Tuoyu Enforcement Action", action, er.E_APPROVE)
			made["suspensions"] += 1
		if commit:
			frappe.db.commit()

		# Another point's operator tries to hire the banned caregiver.
		frappe.set_user("Administrator")
		banned_id = frappe.db.get_value(bans.IDENTITY, scene.staff, "id_number")
		staff_name = frappe.db.get_value("Tuoyu Staff", scene.staff, "staff_name")
		frappe.set_user(sorted(notify.point_operators(elsewhere.name))[0])
		try:
			frappe.get_doc(
				{
					"doctype": "Tuoyu Staff",
					"staff_name": staff_name,
					"point": elsewhere.name,
					"post": "保育人员",
					"employment_start": today(),
					"id_number_entry": banned_id,
				}
			).insert()
		except frappe.ValidationError:
			frappe.clear_last_message()
			made["refused_hires"] += 1
		if commit:
			frappe.db.commit()  # keeps the refusal log written before the refusal
		if log:
			log(
				f"  重大事件 incident {incident.name}: 终身禁入 {made['bans']}, 停业整改 {made['suspensions']}, "
				f"拒绝聘用 refused hire {made['refused_hires']}"
			)
	finally:
		frappe.set_user(previous_user)
	return made
