"""Complaints for tests, recorded as the real users would record them."""

import frappe
from frappe.model.workflow import apply_workflow

from tests import seed

COMPLAINT = "Tuoyu Complaint"


def desk_complaint(point: str | None = None, user: str = seed.REV_LS, **values) -> "frappe.Document":
	"""A hotline complaint recorded at the desk by `user`."""
	frappe.set_user(user)
	doc = frappe.get_doc(
		{
			"doctype": COMPLAINT,
			"category": "安全",
			"channel": "12345热线",
			"point": point,
			"township": seed.LANSHAN_TOWN,
			"place_description": "" if point else "兰山区某小区3号楼101室",
			"description": "托育点楼梯没有护栏，孩子在楼梯口玩耍很危险。",
			"contact_name_entry": "王女士",
			"contact_phone_entry": "13800001111",
			**values,
		}
	)
	doc.insert()
	return doc


def act(name: str, action: str, user: str) -> "frappe.Document":
	frappe.set_user(user)
	apply_workflow(frappe.get_doc(COMPLAINT, name).as_dict(), action)
	return frappe.get_doc(COMPLAINT, name)


def write(name: str, user: str, **values) -> "frappe.Document":
	frappe.set_user(user)
	doc = frappe.get_doc(COMPLAINT, name)
	doc.update(values)
	doc.save()
	return doc


def png() -> bytes:
	"""A small photo that decodes (the public form checks the content, not the name)."""
	import io

	from PIL import Image

	out = io.BytesIO()
	Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
	return out.getvalue()


def purge_complaints_since(started) -> None:
	"""Removes the complaints created since `started` (a database timestamp) with their contacts."""
	from tests.integration.enforcement_helpers import purge

	complaints = frappe.get_all(COMPLAINT, filters={"creation": (">=", started)}, pluck="name")
	frappe.db.delete("Tuoyu Complainant Contact", {"complaint": ("in", complaints or [""])})
	purge(COMPLAINT, complaints)
