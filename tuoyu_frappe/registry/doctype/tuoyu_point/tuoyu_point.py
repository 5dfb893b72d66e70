# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from tuoyu_frappe import compliance, validation
from tuoyu_frappe.permissions import OPERATOR, clear_scope_cache, get_scope, scope_columns, scoped_doctypes
from tuoyu_frappe.refusals import refuse_markup
from tuoyu_frappe.supervision.reevaluation_rules import classify, version_label
from tuoyu_frappe.utils import chinese_errors, rule_set_in_force, rule_set_values, translate_finding

# Findings that stop a save; the others are shown on the form and stop a filing.
REFUSED_ON_SAVE = {"max_capacity", "min_lease_years"}


class TuoyuPoint(Document):
	def onload(self):
		self.set_onload("compliance", [translate_finding(f) for f in evaluate_point(self)])

	def validate(self):
		if self.is_new():
			# After Frappe reset the permlevel-1 fields an operator may not write.
			self.status = "筹建中"
			self.add_creating_operator()
		self.normalise_and_validate_identifiers()
		self.set_area_from_township()
		if not self.rule_set:
			self.rule_set = rule_set_in_force()
		if not self.rule_set:
			frappe.throw(_("No rule set is in force; ask a city administrator to enable one"))
		self.validate_status_unchanged()
		self.validate_quantities()
		self.validate_against_rule_set()
		self.update(compliance_values(self, evaluate_point(self)))  # as of this save, for lists and reports

	def on_update(self):
		grant_operator_role([row.user for row in self.operators])
		self.forget_operator_scopes()
		if self.has_value_changed("area"):
			self.move_rows_to_area()

	def on_trash(self):
		self.forget_operator_scopes()

	def forget_operator_scopes(self):
		"""Operators' cached scopes list their points: the users added or removed see the change on
		their next request."""
		before = self.get_doc_before_save()
		previous = {row.user for row in before.operators} if before else set()
		clear_scope_cache(previous | {row.user for row in self.operators})

	def move_rows_to_area(self):
		"""Rows that belong to the point carry its area for row isolation: they move with it, so
		the new area's reviewers see them and the old area's no longer do."""
		for doctype in scoped_doctypes():
			if doctype != self.doctype and scope_columns(doctype)[1] == "point":
				frappe.db.set_value(doctype, {"point": self.name}, "area", self.area, update_modified=False)

	def normalise_and_validate_identifiers(self):
		refuse_markup(self, ("point_name", "entity_name", "address"))
		with chinese_errors():
			self.point_name = validation.validate_point_name(self.point_name)
			self.entity_name = validation.normalize(self.entity_name)
			self.uscc = validation.validate_uscc(self.uscc)
			self.phone = validation.validate_mobile(self.phone)
		self.phone_masked = validation.mask_mobile(self.phone)
		if validation.uscc_outside_linyi(self.uscc):
			frappe.msgprint(
				_("The Unified Social Credit Code {0} was not issued in 临沂市; please check it").format(
					self.uscc
				),
				indicator="orange",
				alert=True,
			)

	def set_area_from_township(self):
		if self.township:
			township = frappe.db.get_value(
				"Tuoyu Area", self.township, ["level", "county_area"], as_dict=True
			)
			if not township or township.level != "乡镇街道":
				frappe.throw(_("{0} is not a township").format(self.township))
			if self.area and self.area != township.county_area:
				frappe.throw(
					_("Township {0} does not belong to the county area {1}").format(self.township, self.area)
				)
			self.area = township.county_area
		if not self.area:
			frappe.throw(_("County area is required"))
		if frappe.db.get_value("Tuoyu Area", self.area, "level") != "县区":
			frappe.throw(_("{0} is not a county-level filing area").format(self.area))

	def validate_status_unchanged(self):
		# Status follows filings, suspensions and cancellations; only server code changes it.
		if self.is_new() or self.flags.status_set_by_server:
			return
		if self.has_value_changed("status"):
			frappe.throw(_("The status of a point is changed only by filings and supervision actions"))

	def validate_quantities(self):
		if (self.floor_area or 0) <= 0:
			frappe.throw(_("Floor area must be greater than zero"))
		if (self.capacity or 0) <= 0:
			frappe.throw(_("Filed capacity must be greater than zero"))
		if (self.enrolment or 0) < 0:
			frappe.throw(_("Current enrolment cannot be negative"))
		if self.tenure != "租赁":
			self.lease_end = None

	def validate_against_rule_set(self):
		"""Capacity over the cap and a too-short lease are refused on save, not only reported."""
		if self.flags.supervision_status_only:
			return  # an approved suspension or revocation changes only the status, whatever the rules say
		refused = [
			finding
			for finding in compliance.evaluate(
				point_values(self), [], rule_set_values(self.rule_set), getdate(today())
			)
			if finding.rule in REFUSED_ON_SAVE
		]
		if refused:
			frappe.throw(
				"<br>".join(translate_finding(f)["message"] for f in refused) + f" ({self.rule_set})",
				title=_("Not Allowed Under the Rule Set"),
			)

	def add_creating_operator(self):
		user = frappe.session.user
		if OPERATOR in frappe.get_roles(user) and not get_scope(user).all_rows:
			if user not in {row.user for row in self.operators}:
				self.append("operators", {"user": user})


def grant_operator_role(users: list[str]) -> None:
	for user in set(users):
		if OPERATOR not in frappe.get_roles(user):
			user_doc = frappe.get_doc("User", user)
			user_doc.flags.ignore_permissions = True
			user_doc.add_roles(OPERATOR)


def active_staff_values(point_name: str) -> list[compliance.StaffValues]:
	# Internal read for an evaluation of a point the caller may already read.
	rows = frappe.get_all(
		"Tuoyu Staff",
		filters={"point": point_name, "employment_status": "在职"},
		fields=["staff_name", "post", "health_cert_expiry", "last_background_check"],
	)
	return [
		compliance.StaffValues(
			name=r.staff_name,
			post=r.post,
			health_cert_expiry=getdate(r.health_cert_expiry) if r.health_cert_expiry else None,
			last_background_check=getdate(r.last_background_check) if r.last_background_check else None,
		)
		for r in rows
	]


def point_values(doc) -> compliance.PointValues:
	return compliance.PointValues(
		capacity=doc.capacity or 0,
		enrolment=doc.enrolment or 0,
		floor_area=doc.floor_area or 0,
		premises_type=doc.premises_type,
		tenure=doc.tenure,
		lease_end=getdate(doc.lease_end) if doc.lease_end else None,
		full_day=bool(doc.full_day),
		cctv_retention_days=doc.cctv_retention_days or 0,
	)


def evaluate_point(doc) -> list[compliance.Finding]:
	if not doc.rule_set:
		return []
	staff = [] if doc.is_new() else active_staff_values(doc.name)
	return compliance.evaluate(point_values(doc), staff, rule_set_values(doc.rule_set), getdate(today()))


def compliance_values(point, findings: list[compliance.Finding]) -> dict:
	"""The stored compliance fields of a point (a document or a row), only those that change: an
	unchanged result adds no line to the point's history."""
	result = classify(findings)
	values = {
		"compliance_status": result.status,
		"blocking_count": result.blocking_count,
		"compliance_rule_set_version": version_label(
			point.rule_set, frappe.get_cached_value("Tuoyu Rule Set", point.rule_set, "version")
		),
	}
	if all(point.get(field) == value for field, value in values.items()):
		return {}
	return {**values, "compliance_evaluated_at": now_datetime()}


def refresh_compliance(point_name: str) -> None:
	"""Store a point's compliance after its staff changed, without saving the point (no line in its
	history): a few reads, at most one write."""
	doc = frappe.get_doc("Tuoyu Point", point_name)
	values = compliance_values(doc, evaluate_point(doc)) if doc.rule_set else {}
	if values:
		frappe.db.set_value("Tuoyu Point", point_name, values, update_modified=False)


@frappe.whitelist()
def get_compliance(point: str) -> list[dict]:
	doc = frappe.get_doc("Tuoyu Point", point)
	doc.check_permission("read")
	return [translate_finding(f) for f in evaluate_point(doc)]
