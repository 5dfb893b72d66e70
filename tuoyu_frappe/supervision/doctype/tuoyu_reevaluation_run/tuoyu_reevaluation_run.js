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
