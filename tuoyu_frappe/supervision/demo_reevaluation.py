"""Demo data of re-evaluation: one completed run of every point under the rule set in force, as
it stands (no rule value is changed), so the city admin finds a run with its chunks and summary
and the point list shows each point's stored compliance. Idempotent: a completed run of the rule
set's current version is not repeated. The run's chunks commit as they go (as a worker's would)."""

from collections.abc import Callable

import frappe

from tuoyu_frappe.supervision import reevaluation as rv
from tuoyu_frappe.utils import rule_set_in_force


def load_reevaluation(log: Callable[[str], None] | None = None) -> dict:
	log = log or (lambda _message: None)
	rule_set = rule_set_in_force()
	version = frappe.db.get_value(rv.RULE_SET, rule_set, "version") if rule_set else None
	done = rule_set and frappe.db.exists(
		rv.RUN, {"rule_set": rule_set, "rule_set_version": version, "status": rv.DONE}
	)
	if not rule_set or done:
		log(f"  重新评估 Re-evaluation: 已有 {done or '—'}")
		return {"runs": 0, "run": done or None}
	run = rv.run_in_process(rule_set)
	summary = frappe.db.get_value(rv.RUN, run, "summary")
	log(f"  重新评估 Re-evaluation: {run} {summary}")
	return {"runs": 1, "run": run}
