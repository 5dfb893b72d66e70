// 人员资质预警: papers expired or due within the chosen number of days of a day; expired rows in red.
frappe.query_reports["Staff Qualification Alerts"] = {
	filters: [
		{
			fieldname: "as_of",
			label: __("As Of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "days",
			label: __("Due Within (Days)"),
			fieldtype: "Int",
			default: 30,
			reqd: 1,
		},
		{
			fieldname: "area",
			label: __("County Area"),
			fieldtype: "Link",
			options: "Tuoyu Area",
			get_query: () => ({ filters: { level: "县区" } }),
		},
		{
			fieldname: "problem",
			label: __("Problem"),
			fieldtype: "Select",
			options: ["", "资格证书", "健康证", "背景复查", "必修培训"],
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.stage === "已过期" && ["stage", "due_date", "problem"].includes(column.fieldname)) {
			return `<span style="color: var(--red-600); font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
