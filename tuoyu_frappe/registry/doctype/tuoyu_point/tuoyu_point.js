// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

frappe.ui.form.on("Tuoyu Point", {
	setup(frm) {
		// Only townships of the chosen county area, only county-level areas for the area.
		frm.set_query("area", () => ({ filters: { level: "县区", enabled: 1 } }));
		frm.set_query("township", () => ({
			filters: frm.doc.area
				? { level: "乡镇街道", parent_area: frm.doc.area, enabled: 1 }
				: { level: "乡镇街道", enabled: 1 },
		}));
	},

	refresh(frm) {
		render_compliance(frm, (frm.doc.__onload || {}).compliance);
		show_demonstration_badge(frm);
		if (!frm.is_new()) {
			frm.add_custom_button(__("Check Compliance"), () => {
				frappe
					.call("tuoyu_frappe.registry.doctype.tuoyu_point.tuoyu_point.get_compliance", {
						point: frm.doc.name,
					})
					.then((r) => render_compliance(frm, r.message));
			});
		}
	},

	area(frm) {
		if (frm.doc.township) frm.set_value("township", null);
	},
});

function render_compliance(frm, findings) {
	const field = frm.get_field("compliance_html");
	if (!field) return;
	if (frm.is_new() || !findings) {
		field.$wrapper.html(`<p class="text-muted">${__("Findings are shown after the point is saved")}</p>`);
		return;
	}
	if (!findings.length) {
		field.$wrapper.html(
			`<div class="alert alert-success">${__("No findings: the point meets its rule set")}</div>`
		);
		return;
	}
	const rows = findings
		.map(
			(f) => `<tr>
				<td><span class="indicator-pill ${f.severity === "blocking" ? "red" : "orange"}">
					${frappe.utils.escape_html(f.severity_label)}</span></td>
				<td>${frappe.utils.escape_html(f.message)}</td>
				<td class="text-muted small">${frappe.utils.escape_html(f.legal_source)}
					${f.clause ? "<br>" + frappe.utils.escape_html(f.clause) : ""}</td>
			</tr>`
		)
		.join("");
	field.$wrapper.html(`<table class="table table-bordered table-sm">
		<thead><tr><th>${__("Severity")}</th><th>${__("Finding")}</th><th>${__("Legal Basis")}</th></tr></thead>
		<tbody>${rows}</tbody></table>`);
}

// Every user of the app is in the system's time zone: its name under a date-time would be the only
// English on the form. A second handler for the same event, as Frappe allows.
frappe.ui.form.on("Tuoyu Point", {
	onload(frm) {
		for (const fieldname of ["compliance_evaluated_at"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
	},
});

// 示范点: a designation in force (set only by the server, tuoyu_frappe.oversight).
function show_demonstration_badge(frm) {
	const until = frm.doc.demonstration_until;
	if (!frm.doc.is_demonstration || !until || until < frappe.datetime.get_today()) return;
	frm.dashboard.set_headline_alert(
		`<span class="indicator-pill yellow tuoyu-demonstration-badge">${__("Demonstration Point")}</span>
		<span class="text-muted">${__("Valid Until")} ${frappe.datetime.str_to_user(until)}</span>`
	);
}
