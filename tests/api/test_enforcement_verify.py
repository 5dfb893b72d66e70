"""The public page /tuoyu/verify follows the point's status as approved enforcement actions change
it: 停业整改 at once, then the restore, and a revocation."""

import frappe
import pytest

from tests import seed
from tests.api.test_enforcement_bypass import commit, point  # noqa: F401 (fixture)
from tests.api.test_verify import guest, page  # noqa: F401 (fixture)
from tests.integration import enforcement_helpers as h
from tuoyu_frappe.supervision import enforcement_rules as r

pytestmark = pytest.mark.http

METHOD = "/api/method/tuoyu_frappe.filing.receipt.verify"


def result_of(text: str) -> str:
	return text.split('class="tuoyu-verify-result"', 1)[1]


def test_suspension_and_restore_show_at_once(point, guest):  # noqa: F811
	number = frappe.db.get_value("Tuoyu Point", point, "filing_number")
	_response, text = page(guest, number)
	assert "已备案" in result_of(text) and "该托育点正在停业整改" not in text

	rect = h.open_rectification(point)
	h.suspend(point)
	commit()
	response, text = page(guest, number)
	assert response.status_code == 200
	assert r.SUSPENDED in result_of(text) and "该托育点正在停业整改" in text
	data = guest.get(METHOD, params={"filing_number": number}).json()["message"]
	assert data["status"] == r.SUSPENDED

	h.submit_evidence(rect)
	h.verify(rect, seed.REV_LS, passed=True)
	h.restore(point, rect)
	commit()
	_response, text = page(guest, number)
	assert "已备案" in result_of(text) and "该托育点正在停业整改" not in text
	assert guest.get(METHOD, params={"filing_number": number}).json()["message"]["status"] == r.FILED


def test_a_revoked_filing_shows_as_revoked(point, guest):  # noqa: F811
	number = frappe.db.get_value("Tuoyu Point", point, "filing_number")
	name = h.draft_action(point, r.REVOKE)
	h.act(seed.REV_LS, h.ACTION, name, r.E_PROPOSE)
	h.approve_action(name, decision_no="临卫监撤字〔2026〕2号")
	commit()
	response, text = page(guest, number)
	assert response.status_code == 200
	assert r.REVOKED in result_of(text) and "该托育点已被撤销备案" in text
	data = guest.get(METHOD, params={"filing_number": number}).json()["message"]
	assert data["found"] is True and data["status"] == r.REVOKED and "撤销" in data["status_note"]
