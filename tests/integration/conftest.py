"""Fixtures shared by the integration tests."""

import frappe
import pytest


@pytest.fixture
def no_commit(db):
	def refuse():
		raise AssertionError("the daily job must not commit; the scheduler does")

	frappe.db.before_commit.add(refuse)
	yield
	# the db fixture's rollback resets the queue
