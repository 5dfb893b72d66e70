"""Identifier and input validation as plain functions (no database, no Frappe site).

Every function normalises first (trim, full-width → half-width, upper-case where it
matters), then validates with python-stdnum / phonenumbers and returns the clean value.
Bad input raises `InvalidInput`, whose message is an English source string with named
placeholders; callers translate it with `frappe._` (see `tuoyu_frappe.utils.throw_invalid`).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError


def _(text: str) -> str:
	"""Marks a message for translation; the caller translates it when it is shown."""
	return text


class InvalidInput(ValueError):
	def __init__(self, message: str, **params):
		super().__init__(message)
		self.message = message
		self.params = params


def normalize(value: str | None) -> str:
	"""Trim and fold full-width characters (ＡＢＣ１２３, full-width space) to half-width."""
	if value is None:
		return ""
	return unicodedata.normalize("NFKC", str(value)).strip()


def normalize_code(value: str | None) -> str:
	"""Normalise an identifier: half-width, no inner spaces or hyphens, upper-case."""
	return normalize(value).replace(" ", "").replace("-", "").upper()


# --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------

LINYI_DIVISION_PREFIX = "3713"


def validate_uscc(value: str | None) -> str:
	code = normalize_code(value)
	if not code:
		raise InvalidInput(_("Unified Social Credit Code is required"))
	try:
		return uscc.validate(code)
	except StdnumError:
		raise InvalidInput(
			_(
				"Unified Social Credit Code {value} is invalid: it must be 18 characters with a correct check character"
			),
			value=code,
		) from None


def uscc_outside_linyi(code: str) -> bool:
	"""Positions 3–8 hold the registering division; outside 3713xx deserves a warning only."""
	return not code[2:8].startswith(LINYI_DIVISION_PREFIX)


# --- 居民身份证号码 (GB 11643-1999) -----------------------------------------------------


@dataclass(frozen=True)
class IdInfo:
	number: str
	birth_date: date
	sex: str  # 男 / 女
	age: int


def age_on(birth_date: date, today: date) -> int:
	return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def validate_id_number(value: str | None, today: date) -> IdInfo:
	number = normalize_code(value)
	if not number:
		raise InvalidInput(_("ID number is required"))
	if len(number) != 18:
		raise InvalidInput(_("ID number {value} must have 18 characters"), value=number)
	try:
		number = _validate_ric(number)
	except StdnumError:
		raise InvalidInput(
			_("ID number {value} is invalid: wrong check character, impossible birth date or unknown region"),
			value=number,
		) from None
	birth_date = ric.get_birth_date(number)
	if birth_date > today:
		raise InvalidInput(_("ID number {value} has a birth date in the future"), value=number)
	sex = "男" if int(number[16]) % 2 == 1 else "女"
	return IdInfo(number=number, birth_date=birth_date, sex=sex, age=age_on(birth_date, today))


def _validate_ric(number: str) -> str:
	"""`stdnum.cn.ric.validate`, except for one false rejection.

	stdnum checks the region code against the *birth* year, but a number is assigned at first
	registration, often years later: someone born in 1985 who registered in 兰山区 after 1994
	holds a valid 371302… number that stdnum rejects. So a region code known to the national
	code table at any time is accepted; checksum and birth date are still checked by stdnum."""
	try:
		return ric.validate(number)
	except (InvalidComponent, KeyError):  # stdnum raises KeyError for a province-only code
		ric.get_birth_date(number)  # an impossible date still raises InvalidComponent
		if not any("county" in props for _part, props in numdb.get("cn/loc").info(number[:6])):
			raise InvalidComponent() from None
		return number


def mask_id_number(number: str) -> str:
	"""371302********123X: area prefix and the last four characters only."""
	if not number or len(number) < 10:
		return ""
	return number[:6] + "*" * (len(number) - 10) + number[-4:]


# --- Mobile phone numbers ---------------------------------------------------------------


def validate_mobile(value: str | None) -> str:
	"""Return the number in E.164 (+8613812345678); only mainland mobile numbers pass."""
	raw = normalize(value).replace(" ", "").replace("-", "")
	if not raw:
		raise InvalidInput(_("Mobile number is required"))
	try:
		parsed = phonenumbers.parse(raw, "CN")
	except phonenumbers.NumberParseException:
		raise InvalidInput(_("Mobile number {value} is invalid"), value=raw) from None
	if (
		parsed.country_code != 86
		or not phonenumbers.is_valid_number(parsed)
		or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE
	):
		raise InvalidInput(
			_("Mobile number {value} is invalid: use 11 digits starting with 13–19"), value=raw
		)
	return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_mobile(e164: str) -> str:
	"""+8613812345678 → 138****5678."""
	national = e164[3:] if e164 and e164.startswith("+86") else (e164 or "")
	if len(national) != 11:
		return ""
	return f"{national[:3]}****{national[-4:]}"


# --- Plain text: names, addresses, certificate numbers ------------------------------------

# A tag needs "<" or ">" (full-width ＜＞ and small ﹤﹥ become them under NFKC); a character
# reference (&lt; &#60; &#x3c;) would become one wherever text is decoded twice.
MARKUP = re.compile(r"[<>]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def validate_plain_text(value: str | None, field: str) -> str:
	"""Names and identifiers are plain text: refuse HTML instead of storing what Frappe's
	sanitiser leaves of it (it removes event handlers and keeps the tag). `field` is the
	field's label, already in the user's language."""
	text = normalize(value)
	if MARKUP.search(text):
		raise InvalidInput(
			_("{field} cannot contain HTML markup: angle brackets and HTML character codes are not allowed"),
			field=field,
		)
	return text


# --- Point names ------------------------------------------------------------------------


def validate_point_name(value: str | None) -> str:
	name = normalize(value)
	if "托育" not in name:
		raise InvalidInput(_("The point's name must contain 托育"))
	return name
