"""The lifetime ban and incidents over HTTP, as the wrong users: a banned ID refused through REST
and the desk's save with the generic message, each refusal logged; incidents moved, edited or
submitted around their workflow refused; responsible persons' ID numbers kept from operators;
the ban register refused to every role but city admins. The server runs in another process, so
each test's rows are committed and purged afterwards."""

import json
from datetime import date

import frappe
import pytest
from frappe.utils import today

from tests import seed
from tests.api.test_read_paths import readable_body
from tests.factories import staff_values
from tuoyu_frappe.safety import bans
from tuoyu_frappe.safety import rules as r
from tuoyu_frappe.validation import mask_id_number

pytestmark = pytest.mark.http

BAN, LOG, INCIDENT, STAFF = bans.BAN, bans.LOG, "Tuoyu Incident", "Tuoyu Staff"
GENERIC = "该人员不符合从业条件"
APPLY = "/api/method/frappe.model.workflow.apply_workflow"


def rest_id(seq: int) -> str:
	return seed.make_id(date(1976, 3, 1 + seq % 27), 500 + seq)


def purge(numbers: list[str]) -> None:
	frappe.db.rollback()
	frappe.set_user("Administrator")
	masks = [mask_id_number(n) for n in numbers]
	frappe.db.delete(LOG, {"id_number_masked": ("in", masks)})
	staff = frappe.get_all("Tuoyu Staff Identity", filters={"id_number": ("in", numbers)}, pluck="staff")
	for name in staff:
		frappe.delete_doc(STAFF, name, ignore_permissions=True, force=True)
	bans_ = frappe.get_all(BAN, filters={"id_number": ("in", numbers)}, pluck="name")
	frappe.db.delete("Version", {"ref_doctype": BAN, "docname": ("in", bans_ or [""])})
	frappe.db.delete(BAN, {"name": ("in", bans_ or [""])})
	frappe.db.commit()


@pytest.fixture
def banned(site, server):
	number = rest_id(1)
	purge([number])
	frappe.set_user(seed.CITY)
	frappe.get_doc(
		{
			"doctype": BAN,
			"person_name": "接口禁入测试",
			"id_number": number,
			"status": r.B_EFFECTIVE,
			"reason": "测试",
			"decision_no": "临卫禁〔2026〕接1号",
			"decision_date": today(),
		}
	).insert()
	frappe.db.commit()
	yield number
	purge([number])


def logs(number: str) -> list:
	frappe.db.rollback()  # see the server's commits
	return frappe.get_all(
		LOG,
		filters={"id_number_masked": mask_id_number(number)},
		fields=["event", "channel", "refused_user", "point"],
		order_by="creation",
	)


def assert_generic(response) -> None:
	assert response.status_code == 417, (response.status_code, response.text[:300])
	body = readable_body(response)
	assert GENERIC in body
	for hint in ("禁入", "TYJR", "Ban Record", "名单"):
		assert hint not in body, body[:500]


def test_rest_insert_of_a_banned_person_is_refused_and_logged(login, site, banned):
	body = staff_values(site.point["A"], id_number_entry=banned, staff_name="接口禁入保育员")
	response = login(seed.OP_A).post("/api/resource/Tuoyu Staff", json=body)
	assert_generic(response)
	assert [(x.event, x.channel, x.refused_user, x.point) for x in logs(banned)] == [
		(r.NEW_HIRE, "接口", seed.OP_A, site.point["A"])
	]
	assert not frappe.db.exists("Tuoyu Staff Identity", {"id_number": banned})


def test_desk_save_of_a_banned_person_is_refused_and_logged(login, site, banned):
	doc = {
		**staff_values(site.point["A"], id_number_entry=banned, staff_name="桌面禁入保育员"),
		"__islocal": 1,
		"name": "new-tuoyu-staff-1",
	}
	response = login(seed.REV_LS).post(
		"/api/method/frappe.desk.form.save.savedocs", data={"doc": json.dumps(doc), "action": "Save"}
	)
	assert_generic(response)
	assert [(x.event, x.channel) for x in logs(banned)] == [(r.NEW_HIRE, "桌面")]


def test_the_register_answers_no_other_role(login, banned):
	name = frappe.db.get_value(BAN, {"id_number": banned})
	for user in (seed.REV_LS, seed.OP_A, seed.ASSOC, seed.NOBODY):
		client = login(user)
		for response in (
			client.get(f"/api/resource/{BAN}"),
			client.get(f"/api/resource/{BAN}/{name}"),
			client.get(f"/api/resource/{LOG}"),
			client.post(
				f"/api/resource/{BAN}", json={"person_name": "x", "id_number": rest_id(2), "reason": "x"}
			),
			client.get("/api/method/frappe.client.get_count", params={"doctype": BAN}),
		):
			assert response.status_code == 403, (
				user,
				response.url,
				response.status_code,
				response.text[:200],
			)
			assert banned not in response.text and mask_id_number(banned) not in response.text
	city = login(seed.CITY)
	assert city.get(f"/api/resource/{BAN}/{name}").json()["data"]["id_number"] == banned


# --- incidents ------------------------------------------------------------------------------------


@pytest.fixture
def incident(site, server, login):
	outsider = rest_id(3)
	response = login(seed.OP_A).post(
		f"/api/resource/{INCIDENT}",
		json={
			"point": site.point["A"],
			"category": r.HARM,
			"severity": "较大",
			"occurred_at": f"{today()} 09:00:00",
			"description": "幼儿在活动室跌倒受伤",
			"children_affected": 1,
			"findings": "举办者自行填写的结论",
			"concluded_by": seed.OP_A,
			"persons": [{"person_role": r.MANAGER, "person_name": "外部管理人", "id_number_entry": outsider}],
		},
	)
	assert response.status_code == 200, response.text[:500]
	name = response.json()["data"]["name"]
	yield name, outsider
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for dt, field in (("Comment", "reference_name"), ("Notification Log", "document_name")):
		frappe.db.delete(dt, {field: name})
	frappe.db.delete("Tuoyu Incident Person", {"parent": name})
	frappe.db.delete(INCIDENT, {"name": name})
	frappe.db.commit()


def get(client, name: str):
	return client.get(f"/api/resource/{INCIDENT}/{name}")


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def test_operators_never_read_the_responsible_persons_id_numbers(login, incident):
	name, outsider = incident
	data = get(login(seed.OP_A), name).json()["data"]
	assert not data.get("findings") and not data.get("concluded_by")  # dropped on insert
	row = data["persons"][0]
	assert not row.get("id_number") and row["id_number_masked"] == mask_id_number(outsider)
	assert outsider not in get(login(seed.OP_A), name).text
	listed = login(seed.OP_A).get(
		"/api/method/frappe.desk.reportview.get",
		params={
			"doctype": INCIDENT,
			"fields": json.dumps(["name", "`tabTuoyu Incident Person`.`id_number`"]),
		},
	)
	assert outsider not in listed.text
	assert get(login(seed.REV_LS), name).json()["data"]["persons"][0]["id_number"] == outsider
	assert get(login(seed.REV_LZ), name).status_code == 403
	assert get(login(seed.OP_B), name).status_code == 403


def test_incidents_move_only_through_the_workflow_by_their_supervisors(login, incident):
	name, _ = incident
	op, rev, other = login(seed.OP_A), login(seed.REV_LS), login(seed.REV_LZ)

	def apply(client, action):
		doc = get(rev, name).json()["data"]
		return client.post(APPLY, data={"doc": json.dumps(doc), "action": action})

	assert refused(op.put(f"/api/resource/{INCIDENT}/{name}", json={"workflow_state": r.I_INVESTIGATING}))
	assert refused(apply(op, r.I_START))
	assert refused(apply(other, r.I_START))
	assert refused(op.put(f"/api/resource/{INCIDENT}/{name}", json={"findings": "自行结论"}))
	assert refused(rev.put(f"/api/resource/{INCIDENT}/{name}", json={"docstatus": 1}))
	assert refused(rev.put(f"/api/resource/{INCIDENT}/{name}", json={"concluded_by": seed.REV_LS}))
	# the operator may still correct the report itself while it is 报告
	assert op.put(f"/api/resource/{INCIDENT}/{name}", json={"children_affected": 2}).status_code == 200

	assert apply(rev, r.I_START).status_code == 200
	assert refused(op.put(f"/api/resource/{INCIDENT}/{name}", json={"description": "改写经过"}))
	assert refused(apply(rev, r.I_CONCLUDE))  # no findings yet
	assert rev.put(f"/api/resource/{INCIDENT}/{name}", json={"findings": "场地防护不到位"}).status_code == 200
	assert refused(apply(other, r.I_CONCLUDE))
	frappe.db.rollback()
	assert frappe.db.get_value(INCIDENT, name, ["workflow_state", "docstatus"]) == (r.I_INVESTIGATING, 0)
