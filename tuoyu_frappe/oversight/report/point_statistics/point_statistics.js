// 托育点统计: choose the second dimension (status, service model, premises type, compliance status);
// an area with no points of a value shows 0, in grey.
frappe.query_reports["Point Statistics"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "status", label: __("Status") },
				{ value: "service_model", label: __("Service Model") },
				{ value: "premises_type", label: __("Premises Type") },
				{ value: "compliance_status", label: __("Compliance Status") },
			],
			default: "status",
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
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "筹建中", "已备案", "停业整改", "已撤销备案", "已注销"],
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "points" && !data.points) {
			return `<span style="color: var(--gray-500)">${value}</span>`;
		}
		if (data && column.fieldname === "value" && ["不合规", "停业整改"].includes(data.value)) {
			return `<span style="color: var(--red-600); font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
