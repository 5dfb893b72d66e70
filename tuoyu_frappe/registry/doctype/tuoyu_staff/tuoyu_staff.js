// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Staff", {
	refresh(frm) {
		// The ID number is required when registering; afterwards it is only re-entered to correct it.
		frm.set_df_property("id_number_entry", "reqd", frm.is_new() || !frm.doc.id_number_masked ? 1 : 0);
		if (!frm.is_new() && frappe.model.can_read("Tuoyu Staff Identity")) {
			frm.add_custom_button(__("ID Number and Background Checks"), () =>
				frappe.set_route("Form", "Tuoyu Staff Identity", frm.doc.name)
			);
		}
	},
});
