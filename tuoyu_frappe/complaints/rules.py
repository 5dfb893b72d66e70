"""Complaints (投诉举报) as plain rules: states and transitions, the public form's checks, the
tracking code, the challenge and the SLA clocks. No database, no Frappe site: tests/unit.

Problems are (English message, params) pairs; callers translate them with `frappe._`."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from tuoyu_frappe.validation import _

Problem = tuple[str, dict]

# --- vocabulary ------------------------------------------------------------------------------

CATEGORIES = ("安全", "卫生", "食品", "收费", "伤害虐待", "无备案经营", "其他")
UNFILED = "无备案经营"
ONLINE, HOTLINE, LETTER, VISIT = "网上", "12345热线", "来信", "来访"
CHANNELS = (ONLINE, HOTLINE, LETTER, VISIT)
DESK_CHANNELS = (HOTLINE, LETTER, VISIT)  # 网上 is the public form's own channel
SUBSTANTIATED, PARTLY, UNSUBSTANTIATED = "属实", "部分属实", "不属实"
CONCLUSIONS = (SUBSTANTIATED, PARTLY, UNSUBSTANTIATED)
COUNTS_AGAINST_POINT = (SUBSTANTIATED, PARTLY)

NEW, ACCEPTED, CHECKING, CLOSED, REJECTED = "待受理", "已受理", "核查中", "已办结", "不予受理"
OPEN_STATES = (NEW, ACCEPTED, CHECKING)
STATE_DOCSTATUS = {NEW: 0, ACCEPTED: 0, CHECKING: 0, CLOSED: 1, REJECTED: 1}
ACCEPT, REJECT, START_CHECK, CONCLUDE = "受理", "不予受理", "开始核查", "办结"


@dataclass(frozen=True)
class Transition:
	state: str
	action: str
	next_state: str
	handler_only: bool  # the accepting reviewer (or a city admin) acts, not any reviewer of the area


TRANSITIONS = (
	Transition(NEW, ACCEPT, ACCEPTED, handler_only=False),
	Transition(NEW, REJECT, REJECTED, handler_only=False),
	Transition(ACCEPTED, START_CHECK, CHECKING, handler_only=True),
	Transition(ACCEPTED, CONCLUDE, CLOSED, handler_only=True),
	Transition(CHECKING, CONCLUDE, CLOSED, handler_only=True),
)


def find_transition(old_state: str, new_state: str) -> Transition | None:
	return next((t for t in TRANSITIONS if t.state == old_state and t.next_state == new_state), None)


# Fields a person may change in each open state (everything else is the complainant's words or
# set by the server).
EDITABLE = {
	NEW: {"category", "point", "place_description", "township", "rejection_reason", "internal_notes"},
	ACCEPTED: {"category", "point", "conclusion", "public_summary", "internal_notes"},
	CHECKING: {"category", "conclusion", "public_summary", "internal_notes"},
}


def transition_problems(transition: Transition, values: dict) -> list[Problem]:
	"""What a transition needs from the saved complaint (`values`: fieldname → value)."""
	problems = []
	if transition.next_state == REJECTED and not (values.get("rejection_reason") or "").strip():
		problems.append((_("Give the reason for not accepting the complaint"), {}))
	if transition.next_state == CLOSED:
		if values.get("conclusion") not in CONCLUSIONS:
			problems.append((_("State the conclusion: 属实, 部分属实 or 不属实"), {}))
		if len((values.get("public_summary") or "").strip()) < 5:
			problems.append((_("Write the public summary of the conclusion (at least 5 characters)"), {}))
	return problems


# --- the public form ---------------------------------------------------------------------------

MAX_DESCRIPTION = 2000
MIN_DESCRIPTION = 10
MAX_PLACE = 200
MAX_NAME = 40
MAX_CONTACT_OTHER = 200
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"jpeg": ".jpg", "png": ".png"}


@dataclass(frozen=True)
class PublicReport:
	category: str
	filing_number: str  # the chosen filed point, or ""
	place_description: str
	township: str
	description: str
	anonymous: bool
	contact_name: str
	contact_phone: str
	contact_other: str
	honeypot: str


def public_report_problems(report: PublicReport) -> list[Problem]:
	problems = []
	if report.honeypot:
		# A field people never see: only robots fill it.
		problems.append((_("The report could not be accepted"), {}))
	if report.category not in CATEGORIES:
		problems.append((_("Choose the kind of problem"), {}))
	if not report.township:
		problems.append((_("Choose the township (street) where the point is"), {}))
	if not report.filing_number and len(report.place_description) < 4:
		problems.append((_("Choose the point, or describe where it is (at least 4 characters)"), {}))
	if len(report.place_description) > MAX_PLACE:
		problems.append((_("The place description may have at most {max} characters"), {"max": MAX_PLACE}))
	if len(report.description) < MIN_DESCRIPTION:
		problems.append((_("Describe the problem in at least {min} characters"), {"min": MIN_DESCRIPTION}))
	if len(report.description) > MAX_DESCRIPTION:
		problems.append((_("The description may have at most {max} characters"), {"max": MAX_DESCRIPTION}))
	if report.anonymous and (report.contact_name or report.contact_phone or report.contact_other):
		problems.append((_("An anonymous report has no contact details; clear them or untick anonymous"), {}))
	if len(report.contact_name) > MAX_NAME:
		problems.append((_("The name may have at most {max} characters"), {"max": MAX_NAME}))
	if len(report.contact_other) > MAX_CONTACT_OTHER:
		problems.append(
			(_("Other contact details may have at most {max} characters"), {"max": MAX_CONTACT_OTHER})
		)
	return problems


def sniff_image(content: bytes) -> str | None:
	"""The image type from the content's signature (never from the file name)."""
	if content.startswith(b"\xff\xd8\xff"):
		return "jpeg"
	if content.startswith(b"\x89PNG\r\n\x1a\n"):
		return "png"
	return None


def photo_problems(photos: list[tuple[str, bytes]]) -> list[Problem]:
	"""(file name, content) of each uploaded photo: count, size and type by content."""
	problems = []
	if len(photos) > MAX_PHOTOS:
		problems.append((_("At most {max} photos may be attached"), {"max": MAX_PHOTOS}))
	for filename, content in photos:
		if not content:
			problems.append((_("Photo {name} is empty"), {"name": filename}))
		elif len(content) > MAX_PHOTO_BYTES:
			problems.append(
				(_("Photo {name} is larger than {mb} MB"), {"name": filename, "mb": MAX_PHOTO_BYTES // 2**20})
			)
		elif not sniff_image(content):
			problems.append((_("Photo {name} is not a JPEG or PNG image"), {"name": filename}))
	return problems


# --- the tracking code --------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4  # 16 symbols of 31: about 79 bits


def new_tracking_code() -> str:
	symbols = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_GROUPS * CODE_GROUP_LENGTH))
	return "-".join(symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH))


def normalise_tracking_code(code: str | None) -> str:
	"""Upper-case, without spaces or dashes, full-width folded; "" when it cannot be a code."""
	import unicodedata

	text = unicodedata.normalize("NFKC", code or "").upper().replace("-", "").replace(" ", "")
	if len(text) != CODE_GROUPS * CODE_GROUP_LENGTH or any(c not in CODE_ALPHABET for c in text):
		return ""
	return text


def tracking_hash(code: str) -> str:
	"""Only this hash is stored; the code itself is shown once, to the reporter."""
	return hashlib.sha256(normalise_tracking_code(code).encode()).hexdigest()


# --- the challenge: a signed sum the form shows, answered by a person -----------------------------

CHALLENGE_MIN_SECONDS = 3  # a person needs longer than this to fill the form
CHALLENGE_MAX_SECONDS = 2 * 3600


def _sign(secret: str, answer: int, issued: int, nonce: str) -> str:
	return hmac.new(secret.encode(), f"{answer}|{issued}|{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def new_challenge(secret: str, now: int) -> tuple[str, str]:
	"""(question, token): the token carries the issue time and a signature of the answer, so the
	server keeps nothing until the answer comes back."""
	a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
	nonce = secrets.token_hex(8)
	return f"{a} + {b} = ?", f"{now}.{nonce}.{_sign(secret, a + b, now, nonce)}"


def challenge_problems(secret: str, token: str, answer: str, now: int) -> tuple[list[Problem], str]:
	"""Problems with the answer, and the token's nonce (to refuse a second use)."""
	try:
		issued_text, nonce, signature = (token or "").split(".")
		issued = int(issued_text)
		given = int((answer or "").strip())
	except ValueError:
		return [(_("Answer the check question with a number"), {})], ""
	if not hmac.compare_digest(signature, _sign(secret, given, issued, nonce)):
		return [(_("The answer to the check question is wrong"), {})], nonce
	if now - issued < CHALLENGE_MIN_SECONDS:
		return [(_("The form was sent too quickly; please try again"), {})], nonce
	if now - issued > CHALLENGE_MAX_SECONDS:
		return [(_("The check question has expired; reload the page and try again"), {})], nonce
	return [], nonce


# --- SLA clocks on the working-day calendar --------------------------------------------------------

ON_TIME, DUE_SOON, OVERDUE, DONE = "正常", "即将超时", "已超时", "已结束"


def clock_stage(state: str) -> str | None:
	"""Which deadline runs: acceptance while it waits, conclusion while it is handled."""
	if state == NEW:
		return "accept"
	if state in (ACCEPTED, CHECKING):
		return "conclude"
	return None


def sla_status(days_left: int | None) -> str:
	if days_left is None:
		return ON_TIME
	if days_left < 0:
		return OVERDUE
	if days_left <= 1:
		return DUE_SOON
	return ON_TIME


@dataclass(frozen=True)
class SlaActions:
	warn: bool  # remind those who handle it (the handler, or the area's reviewers)
	escalate: bool  # tell the city administrators it is overdue


def sla_actions(days_left: int | None, warned_on: date | None, escalated: bool, today: date) -> SlaActions:
	"""A reminder once a day while due soon or overdue; one escalation once overdue."""
	if days_left is None:
		return SlaActions(False, False)
	due_or_late = days_left <= 1
	return SlaActions(
		warn=due_or_late and warned_on != today,
		escalate=days_left < 0 and not escalated,
	)
