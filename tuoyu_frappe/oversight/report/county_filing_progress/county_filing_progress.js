// 县区备案进度: the year filter (a past year counts what was filed by its end) and areas behind target in red.
frappe.query_reports["County Filing Progress"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
		{
			fieldname: "area",
			label: __("County Area"),
			fieldtype: "Link",
			options: "Tuoyu Area",
			get_query: () => ({ filters: { level: "县区" } }),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data || !data.target_points) return value;
		const behind = data.filed_points < data.target_points;
		if (["status", "filed_points", "points_rate", "gap"].includes(column.fieldname)) {
			return `<span style="color: ${behind ? "var(--red-600)" : "var(--green-600)"}; font-weight: ${behind ? 600 : 400}">${value}</span>`;
		}
		return value;
	},
};
