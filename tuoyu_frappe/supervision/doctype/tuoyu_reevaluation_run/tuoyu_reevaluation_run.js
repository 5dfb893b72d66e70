// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Reevaluation Run", {
	refresh(frm) {
		frm.add_custom_button(__("Newly Non-Compliant Points"), () =>
			frappe.set_route("List", "Tuoyu Reevaluation Finding", { run: frm.doc.name })
		);
		if (frm.doc.status === "失败" && frappe.user.has_role("Tuoyu City Admin")) {
			frm.add_custom_button(__("Resume"), () =>
				frappe
					.xcall("tuoyu_frappe.supervision.reevaluation.resume_run", { run: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
	},
});

// Every user of the app is in the system's time zone: its name under a date-time would be the only
// English on the form. A second handler for the same event, as Frappe allows.
frappe.ui.form.on("Tuoyu Reevaluation Run", {
	onload(frm) {
		for (const fieldname of ["started_at", "finished_at"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
	},
});
