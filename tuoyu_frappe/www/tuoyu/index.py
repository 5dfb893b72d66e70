"""Public home page /tuoyu: what a 家庭托育点 is, what 备案 (filing) means, and the public pages
(the 备案公示 directory, the filing check, the complaint form). Static text: no data is read."""

no_cache = 0
sitemap = 1


def get_context(context):
	context.no_breadcrumbs = 1
	context.title = "临沂市家庭托育点信息公开"
	return context
