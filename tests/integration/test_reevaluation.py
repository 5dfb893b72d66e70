"""Re-evaluation of every point when a rule set changes (tuoyu_frappe.supervision.reevaluation).

The jobs commit (each chunk is its own transaction), so these tests commit too and put the site
back afterwards: the rule set's values, the points' stored compliance, the runs, their findings
and notifications. The RQ jobs are run in this process, in the order they were queued, by a
stand-in for frappe.enqueue; tests/api/test_reevaluation_api.py runs them through a real worker."""

import frappe
import pytest

from tests import seed
from tuoyu_frappe.supervision import reevaluation as rv
from tuoyu_frappe.utils import rule_set_in_force

STORED = [
	"name",
	"compliance_status",
	"blocking_count",
	"compliance_evaluated_at",
	"compliance_rule_set_version",
]


class Jobs:
	"""frappe.enqueue's stand-in: the re-evaluation's jobs wait here until run()."""

	def __init__(self, real):
		self.queued, self.direct, self.real = [], [], real

	def enqueue(self, method, queue="default", **kwargs):
		if not isinstance(method, str) or not method.startswith(rv.__name__):
			return self.real(method, queue=queue, **kwargs)
		assert queue == "long"
		now = kwargs.pop("now", False)
		for option in ("enqueue_after_commit", "job_id", "timeout", "deduplicate", "is_async"):
			kwargs.pop(option, None)
		if now:  # run_in_process: frappe.enqueue(now=True) calls the method at once
			self.direct.append(method.rsplit(".", 1)[1])
			return frappe.get_attr(method)(**kwargs)
		self.queued.append((method, kwargs, frappe.session.user))

	def run(self) -> list[str]:
		"""Each job as the user who queued it, as a worker runs it."""
		ran = []
		while self.queued:
			method, kwargs, user = self.queued.pop(0)
			frappe.set_user(user)
			frappe.get_attr(method)(**kwargs)
			ran.append(method.rsplit(".", 1)[1])
		frappe.set_user("Administrator")
		return ran


@pytest.fixture
def world(site, monkeypatch):
	"""The national rule set in force, its points' stored state, and a clean-up of everything the
	runs commit."""
	frappe.set_user("Administrator")
	frappe.local.lang = "zh"
	rule_set = rule_set_in_force()
	saved = frappe.db.get_value(
		"Tuoyu Rule Set", rule_set, ["max_capacity", "version", "modified"], as_dict=True
	)
	points = frappe.get_all("Tuoyu Point", fields=STORED)
	runs_before = set(frappe.get_all("Tuoyu Reevaluation Run", pluck="name"))
	logs_before = frappe.db.sql("select max(creation) from `tabNotification Log`")[0][0]
	jobs = Jobs(frappe.enqueue)
	monkeypatch.setattr(frappe, "enqueue", jobs.enqueue)
	monkeypatch.setattr(rv, "RETRY_PAUSE_SECONDS", 0)
	progress = []
	monkeypatch.setattr(
		frappe, "publish_progress", lambda percent, **kw: progress.append({"percent": percent, **kw})
	)
	realtime = []
	monkeypatch.setattr(
		frappe,
		"publish_realtime",
		lambda event=None, message=None, **kw: realtime.append((event, message, kw)),
	)
	yield frappe._dict(
		rule_set=rule_set, saved=saved, jobs=jobs, progress=progress, realtime=realtime, seed=site
	)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.db.set_value("Tuoyu Rule Set", rule_set, dict(saved), update_modified=False)
	frappe.clear_document_cache("Tuoyu Rule Set", rule_set)
	for row in points:
		frappe.db.set_value(
			"Tuoyu Point", row.name, {k: v for k, v in row.items() if k != "name"}, update_modified=False
		)
	for run in set(frappe.get_all("Tuoyu Reevaluation Run", pluck="name")) - runs_before:
		frappe.delete_doc("Tuoyu Reevaluation Run", run, ignore_permissions=True, force=True)
	frappe.db.delete(
		"Notification Log",
		{"creation": (">", logs_before or "2000-01-01"), "subject": ("like", "%重新评估%")},
	)
	frappe.db.commit()


def set_cap(world, cap: int, user: str = seed.CITY) -> str:
	"""A city admin saves the rule set with a new cap; returns the run it started."""
	frappe.set_user(user)
	doc = frappe.get_doc("Tuoyu Rule Set", world.rule_set)
	doc.max_capacity = cap
	doc.save()
	frappe.db.commit()
	frappe.set_user("Administrator")
	return frappe.get_all(
		"Tuoyu Reevaluation Run",
		filters={"rule_set": world.rule_set},
		order_by="creation desc",
		pluck="name",
		limit=1,
	)[0]


def stored(point: str) -> frappe._dict:
	return frappe.db.get_value("Tuoyu Point", point, STORED, as_dict=True)


def active_points() -> int:
	return frappe.db.count("Tuoyu Point", {"status": ("!=", "已注销")})


def notifications(user: str, since) -> list[str]:
	return frappe.get_all(
		"Notification Log",
		filters={"for_user": user, "creation": (">=", since)},
		pluck="subject",
		order_by="creation",
	)


def test_lowering_the_cap_re_evaluates_every_point_in_chunks_and_lists_the_newly_non_compliant(
	world, monkeypatch
):
	monkeypatch.setattr(rv, "CHUNK_SIZE", 1)
	seeded = world.seed.point
	for key in seeded:
		assert stored(seeded[key]).compliance_status in ("合规", "有提示", None, "")
	started = frappe.utils.now_datetime()

	run = set_cap(world, world.saved.max_capacity - 1)
	head = frappe.get_doc("Tuoyu Reevaluation Run", run)
	assert (head.status, head.reason, head.started_by) == ("排队中", "规则值变更", seed.CITY)
	assert head.rule_set_version == world.saved.version + 1
	assert head.adopt_points  # the rule set in force: every point is assessed under it
	ran = world.jobs.run()

	total = active_points()
	assert ran[0] == "plan_run" and ran.count("run_chunk") == total  # one chunk per point
	head.reload()
	assert head.status == "已完成", head.error
	assert (head.total_points, head.evaluated_count) == (total, total)
	assert len(head.chunks) == total and {c.status for c in head.chunks} == {"已完成"}
	assert {c.attempts for c in head.chunks} == {1}
	assert head.compliant_count + head.warning_count + head.non_compliant_count == total
	label = f"{world.rule_set} v{world.saved.version + 1}"
	for point in seeded.values():
		row = stored(point)
		assert (row.compliance_status, row.compliance_rule_set_version) == ("不合规", label)
		assert row.blocking_count >= 1 and row.compliance_evaluated_at >= started.replace(microsecond=0)

	findings = frappe.get_all(
		"Tuoyu Reevaluation Finding",
		filters={"run": run},
		fields=["point", "area", "rule", "clause", "message"],
	)
	assert len(findings) == head.newly_non_compliant_count
	cited = {f.point: f for f in findings}
	clause = frappe.db.get_value("Tuoyu Rule Set", world.rule_set, "max_capacity_clause")
	for point in seeded.values():
		assert cited[point].rule == "max_capacity" and cited[point].clause == clause
		assert (
			str(world.saved.max_capacity - 1) in cited[point].message
			and "超过收托上限" in cited[point].message
		)
	assert cited[seeded["C"]].area == seed.LUOZHUANG

	# Progress: to the starter and to the rule set's form, rising to 100 %.
	to_user = [p for p in world.progress if not p.get("doctype")]
	to_form = [p for p in world.progress if p.get("doctype") == "Tuoyu Rule Set"]
	assert len(to_user) == len(to_form) == total + 2  # planned, each chunk, the end
	assert {p["docname"] for p in to_form} == {world.rule_set}
	percents = [p["percent"] for p in to_user]
	assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
	assert (
		"重新评估" in to_user[-1]["title"]
		and str(head.newly_non_compliant_count) in to_user[-1]["description"]
	)

	# One message per reviewer naming their points; the starter gets the summary.
	lanshan = notifications(seed.REV_LS, started)
	assert len(lanshan) == 1 and "测试甲托育点" in lanshan[0] and "测试乙托育点" in lanshan[0]
	assert "测试丙托育点" not in lanshan[0]
	luozhuang = notifications(seed.REV_LZ, started)
	assert len(luozhuang) == 1 and "测试丙托育点" in luozhuang[0]
	assert notifications(seed.CITY, started) == [head.summary]
	# The summary also opens in a dialog for the starter (the desk hides a finished progress bar).
	dialogs = [m for event, m, kw in world.realtime if event == "msgprint" and kw.get("user") == seed.CITY]
	assert [d["message"] for d in dialogs] == [head.summary]

	# Back to the old cap: compliant again, and nobody is newly non-compliant.
	back = set_cap(world, world.saved.max_capacity)
	world.jobs.run()
	again = frappe.get_doc("Tuoyu Reevaluation Run", back)
	assert again.status == "已完成" and again.newly_non_compliant_count == 0
	assert stored(seeded["A"]).compliance_status == "合规"
	assert not frappe.db.exists("Tuoyu Reevaluation Finding", {"run": back})


def test_a_label_edit_keeps_the_version_and_starts_nothing(world):
	frappe.set_user(seed.CITY)
	doc = frappe.get_doc("Tuoyu Rule Set", world.rule_set)
	doc.max_capacity_clause = doc.max_capacity_clause + "（注）"
	doc.version = 99  # the server's field: ignored
	doc.save()
	assert doc.version == world.saved.version
	assert world.jobs.queued == []
	frappe.db.rollback()


def test_a_failing_chunk_is_retried_and_counted_once(world, monkeypatch):
	monkeypatch.setattr(rv, "CHUNK_SIZE", 1)
	point_b = world.seed.point["B"]
	real = rv.write_findings
	failures = []

	def flaky(rows, now):
		# The point rows of the chunk are written by now: the failure must undo them.
		if any(r[1] == point_b for r in rows) and not failures:
			failures.append(stored(point_b).compliance_status)
			raise frappe.ValidationError("simulated failure")
		real(rows, now)

	monkeypatch.setattr(rv, "write_findings", flaky)
	run = set_cap(world, world.saved.max_capacity - 1)
	ran = world.jobs.run()
	total = active_points()
	assert failures == ["不合规"]  # written inside the chunk's transaction when it failed
	assert ran.count("run_chunk") == total + 1  # the failed chunk once more
	head = frappe.get_doc("Tuoyu Reevaluation Run", run)
	assert head.status == "已完成"
	assert head.evaluated_count == total and head.total_points == total
	chunk = next(c for c in head.chunks if c.last_point == point_b)
	assert (chunk.attempts, chunk.status, chunk.evaluated) == (2, "已完成", 1)
	assert frappe.db.count("Tuoyu Reevaluation Finding", {"run": run, "point": point_b}) == 1
	assert frappe.db.count("Tuoyu Reevaluation Finding", {"run": run}) == head.newly_non_compliant_count


def test_a_chunk_that_keeps_failing_fails_the_run_leaving_nothing_half_written(world, monkeypatch):
	monkeypatch.setattr(rv, "CHUNK_SIZE", 1)
	point_b = world.seed.point["B"]
	before_b = stored(point_b)
	real = rv.write_findings
	broken = [True]

	def failing(rows, now):
		if broken[0] and any(r[1] == point_b for r in rows):
			raise frappe.ValidationError("simulated failure")
		real(rows, now)

	monkeypatch.setattr(rv, "write_findings", failing)
	started = frappe.utils.now_datetime()
	run = set_cap(world, world.saved.max_capacity - 1)
	world.jobs.run()
	head = frappe.get_doc("Tuoyu Reevaluation Run", run)
	assert head.status == "失败" and "3" in head.error
	chunk = next(c for c in head.chunks if c.last_point == point_b)
	assert (chunk.status, chunk.attempts, chunk.evaluated) == ("失败", rv.MAX_ATTEMPTS, 0)
	assert "simulated failure" in chunk.error
	# B's chunk wrote nothing; the other chunks' points are done.
	assert stored(point_b) == before_b
	assert not frappe.db.exists("Tuoyu Reevaluation Finding", {"run": run, "point": point_b})
	assert stored(world.seed.point["A"]).compliance_status == "不合规"
	assert head.evaluated_count == active_points() - 1
	assert any("失败" in s for s in notifications(seed.CITY, started))

	# Resumed once the cause is gone: only B's chunk runs again, and the counts add up.
	broken[0] = False
	frappe.set_user(seed.CITY)
	rv.resume_run(run)
	frappe.db.commit()
	frappe.set_user("Administrator")
	assert world.jobs.run() == ["run_chunk"]
	head.reload()
	assert head.status == "已完成" and head.evaluated_count == head.total_points == active_points()
	assert stored(point_b).compliance_status == "不合规"
	assert frappe.db.count("Tuoyu Reevaluation Finding", {"run": run}) == head.newly_non_compliant_count


def test_a_new_rule_set_in_force_moves_the_points_onto_it(world):
	"""The daily job: points still under a rule set no longer in force are re-evaluated under the
	one in force, and record it."""
	point_c = world.seed.point["C"]
	old = frappe.get_all(
		"Tuoyu Rule Set", filters={"name": ("!=", world.rule_set), "enabled": 1}, pluck="name", limit=1
	)[0]
	frappe.db.set_value("Tuoyu Point", point_c, "rule_set", old, update_modified=False)
	frappe.db.commit()
	try:
		rv.daily()
		frappe.db.commit()
		assert [job[0] for job in world.jobs.queued] == [f"{rv.__name__}.plan_run"]
		rv.daily()  # a run is open: no second one
		assert len(world.jobs.queued) == 1
		world.jobs.run()
		run = frappe.get_all(
			"Tuoyu Reevaluation Run",
			filters={"reason": "新规则集生效"},
			pluck="name",
			order_by="creation desc",
		)[0]
		assert frappe.db.get_value("Tuoyu Reevaluation Run", run, "status") == "已完成"
		assert frappe.db.get_value("Tuoyu Point", point_c, "rule_set") == world.rule_set
		assert stored(point_c).compliance_rule_set_version == f"{world.rule_set} v{world.saved.version}"
		rv.daily()
		assert world.jobs.queued == []  # nothing left to move
	finally:
		frappe.db.set_value("Tuoyu Point", point_c, "rule_set", world.rule_set, update_modified=False)
		frappe.db.commit()


def test_a_reviewer_or_operator_cannot_start_or_resume_a_run(world):
	for user in (seed.REV_LS, seed.OP_A, seed.ASSOC):
		frappe.set_user(user)
		with pytest.raises(frappe.PermissionError):
			rv.start_reevaluation(world.rule_set)
		assert not frappe.has_permission("Tuoyu Reevaluation Run", "read")
	frappe.set_user(seed.CITY)
	run = rv.start_reevaluation(world.rule_set)
	assert frappe.db.get_value("Tuoyu Reevaluation Run", run, "reason") == "手动重新评估"
	frappe.db.rollback()


def test_saving_a_point_or_its_staff_keeps_its_stored_status(db):
	point = db.point["A"]
	frappe.db.set_value("Tuoyu Point", point, {"compliance_status": "", "compliance_rule_set_version": ""})
	doc = frappe.get_doc("Tuoyu Point", point)
	doc.save()
	row = stored(point)
	version = frappe.db.get_value("Tuoyu Rule Set", doc.rule_set, "version")
	assert (row.compliance_status, row.blocking_count) == ("合规", 0)
	assert row.compliance_rule_set_version == f"{doc.rule_set} v{version}"
	# The point's only caregiver leaves: 3 children need one (1:3), so it is out of compliance.
	staff = frappe.get_doc("Tuoyu Staff", db.staff["A"])
	staff.employment_status = "离职"
	staff.save()
	assert (stored(point).compliance_status, stored(point).blocking_count) == ("不合规", 1)
	staff.reload()
	staff.employment_status = "在职"
	staff.employment_end = None
	staff.save()
	assert stored(point).compliance_status == "合规"


def test_the_demo_run_completes_in_process_once(world):
	from tuoyu_frappe.supervision.demo_reevaluation import load_reevaluation

	first = load_reevaluation()
	if first["runs"] == 0:  # a completed run of this version was left by another test: start anew
		frappe.db.set_value("Tuoyu Reevaluation Run", first["run"], "status", "已取代")
		frappe.db.commit()
		first = load_reevaluation()
	assert first["runs"] == 1 and world.jobs.queued == []
	assert world.jobs.direct[0] == "plan_run" and "run_chunk" in world.jobs.direct
	head = frappe.get_doc("Tuoyu Reevaluation Run", first["run"])
	assert (head.status, head.reason, head.evaluated_count) == ("已完成", "手动重新评估", active_points())
	assert head.rule_set_version == world.saved.version  # no value was changed
	assert load_reevaluation() == {"runs": 0, "run": first["run"]}


def test_a_stalled_run_is_failed_by_the_daily_job_and_can_be_resumed(world):
	"""A worker killed mid-run leaves its chunk pending and no job to run it: the daily job marks
	the run failed (so it blocks nothing) and a city admin resumes it."""
	frappe.set_user(seed.CITY)
	run = rv.start(world.rule_set, rv.MANUAL)
	frappe.db.commit()
	frappe.set_user("Administrator")
	world.jobs.queued.clear()  # the planning job was lost with its worker
	rv.daily()
	assert frappe.db.get_value("Tuoyu Reevaluation Run", run, "status") == "排队中"  # not stalled yet
	an_hour_ago = frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=-2)
	frappe.db.set_value("Tuoyu Reevaluation Run", run, "started_at", an_hour_ago)
	rv.daily()
	frappe.db.commit()
	assert frappe.db.get_value("Tuoyu Reevaluation Run", run, "status") == "失败"
	frappe.set_user(seed.CITY)
	rv.resume_run(run)
	frappe.db.commit()
	assert world.jobs.run()[0] == "plan_run"
	head = frappe.get_doc("Tuoyu Reevaluation Run", run)
	assert head.status == "已完成" and head.evaluated_count == active_points()
