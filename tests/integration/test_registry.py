"""Registry behaviour on the site: compliance on the form, audit trail, reference data, roles."""

import frappe
import pytest

from tests import seed
from tests.factories import point_values
from tuoyu_frappe.setup import install


def test_point_form_shows_translated_compliance_findings(as_user, site):
	as_user(seed.OP_A)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.run_method("onload")
	assert point.get_onload().compliance == []  # seeded A is compliant
	point.enrolment = 5  # 5 children need 2 caregivers at 1:3; A employs 1
	point.run_method("onload")
	[finding] = point.get_onload().compliance
	assert finding["rule"] == "children_per_caregiver" and finding["severity"] == "blocking"
	assert "照护人员" in finding["message"] or "保育" in finding["message"], finding["message"]
	assert finding["legal_source"] == "《家庭托育点管理办法（试行）》"


def test_get_compliance_checks_permission(as_user, site):
	from tuoyu_frappe.registry.doctype.tuoyu_point.tuoyu_point import get_compliance

	as_user(seed.OP_A)
	assert get_compliance(site.point["A"]) == []
	as_user(seed.OP_B)
	with pytest.raises(frappe.PermissionError):
		get_compliance(site.point["A"])


def test_changes_to_points_and_staff_are_tracked(as_user, site):
	as_user(seed.OP_A)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.address = "兰山区新地址1号"
	point.save()
	version = frappe.get_last_doc("Version", filters={"ref_doctype": "Tuoyu Point", "docname": point.name})
	assert version.owner == seed.OP_A
	assert ["address", "测试路65号", "兰山区新地址1号"] in frappe.parse_json(version.data)["changed"]


def test_new_points_get_the_rule_set_in_force(as_user):
	as_user(seed.OP_A)
	point = frappe.get_doc(point_values()).insert()
	assert point.rule_set == "国家家庭托育点管理办法 (2023)"


def test_reference_data_install_is_idempotent_and_keeps_admin_edits(db):
	frappe.db.set_value("Tuoyu Area", "371302", "area_name", "兰山区（改）")
	frappe.db.set_value("Tuoyu Rule Set", "临沂市试点方案 (2022)", "max_capacity", 25)
	before = {dt: frappe.db.count(dt) for dt in ("Tuoyu Area", "Tuoyu Rule Set", "Role")}
	install.ensure_reference_data()
	install.ensure_reference_data()
	assert {dt: frappe.db.count(dt) for dt in before} == before
	assert frappe.db.get_value("Tuoyu Area", "371302", "area_name") == "兰山区（改）"
	assert frappe.db.get_value("Tuoyu Rule Set", "临沂市试点方案 (2022)", "max_capacity") == 25


def test_city_admin_adds_an_area_and_others_cannot(as_user):
	as_user(seed.CITY)
	area = frappe.get_doc(
		{
			"doctype": "Tuoyu Area",
			"area_code": "371372",
			"area_name": "临沂经济技术开发区",
			"level": "县区",
			"parent_area": "371300",
		}
	).insert()
	assert area.county_area == "371372"
	town = frappe.get_doc(
		{
			"doctype": "Tuoyu Area",
			"area_code": "371372001",
			"area_name": "测试街道",
			"level": "乡镇街道",
			"parent_area": "371372",
		}
	).insert()
	assert town.county_area == "371372"
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc(
			{
				"doctype": "Tuoyu Area",
				"area_code": "371372002",
				"area_name": "错层级",
				"level": "乡镇街道",
				"parent_area": "371300",
			}
		).insert()
	as_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Tuoyu Area",
				"area_code": "371399",
				"area_name": "x",
				"level": "县区",
				"parent_area": "371300",
			}
		).insert()


def test_rule_sets_carry_sources_and_values(db):
	linyi = frappe.get_doc("Tuoyu Rule Set", "临沂市试点方案 (2022)")
	national = frappe.get_doc("Tuoyu Rule Set", "国家家庭托育点管理办法 (2023)")
	assert (linyi.max_capacity, national.max_capacity) == (30, 5)
	assert (
		str(national.effective_from) == "2023-10-16" and national.document_number == "国卫人口发〔2023〕28号"
	)
	assert linyi.full_day_required and not national.full_day_required
	assert national.allow_residence and not national.allow_street_front and linyi.allow_street_front
	assert national.min_lease_years == 3 and national.cctv_retention_days == 90
	assert {m.material_type for m in linyi.materials} >= {
		"营业执照或其他法人登记证书",
		"场地证明",
		"工作人员专业资格证明及健康合格证明",
		"卫生评价合格报告",
	}
	assert any(m.per_caregiver for m in national.materials)
	assert all(
		national.get(f"{key}_clause") for key in ("max_capacity", "children_per_caregiver", "min_lease_years")
	)


def test_reviewer_assignment_grants_the_role_and_the_area(as_user, site):
	as_user(seed.CITY)
	frappe.get_doc(
		{"doctype": "Tuoyu Reviewer Assignment", "reviewer": seed.NOBODY, "area": seed.LUOZHUANG}
	).insert()
	assert "Tuoyu District Reviewer" in frappe.get_roles(seed.NOBODY)
	as_user(seed.NOBODY)
	assert set(frappe.get_list("Tuoyu Point", pluck="name")) & set(site.point.values()) == {site.point["C"]}
	as_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{"doctype": "Tuoyu Reviewer Assignment", "reviewer": seed.REV_LS, "area": seed.LUOZHUANG}
		).insert()


def test_adding_an_operator_to_a_point_grants_access(as_user, site):
	as_user(seed.REV_LS)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.append("operators", {"user": seed.NOBODY})
	point.save()
	as_user(seed.NOBODY)
	assert frappe.has_permission("Tuoyu Point", "read", doc=site.point["A"])
	assert not frappe.has_permission("Tuoyu Point", "read", doc=site.point["B"])


@pytest.mark.parametrize(
	"user, workspace",
	[
		(seed.REV_LS, "Tuoyu District Review"),
		(seed.OP_A, "Tuoyu Operator Desk"),
		(seed.CITY, "Tuoyu Supervision"),
	],
)
def test_each_role_gets_its_own_workspace_first(as_user, user, workspace):
	from frappe.boot import get_bootinfo

	as_user(user)
	bootinfo = get_bootinfo()
	assert bootinfo.module_wise_workspaces["Registry"][0] == workspace
	visible = {w["name"] for w in bootinfo.allowed_workspaces}
	assert workspace in visible
	assert not ({"Tuoyu Supervision", "Tuoyu District Review", "Tuoyu Operator Desk"} - {workspace}) & visible


def test_the_reviewer_role_follows_enabled_assignments(as_user):
	as_user(seed.CITY)
	assignment = frappe.get_doc(
		{"doctype": "Tuoyu Reviewer Assignment", "reviewer": seed.NOBODY, "area": seed.LANSHAN}
	).insert()
	assert "Tuoyu District Reviewer" in frappe.get_roles(seed.NOBODY)
	assignment.enabled = 0
	assignment.save()
	assert "Tuoyu District Reviewer" not in frappe.get_roles(seed.NOBODY)
	assignment.enabled = 1
	assignment.save()
	assert "Tuoyu District Reviewer" in frappe.get_roles(seed.NOBODY)
	assignment.delete()
	assert "Tuoyu District Reviewer" not in frappe.get_roles(seed.NOBODY)
