"""Public page /tuoyu/complaint: anyone reports a problem at a home childcare point (投诉举报),
anonymously if they wish, and gets a tracking code (tuoyu_frappe.complaints.public)."""

import time

import frappe

from tuoyu_frappe.complaints import public
from tuoyu_frappe.complaints import rules as r

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_breadcrumbs = 1
	context.title = "家庭托育点投诉举报"
	context.categories = r.CATEGORIES
	context.counties = public.townships()
	context.question, context.challenge_token = r.new_challenge(public.secret(), int(time.time()))
	context.limits = {
		"description": r.MAX_DESCRIPTION,
		"min_description": r.MIN_DESCRIPTION,
		"place": r.MAX_PLACE,
		"name": r.MAX_NAME,
		"other": r.MAX_CONTACT_OTHER,
		"photos": r.MAX_PHOTOS,
		"photo_mb": r.MAX_PHOTO_BYTES // 2**20,
	}
	context.prefill = prefill(frappe.form_dict.get("no"))
	frappe.clear_messages()
	return context


def prefill(raw) -> dict | None:
	"""?no=<filing number> (the directory's 投诉举报 link): the filed point chosen in advance, with
	its county and township. Only what search_points shows of it; limited per IP like a search."""
	from tuoyu_frappe.public_info import payload

	number = raw.strip().upper() if isinstance(raw, str) else ""
	if not number or len(number) > 64:
		return None
	try:
		payload.hit("tuoyu-complaint-prefill", public.SEARCH_LIMIT, public.SEARCH_WINDOW)
	except frappe.RateLimitExceededError:
		return None
	# A deliberate guest read of public facts of a filed point (as /tuoyu/verify shows them).
	point = frappe.db.get_value(
		"Tuoyu Point",
		{"filing_number": number, "status": public.FILED},
		["point_name", "filing_number", "area", "township"],
		as_dict=True,
	)
	return dict(point) if point else None
