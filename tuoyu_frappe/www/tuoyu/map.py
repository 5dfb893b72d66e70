"""Public page /tuoyu/map (备案公示地图): the points of the 备案公示 directory, with the same filters as
query parameters, as markers on a map and as a list. Everything comes from
tuoyu_frappe.public_info.payload.map_points (MAP_KEYS only; home premises at a coarsened position).
Without a configured tile source (Tuoyu Public Settings) the page shows the list only and loads no
map script and no tile."""

import frappe

from tuoyu_frappe.public_info import pages as public_pages
from tuoyu_frappe.public_info import payload

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_breadcrumbs = 1
	context.title = "家庭托育点备案公示地图"
	context.care_mode_labels = payload.CARE_MODES
	context.service_models = payload.SERVICE_MODELS
	context.counties = payload.areas()
	context.max_text = payload.MAX_TEXT
	context.demonstration_filter = payload.demonstration_enabled()
	context.statuses = {"filed": payload.FILED, "suspended": payload.SUSPENDED}
	public_pages.answer(
		context,
		public_pages.request_form(),
		"tuoyu-map-page",
		payload.MAP_PAGE_LIMIT,
		payload.MAP_PAGE_WINDOW,
		payload.map_points,
	)
	q = context.query
	context.towns = next((c["towns"] for c in context.counties if c["name"] == q.area), [])
	context.directory_url = q.url(1)
	context.tiles = context.result["tiles"] if context.result else None
	context.markers = [p for p in context.result["points"] if p["position"]] if context.result else []
	frappe.clear_messages()
	return context
