"""监管检查覆盖 against a hand count: completed inspections of 兰山区 (points A, B) and 罗庄区 (point C)
at known times, with the filing history of tests.oversight_helpers (A filed 2022-05-01, B 2023-03-01,
C 2022-06-01 and revoked 2023-06-30), as the 兰山区 reviewer, the 罗庄区 reviewer and the city admin."""

import frappe
import pytest

from tests import seed
from tests.oversight_helpers import give_history, run_report
from tuoyu_frappe.oversight.report.inspection_coverage.inspection_coverage import execute

H1_2023 = {"from_date": "2023-01-01", "to_date": "2023-06-29"}  # A, B and C all filed at its end
YEAR_2022 = {"from_date": "2022-01-01", "to_date": "2022-12-31"}  # A and C filed, B not yet
HEDONG = "371312"
SELF, PATROL, COMPLAINT, RANDOM = "举办者自查", "部门定期巡查", "投诉核查", "双随机抽查"

# (point, type, inspected_at, state, conclusion)
INSPECTIONS = [
	("A", PATROL, "2023-01-01 00:00:00", "已完成", "合格"),  # the period's first moment
	("A", SELF, "2023-03-10 10:00:00", "已完成", "限期整改"),  # A once more: one point covered
	("B", RANDOM, "2023-06-29 23:59:59", "已完成", "合格"),  # the period's last moment
	("B", PATROL, "2023-06-30 09:00:00", "已完成", "合格"),  # after the period
	("A", PATROL, "2022-12-31 23:00:00", "已完成", "合格"),  # before the period (in 2022)
	("A", COMPLAINT, "2023-02-01 10:00:00", "检查中", ""),  # not completed
	("C", COMPLAINT, "2023-05-05 10:00:00", "已完成", "停业整改"),
	("C", PATROL, "2023-05-06 10:00:00", "已完成", "合格"),
	("B", SELF, "2022-10-01 10:00:00", "已完成", "合格"),  # B inspected in 2022 before its filing
]
FIELDS = (
	"filed_points",
	"filed_points_inspected",
	"not_inspected",
	"coverage",
	"inspections",
	"passed",
	"pass_rate",
	"ordered",
	"suspended",
)
# By hand: {period: {area: figures in FIELDS order}}
EXPECTED = {
	"h1_2023": {
		seed.LANSHAN: (2, 2, 0, 100.0, 3, 2, 66.7, 1, 0),
		seed.LUOZHUANG: (1, 1, 0, 100.0, 2, 1, 50.0, 0, 1),
	},
	"2022": {
		seed.LANSHAN: (1, 1, 0, 100.0, 2, 2, 100.0, 0, 0),
		seed.LUOZHUANG: (1, 0, 1, 0.0, 0, 0, None, 0, 0),
	},
}
PERIODS = {"h1_2023": H1_2023, "2022": YEAR_2022}


@pytest.fixture
def inspections(db):
	give_history(db)
	for i, (key, kind, at, state, conclusion) in enumerate(INSPECTIONS):
		point = db.point[key]
		frappe.get_doc(
			{
				"doctype": "Tuoyu Inspection",
				"name": f"TEST-IC-{i:02d}",
				"inspection_type": kind,
				"point": point,
				"area": frappe.db.get_value("Tuoyu Point", point, "area"),
				"workflow_state": state,
				"docstatus": 1 if state == "已完成" else 0,
				"inspected_at": at,
				"conclusion": conclusion,
			}
		).db_insert()
	return db


def report(user, **filters):
	return run_report(execute, user, **filters)


def figures(row):
	return tuple(row[f] for f in FIELDS)


@pytest.mark.parametrize("period", list(EXPECTED))
def test_the_city_admin_sees_every_area_with_the_hand_count(inspections, period):
	columns, rows, chart, _summary = report(seed.CITY, **PERIODS[period])
	assert "area" in [c["fieldname"] for c in columns]
	for area, expected in EXPECTED[period].items():
		assert figures(rows[area]) == expected, area
	assert len(rows) == 13  # every county area, with zeros where nothing was filed or inspected
	assert figures(rows[HEDONG]) == (0, 0, 0, None, 0, 0, None, 0, 0)
	labels = chart["data"]["labels"]
	filed, inspected = (d["values"] for d in chart["data"]["datasets"])
	assert filed[labels.index("兰山区")] == EXPECTED[period][seed.LANSHAN][0]
	assert inspected[labels.index("罗庄区")] == EXPECTED[period][seed.LUOZHUANG][1]


def test_the_summary_and_the_inspections_by_type(inspections):
	columns, rows, _chart, summary = report(seed.CITY, **H1_2023)
	assert summary == {
		"已备案托育点": 3,
		"已检查的已备案托育点": 3,
		"检查覆盖率（%）": 100.0,
		"已完成检查": 5,
		"合格率（%）": 60.0,
	}
	types = {c["label"]: c["fieldname"] for c in columns if c["fieldname"].startswith("type_")}
	assert list(types) == [SELF, "行业协会监督", PATROL, COMPLAINT, RANDOM]
	by_type = {t: (rows[seed.LANSHAN][f], rows[seed.LUOZHUANG][f]) for t, f in types.items()}
	assert by_type == {
		SELF: (1, 0),
		"行业协会监督": (0, 0),
		PATROL: (1, 1),
		COMPLAINT: (0, 1),
		RANDOM: (1, 0),
	}
	_columns, _rows, _chart, summary = report(seed.CITY, **YEAR_2022)
	assert summary["检查覆盖率（%）"] == 50.0 and summary["合格率（%）"] == 100.0


def test_the_inspection_type_filter_gives_the_coverage_of_one_type(inspections):
	columns, rows, _chart, _summary = report(seed.CITY, inspection_type=PATROL, **H1_2023)
	assert figures(rows[seed.LANSHAN]) == (2, 1, 1, 50.0, 1, 1, 100.0, 0, 0)
	assert figures(rows[seed.LUOZHUANG]) == (1, 1, 0, 100.0, 1, 1, 100.0, 0, 0)
	assert [c["label"] for c in columns if c["fieldname"].startswith("type_")] == [PATROL]


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
@pytest.mark.parametrize("period", list(EXPECTED))
def test_a_reviewer_sees_only_their_own_area(inspections, reviewer, own, other, period):
	_columns, rows, chart, summary = report(reviewer, **PERIODS[period])
	assert list(rows) == [own]
	assert figures(rows[own]) == EXPECTED[period][own]
	assert summary["已完成检查"] == EXPECTED[period][own][4]
	assert chart["data"]["labels"] == [rows[own]["area_name"]]
	_columns, rows, _chart, summary = report(reviewer, area=other, **PERIODS[period])
	assert rows == {} and summary["已完成检查"] == 0


def test_bad_filters_are_refused(inspections):
	frappe.set_user(seed.CITY)
	with pytest.raises(frappe.ValidationError):
		execute({"from_date": "2023-07-01", "to_date": "2023-01-01"})
	with pytest.raises(frappe.ValidationError):
		execute({"inspection_type": "' or 1=1 --"})


def test_an_operator_may_not_run_it(inspections):
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_attr("frappe.desk.query_report.run")("Inspection Coverage", filters=H1_2023)


def test_the_period_columns_of_the_oversight_reports_are_indexed(db):
	from tuoyu_frappe.patches.v1_3 import add_oversight_indexes

	add_oversight_indexes.execute()  # a second run on a site that has them adds nothing
	for doctype, column in add_oversight_indexes.INDEXES.items():
		meta_field = frappe.get_meta(doctype).get_field(column)
		assert meta_field.search_index, f"{doctype}.{column}"
		indexes = frappe.db.sql(
			f"show index from `tab{doctype}` where Column_name = %s", column, as_dict=True
		)
		assert len({i.Key_name for i in indexes if i.Seq_in_index == 1}) >= 1, f"{doctype}.{column}"
	from tuoyu_frappe.setup.indexes import REPORT_INDEXES

	for doctype, indexes in REPORT_INDEXES.items():
		for index_name, fields in indexes.items():
			rows = frappe.db.sql(
				f"show index from `tab{doctype}` where Key_name = %s", index_name, as_dict=True
			)
			assert [i.Column_name for i in sorted(rows, key=lambda i: i.Seq_in_index)] == list(fields)
