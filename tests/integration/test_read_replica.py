"""Read replica, for real: a second MariaDB follows the test site's database by binlog replication
(tests/replica.py), the site's replica settings point at it, and 县区备案进度 (whose `execute` and
Frappe's query_report.run are `frappe.read_only()`) runs there. Measured on the servers: the
report's SQL is in the replica's general log, and the primary connection's Com_select does not move
while it runs; the same run without the replica settings does move it, and leaves the replica's log
empty. Rows committed on the primary after the replica was seeded reach it and show in the report."""

import frappe
import frappe.desk.query_report
import pytest

from tests import seed
from tests.oversight_helpers import EXPECTED, give_history, restore
from tests.replica import Replica, query
from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import execute
from tuoyu_frappe.oversight.targets import county_areas

pytestmark = pytest.mark.site

REPORT = "County Filing Progress"
YEAR = 2099  # no plan target: the one below is inserted by this test
TARGET = 9
# The report's own aggregate (filed_by_area), by a phrase no other query has.
REPORT_SQL = "min(filed_on) as ended_on"


@pytest.fixture(scope="module")
def replica(site):
	server = Replica(frappe.conf.db_name)
	try:
		server.start()
		server.seed_and_follow()
		yield server
	finally:
		server.stop()


@pytest.fixture(scope="module")
def committed(site, replica):
	"""After the replica was seeded: a target inserted and the seeded points given their filing
	history, committed on the primary; both removed (and committed) after."""
	frappe.set_user("Administrator")
	target = frappe.get_doc(
		{"doctype": "Tuoyu District Target", "year": YEAR, "area": seed.LANSHAN, "target_points": TARGET}
	).insert()
	before = give_history(site)
	frappe.db.commit()
	yield target.name
	frappe.set_user("Administrator")
	restore(site, before)
	frappe.delete_doc("Tuoyu District Target", target.name, force=True)
	frappe.db.commit()


def primary_selects() -> int:
	"""SELECTs this process's primary connection has sent (SHOW STATUS is not counted as one)."""
	return int(frappe.db.sql("show session status like 'Com_select'")[0][1])


def desk_run() -> dict:
	"""As the desk asks for the report (query_report.run is itself frappe.read_only)."""
	return frappe.desk.query_report.run(REPORT, filters={"year": YEAR})


def direct_run() -> dict:
	"""The report's own execute, as a caller outside query_report.run (a job, make bench) calls it."""
	return dict(zip(("columns", "result"), execute({"year": YEAR})[:2], strict=True))


def run_report(replica: Replica, run=desk_run) -> tuple[dict, int, list[str]]:
	"""The report as the city admin; with the primary connection's SELECT count over the run and
	the statements the site's user sent to the replica meanwhile."""
	primary = frappe.db
	frappe.set_user(seed.CITY)
	replica.start_log()
	selects = primary_selects()
	try:
		result = run()
	finally:
		assert frappe.db is primary, "the primary connection is back after the run"
		moved = primary_selects() - selects
		replica.stop_log()
		frappe.set_user("Administrator")
	return result, moved, replica.logged_statements()


def test_the_replica_is_a_read_only_binlog_replica_of_the_site_database(replica, committed):
	replica.catch_up()
	status = replica.slave_status()
	assert (status["Slave_IO_Running"], status["Slave_SQL_Running"]) == ("Yes", "Yes"), status
	assert status["Replicate_Do_DB"] == frappe.conf.db_name
	assert query(replica.conn, "select @@server_id as id, @@read_only as ro")[0] == {"id": 2, "ro": 1}
	# inserted on the primary after the replica was seeded: only replication brings it
	rows = query(
		replica.conn,
		f"select year, area, target_points from `{frappe.conf.db_name}`.`tabTuoyu District Target`"
		" where name = %s",
		committed,
	)
	assert rows == [{"year": YEAR, "area": seed.LANSHAN, "target_points": TARGET}]


def test_the_report_runs_on_the_replica_and_not_on_the_primary(replica, committed):
	replica.catch_up()
	with replica.reading():
		result, primary_moved, on_replica = run_report(replica)
	assert any(REPORT_SQL in sql for sql in on_replica), on_replica
	assert any("tabTuoyu District Target" in sql for sql in on_replica)
	assert primary_moved == 0
	# the figures are the primary's committed rows, read from the replica
	rows = {r["area"]: r for r in result["result"]}
	assert sorted(rows) == county_areas()
	assert (rows[seed.LANSHAN]["filed_points"], rows[seed.LANSHAN]["filed_places"]) == EXPECTED[2026][
		seed.LANSHAN
	]
	assert rows[seed.LANSHAN]["target_points"] == TARGET


def test_the_reports_own_execute_is_marked_read_only(replica, committed):
	"""Called without query_report.run around it, execute's own frappe.read_only() sends it there."""
	replica.catch_up()
	with replica.reading():
		result, primary_moved, on_replica = run_report(replica, direct_run)
	assert any(REPORT_SQL in sql for sql in on_replica), on_replica
	assert primary_moved == 0
	assert {r["area"]: r for r in result["result"]}[seed.LANSHAN]["target_points"] == TARGET


def test_without_the_replica_settings_the_same_run_reads_the_primary(replica, committed):
	replica.catch_up()
	result, primary_moved, on_replica = run_report(replica)
	assert on_replica == []
	assert primary_moved > 0
	rows = {r["area"]: r for r in result["result"]}
	assert rows[seed.LANSHAN]["target_points"] == TARGET
