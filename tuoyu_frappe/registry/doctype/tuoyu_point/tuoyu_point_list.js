frappe.listview_settings["Tuoyu Point"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { 筹建中: "blue", 已备案: "green", 停业整改: "orange", 已注销: "gray" }[doc.status];
		return [__(doc.status), colour, "status,=," + doc.status];
	},
};
