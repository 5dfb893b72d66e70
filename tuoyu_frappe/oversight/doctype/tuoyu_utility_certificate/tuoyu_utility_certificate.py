"""The number of a point's 居民价格用水用电用气证明, issued once by tuoyu_frappe.oversight.certificate."""

from frappe.model.document import Document


class TuoyuUtilityCertificate(Document):
	pass
