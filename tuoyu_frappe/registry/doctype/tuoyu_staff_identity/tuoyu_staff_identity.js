// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Staff Identity", {
	refresh(frm) {
		// A city admin erases an ID number collected by mistake; the server checks the role again.
		if (frm.doc.id_number && frappe.user.has_role("Tuoyu City Admin")) {
			frm.add_custom_button(__("Erase ID Number"), () => {
				frappe.prompt(
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						label: __("Reason for Erasure"),
						reqd: 1,
					},
					({ reason }) =>
						frappe
							.call({
								method: "tuoyu_frappe.registry.doctype.tuoyu_staff_identity.tuoyu_staff_identity.erase_id_number",
								args: { identity: frm.doc.name, reason },
								freeze: true,
							})
							.then(() => frm.reload_doc()),
					__("Erase ID Number"),
					__("Erase")
				);
			});
		}
	},
});
