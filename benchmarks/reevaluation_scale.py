"""Re-evaluation of every point at province scale, on the site province_scale.py filled.

Run by `make bench` after province_scale.py:

	cd $FRAPPE_BENCH/sites && ../env/bin/python path/to/benchmarks/reevaluation_scale.py tuoyu-bench.localhost

The jobs are the app's own (tuoyu_frappe.supervision.reevaluation: plan_run, then one run_chunk per
chunk, each its own transaction with its commit, progress and the closing notifications), run one
after another in this process, as one RQ worker would run them; frappe.enqueue is replaced by a
local queue so no worker of the bench takes them. More workers run the chunks side by side.

First the bench's staff are made current (health certificates valid, background checks done), so
the points start compliant; then three runs are timed:
  1. a manual run with no value changed (every point is still evaluated and written);
  2. the cap lowered from 5 to 4 (the bench's points file 5): every point becomes newly
     non-compliant, so every point is written, listed with the rule cited, and each area's
     reviewer is told: the worst case of a rule change;
  3. the cap put back: compliant again.
BENCH_CHUNK sets the chunk size (default: the app's)."""

import os
import statistics
import sys
import time
from datetime import date, timedelta

import frappe
import province_scale

CHUNK = int(os.environ.get("BENCH_CHUNK", "0"))


class LocalQueue:
	def __init__(self):
		self.jobs = []
		self.chunk_seconds = []

	def enqueue(self, method, queue="default", **kwargs):
		for option in ("enqueue_after_commit", "job_id", "timeout", "deduplicate", "now", "is_async"):
			kwargs.pop(option, None)
		self.jobs.append((method, kwargs))

	def drain(self) -> None:
		while self.jobs:
			method, kwargs = self.jobs.pop(0)
			started = time.perf_counter()
			frappe.get_attr(method)(**kwargs)
			if method.endswith(".run_chunk"):
				self.chunk_seconds.append(time.perf_counter() - started)


def timed_run(queue: LocalQueue, start) -> tuple[frappe._dict, float]:
	queue.chunk_seconds = []
	started = time.perf_counter()
	run = start()
	frappe.db.commit()
	queue.drain()
	seconds = time.perf_counter() - started
	return frappe.get_doc("Tuoyu Reevaluation Run", run), seconds


def set_cap(rule_set: str, cap: int) -> str:
	doc = frappe.get_doc("Tuoyu Rule Set", rule_set)
	doc.max_capacity = cap
	doc.save()
	return frappe.get_all(
		"Tuoyu Reevaluation Run",
		filters={"rule_set": rule_set},
		order_by="creation desc",
		pluck="name",
		limit=1,
	)[0]


def main(site: str) -> int:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.flags.mute_emails = True
	frappe.set_user("Administrator")
	frappe.local.lang = "zh"
	from tuoyu_frappe.supervision import reevaluation as rv
	from tuoyu_frappe.utils import rule_set_in_force

	if CHUNK:
		rv.CHUNK_SIZE = CHUNK
	queue = LocalQueue()
	frappe.enqueue = queue.enqueue
	rule_set = rule_set_in_force()
	points = frappe.db.count("Tuoyu Point", {"status": ("!=", "已注销")})
	staff = frappe.db.count("Tuoyu Staff", {"employment_status": "在职"})
	frappe.db.sql(
		"update `tabTuoyu Staff` set health_cert_expiry = %s, last_background_check = %s",
		(date.today() + timedelta(days=300), date.today() - timedelta(days=30)),
	)
	frappe.db.commit()
	cap = frappe.db.get_value("Tuoyu Rule Set", rule_set, "max_capacity")
	print(f"\nRe-evaluation of {points} points ({staff} staff) under {rule_set}, cap {cap}")
	print(f"machine: {province_scale.machine()}")
	print(
		f"chunks of {rv.CHUNK_SIZE} points, one transaction each, run one after another in this "
		"process as one RQ worker runs them"
	)
	runs = [
		("no value changed (a manual run)", lambda: rv.start(rule_set, rv.MANUAL)),
		(f"cap {cap} → {cap - 1} (every point newly non-compliant)", lambda: set_cap(rule_set, cap - 1)),
		(f"cap {cap - 1} → {cap} (compliant again)", lambda: set_cap(rule_set, cap)),
	]
	failed = 0
	for label, start in runs:
		run, seconds = timed_run(queue, start)
		chunk_ms = [s * 1000 for s in queue.chunk_seconds] or [0]
		ok = run.status == "已完成" and run.evaluated_count == points
		failed += not ok
		print(
			f"  {label}: {run.status}, {run.evaluated_count} points in {seconds:.1f} s "
			f"({run.evaluated_count / seconds:.0f} points/s), {len(run.chunks)} chunks, "
			f"chunk median {statistics.median(chunk_ms):.0f} ms, max {max(chunk_ms):.0f} ms; "
			f"合规 {run.compliant_count}, 有提示 {run.warning_count}, 不合规 {run.non_compliant_count}, "
			f"newly non-compliant {run.newly_non_compliant_count}"
		)
	frappe.destroy()
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tuoyu-bench.localhost"))
