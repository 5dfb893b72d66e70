"""Public page /tuoyu/directory (备案公示): filed, suspended and recently cancelled home childcare
points, searchable, filtered and paged on the server. Every entry comes from
tuoyu_frappe.public_info.payload, which builds it from its allow-list; the page adds only labels."""

import frappe

from tuoyu_frappe.public_info import payload

no_cache = 1  # Frappe's page cache keys by path only; the payload is cached per query instead
sitemap = 0


def get_context(context):
	context.no_breadcrumbs = 1
	context.title = "家庭托育点备案公示"
	context.care_mode_labels = payload.CARE_MODES
	context.service_models = payload.SERVICE_MODELS
	context.counties = payload.areas()
	context.max_text = payload.MAX_TEXT
	context.demonstration_filter = payload.demonstration_enabled()
	context.statuses = {"filed": payload.FILED, "suspended": payload.SUSPENDED}
	context.outcome = "found"
	context.result = None
	form = {key: frappe.form_dict.get(key) for key in ("q", "area", "township", "service_model")}
	form |= {key: frappe.form_dict.get(key) for key in ("min_places", "demonstration", "page")}
	boxes = frappe.request.args.getlist("care_mode") if frappe.request else []
	form["care_modes"] = boxes or frappe.form_dict.get("care_modes")
	context.query = payload.Query()
	try:
		payload.hit("tuoyu-directory-page", payload.PAGE_LIMIT, payload.PAGE_WINDOW)
		context.query = payload.parse_query(form)
		context.result = payload.directory(context.query)
		frappe.local.flags.tuoyu_cache_seconds = payload.CACHE_SECONDS
	except payload.InvalidQuery as e:
		context.outcome, context.message = "invalid", str(e)
		frappe.local.flags.tuoyu_cache_seconds = -1
	except frappe.RateLimitExceededError:
		context.outcome = "limited"
		context.http_status_code = 429
		frappe.local.flags.tuoyu_cache_seconds = -1
	q = context.query
	context.map_url = payload.MAP_ROUTE + q.url(1).removeprefix(payload.DIRECTORY_ROUTE)
	context.towns = next((c["towns"] for c in context.counties if c["name"] == q.area), [])
	if context.result:
		page, pages = context.result["page"], context.result["pages"]
		context.prev_url = q.url(page - 1) if page > 1 else ""
		context.next_url = q.url(page + 1) if page < pages else ""
	frappe.clear_messages()
	return context
