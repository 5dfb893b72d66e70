// 监管检查覆盖: the period of the inspections (by default the year to date), an area and an inspection
// type; areas with filed points left uninspected in orange.
frappe.query_reports["Inspection Coverage"] = {
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
		{
			fieldname: "inspection_type",
			label: __("Inspection Type"),
			fieldtype: "Select",
			options: ["", "举办者自查", "行业协会监督", "部门定期巡查", "投诉核查", "双随机抽查"],
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.not_inspected && ["not_inspected", "coverage"].includes(column.fieldname)) {
			return `<span style="color: var(--orange-600); font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
