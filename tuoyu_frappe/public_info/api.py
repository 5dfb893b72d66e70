"""The guest JSON method of the 备案公示 directory. Everything it returns is built by
tuoyu_frappe.public_info.payload from its allow-lists."""

import frappe
from frappe.rate_limiter import rate_limit

from tuoyu_frappe.public_info import payload


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@payload.guest_json
@rate_limit(limit=payload.DIRECTORY_LIMIT, seconds=payload.DIRECTORY_WINDOW)
def directory(**form) -> dict:
	"""One page (20 points) of filed, suspended and recently cancelled points, with the query as
	understood. Keys: q, area, township, service_model, care_modes ("full_day,hourly" or a list),
	min_places, demonstration (1), page. Input is checked (payload.parse_query): anything else
	answers 417 with a Chinese message, past the rate limit 429."""
	return payload.directory(payload.parse_query(form))


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@payload.guest_json
@rate_limit(limit=payload.MAP_LIMIT, seconds=payload.MAP_WINDOW)
def map_points(**form) -> dict:
	"""The points of a directory query for the map (/tuoyu/map), not paged: for each the popup's
	public keys (payload.MAP_KEYS) and a position, home premises coarsened as Tuoyu Public Settings
	say (None: no marker). Same keys and checks as `directory` (no page); 417 / 429 in Chinese."""
	form = {k: v for k, v in form.items() if k != "page"}
	return payload.map_points(payload.parse_query(form))
