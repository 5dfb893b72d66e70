"""What the public www pages that show points (/tuoyu/directory, /tuoyu/map) share: the filter form
read from the request, and one guarded answer (the page's own rate limit, the query checked, the
payload asked, and the page made cacheable only when it answered)."""

from collections.abc import Callable

import frappe

from tuoyu_frappe.public_info import payload

FILTER_KEYS = ("q", "area", "township", "service_model", "min_places", "demonstration")


def request_form(*extra: str) -> dict:
	"""The filters as the page's form sends them; the care modes are repeated checkboxes."""
	form = {key: frappe.form_dict.get(key) for key in (*FILTER_KEYS, *extra)}
	boxes = frappe.request.args.getlist("care_mode") if frappe.request else []
	form["care_modes"] = boxes or frappe.form_dict.get("care_modes")
	return form


def answer(context, form: dict, counter: str, limit: int, window: int, ask: Callable) -> None:
	"""context.query, .result and .outcome ("found", "invalid" with .message, "limited" with 429)."""
	context.outcome, context.result, context.query = "found", None, payload.Query()
	try:
		payload.hit(counter, limit, window)
		context.query = payload.parse_query(form)
		context.result = ask(context.query)
		frappe.local.flags.tuoyu_cache_seconds = payload.CACHE_SECONDS
	except payload.InvalidQuery as e:
		context.outcome, context.message = "invalid", str(e)
		frappe.local.flags.tuoyu_cache_seconds = -1
	except frappe.RateLimitExceededError:
		context.outcome = "limited"
		context.http_status_code = 429
		frappe.local.flags.tuoyu_cache_seconds = -1
