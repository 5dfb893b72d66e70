// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

const NEEDS_CITY_APPROVAL = ["停业整改", "撤销备案", "恢复"];

frappe.ui.form.on("Tuoyu Enforcement Action", {
	setup(frm) {
		frm.set_query("rectification", () => ({
			filters: Object.assign(
				{ point: frm.doc.point || "" },
				frm.doc.action_type === "恢复" ? { workflow_state: "已通过" } : {}
			),
		}));
		frm.set_query("inspection", () => ({ filters: { point: frm.doc.point || "" } }));
	},
	refresh(frm) {
		show_intro(frm);
	},
	action_type(frm) {
		show_intro(frm);
	},
});

function show_intro(frm) {
	const doc = frm.doc;
	if (doc.docstatus !== 0) {
		frm.set_intro("");
		return;
	}
	if (doc.workflow_state === "待审批") {
		frm.set_intro(
			__(
				"Waiting for a city administrator: enter the decision document number, then approve or reject"
			),
			"orange"
		);
	} else if (NEEDS_CITY_APPROVAL.includes(doc.action_type)) {
		frm.set_intro(
			__("{0} needs the approval of a city administrator", [__(doc.action_type)]),
			"blue"
		);
	} else if (doc.action_type) {
		frm.set_intro(
			__("{0} takes effect when it is issued, with its decision document number", [
				__(doc.action_type),
			]),
			"blue"
		);
	}
}

// Every user of the app is in the system's time zone: its name under a date-time would be the only
// English on the form. A second handler for the same event, as Frappe allows.
frappe.ui.form.on("Tuoyu Enforcement Action", {
	onload(frm) {
		for (const fieldname of ["proposed_on"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
	},
});
