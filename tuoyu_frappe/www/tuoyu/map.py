"""Public page /tuoyu/map (备案公示地图): the points of the 备案公示 directory, with the same filters as
query parameters, as markers on a map and as a list. Everything comes from
tuoyu_frappe.public_info.payload.map_points (MAP_KEYS only; home premises at a coarsened position).
Without a configured tile source (Tuoyu Public Settings) the page shows the list only and loads no
map script and no tile."""

import frappe

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
	context.outcome = "found"
	context.result = None
	form = {key: frappe.form_dict.get(key) for key in ("q", "area", "township", "service_model")}
	form |= {key: frappe.form_dict.get(key) for key in ("min_places", "demonstration")}
	boxes = frappe.request.args.getlist("care_mode") if frappe.request else []
	form["care_modes"] = boxes or frappe.form_dict.get("care_modes")
	context.query = payload.Query()
	try:
		payload.hit("tuoyu-map-page", payload.MAP_PAGE_LIMIT, payload.MAP_PAGE_WINDOW)
		context.query = payload.parse_query(form)
		context.result = payload.map_points(context.query)
		frappe.local.flags.tuoyu_cache_seconds = payload.CACHE_SECONDS
	except payload.InvalidQuery as e:
		context.outcome, context.message = "invalid", str(e)
		frappe.local.flags.tuoyu_cache_seconds = -1
	except frappe.RateLimitExceededError:
		context.outcome = "limited"
		context.http_status_code = 429
		frappe.local.flags.tuoyu_cache_seconds = -1
	q = context.query
	context.towns = next((c["towns"] for c in context.counties if c["name"] == q.area), [])
	context.directory_url = q.url(1)
	context.tiles = context.result["tiles"] if context.result else None
	context.markers = [p for p in context.result["points"] if p["position"]] if context.result else []
	frappe.clear_messages()
	return context
