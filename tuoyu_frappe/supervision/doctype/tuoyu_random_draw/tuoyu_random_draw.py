# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""双随机抽查: the audit record of a random draw. The draw itself is the plain function
`tuoyu_frappe.supervision.draw.draw`; this controller gathers its inputs from the database (the
filed points of the area, the pool, the recusals), stores them with the seed and the picks, and
guards every server-owned field: they change only through the actions 抽取, 核验 and 确认."""

import json
import secrets
from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_months, cint, cstr, get_datetime, getdate, now_datetime, today

from tuoyu_frappe.permissions import CITY_ADMIN, REVIEWER, get_scope
from tuoyu_frappe.supervision import draw as d

DRAFT, DRAWN, CONFIRMED = "未抽取", "已抽取", "已确认"
FILED = "已备案"
CITY_LEVEL, COUNTY_LEVEL = "市", "县区"
RANDOM_INSPECTION = "双随机抽查"
MAX_RECUSAL_MONTHS = 120

INPUT_FIELDS = (
	"area",
	"period_start",
	"period_end",
	"sample_mode",
	"sample_percent",
	"sample_count",
	"recusal_months",
)
RESULT_FIELDS = (
	"draw_status",
	"drawn_by",
	"drawn_at",
	"population_size",
	"sample_size",
	"unpaired_count",
	"seed",
	"input_digest",
	"draw_note",
	"population_snapshot",
	"recusal_snapshot",
)
# Set only by the server; never from a form or a REST request.
SERVER_FIELDS = (*RESULT_FIELDS, "inputs_key", "confirmed_by", "confirmed_at")
VERIFICATION_FIELDS = ("verification_result", "last_verified_at", "last_verified_by", "verification_note")
PICK_FIELDS = (
	"point",
	"point_name",
	"area",
	"inspector_1",
	"inspector_1_name",
	"inspector_2",
	"inspector_2_name",
	"pick_note",
	"inspection",
)


class TuoyuRandomDraw(Document):
	def validate(self):
		self.guard_server_fields()
		self.validate_inputs()
		if not self.flags.draw_by_server and self.seed and self.inputs_changed():
			self.clear_result()
		self.title = self.make_title()

	def on_trash(self):
		if self.docstatus == 1 or self.inputs_key:
			frappe.throw(
				_("A draw that has been run is part of the audit trail and cannot be deleted"),
				frappe.PermissionError,
			)

	def before_submit(self):
		if not self.flags.confirming:
			frappe.throw(_("A draw is confirmed with its Confirm action"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("A confirmed draw cannot be cancelled"), frappe.PermissionError)

	def before_update_after_submit(self):
		before = self.get_doc_before_save()
		if self.flags.draw_by_server or before is None:
			return
		if changed_fields(self, before, VERIFICATION_FIELDS) or pick_rows(self) != pick_rows(before):
			frappe.throw(_("A confirmed draw cannot be changed"), frappe.PermissionError)

	# --- guards ---------------------------------------------------------------------------------

	def guard_server_fields(self):
		if self.flags.draw_by_server:
			return
		before = self.get_doc_before_save()
		if before is None:
			# A new draw starts empty, whatever a request sent.
			set_values = [f for f in (*SERVER_FIELDS, *VERIFICATION_FIELDS) if self.get(f)]
			if self.get("draw_status") == DRAFT:
				set_values.remove("draw_status")
			if set_values or self.picks:
				frappe.throw(
					_("The seed, the picks and the draw record are set by the server"), frappe.PermissionError
				)
			return
		changed = changed_fields(self, before, (*SERVER_FIELDS, *VERIFICATION_FIELDS))
		if changed or pick_rows(self) != pick_rows(before):
			frappe.throw(
				_("The seed, the picks and the draw record are set by the server"), frappe.PermissionError
			)

	def validate_inputs(self):
		level = frappe.db.get_value("Tuoyu Area", self.area, "level")
		if level not in (CITY_LEVEL, COUNTY_LEVEL):
			frappe.throw(_("A draw covers a county-level area or the whole city"))
		if getdate(self.period_end) < getdate(self.period_start):
			frappe.throw(_("The period ends before it starts"))
		if not 1 <= cint(self.recusal_months) <= MAX_RECUSAL_MONTHS:
			frappe.throw(_("The recusal period must be between 1 and {0} months").format(MAX_RECUSAL_MONTHS))
		if self.sample_mode == d.BY_PERCENT:
			self.sample_count = 0
		elif self.sample_mode == d.BY_COUNT:
			self.sample_percent = 0
		seen = set()
		for row in self.pool:
			if row.inspector in seen:
				frappe.throw(_("Inspector {0} is in the pool twice").format(row.full_name or row.inspector))
			seen.add(row.inspector)
		if self.docstatus == 0 and not self.flags.draw_by_server:
			self.check_pool_inspectors()

	def check_pool_inspectors(self):
		before = self.get_doc_before_save()
		known = {row.inspector for row in before.pool} if before else set()
		for row in self.pool:
			enabled = frappe.db.get_value("Tuoyu Inspector", row.inspector, "enabled")
			if not enabled:
				frappe.throw(_("Inspector {0} is not enabled").format(row.full_name or row.inspector))
			# An inspector added to the pool must be one the user may see (their own area's).
			if row.inspector not in known and not frappe.has_permission(
				"Tuoyu Inspector", "read", doc=row.inspector
			):
				frappe.throw(
					_("You may not add inspector {0} to the pool").format(row.inspector),
					frappe.PermissionError,
				)

	def require_drafter(self):
		"""Reviewers draw in their own areas; city administrators anywhere, the whole city included."""
		user = frappe.session.user
		scope = get_scope(user)
		roles = set(frappe.get_roles(user))
		if scope.all_rows and (CITY_ADMIN in roles or "System Manager" in roles or user == "Administrator"):
			return
		if REVIEWER in roles and self.area in scope.areas:
			return
		frappe.throw(
			_("Only a reviewer of the area or a city administrator may run or confirm this draw"),
			frappe.PermissionError,
		)

	def require_not_confirmed(self):
		if self.docstatus != 0:
			frappe.throw(
				_("This draw has been confirmed and can no longer be changed"), frappe.PermissionError
			)

	def require_period_open(self):
		if getdate(self.period_end) < getdate(today()):
			frappe.throw(_("The draw's period has ended; set a current period"))

	# --- inputs ---------------------------------------------------------------------------------

	def context(self) -> dict[str, str]:
		return {
			"area": self.area,
			"period_start": str(getdate(self.period_start)),
			"period_end": str(getdate(self.period_end)),
			"recusal_months": str(cint(self.recusal_months)),
		}

	def form_inputs(self, population, conflicts, seed: str) -> d.DrawInputs:
		return d.DrawInputs(
			population=tuple(population),
			pool=tuple(row.inspector for row in self.pool),
			seed=seed,
			sample_mode=self.sample_mode,
			sample_percent=d.normalize_percent(self.sample_percent or 0),
			sample_count=cint(self.sample_count),
			conflicts=conflicts,
			context=self.context(),
		)

	def stored_inputs(self) -> d.DrawInputs:
		"""The inputs as stored with the draw: what verification re-runs."""
		population = json.loads(self.population_snapshot or "[]")
		recusals = json.loads(self.recusal_snapshot or "[]")
		conflicts: dict[str, set[str]] = {}
		for row in recusals:
			conflicts.setdefault(row["point"], set()).add(row["inspector"])
		return self.form_inputs(population, {p: frozenset(i) for p, i in conflicts.items()}, self.seed or "")

	def inputs_changed(self) -> bool:
		before = self.get_doc_before_save()
		if before is None:
			return False
		if changed_fields(self, before, INPUT_FIELDS):
			return True
		return [r.inspector for r in self.pool] != [r.inspector for r in before.pool]

	def clear_result(self):
		"""Inputs edited after a draw: the old result no longer belongs to them (the versions and the
		timeline keep it)."""
		for f in RESULT_FIELDS:
			self.set(f, None)
		for f in VERIFICATION_FIELDS:
			self.set(f, None)
		self.draw_status = DRAFT
		self.set("picks", [])

	def make_title(self) -> str:
		area_name = frappe.db.get_value("Tuoyu Area", self.area, "area_name") or self.area
		return _("{0} random inspection {1} to {2}").format(
			area_name, getdate(self.period_start), getdate(self.period_end)
		)

	# --- the actions ----------------------------------------------------------------------------

	def run(self) -> d.DrawResult:
		self.require_period_open()
		points = filed_points(self.area)
		population = [p.name for p in points]
		recusals = recusals_of(population, [row.inspector for row in self.pool], cint(self.recusal_months))
		conflicts: dict[str, set[str]] = {}
		for row in recusals:
			conflicts.setdefault(row["point"], set()).add(row["inspector"])
		inputs = self.form_inputs(population, {p: frozenset(i) for p, i in conflicts.items()}, "")
		if problems := d.input_problems(replace(inputs, seed="-")):
			frappe.throw("<br>".join(_(m).format(**p) for m, p in problems), title=_("Cannot Draw"))
		inputs_key = d.input_digest(inputs)
		if inputs_key == self.inputs_key:
			frappe.throw(
				_(
					"The inputs are the same as at the last draw, so the draw is not run again: a new seed "
					"would only choose another sample. Change the pool or the sample first."
				),
				title=_("Cannot Draw"),
			)
		seed = secrets.token_hex(16)
		result = d.draw(replace(inputs, seed=seed))

		names = {p.name: p for p in points}
		inspector_names = {row.inspector: row.full_name for row in self.pool}
		self.set("picks", [])
		for pick in result.picks:
			self.append(
				"picks",
				{
					"point": pick.point,
					"point_name": names[pick.point].point_name,
					"area": names[pick.point].area,
					"inspector_1": pick.inspector_1,
					"inspector_1_name": inspector_names.get(pick.inspector_1),
					"inspector_2": pick.inspector_2,
					"inspector_2_name": inspector_names.get(pick.inspector_2),
					"pick_note": None if pick.paired else _("No eligible pair in the pool"),
				},
			)
		self.update(
			{
				"seed": seed,
				"inputs_key": inputs_key,
				"input_digest": result.input_digest,
				"population_snapshot": json.dumps(
					list(d.canonical(inputs).population), ensure_ascii=False, indent=0
				),
				"recusal_snapshot": json.dumps(recusals, ensure_ascii=False, indent=1),
				"population_size": len(population),
				"sample_size": result.sample_size,
				"unpaired_count": len(result.unpaired),
				"draw_status": DRAWN,
				"drawn_by": frappe.session.user,
				"drawn_at": now_datetime(),
				"draw_note": draw_note(result),
				**dict.fromkeys(VERIFICATION_FIELDS),
			}
		)
		self.flags.draw_by_server = True
		self.save()
		self.add_comment(
			"Info",
			_("Draw run: {0} of {1} filed points drawn; seed {2}; input digest {3}").format(
				result.sample_size, len(population), seed, result.input_digest
			),
		)
		return result

	def verify(self) -> tuple[d.Verification | None, str]:
		stored_picks = [
			d.Pick(row.point, row.inspector_1 or None, row.inspector_2 or None) for row in self.picks
		]
		try:
			inputs = self.stored_inputs()
		except (ValueError, TypeError, KeyError, AttributeError):
			return None, _(
				"Not verified: the stored inputs cannot be read, so they were changed after the draw."
			)
		check = d.verify(inputs, self.input_digest, stored_picks)
		return check, verification_message(check, len(stored_picks))

	def record_verification(self, check: d.Verification | None, message: str):
		ok = bool(check and check.ok)
		values = {
			"verification_result": "一致" if ok else "不一致",
			"last_verified_at": now_datetime(),
			"last_verified_by": frappe.session.user,
			"verification_note": message,
		}
		# Allowed after confirmation too (the fields are allow_on_submit); no controller runs here.
		self.db_set(values, update_modified=False)
		self.add_comment("Info", message)

	def confirm(self):
		if self.draw_status != DRAWN or not self.seed:
			frappe.throw(_("Run the draw before confirming it"))
		if cint(self.unpaired_count):
			frappe.throw(
				_(
					"{0} drawn points have no eligible pair of inspectors; widen the pool and draw again"
				).format(self.unpaired_count)
			)
		self.require_period_open()
		check, message = self.verify()
		if not (check and check.ok):
			frappe.throw(message, title=_("The draw cannot be confirmed"))
		for row in self.picks:
			for inspector in (row.inspector_1, row.inspector_2):
				if not frappe.db.get_value("Tuoyu Inspector", inspector, "enabled"):
					frappe.throw(
						_(
							"Inspector {0} has been disabled since the draw; change the pool and draw again"
						).format(inspector)
					)
		self.update(
			{"confirmed_by": frappe.session.user, "confirmed_at": now_datetime(), "draw_status": CONFIRMED}
		)
		self.flags.draw_by_server = self.flags.confirming = True
		# The submit right is not a DocPerm: a draw is submitted only here, after these checks.
		self.flags.ignore_permissions = True
		self.submit()
		# In the same transaction: a failed inspection undoes the confirmation. After submit, so that
		# the submission's version lists the confirmation, not each row's new inspection link.
		self.create_inspections()
		self.add_comment(
			"Info",
			_("Draw confirmed; {0} planned inspections created").format(len(self.picks)),
		)

	def create_inspections(self):
		planned = max(getdate(self.period_start), getdate(today()))
		for row in self.picks:
			inspection = frappe.get_doc(
				{
					"doctype": "Tuoyu Inspection",
					"inspection_type": RANDOM_INSPECTION,
					"point": row.point,
					"planned_date": planned,
					"random_draw": self.name,
					"inspectors": [{"inspector": row.inspector_1}, {"inspector": row.inspector_2}],
				}
			)
			# The inspection's controller accepts a random_draw link only from here.
			inspection.flags.created_by_draw = True
			inspection.insert()
			row.db_set("inspection", inspection.name, update_modified=False)


def normal_value(doc, fieldname: str) -> str:
	"""A field's value as text, the same whether it came from the database or from a request."""
	value = doc.get(fieldname)
	if value in (None, ""):
		return ""
	fieldtype = doc.meta.get_field(fieldname).fieldtype
	if fieldtype in ("Int", "Check"):
		return str(cint(value)) if cint(value) else ""
	if fieldtype == "Percent":
		return d.normalize_percent(value) if d.normalize_percent(value) not in ("", "0") else ""
	if fieldtype == "Datetime":
		return str(get_datetime(value))
	if fieldtype == "Date":
		return str(getdate(value))
	return cstr(value)


def changed_fields(doc, before, fieldnames) -> list[str]:
	return [f for f in fieldnames if normal_value(doc, f) != normal_value(before, f)]


def pick_rows(doc) -> list[tuple]:
	return [tuple(row.get(f) or None for f in PICK_FIELDS) for row in doc.get("picks") or []]


def filed_points(area: str) -> list:
	"""The filed points of a county, or of the whole city: read with the user's own row conditions
	(the drawer may see them all, or require_drafter has already refused)."""
	filters = {"status": FILED}
	if frappe.db.get_value("Tuoyu Area", area, "level") != CITY_LEVEL:
		filters["area"] = area
	return frappe.get_list(
		"Tuoyu Point",
		filters=filters,
		fields=["name", "point_name", "area"],
		order_by="name asc",
		limit_page_length=0,
	)


def recusals_of(population: list[str], pool: list[str], months: int) -> list[dict]:
	"""Who may not inspect which point, and why: an inspector whose user operates the point, or who
	submitted, took or decided a filing of it in the last `months` months. A filing counts by its
	last change (`modified`), the latest moment anyone acted on it: an older decision date would
	only let a conflicted reviewer through. Inspectors without a user have no recorded ties."""
	users: dict[str, list[str]] = {}
	for inspector, user in frappe.get_all(
		"Tuoyu Inspector", filters={"name": ("in", pool or [""])}, fields=["name", "user"], as_list=True
	):
		if user:
			users.setdefault(user, []).append(inspector)
	if not users or not population:
		return []
	in_population = set(population)
	found: dict[tuple[str, str], str] = {}

	def add(point: str, user: str, reason: str):
		if point in in_population:
			for inspector in users[user]:
				found.setdefault((point, inspector), reason)

	# Internal look-ups of the pool's own ties, kept only for points of the drawer's population.
	for point, user in frappe.get_all(
		"Tuoyu Point Operator",
		filters={"parenttype": "Tuoyu Point", "user": ("in", list(users))},
		fields=["parent", "user"],
		as_list=True,
	):
		add(point, user, _("operates the point"))
	since = add_months(now_datetime(), -months)
	for field, reason in (
		("reviewer", _("took or decided filing {0}")),
		("submitted_by", _("submitted filing {0}")),
		("owner", _("prepared filing {0}")),
	):
		for filing, point, user in frappe.get_all(
			"Tuoyu Filing",
			filters={field: ("in", list(users)), "modified": (">=", since)},
			fields=["name", "point", field],
			order_by="name asc",
			as_list=True,
		):
			add(point, user, reason.format(filing))
	return [
		{"point": point, "inspector": inspector, "reason": reason}
		for (point, inspector), reason in sorted(found.items())
	]


def draw_note(result: d.DrawResult) -> str:
	notes = []
	if result.shortfall:
		notes.append(
			_("The number asked for exceeds the filed points by {0}; every filed point was drawn").format(
				result.shortfall
			)
		)
	if result.unpaired:
		notes.append(
			_(
				"{0} drawn points have no eligible pair of inspectors (recusals); widen the pool and draw "
				"again before confirming"
			).format(len(result.unpaired))
		)
	return "\n".join(notes)


def verification_message(check: d.Verification, count: int) -> str:
	if check.ok:
		return _(
			"Verified: re-running the draw from the stored seed and inputs gives the same {0} picks, "
			"and the input digest matches ({1})."
		).format(count, check.recomputed_digest)
	parts = [_("Not verified.")]
	if not check.digest_matches:
		parts.append(
			_(
				"The stored inputs (population, pool, recusals, sample, period or seed) no longer match "
				"the input digest recorded at the draw: they were changed afterwards. Digest of the "
				"stored inputs: {0}."
			).format(check.recomputed_digest)
		)
	if not check.picks_match:
		parts.append(
			_("The stored picks differ from a re-run of the draw for: {0}.").format(
				listed(check.differing_points)
			)
		)
	return " ".join(parts)


def listed(points: tuple[str, ...], limit: int = 20) -> str:
	"""The first points by name, and how many more (a city-wide draw may differ in thousands)."""
	if not points:
		return "—"
	shown = "、".join(points[:limit])
	return shown if len(points) <= limit else _("{0} and {1} more").format(shown, len(points) - limit)


# --- whitelisted actions: each checks permission itself -----------------------------------------


def _draft_for_action(name: str) -> TuoyuRandomDraw:
	doc = frappe.get_doc("Tuoyu Random Draw", name)
	doc.check_permission("write")
	doc.require_drafter()
	doc.require_not_confirmed()
	return doc


@frappe.whitelist(methods=["POST"])
def run_draw(name: str) -> dict:
	"""抽取: the server computes the population, the recusals, the seed and the picks."""
	doc = _draft_for_action(name)
	result = doc.run()
	return {
		"sample_size": result.sample_size,
		"population_size": doc.population_size,
		"unpaired": len(result.unpaired),
		"input_digest": result.input_digest,
	}


@frappe.whitelist(methods=["POST"])
def verify_draw(name: str) -> dict:
	"""核验: re-run the draw from the stored seed and inputs; anyone who may read the draw may ask."""
	doc = frappe.get_doc("Tuoyu Random Draw", name)
	doc.check_permission("read")
	if not doc.seed:
		frappe.throw(_("This draw has not been run yet"))
	check, message = doc.verify()
	doc.record_verification(check, message)
	return {"ok": bool(check and check.ok), "message": message}


@frappe.whitelist(methods=["POST"])
def confirm_draw(name: str) -> dict:
	"""确认: freeze the draw and create its planned inspections."""
	doc = _draft_for_action(name)
	doc.confirm()
	return {"inspections": [row.inspection for row in doc.picks]}
