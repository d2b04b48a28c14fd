"""The Daftar Informasi Publik as a register: its items, their checks, who edits, what is public.

An item is "dikecualikan" only with its uji konsekuensi recorded (Pasal 17 and 19 UU 14/2008):
the clause, the harm if released, the public interest weighed, the term and the SK. The public
page shows published items of the three open categories; an excluded item never leaves the office.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.api import InputError, _, lazy_gettext, org_units, too_long, whole_number, write_transaction

from balai_ppid.tables import Informasi

KELOLA = "ppid.dip"  # Pengelola PPID / data officer: edits the DIP

KATEGORI = {
    "berkala": lazy_gettext("Informasi wajib disediakan dan diumumkan secara berkala"),
    "serta_merta": lazy_gettext("Informasi wajib diumumkan secara serta-merta"),
    "setiap_saat": lazy_gettext("Informasi wajib tersedia setiap saat"),
    "dikecualikan": lazy_gettext("Informasi yang dikecualikan"),
}
KATEGORI_SINGKAT = {
    "berkala": lazy_gettext("Berkala"), "serta_merta": lazy_gettext("Serta-merta"),
    "setiap_saat": lazy_gettext("Setiap saat"), "dikecualikan": lazy_gettext("Dikecualikan"),
}
TERBUKA = ("berkala", "serta_merta", "setiap_saat")
BENTUK = {"cetak": lazy_gettext("Tercetak (hardcopy)"), "elektronik": lazy_gettext("Elektronik (softcopy)"),
          "keduanya": lazy_gettext("Tercetak dan elektronik")}
# Pasal 17 UU 14/2008: the clauses an exclusion may rest on.
PASAL_17 = {
    "17a": lazy_gettext("Pasal 17 huruf a: menghambat proses penegakan hukum"),
    "17b": lazy_gettext("Pasal 17 huruf b: mengganggu perlindungan HKI dan persaingan usaha tidak sehat"),
    "17c": lazy_gettext("Pasal 17 huruf c: membahayakan pertahanan dan keamanan negara"),
    "17d": lazy_gettext("Pasal 17 huruf d: mengungkapkan kekayaan alam Indonesia"),
    "17e": lazy_gettext("Pasal 17 huruf e: merugikan ketahanan ekonomi nasional"),
    "17f": lazy_gettext("Pasal 17 huruf f: merugikan kepentingan hubungan luar negeri"),
    "17g": lazy_gettext("Pasal 17 huruf g: mengungkap isi akta otentik pribadi dan wasiat"),
    "17h": lazy_gettext("Pasal 17 huruf h: mengungkap rahasia pribadi"),
    "17i": lazy_gettext("Pasal 17 huruf i: memorandum atau surat antar badan publik yang dirahasiakan"),
    "17j": lazy_gettext("Pasal 17 huruf j: informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}

KOLOM = ("nomor", "judul", "ringkasan", "unit_id", "pejabat", "waktu_pembuatan", "tempat_pembuatan", "tahun",
         "bentuk", "retensi", "kategori", "terbit", "uji_pasal", "uji_bahaya", "uji_kepentingan", "uji_jangka",
         "uji_berakhir", "uji_sk")
WAJIB = {"nomor": lazy_gettext("Nomor wajib diisi."), "judul": lazy_gettext("Judul informasi wajib diisi."),
         "ringkasan": lazy_gettext("Ringkasan isi informasi wajib diisi."),
         "pejabat": lazy_gettext("Pejabat penanggung jawab wajib diisi."),
         "waktu_pembuatan": lazy_gettext("Waktu pembuatan wajib diisi."),
         "retensi": lazy_gettext("Jangka waktu penyimpanan wajib diisi.")}


def isian(data) -> dict:
    """The form's values as typed (text), for re-display."""
    form = {k: (data.get(k) or "").strip() for k in KOLOM}
    form["terbit"] = "1" if form["terbit"] in ("1", "on", "true") else ""
    return form


async def periksa(form: dict) -> tuple[dict, dict]:
    """The column values and the messages by field (empty when the item may be saved)."""
    errors: dict = {k: str(msg) for k, msg in WAJIB.items() if not form.get(k)}
    values: dict = {k: form[k] for k in KOLOM if k not in ("unit_id", "tahun", "terbit", "uji_berakhir")}
    units = {u["id"]: u["name"] for u in await org_units()}
    try:
        values["unit_id"] = whole_number(form["unit_id"], 1)
        if values["unit_id"] not in units:
            raise InputError(_("Unit tidak dikenal."))
        values["unit_nama"] = units[values["unit_id"]]
    except InputError:
        errors["unit_id"] = _("Pilih unit yang menguasai informasi.")
    try:
        values["tahun"] = whole_number(form["tahun"], 1945, 2100)
    except InputError:
        errors["tahun"] = _("Tahun harus empat angka, misalnya 2026.")
    if form["kategori"] not in KATEGORI:
        errors["kategori"] = _("Pilih kategori informasi.")
    if form["bentuk"] not in BENTUK:
        errors["bentuk"] = _("Pilih bentuk informasi.")
    values["terbit"] = form["terbit"] == "1"
    values["uji_berakhir"] = None
    if form["uji_berakhir"]:
        try:
            values["uji_berakhir"] = date.fromisoformat(form["uji_berakhir"])
        except ValueError:
            errors["uji_berakhir"] = _("Tanggal tidak terbaca (tttt-bb-hh).")
    if form["kategori"] == "dikecualikan":
        errors.update(periksa_uji(form))
        values["terbit"] = False  # an excluded item is never on the public page
    else:
        for k in ("uji_pasal", "uji_bahaya", "uji_kepentingan", "uji_jangka", "uji_sk"):
            values[k] = ""
        values["uji_berakhir"] = None
    errors.update({k: v for k, v in too_long(Informasi, values).items() if k not in errors})
    return values, errors


def periksa_uji(form: dict) -> dict:
    """The uji konsekuensi: without its Pasal 17 clause (or any other part) nothing is excluded."""
    errors = {}
    if form.get("uji_pasal") not in PASAL_17:
        errors["uji_pasal"] = _("Informasi hanya dapat dikecualikan dengan uji konsekuensi: pilih dasar "
                                "pengecualian menurut Pasal 17 UU 14/2008.")
    if not form.get("uji_bahaya"):
        errors["uji_bahaya"] = _("Uraikan akibat (bahaya) yang timbul apabila informasi dibuka.")
    if not form.get("uji_kepentingan"):
        errors["uji_kepentingan"] = _("Uraikan pertimbangan kepentingan publik yang lebih besar.")
    if not form.get("uji_jangka"):
        errors["uji_jangka"] = _("Jangka waktu pengecualian wajib diisi.")
    if not form.get("uji_sk"):
        errors["uji_sk"] = _("Nomor SK penetapan informasi yang dikecualikan wajib diisi.")
    return errors


async def simpan(values: dict, user, informasi_id: int | None = None) -> int:
    now = datetime.now(timezone.utc)
    async with write_transaction():
        if informasi_id is None:
            row = await Informasi.insert(Informasi(**values, dibuat_oleh=user.id, dibuat_pada=now, diubah_pada=now)) \
                .returning(Informasi.id)
            return row[0]["id"]
        await Informasi.update({**values, "diubah_pada": now}).where(Informasi.id == informasi_id)
        return informasi_id


async def ambil(informasi_id: int) -> dict | None:
    return await Informasi.select().where(Informasi.id == informasi_id).first()


def terbuka(item: dict | None) -> bool:
    """Whether the public may see and download the item."""
    return bool(item and item["terbit"] and item["kategori"] in TERBUKA)


async def cari(q: str = "", kategori: str = "", unit_id: int | None = None, tahun: int | None = None,
               publik: bool = True) -> list[dict]:
    query = Informasi.select()
    if publik:
        query = query.where((Informasi.terbit == True) & Informasi.kategori.is_in(list(TERBUKA)))  # noqa: E712
    if kategori in KATEGORI:
        query = query.where(Informasi.kategori == kategori)
    if unit_id:
        query = query.where(Informasi.unit_id == unit_id)
    if tahun:
        query = query.where(Informasi.tahun == tahun)
    if q:
        pola = f"%{q}%"
        # SQLite's LIKE already ignores case (and warns about ILIKE); PostgreSQL's needs ILIKE.
        match = "like" if Informasi._meta.db.engine_type == "sqlite" else "ilike"
        query = query.where(getattr(Informasi.judul, match)(pola) | getattr(Informasi.ringkasan, match)(pola)
                            | getattr(Informasi.nomor, match)(pola))
    return await query.order_by(Informasi.tahun, ascending=False).order_by(Informasi.nomor)


async def tahun_tersedia() -> list[int]:
    rows = await Informasi.select(Informasi.tahun).where(Informasi.terbit == True).distinct()  # noqa: E712
    return sorted({r["tahun"] for r in rows}, reverse=True)
