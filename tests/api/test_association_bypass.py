"""Association membership and training over REST as the wrong user: no decision, member number,
point membership field, confirmation or training hour is written except by the association's (or
organiser's) own acts. The server runs in another process, so rows are committed and purged."""

import frappe
import pytest
from frappe.utils import add_days, today

from tests import seed
from tuoyu_frappe.association import membership_rules as m
from tuoyu_frappe.association import training_rules as t

pytestmark = pytest.mark.http

MEMBERSHIP, SESSION, ATTENDANCE = (
	"Tuoyu Association Membership",
	"Tuoyu Training Session",
	"Tuoyu Training Attendance",
)
METHOD = "/api/method/run_doc_method"
POINT_FIELDS = ["association_member", "association_member_no", "association_member_since"]
TRAINING_FIELDS = ["training_hours", "training_topics_met", "training_topics_missing"]


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def fresh(doctype: str, name: str, fields) -> tuple:
	frappe.db.rollback()  # see the server's commits
	row = frappe.db.get_value(doctype, name, fields, as_dict=True)
	return tuple(row[f] for f in fields)


@pytest.fixture
def cleanup(site, server):
	"""Membership and training rows the test makes; afterwards they go and the seeded point fields
	and staff totals are restored."""
	frappe.set_user("Administrator")
	points = {p: fresh("Tuoyu Point", p, POINT_FIELDS) for p in site.point.values()}
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for doctype in (ATTENDANCE, MEMBERSHIP):
		frappe.db.delete(doctype, {"owner": ("in", [*seed.USERS, "Administrator"])})
	frappe.db.delete(SESSION, {"session_title": ("like", "接口测试%")})
	for point, values in points.items():
		frappe.db.set_value("Tuoyu Point", point, dict(zip(POINT_FIELDS, values, strict=True)))
	from tuoyu_frappe.association.training import refresh_staff

	for staff in site.staff.values():
		refresh_staff(staff)
	frappe.db.commit()


def apply(login, site, key: str, user: str) -> str:
	response = login(user).post(f"/api/resource/{MEMBERSHIP}", json={"point": site.point[key]})
	assert response.status_code == 200, response.text[:300]
	return response.json()["data"]["name"]


def call(client, doctype: str, name: str, method: str, **args):
	import json

	return client.post(METHOD, data={"dt": doctype, "dn": name, "method": method, "args": json.dumps(args)})


def test_an_operator_applies_only_for_their_own_point(login, site, cleanup):
	response = login(seed.OP_A).post(f"/api/resource/{MEMBERSHIP}", json={"point": site.point["C"]})
	assert refused(response), response.text[:300]
	name = apply(login, site, "C", seed.OP_C)
	assert fresh(MEMBERSHIP, name, ["status", "area"]) == (m.APPLIED, seed.LUOZHUANG)


@pytest.mark.parametrize("user", [seed.OP_C, seed.REV_LZ])
def test_the_wrong_user_cannot_decide_over_rest(login, site, cleanup, user):
	name = apply(login, site, "C", seed.OP_C)
	client = login(user)
	assert refused(call(client, MEMBERSHIP, name, "approve", member_no="LYTY-R1", member_since=today()))
	assert refused(call(client, MEMBERSHIP, name, "reject", reason="x"))
	response = client.put(
		f"/api/resource/{MEMBERSHIP}/{name}",
		json={"status": m.MEMBER, "member_no": "LYTY-R2", "member_since": today()},
	)
	assert response.status_code != 200 or fresh(MEMBERSHIP, name, ["member_no"]) == (None,)
	assert fresh(MEMBERSHIP, name, ["status", "member_no"]) == (m.APPLIED, None)
	assert fresh("Tuoyu Point", site.point["C"], POINT_FIELDS) == (0, None, None)


def test_the_association_decides_over_rest(login, site, cleanup):
	name = apply(login, site, "C", seed.OP_C)
	client = login(seed.ASSOC)
	assert client.get(f"/api/resource/{MEMBERSHIP}/{name}").status_code == 200
	assert client.get(f"/api/resource/Tuoyu Point/{site.point['C']}").status_code == 403  # not yet a member
	since = add_days(today(), -1)
	response = call(client, MEMBERSHIP, name, "approve", member_no="LYTY-R3", member_since=since)
	assert response.status_code == 200, response.text[:300]
	assert fresh("Tuoyu Point", site.point["C"], POINT_FIELDS) == (1, "LYTY-R3", frappe.utils.getdate(since))
	assert client.get(f"/api/resource/Tuoyu Point/{site.point['C']}").status_code == 200
	# The operator cannot end it, nor quietly change the number.
	operator = login(seed.OP_C)
	assert refused(call(operator, MEMBERSHIP, name, "end_membership", ended_on=today(), reason="x"))
	operator.put(f"/api/resource/{MEMBERSHIP}/{name}", json={"member_no": "LYTY-FAKE"})
	assert fresh(MEMBERSHIP, name, ["status", "member_no"]) == (m.MEMBER, "LYTY-R3")
	response = call(client, MEMBERSHIP, name, "end_membership", ended_on=today(), reason="自愿退会")
	assert response.status_code == 200, response.text[:300]
	assert fresh("Tuoyu Point", site.point["C"], POINT_FIELDS) == (0, None, None)


@pytest.mark.parametrize("user, key", [(seed.OP_A, "A"), (seed.REV_LS, "A"), (seed.CITY, "C")])
def test_the_points_membership_fields_are_not_writable_over_rest(login, site, cleanup, user, key):
	point = site.point[key]
	before = fresh("Tuoyu Point", point, POINT_FIELDS)
	login(user).put(
		f"/api/resource/Tuoyu Point/{point}",
		json={
			"association_member": 1 - before[0],
			"association_member_no": "伪造",
			"association_member_since": today(),
		},
	)
	assert fresh("Tuoyu Point", point, POINT_FIELDS) == before


def make_session(login, user: str, **values) -> str:
	body = {
		"session_title": "接口测试急救培训",
		"topic": "急救",
		"hours": 4,
		"training_date": add_days(today(), -1),
		"organiser_type": t.BY_ASSOCIATION,
		**values,
	}
	response = login(user).post(f"/api/resource/{SESSION}", json=body)
	assert response.status_code == 200, response.text[:300]
	return response.json()["data"]["name"]


def test_attendance_and_hours_over_rest(login, site, cleanup):
	staff = site.staff["A"]
	session = make_session(login, seed.ASSOC)
	operator = login(seed.OP_A)
	# Enrolling with a confirmation already ticked does not confirm it.
	response = operator.post(
		f"/api/resource/{ATTENDANCE}", json={"session": session, "staff": staff, "attended": 1}
	)
	assert response.status_code == 200, response.text[:300]
	row = response.json()["data"]["name"]
	assert fresh(ATTENDANCE, row, ["attended"]) == (0,)
	operator.put(f"/api/resource/{ATTENDANCE}/{row}", json={"attended": 1})
	login(seed.REV_LS).put(f"/api/resource/{ATTENDANCE}/{row}", json={"attended": 1})
	assert fresh(ATTENDANCE, row, ["attended"]) == (0,)
	assert fresh("Tuoyu Staff", staff, ["training_hours"]) == (0,)
	# Hours typed into the staff record do not count.
	operator.put(
		f"/api/resource/Tuoyu Staff/{staff}", json={"training_hours": 500, "training_topics_missing": ""}
	)
	assert fresh("Tuoyu Staff", staff, TRAINING_FIELDS) == (0, "", "保育、心理健康、食品安全、急救、消防")
	response = login(seed.ASSOC).put(f"/api/resource/{ATTENDANCE}/{row}", json={"attended": 1})
	assert response.status_code == 200, response.text[:300]
	assert fresh("Tuoyu Staff", staff, TRAINING_FIELDS) == (4, "急救", "保育、心理健康、食品安全、消防")
	# A confirmed attendance is the organiser's: the operator cannot delete it away.
	assert refused(operator.delete(f"/api/resource/{ATTENDANCE}/{row}"))
	assert fresh("Tuoyu Staff", staff, ["training_hours"]) == (4,)


def test_other_points_staff_stay_hidden_behind_a_session(login, site, cleanup):
	session = make_session(login, seed.CITY, organiser_type=t.BY_BUREAU, organiser_area=seed.LANSHAN)
	rows = {}
	for key, user in (("A", seed.OP_A), ("B", seed.OP_B)):
		response = login(user).post(
			f"/api/resource/{ATTENDANCE}", json={"session": session, "staff": site.staff[key]}
		)
		assert response.status_code == 200, response.text[:300]
		rows[key] = response.json()["data"]["name"]
	client = login(seed.OP_A)
	listed = client.get(
		f"/api/resource/{ATTENDANCE}",
		params={"filters": f'[["session","=","{session}"]]', "fields": '["name","staff_name"]'},
	).json()["data"]
	assert [r["name"] for r in listed] == [rows["A"]]
	assert "保育员B" not in client.get(f"/api/resource/{SESSION}/{session}").text
	assert client.get(f"/api/resource/{ATTENDANCE}/{rows['B']}").status_code == 403
	reviewer = login(seed.REV_LS).get(
		f"/api/resource/{ATTENDANCE}", params={"filters": f'[["session","=","{session}"]]'}
	)
	assert {r["name"] for r in reviewer.json()["data"]} == set(rows.values())


def test_a_reviewer_cannot_organise_for_another_district_over_rest(login, site, cleanup):
	body = {"session_title": "接口测试消防", "topic": "消防", "hours": 2, "training_date": today()}
	client = login(seed.REV_LZ)
	response = client.post(
		f"/api/resource/{SESSION}",
		json={**body, "organiser_type": t.BY_BUREAU, "organiser_area": seed.LANSHAN},
	)
	assert refused(response), response.text[:300]
	name = make_session(login, seed.REV_LS, organiser_type=t.BY_BUREAU, organiser_area=seed.LANSHAN)
	response = client.put(
		f"/api/resource/{SESSION}/{name}", json={"organiser_area": seed.LUOZHUANG, "hours": 20}
	)
	assert refused(response), response.text[:300]
	assert fresh(SESSION, name, ["organiser_area", "hours"]) == (seed.LANSHAN, 4)
