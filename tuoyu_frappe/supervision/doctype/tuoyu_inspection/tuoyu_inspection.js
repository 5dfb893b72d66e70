// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

// The checklist rows are copied from the template by the server: no rows are added or removed
// here, and results are recorded only while the inspection is 检查中 (the server enforces both).
const RECORDED = ["result", "note", "photo"];

// On a phone Frappe gives every grid a 738-px minimum width and clips what overflows, which
// would hide the result column. These grids have few columns and fit the screen instead: one line a
// row, no selection checkboxes (rows are neither added nor removed here).
const PHONE_GRIDS = `@media (max-width: 767px) {
	.page-container[data-page-route="Tuoyu Inspection"] .form-grid-container .form-grid {
		min-width: 0 !important;
	}
	.page-container[data-page-route="Tuoyu Inspection"] .form-grid .row {
		flex-wrap: nowrap;
	}
	.page-container[data-page-route="Tuoyu Inspection"] .form-grid .row > .col {
		min-width: 0;
	}
	.page-container[data-page-route="Tuoyu Inspection"] .form-grid .row-check {
		display: none;
	}
}`;

frappe.ui.form.on("Tuoyu Inspection", {
	setup(frm) {
		frm.set_query("point", () => ({ filters: { status: ["!=", "已注销"] } }));
		frm.set_query("inspector", "inspectors", () => ({ filters: { enabled: 1 } }));
		frm.set_query("template", () => ({
			filters: frm.doc.inspection_type
				? { enabled: 1, inspection_types: ["like", `%${frm.doc.inspection_type}%`] }
				: { enabled: 1 },
		}));
	},

	onload(frm) {
		// Every user of the app is in the system's time zone: its name would be the only English,
		// as would the operator Frappe names when it describes a link filter ("like").
		const df = (fieldname) => frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
		if (df("inspected_at")) df("inspected_at").hide_timezone = 1;
		if (df("template")) df("template").filter_description = __("Enabled templates for this inspection type");
		if (df("point")) df("point").filter_description = __("Points that are not cancelled");
	},

	refresh(frm) {
		frappe.dom.set_style(PHONE_GRIDS, "tuoyu-inspection-phone-grids");
		const results = frm.fields_dict.results.grid;
		results.cannot_add_rows = true;
		results.cannot_delete_rows = true;
		const recording = frm.doc.workflow_state === "检查中" && frm.doc.docstatus === 0;
		for (const field of RECORDED) {
			results.update_docfield_property(field, "read_only", recording ? 0 : 1);
		}
		if (frm.doc.random_draw) {
			const inspectors = frm.fields_dict.inspectors.grid;
			inspectors.cannot_add_rows = true;
			inspectors.cannot_delete_rows = true;
			inspectors.update_docfield_property("inspector", "read_only", 1);
		}
		results.refresh();
		show_progress(frm, recording);
		if (frm.doc.docstatus === 1 && frm.doc.conclusion && frm.doc.conclusion !== "合格") {
			if (frappe.user.has_role(["Tuoyu District Reviewer", "Tuoyu City Admin"])) {
				frm.add_custom_button(__("下达整改通知"), () => open_rectification(frm));
			}
		}
	},
});

frappe.ui.form.on("Tuoyu Inspection Result", {
	result(frm) {
		show_progress(frm, true);
	},
});

function show_progress(frm, recording) {
	const rows = frm.doc.results || [];
	if (frm.is_new() || !rows.length) return;
	if (recording) {
		const answered = rows.filter((row) => row.result).length;
		const failed = rows.filter((row) => row.result === "不符合").length;
		frm.dashboard.set_headline(
			frappe.utils.escape_html(
				__("{0} of {1} items answered, {2} not met", [answered, rows.length, failed])
			)
		);
	} else if (frm.doc.docstatus === 1) {
		const colour = frm.doc.conclusion === "合格" ? "green" : "red";
		frm.dashboard.set_headline(
			`<span class="indicator-pill ${colour}">${frappe.utils.escape_html(
				__(frm.doc.conclusion || "")
			)}</span> ${frappe.utils.escape_html(
				__("Score {0} of {1}", [frm.doc.score || 0, frm.doc.max_score || 0])
			)}`
		);
	}
}

function open_rectification(frm) {
	frappe
		.call("tuoyu_frappe.supervision.rectification.open_from_inspection", {
			inspection: frm.doc.name,
		})
		.then((r) => {
			const doc = r.message;
			if (!doc) return;
			const doctype = doc.doctype || "Tuoyu Rectification";
			frappe.set_route("Form", doctype, doc.name || doc);
		});
}
