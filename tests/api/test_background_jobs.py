"""Background work done for real by the test stack: a Data Import started over HTTP is finished by
an RQ worker, and the scheduler process runs the app's daily job through the worker.

Both poll the site with a generous deadline: the worker serves every site of the bench and may be
busy with other sites' jobs first; the deadline only bounds a run that would otherwise hang."""

import csv
import io
import time
from datetime import timedelta

import frappe
import pytest
from frappe.utils import now_datetime

from tests import seed
from tests.conftest import PORT, SOCKETIO_PORT, Client
from tests.integration.clock_helpers import open_filing, working_day
from tests.integration.test_data_import import FIELDS, chinese_header, row

pytestmark = pytest.mark.http
DAILY = "tuoyu_frappe.filing.reminders.daily"
PATIENCE = 900  # seconds: a fresh demo site queues ~500 jobs (contacts of its users) before ours


def eventually(probe, what: str):
	"""The first truthy value of probe(), each call in a fresh transaction (the worker commits
	in its own connection)."""
	deadline = time.monotonic() + PATIENCE
	while True:
		frappe.db.rollback()
		value = probe()
		if value:
			return value
		if time.monotonic() > deadline:
			pytest.fail(f"no {what} after {PATIENCE} s")
		time.sleep(1)


def message(response):
	assert response.status_code == 200, response.text[:500]
	return response.json()["message"]


@pytest.fixture
def scheduler_enabled(site):
	"""The site's scheduler switch on: Data Import refuses to start without it, and the scheduler
	process skips sites that have it off."""
	was = frappe.db.get_single_value("System Settings", "enable_scheduler")
	frappe.db.set_single_value("System Settings", "enable_scheduler", 1)
	frappe.db.commit()
	yield
	frappe.db.set_single_value("System Settings", "enable_scheduler", was)
	frappe.db.commit()


@pytest.fixture
def cleanup(site):
	created: list[tuple[str, str]] = []
	yield created
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for doctype, name in reversed(created):
		if doctype == "Data Import":
			frappe.db.delete("Data Import Log", {"data_import": name})
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=True, ignore_missing=True)
	frappe.db.commit()


def csv_of_points(names: list[str]) -> bytes:
	buffer = io.StringIO()
	writer = csv.writer(buffer)
	writer.writerow([chinese_header(f) for f in FIELDS])
	writer.writerows(row(name, seed.make_uscc(71 + i), seed.LANSHAN_TOWN) for i, name in enumerate(names))
	return buffer.getvalue().encode()


def listening_addresses(port: int) -> set[str]:
	"""Local addresses of the sockets listening on `port`, from the kernel's tables."""
	found = set()
	for table in ("/proc/net/tcp", "/proc/net/tcp6"):
		with open(table) as f:
			for line in f.readlines()[1:]:
				local, state = line.split()[1], line.split()[3]
				address, hex_port = local.split(":")
				if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
					found.add(address)
	return found


def test_web_and_realtime_listen_on_loopback_only(server):
	loopback = "0100007F"  # 127.0.0.1, little-endian hex
	assert listening_addresses(PORT) == {loopback}
	assert listening_addresses(SOCKETIO_PORT) == {loopback}


def test_a_data_import_started_over_http_is_finished_by_a_worker(login, scheduler_enabled, cleanup):
	from frappe.utils.background_jobs import get_job

	names = ["后台导入甲托育点", "后台导入乙托育点"]
	reviewer = login(seed.REV_LS)
	uploaded = message(
		reviewer.post(
			"/api/method/upload_file",
			files={"file": ("points.csv", csv_of_points(names), "text/csv")},
			data={"is_private": 1},
		)
	)
	cleanup.append(("File", uploaded["name"]))
	response = reviewer.post(
		"/api/resource/Data Import",
		json={
			"reference_doctype": "Tuoyu Point",
			"import_type": "Insert New Records",
			"import_file": uploaded["file_url"],
		},
	)
	assert response.status_code == 200, response.text[:500]
	data_import = response.json()["data"]["name"]
	cleanup.append(("Data Import", data_import))

	start = "/api/method/frappe.core.doctype.data_import.data_import.form_start_import"
	# Another area's reviewer cannot start it (nor read it).
	other = login(seed.REV_LZ)
	assert other.post(start, data={"data_import": data_import}).status_code == 403
	assert other.get(f"/api/resource/Data Import/{data_import}").status_code == 403
	assert get_job(f"data_import::{data_import}") is None

	started = reviewer.post(start, data={"data_import": data_import})
	assert message(started) is True  # enqueued, not refused ("Scheduler Inactive")

	restarts = []

	def finished():
		status = reviewer.get(f"/api/resource/Data Import/{data_import}").json()["data"]["status"]
		if status == "Partial Success" and not restarts:
			# On a fresh site the scheduler's first round of jobs runs beside the import; a row that
			# met a lock is imported by starting again, as a reviewer would (imported rows are skipped).
			restarts.append(reviewer.post(start, data={"data_import": data_import}).status_code)
			return False
		assert status in ("Pending", "Success"), status  # an error, or a row failing twice, fails now
		return status == "Success"

	eventually(finished, "successful import")
	points = frappe.get_all("Tuoyu Point", filters={"point_name": ("in", names)}, fields=["name", "area"])
	cleanup.extend(("Tuoyu Point", p.name) for p in points)
	assert sorted(p.area for p in points) == [seed.LANSHAN, seed.LANSHAN]
	# The reviewer sees them over REST, as rows the import made in their area.
	listed = reviewer.get(
		"/api/resource/Tuoyu Point", params={"filters": frappe.as_json([["point_name", "in", names]])}
	).json()["data"]
	assert len(listed) == 2
	# It was a worker's job, not the web request: RQ recorded which worker finished it.
	job = get_job(f"data_import::{data_import}")
	assert job is not None and job.get_status() == "finished" and job.worker_name


def test_the_daily_job_is_registered_and_the_scheduler_runs_it(
	site, server, scheduler, scheduler_enabled, cleanup
):
	job_type = frappe.db.get_value(
		"Scheduled Job Type", {"method": DAILY}, ["name", "frequency", "stopped"], as_dict=True
	)
	assert job_type and job_type.frequency == "Daily" and not job_type.stopped

	# A filing under review whose stored clock is stale: the job refreshes it.
	filing = open_filing(site, "A", received_on=working_day(-1), receipt_due=working_day(3))
	cleanup.append(("Tuoyu Filing", filing))
	frappe.db.set_value(
		"Tuoyu Filing", filing, {"working_days_left": 9, "clock_status": "", "clock_note": ""}
	)
	# Make the job due, as if it last ran two days ago.
	frappe.db.set_value(
		"Scheduled Job Type", job_type.name, "last_execution", now_datetime() - timedelta(days=2)
	)
	frappe.db.commit()
	since = now_datetime() - timedelta(seconds=1)
	# The scheduler skips a dormant site (no Activity Log for days): someone has signed in.
	client = Client(server)
	assert client.post("/api/method/login", data={"usr": seed.CITY, "pwd": seed.PASSWORD}).ok

	def completed():
		return frappe.get_all(
			"Scheduled Job Log",
			filters={"scheduled_job_type": job_type.name, "creation": (">=", since)},
			pluck="status",
		)

	statuses = eventually(lambda: [s for s in completed() if s in ("Complete", "Failed")], "run of the job")
	assert statuses == ["Complete"], statuses
	clock = frappe.db.get_value("Tuoyu Filing", filing, ["working_days_left", "clock_status"], as_dict=True)
	assert (clock.working_days_left, clock.clock_status) == (3, "正常")
