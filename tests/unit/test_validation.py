import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from tuoyu_frappe import validation as v

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
	"raw, clean",
	[
		("91330100716105852F", "91330100716105852F"),
		(" 91330100716105852f ", "91330100716105852F"),
		("９１３３０１００７１６１０５８５２Ｆ", "91330100716105852F"),  # full-width
		("914403001922038216", "914403001922038216"),
	],
)
def test_uscc_is_normalised_and_accepted(raw, clean):
	assert v.validate_uscc(raw) == clean


@pytest.mark.parametrize(
	"raw", ["", "91330100716105852A", "9133010071610585", "91330100716105852F1", "ABCDEFGHIJKLMNOPQR"]
)
def test_bad_uscc_is_rejected(raw):
	with pytest.raises(v.InvalidInput):
		v.validate_uscc(raw)


def test_uscc_outside_linyi_is_only_flagged():
	assert v.uscc_outside_linyi("91330100716105852F")
	assert not v.uscc_outside_linyi("913713000000000000")


def test_id_number_derives_birth_date_sex_and_age():
	info = v.validate_id_number("11010519491231002x", TODAY)  # lower-case x
	assert info.number == "11010519491231002X"
	assert info.birth_date == date(1949, 12, 31)
	assert info.sex == "女"  # 17th digit 2 is even
	assert info.age == 76


def test_full_width_id_number_with_spaces_is_normalised():
	assert (
		v.validate_id_number(" １１０１０５１９４９１２３１００２Ｘ ", TODAY).number == "11010519491231002X"
	)


@pytest.mark.parametrize(
	"raw",
	[
		"110105194912310021",  # wrong check character
		"110105194902300025",  # 30 February
		"1101051949123100",  # too short
		"",
	],
)
def test_bad_id_number_is_rejected(raw):
	with pytest.raises(v.InvalidInput):
		v.validate_id_number(raw, TODAY)


def test_future_birth_date_is_rejected():
	from stdnum.cn import ric

	body = "37130220300101001"
	with pytest.raises(v.InvalidInput):
		v.validate_id_number(body + ric.calc_check_digit(body + "0"), TODAY)


def test_age_counts_completed_years():
	assert v.age_on(date(2008, 12, 1), TODAY) == 17
	assert v.age_on(date(2008, 11, 30), TODAY) == 18


@pytest.mark.parametrize(
	"raw, e164",
	[
		("13812345678", "+8613812345678"),
		("+86 138-1234-5678", "+8613812345678"),
		("１３８１２３４５６７８", "+8613812345678"),
	],
)
def test_mobile_numbers_are_stored_as_e164(raw, e164):
	assert v.validate_mobile(raw) == e164


@pytest.mark.parametrize("raw", ["12345678901", "1381234567", "05398888888", "abc", ""])
def test_bad_mobile_numbers_are_rejected(raw):
	with pytest.raises(v.InvalidInput):
		v.validate_mobile(raw)


def test_masks():
	assert v.mask_mobile("+8613812345678") == "138****5678"
	assert v.mask_id_number("11010519491231002X") == "110105********002X"


def test_point_name_must_contain_tuoyu():
	assert v.validate_point_name(" 阳光托育点 ") == "阳光托育点"
	with pytest.raises(v.InvalidInput):
		v.validate_point_name("阳光幼儿园")


def test_messages_have_named_placeholders_that_format():
	with pytest.raises(v.InvalidInput) as err:
		v.validate_mobile("123")
	assert "123" in err.value.message.format(**err.value.params)


def _with_check(body: str) -> str:
	from stdnum.cn import ric

	return body + ric.calc_check_digit(body + "0")


def test_linyi_number_of_someone_born_before_1994_is_accepted():
	# 371302 (兰山区) exists since 1994; people born earlier who registered later hold it.
	info = v.validate_id_number(_with_check("37130219850101011"), TODAY)
	assert info.birth_date == date(1985, 1, 1) and info.sex == "男"


@pytest.mark.parametrize("region", ["999999", "379999"])
def test_unknown_region_code_is_rejected(region):
	with pytest.raises(v.InvalidInput):
		v.validate_id_number(_with_check(region + "19850101011"), TODAY)


# --- plain text: no markup in names and identifiers (issue §7) ---------------------------------

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
	set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tuoyu-hypothesis")
PROPERTY = settings(max_examples=300, deadline=None, database=None)

# Text as users type it (CJK, Latin, digits, punctuation, full-width forms), without anything that
# becomes "<", ">" or "&" under NFKC.
_ANGLES_AND_AMPERSAND = {"<", ">", "&"}
plain = st.text(
	st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")).filter(
		lambda c: not (set(v.normalize(c)) & _ANGLES_AND_AMPERSAND)
	),
	max_size=40,
)


@pytest.mark.parametrize(
	"raw",
	[
		'托育<img src="x">',
		'托育<img src="x" onerror="alert(1)">',
		"<b>阳光</b>托育点",
		"托育<script>alert(1)</script>",
		"托育<!-- x -->",
		"托育＜img src=x＞",  # full-width angle brackets become "<" ">" when normalised
		"托育﹤b﹥",  # small form variants too
		"托育>",
		"托育&lt;img src=x&gt;",
		"托育&#60;b&#62;",
		"托育&#x3C;b&#x3E;",
	],
)
def test_markup_is_refused(raw):
	with pytest.raises(v.InvalidInput) as err:
		v.validate_plain_text(raw, "托育点名称")
	assert err.value.params == {"field": "托育点名称"}
	assert "托育点名称" in err.value.message.format(**err.value.params)


@pytest.mark.parametrize(
	"raw, clean",
	[
		(" 阳光托育点 ", "阳光托育点"),
		("A&B托育", "A&B托育"),  # an ampersand that is not a character code is plain text
		("临沂市兰山区《金雀山》路 12 号", "临沂市兰山区《金雀山》路 12 号"),
		("ＡＢ１２３４５６", "AB123456"),
		("", ""),
		(None, ""),
	],
)
def test_plain_text_passes_normalised(raw, clean):
	assert v.validate_plain_text(raw, "名称") == clean


@PROPERTY
@given(plain)
@example("阳光托育点")
def test_text_without_angle_brackets_or_ampersands_always_passes(text):
	assert v.validate_plain_text(text, "名称") == v.normalize(text)


@PROPERTY
@given(plain, st.sampled_from(["<", ">", "＜", "＞", "﹤", "﹥"]), plain)
def test_any_angle_bracket_anywhere_is_refused(before, bracket, after):
	with pytest.raises(v.InvalidInput):
		v.validate_plain_text(before + bracket + after, "名称")


@PROPERTY
@given(
	plain,
	st.from_regex(r"&(#[0-9]{1,6}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,8});", fullmatch=True),
	plain,
)
def test_any_character_reference_is_refused(before, reference, after):
	with pytest.raises(v.InvalidInput):
		v.validate_plain_text(before + reference + after, "名称")
