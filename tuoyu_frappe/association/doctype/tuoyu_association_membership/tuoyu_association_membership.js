// The association's decisions on a membership, as buttons: each asks for what the decision must state.
frappe.ui.form.on("Tuoyu Association Membership", {
	refresh(frm) {
		const decides = frappe.user.has_role("Tuoyu Association") || frappe.user.has_role("Tuoyu City Admin");
		if (frm.is_new() || !decides) return;
		const decide = (method, title, fields) =>
			frappe.prompt(
				fields,
				(values) => frm.call(method, values).then(() => frm.reload_doc()),
				title,
				__("Confirm")
			);
		if (frm.doc.status === "待审批") {
			frm.add_custom_button(__("Approve Membership"), () =>
				decide("approve", __("Approve Membership"), [
					{ fieldname: "member_no", fieldtype: "Data", label: __("Member Number"), reqd: 1 },
					{ fieldname: "member_since", fieldtype: "Date", label: __("Member Since"), reqd: 1, default: frappe.datetime.get_today() },
				])
			);
			frm.add_custom_button(__("Reject Application"), () =>
				decide("reject", __("Reject Application"), [
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Rejection"), reqd: 1 },
				])
			);
		}
		if (frm.doc.status === "会员") {
			frm.add_custom_button(__("End Membership"), () =>
				decide("end_membership", __("End Membership"), [
					{ fieldname: "ended_on", fieldtype: "Date", label: __("Membership Ended On"), reqd: 1, default: frappe.datetime.get_today() },
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason the Membership Ended"), reqd: 1 },
				])
			);
		}
	},
});
