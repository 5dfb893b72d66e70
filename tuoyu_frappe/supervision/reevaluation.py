"""Re-evaluation of every point assessed under a rule set when its values change or it takes effect
(RULES.md §3), as RQ jobs on the "long" queue.

Which rule set a point is assessed under: the one it records (`Tuoyu Point.rule_set`), set to the
rule set in force when the point is created. When another rule set comes into force (a new one's
effective_from is reached, or a city admin enables or re-dates one), the daily job starts a run of
the rule set now in force that also moves every point still recorded under an older one onto it:
rules apply to the points operating today, not only to new ones. A filing keeps the rule set it
was assessed under. Cancelled points (已注销) are not re-evaluated.

A run (`Tuoyu Reevaluation Run`) is planned once: the points, in name order, cut into key ranges
of CHUNK_SIZE. Each chunk is one job and one transaction: its points and their staff are read in
two queries, evaluated with `compliance.evaluate`, and written with a few bulk updates, together
with the chunk's row, the run's counters and the points found newly out of compliance (`Tuoyu
Reevaluation Finding`); then it commits. A chunk that fails is rolled back whole and tried again,
up to MAX_ATTEMPTS times; a chunk already done is never done twice, so counters never double. The
last chunk to finish closes the run, tells the reviewers of each affected area about their newly
non-compliant points (one message each) and the starter the summary. Progress goes to the starter
and to viewers of the rule set form through frappe.publish_progress."""

import time
from collections import defaultdict

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import getdate, now_datetime, time_diff_in_seconds, today

from tuoyu_frappe import compliance
from tuoyu_frappe.filing import notify
from tuoyu_frappe.registry.doctype.tuoyu_point.tuoyu_point import point_values, refresh_compliance
from tuoyu_frappe.supervision import reevaluation_rules as rules
from tuoyu_frappe.utils import rule_set_in_force, rule_set_values, translate_finding

RUN, CHUNK, FINDING = "Tuoyu Reevaluation Run", "Tuoyu Reevaluation Chunk", "Tuoyu Reevaluation Finding"
RULE_SET, POINT = "Tuoyu Rule Set", "Tuoyu Point"
QUEUE = "long"
CHUNK_SIZE = 1000
MAX_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 2  # times the attempt number: a lock or a restart may have passed by then
STALLED_AFTER_SECONDS = 3600  # an open run with no chunk done for this long lost its worker
CANCELLED = "已注销"
QUEUED, RUNNING, DONE, FAILED, SUPERSEDED = "排队中", "进行中", "已完成", "失败", "已取代"
CHUNK_PENDING, CHUNK_DONE, CHUNK_FAILED = "待处理", "已完成", "失败"
VALUES_CHANGED, TOOK_EFFECT, MANUAL = "规则值变更", "新规则集生效", "手动重新评估"
POINT_FIELDS = [
	"name",
	"point_name",
	"area",
	"rule_set",
	"compliance_status",
	"capacity",
	"enrolment",
	"floor_area",
	"premises_type",
	"tenure",
	"lease_end",
	"full_day",
	"cctv_retention_days",
]
NAMES_IN_MESSAGE = 5


# --- starting ----------------------------------------------------------------------------------


def is_effective(rule_set: str, on_date=None) -> bool:
	row = frappe.db.get_value(RULE_SET, rule_set, ["enabled", "effective_from", "effective_to"], as_dict=True)
	on_date = getdate(on_date or today())
	return bool(
		row
		and row.enabled
		and getdate(row.effective_from) <= on_date
		and (not row.effective_to or getdate(row.effective_to) >= on_date)
	)


def start(rule_set: str, reason: str, changed_fields=(), chunk_size: int | None = None) -> str:
	"""Record a run and queue its planning after the current transaction commits (so the job
	reads the rule set as saved). An unfinished run of the same rule set is superseded."""
	in_force = rule_set == rule_set_in_force()
	version = frappe.db.get_value(RULE_SET, rule_set, "version") or 1
	frappe.db.set_value(
		RUN,
		{"rule_set": rule_set, "status": ("in", (QUEUED, RUNNING))},
		{"status": SUPERSEDED, "finished_at": now_datetime()},
		update_modified=False,
	)
	run = frappe.get_doc(
		{
			"doctype": RUN,
			"rule_set": rule_set,
			"rule_set_version": version,
			"version_label": rules.version_label(rule_set, version),
			"reason": reason,
			"adopt_points": int(in_force),
			"changed_rules": "\n".join(_(frappe.get_meta(RULE_SET).get_label(f)) for f in changed_fields),
			"changed_fields": ",".join(changed_fields),
			"status": QUEUED,
			"started_by": frappe.session.user,
			"started_at": now_datetime(),
			"chunk_size": chunk_size or CHUNK_SIZE,
		}
	)
	run.flags.written_by_server = True
	run.insert(ignore_permissions=True)
	frappe.enqueue(
		f"{__name__}.plan_run",
		queue=QUEUE,
		now=bool(frappe.flags.reevaluation_in_process),
		enqueue_after_commit=True,
		job_id=f"tuoyu-reevaluation::{run.name}",
		run=run.name,
	)
	return run.name


def run_in_process(rule_set: str, reason: str = MANUAL) -> str:
	"""The same jobs, run here one after another instead of by a worker (demo loader, console);
	each chunk still commits on its own."""
	frappe.flags.reevaluation_in_process = True
	try:
		return start(rule_set, reason)
	finally:
		frappe.flags.reevaluation_in_process = False


@frappe.whitelist(methods=["POST"])
def start_reevaluation(rule_set: str) -> str:
	"""A city admin re-evaluates every point of an enabled rule set by hand."""
	frappe.has_permission(RULE_SET, "write", doc=rule_set, throw=True)
	frappe.has_permission(RUN, "read", throw=True)
	if not frappe.db.get_value(RULE_SET, rule_set, "enabled"):
		frappe.throw(_("Only an enabled rule set can be re-evaluated"))
	return start(rule_set, MANUAL)


@frappe.whitelist(methods=["POST"])
def resume_run(run: str) -> str:
	"""Try the chunks of a failed run again; the chunks already done stay done."""
	doc = frappe.get_doc(RUN, run)
	doc.check_permission("read")
	frappe.has_permission(RULE_SET, "write", doc=doc.rule_set, throw=True)
	if doc.status != FAILED:
		frappe.throw(_("Only a failed re-evaluation run can be resumed"))
	if doc.rule_set_version != frappe.db.get_value(RULE_SET, doc.rule_set, "version"):
		frappe.throw(_("The rule set has changed since this run; start a new re-evaluation"))
	if not doc.chunks:  # it stalled before it was planned
		frappe.db.set_value(RUN, run, {"status": QUEUED, "error": None, "finished_at": None})
		frappe.enqueue(f"{__name__}.plan_run", queue=QUEUE, enqueue_after_commit=True, run=run)
		return run
	frappe.db.set_value(
		CHUNK,
		{"parent": run, "status": CHUNK_FAILED},
		{"status": CHUNK_PENDING, "attempts": 0},
		update_modified=False,
	)
	frappe.db.set_value(RUN, run, {"status": RUNNING, "error": None, "finished_at": None})
	for chunk in frappe.get_all(CHUNK, filters={"parent": run, "status": CHUNK_PENDING}, pluck="name"):
		enqueue_chunk(run, chunk, after_commit=True)
	return run


def fail_stalled_runs() -> list[str]:
	"""Open runs whose worker stopped (killed, timed out, restarted) hold pending chunks that no
	job will run: mark them failed, so they can be resumed and no longer block a new run."""
	stalled = []
	for run in frappe.get_all(
		RUN, filters={"status": ("in", (QUEUED, RUNNING))}, fields=["name", "started_at"]
	):
		last = (
			frappe.db.sql(f"select max(finished_at) from `tab{CHUNK}` where parent = %s", run.name)[0][0]
			or run.started_at
		)
		if time_diff_in_seconds(now_datetime(), last) > STALLED_AFTER_SECONDS:
			frappe.db.set_value(
				RUN,
				run.name,
				{
					"status": FAILED,
					"finished_at": now_datetime(),
					"error": _("No chunk finished for an hour: the job stopped. Resume the run to go on."),
				},
			)
			stalled.append(run.name)
	return stalled


def daily() -> None:
	"""The daily job: fail stalled runs; if a rule set came into force since the last run, re-evaluate
	every point under it."""
	fail_stalled_runs()
	in_force = rule_set_in_force()
	if not in_force:
		return
	if frappe.db.exists(RUN, {"rule_set": in_force, "status": ("in", (QUEUED, RUNNING))}):
		return
	if frappe.db.exists(POINT, {"rule_set": ("!=", in_force), "status": ("!=", CANCELLED)}):
		start(in_force, TOOK_EFFECT)


# --- planning and chunks -----------------------------------------------------------------------


def point_filters(run) -> list:
	filters = [["status", "!=", CANCELLED]]
	if not run.adopt_points:
		filters.append(["rule_set", "=", run.rule_set])
	return filters


def plan_run(run: str) -> None:
	doc = frappe.get_doc(RUN, run)
	if doc.status != QUEUED:
		return  # superseded before it started
	# Internal read: the run covers every point, whatever the starter may list.
	names = frappe.get_all(POINT, filters=point_filters(doc), pluck="name", order_by="name asc")
	for chunk in rules.plan_chunks(names, doc.chunk_size or CHUNK_SIZE):
		doc.append(
			"chunks",
			{
				"chunk_no": chunk.chunk_no,
				"after_point": chunk.after,
				"last_point": chunk.last,
				"planned": chunk.size,
				"status": CHUNK_PENDING,
			},
		)
	doc.status, doc.total_points = RUNNING, len(names)
	doc.flags.written_by_server = True
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	publish(doc.name)
	for row in doc.chunks:
		enqueue_chunk(doc.name, row.name)
	if not doc.chunks:
		finish(doc.name)


def enqueue_chunk(run: str, chunk: str, after_commit: bool = False) -> None:
	frappe.enqueue(
		f"{__name__}.run_chunk",
		queue=QUEUE,
		now=bool(frappe.flags.reevaluation_in_process),
		enqueue_after_commit=after_commit,
		run=run,
		chunk=chunk,
	)


def run_chunk(run: str, chunk: str) -> None:
	"""One chunk in one transaction: all of its writes commit together or none does."""
	row = frappe.db.sql(
		f"select name, chunk_no, after_point, last_point, status, attempts from `tab{CHUNK}` "
		"where name = %s and parent = %s for update",
		(chunk, run),
		as_dict=True,
	)
	head = frappe.db.get_value(
		RUN,
		run,
		["name", "status", "rule_set", "rule_set_version", "adopt_points", "started_by", "changed_fields"],
		as_dict=True,
	)
	if not row or not head or row[0].status != CHUNK_PENDING or head.status != RUNNING:
		frappe.db.rollback()
		return
	row = row[0]
	if head.rule_set_version != frappe.db.get_value(RULE_SET, head.rule_set, "version"):
		# The values changed again: a newer run evaluates under them.
		frappe.db.set_value(RUN, run, {"status": SUPERSEDED, "finished_at": now_datetime()})
		frappe.db.commit()
		return
	frappe.local.lang = get_user_lang(head.started_by)
	try:
		evaluate_chunk(head, row)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		chunk_failed(head, row, frappe.get_traceback())
		return
	publish(run)
	finish(run)


def evaluate_chunk(run, row) -> dict:
	values = rule_set_values(run.rule_set)
	on_date = getdate(today())
	now = now_datetime()
	label = rules.version_label(run.rule_set, run.rule_set_version)
	cite_first = rules.changed_rules((run.changed_fields or "").split(","))
	points = frappe.get_all(
		POINT,
		filters=[*point_filters(run), ["name", ">", row.after_point or ""], ["name", "<=", row.last_point]],
		fields=POINT_FIELDS,
		order_by="name asc",
	)
	staff = defaultdict(list)
	if points:
		for s in frappe.get_all(
			"Tuoyu Staff",
			filters={"point": ("in", [p.name for p in points]), "employment_status": "在职"},
			fields=["point", "staff_name", "post", "health_cert_expiry", "last_background_check"],
		):
			staff[s.point].append(
				compliance.StaffValues(
					name=s.staff_name,
					post=s.post,
					health_cert_expiry=getdate(s.health_cert_expiry) if s.health_cert_expiry else None,
					last_background_check=getdate(s.last_background_check)
					if s.last_background_check
					else None,
				)
			)
	groups: dict[tuple[str, int], list[str]] = defaultdict(list)
	counts = {rules.COMPLIANT: 0, rules.WITH_WARNINGS: 0, rules.NON_COMPLIANT: 0}
	newly = []
	for point in points:
		findings = compliance.evaluate(point_values(point), staff[point.name], values, on_date)
		result = rules.classify(findings)
		groups[(result.status, result.blocking_count)].append(point.name)
		counts[result.status] += 1
		if rules.is_newly_non_compliant(point.compliance_status, result.status):
			cited = translate_finding(rules.cited_finding(findings, cite_first))
			newly.append(
				(
					run.name,
					point.name,
					point.point_name,
					point.area,
					point.compliance_status or "",
					result.blocking_count,
					cited["rule"],
					cited["message"],
					cited["legal_source"],
					cited["clause"],
				)
			)
	write_points(groups, label, now, run.rule_set if run.adopt_points else None)
	write_findings(newly, now)
	frappe.db.sql(
		f"update `tab{CHUNK}` set status = %s, attempts = attempts + 1, evaluated = %s, "
		"newly_non_compliant = %s, finished_at = %s, error = null where name = %s",
		(CHUNK_DONE, len(points), len(newly), now, row.name),
	)
	# Increments, not values read earlier: chunks of one run may commit in any order.
	frappe.db.sql(
		f"update `tab{RUN}` set evaluated_count = evaluated_count + %s, compliant_count = compliant_count + %s, "
		"warning_count = warning_count + %s, non_compliant_count = non_compliant_count + %s, "
		"newly_non_compliant_count = newly_non_compliant_count + %s where name = %s",
		(
			len(points),
			counts[rules.COMPLIANT],
			counts[rules.WITH_WARNINGS],
			counts[rules.NON_COMPLIANT],
			len(newly),
			run.name,
		),
	)
	return {"evaluated": len(points), "newly_non_compliant": len(newly), **counts}


def write_points(groups: dict, label: str, now, rule_set: str | None) -> None:
	"""One UPDATE per distinct (status, blocking count): a handful per chunk."""
	table = frappe.qb.DocType(POINT)
	for (status, blocking), names in groups.items():
		query = (
			frappe.qb.update(table)
			.set(table.compliance_status, status)
			.set(table.blocking_count, blocking)
			.set(table.compliance_evaluated_at, now)
			.set(table.compliance_rule_set_version, label)
		)
		if rule_set:
			query = query.set(table.rule_set, rule_set)
		query.where(table.name.isin(names)).run()


def write_findings(rows: list[tuple], now) -> None:
	if not rows:
		return
	user = frappe.session.user
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	fields += ["run", "point", "point_name", "area", "previous_status", "blocking_count", "rule"]
	fields += ["message", "legal_source", "clause"]
	# Named by run and point: a point is listed once per run, whatever retries happen. One
	# parameterised INSERT per chunk (frappe.db.bulk_insert spends longer building its SQL than the
	# database takes to run it).
	row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
	values = [v for r in rows for v in (f"{r[0]}::{r[1]}", now, now, user, user, 0, 0, *r)]
	columns = ", ".join(f"`{f}`" for f in fields)
	frappe.db.sql(f"insert into `tab{FINDING}` ({columns}) values {', '.join([row_sql] * len(rows))}", values)


def chunk_failed(run, row, error: str) -> None:
	attempts = (row.attempts or 0) + 1
	frappe.log_error(
		title=_("Re-evaluation chunk {0} of {1} failed").format(row.chunk_no, run.name), message=error
	)
	last = attempts >= MAX_ATTEMPTS
	frappe.db.set_value(
		CHUNK,
		row.name,
		{"attempts": attempts, "error": error[-2000:], **({"status": CHUNK_FAILED} if last else {})},
		update_modified=False,
	)
	if last:
		frappe.db.set_value(
			RUN,
			run.name,
			{
				"status": FAILED,
				"finished_at": now_datetime(),
				"error": _("Chunk {0} failed {1} times; resume the run to try it again").format(
					row.chunk_no, attempts
				),
			},
		)
	frappe.db.commit()
	if last:
		doc = frappe.get_doc(RUN, run.name)
		publish(run.name, _("Re-evaluation failed: {0}").format(doc.error))
		announce(doc, _("Re-evaluation failed: {0}").format(doc.error), "red")
		tell_starter(doc, _("Re-evaluation under {0} failed: {1}").format(doc.version_label, doc.error))
		frappe.db.commit()
		return
	time.sleep(RETRY_PAUSE_SECONDS * attempts)
	enqueue_chunk(run.name, row.name)


# --- the end -----------------------------------------------------------------------------------


def finish(run: str) -> None:
	"""Close the run once every chunk is done; the run row's lock makes one chunk the closer."""
	status = frappe.db.sql(f"select status from `tab{RUN}` where name = %s for update", run)
	pending = frappe.db.count(CHUNK, {"parent": run, "status": ("!=", CHUNK_DONE)})
	if not status or status[0][0] != RUNNING or pending:
		frappe.db.rollback()
		return
	doc = frappe.get_doc(RUN, run)
	doc.status, doc.finished_at = DONE, now_datetime()
	doc.duration_seconds = round(time_diff_in_seconds(doc.finished_at, doc.started_at), 1)
	doc.summary = summary(doc)
	doc.flags.written_by_server = True
	doc.save(ignore_permissions=True)
	try:
		tell_reviewers(doc)
		tell_starter(doc, doc.summary)
	except Exception:
		# The run's result stands; a notification problem is logged, not a reason to redo it.
		frappe.log_error(title=_("Re-evaluation notifications could not be sent"))
	frappe.db.commit()
	publish(run, doc.summary)
	announce(doc, doc.summary, "green")


def summary(doc) -> str:
	return _(
		"Re-evaluation under {0}: {1} points evaluated in {2} s: {3} compliant, {4} with warnings, {5} non-compliant, of which {6} newly non-compliant"
	).format(
		doc.version_label,
		doc.evaluated_count,
		doc.duration_seconds,
		doc.compliant_count,
		doc.warning_count,
		doc.non_compliant_count,
		doc.newly_non_compliant_count,
	)


def tell_reviewers(doc) -> None:
	"""One message per reviewer, naming their newly non-compliant points and linking the first."""
	by_area = defaultdict(list)
	for row in frappe.get_all(
		FINDING, filters={"run": doc.name}, fields=["point", "point_name", "area"], order_by="point asc"
	):
		by_area[row.area].append(row)
	by_reviewer = defaultdict(list)
	for area, points in by_area.items():
		for reviewer in notify.area_reviewers(area):
			by_reviewer[reviewer].extend(points)
	for reviewer, points in sorted(by_reviewer.items()):
		points.sort(key=lambda p: p.point)
		names = "、".join(p.point_name for p in points[:NAMES_IN_MESSAGE])
		if len(points) > NAMES_IN_MESSAGE:
			names = _("{0} and {1} more").format(names, len(points) - NAMES_IN_MESSAGE)
		subject = _("Re-evaluation under {0}: {1} of your points are newly non-compliant: {2}").format(
			doc.version_label, len(points), names
		)
		notify.send([reviewer], subject, frappe._dict(doctype=POINT, name=points[0].point))


def tell_starter(doc, subject: str) -> None:
	users = [doc.started_by] if doc.started_by != "Administrator" else notify.city_admins()
	notify.send(users, subject, doc)


def publish(run: str, description: str | None = None) -> None:
	head = frappe.db.get_value(
		RUN,
		run,
		["rule_set", "version_label", "total_points", "evaluated_count", "newly_non_compliant_count"],
		as_dict=True,
	)
	percent = rules.progress_percent(head.evaluated_count or 0, head.total_points or 0)
	title = _("Re-evaluating points under {0}").format(head.version_label)
	description = description or _("{0} of {1} points evaluated, {2} newly non-compliant").format(
		head.evaluated_count, head.total_points, head.newly_non_compliant_count
	)
	# To the starter wherever they are in the desk, and to anyone on the rule set's form.
	frappe.publish_progress(percent, title=title, description=description)
	frappe.publish_progress(
		percent, title=title, doctype=RULE_SET, docname=head.rule_set, description=description
	)


def announce(doc, message: str, indicator: str) -> None:
	"""The summary in a dialog for the starter: the desk hides the progress bar at 100 %."""
	frappe.publish_realtime(
		"msgprint",
		{"message": message, "title": _("Re-evaluation {0}").format(doc.name), "indicator": indicator},
		user=doc.started_by,
	)


# --- a point or its staff saved ----------------------------------------------------------------


def on_staff_change(doc, method=None) -> None:
	"""doc_events of Tuoyu Staff (on_update, after_delete): the point's stored status follows."""
	points = {doc.point}
	before = doc.get_doc_before_save() if method == "on_update" else None
	if before and before.point:
		points.add(before.point)
	for point in points:
		if point and frappe.db.exists(POINT, point):
			refresh_compliance(point)


def on_identity_update(doc, method=None) -> None:
	"""doc_events of Tuoyu Staff Identity: a background check recorded on the identity's own form
	(a save from the staff form is followed by the staff hook)."""
	if not doc.flags.set_by_staff and doc.point:
		refresh_compliance(doc.point)
