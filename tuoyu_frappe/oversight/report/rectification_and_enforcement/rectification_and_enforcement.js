// 整改与执法: the period of the notices and of the actions (by default the year to date) and an area;
// overdue notices in red.
frappe.query_reports["Rectification and Enforcement"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
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
		if (data && data.overdue && ["overdue", "in_time_rate"].includes(column.fieldname)) {
			return `<span style="color: var(--red-600); font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
