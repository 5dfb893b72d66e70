"""Public page /tuoyu/verify: anyone checks a filing number printed on a receipt (or scanned from
its QR code) and sees the point's name, number, live status, area and township, nothing else."""

import frappe

from tuoyu_frappe.filing.receipt import (
	CANCELLED,
	FILED,
	MAX_NUMBER_LENGTH,
	REVOKED,
	SUSPENDED,
	InvalidFilingNumber,
	chinese_date,
	clean_filing_number,
	rate_limited_lookup,
)

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_breadcrumbs = 1
	context.title = "家庭托育点备案信息查询"
	context.max_length = MAX_NUMBER_LENGTH
	context.statuses = {"filed": FILED, "suspended": SUSPENDED, "cancelled": CANCELLED, "revoked": REVOKED}
	raw = frappe.form_dict.get("no")
	raw = raw if isinstance(raw, str) else ""
	context.query = raw.strip()[:MAX_NUMBER_LENGTH]
	context.outcome = None
	if not raw.strip():
		return context
	try:
		number = clean_filing_number(raw)
		context.result = rate_limited_lookup(number)
		context.outcome = "found" if context.result else "not_found"
		context.filed_on = chinese_date(context.result["filed_on"]) if context.result else ""
		until = context.result.get("demonstration_until") if context.result else None
		context.demonstration_until = chinese_date(until) if until else ""
	except InvalidFilingNumber:
		context.outcome = "invalid"
	except frappe.RateLimitExceededError:
		context.outcome = "limited"
		context.http_status_code = 429
	frappe.clear_messages()
	return context
