"""Over HTTP: the map view's coordinates, malformed Report View requests, and a changed
assignment taking effect on the next request although scopes are cached."""

import json

import frappe
import pytest

from tests import seed
from tests.integration.test_isolation import VISIBLE, keys_of

pytestmark = pytest.mark.http


@pytest.fixture
def coordinates(site):
	"""Points A, B and C get map coordinates (committed, so the server sees them)."""
	frappe.set_user("Administrator")
	for i, name in enumerate(site.point.values()):
		frappe.db.set_value(
			"Tuoyu Point", name, {"latitude": 35.0 + i, "longitude": 118.3 + i}, update_modified=False
		)
	frappe.db.commit()
	yield
	for name in site.point.values():
		frappe.db.set_value("Tuoyu Point", name, {"latitude": 0, "longitude": 0}, update_modified=False)
	frappe.db.commit()


@pytest.mark.parametrize("user", list(VISIBLE))
@pytest.mark.parametrize("filters", ["[]", json.dumps([["Tuoyu Point", "point_name", "like", "%测试%"]])])
def test_map_view_shows_only_the_users_points(login, site, coordinates, user, filters):
	if not frappe.get_meta("Tuoyu Point").has_field("latitude"):
		pytest.skip("Tuoyu Point has no map coordinates")
	response = login(user).post(
		"/api/method/frappe.geo.utils.get_coords",
		data={"doctype": "Tuoyu Point", "filters": filters, "type": "coordinates"},
	)
	assert response.status_code == 200, response.text[:300]
	names = [f["properties"]["name"] for f in response.json()["message"]["features"]]
	assert keys_of(site, "Tuoyu Point", names) == VISIBLE[user]


MALFORMED = {
	"a column of a DocType the user may not read": {
		"doctype": "Tuoyu Staff",
		"fields": json.dumps(["`tabTuoyu Staff Identity`.`id_number`"]),
	},
	"a join Frappe cannot build": {
		"doctype": "Tuoyu Point",
		"fields": json.dumps(["`tabTuoyu Staff`.`staff_name`"]),
	},
	"broken JSON": {"doctype": "Tuoyu Point", "fields": "[not json"},
	"an unknown column to sort by": {
		"doctype": "Tuoyu Point",
		"fields": '["name"]',
		"order_by": "nosuch desc",
	},
	"an unknown column to group by": {"doctype": "Tuoyu Point", "fields": '["name"]', "group_by": "nosuch"},
	"an unknown column": {"doctype": "Tuoyu Point", "fields": '["nosuchcol"]'},
}


@pytest.mark.parametrize("case", list(MALFORMED))
@pytest.mark.parametrize("method", ["frappe.desk.reportview.get", "frappe.desk.reportview.export_query"])
def test_malformed_report_view_requests_are_refused_in_chinese(login, case, method):
	data = {**MALFORMED[case], "file_format_type": "CSV", "view": "Report"}
	# Reviewers may export (operators are refused any export before the query is read).
	response = login(seed.REV_LS).post(f"/api/method/{method}", data=data)
	assert response.status_code in (403, 417), (response.status_code, response.text[:300])
	messages = "".join(
		json.loads(m).get("message", "") for m in json.loads(response.json().get("_server_messages", "[]"))
	)
	assert messages and any("\u4e00" <= ch <= "\u9fff" for ch in messages), messages


def test_a_well_formed_report_view_request_still_answers(login, site):
	response = login(seed.OP_A).post(
		"/api/method/frappe.desk.reportview.get",
		data={"doctype": "Tuoyu Point", "fields": '["`tabTuoyu Point`.`name`"]', "view": "Report"},
	)
	assert response.status_code == 200
	assert keys_of(site, "Tuoyu Point", [r[0] for r in response.json()["message"]["values"]]) == {"A"}


def _visible(client, doctype="Tuoyu Point") -> list[str]:
	response = client.get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
	assert response.status_code == 200, response.text[:300]
	return [r["name"] for r in response.json()["data"]]


def test_a_new_reviewer_assignment_takes_effect_on_the_next_request(login, site):
	client = login(seed.REV_LZ)
	assert keys_of(site, "Tuoyu Point", _visible(client)) == {"C"}  # the scope is now cached
	frappe.set_user("Administrator")
	assignment = frappe.get_doc(
		{"doctype": "Tuoyu Reviewer Assignment", "reviewer": seed.REV_LZ, "area": seed.LANSHAN}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		assert keys_of(site, "Tuoyu Point", _visible(client)) == {"A", "B", "C"}
		assert client.get(f"/api/resource/Tuoyu Point/{site.point['A']}").status_code == 200
		assignment.enabled = 0
		assignment.save(ignore_permissions=True)
		frappe.db.commit()
		assert keys_of(site, "Tuoyu Point", _visible(client)) == {"C"}
	finally:
		frappe.delete_doc("Tuoyu Reviewer Assignment", assignment.name, ignore_permissions=True)
		frappe.db.commit()
	assert client.get(f"/api/resource/Tuoyu Point/{site.point['A']}").status_code == 403


def test_a_changed_operator_list_takes_effect_on_the_next_request(login, site):
	client = login(seed.OP_B)
	assert keys_of(site, "Tuoyu Point", _visible(client)) == {"B"}
	frappe.set_user("Administrator")
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.append("operators", {"user": seed.OP_B})
	point.save(ignore_permissions=True)
	frappe.db.commit()
	try:
		assert keys_of(site, "Tuoyu Point", _visible(client)) == {"A", "B"}
		assert keys_of(site, "Tuoyu Staff", _visible(client, "Tuoyu Staff")) == {"A", "B"}
	finally:
		point.reload()
		point.operators = [row for row in point.operators if row.user != seed.OP_B]
		point.save(ignore_permissions=True)
		frappe.db.commit()
	assert keys_of(site, "Tuoyu Point", _visible(client)) == {"B"}


def test_a_rolled_back_change_leaves_no_scope_behind(as_user, site):
	"""A scope computed from uncommitted rows is forgotten when the transaction is rolled back."""
	from tuoyu_frappe.permissions import get_scope

	frappe.set_user("Administrator")
	frappe.get_doc(
		{"doctype": "Tuoyu Reviewer Assignment", "reviewer": seed.REV_LZ, "area": seed.LANSHAN}
	).insert(ignore_permissions=True)
	assert seed.LANSHAN in get_scope(seed.REV_LZ).areas
	frappe.db.rollback()
	assert get_scope(seed.REV_LZ).areas == {seed.LUOZHUANG}


@pytest.mark.parametrize("doctype", ["Tuoyu Point", "Tuoyu Staff"])
def test_sending_ones_own_area_does_not_take_another_areas_row(login, site, doctype):
	"""Frappe checks write permission on the document after the request's values are applied; the
	stored row decides, so a 罗庄区 reviewer cannot claim a 兰山区 row by sending area=罗庄区."""
	name = site.point["A"] if doctype == "Tuoyu Point" else site.staff["A"]
	field = "address" if doctype == "Tuoyu Point" else "training_hours"
	value = "篡改地址" if doctype == "Tuoyu Point" else 999
	original = frappe.db.get_value(doctype, name, field)
	payload = {field: value, "area": seed.LUOZHUANG}
	if doctype == "Tuoyu Point":
		payload["township"] = seed.LUOZHUANG_TOWN
	try:
		client = login(seed.REV_LZ)
		response = client.put(f"/api/resource/{doctype}/{name}", json=payload)
		assert response.status_code == 403, response.text[:300]
		response = client.post(
			"/api/method/frappe.client.set_value",
			data={"doctype": doctype, "name": name, "fieldname": "area", "value": seed.LUOZHUANG},
		)
		assert response.status_code == 403, response.text[:300]
		frappe.db.rollback()
		assert frappe.db.get_value(doctype, name, "area") == seed.LANSHAN
		assert frappe.db.get_value(doctype, name, field) != value
		# The area's own reviewer still edits it.
		response = login(seed.REV_LS).put(f"/api/resource/{doctype}/{name}", json={field: value})
		assert response.status_code == 200, response.text[:300]
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		restored = {field: original, "area": seed.LANSHAN}
		if doctype == "Tuoyu Point":
			restored["township"] = seed.LANSHAN_TOWN
		frappe.db.set_value(doctype, name, restored, update_modified=False)
		frappe.db.commit()
