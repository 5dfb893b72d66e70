// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

// Progress of a re-evaluation reaches this form through frappe.publish_progress (doc room).
frappe.ui.form.on("Tuoyu Rule Set", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frappe.model.can_read("Tuoyu Reevaluation Run")) {
			frm.add_custom_button(__("Re-evaluation Runs"), () =>
				frappe.set_route("List", "Tuoyu Reevaluation Run", { rule_set: frm.doc.name })
			);
		}
		if (frm.doc.enabled && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Re-evaluate Points"), () =>
				frappe
					.xcall("tuoyu_frappe.supervision.reevaluation.start_reevaluation", {
						rule_set: frm.doc.name,
					})
					.then((run) =>
						frappe.show_alert({
							message: __("Re-evaluation {0} queued", [run]),
							indicator: "blue",
						})
					)
			);
		}
	},
});
