"""The boundary: the types every value from outside is read through.

A handler never takes a bare ``str``, ``int``, ``dict`` or raw body. Its path and query
parameters are :data:`PathId`, :data:`QueryText`, :func:`query_int` …, its form is :data:`Form` (or
:data:`MultipartForm`),
its JSON body a ``msgspec.Struct`` whose fields are :func:`text`, :data:`Id`, :func:`integer` …
Litestar validates them before the handler runs, so:

- a string never carries NUL or another control character (tab, line feed and carriage
  return are text) and never exceeds its length: PostgreSQL refuses NUL, and a value longer
  than its column would be a 500 there and stored whole on SQLite;
- an integer stays in its column's range (``serial`` ids are 32-bit; a year is four digits);
- a refusal is a 400 that names the field and why (:func:`explain`), shown on the page or in
  the API's ``extra``.

``tests/test_inputs.py`` walks every route of the app and fails on a parameter that is not
one of these. Values read outside a handler's signature (a streamed upload form's fields, a
form value turned into a number) go through :func:`clean_text` and :func:`whole_number`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, PathParameter, QueryParameter

from balai.i18n import _

# Tab, line feed and carriage return are text; every other C0 control and DEL is not.
CONTROL_FREE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INT32 = 2**31 - 1  # PostgreSQL integer / serial
SHORT = 200  # a name, a code, a search term
FIELD = 64 * 1024  # one field of a form, as much as a public form may send; columns that hold less say so
LAST_PAGE = 100_000


def query_text(max_length: int = SHORT, query: str | None = None) -> Any:
    """``query``: the parameter's name in the URL when Python cannot use it (``state`` is Litestar's)."""
    return Annotated[str, QueryParameter(max_length=max_length, pattern=CONTROL_FREE, name=query)]


def path_text(max_length: int = SHORT) -> Any:
    return Annotated[str, PathParameter(max_length=max_length, pattern=CONTROL_FREE)]


def query_int(ge: int, le: int) -> Any:
    return Annotated[int, QueryParameter(ge=ge, le=le)]


def text(max_length: int, min_length: int = 0) -> Any:
    """A string field of a JSON body (a ``msgspec.Struct``), with its column's length."""
    return Annotated[str, msgspec.Meta(max_length=max_length, min_length=min_length, pattern=CONTROL_FREE)]


def integer(ge: int, le: int) -> Any:
    """An integer field of a JSON body."""
    return Annotated[int, msgspec.Meta(ge=ge, le=le)]


QueryText = query_text()
MaybeQueryText = Annotated[str | None, QueryParameter(max_length=SHORT, pattern=CONTROL_FREE)]  # absent: None
PathText = path_text()
PathId = Annotated[int, PathParameter(ge=1, le=INT32)]
QueryId = Annotated[int, QueryParameter(ge=1, le=INT32)]
QueryNumber = Annotated[int, QueryParameter(ge=0, le=INT32)]  # a count, a version, a flag
Year = Annotated[int, QueryParameter(ge=1900, le=2999)]
MaybeYear = Annotated[int | None, QueryParameter(ge=1900, le=2999)]
MaybeQueryId = Annotated[int | None, QueryParameter(ge=1, le=INT32)]
Id = Annotated[int, msgspec.Meta(ge=1, le=INT32)]


class FormFields(dict):
    """The fields of a submitted form: ``form[name]`` and ``form.get(name)`` give one value (the
    last, when a field was sent twice), ``form.getall(name)`` all of them (checkboxes, several
    files). A value is a string or, in a multipart form, an uploaded file. Made by
    :func:`decode_form`, which refuses what no form field may hold."""

    def __init__(self, fields: dict):
        self._all = {name: list(v) if isinstance(v, list) else [v] for name, v in fields.items()}
        super().__init__({name: values[-1] for name, values in self._all.items() if values})

    def getall(self, name: str, default: Any = ()) -> list:
        return list(self._all.get(name) or default)


def decode_form(kind: type, value: Any) -> FormFields:
    for name, field in value.items():
        clean_text(name, SHORT, _("Nama isian"))
        for item in field if isinstance(field, list) else (field,):
            if isinstance(item, str):
                clean_text(item, FIELD, str(name))
    return kind(value)


class PageNumber(int):
    """A page of a list, from a URL: whatever was typed, a page from 1 to LAST_PAGE (past the end,
    absurd or not a number is still a page to show, never an error)."""


def decode_page(kind: type, value: Any) -> PageNumber:
    text_value = str(value)
    number = int(text_value) if text_value.isdigit() and len(text_value) <= 6 else 1
    return kind(min(max(number, 1), LAST_PAGE))


Page = Annotated[PageNumber, QueryParameter(schema_extra={"type": "integer", "minimum": 1, "maximum": LAST_PAGE})]

# Litestar converts a form body into FormFields, and a page number into a PageNumber, through these
# decoders (create_app registers them); a decoder's ValueError is a 400 naming the field.
TYPE_DECODERS = (
    (lambda kind: isinstance(kind, type) and issubclass(kind, FormFields), decode_form),
    (lambda kind: kind is PageNumber, decode_page),
)
Form = Annotated[FormFields, BodyKwarg(media_type=RequestEncodingType.URL_ENCODED)]
MultipartForm = Annotated[FormFields, BodyKwarg(media_type=RequestEncodingType.MULTI_PART)]
# A JSON object inside a JSON body (a case's data): bounded by the body's size and nesting, its
# strings checked for control characters (balai.web.request).
JSONObject = dict[Annotated[str, msgspec.Meta(max_length=SHORT, pattern=CONTROL_FREE)], Any]


class InputError(ValueError):
    """A value from outside that cannot be used; its message says why, in the reader's language."""


def clean_text(value: Any, max_length: int = FIELD, label: str = "") -> str:
    """A text value read outside a signature (a streamed upload form), checked like the boundary types."""
    value = "" if value is None else str(value)
    if CONTROL.search(value):
        raise InputError(_("%(field)s berisi karakter kendali yang tidak diterima.", field=label or _("Isian")))
    if len(value) > max_length:
        raise InputError(_("%(field)s paling banyak %(n)s karakter.", field=label or _("Isian"), n=max_length))
    return value


def whole_number(value: Any, ge: int = 0, le: int = INT32) -> int:
    """An integer typed into a form, within its column's range; InputError when it is not one."""
    text_value = str(value if value is not None else "").strip()
    if not re.fullmatch(r"[+-]?\d{1,12}", text_value):
        raise InputError(_("Harus bilangan bulat."))
    number = int(text_value)
    if not ge <= number <= le:
        raise InputError(_("Harus antara %(lo)s dan %(hi)s.", lo=ge, hi=le))
    return number


def column_lengths(table) -> dict[str, int]:
    """Each Varchar column of a Piccolo table and its length."""
    from piccolo.columns import Varchar

    return {c._meta.name: c.length for c in table._meta.columns if isinstance(c, Varchar) and c.length}


def too_long(table, values: dict) -> dict[str, str]:
    """Messages for the values longer than their column (the form shows them by field)."""
    limits = column_lengths(table)
    return {name: _("Paling banyak %(n)s karakter.", n=limits[name])
            for name, value in values.items()
            if name in limits and isinstance(value, str) and len(value) > limits[name]}


_MESSAGES = (
    (re.compile(r"Expected `str` matching regex"), lambda m: _("berisi karakter kendali yang tidak diterima")),
    (re.compile(r"Expected `str` of length <= (\d+)"), lambda m: _("paling banyak %(n)s karakter", n=m[1])),
    (re.compile(r"Expected `str` of length >= (\d+)"), lambda m: _("paling sedikit %(n)s karakter", n=m[1])),
    (re.compile(r"Expected `int` <= (-?\d+)"), lambda m: _("paling besar %(n)s", n=m[1])),
    (re.compile(r"Expected `int` >= (-?\d+)"), lambda m: _("paling kecil %(n)s", n=m[1])),
    (re.compile(r"Expected `int[` ]"), lambda m: _("harus bilangan bulat")),
    (re.compile(r"Expected `str`"), lambda m: _("harus teks")),
    (re.compile(r"Expected `object`"), lambda m: _("harus berupa objek JSON")),
    (re.compile(r"Expected `array`"), lambda m: _("harus berupa daftar")),
    (re.compile(r"Expected `bool`"), lambda m: _("harus true atau false")),
    (re.compile(r"Object missing required field `(\w+)`"), lambda m: _("kolom %(f)s wajib ada", f=m[1])),
    (re.compile(r"Object contains unknown field `(\w+)`"), lambda m: _("kolom %(f)s tidak dikenal", f=m[1])),
)


def explain(extra: Any) -> str:
    """Litestar's validation details (msgspec's English) as one Indonesian sentence per field."""
    if not isinstance(extra, list):
        return ""
    parts = []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message, key = str(item.get("message", "")), str(item.get("key") or "")
        where = re.search(r"at `\$\.?([^`]*)`", message)
        field = (where[1] if where and where[1] else key) or _("isian")
        for pattern, say in _MESSAGES:
            found = pattern.search(message)
            if found:
                parts.append(f"{field}: {say(found)}")
                break
        else:
            # Balai's own refusals (decode_form's InputError) are already said, field included.
            english = message.startswith(("Expected", "Object", "Invalid", "Unsupported"))
            parts.append(f"{field}: {_('nilai tidak sah')}" if english or not message else message.rstrip("."))
    return "; ".join(parts)
