// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Staff", {
	refresh(frm) {
		frm.set_df_property(
			"id_number_entry",
			"reqd",
			frm.is_new() || !frm.doc.id_number_masked ? 1 : 0
		);
	},
});
