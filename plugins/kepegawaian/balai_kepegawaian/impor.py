"""Import of the existing roster from XLSX or CSV, and export of the roster in the same columns.

One row is one person with their current pangkat and jabatan (the first rows of their histories). A
row is written in one transaction — identity, pangkat, jabatan and the core account made or linked
from the NIP (``provision_person``) — or not at all: a refused row leaves nothing behind and the report
says which row and why. A person already on file (by NIP) is updated; a pangkat or jabatan already in
the history (same golongan or name with the same TMT) is not added twice, so importing the same file
again changes nothing. ``periksa=True`` runs every row and rolls each back: the report of a real run,
without writing.

The command line: ``balai kepegawaian-impor FILE [--periksa]`` (a progress bar on stderr, the report on
stdout, exit status 1 when a row was refused). The Pengelola uploads the same files at
``/kepegawaian/pegawai/impor``. The sample ``data/contoh_pegawai.csv`` (and ``.xlsx``) shows the columns.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from balai.api import _, audit_record, org_units

from balai_kepegawaian import pegawai as data

KOLOM = (
    "nip", "gelar_depan", "nama", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "agama",
    "status_kawin", "jenis_kepegawaian", "tmt_cpns", "tmt_pns", "unit",
    "golongan", "tmt_golongan", "nomor_sk_pangkat", "tanggal_sk_pangkat", "mkg_tahun", "mkg_bulan",
    "jabatan", "jenis_jabatan", "jenjang_jabatan", "tmt_jabatan", "nomor_sk_jabatan", "tanggal_sk_jabatan", "bup",
    "telepon", "email", "alamat",
)
WAJIB = ("nama", "tanggal_lahir", "jenis_kelamin", "unit")
BATAS_BYTE = 5 * 1024 * 1024
BATAS_BARIS = 5000
CONTOH = Path(__file__).parent / "data" / "contoh_pegawai"

# Which import column a field of each part of the file came from, so a refusal names the column typed.
_KOLOM_PANGKAT = {"golongan": "golongan", "tmt": "tmt_golongan", "nomor_sk": "nomor_sk_pangkat",
                  "tanggal_sk": "tanggal_sk_pangkat", "mkg_tahun": "mkg_tahun", "mkg_bulan": "mkg_bulan",
                  "jenis": "golongan"}
_KOLOM_JABATAN = {"nama_jabatan": "jabatan", "jenis": "jenis_jabatan", "jenjang": "jenjang_jabatan",
                  "unit_id": "unit", "tmt": "tmt_jabatan", "nomor_sk": "nomor_sk_jabatan",
                  "tanggal_sk": "tanggal_sk_jabatan", "bup": "bup"}
_KOLOM_IDENTITAS = {"unit_id": "unit"}


class BerkasDitolak(ValueError):
    """A file that cannot be read at all (not CSV/XLSX, no header, too big); the message says why."""


@dataclass
class Baris:
    nomor: int  # the row number as a spreadsheet shows it (the header is row 1)
    nip: str
    nama: str
    status: str = ""  # baru, diubah, ditolak
    alasan: list[str] = field(default_factory=list)
    pegawai_id: int | None = None


@dataclass
class Hasil:
    baris: list[Baris] = field(default_factory=list)
    periksa: bool = False

    def jumlah(self, status: str) -> int:
        return sum(1 for b in self.baris if b.status == status)

    @property
    def ditolak(self) -> list[Baris]:
        return [b for b in self.baris if b.status == "ditolak"]

    def ringkas(self) -> str:
        text = _("%(baru)s baru, %(diubah)s diubah, %(ditolak)s ditolak dari %(total)s baris.",
                 baru=self.jumlah("baru"), diubah=self.jumlah("diubah"), ditolak=self.jumlah("ditolak"),
                 total=len(self.baris))
        return (_("Pemeriksaan saja, tidak ada yang disimpan:") + " " + text) if self.periksa else text


# --- reading a file -------------------------------------------------------------------------------


def _sel(value) -> str:
    """A cell as text: dates as ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _kunci(header) -> str:
    return _sel(header).lower().replace(" ", "_").replace("-", "_")


def baca(isi: bytes, nama_berkas: str = "") -> list[dict]:
    """The rows of a CSV or XLSX file as dicts by column (plus ``_nomor``, ``_nip_angka``). Raises BerkasDitolak."""
    if len(isi) > BATAS_BYTE:
        raise BerkasDitolak(_("Berkas lebih dari %(mb)s MB.", mb=BATAS_BYTE // (1024 * 1024)))
    if isi[:4] == b"PK\x03\x04":
        rows = _baca_xlsx(isi)
    elif nama_berkas.lower().endswith((".xlsx", ".xlsm")):
        raise BerkasDitolak(_("Berkas ini bukan XLSX yang dapat dibaca."))
    else:
        rows = _baca_csv(isi)
    if not rows:
        raise BerkasDitolak(_("Berkas kosong: baris pertama harus berisi nama kolom."))
    header = [_kunci(h) for h in rows[0]]
    missing = [c for c in WAJIB if c not in header]
    if missing:
        raise BerkasDitolak(_("Kolom wajib tidak ada: %(kolom)s. Lihat berkas contoh.", kolom=", ".join(missing)))
    found = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(_sel(c) for c in cells):
            continue
        row = {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}
        found.append({**{k: _sel(v) for k, v in row.items()}, "_nomor": number,
                      "_nip_angka": isinstance(row.get("nip"), (int, float))})
        if len(found) > BATAS_BARIS:
            raise BerkasDitolak(_("Paling banyak %(n)s baris sekali impor.", n=BATAS_BARIS))
    return found


def _baca_xlsx(isi: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; the user only needs to know it is one
        raise BerkasDitolak(_("Berkas ini bukan XLSX yang dapat dibaca.")) from None
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _baca_csv(isi: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = isi.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise BerkasDitolak(_("Berkas CSV harus UTF-8."))
    if "\x00" in text:
        raise BerkasDitolak(_("Berkas ini bukan CSV atau XLSX."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


# --- one row ---------------------------------------------------------------------------------------


_KELAMIN = {"l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "p": "P", "perempuan": "P", "wanita": "P"}


def _jenjang(jenis: str, jenjang: str) -> str:
    if jenis == "struktural" and "." in jenjang:
        eselon, huruf = jenjang.split(".", 1)
        return f"{eselon.upper()}.{huruf.lower()}"
    return jenjang.lower()


async def _unit_id(text: str, units: list[dict]) -> int | None:
    text = text.strip().lower()
    for unit in units:
        if text in (unit["code"].lower(), unit["name"].lower()):
            return unit["id"]
    return None


def _nama_kolom(errors: dict, peta: dict) -> list[str]:
    return [f"{peta.get(k, k)}: {v}" if k != "_" else str(v) for k, v in errors.items()]


async def _siapkan(row: dict, units: list[dict]) -> tuple[dict, dict | None, dict | None, list[str]]:
    """The three forms a row makes (identity, pangkat, jabatan) and the reasons it is refused."""
    alasan = []
    if row.get("_nip_angka"):
        alasan.append(_("nip: tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; "
                        "format kolom NIP sebagai teks."))
    unit_id = await _unit_id(row.get("unit", ""), units) if row.get("unit") else None
    if row.get("unit") and unit_id is None:
        alasan.append(_("unit: unit '%(unit)s' tidak dikenal (tulis kode atau nama unit).", unit=row["unit"]))
    identitas = {k: row.get(k, "") for k in data.IDENTITAS if k not in ("unit_id", "aktif")}
    identitas["jenis_kelamin"] = _KELAMIN.get(identitas["jenis_kelamin"].lower(), identitas["jenis_kelamin"])
    identitas["jenis_kepegawaian"] = (identitas["jenis_kepegawaian"] or "PNS").upper()
    identitas["status_kawin"] = identitas["status_kawin"].lower().replace(" ", "_")
    identitas["nip"] = identitas["nip"].replace(" ", "")
    identitas["unit_id"] = str(unit_id or "")
    pangkat = None
    if row.get("golongan"):
        pangkat = {"golongan": row["golongan"], "tmt": row.get("tmt_golongan", ""),
                   "nomor_sk": row.get("nomor_sk_pangkat", ""), "tanggal_sk": row.get("tanggal_sk_pangkat", ""),
                   "mkg_tahun": row.get("mkg_tahun", ""), "mkg_bulan": row.get("mkg_bulan", ""),
                   "jenis": "pengangkatan" if row.get("tmt_golongan") and row.get("tmt_golongan") == row.get("tmt_cpns")
                   else "reguler"}
    jabatan = None
    if row.get("jabatan"):
        jenis = row.get("jenis_jabatan", "").lower()
        jabatan = {"nama_jabatan": row["jabatan"], "jenis": jenis,
                   "jenjang": _jenjang(jenis, row.get("jenjang_jabatan", "")), "unit_id": str(unit_id or ""),
                   "tmt": row.get("tmt_jabatan", ""), "nomor_sk": row.get("nomor_sk_jabatan", ""),
                   "tanggal_sk": row.get("tanggal_sk_jabatan", ""), "bup": row.get("bup", "")}
    return identitas, pangkat, jabatan, alasan


class _Batal(Exception):
    """Rolls a checked row back (``periksa``)."""


async def impor_baris(row: dict, units: list[dict], *, user=None, periksa: bool = False, ip: str = "") -> Baris:
    """Check and write one row in its own transaction; the returned Baris says what happened."""
    hasil = Baris(nomor=row["_nomor"], nip=row.get("nip", ""), nama=row.get("nama", ""))
    identitas, pangkat, jabatan, alasan = await _siapkan(row, units)
    existing = None
    if identitas["nip"]:
        from balai_kepegawaian.tables import Pegawai

        existing = await Pegawai.select(Pegawai.id).where(Pegawai.nip == identitas["nip"]).first()
    pegawai_id = existing["id"] if existing else None
    # A pangkat or jabatan already in the history (imported before) is neither checked nor added again.
    if pegawai_id is not None:
        pangkat = None if pangkat and await _sudah_ada("pangkat", pegawai_id, pangkat) else pangkat
        jabatan = None if jabatan and await _sudah_ada("jabatan", pegawai_id, jabatan) else jabatan
    values, errors = await data.periksa_identitas(identitas, pegawai_id)
    alasan += _nama_kolom(errors, _KOLOM_IDENTITAS)
    if not errors:
        # The histories are checked against the identity as it will be, before anything is written.
        p = {**values, "id": pegawai_id or 0}
        for form, bagian, peta in ((pangkat, "pangkat", _KOLOM_PANGKAT), (jabatan, "jabatan", _KOLOM_JABATAN)):
            if form is not None:
                part_errors: dict = {}
                await data.RIWAYAT[bagian][1](form, p, part_errors, None)
                alasan += _nama_kolom(part_errors, peta)
    if user is not None and values.get("unit_id") and not user.can(data.KELOLA, values["unit_id"]):
        alasan.append(_("unit: Anda tidak mengelola pegawai unit ini."))
    if alasan:
        hasil.status, hasil.alasan = "ditolak", alasan
        return hasil
    try:
        async with data.transaksi():
            pegawai_id = await data.simpan_identitas(user, identitas, pegawai_id, ip=ip)
            if pangkat:
                await data.simpan_riwayat(user, pegawai_id, "pangkat", pangkat, ip=ip)
            if jabatan:
                await data.simpan_riwayat(user, pegawai_id, "jabatan", jabatan, ip=ip)
            if periksa:
                raise _Batal
    except _Batal:
        pass
    except data.Ditolak as exc:
        hasil.status, hasil.alasan = "ditolak", _nama_kolom(exc.errors, {})
        return hasil
    except ValueError as exc:  # the core refused the account (provision_person)
        hasil.status, hasil.alasan = "ditolak", [str(exc)]
        return hasil
    hasil.status = "diubah" if existing else "baru"
    hasil.pegawai_id = None if periksa else pegawai_id
    return hasil


async def _sudah_ada(bagian: str, pegawai_id: int, form: dict) -> bool:
    try:
        tmt = data.baca_tanggal(form["tmt"])
    except ValueError:
        return False  # the check of the row will say what is wrong with it
    for row in await data.riwayat(pegawai_id, bagian):
        same = row["golongan"] == form["golongan"] if bagian == "pangkat" else \
            row["nama_jabatan"].lower() == form["nama_jabatan"].strip().lower()
        if same and row["tmt"] == tmt:
            return True
    return False


async def impor(isi: bytes, nama_berkas: str = "", *, user=None, periksa: bool = False, ip: str = "",
                kemajuan=None) -> Hasil:
    """Import a whole file; ``kemajuan(done, total)`` is called after each row. Raises BerkasDitolak."""
    rows = baca(isi, nama_berkas)
    units = await org_units()
    hasil = Hasil(periksa=periksa)
    for i, row in enumerate(rows, start=1):
        hasil.baris.append(await impor_baris(row, units, user=user, periksa=periksa, ip=ip))
        if kemajuan:
            kemajuan(i, len(rows))
    if not periksa:
        await audit_record(user, "kepegawaian.impor", data.JENIS_PEMILIK, "",
                           {"berkas": nama_berkas[:200], "baru": hasil.jumlah("baru"), "diubah": hasil.jumlah("diubah"),
                            "ditolak": hasil.jumlah("ditolak")}, ip)
    return hasil


# --- export ----------------------------------------------------------------------------------------


def baris_ekspor(row: dict) -> list:
    """One person as the import's columns (so an export can be imported again)."""
    pk, jb = row.get("pangkat") or {}, row.get("jabatan") or {}
    units = row.get("_unit_kode", {})
    values = {
        **{k: row.get(k) or "" for k in ("nip", "gelar_depan", "nama", "gelar_belakang", "tempat_lahir", "agama",
                                         "status_kawin", "jenis_kepegawaian", "telepon", "email", "alamat")},
        "tanggal_lahir": row["tanggal_lahir"], "jenis_kelamin": row["jenis_kelamin"],
        "tmt_cpns": row.get("tmt_cpns"), "tmt_pns": row.get("tmt_pns"),
        "unit": units.get(jb.get("unit_id") or row["unit_id"], ""),
        "golongan": pk.get("golongan", ""), "tmt_golongan": pk.get("tmt"), "nomor_sk_pangkat": pk.get("nomor_sk", ""),
        "tanggal_sk_pangkat": pk.get("tanggal_sk"), "mkg_tahun": pk.get("mkg_tahun", ""),
        "mkg_bulan": pk.get("mkg_bulan", ""),
        "jabatan": jb.get("nama_jabatan", ""), "jenis_jabatan": jb.get("jenis", ""),
        "jenjang_jabatan": jb.get("jenjang", ""), "tmt_jabatan": jb.get("tmt"),
        "nomor_sk_jabatan": jb.get("nomor_sk", ""), "tanggal_sk_jabatan": jb.get("tanggal_sk"), "bup": jb.get("bup", ""),
    }
    return [values[k] for k in KOLOM]


async def _siap_ekspor(rows: list[dict]) -> list[list]:
    codes = {u["id"]: u["code"] for u in await org_units()}
    return [baris_ekspor({**r, "_unit_kode": codes}) for r in rows]


async def ke_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KOLOM)
    for values in await _siap_ekspor(rows):
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in values])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


async def ke_xlsx(rows: list[dict], judul: str = "Pegawai") -> bytes:
    """The roster as XLSX: the NIP as text (a number would lose its last digits), dates as dates."""
    return tulis_xlsx(await _siap_ekspor(rows), judul)


def tulis_xlsx(baris: list[list], judul: str = "Pegawai") -> bytes:
    """Rows of the import's columns as an XLSX sheet (the export; the sample file is made with it too)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(judul[:31])
    bold = book.add_format({"bold": True, "bg_color": "#e9ecef"})
    teks = book.add_format({"num_format": "@"})
    tanggal = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, KOLOM, bold)
    for r, values in enumerate(baris, start=1):
        for c, value in enumerate(values):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), tanggal)
            elif value is None or value == "":
                sheet.write_blank(r, c, None, teks)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value), teks)
    sheet.set_column(0, 0, 20, teks)
    sheet.set_column(1, len(KOLOM) - 1, 16)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


# --- the command line ------------------------------------------------------------------------------


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser("kepegawaian-impor", help=_("impor data pegawai dari berkas XLSX atau CSV"))
    parser.add_argument("berkas", metavar="FILE", help=_("berkas .xlsx atau .csv (lihat data/contoh_pegawai.csv)"))
    parser.add_argument("--periksa", action="store_true", help=_("periksa saja, tanpa menyimpan"))
    parser.set_defaults(func=perintah_impor)


def _batang(done: int, total: int, out=sys.stderr) -> None:
    width = 30
    filled = width * done // max(total, 1)
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        out.write("\n")
    out.flush()


async def perintah_impor(args) -> None:
    path = Path(args.berkas)
    try:
        isi = path.read_bytes()
    except OSError as exc:
        print(_("Berkas tidak dapat dibaca: %(alasan)s", alasan=exc.strerror or str(exc)), file=sys.stderr)
        raise SystemExit(2) from None
    try:
        hasil = await impor(isi, path.name, periksa=args.periksa, kemajuan=_batang)
    except BerkasDitolak as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None
    for b in hasil.ditolak:
        print(_("Baris %(n)s (%(siapa)s) ditolak:", n=b.nomor, siapa=b.nip or b.nama or "-"))
        for alasan in b.alasan:
            print(f"  - {alasan}")
    print(hasil.ringkas())
    if hasil.ditolak:
        raise SystemExit(1)
