"""Glue between the plain rule/validation functions and Frappe documents."""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import getdate, today

from tuoyu_frappe.compliance import PREMISES_FLAGS, Finding, RuleSetValues
from tuoyu_frappe.validation import InvalidInput

RULE_CLAUSE_FIELDS = (
	"max_capacity",
	"children_per_caregiver",
	"min_floor_area_per_child",
	"min_lease_years",
	"cctv_retention_days",
	"full_day_required",
	"health_cert_validity_months",
	"background_check_interval_months",
)


def translate_invalid(err: InvalidInput) -> str:
	return _(err.message).format(**err.params)


@contextmanager
def chinese_errors():
	"""Turn an `InvalidInput` from the plain validators into a translated frappe.throw."""
	try:
		yield
	except InvalidInput as err:
		frappe.throw(translate_invalid(err), title=_("Invalid Input"))


def translate_finding(finding: Finding) -> dict:
	row = finding.as_dict()
	row["message"] = _(finding.message).format(**finding.params)
	row["severity_label"] = (
		_("Blocking") if finding.severity == "blocking" else _("Warning", context="Compliance severity")
	)
	return row


def rule_set_values(rule_set_name: str) -> RuleSetValues:
	rs = frappe.get_cached_doc("Tuoyu Rule Set", rule_set_name)
	clauses = {key: rs.get(f"{key}_clause") or "" for key in RULE_CLAUSE_FIELDS}
	clauses["premises"] = rs.premises_clause or ""
	return RuleSetValues(
		name=rs.name,
		legal_source=rs.legal_source,
		max_capacity=rs.max_capacity or 0,
		children_per_caregiver=rs.children_per_caregiver or 0,
		min_floor_area_per_child=rs.min_floor_area_per_child or 0,
		allowed_premises=frozenset(ptype for ptype, flag in PREMISES_FLAGS.items() if rs.get(flag)),
		min_lease_years=rs.min_lease_years or 0,
		full_day_required=bool(rs.full_day_required),
		cctv_retention_days=rs.cctv_retention_days or 0,
		health_cert_validity_months=rs.health_cert_validity_months or 0,
		background_check_interval_months=rs.background_check_interval_months or 0,
		clauses=clauses,
	)


def rule_set_in_force(on_date=None) -> str | None:
	"""The enabled rule set with the latest effective date not after `on_date`."""
	on_date = getdate(on_date or today())
	candidates = frappe.get_all(
		"Tuoyu Rule Set",
		filters={"enabled": 1, "effective_from": ("<=", on_date)},
		fields=["name", "effective_to"],
		order_by="effective_from desc",
	)
	for row in candidates:
		if not row.effective_to or getdate(row.effective_to) >= on_date:
			return row.name
	return None


def in_site_language(job):
	"""A scheduled job writes its notices and notes in the site's language (System Settings),
	whichever process runs it: a worker or a console started in English would otherwise store English."""
	import functools

	@functools.wraps(job)
	def run(*args, **kwargs):
		previous = frappe.local.lang
		frappe.local.lang = frappe.get_system_settings("language") or previous
		try:
			return job(*args, **kwargs)
		finally:
			frappe.local.lang = previous

	return run
