"""The clocks the timeliness reports count (Tuoyu Filing.decided_on, decision_working_days,
decision_limit_working_days; Tuoyu Complaint.accept_working_days, handling_working_days) cannot be
written through the REST API: a PUT's values give way to the stored ones."""

import frappe
import pytest

from tests import seed
from tests.api.test_filing_bypass import drive, filings  # noqa: F401 (the fixture)
from tests.complaint_helpers import desk_complaint
from tuoyu_frappe.filing import states as s

pytestmark = pytest.mark.http
FILING, COMPLAINT = "Tuoyu Filing", "Tuoyu Complaint"
FILING_CLOCK = ["decided_on", "decision_working_days", "decision_limit_working_days"]


def stored(doctype: str, name: str, fields: list[str]) -> tuple:
	frappe.db.rollback()  # see the server's commits
	return tuple(frappe.db.get_value(doctype, name, fields))


@pytest.mark.parametrize(("state", "user"), [(s.DRAFT, seed.OP_A), (s.IN_REVIEW, seed.REV_LS)])
def test_a_put_cannot_set_the_decision_clock(login, site, filings, state, user):  # noqa: F811
	name = drive(site.point["A"], state)
	filings.append(name)
	response = login(user).put(
		f"/api/resource/{FILING}/{name}",
		json={"decided_on": "2026-01-05", "decision_working_days": 1, "decision_limit_working_days": 99},
	)
	assert response.status_code == 200, response.text[:300]
	assert stored(FILING, name, FILING_CLOCK) == (None, 0, 0)


@pytest.fixture
def complaint(site):
	name = desk_complaint(site.point["A"]).name
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield name
	frappe.set_user("Administrator")
	frappe.db.rollback()
	frappe.db.delete("Tuoyu Complainant Contact", {"complaint": name})
	frappe.db.delete(COMPLAINT, {"name": name})
	frappe.db.commit()


def test_a_put_cannot_set_the_complaint_working_days(login, complaint):
	response = login(seed.REV_LS).put(
		f"/api/resource/{COMPLAINT}/{complaint}",
		json={"accept_working_days": 9, "handling_working_days": 9, "internal_notes": "经 REST 修改"},
	)
	assert response.status_code == 200, response.text[:300]
	fields = ["accept_working_days", "handling_working_days", "internal_notes"]
	assert stored(COMPLAINT, complaint, fields) == (0, 0, "经 REST 修改")
