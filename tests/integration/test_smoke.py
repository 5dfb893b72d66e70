import frappe


def test_reference_data_is_installed(db):
	assert frappe.db.count("Tuoyu Area", {"level": "县区"}) == 13
	assert frappe.db.count("Tuoyu Area", {"level": "乡镇街道"}) == 156
	assert frappe.db.count("Tuoyu Rule Set") >= 2


def test_seeded_world(db):
	assert all(db.point.values()) and all(db.staff.values())
