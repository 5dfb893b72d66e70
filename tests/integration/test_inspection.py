"""Inspections on the site: the server-side guard (each role can and cannot), template versions
copied into inspections, scoring and conclusions, completion, the self-inspection date and
reminders, and the demo loader. Everything is rolled back."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_months, getdate, today

from tests import seed
from tests.inspection_helpers import answer, drive, ensure_inspectors, new_inspection
from tuoyu_frappe.permissions import clear_scope_cache
from tuoyu_frappe.supervision import inspection_reminders
from tuoyu_frappe.supervision import inspection_rules as r

pytestmark = pytest.mark.site

REFUSED = (frappe.PermissionError, frappe.ValidationError)


@pytest.fixture
def inspectors(db):
	return ensure_inspectors(seed.LANSHAN)


def state(name: str) -> tuple:
	return tuple(frappe.db.get_value("Tuoyu Inspection", name, ["workflow_state", "docstatus"]))


# --- who may record which type -------------------------------------------------------------------


CAN = [
	(seed.OP_A, "A", r.SELF),
	(seed.ASSOC, "A", r.ASSOCIATION),
	(seed.REV_LS, "A", r.PATROL),
	(seed.REV_LS, "B", r.COMPLAINT),
	(seed.REV_LS, "B", r.RANDOM),
	(seed.REV_LZ, "C", r.PATROL),
	(seed.CITY, "C", r.PATROL),
	(seed.CITY, "A", r.ASSOCIATION),
]
CANNOT = [
	(seed.OP_A, "B", r.SELF),  # not their point
	(seed.OP_A, "A", r.PATROL),  # operators record only self-inspections
	(seed.OP_A, "A", r.ASSOCIATION),
	(seed.ASSOC, "B", r.ASSOCIATION),  # B is not a member
	(seed.ASSOC, "A", r.PATROL),
	(seed.ASSOC, "A", r.SELF),
	(seed.REV_LS, "C", r.PATROL),  # another area
	(seed.REV_LZ, "A", r.COMPLAINT),
	(seed.REV_LS, "A", r.SELF),
	(seed.REV_LS, "A", r.ASSOCIATION),
	(seed.CITY, "A", r.SELF),  # a self-inspection is the operator's
	(seed.NOBODY, "A", r.PATROL),
]


@pytest.mark.parametrize("user,point,kind", CAN)
def test_the_right_user_can_plan_an_inspection(as_user, user, point, kind):
	doc = new_inspection(as_user_point(point), kind, as_user(user))
	assert doc.workflow_state == r.PLANNED and doc.area == frappe.db.get_value(
		"Tuoyu Point", doc.point, "area"
	)


@pytest.mark.parametrize("user,point,kind", CANNOT)
def test_the_wrong_user_cannot_plan_an_inspection(as_user, user, point, kind):
	with pytest.raises(REFUSED):
		new_inspection(as_user_point(point), kind, as_user(user))


def as_user_point(key: str) -> str:
	return frappe.db.get_value("Tuoyu Point", {"point_name": seed.POINTS[key][0]})


def test_nobody_inspects_a_point_they_operate(as_user, site):
	frappe.get_doc("User", seed.REV_LS).add_roles("Tuoyu Operator")
	point = frappe.get_doc("Tuoyu Point", site.point["B"])
	point.append("operators", {"user": seed.REV_LS})
	point.save()
	clear_scope_cache([seed.REV_LS])
	with pytest.raises(frappe.PermissionError):
		new_inspection(site.point["B"], r.PATROL, as_user(seed.REV_LS))
	# ...but they record their own point's self-inspection
	assert new_inspection(site.point["B"], r.SELF, as_user(seed.REV_LS)).name


def test_an_inspector_who_operates_the_point_is_refused(as_user, site):
	own = ensure_inspectors(seed.LANSHAN, 1, user=seed.OP_B)
	other = ensure_inspectors(seed.LANSHAN, 1)
	with pytest.raises(frappe.ValidationError):
		new_inspection(site.point["B"], r.PATROL, as_user(seed.REV_LS), own + other)
	assert new_inspection(site.point["A"], r.PATROL, as_user(seed.REV_LS), own + other).name


def test_the_area_is_set_by_the_server(as_user, site):
	as_user(seed.REV_LS)
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Inspection",
			"inspection_type": r.PATROL,
			"point": site.point["A"],
			"area": seed.LUOZHUANG,
		}
	).insert()
	assert doc.area == seed.LANSHAN


# --- templates and versions ------------------------------------------------------------------------


def test_items_and_version_are_copied_and_a_later_edit_does_not_rewrite_them(as_user, site):
	doc = new_inspection(site.point["A"], r.PATROL, as_user(seed.REV_LS))
	template = frappe.get_doc("Tuoyu Checklist Template", doc.template)
	assert doc.template == "部门日常巡查表" and doc.template_version == template.version
	assert [row.item_code for row in doc.results] == [i.item_code for i in template.items]
	assert all(row.legal_source and row.clause for row in doc.results)
	first_text, old_version = doc.results[0].item_text, template.version

	as_user(seed.CITY)
	template.description = "只改说明"
	template.version = 99  # never the user's
	template.save()
	assert template.version == old_version
	template.items[0].item_text = "改写后的检查内容"
	template.save()
	assert template.version == old_version + 1

	frappe.set_user("Administrator")
	past = frappe.get_doc("Tuoyu Inspection", doc.name)
	assert past.template_version == old_version and past.results[0].item_text == first_text
	fresh = new_inspection(site.point["B"], r.PATROL, as_user(seed.REV_LS))
	assert fresh.template_version == old_version + 1 and fresh.results[0].item_text == "改写后的检查内容"


def test_only_a_city_admin_edits_templates(as_user):
	as_user(seed.REV_LS)
	template = frappe.get_doc("Tuoyu Checklist Template", "部门日常巡查表")  # readable
	template.description = "审核员改"
	with pytest.raises(frappe.PermissionError):
		template.save()


def test_the_checklist_rows_cannot_be_changed(as_user, site):
	doc = new_inspection(site.point["A"], r.PATROL, as_user(seed.REV_LS))
	doc.results[0].severity = r.MINOR if doc.results[0].severity != r.MINOR else r.VETO
	with pytest.raises(frappe.PermissionError):
		doc.save()
	doc.reload()
	doc.results.pop()
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_inspector_certificates_are_required_and_unique(as_user):
	as_user(seed.REV_LS)
	base = {"doctype": "Tuoyu Inspector", "full_name": "赵六", "area": seed.LANSHAN}
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc({**base, "certificate_no": "   "}).insert()
	frappe.get_doc({**base, "certificate_no": "鲁卫执字第3713027777号"}).insert()
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc({**base, "certificate_no": " 鲁卫执字第3713027777号 "}).insert()
	with pytest.raises(frappe.PermissionError):  # a reviewer writes only their own area's inspectors
		frappe.get_doc({**base, "certificate_no": "鲁卫执字第3713117777号", "area": seed.LUOZHUANG}).insert()


# --- the workflow --------------------------------------------------------------------------------


def test_a_patrol_needs_two_certified_inspectors_to_start(as_user, site, inspectors):
	doc = new_inspection(site.point["A"], r.PATROL, as_user(seed.REV_LS), inspectors[:1])
	with pytest.raises(frappe.ValidationError):
		apply_workflow(doc.as_dict(), r.START)
	doc = frappe.get_doc("Tuoyu Inspection", doc.name)
	doc.append("inspectors", {"inspector": inspectors[1]})
	doc.save()
	apply_workflow(doc.as_dict(), r.START)
	assert state(doc.name) == (r.IN_PROGRESS, 0)
	certificates = [i.certificate_no for i in frappe.get_doc("Tuoyu Inspection", doc.name).inspectors]
	assert len(certificates) == 2 and all(c.startswith("鲁卫执字") for c in certificates)


def test_a_complaint_investigation_starts_without_two_inspectors(as_user, site):
	doc = new_inspection(site.point["A"], r.COMPLAINT, as_user(seed.REV_LS))
	apply_workflow(doc.as_dict(), r.START)
	assert state(doc.name) == (r.IN_PROGRESS, 0)


def test_results_are_recorded_only_in_progress(as_user, site):
	doc = new_inspection(site.point["A"], r.SELF, as_user(seed.OP_A))
	doc.results[0].result = r.MET
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_completion_needs_answers_photos_and_notes(as_user, site, inspectors):
	name = drive(site.point["A"], r.PATROL, as_user(seed.REV_LS), r.IN_PROGRESS, inspectors)
	doc = answer(frappe.get_doc("Tuoyu Inspection", name), skip={"XC-14"})
	doc.save()
	with pytest.raises(frappe.ValidationError, match="XC-14"):
		apply_workflow(frappe.get_doc("Tuoyu Inspection", name).as_dict(), r.COMPLETE)
	doc = frappe.get_doc("Tuoyu Inspection", name)
	missing_photo = next(row for row in doc.results if row.photo_required)
	missing_photo.photo = None
	failed = next(row for row in doc.results if row.item_code == "XC-14")
	failed.result = r.NOT_MET
	doc.save()
	with pytest.raises(frappe.ValidationError) as refused:
		apply_workflow(frappe.get_doc("Tuoyu Inspection", name).as_dict(), r.COMPLETE)
	assert missing_photo.item_code in str(refused.value) and "XC-14" in str(refused.value)
	assert state(name) == (r.IN_PROGRESS, 0)


def test_a_public_photo_is_refused(as_user, site):
	name = drive(site.point["A"], r.SELF, as_user(seed.OP_A), r.IN_PROGRESS)
	doc = frappe.get_doc("Tuoyu Inspection", name)
	doc.results[0].photo = "/files/public.png"
	with pytest.raises(frappe.ValidationError):
		doc.save()


def test_score_findings_and_conclusion_are_the_servers(as_user, site, inspectors):
	name = drive(
		site.point["A"],
		r.PATROL,
		as_user(seed.REV_LS),
		r.COMPLETED,
		inspectors,
		failures={"XC-03": "午睡室无监控", "XC-10": "消毒记录缺失"},
	)
	doc = frappe.get_doc("Tuoyu Inspection", name)
	assert (doc.workflow_state, doc.docstatus) == (r.COMPLETED, 1)
	failed_points = sum(row.points for row in doc.results if row.result == r.NOT_MET)
	assert doc.max_score == sum(row.points for row in doc.results)
	assert doc.score == doc.max_score - failed_points
	assert doc.failed_count == 2 and doc.veto_failed == 1
	assert doc.conclusion == r.RECTIFY  # a veto failure forces at least 限期整改
	veto = next(row for row in doc.results if row.item_code == "XC-03")
	assert doc.findings.splitlines()[0].startswith("1.") and veto.clause in doc.findings.splitlines()[0]
	assert "午睡室无监控" in doc.findings and doc.completed_by == seed.REV_LS and doc.inspected_at


def test_all_met_is_pass_and_a_proposal_with_reason_suspends(as_user, site, inspectors):
	passed = drive(site.point["A"], r.PATROL, as_user(seed.REV_LS), r.COMPLETED, inspectors)
	assert frappe.db.get_value("Tuoyu Inspection", passed, "conclusion") == r.PASS
	name = drive(site.point["B"], r.COMPLAINT, as_user(seed.REV_LS), r.IN_PROGRESS)
	doc = answer(frappe.get_doc("Tuoyu Inspection", name), {"XC-08": "实际收托7人"})
	doc.propose_suspension = 1
	with pytest.raises(frappe.ValidationError):
		doc.save()  # a proposal needs its reason
	doc = answer(frappe.get_doc("Tuoyu Inspection", name), {"XC-08": "实际收托7人"})
	doc.propose_suspension, doc.suspension_reason = 1, "超员收托且拒不整改"
	doc.save()
	apply_workflow(frappe.get_doc("Tuoyu Inspection", name).as_dict(), r.COMPLETE)
	assert frappe.db.get_value("Tuoyu Inspection", name, "conclusion") == r.SUSPEND


def test_nothing_changes_after_completion(as_user, site):
	name = drive(site.point["A"], r.SELF, as_user(seed.OP_A), r.COMPLETED)
	doc = frappe.get_doc("Tuoyu Inspection", name)
	doc.results[0].note = "事后补记"
	with pytest.raises(REFUSED):
		doc.save()
	doc = frappe.get_doc("Tuoyu Inspection", name)
	with pytest.raises(REFUSED):
		doc.cancel()
	as_user(seed.CITY)
	doc = frappe.get_doc("Tuoyu Inspection", name)
	doc.planned_date = today()
	with pytest.raises(REFUSED):
		doc.save()
	assert state(name) == (r.COMPLETED, 1)


def test_a_direct_submit_is_refused(as_user, site):
	name = drive(site.point["A"], r.SELF, as_user(seed.OP_A), r.IN_PROGRESS)
	doc = answer(frappe.get_doc("Tuoyu Inspection", name))
	doc.save()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Tuoyu Inspection", name).submit()
	doc = frappe.get_doc("Tuoyu Inspection", name)
	doc.workflow_state = r.COMPLETED  # the right state, but docstatus 0
	with pytest.raises(frappe.PermissionError):
		doc.save()
	assert state(name) == (r.IN_PROGRESS, 0)


def test_a_planned_inspection_can_be_deleted_a_started_one_cannot(as_user, site):
	planned = new_inspection(site.point["A"], r.SELF, as_user(seed.OP_A))
	frappe.delete_doc("Tuoyu Inspection", planned.name)
	started = drive(site.point["A"], r.SELF, seed.OP_A, r.IN_PROGRESS)
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc("Tuoyu Inspection", started)


def test_a_random_draw_link_is_not_set_by_hand(as_user, site, inspectors):
	as_user(seed.REV_LS)
	with pytest.raises(REFUSED):
		frappe.get_doc(
			{
				"doctype": "Tuoyu Inspection",
				"inspection_type": r.RANDOM,
				"point": site.point["A"],
				"random_draw": "TYCQ-伪造",
				"inspectors": [{"inspector": i} for i in inspectors],
			}
		).insert()


def test_the_forms_rectification_button_opens_a_notice_of_the_failed_items(as_user, site, inspectors):
	from tuoyu_frappe.supervision.rectification import open_from_inspection

	name = drive(
		site.point["A"], r.PATROL, as_user(seed.REV_LS), r.COMPLETED, inspectors, {"XC-10": "消毒记录缺失"}
	)
	as_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		open_from_inspection(name)
	as_user(seed.REV_LS)
	notice = frappe.get_doc("Tuoyu Rectification", open_from_inspection(name))
	assert [(i.item_code, bool(i.clause)) for i in notice.items] == [("XC-10", True)]
	assert notice.point == site.point["A"]


# --- self-inspections: the point's date, the history and reminders ------------------------------------


def test_a_completed_self_inspection_sets_the_points_date_and_history(as_user, site):
	frappe.db.set_value("Tuoyu Point", site.point["A"], "last_self_inspection", None)
	name = drive(site.point["A"], r.SELF, as_user(seed.OP_A), r.COMPLETED)
	frappe.set_user("Administrator")
	assert getdate(frappe.db.get_value("Tuoyu Point", site.point["A"], "last_self_inspection")) == getdate(
		today()
	)
	assert frappe.db.exists(
		"Comment",
		{
			"reference_doctype": "Tuoyu Point",
			"reference_name": site.point["A"],
			"content": ("like", f"%{name}%"),
		},
	)
	links = frappe.get_meta("Tuoyu Point").links
	assert any(link.link_doctype == "Tuoyu Inspection" and link.link_fieldname == "point" for link in links)


def test_reminders_go_to_operators_of_filed_points_once_per_interval(db, site):
	a, b = site.point["A"], site.point["B"]
	frappe.db.set_value("Tuoyu Point", a, {"status": "已备案", "last_self_inspection": None})
	frappe.db.set_value(
		"Tuoyu Point", b, {"status": "已备案", "last_self_inspection": add_months(today(), -1)}
	)
	frappe.db.delete("Tuoyu Inspection Reminder", {"point": ("in", (a, b))})
	inspection_reminders.daily()
	reminders = frappe.get_all("Tuoyu Inspection Reminder", filters={"point": ("in", (a, b))}, pluck="point")
	assert reminders == [a]
	assert frappe.db.exists(
		"Notification Log", {"document_type": "Tuoyu Point", "document_name": a, "for_user": seed.OP_A}
	)
	inspection_reminders.daily()
	assert frappe.db.count("Tuoyu Inspection Reminder", {"point": a}) == 1
	# a year later the point is reminded again
	frappe.db.set_value("Tuoyu Inspection Reminder", {"point": a}, "sent_on", add_months(today(), -13))
	frappe.db.set_value("Tuoyu Point", b, "last_self_inspection", add_months(today(), -13))
	inspection_reminders.daily()
	assert frappe.db.count("Tuoyu Inspection Reminder", {"point": a}) == 2
	assert frappe.db.count("Tuoyu Inspection Reminder", {"point": b}) == 1


# --- shipped data and the demo ---------------------------------------------------------------------------


def test_shipped_templates_are_installed_once(db):
	from tuoyu_frappe.supervision import checklists

	for name in ("部门日常巡查表", "举办者自查表", "行业协会督导表"):
		assert frappe.db.exists("Tuoyu Checklist Template", name)
	frappe.db.set_value("Tuoyu Checklist Template", "举办者自查表", "description", "市级管理员改过")
	assert checklists.ensure_checklist_templates() == []
	assert frappe.db.get_value("Tuoyu Checklist Template", "举办者自查表", "description") == "市级管理员改过"


def test_the_demo_goes_through_the_workflow(db, site):
	from tuoyu_frappe.supervision.demo_inspections import load_inspections

	for key in ("A", "B"):
		frappe.db.set_value("Tuoyu Point", site.point[key], "status", "已备案")
	for name in frappe.get_all("Tuoyu Inspection", filters={"area": seed.LANSHAN}, pluck="name"):
		frappe.db.delete("Tuoyu Inspection", {"name": name})
	made = load_inspections(areas=1, commit=False)
	assert made["inspectors"] == 3
	rows = frappe.get_all(
		"Tuoyu Inspection",
		filters={"area": seed.LANSHAN},
		fields=["inspection_type", "workflow_state", "conclusion"],
	)
	assert {(row.inspection_type, row.workflow_state) for row in rows} >= {
		(r.PATROL, r.COMPLETED),
		(r.ASSOCIATION, r.COMPLETED),
	}
	assert frappe.session.user == "Administrator"
	again = load_inspections(areas=1, commit=False)
	assert not [k for k in again if k != "inspectors"]  # nothing new
