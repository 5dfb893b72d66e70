"""Every way around the demonstration point workflow (示范点) is refused on the server, through
the REST API: a PUT of workflow_state or docstatus, apply_workflow by the wrong role, from the
wrong area, a designation by the user who recommended, writes of the point's designation fields;
and the badge on /tuoyu/verify. The server runs in another process, so each test's rows are
committed and purged afterwards."""

import frappe
import pytest

from tests import demonstration_helpers as h
from tests import seed
from tests.api.test_read_paths import readable_body
from tests.integration import enforcement_helpers as eh
from tuoyu_frappe.oversight import demonstration as d
from tuoyu_frappe.oversight import demonstration_service as svc

pytestmark = pytest.mark.http

APP, POINT = h.APP, "Tuoyu Point"
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
BOTH = "demo.reviewer.city@tuoyu.test"  # a reviewer of 兰山区 who is also a city administrator
NUMBER = "LS-DEMO-REST-1"


def commit() -> None:
	frappe.set_user("Administrator")
	frappe.db.commit()


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def stored(name: str, *fields):
	frappe.db.rollback()  # see the server's commits
	row = frappe.db.get_value(APP, name, list(fields), as_dict=True)
	return tuple(row[f] for f in fields)


def get(client, name: str) -> dict:
	return client.get(f"/api/resource/{APP}/{name}").json()["data"]


@pytest.fixture
def point(site, server):
	"""Seeded point A, filed for the test (with a filing number for /tuoyu/verify); its
	applications and supervision rows purged and its fields restored afterwards."""
	frappe.set_user("Administrator")
	name = h.points()["A"]
	fields = ("status", "filing_number", "filed_on", *svc.POINT_FIELDS)
	before = frappe.db.get_value(POINT, name, fields, as_dict=True)
	h.file_point(name, NUMBER)
	commit()
	yield name
	frappe.db.rollback()
	frappe.set_user("Administrator")
	eh.purge(APP, frappe.get_all(APP, filters={"point": name}, pluck="name"))
	eh.purge_supervision([name])
	eh.purge("Tuoyu Incident", frappe.get_all("Tuoyu Incident", filters={"point": name}, pluck="name"))
	frappe.db.set_value(POINT, name, dict(before), update_modified=False)
	frappe.db.commit()


@pytest.fixture
def both(site, server):
	frappe.set_user("Administrator")
	if not frappe.db.exists("User", BOTH):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": BOTH,
				"first_name": "兼任审核员",
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": seed.PASSWORD,
				"roles": [{"role": "Tuoyu City Admin"}],
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Tuoyu Reviewer Assignment", {"reviewer": BOTH}):
		frappe.get_doc(
			{"doctype": "Tuoyu Reviewer Assignment", "reviewer": BOTH, "area": seed.LANSHAN}
		).insert(ignore_permissions=True)
	commit()
	yield BOTH
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for assignment in frappe.get_all("Tuoyu Reviewer Assignment", filters={"reviewer": BOTH}, pluck="name"):
		frappe.delete_doc("Tuoyu Reviewer Assignment", assignment, ignore_permissions=True, force=True)
	frappe.delete_doc("User", BOTH, ignore_permissions=True, force=True)
	frappe.db.commit()


def submitted(point: str) -> str:
	name = h.new_application(point)
	h.act(seed.OP_A, name, d.SUBMIT)
	h.score(name)
	commit()
	return name


def test_the_operator_cannot_jump_the_workflow(login, point):
	name = h.new_application(point)
	commit()
	client = login(seed.OP_A)
	# (a PUT of 待评审 is the operator's own 提交申请, checked as the action is: the guard runs on save)
	for change in (
		{"workflow_state": d.AWAITING_CITY},
		{"workflow_state": d.DESIGNATED, "docstatus": 1},
		{"docstatus": 1},
	):
		assert refused(client.put(f"/api/resource/{APP}/{name}", json=change)), change
	# server-set fields: recomputed (the total) or dropped (level 1, which the operator only reads)
	client.put(f"/api/resource/{APP}/{name}", json={"total_score": 100})
	client.put(f"/api/resource/{APP}/{name}", json={"valid_until": "2030-01-01", "designated_by": seed.CITY})
	assert stored(name, "valid_until", "designated_by") == (None, None)
	assert refused(client.post("/api/method/frappe.client.submit", json={"doc": get(client, name)}))
	assert stored(name, "workflow_state", "docstatus", "total_score") == (d.DRAFT, 0, 0)
	# and the applicant's own text is theirs to write
	assert client.put(f"/api/resource/{APP}/{name}", json={"application_text": "补充说明"}).ok


def test_wrong_roles_and_the_wrong_area_cannot_recommend(login, point):
	name = submitted(point)
	for user in (seed.OP_A, seed.REV_LZ, seed.CITY):
		client = login(user)
		response = client.get(f"/api/resource/{APP}/{name}")
		doc = response.json().get("data") if response.ok else {"name": name, "doctype": APP}
		assert refused(client.post(APPLY, json={"doc": doc, "action": d.RECOMMEND})), user
		assert refused(client.put(f"/api/resource/{APP}/{name}", json={"workflow_state": d.AWAITING_CITY}))
	assert stored(name, "workflow_state") == (d.REVIEW,)
	# the 罗庄区 reviewer reads nothing of a 兰山区 application
	assert login(seed.REV_LZ).get(f"/api/resource/{APP}/{name}").status_code == 403


def test_only_a_city_administrator_designates(login, point):
	name = submitted(point)
	client = login(seed.REV_LS)
	assert client.post(APPLY, json={"doc": get(client, name), "action": d.RECOMMEND}).ok
	for change in ({"workflow_state": d.DESIGNATED}, {"workflow_state": d.DESIGNATED, "docstatus": 1}):
		assert refused(client.put(f"/api/resource/{APP}/{name}", json=change)), change
	assert refused(client.post(APPLY, json={"doc": get(client, name), "action": d.DESIGNATE}))
	assert refused(login(seed.OP_A).post(APPLY, json={"doc": get(client, name), "action": d.DESIGNATE}))
	assert stored(name, "workflow_state", "docstatus") == (d.AWAITING_CITY, 0)
	city = login(seed.CITY)
	assert city.post(APPLY, json={"doc": get(city, name), "action": d.DESIGNATE}).ok
	assert stored(name, "workflow_state", "docstatus") == (d.DESIGNATED, 1)
	assert frappe.db.get_value(POINT, point, "demonstration_application") == name


def test_the_recommender_cannot_designate(login, point, both):
	name = submitted(point)
	client = login(both)
	assert client.post(APPLY, json={"doc": get(client, name), "action": d.RECOMMEND}).ok
	response = client.post(APPLY, json={"doc": get(client, name), "action": d.DESIGNATE})
	assert refused(response)
	assert refused(
		client.put(f"/api/resource/{APP}/{name}", json={"workflow_state": d.DESIGNATED, "docstatus": 1})
	)
	assert stored(name, "workflow_state", "recommended_by") == (d.AWAITING_CITY, both)


def test_a_disqualified_point_cannot_be_designated_over_rest(login, point):
	name = submitted(point)
	h.act(seed.REV_LS, name, d.RECOMMEND)
	frappe.set_user("Administrator")
	h.incident(point)
	commit()
	city = login(seed.CITY)
	response = city.post(APPLY, json={"doc": get(city, name), "action": d.DESIGNATE})
	assert response.status_code == 417 and "安全事件" in readable_body(response)
	assert stored(name, "workflow_state") == (d.AWAITING_CITY,)


def test_nobody_writes_the_points_designation_over_rest(login, point):
	for user in (seed.OP_A, seed.REV_LS, seed.CITY):
		client = login(user)
		client.put(
			f"/api/resource/{POINT}/{point}",
			json={"is_demonstration": 1, "demonstration_until": "2030-12-31"},
		)
		frappe.db.rollback()
		assert frappe.db.get_value(POINT, point, ["is_demonstration", "demonstration_until"]) == (0, None), (
			user
		)


def test_the_verify_page_and_method_show_the_badge(point, server):
	from tests.api.test_verify import METHOD, PAGE, new_guest

	guest = new_guest(server)
	assert guest.get(METHOD, params={"filing_number": NUMBER}).json()["message"]["demonstration"] is False
	assert 'tuoyu-demonstration-badge">示范点<' not in guest.get(PAGE, params={"no": NUMBER}).text
	name = submitted(point)
	h.act(seed.REV_LS, name, d.RECOMMEND)
	h.act(seed.CITY, name, d.DESIGNATE)
	commit()
	data = guest.get(METHOD, params={"filing_number": NUMBER}).json()["message"]
	assert data["demonstration"] is True and data["demonstration_until"]
	page = guest.get(PAGE, params={"no": NUMBER}).text
	assert 'class="tuoyu-demonstration-badge">示范点<' in page and "示范点有效期至" in page
