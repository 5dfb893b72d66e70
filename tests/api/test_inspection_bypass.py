"""Every way around the inspection workflow is refused on the server, through the REST API."""

import frappe
import pytest

from tests import seed
from tests.inspection_helpers import answer, drive, ensure_inspectors, remove_inspections
from tuoyu_frappe.supervision import inspection_rules as r

pytestmark = pytest.mark.http

DOC = "/api/resource/Tuoyu Inspection"


@pytest.fixture
def inspections(site):
	created: list[str] = []
	yield created
	frappe.set_user("Administrator")
	frappe.db.rollback()
	remove_inspections(created)
	frappe.db.commit()


@pytest.fixture
def inspectors(site):
	names = ensure_inspectors(seed.LANSHAN)
	frappe.db.commit()
	return names


def committed(point, kind, user, to_state, inspectors=None, failures=None, answered=False) -> str:
	name = drive(point, kind, user, to_state, inspectors, failures)
	if answered:
		doc = answer(frappe.get_doc("Tuoyu Inspection", name), failures)
		doc.save()
	frappe.set_user("Administrator")
	frappe.db.commit()
	return name


def stored(name: str, *fields) -> tuple:
	frappe.db.rollback()  # see the server's commits
	values = frappe.db.get_value("Tuoyu Inspection", name, list(fields), as_dict=True)
	return tuple(values[f] for f in fields)


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def test_an_operator_cannot_complete_a_departmental_inspection(login, site, inspections, inspectors):
	name = committed(site.point["A"], r.PATROL, seed.REV_LS, r.IN_PROGRESS, inspectors, answered=True)
	inspections.append(name)
	client = login(seed.OP_A)
	doc = client.get(f"{DOC}/{name}").json()["data"]  # the operator reads their point's inspection
	response = client.post(
		"/api/method/frappe.model.workflow.apply_workflow", json={"doc": doc, "action": r.COMPLETE}
	)
	assert refused(response)
	for body in ({"workflow_state": r.COMPLETED}, {"workflow_state": r.COMPLETED, "docstatus": 1}):
		assert refused(client.put(f"{DOC}/{name}", json=body)), body
	assert refused(client.post("/api/method/frappe.client.submit", json={"doc": doc}))
	note = {"results": [{**doc["results"][0], "note": "举办者改了检查记录"}]}
	assert refused(client.put(f"{DOC}/{name}", json=note))
	assert stored(name, "workflow_state", "docstatus") == (r.IN_PROGRESS, 0)
	# the reviewer can
	reviewer = login(seed.REV_LS)
	doc = reviewer.get(f"{DOC}/{name}").json()["data"]
	response = reviewer.post(
		"/api/method/frappe.model.workflow.apply_workflow", json={"doc": doc, "action": r.COMPLETE}
	)
	assert response.status_code == 200, response.text
	assert stored(name, "workflow_state", "docstatus") == (r.COMPLETED, 1)


def test_a_put_of_score_or_conclusion_does_not_stick(login, site, inspections, inspectors):
	name = committed(
		site.point["A"], r.PATROL, seed.REV_LS, r.IN_PROGRESS, inspectors, {"XC-03": "无监控"}, answered=True
	)
	inspections.append(name)
	before = stored(name, "score", "max_score", "failed_count", "veto_failed", "conclusion", "findings")
	assert before[2:5] == (1, 1, r.RECTIFY)
	client = login(seed.REV_LS)
	client.put(
		f"{DOC}/{name}",
		json={
			"score": 999,
			"max_score": 999,
			"failed_count": 0,
			"veto_failed": 0,
			"conclusion": r.PASS,
			"findings": "无问题",
			"completed_by": seed.REV_LS,
		},
	)
	assert (
		stored(name, "score", "max_score", "failed_count", "veto_failed", "conclusion", "findings") == before
	)
	assert stored(name, "completed_by") == (None,)
	for body in ({"template_version": 99}, {"template": "举办者自查表"}, {"inspection_type": r.SELF}):
		assert refused(client.put(f"{DOC}/{name}", json=body)), body
	doc = client.get(f"{DOC}/{name}").json()["data"]
	veto = next(row for row in doc["results"] if row["item_code"] == "XC-03")
	veto["severity"] = r.MINOR  # make the veto item a minor one
	assert refused(client.put(f"{DOC}/{name}", json={"results": doc["results"]}))
	assert stored(name, "veto_failed") == (1,)


def test_edits_after_completion_are_refused(login, site, inspections, inspectors):
	name = committed(site.point["A"], r.PATROL, seed.REV_LS, r.COMPLETED, inspectors, {"XC-10": "无消毒记录"})
	inspections.append(name)
	before = stored(name, "conclusion", "score", "findings", "modified")
	for user in (seed.REV_LS, seed.CITY):
		client = login(user)
		doc = client.get(f"{DOC}/{name}").json()["data"]
		rows = [{**row, "result": r.MET, "note": ""} for row in doc["results"]]
		for body in (
			{"results": rows},
			{"conclusion": r.PASS},
			{"planned_date": "2026-01-01"},
			{"docstatus": 0},
		):
			assert refused(client.put(f"{DOC}/{name}", json=body)), (user, body)
		response = client.post(
			"/api/method/frappe.client.cancel", json={"doctype": "Tuoyu Inspection", "name": name}
		)
		assert refused(response), user
		response = client.delete(f"{DOC}/{name}")
		assert response.status_code != 202 and refused(response), user
	assert stored(name, "conclusion", "score", "findings", "modified") == before
	assert stored(name, "workflow_state", "docstatus") == (r.COMPLETED, 1)


def test_an_operator_cannot_create_an_inspection_of_someone_elses_point(login, site, inspections):
	client = login(seed.OP_A)
	for point, kind in ((site.point["B"], r.SELF), (site.point["C"], r.SELF), (site.point["A"], r.PATROL)):
		response = client.post(DOC, json={"inspection_type": kind, "point": point})
		assert refused(response), (point, kind)
	frappe.db.rollback()
	assert not frappe.db.exists(
		"Tuoyu Inspection", {"owner": seed.OP_A, "point": ("in", (site.point["B"], site.point["C"]))}
	)
	response = client.post(DOC, json={"inspection_type": r.SELF, "point": site.point["A"]})
	assert response.status_code == 200, response.text
	inspections.append(response.json()["data"]["name"])


def test_the_association_cannot_inspect_a_non_member_point(login, site, inspections):
	client = login(seed.ASSOC)
	response = client.post(DOC, json={"inspection_type": r.ASSOCIATION, "point": site.point["B"]})
	assert refused(response)
	response = client.post(DOC, json={"inspection_type": r.PATROL, "point": site.point["A"]})
	assert refused(response)
	response = client.post(DOC, json={"inspection_type": r.ASSOCIATION, "point": site.point["A"]})
	assert response.status_code == 200, response.text
	name = response.json()["data"]["name"]
	inspections.append(name)
	assert response.json()["data"]["area"] == seed.LANSHAN
	# and cannot read (or so take over) an inspection of a non-member point
	other = committed(site.point["B"], r.COMPLAINT, seed.REV_LS, r.PLANNED)
	inspections.append(other)
	assert client.get(f"{DOC}/{other}").status_code == 403
	assert refused(client.put(f"{DOC}/{other}", json={"planned_date": "2026-12-31"}))


def test_a_random_draw_link_cannot_be_forged(login, site, inspections, inspectors):
	client = login(seed.REV_LS)
	body = {
		"inspection_type": r.RANDOM,
		"point": site.point["A"],
		"random_draw": "TYCQ-2026-00001",
		"inspectors": [{"inspector": i} for i in inspectors],
		"flags": {"created_by_draw": True},
	}
	assert client.post(DOC, json=body).status_code != 200
	name = committed(site.point["A"], r.COMPLAINT, seed.REV_LS, r.PLANNED)
	inspections.append(name)
	client.put(f"{DOC}/{name}", json={"random_draw": "TYCQ-2026-00001"})
	assert stored(name, "random_draw") == (None,)
