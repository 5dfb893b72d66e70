"""The filing workflow as real users of each role, in process."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from tests import seed
from tests.factories import attach_all_materials
from tuoyu_frappe.filing import states as s


def new_filing(site, key="A", user=seed.OP_A):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	filing = frappe.get_doc(
		{"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": site.point[key]}
	).insert()
	return filing


def ready_to_submit(filing):
	attach_all_materials(filing)
	filing.commitment_confirmed = 1
	filing.save()
	return filing


def pass_all_materials(filing, reviewer=seed.REV_LS):
	"""The reviewer accepts every material, as before an approval."""
	frappe.set_user(reviewer)
	doc = frappe.get_doc("Tuoyu Filing", filing.name)
	for m in doc.materials:
		m.verdict = s.PASSED
	doc.save()
	return doc


def refuse(filing, reason="场所为地下室，不符合设置标准", reviewer=seed.REV_LS):
	"""The reviewer gives reasons and refuses the filing."""
	frappe.set_user(reviewer)
	doc = frappe.get_doc("Tuoyu Filing", filing.name)
	doc.decision_reason = reason
	doc.save()
	return act(doc, reviewer, s.REFUSE)


def act(filing, user, action):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return apply_workflow(frappe.get_doc("Tuoyu Filing", filing.name).as_dict(), action)


def test_materials_come_from_the_rule_set_with_one_row_per_caregiver(db, site):
	filing = new_filing(site)
	types = [m.material_type for m in filing.materials]
	assert "营业执照或其他法人登记证书" in types and "场地证明" in types
	assert "照护人员身份证（保育员A）" in types  # per caregiver, national rule set
	assert "食品经营许可证" not in types  # the point prepares no meals
	assert filing.area == seed.LANSHAN and filing.workflow_state == s.DRAFT
	assert filing.commitment_text


def test_full_path_with_two_rounds_of_correction(db, site):
	filing = ready_to_submit(new_filing(site))
	filing = act(filing, seed.OP_A, s.SUBMIT)
	assert filing.workflow_state == s.PENDING and filing.receipt_due and filing.submitted_by == seed.OP_A
	assert filing.findings == [] or all(f.severity == "提示" for f in filing.findings)
	for round_ in (1, 2):
		filing = act(filing, seed.REV_LS, s.ACCEPT)
		assert filing.reviewer == seed.REV_LS
		frappe.set_user(seed.REV_LS)
		doc = frappe.get_doc("Tuoyu Filing", filing.name)
		doc.materials[0].verdict = s.NEEDS_CORRECTION
		doc.materials[0].reason = f"第{round_}次：营业执照扫描件不清晰"
		doc.save()
		filing = act(doc, seed.REV_LS, s.RETURN)
		assert filing.workflow_state == s.RETURNED and filing.return_count == round_
		frappe.set_user(seed.OP_A)
		doc = frappe.get_doc("Tuoyu Filing", filing.name)
		doc.materials[0].attachment = doc.materials[1].attachment  # a corrected upload
		doc.save()
		filing = act(doc, seed.OP_A, s.RESUBMIT)
		assert filing.workflow_state == s.PENDING
	filing = act(filing, seed.REV_LS, s.ACCEPT)
	filing = act(pass_all_materials(filing), seed.REV_LS, s.APPROVE)
	assert filing.docstatus == 1 and filing.workflow_state == s.FILED
	assert filing.filing_number.startswith("临卫托备〔") and seed.LANSHAN in filing.filing_number
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	assert point.status == "已备案" and point.filing_number == filing.filing_number
	comments = frappe.get_all(
		"Comment", filters={"reference_name": filing.name, "comment_type": "Workflow"}, pluck="owner"
	)
	assert seed.OP_A in comments and seed.REV_LS in comments
	subjects = frappe.get_all(
		"Notification Log", filters={"for_user": seed.OP_A, "document_name": filing.name}, pluck="subject"
	)
	assert len(subjects) == 3  # two returns and the approval
	assert frappe.get_all("Notification Log", filters={"for_user": seed.REV_LS, "document_name": filing.name})


def test_incomplete_materials_or_missing_commitment_refuse_submission(db, site):
	filing = new_filing(site)
	with pytest.raises(frappe.ValidationError) as err:
		act(filing, seed.OP_A, s.SUBMIT)
	assert "营业执照" in str(err.value) and "承诺" in str(err.value)
	assert frappe.db.get_value("Tuoyu Filing", filing.name, "workflow_state") == s.DRAFT


def test_blocking_findings_refuse_submission(db, site):
	frappe.db.set_value("Tuoyu Point", site.point["A"], "cctv_retention_days", 30)
	filing = ready_to_submit(new_filing(site))
	with pytest.raises(frappe.ValidationError) as err:
		act(filing, seed.OP_A, s.SUBMIT)
	assert "90" in str(err.value)


def test_refusal_needs_reasons(db, site):
	filing = act(ready_to_submit(new_filing(site)), seed.OP_A, s.SUBMIT)
	filing = act(filing, seed.REV_LS, s.ACCEPT)
	with pytest.raises(frappe.ValidationError):
		act(filing, seed.REV_LS, s.REFUSE)
	filing = refuse(filing)
	assert filing.docstatus == 1 and filing.decision == s.NOT_APPROVED
	assert frappe.db.get_value("Tuoyu Point", site.point["A"], "status") == "筹建中"


def test_only_the_points_operators_submit_and_only_the_areas_reviewers_decide(db, site):
	filing = ready_to_submit(new_filing(site))
	with pytest.raises(frappe.PermissionError):
		act(filing, seed.OP_B, s.SUBMIT)  # operator of another point
	filing = act(filing, seed.OP_A, s.SUBMIT)
	for outsider in (seed.REV_LZ, seed.OP_A, seed.CITY):
		with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
			act(filing, outsider, s.ACCEPT)
	assert frappe.db.get_value("Tuoyu Filing", filing.name, "workflow_state") == s.PENDING


def test_nobody_approves_a_filing_they_created(db, site):
	# A reviewer who is also the point's operator creates and submits, then tries to approve.
	frappe.set_user("Administrator")
	frappe.get_doc("User", seed.REV_LS).add_roles("Tuoyu Operator")
	point = frappe.get_doc("Tuoyu Point", site.point["B"])
	point.append("operators", {"user": seed.REV_LS})
	point.save()
	filing = ready_to_submit(new_filing(site, "B", seed.REV_LS))
	filing = act(filing, seed.REV_LS, s.SUBMIT)
	filing = act(filing, seed.REV_LS, s.ACCEPT)
	doc = pass_all_materials(filing)
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		act(doc, seed.REV_LS, s.APPROVE)
	assert frappe.db.get_value("Tuoyu Filing", filing.name, "docstatus") == 0


def test_a_second_open_filing_for_the_same_point_is_refused(db, site):
	new_filing(site)
	with pytest.raises(frappe.ValidationError):
		new_filing(site)


def in_review(site):
	filing = act(ready_to_submit(new_filing(site)), seed.OP_A, s.SUBMIT)
	return act(filing, seed.REV_LS, s.ACCEPT)


def test_saving_a_new_workflow_state_directly_is_refused(db, site):
	filing = in_review(site)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc("Tuoyu Filing", filing.name)
	doc.workflow_state = s.FILED  # docstatus stays 0
	with pytest.raises(frappe.PermissionError):
		doc.save()
	doc = frappe.get_doc("Tuoyu Filing", filing.name)
	doc.workflow_state = s.PENDING  # no such transition backwards
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		doc.save()


def test_a_direct_submit_in_python_is_refused(db, site):
	filing = in_review(site)
	pass_all_materials(filing)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Tuoyu Filing", filing.name).submit()
	assert frappe.db.get_value("Tuoyu Filing", filing.name, "docstatus") == 0


def test_operator_cannot_edit_during_review_and_reviewer_cannot_edit_drafts(db, site):
	draft = new_filing(site)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc("Tuoyu Filing", draft.name)
	doc.commitment_confirmed = 1
	with pytest.raises(frappe.PermissionError):
		doc.save()
	frappe.set_user("Administrator")  # one open filing per point: remove the draft first
	frappe.delete_doc("Tuoyu Filing", draft.name, force=True)
	filing = in_review(site)
	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc("Tuoyu Filing", filing.name)
	doc.change_description = "审核中修改"
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_operator_writes_to_decision_fields_are_reset(db, site):
	filing = new_filing(site)
	filing.decision, filing.decision_reason, filing.reviewer = s.APPROVED, "自批", seed.OP_A
	filing.materials[0].verdict = s.PASSED
	filing.save()
	frappe.set_user("Administrator")
	filing.reload()
	assert not filing.decision and not filing.decision_reason and not filing.reviewer
	assert filing.materials[0].verdict == s.PENDING_VERDICT


def test_a_change_filing_applies_the_change_when_approved(db, site):
	frappe.db.set_value(
		"Tuoyu Point", site.point["A"], {"status": "已备案", "filing_number": "临卫托备〔2026〕371302-0001"}
	)
	frappe.set_user(seed.OP_A)
	filing = frappe.get_doc(
		{
			"doctype": "Tuoyu Filing",
			"filing_type": s.CHANGE,
			"point": site.point["A"],
			"change_description": "更换联系电话，扩大收托规模",
			"changes": [
				{"point_field": "联系电话", "new_value": "13900001111"},
				{"point_field": "备案收托人数", "new_value": "4"},
			],
		}
	).insert()
	assert [m.material_type for m in filing.materials] == ["变更事项证明材料"]
	assert filing.changes[1].old_value == "5"
	filing = act(ready_to_submit(filing), seed.OP_A, s.SUBMIT)
	filing = act(filing, seed.REV_LS, s.ACCEPT)
	filing = act(pass_all_materials(filing), seed.REV_LS, s.APPROVE)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	assert point.phone == "+8613900001111" and point.capacity == 4 and point.status == "已备案"
	assert filing.filing_number == "临卫托备〔2026〕371302-0001"


def test_a_cancellation_filing_closes_the_point(db, site):
	frappe.db.set_value("Tuoyu Point", site.point["A"], "status", "已备案")
	frappe.set_user(seed.OP_A)
	filing = frappe.get_doc(
		{
			"doctype": "Tuoyu Filing",
			"filing_type": s.CANCEL,
			"point": site.point["A"],
			"change_description": "举办者停止经营",
		}
	).insert()
	filing = act(act(ready_to_submit(filing), seed.OP_A, s.SUBMIT), seed.REV_LS, s.ACCEPT)
	act(pass_all_materials(filing), seed.REV_LS, s.APPROVE)
	assert frappe.db.get_value("Tuoyu Point", site.point["A"], "status") == "已注销"


def test_a_first_filing_is_refused_for_a_filed_point_and_a_change_for_a_new_one(db, site):
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc(
			{
				"doctype": "Tuoyu Filing",
				"filing_type": s.CHANGE,
				"point": site.point["A"],
				"change_description": "x",
			}
		).insert()
	frappe.db.set_value("Tuoyu Point", site.point["A"], "status", "已备案")
	with pytest.raises(frappe.ValidationError):
		new_filing(site)


def test_operator_may_delete_a_draft_but_not_a_submitted_filing(db, site):
	draft = new_filing(site)
	frappe.delete_doc("Tuoyu Filing", draft.name)
	assert not frappe.db.exists("Tuoyu Filing", draft.name)
	filing = act(ready_to_submit(new_filing(site)), seed.OP_A, s.SUBMIT)
	frappe.set_user(seed.OP_A)
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		frappe.delete_doc("Tuoyu Filing", filing.name)


@pytest.mark.parametrize(
	"user, visible",
	[
		(seed.OP_A, {"A"}),
		(seed.OP_B, set()),
		(seed.OP_C, {"C"}),
		(seed.REV_LS, {"A"}),
		(seed.REV_LZ, {"C"}),
		(seed.CITY, {"A", "C"}),
	],
)
def test_filings_are_isolated_like_their_points(db, site, user, visible):
	from frappe.desk.reportview import get_count

	names = {"A": new_filing(site, "A", seed.OP_A).name, "C": new_filing(site, "C", seed.OP_C).name}
	frappe.set_user(user)
	listed = set(frappe.get_list("Tuoyu Filing", pluck="name"))
	assert {k for k, n in names.items() if n in listed} == visible
	for key, name in names.items():
		assert frappe.has_permission("Tuoyu Filing", "read", doc=name) == (key in visible)
	frappe.local.form_dict = frappe._dict(doctype="Tuoyu Filing", filters="[]", fields="[]")
	assert get_count() == len(listed)
