# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.public_info import payload


class TuoyuPublicSettings(Document):
	def validate(self):
		if self.map_grid_metres and self.map_grid_metres < payload.MIN_GRID_METRES:
			self.map_grid_metres = payload.MIN_GRID_METRES
		template = (self.tile_url_template or "").strip()
		if template and not (template.startswith("https://") and "{z}" in template):
			from frappe import throw

			throw(_("The tile URL template must start with https:// and contain {z}, {x} and {y}"))
		self.tile_url_template = template

	def on_update(self):
		# The directory (and the map) follow the privacy setting at once.
		payload.clear_cache()
