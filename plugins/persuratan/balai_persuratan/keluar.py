"""Outgoing letters: the kinds of letter and their fields, drafts and their versions, comparing two versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from balai.api import InputError, _, lazy_gettext, today, too_long, whole_number

from balai_persuratan import penomoran
from balai_persuratan.kamus import SIFAT, URGENSI
from balai_persuratan.masuk import normal, teks_cari
from balai_persuratan.tables import KonsepVersi, SuratKeluar


@dataclass(frozen=True)
class Isian:
    name: str
    label: object
    kind: str = "text"  # text, textarea, date, time


@dataclass(frozen=True)
class Jenis:
    code: str
    label: object
    fields: tuple[Isian, ...]
    body: str  # the starting text of the draft; {placeholders} are the fields


JENIS = {
    j.code: j
    for j in (
        Jenis("surat_biasa", lazy_gettext("Surat biasa"), (), (
            "Dengan hormat,\n\n"
            "Sehubungan dengan ..., bersama ini kami sampaikan ...\n\n"
            "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih."
        )),
        Jenis("nota_dinas", lazy_gettext("Nota dinas"), (
            Isian("dari", lazy_gettext("Dari")),
            Isian("tembusan", lazy_gettext("Tembusan"), "textarea"),
        ), (
            "Dengan hormat,\n\n"
            "Bersama ini kami laporkan/sampaikan ...\n\n"
            "Demikian disampaikan, mohon arahan lebih lanjut."
        )),
        Jenis("undangan", lazy_gettext("Surat undangan"), (
            Isian("hari_tanggal", lazy_gettext("Hari/tanggal acara"), "date"),
            Isian("waktu", lazy_gettext("Waktu")),
            Isian("tempat", lazy_gettext("Tempat")),
            Isian("acara", lazy_gettext("Acara")),
        ), (
            "Dengan hormat,\n\n"
            "Mengharap kehadiran Bapak/Ibu pada:\n"
            "hari/tanggal : {hari_tanggal}\n"
            "waktu        : {waktu}\n"
            "tempat       : {tempat}\n"
            "acara        : {acara}\n\n"
            "Demikian undangan ini disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih."
        )),
        Jenis("surat_tugas", lazy_gettext("Surat tugas"), (
            Isian("dasar", lazy_gettext("Dasar"), "textarea"),
            Isian("nama_ditugaskan", lazy_gettext("Nama yang ditugaskan (satu per baris)"), "textarea"),
            Isian("untuk", lazy_gettext("Untuk"), "textarea"),
            Isian("tanggal_tugas", lazy_gettext("Tanggal pelaksanaan"), "date"),
        ), (
            "Dasar : {dasar}\n\n"
            "MENUGASKAN:\n"
            "Kepada : {nama_ditugaskan}\n"
            "Untuk  : {untuk}\n"
            "Tanggal: {tanggal_tugas}\n\n"
            "Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab."
        )),
    )
}


def baca_form(data: dict, jenis: Jenis) -> dict:
    form = {
        "jenis": jenis.code,
        "tujuan": str(data.get("tujuan") or "").strip(),
        "perihal": normal(str(data.get("perihal") or "")),
        "sifat": str(data.get("sifat") or "biasa"),
        "urgensi": str(data.get("urgensi") or "biasa"),
        "lampiran": str(data.get("lampiran") or "0").strip(),
        "isi": str(data.get("isi") or "").replace("\r\n", "\n").strip(),
        "catatan": str(data.get("catatan") or "").strip(),
    }
    for f in jenis.fields:
        form[f.name] = str(data.get(f.name) or "").strip()
    return form


def periksa(form: dict, jenis: Jenis) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    if not form["tujuan"]:
        errors["tujuan"] = _("Tujuan surat wajib diisi.")
    if not form["perihal"]:
        errors["perihal"] = _("Perihal wajib diisi.")
    if not form["isi"]:
        errors["isi"] = _("Isi surat wajib diisi.")
    if form["sifat"] not in SIFAT:
        errors["sifat"] = _("Pilih sifat surat dari daftar.")
    if form["urgensi"] not in URGENSI:
        errors["urgensi"] = _("Pilih tingkat kesegeraan dari daftar.")
    try:
        lampiran = whole_number(form["lampiran"] or 0, 0, 9999)
    except InputError:
        errors["lampiran"] = _("Jumlah lampiran harus bilangan bulat, 0 atau lebih.")
        lampiran = 0
    for f in jenis.fields:
        if f.kind == "date" and form[f.name]:
            try:
                date.fromisoformat(form[f.name])
            except ValueError:
                errors[f.name] = _("%(label)s harus berupa tanggal.", label=f.label)
    isian = {f.name: form[f.name] for f in jenis.fields}
    clean = {"jenis": jenis.code, "tujuan": form["tujuan"], "perihal": form["perihal"], "sifat": form["sifat"],
             "urgensi": form["urgensi"], "lampiran": lampiran, "isian": isian, "isi": form["isi"],
             "catatan": form["catatan"]}
    for key, message in too_long(SuratKeluar, clean).items():
        errors.setdefault(key, message)
    return clean, errors


def awal(jenis: Jenis) -> str:
    """The draft's starting text, placeholders left visible for the drafter to fill."""
    return jenis.body.format(**{f.name: "..." for f in jenis.fields})


def teks(jenis_code: str, tujuan: str, perihal: str, isian: dict, isi: str, sifat: str = "biasa",
         lampiran: int = 0) -> str:
    """The letter as plain text: what two versions are compared on."""
    jenis = JENIS.get(jenis_code)
    lines = [str(jenis.label).upper() if jenis else "", "",
             f"Sifat    : {SIFAT.get(sifat, sifat)}", f"Lampiran : {lampiran}", f"Perihal  : {perihal}", "",
             "Yth.", tujuan, ""]
    for f in jenis.fields if jenis else ():
        if isian.get(f.name):
            lines.append(f"{f.label}: {isian[f.name]}")
    lines += ["", isi]
    return "\n".join(lines).strip() + "\n"


async def buat(clean: dict, user, unit_id: int, membalas: int | None = None) -> dict:
    """The letter and its first version, in one transaction."""
    async with penomoran.transaksi():
        rows = await SuratKeluar.insert(SuratKeluar(
            jenis=clean["jenis"], tahun=today().year, unit_id=unit_id, tujuan=clean["tujuan"],
            perihal=clean["perihal"], sifat=clean["sifat"], urgensi=clean["urgensi"], lampiran=clean["lampiran"],
            isi={"isian": clean["isian"], "isi": clean["isi"]}, versi=1, membalas=membalas,
            dibuat_oleh=user.id, dibuat_nama=user.full_name,
            cari=teks_cari(clean["tujuan"], clean["perihal"]),
        )).returning(*SuratKeluar.all_columns())
        surat = rows[0]
        await _versi(surat["id"], 1, clean, user)
    return surat


async def ubah(surat: dict, clean: dict, user) -> int:
    """A new version of the draft; earlier versions stay as they were. Returns its number."""
    async with penomoran.transaksi():
        bumped = await SuratKeluar.update({
            SuratKeluar.versi: SuratKeluar.versi + 1, SuratKeluar.tujuan: clean["tujuan"],
            SuratKeluar.perihal: clean["perihal"], SuratKeluar.sifat: clean["sifat"],
            SuratKeluar.urgensi: clean["urgensi"], SuratKeluar.lampiran: clean["lampiran"],
            SuratKeluar.isi: {"isian": clean["isian"], "isi": clean["isi"]},
            SuratKeluar.cari: teks_cari(surat.get("nomor") or "", clean["tujuan"], clean["perihal"]),
        }).where(SuratKeluar.id == surat["id"]).returning(SuratKeluar.versi)
        number = bumped[0]["versi"]
        await _versi(surat["id"], number, clean, user)
    return number


async def _versi(surat_id: int, nomor: int, clean: dict, user) -> None:
    await KonsepVersi.insert(KonsepVersi(
        surat_keluar=surat_id, nomor=nomor, perihal=clean["perihal"], tujuan=clean["tujuan"],
        isi={"isian": clean["isian"], "isi": clean["isi"], "sifat": clean["sifat"], "lampiran": clean["lampiran"]},
        teks=teks(clean["jenis"], clean["tujuan"], clean["perihal"], clean["isian"], clean["isi"], clean["sifat"],
                  clean["lampiran"]),
        catatan=clean.get("catatan", ""), dibuat_oleh=user.id, dibuat_nama=user.full_name,
    ))


async def get(surat_id: int) -> dict | None:
    row = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
    if row is not None:
        row["isi"] = _json(row["isi"])
    return row


async def versi(surat_id: int) -> list[dict]:
    rows = await KonsepVersi.select().where(KonsepVersi.surat_keluar == surat_id).order_by(KonsepVersi.nomor)
    for r in rows:
        r["isi"] = _json(r["isi"])
    return rows


def bandingkan(a: dict, b: dict) -> str:
    """An HTML table of the differences between two versions (difflib)."""
    differ = difflib.HtmlDiff(wrapcolumn=70)
    return differ.make_table(
        a["teks"].splitlines(), b["teks"].splitlines(),
        fromdesc=_("Versi %(n)s", n=a["nomor"]), todesc=_("Versi %(n)s", n=b["nomor"]), context=False,
    )


def _json(value):
    if isinstance(value, str):
        import json

        return json.loads(value or "{}")
    return value or {}
