// Copyright (c) 2026, Tuoyu Frappe contributors
// For license information, please see license.txt

// 双随机抽查: the three actions run on the server; the form only asks and shows the result.
const DRAW_METHODS = "tuoyu_frappe.supervision.doctype.tuoyu_random_draw.tuoyu_random_draw";
const STATUS_COLOURS = { 未抽取: "gray", 已抽取: "blue", 已确认: "green" };

frappe.ui.form.on("Tuoyu Random Draw", {
	setup(frm) {
		frm.set_query("area", () => ({ filters: { level: ["in", ["市", "县区"]] } }));
		frm.set_query("inspector", "pool", () => ({ filters: { enabled: 1 } }));
	},

	onload(frm) {
		// Every user of the app is in the system's time zone: its name would be the only English.
		// Set on this document's own copy of the fields, before the form renders them.
		for (const fieldname of ["drawn_at", "last_verified_at", "confirmed_at"]) {
			const df = frappe.meta.get_docfield(frm.doctype, fieldname, frm.docname);
			if (df) df.hide_timezone = 1;
		}
		// Frappe would describe the area filter with its English operator ("级别 in 市,县区").
		const area = frappe.meta.get_docfield(frm.doctype, "area", frm.docname);
		if (area) area.filter_description = __("The whole city or one county-level area");
	},

	refresh(frm) {
		show_status(frm);
		frm.set_df_property("picks", "cannot_add_rows", true);
		frm.set_df_property("picks", "cannot_delete_rows", true);
		if (frm.is_new()) return;
		if (frm.doc.docstatus === 0) {
			if (!(frm.doc.pool || []).length) {
				frm.add_custom_button(__("Fill the Pool"), () => fill_pool(frm));
			}
			frm.add_custom_button(__("Run the Draw"), () => run_draw(frm)).addClass("btn-primary");
		}
		if (frm.doc.seed) {
			frm.add_custom_button(__("Verify"), () => verify_draw(frm));
		}
		if (frm.doc.docstatus === 0 && frm.doc.draw_status === "已抽取" && !frm.doc.unpaired_count) {
			frm.add_custom_button(__("Confirm"), () => confirm_draw(frm));
		}
	},
});

function show_status(frm) {
	if (frm.is_new()) return;
	const status = frm.doc.draw_status || "未抽取";
	let text = `<span class="indicator-pill ${STATUS_COLOURS[status] || "gray"}">${__(status)}</span>`;
	if (frm.doc.seed) {
		text += " " + frappe.utils.escape_html(
			__("{0} of {1} filed points drawn", [frm.doc.sample_size, frm.doc.population_size])
		);
	}
	if (frm.doc.verification_result) {
		const colour = frm.doc.verification_result === "一致" ? "green" : "red";
		text += ` <span class="indicator-pill ${colour}">${__("Last Verification")}: ${__(
			frm.doc.verification_result
		)}</span>`;
	}
	frm.dashboard.set_headline(text);
}

// Saves unsaved edits first: the server draws from what is stored.
function saved(frm) {
	return frm.is_dirty() ? frm.save() : Promise.resolve();
}

// The enabled inspectors of the draw's county (of every county for a city-wide draw) that the
// user may see; the user removes any who should not take part.
async function fill_pool(frm) {
	const area = await frappe.db.get_value("Tuoyu Area", frm.doc.area, "level");
	const filters = { enabled: 1 };
	if (area.message.level !== "市") filters.area = frm.doc.area;
	const rows = await frappe.db.get_list("Tuoyu Inspector", {
		filters,
		fields: ["name"],
		order_by: "name asc",
		limit: 500,
	});
	if (!rows.length) {
		frappe.msgprint(__("No enabled inspectors found for this area"));
		return;
	}
	rows.forEach((row) => frm.add_child("pool", { inspector: row.name }));
	frm.refresh_field("pool");
	await frm.save();
}

function run_draw(frm) {
	saved(frm).then(() =>
		frappe
			.call({
				method: `${DRAW_METHODS}.run_draw`,
				args: { name: frm.doc.name },
				freeze: true,
				freeze_message: __("Drawing…"),
			})
			.then((r) => frm.reload_doc().then(() => r))
			.then((r) => {
				const out = r.message;
				let message = __("{0} of {1} filed points drawn; input digest {2}", [
					out.sample_size,
					out.population_size,
					out.input_digest,
				]);
				if (out.unpaired) {
					message +=
						"<br>" +
						__("{0} drawn points have no eligible pair of inspectors; widen the pool and draw again", [
							out.unpaired,
						]);
				}
				frappe.msgprint({
					title: __("Draw Run"),
					message,
					indicator: out.unpaired ? "orange" : "blue",
				});
			})
	);
}

function verify_draw(frm) {
	frappe
		.call({
			method: `${DRAW_METHODS}.verify_draw`,
			args: { name: frm.doc.name },
			freeze: true,
		})
		.then((r) => frm.reload_doc().then(() => r))
		.then((r) => {
			frappe.msgprint({
				title: r.message.ok ? __("Verified: Same Result") : __("Not Verified: Result Differs"),
				message: frappe.utils.escape_html(r.message.message),
				indicator: r.message.ok ? "green" : "red",
			});
		});
}

function confirm_draw(frm) {
	frappe.confirm(
		__(
			"Once confirmed, the draw is frozen and its planned inspections are created. Confirm {0} picks?",
			[(frm.doc.picks || []).length]
		),
		() =>
			frappe
				.call({
					method: `${DRAW_METHODS}.confirm_draw`,
					args: { name: frm.doc.name },
					freeze: true,
				})
				.then((r) => {
					frm.reload_doc();
					frappe.show_alert({
						message: __("{0} planned inspections created", [r.message.inspections.length]),
						indicator: "green",
					});
				})
	);
}
