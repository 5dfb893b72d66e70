// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Rectification", {
	refresh(frm) {
		const can = (frm.doc.__onload || {}).can || {};
		show_deadline(frm);
		frm.set_df_property("evidence", "read_only", can.edit_evidence ? 0 : 1);
		frm.set_df_property("evidence_text", "read_only", can.edit_evidence ? 0 : 1);
	},
	// Buttons in the form body (the toolbar folds into a menu on a phone).
	upload_evidence(frm) {
		upload_evidence(frm);
	},
	propose_restore(frm) {
		frappe.new_doc("Tuoyu Enforcement Action", {
			action_type: "恢复",
			point: frm.doc.point,
			rectification: frm.doc.name,
			inspection: frm.doc.inspection,
		});
	},
});

function show_deadline(frm) {
	const doc = frm.doc;
	if (doc.deadline_note) {
		frm.set_intro(doc.deadline_note, "orange");
	} else if (doc.docstatus === 0 && doc.deadline) {
		const overdue = frappe.datetime.get_diff(doc.deadline, frappe.datetime.get_today()) < 0;
		frm.set_intro(
			overdue
				? __("The deadline {0} has passed", [frappe.datetime.str_to_user(doc.deadline)])
				: __("Rectify by {0}", [frappe.datetime.str_to_user(doc.deadline)]),
			overdue ? "red" : "blue"
		);
	}
}

function upload_evidence(frm) {
	new frappe.ui.FileUploader({
		doctype: frm.doctype,
		docname: frm.docname,
		folder: "Home/Attachments",
		make_attachments_public: false,
		allow_multiple: false,
		restrictions: { allowed_file_types: ["image/*", ".pdf"] },
		on_success(file) {
			frappe.prompt(
				{ fieldname: "description", fieldtype: "Data", label: __("Description") },
				(values) => {
					frm.add_child("evidence", { file: file.file_url, description: values.description });
					frm.save();
				},
				__("Evidence File")
			);
		},
	});
}

// Every user of the app is in the system's time zone: its name under a date-time would be the only
// English on the form. A second handler for the same event, as Frappe allows.
frappe.ui.form.on("Tuoyu Rectification", {
	onload(frm) {
		for (const fieldname of ["submitted_on", "verified_on"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
	},
});
