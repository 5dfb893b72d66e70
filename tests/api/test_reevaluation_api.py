"""Re-evaluation over HTTP: a city admin's rule change is re-evaluated by a real RQ worker of the
test stack; reviewers, operators and the association can neither start a run nor read runs or
their findings, and nobody writes a run over REST."""

import time

import frappe
import pytest
from frappe.utils import now_datetime

from tests import seed
from tests.api.test_background_jobs import PATIENCE
from tuoyu_frappe.utils import rule_set_in_force

pytestmark = pytest.mark.http
RUN, FINDING = "Tuoyu Reevaluation Run", "Tuoyu Reevaluation Finding"
START = "/api/method/tuoyu_frappe.supervision.reevaluation.start_reevaluation"
RESUME = "/api/method/tuoyu_frappe.supervision.reevaluation.resume_run"
OUTSIDERS = (seed.REV_LS, seed.OP_A, seed.ASSOC)


@pytest.fixture
def rule_set(site):
	"""The rule set in force, put back (values, version, points' stored compliance, runs) after."""
	frappe.set_user("Administrator")
	name = rule_set_in_force()
	saved = frappe.db.get_value("Tuoyu Rule Set", name, ["max_capacity", "version", "modified"], as_dict=True)
	fields = [
		"name",
		"compliance_status",
		"blocking_count",
		"compliance_evaluated_at",
		"compliance_rule_set_version",
	]
	points = frappe.get_all("Tuoyu Point", fields=fields)
	runs = set(frappe.get_all(RUN, pluck="name"))
	yield frappe._dict(name=name, saved=saved)
	frappe.db.rollback()
	frappe.db.set_value("Tuoyu Rule Set", name, dict(saved), update_modified=False)
	for row in points:
		values = {k: v for k, v in row.items() if k != "name"}
		frappe.db.set_value("Tuoyu Point", row.name, values, update_modified=False)
	for run in set(frappe.get_all(RUN, pluck="name")) - runs:
		frappe.delete_doc(RUN, run, ignore_permissions=True, force=True)
	frappe.db.commit()


def finished_run(rule_set: str, since) -> frappe._dict:
	deadline = time.monotonic() + PATIENCE
	while True:
		frappe.db.rollback()  # the worker commits in its own connection
		rows = frappe.get_all(
			RUN,
			filters={"rule_set": rule_set, "creation": (">=", since), "status": ("in", ("已完成", "失败"))},
			fields=["name", "status", "error", "total_points", "evaluated_count", "rule_set_version"],
		)
		if rows:
			return rows[0]
		if time.monotonic() > deadline:
			pytest.fail(f"no finished re-evaluation after {PATIENCE} s")
		time.sleep(1)


def test_a_rule_change_over_rest_is_re_evaluated_by_a_worker(login, rule_set, site):
	from frappe.utils.background_jobs import get_job

	city = login(seed.CITY)
	url = f"/api/resource/Tuoyu Rule Set/{rule_set.name}"
	# Not a reviewer: the rule set is read-only to them, so they cannot start a run this way either.
	assert login(seed.REV_LS).put(url, json={"max_capacity": 1}).status_code == 403

	since = now_datetime().replace(microsecond=0)
	lowered = rule_set.saved.max_capacity - 1
	response = city.put(url, json={"max_capacity": lowered, "version": 99})
	assert response.status_code == 200, response.text[:500]
	assert response.json()["data"]["version"] == rule_set.saved.version + 1  # the server's count, not 99

	run = finished_run(rule_set.name, since)
	assert run.status == "已完成", run.error
	assert (
		run.evaluated_count
		== run.total_points
		== frappe.db.count("Tuoyu Point", {"status": ("!=", "已注销")})
	)
	label = f"{rule_set.name} v{rule_set.saved.version + 1}"
	for point in site.point.values():
		row = frappe.db.get_value(
			"Tuoyu Point", point, ["compliance_status", "compliance_rule_set_version"], as_dict=True
		)
		assert (row.compliance_status, row.compliance_rule_set_version) == ("不合规", label)
	assert frappe.db.count(FINDING, {"run": run.name, "rule": "max_capacity"}) >= len(site.point)
	# A worker ran it, not the web request: RQ recorded which worker finished the planning job.
	job = get_job(f"tuoyu-reevaluation::{run.name}")
	assert job is not None and job.get_status() == "finished" and job.worker_name

	# The city admin reads the run and its findings over REST.
	body = city.get(f"/api/resource/{RUN}/{run.name}").json()["data"]
	assert body["status"] == "已完成" and len(body["chunks"]) >= 1
	listed = city.get(
		f"/api/resource/{FINDING}", params={"filters": frappe.as_json([["run", "=", run.name]])}
	)
	assert listed.status_code == 200 and len(listed.json()["data"]) >= len(site.point)

	# Outsiders read neither the run nor its findings, by any path.
	for user in OUTSIDERS:
		client = login(user)
		assert client.get(f"/api/resource/{RUN}/{run.name}").status_code == 403, user
		assert client.get(f"/api/resource/{RUN}").status_code == 403, user
		assert client.get(f"/api/resource/{FINDING}").status_code == 403, user
		reportview = client.post(
			"/api/method/frappe.desk.reportview.get", data={"doctype": FINDING, "fields": '["point"]'}
		)
		assert reportview.status_code == 403, user
		assert client.post(RESUME, data={"run": run.name}).status_code == 403, user

	# Nobody writes a run over REST, not even the city admin.
	assert city.put(f"/api/resource/{RUN}/{run.name}", json={"status": "失败"}).status_code == 403
	assert city.post(f"/api/resource/{RUN}", json={"rule_set": rule_set.name}).status_code == 403
	frappe.db.rollback()
	assert frappe.db.get_value(RUN, run.name, "status") == "已完成"

	# Back to the old cap: a second run, and the points are compliant again.
	since = now_datetime().replace(microsecond=0)
	assert city.put(url, json={"max_capacity": rule_set.saved.max_capacity}).status_code == 200
	again = finished_run(rule_set.name, since)
	assert again.status == "已完成" and again.name != run.name
	assert frappe.db.get_value("Tuoyu Point", site.point["A"], "compliance_status") == "合规"


def test_outsiders_cannot_start_a_run(login, rule_set):
	before = frappe.db.count(RUN)
	for user in OUTSIDERS:
		response = login(user).post(START, data={"rule_set": rule_set.name})
		assert response.status_code == 403, (user, response.text[:300])
	frappe.db.rollback()
	assert frappe.db.count(RUN) == before
	# A GET cannot start one either (POST only).
	assert login(seed.CITY).get(START, params={"rule_set": rule_set.name}).status_code in (403, 405)
