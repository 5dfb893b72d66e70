"""Only city administrators change the reminder switches, also over REST; every Tuoyu role may
read them (the jobs' state is no secret), a desk user without a Tuoyu role may not."""

import json

import frappe
import pytest

from tests import seed
from tuoyu_frappe.reminders import settings

pytestmark = pytest.mark.http

URL = "/api/resource/Tuoyu Reminder Settings/Tuoyu Reminder Settings"


@pytest.fixture
def reset(site):
	yield
	frappe.db.rollback()
	frappe.db.delete("Singles", {"doctype": settings.DOCTYPE})
	frappe.db.commit()


def stored(key: str) -> bool:
	frappe.db.rollback()  # see the server's commits
	return settings.enabled(key)


@pytest.mark.parametrize("user", [seed.REV_LS, seed.OP_A, seed.ASSOC, seed.NOBODY])
def test_the_wrong_user_cannot_turn_a_reminder_off(login, reset, user):
	response = login(user).put(URL, json={"remind_certificates": 0, "rectification_lead_working_days": 9})
	assert response.status_code == 403, response.text[:300]
	assert stored("remind_certificates")
	assert settings.rectification_lead_working_days() == 2


@pytest.mark.parametrize("user", [seed.REV_LS, seed.OP_A, seed.ASSOC])
def test_every_tuoyu_role_reads_the_switches(login, user):
	response = login(user).get(URL)
	assert response.status_code == 200, response.text[:300]
	assert response.json()["data"]["remind_certificates"] == 1


def test_a_user_without_a_tuoyu_role_does_not_read_them(login):
	assert login(seed.NOBODY).get(URL).status_code == 403


def test_a_city_admin_turns_a_reminder_off_and_on(login, reset):
	client = login(seed.CITY)
	response = client.put(URL, json={"remind_certificates": 0})
	assert response.status_code == 200, response.text[:300]
	assert not stored("remind_certificates")
	assert stored("remind_background_checks")  # the others stay on
	response = client.put(URL, json={"rectification_lead_working_days": -1})
	assert response.status_code == 417
	messages = [json.loads(m)["message"] for m in json.loads(response.json()["_server_messages"])]
	assert any("工作日" in m for m in messages), messages  # in Chinese
	assert client.put(URL, json={"remind_certificates": 1}).status_code == 200
	assert stored("remind_certificates")
