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
	frappe.clear_messages()
	return context
