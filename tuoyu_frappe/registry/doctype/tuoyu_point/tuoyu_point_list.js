frappe.listview_settings["Tuoyu Point"] = {
	add_fields: ["status", "is_demonstration"],
	get_indicator(doc) {
		// 示范点: a filed point designated a demonstration point (tuoyu_frappe.oversight).
		if (doc.status === "已备案" && doc.is_demonstration) {
			return [__("Demonstration Point"), "yellow", "is_demonstration,=,1"];
		}
		const colour = { 筹建中: "blue", 已备案: "green", 停业整改: "orange", 已注销: "gray" }[doc.status];
		return [__(doc.status), colour, "status,=," + doc.status];
	},
};
