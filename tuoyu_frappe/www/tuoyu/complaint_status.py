"""Public page /tuoyu/complaint-status: the holder of a tracking code sees the status and the
published conclusion of that complaint only; never the complainant, the handler or internal notes."""

import frappe

from tuoyu_frappe.complaints import public
from tuoyu_frappe.complaints import rules as r

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_breadcrumbs = 1
	context.title = "投诉举报办理进度查询"
	raw = frappe.form_dict.get("code")
	raw = raw.strip()[:40] if isinstance(raw, str) else ""
	context.query = raw
	context.outcome = None
	if not raw:
		return context
	if not r.normalise_tracking_code(raw):
		context.outcome = "invalid"
		return context
	try:
		context.result = public.rate_limited_tracking_view(raw)
		context.outcome = "found" if context.result else "not_found"
	except frappe.RateLimitExceededError:
		context.outcome = "limited"
		context.http_status_code = 429
	frappe.clear_messages()
	return context
