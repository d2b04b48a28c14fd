"""The agency's letterhead (kop surat), page layout and signature blocks, kept as settings.

An administrator edits them at /admin/letterhead; the logo is a document of the documents service
(owner ``core_letterhead`` 1), so every logo ever used keeps its version.
"""

from __future__ import annotations

import base64
import re
from types import MappingProxyType
from dataclasses import asdict, dataclass, field, replace

from balai.context import current
from balai.i18n import _
from balai.identity.nip import parse_nip
from balai.settings import service as settings

LETTERHEAD = "officialdocs.letterhead"
SIGNATURES = "officialdocs.signatures"
LOGO_OWNER = ("core_letterhead", 1)
# Paper sizes in mm. F4 (folio) is what most regional governments print on.
PAPERS = MappingProxyType({"A4": (210, 297), "F4": (215, 330)})
# Ruang tepi of Tata Naskah Dinas (mm): 2 cm top, 2.5 cm bottom, 2.5 cm left, 2 cm right as the
# minimum of Permendagri 54/2009's appendix; the agency may widen them.
MARGINS = MappingProxyType({"top": 20, "right": 20, "bottom": 25, "left": 25})
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = MappingProxyType({"government": 150, "agency": 200, "address": 300, "city": 60, "telephone": 100,
                           "email": 120, "website": 120, "public_url": 200})


@dataclass(frozen=True)
class Signature:
    """A signature block: the title (jabatan), name, pangkat and NIP of whoever signs.

    ``prefix`` is printed before the title (``"Plh."``, ``"Plt."``, ``"a.n."``): the caller gives it
    when someone signs for the holder of the position.
    """

    title: str
    name: str
    pangkat: str = ""
    nip: str = ""
    code: str = ""
    prefix: str = ""

    @property
    def printed_title(self) -> str:
        return f"{self.prefix} {self.title}".strip() if self.prefix else self.title

    def acting(self, prefix: str, name: str | None = None, pangkat: str | None = None,
               nip: str | None = None) -> "Signature":
        """The same block signed by a stand-in: ``acting("Plh.", name=..., nip=...)``."""
        return replace(self, prefix=prefix, name=self.name if name is None else name,
                       pangkat=self.pangkat if pangkat is None else pangkat, nip=self.nip if nip is None else nip)

    def as_dict(self) -> dict:
        return {**asdict(self), "printed_title": self.printed_title}


@dataclass(frozen=True)
class Letterhead:
    government: str = "PEMERINTAH PROVINSI KALIMANTAN TIMUR"
    agency: str = ""
    address: str = ""
    city: str = "Samarinda"  # where documents are signed: "Samarinda, 8 Desember 2025"
    telephone: str = ""
    email: str = ""
    website: str = ""
    public_url: str = ""  # where the verification page is reached from outside (QR codes)
    paper: str = "F4"
    margins: dict = field(default_factory=lambda: dict(MARGINS))
    logo_version: int | None = None  # id of the logo's DocumentVersion

    def contact_line(self) -> str:
        parts = []
        if self.telephone:
            parts.append(_("Telepon %(nomor)s", nomor=self.telephone))
        if self.email:
            parts.append(_("Pos-el %(alamat)s", alamat=self.email))
        if self.website:
            parts.append(_("Laman %(alamat)s", alamat=self.website))
        return ", ".join(parts)


def _default() -> Letterhead:
    return Letterhead(agency=current().config.agency_name.upper())


async def letterhead() -> Letterhead:
    """The agency's letterhead as set by the administrator (defaults before that)."""
    stored = (await settings.read([LETTERHEAD])).get(LETTERHEAD) or {}
    base = _default()
    known = {k: v for k, v in stored.items() if k in Letterhead.__dataclass_fields__}
    merged = replace(base, **known)
    return replace(merged, margins={**MARGINS, **(merged.margins or {})})


async def signatures() -> list[Signature]:
    """Every signature block the administrator set, in their order."""
    stored = (await settings.read([SIGNATURES])).get(SIGNATURES) or []
    return [Signature(**{k: v for k, v in s.items() if k in Signature.__dataclass_fields__}) for s in stored]


async def signature(code: str) -> Signature | None:
    """The signature block ``code`` (e.g. ``"kepala_dinas"``), or None when none is set."""
    return next((s for s in await signatures() if s.code == code), None)


async def logo() -> tuple[bytes, str] | None:
    """The logo's bytes and content type, or None."""
    head = await letterhead()
    if not head.logo_version:
        return None
    from balai.documents.service import DocumentNotFound, open_download

    try:
        download = await open_download(head.logo_version)
    except DocumentNotFound:
        return None
    return await download.read(), download.version["content_type"]


async def logo_data_uri() -> str:
    found = await logo()
    if not found:
        return ""
    data, content_type = found
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


# --- the administrator's form --------------------------------------------------------------------


def read_letterhead_form(data: dict) -> tuple[dict, dict[str, str]]:
    """The letterhead fields from a form: (values to store, errors by field)."""
    form = {k: " ".join(str(data.get(k) or "").split()) for k in LIMITS}
    form["paper"] = str(data.get("paper") or "F4")
    errors: dict[str, str] = {}
    for key, limit in LIMITS.items():
        if len(form[key]) > limit:
            errors[key] = _("Paling banyak %(n)s karakter.", n=limit)
    if not form["agency"]:
        errors["agency"] = _("Nama instansi wajib diisi.")
    if form["email"] and not EMAIL.match(form["email"]):
        errors["email"] = _("Alamat pos-el tidak sah.")
    for key in ("website", "public_url"):
        if form[key] and not re.match(r"^(https?://)?[\w.-]+\.[a-z]{2,}(:\d+)?(/\S*)?$", form[key], re.I):
            errors[key] = _("Alamat laman tidak sah.")
    if form["public_url"] and not form["public_url"].startswith(("http://", "https://")):
        errors["public_url"] = _("Tulis alamat lengkap, diawali https://.")
    if form["paper"] not in PAPERS:
        errors["paper"] = _("Pilih ukuran kertas A4 atau F4.")
    margins = {}
    for side in MARGINS:
        raw = str(data.get(f"margin_{side}") or "").strip()
        try:
            value = int(raw)
            if not 10 <= value <= 60:
                raise ValueError
            margins[side] = value
        except ValueError:
            errors[f"margin_{side}"] = _("Ruang tepi dalam milimeter, 10 sampai 60.")
            margins[side] = raw
    form["margins"] = margins
    return form, errors


def read_signature_rows(data: dict, count: int) -> tuple[list[dict], dict[str, str]]:
    """Rows ``sig_<i>_<field>`` of the form: filled rows, errors by ``sig_<i>_<field>``."""
    rows, errors, seen = [], {}, set()
    for i in range(count):
        row = {k: " ".join(str(data.get(f"sig_{i}_{k}") or "").split()) for k in ("code", "title", "name", "pangkat", "nip")}
        if not any(row.values()):
            continue
        row["_i"] = i
        if not CODE.match(row["code"]):
            errors[f"sig_{i}_code"] = _("Kode: huruf kecil, angka dan garis bawah, diawali huruf (mis. kepala_dinas).")
        elif row["code"] in seen:
            errors[f"sig_{i}_code"] = _("Kode ini sudah dipakai blok lain.")
        seen.add(row["code"])
        if not row["title"]:
            errors[f"sig_{i}_title"] = _("Jabatan wajib diisi.")
        if not row["name"]:
            errors[f"sig_{i}_name"] = _("Nama wajib diisi.")
        for key, limit in (("title", 300), ("name", 200), ("pangkat", 100)):
            if len(row[key]) > limit:
                errors[f"sig_{i}_{key}"] = _("Paling banyak %(n)s karakter.", n=limit)
        if row["nip"]:
            try:
                row["nip"] = str(parse_nip(row["nip"]))
            except ValueError as exc:
                errors[f"sig_{i}_nip"] = str(exc)
        rows.append(row)
    return rows, errors


async def save(values: dict, rows: list[dict], logo_version: int | None) -> None:
    """Store the letterhead and the signature blocks together (inside the caller's transaction)."""
    stored = {k: values[k] for k in (*LIMITS, "paper", "margins")}
    stored["logo_version"] = logo_version
    await settings.write(LETTERHEAD, stored)
    await settings.write(SIGNATURES, [{k: r[k] for k in ("code", "title", "name", "pangkat", "nip")} for r in rows])
