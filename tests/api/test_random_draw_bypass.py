"""Every way around the 双随机 draw's actions is refused on the server, through the REST API."""

import frappe
import pytest

from tests import seed
from tests.draw_helpers import (
	DRAW,
	METHODS,
	action,
	file_points,
	make_inspector,
	new_draw,
	remove_draw,
	restore_points,
)

pytestmark = pytest.mark.http


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


@pytest.fixture
def world(site):
	"""Points A and B filed, three Lanshan inspectors, a drawn draw and a confirmed one, all
	committed for the server; removed afterwards."""
	frappe.set_user("Administrator")
	statuses = file_points(site.point["A"], site.point["B"])
	pool = [make_inspector(seed.LANSHAN, label) for label in ("子", "丑", "寅")]
	drawn = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", drawn, seed.REV_LS)
	confirmed = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", confirmed, seed.REV_LS)
	action("confirm_draw", confirmed, seed.REV_LS)
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield {"drawn": drawn, "confirmed": confirmed, "pool": pool}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in (drawn, confirmed):
		remove_draw(name)
	for inspector in pool:
		frappe.db.delete("Tuoyu Inspector", {"name": inspector})
	restore_points(statuses)
	frappe.db.commit()


def stored(name: str) -> dict:
	frappe.db.rollback()  # see the server's commits
	doc = frappe.get_doc(DRAW, name)
	return {
		"seed": doc.seed,
		"digest": doc.input_digest,
		"docstatus": doc.docstatus,
		"picks": [(p.point, p.inspector_1, p.inspector_2, p.inspection) for p in doc.picks],
	}


def call(client, method: str, name: str):
	return client.post(f"/api/method/{METHODS}.{method}", json={"name": name})


def create_draw(client, **values):
	"""POST a new 兰山区 draw of one point over the next 30 days, with `values` on top."""
	today = frappe.utils.today()
	draw = {
		"area": seed.LANSHAN,
		"period_start": today,
		"period_end": frappe.utils.add_days(today, 30),
		"sample_mode": "数量",
		"sample_count": 1,
	}
	return client.post(f"/api/resource/{DRAW}", json={**draw, **values})


def test_put_of_seed_or_picks_on_a_confirmed_draw_is_refused(login, world):
	name = world["confirmed"]
	before = stored(name)
	client = login(seed.REV_LS)
	assert refused(client.put(f"/api/resource/{DRAW}/{name}", json={"seed": "0" * 32}))
	doc = client.get(f"/api/resource/{DRAW}/{name}").json()["data"]
	picks = doc["picks"]
	picks[0]["inspector_1"], picks[0]["inspector_2"] = picks[0]["inspector_2"], world["pool"][0]
	assert refused(client.put(f"/api/resource/{DRAW}/{name}", json={"picks": picks}))
	# fields kept writable after confirmation for the server's own records
	assert refused(client.put(f"/api/resource/{DRAW}/{name}", json={"verification_result": "一致"}))
	picks = client.get(f"/api/resource/{DRAW}/{name}").json()["data"]["picks"]
	picks[0]["inspection"] = None
	assert refused(client.put(f"/api/resource/{DRAW}/{name}", json={"picks": picks}))
	assert refused(client.post("/api/method/frappe.client.cancel", json={"doctype": DRAW, "name": name}))
	assert stored(name) == before


def test_put_of_server_fields_on_a_drawn_draw_is_refused(login, world):
	name = world["drawn"]
	before = stored(name)
	client = login(seed.REV_LS)
	for values in ({"seed": "0" * 32}, {"input_digest": "0" * 64}, {"population_snapshot": "[]"}):
		assert refused(client.put(f"/api/resource/{DRAW}/{name}", json=values)), values
	doc = client.get(f"/api/resource/{DRAW}/{name}").json()["data"]
	doc["picks"][0]["point"] = doc["picks"][-1]["point"] if len(doc["picks"]) > 1 else "TYD-00000"
	assert refused(client.put(f"/api/resource/{DRAW}/{name}", json={"picks": doc["picks"]}))
	# a draw created with a chosen seed
	assert refused(create_draw(client, seed="chosen"))
	# a direct submit skips 确认's checks
	doc = client.get(f"/api/resource/{DRAW}/{name}").json()["data"]
	assert refused(client.post("/api/method/frappe.client.submit", json={"doc": doc}))
	assert stored(name) == before


def test_an_operator_cannot_draw(login, world):
	client = login(seed.OP_A)
	assert refused(call(client, "run_draw", world["drawn"]))
	assert refused(call(client, "confirm_draw", world["drawn"]))
	assert refused(call(client, "verify_draw", world["drawn"]))
	assert refused(create_draw(client))
	assert client.get(f"/api/resource/{DRAW}/{world['drawn']}").status_code == 403


def test_a_reviewer_cannot_draw_or_confirm_another_areas_draw(login, world):
	name = world["drawn"]
	before = stored(name)
	client = login(seed.REV_LZ)
	assert refused(call(client, "run_draw", name))
	assert refused(call(client, "confirm_draw", name))
	assert refused(call(client, "verify_draw", name))
	assert client.get(f"/api/resource/{DRAW}/{name}").status_code == 403
	assert stored(name) == before
	# the area's own reviewer may: the refusals above were about the user, not the draw
	response = call(login(seed.REV_LS), "verify_draw", name)
	assert response.status_code == 200 and response.json()["message"]["ok"]


def test_draw_on_a_confirmed_draw_is_refused(login, world):
	name = world["confirmed"]
	before = stored(name)
	client = login(seed.REV_LS)
	assert refused(call(client, "run_draw", name))
	assert refused(call(client, "confirm_draw", name))
	assert refused(login(seed.CITY).post(f"/api/method/{METHODS}.run_draw", json={"name": name}))
	assert stored(name) == before
	assert all(p[3] for p in before["picks"])  # its planned inspections exist
	response = client.delete(f"/api/resource/{DRAW}/{name}")
	assert refused(response) and stored(name) == before
