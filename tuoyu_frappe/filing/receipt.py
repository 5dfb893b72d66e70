"""The filing receipt (备案回执) and the public check of a filing number.

- `tuoyu_filing_receipt` and `tuoyu_qr_data_uri` are Jinja methods (hooks.py `jinja`) used by the
  print format "Tuoyu Filing Receipt". The receipt is built from the saved filing and its point,
  never from the document handed to the template, so a forged print request cannot produce it.
- `lookup` finds a point by its filing number and returns public facts only (no person, no staff,
  no street address, no phone, no credit code). The page /tuoyu/verify and the guest method
  `verify` call it through a per-IP rate limit.
"""

import base64
import io
from datetime import date
from urllib.parse import quote

import frappe
import pyqrcode
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import get_url, getdate, today

from tuoyu_frappe.filing import states as s
from tuoyu_frappe.validation import normalize

VERIFY_ROUTE = "/tuoyu/verify"
MAX_NUMBER_LENGTH = 64
VERIFY_LIMIT = 30  # look-ups per IP ...
VERIFY_WINDOW = 60  # ... per this many seconds

FILED, SUSPENDED, CANCELLED, REVOKED = "已备案", "停业整改", "已注销", "已撤销备案"
PUBLIC_STATUSES = (FILED, SUSPENDED, CANCELLED, REVOKED)
DEFAULT_AUTHORITY_SUFFIX = "卫生健康局"
RECEIPT_TITLES = {
	s.NEW: "家庭托育点备案回执",
	s.CHANGE: "家庭托育点变更备案回执",
	s.CANCEL: "家庭托育点注销备案回执",
}


class InvalidFilingNumber(frappe.ValidationError):
	pass


# --- shared helpers ---------------------------------------------------------------------------


def chinese_date(value) -> str:
	if not value:
		return ""
	d: date = getdate(value)
	return f"{d.year}年{d.month}月{d.day}日"


def verify_url(filing_number: str) -> str:
	base = frappe.db.get_single_value("Tuoyu Filing Settings", "verify_base_url") or get_url()
	return f"{base.strip().rstrip('/')}{VERIFY_ROUTE}?no={quote(filing_number, safe='')}"


def qr_svg(text: str, scale: int = 4) -> bytes:
	"""An SVG QR code of `text` with a viewBox (so it scales) and its natural size."""
	scale = min(max(int(scale), 1), 10)
	code = pyqrcode.create(text, error="M")
	size = code.get_png_size(scale)
	buffer = io.BytesIO()
	code.svg(buffer, scale=scale, xmldecl=False, omithw=True, background="#fff")
	return buffer.getvalue().replace(b"<svg ", f'<svg width="{size}" height="{size}" '.encode(), 1)


def tuoyu_qr_data_uri(text: str, scale: int = 4) -> str:
	"""The QR code of `text` as a data URI for an <img> (pypng is not a Frappe dependency)."""
	return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text, scale)).decode()


def area_names(*codes: str | None) -> list[str]:
	return [(frappe.db.get_value("Tuoyu Area", code, "area_name") if code else None) or "" for code in codes]


# --- the receipt ------------------------------------------------------------------------------


def tuoyu_filing_receipt(filing) -> dict:
	"""What the receipt shows for a filing (a name or a document); `filed` is False unless the
	saved filing is approved. Checks that the current user may print the filing."""
	from frappe.www.printview import validate_print_permission

	name = filing if isinstance(filing, str) else filing.get("name")
	if not name or not frappe.db.exists("Tuoyu Filing", name):
		return {"filed": False, "state": None}
	doc = frappe.get_doc("Tuoyu Filing", name)  # the saved filing, not what the caller passed
	if not frappe.flags.ignore_print_permissions:
		validate_print_permission(doc)
	if doc.docstatus != 1 or doc.workflow_state != s.FILED or not doc.filing_number:
		return {"filed": False, "state": doc.workflow_state}

	# Fields of the filing's own point; the street address, phone and staff are never read here.
	point = frappe.db.get_value(
		"Tuoyu Point",
		doc.point,
		["point_name", "entity_name", "uscc", "area", "township", "capacity", "service_model"],
		as_dict=True,
	)
	county = point.area or doc.area
	city_code = frappe.db.get_value("Tuoyu Area", county, "parent_area")
	city, county_name, township = area_names(city_code, county, point.township)
	suffix = frappe.db.get_single_value("Tuoyu Filing Settings", "filing_authority_suffix")
	url = verify_url(doc.filing_number)
	return {
		"filed": True,
		"state": doc.workflow_state,
		"title": RECEIPT_TITLES.get(doc.filing_type, RECEIPT_TITLES[s.NEW]),
		"filing_type": doc.filing_type,
		"filing": doc.name,
		"filing_number": doc.filing_number,
		"point_name": point.point_name,
		"entity_name": point.entity_name,
		"uscc": point.uscc,
		"location": f"{city}{county_name}{township}",
		"capacity": point.capacity,
		"service_model": point.service_model,
		"rule_set": doc.rule_set,
		"filed_on": chinese_date(doc.filed_on),
		"authority": f"{county_name}{suffix or DEFAULT_AUTHORITY_SUFFIX}",
		"verify_url": url,
		"qr": tuoyu_qr_data_uri(url),
	}


# --- the public check ---------------------------------------------------------------------------


def clean_filing_number(raw) -> str:
	"""Trimmed, half-width filing number; raises InvalidFilingNumber when empty or too long."""
	number = normalize(raw) if isinstance(raw, str) else ""
	if not number or len(number) > MAX_NUMBER_LENGTH:
		raise InvalidFilingNumber(
			_("Enter a filing number of at most {0} characters").format(MAX_NUMBER_LENGTH)
		)
	return number


def status_note(status: str) -> str:
	if status == SUSPENDED:
		return _("This point has been suspended for rectification and may not take in children")
	if status == CANCELLED:
		return _("The filing of this point has been cancelled; it no longer provides childcare")
	if status == REVOKED:
		return _("The filing of this point has been revoked; it may not provide childcare")
	return ""


def lookup(number: str) -> dict | None:
	"""Public facts of the point holding this filing number, or None. The status is live."""
	# A deliberate guest read of a fixed list of non-personal fields: no permission applies.
	point = frappe.db.get_value(
		"Tuoyu Point",
		{"filing_number": number, "status": ("in", PUBLIC_STATUSES)},
		[
			"point_name",
			"filing_number",
			"status",
			"area",
			"township",
			"filed_on",
			"is_demonstration",
			"demonstration_until",
		],
		as_dict=True,
	)
	if not point:
		return None
	area, township = area_names(point.area, point.township)
	# 示范点: a designation in force on a filed point (tuoyu_frappe.oversight), its end date only.
	demonstration = bool(
		point.is_demonstration
		and point.status == FILED
		and point.demonstration_until
		and getdate(point.demonstration_until) >= getdate(today())
	)
	return {
		"point_name": point.point_name,
		"filing_number": point.filing_number,
		"status": point.status,
		"status_note": status_note(point.status),
		"area": area,
		"township": township,
		"filed_on": str(point.filed_on) if point.filed_on else None,
		"demonstration": demonstration,
		"demonstration_until": str(point.demonstration_until) if demonstration else None,
	}


@rate_limit(limit=VERIFY_LIMIT, seconds=VERIFY_WINDOW)
def rate_limited_lookup(number: str) -> dict | None:
	"""The look-up of the page /tuoyu/verify, limited per IP (a page request has no `cmd`, so its
	counter is separate from the JSON method's)."""
	return lookup(number)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=VERIFY_LIMIT, seconds=VERIFY_WINDOW)
def verify(filing_number: str) -> dict:
	"""Guest check of a filing number: {"found": true, ...public facts} or {"found": false, "message"}."""
	result = lookup(clean_filing_number(filing_number))
	if not result:
		return {"found": False, "message": _("No filing was found for this filing number")}
	return {"found": True, **result}
