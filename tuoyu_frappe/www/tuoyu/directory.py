"""Public page /tuoyu/directory (备案公示): filed, suspended and recently cancelled home childcare
points, searchable, filtered and paged on the server. Every entry comes from
tuoyu_frappe.public_info.payload, which builds it from its allow-list; the page adds only labels."""

import frappe

from tuoyu_frappe.public_info import pages as public_pages
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
	public_pages.answer(
		context,
		public_pages.request_form("page"),
		"tuoyu-directory-page",
		payload.PAGE_LIMIT,
		payload.PAGE_WINDOW,
		payload.directory,
	)
	q = context.query
	context.map_url = payload.MAP_ROUTE + q.url(1).removeprefix(payload.DIRECTORY_ROUTE)
	context.towns = next((c["towns"] for c in context.counties if c["name"] == q.area), [])
	if context.result:
		page, pages = context.result["page"], context.result["pages"]
		context.prev_url = q.url(page - 1) if page > 1 else ""
		context.next_url = q.url(page + 1) if page < pages else ""
	frappe.clear_messages()
	return context
