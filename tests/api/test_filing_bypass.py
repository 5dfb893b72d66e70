"""Every way around the filing workflow is refused on the server, through the REST API."""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from tests import seed
from tests.factories import attach_all_materials
from tuoyu_frappe.filing import states as s

pytestmark = pytest.mark.http


def drive(point: str, to_state: str, operator: str = seed.OP_A, reviewer: str = seed.REV_LS) -> str:
	"""Create a filing and move it to `to_state` as the real users would; committed for the server."""
	frappe.set_user(operator)
	filing = frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": point}).insert()
	if to_state != s.DRAFT:
		attach_all_materials(filing)
		filing.commitment_confirmed = 1
		filing.save()
		apply_workflow(filing.as_dict(), s.SUBMIT)
	if to_state == s.IN_REVIEW:
		frappe.set_user(reviewer)
		apply_workflow(frappe.get_doc("Tuoyu Filing", filing.name).as_dict(), s.ACCEPT)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return filing.name


@pytest.fixture
def filings(site):
	created = []
	yield created
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in created:
		for f in frappe.get_all("File", filters={"attached_to_name": name}, pluck="name"):
			frappe.delete_doc("File", f, ignore_permissions=True, force=True)
		frappe.db.delete("Tuoyu Filing Material", {"parent": name})
		frappe.db.delete("Tuoyu Filing", {"name": name})
	frappe.db.commit()


def state_of(name: str) -> tuple:
	frappe.db.rollback()  # see the server's commits
	return tuple(frappe.db.get_value("Tuoyu Filing", name, ["workflow_state", "docstatus"]))


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def test_rest_put_of_workflow_state_is_refused(login, site, filings):
	name = drive(site.point["A"], s.PENDING)
	filings.append(name)
	for user, target in ((seed.OP_A, s.IN_REVIEW), (seed.REV_LZ, s.IN_REVIEW), (seed.OP_A, s.FILED)):
		response = login(user).put(f"/api/resource/Tuoyu Filing/{name}", json={"workflow_state": target})
		assert refused(response), (user, target, response.status_code)
	assert state_of(name) == (s.PENDING, 0)


def test_a_state_whose_docstatus_does_not_match_is_refused(login, site, filings):
	name = drive(site.point["A"], s.IN_REVIEW)
	filings.append(name)
	client = login(seed.REV_LS)
	response = client.put(f"/api/resource/Tuoyu Filing/{name}", json={"workflow_state": s.FILED})
	assert refused(response)
	response = client.put(f"/api/resource/Tuoyu Filing/{name}", json={"docstatus": 1})
	assert refused(response)
	assert state_of(name) == (s.IN_REVIEW, 0)


def test_a_direct_submit_is_refused(login, site, filings):
	name = drive(site.point["A"], s.IN_REVIEW)
	filings.append(name)
	client = login(seed.REV_LS)
	doc = client.get(f"/api/resource/Tuoyu Filing/{name}").json()["data"]
	response = client.post("/api/method/frappe.client.submit", json={"doc": doc})
	assert refused(response)
	response = client.post(f"/api/resource/Tuoyu Filing/{name}", json={"run_method": "submit"})
	assert response.status_code != 200 or state_of(name) == (s.IN_REVIEW, 0)
	assert state_of(name) == (s.IN_REVIEW, 0)


def test_self_approval_is_refused_over_rest(login, site, filings):
	frappe.set_user("Administrator")
	frappe.get_doc("User", seed.REV_LS).add_roles("Tuoyu Operator")
	point = frappe.get_doc("Tuoyu Point", site.point["B"])
	point.append("operators", {"user": seed.REV_LS})
	point.save()
	frappe.db.commit()
	try:
		name = drive(site.point["B"], s.IN_REVIEW, operator=seed.REV_LS, reviewer=seed.REV_LS)
		filings.append(name)
		client = login(seed.REV_LS)
		doc = client.get(f"/api/resource/Tuoyu Filing/{name}").json()["data"]
		for row in doc["materials"]:
			row["verdict"] = s.PASSED
		assert (
			client.put(f"/api/resource/Tuoyu Filing/{name}", json={"materials": doc["materials"]}).status_code
			== 200
		)
		doc = client.get(f"/api/resource/Tuoyu Filing/{name}").json()["data"]
		response = client.post(
			"/api/method/frappe.model.workflow.apply_workflow", json={"doc": doc, "action": s.APPROVE}
		)
		assert refused(response)
		assert state_of(name) == (s.IN_REVIEW, 0)
	finally:
		frappe.set_user("Administrator")
		point = frappe.get_doc("Tuoyu Point", site.point["B"])
		point.set("operators", [row for row in point.operators if row.user != seed.REV_LS])
		point.save()
		frappe.get_doc("User", seed.REV_LS).remove_roles("Tuoyu Operator")
		frappe.db.commit()


def test_edits_in_states_the_user_may_not_edit_are_refused(login, site, filings):
	pending = drive(site.point["A"], s.PENDING)
	filings.append(pending)
	response = login(seed.OP_A).put(
		f"/api/resource/Tuoyu Filing/{pending}", json={"change_description": "审核期间擅自修改"}
	)
	assert refused(response)
	draft = drive(site.point["C"], s.DRAFT, operator=seed.OP_C)
	filings.append(draft)
	response = login(seed.REV_LZ).put(f"/api/resource/Tuoyu Filing/{draft}", json={"commitment_confirmed": 1})
	assert refused(response)
	frappe.db.rollback()
	assert frappe.db.get_value("Tuoyu Filing", draft, "commitment_confirmed") == 0
	assert not frappe.db.get_value("Tuoyu Filing", pending, "change_description")


def test_operator_writes_to_decision_fields_do_not_stick(login, site, filings):
	name = drive(site.point["A"], s.DRAFT)
	filings.append(name)
	client = login(seed.OP_A)
	doc = client.get(f"/api/resource/Tuoyu Filing/{name}").json()["data"]
	for row in doc["materials"]:
		row["verdict"], row["reason"] = s.PASSED, "自己审核通过"
	client.put(
		f"/api/resource/Tuoyu Filing/{name}",
		json={
			"decision": s.APPROVED,
			"decision_reason": "自批",
			"reviewer": seed.OP_A,
			"materials": doc["materials"],
		},
	)
	frappe.db.rollback()
	row = frappe.db.get_value("Tuoyu Filing", name, ["decision", "decision_reason", "reviewer"], as_dict=True)
	assert not row.decision and not row.decision_reason and not row.reviewer
	verdicts = frappe.get_all("Tuoyu Filing Material", filters={"parent": name}, pluck="verdict")
	assert set(verdicts) == {s.PENDING_VERDICT}


def test_a_new_filing_cannot_start_beyond_draft(login, site):
	response = login(seed.OP_A).post(
		"/api/resource/Tuoyu Filing",
		json={"filing_type": s.NEW, "point": site.point["A"], "workflow_state": s.FILED, "docstatus": 1},
	)
	assert response.status_code != 200
	frappe.db.rollback()
	assert not frappe.db.exists("Tuoyu Filing", {"point": site.point["A"], "docstatus": 1})


def test_operators_of_other_points_cannot_create_filings(login, site):
	response = login(seed.OP_B).post(
		"/api/resource/Tuoyu Filing", json={"filing_type": s.NEW, "point": site.point["A"]}
	)
	assert refused(response)


def test_material_files_download_only_within_scope(login, site, filings):
	name = drive(site.point["A"], s.PENDING)
	filings.append(name)
	url = frappe.get_all("Tuoyu Filing Material", filters={"parent": name}, pluck="attachment")[0]
	assert url.startswith("/private/files/")
	for user in (seed.OP_A, seed.REV_LS, seed.CITY):
		assert login(user).get(url).status_code == 200, user
	for user in (seed.OP_B, seed.OP_C, seed.REV_LZ, seed.NOBODY):
		assert login(user).get(url).status_code == 403, user
	listing = login(seed.OP_B).get(
		"/api/resource/File", params={"filters": json.dumps([["attached_to_name", "=", name]])}
	)
	assert listing.status_code != 200 or listing.json()["data"] == []


def test_a_decided_filing_cannot_be_rewritten(login, site, filings):
	name = drive(site.point["C"], s.IN_REVIEW, operator=seed.OP_C, reviewer=seed.REV_LZ)
	filings.append(name)
	frappe.set_user(seed.REV_LZ)
	doc = frappe.get_doc("Tuoyu Filing", name)
	for row in doc.materials:
		row.verdict = s.PASSED
	doc.save()
	apply_workflow(frappe.get_doc("Tuoyu Filing", name).as_dict(), s.APPROVE)
	frappe.set_user("Administrator")
	frappe.db.commit()
	number = frappe.db.get_value("Tuoyu Filing", name, "filing_number")
	try:
		client = login(seed.REV_LZ)
		for change in (
			{"decision": s.NOT_APPROVED},
			{"filing_number": "伪造编号-0001"},
			{"workflow_state": s.REFUSED},
			{"docstatus": 2},
		):
			response = client.put(f"/api/resource/Tuoyu Filing/{name}", json=change)
			assert refused(response), (change, response.status_code)
		frappe.db.rollback()
		row = frappe.db.get_value(
			"Tuoyu Filing", name, ["decision", "filing_number", "docstatus"], as_dict=True
		)
		assert (row.decision, row.filing_number, row.docstatus) == (s.APPROVED, number, 1)
	finally:
		frappe.db.set_value("Tuoyu Filing", name, "docstatus", 0)  # let the fixture remove it
		frappe.db.set_value(
			"Tuoyu Point", site.point["C"], {"status": "筹建中", "filing_number": None, "filed_on": None}
		)
		frappe.db.commit()
