"""The leak check of a file before it is released to a requester or published.

Public bodies have leaked personal data hidden in the files they released: a spreadsheet's hidden
sheet or column full of NIKs, a comment, the author in the metadata. Every file is read here as
the requester would be able to read it, every part of it, shown or hidden: the text of a PDF
(its FlateDecode streams, decoded through the fonts' ToUnicode maps), every sheet, cell, comment
and the properties of an XLSX (hidden sheets, columns and rows named as such), the text, comments,
headers and properties of a DOCX, a CSV, and an image's embedded metadata (EXIF, PNG text). What
looks like a NIK (16 digits), a NIP (18), a phone number or an e-mail address is a finding; the
officer sees the findings and must confirm the release or replace the file.

An image's pixels and a scanned PDF cannot be read here: such a file gets a finding saying so,
so that someone looks at it before it goes out.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass
from xml.etree import ElementTree

from balai.api import _

# A NIK is 16 digits (province, regency, district, birth date, serial); a NIP 18. Spaces or dots
# between groups are how people type them.
NIK = re.compile(r"(?<![\d])(\d{6})[ .-]?(\d{6})[ .-]?(\d{4})(?![\d])")
NIP = re.compile(r"(?<![\d])(\d{8})[ ]?(\d{6})[ ]?(\d)[ ]?(\d{3})(?![\d])")
TELEPON = re.compile(r"(?<![\d+])(?:\+62|62|0)[ -]?8\d{1,2}[ -]?\d{3,4}[ -]?\d{3,5}(?![\d])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Temuan:
    """One finding: where in the file, what kind, and a masked sample (never the whole number)."""

    tempat: str
    jenis: str  # nik, nip, telepon, email, tersembunyi, metadata, tidak_terbaca
    contoh: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def label(jenis: str) -> str:
    return {"nik": _("Nomor berbentuk NIK (16 angka)"), "nip": _("Nomor berbentuk NIP (18 angka)"),
            "telepon": _("Nomor telepon"), "email": _("Alamat e-mail"),
            "tersembunyi": _("Bagian tersembunyi"), "metadata": _("Metadata/komentar"),
            "tidak_terbaca": _("Isi tidak dapat dibaca otomatis: periksa secara visual")}.get(jenis, jenis)


def _mask(text: str) -> str:
    if "@" in text:
        name, _at, domain = text.partition("@")
        return name[:2] + "***@" + domain
    digits = re.sub(r"\D", "", text)
    return digits[:4] + "*" * max(0, len(digits) - 6) + digits[-2:]


def cari_pola(text: str, tempat: str) -> list[Temuan]:
    """The personal-data patterns in ``text``, one finding per distinct match."""
    found: list[Temuan] = []
    seen: set[tuple[str, str]] = set()
    taken: list[tuple[int, int]] = []
    for jenis, pattern in (("nip", NIP), ("nik", NIK), ("email", EMAIL), ("telepon", TELEPON)):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # a NIP's digits are not also a phone number
            taken.append(m.span())
            key = (jenis, m.group(0))
            if key not in seen:
                seen.add(key)
                found.append(Temuan(tempat, jenis, _mask(m.group(0))))
    return found


# -- spreadsheets --------------------------------------------------------------------------------

def _cell_text(value) -> str:
    # A NIK typed into a number cell is stored as a float (6.472015708900003e15): read it whole.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _xlsx(data: bytes) -> list[Temuan]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    found: list[Temuan] = []
    for sheet in book.worksheets:
        hidden_sheet = sheet.sheet_state != "visible"
        if hidden_sheet:
            found.append(Temuan(_("Lembar '%(s)s'", s=sheet.title), "tersembunyi", _("lembar tersembunyi")))
        hidden_cols = {k for k, d in sheet.column_dimensions.items() if d.hidden}
        hidden_rows = {k for k, d in sheet.row_dimensions.items() if d.hidden}
        for col in sorted(hidden_cols):
            found.append(Temuan(_("Lembar '%(s)s', kolom %(c)s", s=sheet.title, c=col), "tersembunyi",
                                _("kolom tersembunyi")))
        for row in sorted(hidden_rows):
            found.append(Temuan(_("Lembar '%(s)s', baris %(r)s", s=sheet.title, r=row), "tersembunyi",
                                _("baris tersembunyi")))
        for row in sheet.iter_rows():
            for cell in row:
                text = _cell_text(cell.value)
                where = _("Lembar '%(s)s', sel %(c)s", s=sheet.title, c=cell.coordinate)
                if hidden_sheet or cell.column_letter in hidden_cols or cell.row in hidden_rows:
                    where += " " + _("(tersembunyi)")
                if text:
                    found += cari_pola(text, where)
                if cell.comment is not None:
                    found.append(Temuan(where, "metadata", _("komentar sel")))
                    found += cari_pola(cell.comment.text or "", where + " " + _("(komentar)"))
    found += _properties(book.properties.creator, book.properties.lastModifiedBy)
    return found


def _properties(*names) -> list[Temuan]:
    found = []
    for name in names:
        if name and name.strip() and name.strip().lower() not in ("openpyxl", "microsoft office user"):
            found.append(Temuan(_("Properti berkas"), "metadata", _("penulis: %(n)s", n=name.strip()[:60])))
            found += cari_pola(name, _("Properti berkas"))
    return found


# -- word documents --------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml_text(raw: bytes) -> str:
    root = ElementTree.fromstring(raw)
    return " ".join(t.text or "" for t in root.iter() if t.tag in (_W + "t", _W + "delText")
                    or t.tag.endswith("}creator") or t.tag.endswith("}lastModifiedBy"))


def _docx(data: bytes) -> list[Temuan]:
    found: list[Temuan] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or not (name.startswith("word/") or name == "docProps/core.xml"):
                continue
            raw = z.read(name)
            text = _xml_text(raw)
            where = {"word/document.xml": _("Isi dokumen"), "word/comments.xml": _("Komentar"),
                     "docProps/core.xml": _("Properti berkas")}.get(name, name)
            if name == "word/comments.xml" and text.strip():
                found.append(Temuan(where, "metadata", _("dokumen memuat komentar")))
            if b"<w:vanish/>" in raw:
                found.append(Temuan(where, "tersembunyi", _("teks tersembunyi")))
            if b"<w:del " in raw or b"<w:ins " in raw:
                found.append(Temuan(where, "metadata", _("perubahan terlacak (track changes)")))
            found += cari_pola(text, where)
    return found


# -- PDF ---------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(rb"(?<!<)<([0-9A-Fa-f\s]+)>(?!>)")
_LIT = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)


def _cmap(stream: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            try:
                mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
            except ValueError:
                continue
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), min(int(hi, 16), int(lo, 16) + 4096) + 1)):
                mapping[code] = chr(start + n)
    return mapping


def _pdf(data: bytes) -> list[Temuan]:
    streams = []
    for raw in _STREAM.findall(data):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    maps = [_cmap(s) for s in streams if b"beginbf" in s]
    texts = []
    for s in streams + [data]:
        if b"Tj" not in s and b"TJ" not in s and s is not data:
            continue
        for block in re.findall(rb"BT(.*?)ET", s, re.S):
            pieces = [m.group(0)[1:-1].decode("latin-1") for m in _LIT.finditer(block)]
            texts.append("".join(pieces))
            for m in _HEX.finditer(block):
                digits = re.sub(rb"\s", b"", m.group(1))
                raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
                for mapping in maps:  # which font drew it is not followed: each map is tried
                    texts.append("".join(mapping.get(int.from_bytes(raw[i:i + 2], "big"), "")
                                         for i in range(0, len(raw) - 1, 2)))
    # The document information dictionary (Author, Title ...), readable without decompressing.
    info = " ".join(m.decode("latin-1")[1:-1] for m in re.findall(rb"/(?:Author|Creator|Title|Subject)\s*(\([^)]*\))",
                                                                    data))
    found = cari_pola("\n".join(texts), _("Isi PDF")) + cari_pola(info, _("Properti berkas"))
    if not any(t.strip() for t in texts):
        found.append(Temuan(_("Isi PDF"), "tidak_terbaca", _("tidak ada teks yang terbaca (hasil pindai?)")))
    return found


# -- images and text -----------------------------------------------------------------------------

def _gambar(data: bytes) -> list[Temuan]:
    # EXIF, XMP and PNG text chunks are plain bytes inside the file: their readable runs are read.
    runs = " ".join(r.decode("latin-1") for r in re.findall(rb"[\x20-\x7e]{6,}", data[:2_000_000]))
    found = cari_pola(runs, _("Metadata gambar"))
    found.append(Temuan(_("Gambar"), "tidak_terbaca", _("isi gambar tidak dibaca otomatis")))
    return found


def periksa(nama: str, content_type: str, data: bytes) -> list[Temuan]:
    """Every finding in the file ``nama`` (its content decides how it is read, not its name)."""
    try:
        if data.startswith(b"%PDF-"):
            return _pdf(data)
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return _xlsx(data)
            if "word/document.xml" in names:
                return _docx(data)
            return [Temuan(nama, "tidak_terbaca", _("arsip ZIP: periksa isinya secara manual"))]
        if content_type.startswith("image/") or data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1"):
            return _gambar(data)
        text = data.decode("utf-8", errors="replace")
        return cari_pola(text, _("Isi berkas"))
    except Exception:  # a broken file is not proof of a clean one
        return [Temuan(nama, "tidak_terbaca", _("berkas tidak dapat dibuka untuk diperiksa"))]


# -- the record of each check --------------------------------------------------------------------

async def hasil(version_id: int, case_id: int) -> dict:
    """The check of a stored file version (made once, then read back), with its findings as dicts."""
    import json

    from balai.api import open_download

    from balai_ppid.tables import Pemeriksaan

    row = await Pemeriksaan.select().where(Pemeriksaan.version_id == version_id).first()
    if row is None:
        download = await open_download(version_id)
        found = periksa(download.version["filename"], download.version.get("content_type") or "", await download.read())
        await Pemeriksaan.insert(Pemeriksaan(
            version_id=version_id, case_id=case_id, nama_berkas=download.version["filename"][:255],
            temuan=json.dumps([t.as_dict() for t in found]), jumlah=len(found))).on_conflict(
            target=Pemeriksaan.version_id, action="DO NOTHING")
        row = await Pemeriksaan.select().where(Pemeriksaan.version_id == version_id).first()
    row["temuan"] = [{**t, "label": label(t["jenis"])} for t in json.loads(row["temuan"] or "[]")]
    return row


async def konfirmasi(version_ids: list[int], alasan: str, user) -> None:
    """The officer releases these files despite their findings: who, when and why, kept."""
    from datetime import datetime, timezone

    from balai_ppid.tables import Pemeriksaan

    if version_ids:
        await Pemeriksaan.update({Pemeriksaan.dikonfirmasi_oleh: user.id,
                                  Pemeriksaan.dikonfirmasi_pada: datetime.now(timezone.utc),
                                  Pemeriksaan.alasan: alasan}).where(Pemeriksaan.version_id.is_in(version_ids))
