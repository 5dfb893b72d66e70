frappe.listview_settings["Tuoyu Filing"] = {
	add_fields: ["workflow_state", "clock_status", "working_days_left"],
	has_indicator_for_draft: true,
	formatters: {
		// The column holds 0 when no clock runs (drafts, returns, decisions): show nothing then.
		working_days_left(value, df, doc) {
			return ["正常", "即将超时", "已超时"].includes(doc.clock_status) ? String(value) : "";
		},
	},
	get_indicator(doc) {
		if (["即将超时", "已超时"].includes(doc.clock_status)) {
			const colour = doc.clock_status === "已超时" ? "red" : "orange";
			return [__(doc.clock_status), colour, "clock_status,=," + doc.clock_status];
		}
		const colours = {
			草稿: "gray",
			待审核: "orange",
			审核中: "blue",
			退回补正: "red",
			已备案: "green",
			不予备案: "darkgrey",
		};
		return [__(doc.workflow_state), colours[doc.workflow_state] || "gray", "workflow_state,=," + doc.workflow_state];
	},
};
