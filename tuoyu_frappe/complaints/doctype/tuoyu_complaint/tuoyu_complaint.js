// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Complaint", {
	refresh(frm) {
		if (frm.is_new()) {
			if (!frm.doc.channel || frm.doc.channel === "网上") frm.set_value("channel", "12345热线");
			return;
		}
		show_contact(frm);
		const open = ["已受理", "核查中"].includes(frm.doc.workflow_state);
		if (open && !frm.doc.inspection && frm.doc.point) {
			frm.add_custom_button(__("Open Verification Inspection"), () => {
				frappe.call({
					method: "tuoyu_frappe.complaints.handling.open_inspection",
					args: { complaint: frm.doc.name },
					freeze: true,
				}).then((r) => {
					if (r.message) frappe.set_route("Form", "Tuoyu Inspection", r.message);
				});
			});
		}
	},
});

function show_contact(frm) {
	// Answered only for the handling reviewer and city administrators (complaints/access.py).
	frappe.db
		.get_list("Tuoyu Complainant Contact", {
			filters: { complaint: frm.doc.name },
			fields: ["contact_name", "phone", "other_contact"],
			limit: 1,
		})
		.then((rows) => {
			if (!rows.length) return;
			const c = rows[0];
			const parts = [c.contact_name, c.phone, c.other_contact].filter(Boolean).map(frappe.utils.escape_html);
			frm.dashboard.set_headline(__("Complainant: {0}", [parts.join(" · ")]));
		});
}

// Every user of the app is in the system's time zone: its name under a date-time would be the only
// English on the form. A second handler for the same event, as Frappe allows.
frappe.ui.form.on("Tuoyu Complaint", {
	onload(frm) {
		for (const fieldname of ["received_at", "accepted_at", "concluded_at"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
	},
});
