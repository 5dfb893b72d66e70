// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

// Every user of the app is in the system's time zone: its name under a date-time would be the only
// English on the form. A second handler for the same event, as Frappe allows.
frappe.ui.form.on("Tuoyu Incident", {
	onload(frm) {
		for (const fieldname of ["occurred_at", "reported_on"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
	},
});
