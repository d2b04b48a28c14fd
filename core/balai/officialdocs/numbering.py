"""Numbers for the whole agency: a plugin asks for a number of a kind, the numbering plugin (or the
core's own counter) answers.

The ``allocate_number`` hook is first-result: a plugin that keeps the agency's register (persuratan,
with its templates, counters and the Buku Agenda Keluar) answers for the kinds it numbers; for any
other kind the core's counter does. Either way the serial is taken with an ``UPDATE … RETURNING``
inside the caller's transaction: the row lock makes concurrent requests wait their turn, and a
request that fails afterwards gives its number back with the rollback, so serials never repeat
and never skip.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from balai.context import current
from balai.db import write_transaction
from balai.i18n import lazy_gettext, today
from balai.officialdocs.tables import NumberCounter
from balai.plugins import await_me_maybe

KIND = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
# Kinds every plugin may ask for; a plugin may use its own code too (labels are for pages).
KINDS = MappingProxyType({
    "surat": lazy_gettext("Surat"),
    "nota_dinas": lazy_gettext("Nota dinas"),
    "surat_tugas": lazy_gettext("Surat tugas"),
    "undangan": lazy_gettext("Surat undangan"),
    "sk": lazy_gettext("Surat Keputusan"),
    "bast": lazy_gettext("Berita Acara Serah Terima"),
    "berita_acara": lazy_gettext("Berita acara"),
    "kuitansi": lazy_gettext("Kuitansi / tanda terima"),
    "laporan": lazy_gettext("Laporan"),
    "lembar_disposisi": lazy_gettext("Lembar disposisi"),
})
PLACEHOLDERS = frozenset({"klasifikasi", "nomor", "unit", "bulan", "bulan_angka", "tahun", "jenis"})
# The core's format when the agency has set none for a kind; empty parts are dropped.
DEFAULT_FORMAT = "{klasifikasi}/{nomor}/{unit}/{tahun}"
FORMATS_SETTING = "officialdocs.number_formats"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class NumberingError(ValueError):
    """A request for a number that cannot be answered (unknown kind, bad template)."""


@dataclass(frozen=True)
class NumberRequest:
    """What a plugin asks for. ``requester`` is the asking plugin's name, ``record`` its own row
    (``(owner_type, owner_id)``), ``subject``/``addressee`` what the register shows."""

    kind: str
    classification: str = ""
    unit_id: int | None = None
    unit_code: str = ""
    on: date | None = None
    subject: str = ""
    addressee: str = ""
    requester: str = ""
    record: tuple[str, int] | None = None
    user: object = None


@dataclass(frozen=True)
class AllocatedNumber:
    """The answer: ``text`` is the number as written on the document, ``serial`` its place in
    ``counter``; ``registered_by`` names who keeps the register (``"core"`` or the plugin),
    ``register_id`` the register's row (persuratan: the Buku Agenda Keluar entry)."""

    text: str
    serial: int
    kind: str
    on: date
    counter: str
    registered_by: str = "core"
    register_id: int | None = None
    extra: dict = field(default_factory=dict)




def build(fmt: str, *, serial: int, on: date, classification: str = "", unit_code: str = "", kind: str = "") -> str:
    """The number from a template such as ``{klasifikasi}/{nomor}/{unit}/{bulan}/{tahun}``.

    Parts left empty (no classification, no unit code) are dropped with their separator, so
    ``{klasifikasi}/{nomor}/{unit}/{tahun}`` without a classification reads ``12/Sek.Um/2026``.
    """
    values = {"klasifikasi": classification, "nomor": serial, "unit": unit_code, "tahun": on.year,
              "bulan": ROMAN[on.month - 1], "bulan_angka": f"{on.month:02d}", "jenis": kind}
    text = fmt.format(**values)
    return re.sub(r"/{2,}", "/", text).strip("/")


def check_format(fmt: str) -> str | None:
    """Why a number template cannot be used, or None."""
    try:
        names = {name for _t, name, _s, _c in string.Formatter().parse(fmt) if name is not None}
    except ValueError:
        return "unreadable"
    if names - PLACEHOLDERS:
        return "unknown: " + ", ".join(sorted(names - PLACEHOLDERS))
    if "nomor" not in names:
        return "no {nomor}"
    return None


async def next_value(key: str) -> int:
    """The next value of the core counter ``key``. Call inside :func:`write_transaction`."""
    sql = "UPDATE core_number_counter SET value = value + 1 WHERE key = {} RETURNING value"
    rows = await NumberCounter.raw(sql, key)
    if not rows:
        await NumberCounter.raw(
            "INSERT INTO core_number_counter (key, value) VALUES ({}, 0) ON CONFLICT (key) DO NOTHING", key)
        rows = await NumberCounter.raw(sql, key)
    return rows[0]["value"]


async def counter_value(key: str) -> int:
    row = await NumberCounter.select(NumberCounter.value).where(NumberCounter.key == key).first()
    return row["value"] if row else 0


def core_counter_key(request: NumberRequest, on: date) -> str:
    return f"{request.kind}|{request.classification}|{request.unit_code}|{on.year}"


async def _core_allocate(request: NumberRequest) -> AllocatedNumber:
    from balai.settings import service as settings

    on = request.on or today()
    formats = (await settings.read([FORMATS_SETTING])).get(FORMATS_SETTING) or {}
    fmt = formats.get(request.kind) or DEFAULT_FORMAT
    key = core_counter_key(request, on)
    async with write_transaction():
        serial = await next_value(key)
    text = build(fmt, serial=serial, on=on, classification=request.classification, unit_code=request.unit_code,
                 kind=request.kind)
    return AllocatedNumber(text=text, serial=serial, kind=request.kind, on=on, counter=key)


def _checked(request: NumberRequest) -> NumberRequest:
    if not isinstance(request.kind, str) or not KIND.match(request.kind):
        raise NumberingError(f"jenis naskah tidak sah: {request.kind!r}")
    for name in ("classification", "unit_code", "subject", "addressee"):
        if not isinstance(getattr(request, name), str):
            raise NumberingError(f"{name} harus berupa teks")
    return request


async def allocate_number(kind: str, *, classification: str = "", unit_id: int | None = None, unit_code: str = "",
                          on: date | None = None, subject: str = "", addressee: str = "", requester: str = "",
                          record: tuple[str, int] | None = None, user=None) -> AllocatedNumber:
    """The next number of ``kind`` (``"surat"``, ``"sk"``, ``"bast"``, ``"kuitansi"``, …).

    Call it inside the transaction that writes your document (``async with write_transaction():``)
    so that a failure gives the number back; it joins that transaction. The plugin that numbers
    that kind answers (persuratan: its template and counters, and an entry in the Buku Agenda
    Keluar); otherwise the core's counter, with the template the agency set for the kind
    (setting ``officialdocs.number_formats``) or ``{klasifikasi}/{nomor}/{unit}/{tahun}``.
    """
    request = _checked(NumberRequest(kind=kind, classification=classification.strip(), unit_id=unit_id,
                                     unit_code=unit_code.strip(), on=on, subject=subject, addressee=addressee,
                                     requester=requester, record=record, user=user))
    async with write_transaction():
        answer = current().host.hook.allocate_number(request=request)
        if answer is not None:
            return await await_me_maybe(answer)
        return await _core_allocate(request)
