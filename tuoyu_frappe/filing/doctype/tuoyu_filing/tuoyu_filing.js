// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

const CLOCK_COLOURS = { 正常: "green", 即将超时: "orange", 已超时: "red", 已办结: "gray" };

frappe.ui.form.on("Tuoyu Filing", {
	setup(frm) {
		frm.set_query("point", () => ({ filters: { status: ["!=", "已注销"] } }));
	},

	refresh(frm) {
		show_clock(frm);
		if (
			!frm.is_new() &&
			frm.doc.clock_status === "已超时" &&
			frappe.user.has_role("Tuoyu City Admin")
		) {
			frm.add_custom_button(__("Reassign Reviewer"), () => reassign(frm));
		}
	},
});

function show_clock(frm) {
	if (frm.is_new() || !frm.doc.clock_status) {
		if (frm.doc.clock_note) frm.dashboard.set_headline(frappe.utils.escape_html(frm.doc.clock_note));
		return;
	}
	const colour = CLOCK_COLOURS[frm.doc.clock_status] || "blue";
	const left =
		frm.doc.working_days_left === null || frm.doc.working_days_left === undefined
			? ""
			: __("{0} working days left", [frm.doc.working_days_left]);
	frm.dashboard.set_headline(
		`<span class="indicator-pill ${colour}">${__(frm.doc.clock_status)}</span>
		 ${frappe.utils.escape_html(left)} ${frappe.utils.escape_html(frm.doc.clock_note || "")}`
	);
}

function reassign(frm) {
	frappe.prompt(
		[
			{
				fieldname: "reviewer",
				fieldtype: "Link",
				options: "User",
				label: __("Reviewer"),
				reqd: 1,
			},
		],
		(values) =>
			frappe
				.call("tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing.reassign_reviewer", {
					filing: frm.doc.name,
					reviewer: values.reviewer,
				})
				.then(() => frm.reload_doc()),
		__("Reassign Reviewer")
	);
}
