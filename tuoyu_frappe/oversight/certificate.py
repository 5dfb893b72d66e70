"""居民价格用水用电用气证明: the utility-price certificate of a filed point (print format
"Tuoyu Utility Certificate" on Tuoyu Point).

临沂市家庭托育点建设试点方案 lets a filed point pay residential prices for water, electricity and gas
and the residential heating price. `tuoyu_utility_certificate` (a Jinja method, hooks.py) reads
the saved point, never the document handed to the template, refuses every point that is not
已备案 (筹建中, 停业整改, 已撤销备案, 已注销): desk print and PDF download raise the refusal, the
/printview page shows it in place of the certificate; and gives the point its own number once: a Tuoyu Utility Certificate row
keeps it, so a reprint shows the same number.
"""

import frappe
from frappe import _
from frappe.model.naming import getseries
from frappe.utils import getdate, today

from tuoyu_frappe.filing.receipt import area_names, chinese_date, tuoyu_qr_data_uri, verify_url

FILED = "已备案"
PLAN = "临沂市家庭托育点建设试点方案"
NUMBER_FORMAT = "临托价证〔{year}〕{seq:05d}"
LOG = "Tuoyu Utility Certificate"


class CertificateRefused(frappe.ValidationError):
	pass


def may_have_certificate(status: str | None, filing_number: str | None) -> bool:
	"""Only a point whose filing stands (已备案, with its number) may have the certificate."""
	return status == FILED and bool(filing_number)


def certificate_number(point) -> str:
	"""The point's number, issued at its first print and kept from then on."""
	number = frappe.db.get_value(LOG, {"point": point.name}, "certificate_number")
	if number:
		return number
	year = getdate(today()).year
	seq = int(getseries(f"TUOYU-UC-{year}-", 5))
	number = NUMBER_FORMAT.format(year=year, seq=seq)
	frappe.get_doc(
		{
			"doctype": LOG,
			"certificate_number": number,
			"point": point.name,
			"area": point.area,
			"issued_on": today(),
			"filing_number": point.filing_number,
		}
	).insert(ignore_permissions=True)
	if not frappe.flags.in_test:
		frappe.db.commit()  # print requests are GETs, which Frappe does not commit
	return number


def is_print_page() -> bool:
	"""The request is the /printview page itself (desk print and PDF download are JSON methods,
	where the error reaches the user as a message)."""
	request = getattr(frappe.local, "request", None)
	return bool(request) and request.path == "/printview"


def tuoyu_utility_certificate(point) -> dict:
	"""What the certificate shows for a point (a name or a document); raises for a point that may
	not have it. Checks that the current user may print the point."""
	from frappe.www.printview import validate_print_permission

	name = point if isinstance(point, str) else point.get("name")
	if not name or not frappe.db.exists("Tuoyu Point", name):
		frappe.throw(_("Childcare point not found"), frappe.DoesNotExistError)
	doc = frappe.get_doc("Tuoyu Point", name)  # the saved point, not what the caller passed
	if not frappe.flags.ignore_print_permissions:
		validate_print_permission(doc)
	if not may_have_certificate(doc.status, doc.filing_number):
		message = _(
			"The utility-price certificate is issued only for a filed point; this point is {0}"
		).format(_(doc.status or ""))
		if is_print_page():
			# A web page shows an error's text as a blank "Server Error": the page shows the refusal.
			return {"refused": message}
		frappe.throw(message, CertificateRefused, title=_("Cannot Print"))
	city_code = frappe.db.get_value("Tuoyu Area", doc.area, "parent_area")
	city, county, township = area_names(city_code, doc.area, doc.township)
	suffix = frappe.db.get_single_value("Tuoyu Filing Settings", "filing_authority_suffix") or "卫生健康局"
	url = verify_url(doc.filing_number)
	return {
		"number": certificate_number(doc),
		"point_name": doc.point_name,
		"entity_name": doc.entity_name,
		"uscc": doc.uscc,
		"location": f"{city}{county}{township}",
		"address": doc.address,
		"filing_number": doc.filing_number,
		"filed_on": chinese_date(doc.filed_on),
		"plan": PLAN,
		"authority": f"{county}{suffix}",
		"issued_on": chinese_date(today()),
		"verify_url": url,
		"qr": tuoyu_qr_data_uri(url),
	}
