"""The point's own membership fields (Tuoyu Point.association_member, _no, _since): written from
the association's membership records only."""

import frappe

POINT_FIELDS = ("association_member", "association_member_no", "association_member_since")


def sync_point(point: str, values: dict) -> None:
	"""The point's membership fields are written here only (keep_point_fields refuses any other
	writer); the association's scope reads association_member, so its reach follows at once."""
	frappe.db.set_value("Tuoyu Point", point, values)


def keep_point_fields(doc, method=None):
	"""`validate` of Tuoyu Point: its membership fields are the association's decision, written by
	sync_point; whatever a form, REST request or import sends for them is put back."""
	stored = (
		None if doc.is_new() else frappe.db.get_value("Tuoyu Point", doc.name, POINT_FIELDS, as_dict=True)
	)
	for field in POINT_FIELDS:
		doc.set(field, stored.get(field) if stored else (0 if field == "association_member" else None))
