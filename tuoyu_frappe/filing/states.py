"""The filing workflow's states and actions (names are Chinese, as users see them) and the
plain rules the server enforces on top of Frappe's own workflow checks."""

from dataclasses import dataclass
from datetime import date

from tuoyu_frappe.validation import _

DRAFT, PENDING, IN_REVIEW, RETURNED, FILED, REFUSED = (
	"草稿",
	"待审核",
	"审核中",
	"退回补正",
	"已备案",
	"不予备案",
)
SUBMIT, ACCEPT, RETURN, RESUBMIT, APPROVE, REFUSE = (
	"提交",
	"受理",
	"退回补正",
	"重新提交",
	"批准备案",
	"不予备案",
)

WORKFLOW_NAME = "Tuoyu Filing Workflow"
STATE_DOCSTATUS = {DRAFT: 0, PENDING: 0, IN_REVIEW: 0, RETURNED: 0, FILED: 1, REFUSED: 1}
OPERATOR_STATES = (DRAFT, RETURNED)  # the operator's turn: only they edit
REVIEW_STATES = (PENDING, IN_REVIEW)  # the reviewer's turn: the statutory clock runs
DECISION_STATES = (FILED, REFUSED)

NEW, CHANGE, CANCEL = "新办备案", "变更备案", "注销备案"
APPROVED, NOT_APPROVED = "准予备案", "不予备案"
PENDING_VERDICT, PASSED, NEEDS_CORRECTION = "待审", "合格", "需补正"


@dataclass(frozen=True)
class Transition:
	state: str
	action: str
	next_state: str
	role: str


TRANSITIONS = (
	Transition(DRAFT, SUBMIT, PENDING, "Tuoyu Operator"),
	Transition(RETURNED, RESUBMIT, PENDING, "Tuoyu Operator"),
	Transition(PENDING, ACCEPT, IN_REVIEW, "Tuoyu District Reviewer"),
	Transition(IN_REVIEW, RETURN, RETURNED, "Tuoyu District Reviewer"),
	Transition(IN_REVIEW, APPROVE, FILED, "Tuoyu District Reviewer"),
	Transition(IN_REVIEW, REFUSE, REFUSED, "Tuoyu District Reviewer"),
)


@dataclass(frozen=True)
class MaterialRow:
	material_type: str
	attached: bool
	verdict: str
	reason: str


# Point fields a change filing may change: the label users pick → the point's fieldname.
CHANGEABLE_FIELDS = {
	"托育点名称": "point_name",
	"举办主体名称": "entity_name",
	"主体类型": "legal_form",
	"统一社会信用代码": "uscc",
	"联系电话": "phone",
	"乡镇（街道）": "township",
	"地址": "address",
	"场所类型": "premises_type",
	"场所权属": "tenure",
	"租赁到期日": "lease_end",
	"使用面积": "floor_area",
	"监控录像保存天数": "cctv_retention_days",
	"备案收托人数": "capacity",
	"服务模式": "service_model",
	"全日托": "full_day",
	"半日托": "half_day",
	"计时托": "hourly",
	"临时托": "occasional",
	"自行加工膳食": "meals_prepared",
}


# A problem is an English message template and its parameters; the caller translates it.
Problem = tuple[str, dict]


def point_status_problems(
	filing_type: str, point_status: str, refiling_from: date | None = None, today: date | None = None
) -> list[Problem]:
	"""Whether a point in this status may make this kind of filing. A suspended point (停业整改) may
	close but makes no change filing until it is restored; a point whose filing was revoked files
	anew only from `refiling_from` (revocation date + the rule set's wait)."""
	params = {"filing_type": filing_type, "status": point_status}
	if filing_type == CHANGE and point_status == "停业整改":
		return [(_("A suspended point cannot file a change until it has been restored"), params)]
	if filing_type == NEW and point_status == "已撤销备案":
		if refiling_from and today and today < refiling_from:
			return [
				(
					_("The filing of this point was revoked; it may file again from {date}"),
					{**params, "date": refiling_from.isoformat()},
				)
			]
		return []
	allowed = {NEW: ("筹建中",), CHANGE: ("已备案",), CANCEL: ("已备案", "停业整改")}
	if point_status not in allowed.get(filing_type, ()):
		return [(_("A {filing_type} cannot be made for a point whose status is {status}"), params)]
	return []


def submission_problems(materials: list[MaterialRow], commitment_confirmed: bool) -> list[Problem]:
	"""Why a filing cannot be submitted yet (empty when it can)."""
	problems = [(_("Attach: {material}"), {"material": m.material_type}) for m in materials if not m.attached]
	if not materials:
		problems.append((_("The filing has no materials"), {}))
	if not commitment_confirmed:
		problems.append((_("Confirm the filing commitment"), {}))
	return problems


def return_problems(materials: list[MaterialRow], decision_reason: str | None) -> list[Problem]:
	"""A return for correction must say what to correct."""
	flagged = [m for m in materials if m.verdict == NEEDS_CORRECTION]
	problems = [
		(_("Give a reason for returning {material}"), {"material": m.material_type})
		for m in flagged
		if not (m.reason or "").strip()
	]
	if not flagged and not (decision_reason or "").strip():
		problems.append((_("Mark the materials that need correction or give a reason for the return"), {}))
	return problems


def approval_problems(materials: list[MaterialRow]) -> list[Problem]:
	return [
		(_("{material} has not been accepted"), {"material": m.material_type})
		for m in materials
		if m.verdict != PASSED
	]


def format_filing_number(template: str, *, year: int, area_code: str, area_name: str, seq: int) -> str:
	return template.format(year=year, area_code=area_code, area_name=area_name, seq=seq)
