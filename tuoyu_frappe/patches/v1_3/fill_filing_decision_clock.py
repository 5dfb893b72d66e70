"""Tuoyu Filing.decided_on, decision_working_days and decision_limit_working_days for filings decided
before the fields existed (备案审核时效 counts them).

The decision day is the approval's filed_on, else the day of the workflow comment that recorded the
decision, else the day the filing was last modified. The limit is the rule set's receipt period for
an approval and its notice period for a refusal. The working days are counted on the calendar once
per distinct (received_on, decided_on) pair and written set-based."""

import frappe

from tuoyu_frappe.filing import states as s
from tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing import (
	DEFAULT_NOTICE_WORKING_DAYS,
	DEFAULT_RECEIPT_WORKING_DAYS,
	decision_working_days,
)


def execute():
	params = {
		"filed": s.FILED,
		"decided": s.DECISION_STATES,
		"receipt": DEFAULT_RECEIPT_WORKING_DAYS,
		"notice": DEFAULT_NOTICE_WORKING_DAYS,
	}
	frappe.db.sql(
		"""update `tabTuoyu Filing` f
		left join (
			select reference_name, max(creation) as at from `tabComment`
			where reference_doctype = 'Tuoyu Filing' and comment_type = 'Workflow' and content in %(decided)s
			group by reference_name
		) c on c.reference_name = f.name
		left join `tabTuoyu Rule Set` r on r.name = f.rule_set
		set f.decided_on = coalesce(if(f.workflow_state = %(filed)s, f.filed_on, null), date(c.at), date(f.modified)),
			f.decision_limit_working_days = if(f.workflow_state = %(filed)s,
				coalesce(nullif(r.receipt_working_days, 0), %(receipt)s),
				coalesce(nullif(r.notice_working_days, 0), %(notice)s))
		where f.docstatus = 1 and f.workflow_state in %(decided)s and f.decided_on is null""",
		params,
	)
	pairs = frappe.db.sql(
		"""select distinct received_on, decided_on from `tabTuoyu Filing`
		where docstatus = 1 and workflow_state in %(decided)s and decided_on is not null""",
		params,
	)
	for received_on, decided_on in pairs:
		frappe.db.sql(
			"""update `tabTuoyu Filing` set decision_working_days = %(days)s
			where docstatus = 1 and workflow_state in %(decided)s and decided_on = %(decided_on)s
				and received_on <=> %(received_on)s""",
			{
				**params,
				"days": decision_working_days(received_on, decided_on),
				"decided_on": decided_on,
				"received_on": received_on,
			},
		)
