"""Registering an incoming letter: checking the form, the agenda number, the sender directory."""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.api import InputError, _, save_upload, too_long, whole_number
from balai.api import today as hari_ini

from balai_persuratan import penomoran
from balai_persuratan.kamus import DOK_MASUK, SIFAT, URGENSI
from balai_persuratan.tables import Distribusi, Klasifikasi, Pengirim, SuratMasuk

FIELDS = ("pengirim", "nomor_surat", "tanggal_surat", "tanggal_terima", "perihal", "sifat", "urgensi",
          "klasifikasi", "lampiran", "catatan", "alasan_duplikat")


def normal(text: str) -> str:
    return " ".join((text or "").split())


def kunci(nama: str) -> str:
    return normal(nama).lower()


def teks_cari(*parts: str) -> str:
    return " ".join(normal(p).lower() for p in parts if p)


def tanggal(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def baca_form(data: dict) -> dict:
    """The submitted text fields, trimmed; what the form shows back on an error."""
    return {k: normal(str(data.get(k) or "")) if k not in ("perihal", "catatan", "alasan_duplikat")
            else str(data.get(k) or "").strip() for k in FIELDS}


async def periksa(form: dict, ada_scan: bool, today: date | None = None) -> tuple[dict, dict[str, str]]:
    """Check a registration. Returns (clean values, errors by field)."""
    today = today or hari_ini()
    errors: dict[str, str] = {}
    clean: dict = {}
    for key, message in (
        ("pengirim", _("Pengirim wajib diisi.")),
        ("nomor_surat", _("Nomor surat wajib diisi.")),
        ("perihal", _("Perihal wajib diisi.")),
    ):
        if not form.get(key):
            errors[key] = message
        clean[key] = form.get(key, "")
    for key, label in (("tanggal_surat", _("Tanggal surat")), ("tanggal_terima", _("Tanggal diterima"))):
        value = tanggal(form.get(key))
        if value is None:
            errors[key] = _("%(label)s wajib diisi dengan tanggal yang benar.", label=label)
        clean[key] = value
    if clean["tanggal_terima"] and clean["tanggal_terima"] > today:
        errors["tanggal_terima"] = _("Tanggal diterima tidak boleh setelah hari ini.")
    if clean["tanggal_surat"] and clean["tanggal_terima"] and clean["tanggal_terima"] < clean["tanggal_surat"]:
        errors["tanggal_terima"] = _("Tanggal diterima tidak boleh sebelum tanggal surat.")
    clean["sifat"] = form.get("sifat") or "biasa"
    if clean["sifat"] not in SIFAT:
        errors["sifat"] = _("Pilih sifat surat dari daftar.")
    clean["urgensi"] = form.get("urgensi") or "biasa"
    if clean["urgensi"] not in URGENSI:
        errors["urgensi"] = _("Pilih tingkat kesegeraan dari daftar.")
    clean["klasifikasi"] = form.get("klasifikasi", "")
    if clean["klasifikasi"] and not await Klasifikasi.exists().where(
        (Klasifikasi.kode == clean["klasifikasi"]) & (Klasifikasi.aktif == True)  # noqa: E712
    ):
        errors["klasifikasi"] = _("Kode klasifikasi %(kode)s tidak dikenal.", kode=clean["klasifikasi"])
    try:
        clean["lampiran"] = whole_number(form.get("lampiran") or 0, 0, 9999)
    except InputError:
        errors["lampiran"] = _("Jumlah lampiran harus bilangan bulat, 0 atau lebih.")
        clean["lampiran"] = 0
    clean["catatan"] = form.get("catatan", "")
    clean["alasan_duplikat"] = form.get("alasan_duplikat", "")
    if not ada_scan:
        errors["scan"] = _("Scan surat wajib diunggah (PDF beberapa halaman, atau beberapa gambar berurutan).")
    if clean["pengirim"] and clean["nomor_surat"]:
        twin = await kembaran(clean["pengirim"], clean["nomor_surat"])
        if twin and not clean["alasan_duplikat"]:
            errors["duplikat"] = _(
                "Surat dari %(pengirim)s bernomor %(nomor)s sudah tercatat dengan nomor agenda %(agenda)s/%(tahun)s. "
                "Jika memang surat yang berbeda, tuliskan alasannya untuk tetap mencatat.",
                pengirim=twin["pengirim"], nomor=twin["nomor_surat"], agenda=twin["nomor_agenda"], tahun=twin["tahun"],
            )
    for key, message in too_long(SuratMasuk, clean).items():
        errors.setdefault(key, message)
    return clean, errors


def akses(unit_id) -> str:
    """The word that stands for a unit in ``SuratMasuk.akses``."""
    return f"u{int(unit_id)}"


def peserta(user_id) -> str:
    """The word that stands for a person who took part in the letter (acted on one of its steps)."""
    return f"p{int(user_id)}"


async def tambah_akses(surat_id: int, word: str) -> None:
    """Add a unit's or a person's word to the letter's ``akses``: they find it in the agenda."""
    row = await SuratMasuk.select(SuratMasuk.akses).where(SuratMasuk.id == surat_id).first()
    if row and f" {word} " not in (row["akses"] or ""):
        await SuratMasuk.update({SuratMasuk.akses: (row["akses"] or " ") + f"{word} "}).where(
            SuratMasuk.id == surat_id)


async def catat_distribusi(surat_id: int, unit_id: int, task_id: int | None = None, nama: str = "") -> None:
    """The letter enters the unit's agenda (SOP 15 step 6) and becomes visible to its archivist."""
    await Distribusi.insert(Distribusi(surat_masuk=surat_id, unit_id=unit_id, task_id=task_id, dicatat_nama=nama))
    await tambah_akses(surat_id, akses(unit_id))


async def kembaran(pengirim: str, nomor_surat: str) -> dict | None:
    """An earlier letter with the same sender and number, if any."""
    rows = await SuratMasuk.select(
        SuratMasuk.id, SuratMasuk.pengirim, SuratMasuk.nomor_surat, SuratMasuk.nomor_agenda, SuratMasuk.tahun
    ).where(SuratMasuk.nomor_surat == normal(nomor_surat))
    return next((r for r in rows if kunci(r["pengirim"]) == kunci(pengirim)), None)


async def catat(clean: dict, scans: list, user, unit_id: int, titipan: list | None = None) -> dict:
    """Write the letter with its agenda number and scans, all or nothing.

    ``scans`` are uploads (``filename`` + ``read``); ``titipan`` are downloads of scans kept from an
    earlier refused submission. Raises the documents service's errors (the letter is then not kept).
    """
    tahun = clean["tanggal_terima"].year
    async with penomoran.transaksi():
        nomor_agenda = await penomoran.berikutnya(penomoran.kunci_agenda(tahun))
        rows = await SuratMasuk.insert(SuratMasuk(
            tahun=tahun, nomor_agenda=nomor_agenda, unit_id=unit_id,
            pengirim=clean["pengirim"], nomor_surat=clean["nomor_surat"], tanggal_surat=clean["tanggal_surat"],
            tanggal_terima=clean["tanggal_terima"], perihal=clean["perihal"], sifat=clean["sifat"],
            urgensi=clean["urgensi"], klasifikasi=clean["klasifikasi"], lampiran=clean["lampiran"],
            catatan=clean["catatan"], alasan_duplikat=clean["alasan_duplikat"],
            dicatat_oleh=getattr(user, "id", None), dicatat_nama=getattr(user, "full_name", ""),
            cari=teks_cari(clean["pengirim"], clean["nomor_surat"], clean["perihal"]), akses=f" {akses(unit_id)} ",
        )).returning(*SuratMasuk.all_columns())
        surat = rows[0]
        for i, held in enumerate(titipan or [], start=1):
            await save_upload(held.chunks(), held.version["filename"], DOK_MASUK, surat["id"], user,
                              title=_("Scan surat (bagian %(n)s)", n=i))
        offset = len(titipan or [])
        for i, upload in enumerate(scans, start=offset + 1):
            await save_upload(upload, upload.filename, DOK_MASUK, surat["id"], user,
                              title=_("Scan surat (bagian %(n)s)", n=i))
        await ingat_pengirim(clean["pengirim"])
    return surat


async def ingat_pengirim(nama: str) -> None:
    key = kunci(nama)
    now = datetime.now(timezone.utc)
    updated = await Pengirim.update({Pengirim.jumlah: Pengirim.jumlah + 1, Pengirim.terakhir: now,
                                     Pengirim.nama: normal(nama)}).where(Pengirim.kunci == key).returning(Pengirim.id)
    if not updated:
        await Pengirim.raw(
            "INSERT INTO persuratan_pengirim (kunci, nama, jumlah, terakhir) VALUES ({}, {}, 1, {}) "
            "ON CONFLICT (kunci) DO UPDATE SET jumlah = persuratan_pengirim.jumlah + 1",
            key, normal(nama), now,
        )


async def saran_pengirim(q: str, limit: int = 8) -> list[str]:
    q = kunci(q)
    if len(q) < 2:
        return []
    rows = await Pengirim.select(Pengirim.nama).where(Pengirim.kunci.like(f"%{_escape(q)}%")).order_by(
        Pengirim.jumlah, ascending=False).limit(limit)
    return [r["nama"] for r in rows]


def _escape(text: str) -> str:
    return text.replace("%", "").replace("_", " ")


async def get(surat_id: int) -> dict | None:
    return await SuratMasuk.select().where(SuratMasuk.id == surat_id).first()
