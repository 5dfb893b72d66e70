"""The public side of complaints: the guest form /tuoyu/complaint and its methods, and the
tracking page /tuoyu/complaint-status. Abuse control without outside services: a per-IP rate limit,
a honeypot field, a signed sum to answer (not too fast, not too old, once only), and limits on
lengths, photo count, size and type. Nothing is half-saved: every check runs before anything is
written, and photo files already written are removed again when the transaction fails."""

import os
import time

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, escape_html

from tuoyu_frappe.complaints import rules as r

COMPLAINT = "Tuoyu Complaint"
SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 3600  # complaints per IP per hour
SEARCH_LIMIT, SEARCH_WINDOW = 60, 600
TRACK_LIMIT, TRACK_WINDOW = 20, 600
USED_NONCES = "tuoyu_complaint_challenge_used"
FILED = "已备案"

# What the tracking page may show; every other field of the complaint and its contact is private.
PUBLIC_FIELDS = (
	"workflow_state",
	"received_at",
	"concluded_at",
	"conclusion",
	"public_summary",
	"rejection_reason",
)
PUBLIC_STATUS = {
	r.NEW: "已收到，等待受理",
	r.ACCEPTED: "已受理，正在处理",
	r.CHECKING: "已受理，正在核查",
	r.CLOSED: "已办结",
	r.REJECTED: "不予受理",
}


def secret() -> str:
	# The site's own key (site_config.json); never sent to a browser.
	from frappe.utils.password import get_encryption_key

	return get_encryption_key()


def throw_problems(problems: list[r.Problem]) -> None:
	if problems:
		frappe.throw("<br>".join(_(m).format(**p) for m, p in problems), title=_("Please Check the Form"))


def townships() -> list[dict]:
	"""Counties and their townships for the form (public reference data)."""
	areas = frappe.get_all(
		"Tuoyu Area",
		filters={"enabled": 1, "level": ("in", ("县区", "乡镇街道"))},
		fields=["name", "area_name", "level", "county_area"],
		order_by="name asc",
	)
	counties = [{"name": a.name, "label": a.area_name, "towns": []} for a in areas if a.level == "县区"]
	by_county = {c["name"]: c for c in counties}
	for a in areas:
		if a.level == "乡镇街道" and a.county_area in by_county:
			by_county[a.county_area]["towns"].append({"name": a.name, "label": a.area_name})
	return counties


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=SEARCH_LIMIT, seconds=SEARCH_WINDOW)
def search_points(text: str) -> list[dict]:
	"""Filed points by name or filing number: only the name and the number, at most ten."""
	text = (text or "").strip() if isinstance(text, str) else ""
	if len(text) < 2 or len(text) > 40:
		return []
	like = f"%{text.replace('%', '').replace('_', '')}%"
	# Public facts of filed points (as /tuoyu/verify shows them); the fields are named here.
	rows = frappe.get_all(
		"Tuoyu Point",
		filters={"status": FILED, "filing_number": ("is", "set")},
		or_filters={"point_name": ("like", like), "filing_number": text.upper()},
		fields=["point_name", "filing_number"],
		order_by="point_name asc",
		limit=10,
	)
	return [{"point_name": row.point_name, "filing_number": row.filing_number} for row in rows]


def _uploaded_photos() -> list[tuple[str, bytes]]:
	files = frappe.request.files.getlist("photos") if frappe.request and frappe.request.files else []
	# A browser sends an empty part without a name for a file input where nothing was chosen.
	files = [f for f in files if f.filename]
	photos = []
	for upload in files[: r.MAX_PHOTOS + 1]:
		# Read at most one byte past the limit: a larger file is refused without reading it all.
		photos.append(
			(os.path.basename(upload.filename or "photo"), upload.stream.read(r.MAX_PHOTO_BYTES + 1))
		)
	if len(files) > r.MAX_PHOTOS:
		photos += [("", b"")] * (len(files) - len(photos))
	return photos


def _check_image(filename: str, content: bytes) -> None:
	"""The content must decode as the image its signature claims."""
	from io import BytesIO

	from PIL import Image

	try:
		with Image.open(BytesIO(content)) as image:
			image.verify()
			fmt = (image.format or "").lower()
	except Exception:
		fmt = ""
	if fmt != r.sniff_image(content):
		frappe.throw(_("Photo {0} is not a JPEG or PNG image").format(escape_html(filename)))


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=SUBMIT_LIMIT, seconds=SUBMIT_WINDOW)
def submit(**form) -> dict:
	"""File a complaint as a guest; returns the tracking code, shown once."""

	def text(key: str) -> str:
		value = form.get(key)
		return value.strip() if isinstance(value, str) else ""

	report = r.PublicReport(
		category=text("category"),
		filing_number=text("filing_number").upper(),
		place_description=text("place_description"),
		township=text("township"),
		description=text("description"),
		anonymous=bool(cint(form.get("anonymous"))),
		contact_name=text("contact_name"),
		contact_phone=text("contact_phone"),
		contact_other=text("contact_other"),
		honeypot=text("website"),
	)
	problems, nonce = r.challenge_problems(
		secret(), text("challenge_token"), text("challenge_answer"), int(time.time())
	)
	if not problems and frappe.cache.hget(USED_NONCES, nonce):
		problems = [(r._("The check question has been used; reload the page and try again"), {})]
	problems += r.public_report_problems(report)
	photos = _uploaded_photos()
	problems += r.photo_problems(photos)
	throw_problems(problems)
	for filename, content in photos:
		_check_image(filename, content)
	point = None
	if report.filing_number:
		point = frappe.db.get_value(
			"Tuoyu Point", {"filing_number": report.filing_number, "status": FILED}, "name"
		)
		if not point:
			frappe.throw(
				_("No filed point has the filing number {0}").format(escape_html(report.filing_number))
			)
	township = frappe.db.get_value("Tuoyu Area", {"name": report.township, "level": "乡镇街道", "enabled": 1})
	if not point and not township:
		frappe.throw(_("Choose the township (street) where the point is"))
	if report.contact_phone:
		from tuoyu_frappe import validation

		try:
			validation.validate_mobile(report.contact_phone)
		except validation.InvalidInput:
			frappe.throw(_("Enter a mainland mobile number of 11 digits, or leave the phone empty"))

	written: list[str] = []
	try:
		doc = frappe.get_doc(
			{
				"doctype": COMPLAINT,
				"category": report.category,
				"channel": r.ONLINE,
				"point": point,
				"place_description": report.place_description,
				"township": township or report.township,
				"description": report.description,
				"anonymous": int(report.anonymous),
				"contact_name_entry": report.contact_name,
				"contact_phone_entry": report.contact_phone,
				"contact_other_entry": report.contact_other,
			}
		)
		doc.flags.public_intake = True
		doc.insert(ignore_permissions=True)
		for n, (_filename, content) in enumerate(photos, 1):
			extension = r.IMAGE_TYPES[r.sniff_image(content)]
			file = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{doc.name}-{n}{extension}",
					"attached_to_doctype": COMPLAINT,
					"attached_to_name": doc.name,
					"is_private": 1,
					"content": content,
				}
			)
			file.insert(ignore_permissions=True)
			written.append(file.get_full_path())
		frappe.cache.hset(USED_NONCES, nonce, 1)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		for path in written:
			if os.path.exists(path):
				os.remove(path)
		raise
	return {"tracking_code": doc.flags.tracking_code, "received_at": str(doc.received_at)[:16]}


def tracking_view(code: str) -> dict | None:
	"""What the tracking page shows for a code, and nothing more (see PUBLIC_FIELDS)."""
	if not r.normalise_tracking_code(code):
		return None
	row = frappe.db.get_value(
		COMPLAINT, {"tracking_hash": r.tracking_hash(code)}, PUBLIC_FIELDS, as_dict=True
	)
	if not row:
		return None
	closed = row.workflow_state == r.CLOSED
	return {
		"status": PUBLIC_STATUS.get(row.workflow_state, row.workflow_state),
		"received_on": str(row.received_at)[:10] if row.received_at else "",
		"concluded_on": str(row.concluded_at)[:10] if row.concluded_at and closed else "",
		"conclusion": row.conclusion if closed else "",
		"public_summary": row.public_summary if closed else "",
		"rejection_reason": row.rejection_reason if row.workflow_state == r.REJECTED else "",
	}


@rate_limit(limit=TRACK_LIMIT, seconds=TRACK_WINDOW)
def rate_limited_tracking_view(code: str) -> dict | None:
	return tracking_view(code)
