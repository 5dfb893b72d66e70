"""Every way around the rectification and enforcement workflows is refused on the server, through
the REST API; and the point's status moves only with an approved action. The server runs in
another process, so each test's rows are committed and purged afterwards."""

import frappe
import pytest
from frappe.utils import now_datetime

from tests import seed
from tests.integration import enforcement_helpers as h
from tests.integration.test_receipt import purge_point
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision import escalation

pytestmark = pytest.mark.http

RECT, ACTION = h.RECT, h.ACTION
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
_seq = iter(range(71, 99))


@pytest.fixture
def point(site, server):
	"""A point filed through the filing workflow, committed for the server; removed afterwards."""
	try:
		name = h.filed_point(f"执法接口{next(_seq)}", next(_seq))
	except Exception:
		frappe.db.rollback()
		raise
	frappe.db.commit()
	yield name
	frappe.db.rollback()
	h.purge_supervision([name])
	purge_point(name)


def commit() -> None:
	frappe.set_user("Administrator")
	frappe.db.commit()


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def stored(doctype: str, name: str, *fields):
	frappe.db.rollback()  # see the server's commits
	row = frappe.db.get_value(doctype, name, list(fields), as_dict=True)
	return tuple(row[f] for f in fields)


def get(client, doctype: str, name: str) -> dict:
	return client.get(f"/api/resource/{doctype}/{name}").json()["data"]


def proposed_suspension(point: str) -> str:
	"""An overdue rectification escalated by the daily job: a suspension waiting for the city."""
	rect = h.open_rectification(point)
	h.backdate(rect, 40)
	frappe.set_user("Administrator")
	escalation.daily()
	action = frappe.db.get_value(RECT, rect, "enforcement_action")
	frappe.db.set_value(ACTION, action, "decision_no", "临卫监停字〔2026〕201号")
	commit()
	return action


def test_a_reviewer_cannot_approve_a_suspension_the_city_must_approve(login, point):
	action = proposed_suspension(point)
	client = login(seed.REV_LS)
	doc = get(client, ACTION, action)
	assert refused(client.post(APPLY, json={"doc": doc, "action": r.E_APPROVE}))
	for change in (
		{"workflow_state": r.E_EFFECTIVE},
		{"workflow_state": r.E_EFFECTIVE, "docstatus": 1},
		{"docstatus": 1},
	):
		assert refused(client.put(f"/api/resource/{ACTION}/{action}", json=change)), change
	assert refused(client.post("/api/method/frappe.client.submit", json={"doc": doc}))
	assert stored(ACTION, action, "workflow_state", "docstatus") == (r.E_PROPOSED, 0)
	assert stored("Tuoyu Point", point, "status") == (r.FILED,)
	# The city administrator can.
	city = login(seed.CITY)
	response = city.post(APPLY, json={"doc": get(city, ACTION, action), "action": r.E_APPROVE})
	assert response.status_code == 200, response.text[:500]
	assert stored("Tuoyu Point", point, "status") == (r.SUSPENDED,)


def test_a_reviewer_cannot_approve_their_own_suspension_even_as_a_city_admin(login, point):
	frappe.set_user("Administrator")
	frappe.get_doc("User", seed.REV_LS).add_roles("Tuoyu City Admin")
	commit()
	try:
		client = login(seed.REV_LS)
		response = client.post(
			f"/api/resource/{ACTION}",
			json={
				"action_type": r.SUSPEND,
				"point": point,
				"reason": "逾期未整改",
				"legal_basis": r.SUSPENSION_BASIS,
				"decision_no": "临卫监停字〔2026〕202号",
			},
		)
		assert response.status_code == 200, response.text[:500]
		action = response.json()["data"]["name"]
		response = client.post(APPLY, json={"doc": get(client, ACTION, action), "action": r.E_PROPOSE})
		assert response.status_code == 200, response.text[:500]
		assert refused(client.post(APPLY, json={"doc": get(client, ACTION, action), "action": r.E_APPROVE}))
		response = client.put(
			f"/api/resource/{ACTION}/{action}", json={"workflow_state": r.E_EFFECTIVE, "docstatus": 1}
		)
		assert refused(response)
		assert stored(ACTION, action, "workflow_state", "docstatus") == (r.E_PROPOSED, 0)
		assert stored("Tuoyu Point", point, "status") == (r.FILED,)
	finally:
		frappe.set_user("Administrator")
		frappe.get_doc("User", seed.REV_LS).remove_roles("Tuoyu City Admin")
		commit()


@pytest.mark.parametrize("user", [seed.REV_LS, seed.CITY])
def test_a_put_of_the_points_status_is_refused(login, point, user):
	client = login(user)
	for change in ({"status": r.SUSPENDED}, {"status": r.REVOKED}, {"status": "筹建中"}):
		assert refused(client.put(f"/api/resource/Tuoyu Point/{point}", json=change)), (user, change)
	assert stored("Tuoyu Point", point, "status") == (r.FILED,)


def test_an_action_in_effect_cannot_be_rewritten(login, point):
	action = proposed_suspension(point)
	h.approve_action(action, decision_no="临卫监停字〔2026〕203号")
	commit()
	for user in (seed.CITY, seed.REV_LS):
		client = login(user)
		for change in (
			{"decision_no": "伪造文号"},
			{"reason": "改写理由"},
			{"action_type": r.GUIDANCE},
			{"workflow_state": r.E_REJECTED},
			{"docstatus": 2},
		):
			response = client.put(f"/api/resource/{ACTION}/{action}", json=change)
			assert refused(response), (user, change, response.status_code)
		assert refused(
			client.post("/api/method/frappe.client.cancel", json={"doctype": ACTION, "name": action})
		)
	assert stored(ACTION, action, "decision_no", "workflow_state", "docstatus") == (
		"临卫监停字〔2026〕203号",
		r.E_EFFECTIVE,
		1,
	)
	assert stored("Tuoyu Point", point, "status") == (r.SUSPENDED,)


def test_an_operator_cannot_verify_their_own_rectification(login, point):
	rect = h.open_rectification(point)
	h.submit_evidence(rect)
	commit()
	client = login(seed.OP_A)
	doc = get(client, RECT, rect)
	for action in (r.R_PASS, r.R_FAIL, r.R_SEND_BACK):
		assert refused(client.post(APPLY, json={"doc": doc, "action": action})), action
	for change in (
		{"workflow_state": r.R_PASSED, "docstatus": 1},
		{"workflow_state": r.R_PASSED},
		{"docstatus": 1},
	):
		assert refused(client.put(f"/api/resource/{RECT}/{rect}", json=change)), change
	assert refused(client.post("/api/method/frappe.client.submit", json={"doc": doc}))
	assert stored(RECT, rect, "workflow_state", "docstatus", "verified_by") == (r.R_AWAITING, 0, None)
	# The area's reviewer can.
	reviewer = login(seed.REV_LS)
	assert (
		reviewer.put(f"/api/resource/{RECT}/{rect}", json={"verification_reason": "复查合格"}).status_code
		== 200
	)
	response = reviewer.post(APPLY, json={"doc": get(reviewer, RECT, rect), "action": r.R_PASS})
	assert response.status_code == 200, response.text[:500]
	assert stored(RECT, rect, "workflow_state", "verified_by") == (r.R_PASSED, seed.REV_LS)


def test_operator_writes_to_the_verification_do_not_stick(login, point, site):
	rect = h.open_rectification(point)
	commit()
	client = login(seed.OP_A)
	forged = {
		"verification_result": "验收通过",
		"verification_reason": "自行验收",
		"verified_by": seed.OP_A,
		"verified_on": str(now_datetime()),
	}
	client.put(f"/api/resource/{RECT}/{rect}", json=forged)
	assert not any(stored(RECT, rect, *forged))
	for change in (
		{"deadline": "2099-12-31"},
		{"notice_date": "2099-01-01"},
		{"items": []},
		{"point": site.point["A"]},
		{"workflow_state": r.R_AWAITING},  # evidence is required first
	):
		assert refused(client.put(f"/api/resource/{RECT}/{rect}", json=change)), change
	assert stored(RECT, rect, "deadline") != ("2099-12-31",)
	assert frappe.db.count("Tuoyu Rectification Item", {"parent": rect}) == 2
	# While it waits for verification the operator's part is frozen too.
	h.submit_evidence(rect)
	commit()
	response = client.put(f"/api/resource/{RECT}/{rect}", json={"evidence_text": "验收期间改写"})
	assert refused(response)
	assert stored(RECT, rect, "evidence_text") != ("验收期间改写",)


def test_rectifications_are_opened_only_from_an_inspection(login, point, site):
	inspection = h.record_failed_inspection(point, seed.REV_LS)
	commit()
	response = login(seed.REV_LS).post(
		f"/api/resource/{RECT}",
		json={"point": point, "items": [{"item_text": "自拟"}], "workflow_state": r.R_OPEN},
	)
	assert refused(response)
	method = "/api/method/tuoyu_frappe.supervision.rectification.open_from_inspection"
	for user in (seed.OP_A, seed.REV_LZ, seed.ASSOC):
		assert refused(login(user).post(method, json={"inspection": inspection})), user
	response = login(seed.REV_LS).post(method, json={"inspection": inspection})
	assert response.status_code == 200, response.text[:500]
	name = response.json()["message"]
	assert stored(RECT, name, "point", "workflow_state") == (point, r.R_OPEN)
	assert refused(login(seed.REV_LS).post(method, json={"inspection": inspection}))  # only once
