"""Visits (SOP 9): registration on e-tamu or at the kiosk, arrival, service, closing."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from balai.api import _, calendar, format_date, lazy_gettext

from balai_layanan.tables import Kunjungan
from balai.api import today as hari_ini  # the agency's day, the core's
from balai_layanan.waktu import awal_hari, sekarang

# No 0/O, 1/I, 2/Z, 5/S, 8/B: the number is read aloud and typed on a tablet.
_HURUF = "ACDEFGHJKLMNPQRTUVWXY34679"
NOMOR_RE = re.compile(r"^TM\d{6}-[A-Z0-9]{4}$")
TELEPON_RE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
IDENTITAS_RE = re.compile(r"^[A-Za-z0-9./ -]{5,40}$")
MAKS_HARI_KE_DEPAN = 60
HASIL = {
    "selesai": lazy_gettext("Selesai dilayani"),
    "dirujuk": lazy_gettext("Dirujuk ke unit/instansi lain"),
    "lanjutan": lazy_gettext("Perlu tindak lanjut/kunjungan berikutnya"),
    "tidak_dilayani": lazy_gettext("Tidak dapat dilayani"),
}
AKTIF = ("menunggu", "dilayani")


def label_hasil(kode: str) -> str:
    return str(HASIL[kode]) if kode in HASIL else kode


def normalkan_nomor(teks: str) -> str:
    """What a hand scanner or a person typed, as the stored number ("tm 261129 ac3f" -> "TM261129-AC3F")."""
    bersih = re.sub(r"[^A-Z0-9]", "", (teks or "").upper())
    if len(bersih) == 12 and bersih.startswith("TM"):
        return f"{bersih[:8]}-{bersih[8:]}"
    return bersih


def periksa(data: dict, unit_pilihan: dict[int, str], walk_in: bool = False) -> tuple[dict, dict]:
    """Clean a registration form. Returns (form, errors); the form keeps what was typed."""
    form = {k: str(data.get(k) or "").strip() for k in
            ("nama", "nomor_identitas", "instansi", "telepon", "keperluan", "unit_id", "tanggal")}
    errors: dict[str, str] = {}
    if len(form["nama"]) < 3:
        errors["nama"] = _("Nama lengkap wajib diisi (minimal 3 huruf).")
    elif len(form["nama"]) > 120:
        errors["nama"] = _("Nama terlalu panjang (maksimal 120 huruf).")
    if not IDENTITAS_RE.match(form["nomor_identitas"]):
        errors["nomor_identitas"] = _("Nomor identitas (KTP/SIM/kartu pegawai) wajib diisi, 5–40 huruf atau angka.")
    if len(form["instansi"]) > 160:
        errors["instansi"] = _("Nama instansi terlalu panjang (maksimal 160 huruf).")
    if not TELEPON_RE.match(form["telepon"]):
        errors["telepon"] = _("Nomor telepon tidak sah; tulis angka saja, mis. 0812 3456 7890.")
    if len(form["keperluan"]) < 5:
        errors["keperluan"] = _("Tuliskan keperluan kunjungan Anda.")
    elif len(form["keperluan"]) > 2000:
        errors["keperluan"] = _("Keperluan terlalu panjang (maksimal 2000 huruf).")
    unit = int(form["unit_id"]) if form["unit_id"].isdigit() else None
    if unit not in unit_pilihan:
        errors["unit_id"] = _("Pilih unit atau layanan yang dituju.")
    if walk_in:
        form["tanggal"] = hari_ini().isoformat()
    else:
        try:
            tanggal = date.fromisoformat(form["tanggal"])
        except ValueError:
            errors["tanggal"] = _("Tanggal kunjungan wajib diisi.")
        else:
            if tanggal < hari_ini():
                errors["tanggal"] = _("Tanggal kunjungan sudah lewat; pilih hari ini atau tanggal berikutnya.")
            elif tanggal > hari_ini() + timedelta(days=MAKS_HARI_KE_DEPAN):
                errors["tanggal"] = _("Pendaftaran paling lama %(hari)s hari sebelum kunjungan.",
                                      hari=MAKS_HARI_KE_DEPAN)
            elif pesan := hari_tutup(tanggal):
                errors["tanggal"] = pesan
    return form, errors


def hari_tutup(tanggal: date) -> str:
    """Why the office receives no visitors on ``tanggal`` (the core's calendar: weekends, national
    holidays, cuti bersama, the agency's own days), with the next day it does; "" on a working day."""
    status = calendar.day_status(tanggal)
    if status.working:
        return ""
    alasan = status.name or (_("akhir pekan") if status.kind == calendar.WEEKEND else _("hari libur"))
    return _("%(tanggal)s kantor tutup (%(alasan)s). Pilih hari kerja, mis. %(berikut)s.",
             tanggal=format_date(tanggal), alasan=alasan, berikut=format_date(calendar.next_working_day(tanggal)))


def jam_layanan() -> list[str]:
    """The office hours as the e-tamu page states them: "Senin: 07.30–16.00", one line per working weekday."""
    senin = date(2024, 1, 1)  # a Monday: weekday d is senin + d, named in the reader's language
    hours = calendar.calendar_for().hours
    return [_("%(hari)s: %(buka)s–%(tutup)s", hari=format_date(senin + timedelta(days=d), "EEEE"),
              buka=f"{hours[d][0]:%H.%M}", tutup=f"{hours[d][1]:%H.%M}") for d in sorted(hours)]


async def daftar(form: dict, unit_pilihan: dict[int, str], walk_in: bool = False) -> dict:
    """Store a checked registration; a walk-in has arrived already."""
    tanggal = date.fromisoformat(form["tanggal"])
    unit_id = int(form["unit_id"])
    kini = sekarang()
    for _attempt in range(5):
        nomor = f"TM{tanggal:%y%m%d}-" + "".join(secrets.choice(_HURUF) for _ in range(4))
        if not await Kunjungan.exists().where(Kunjungan.nomor == nomor):
            break
    row = Kunjungan(
        nomor=nomor, nama=form["nama"], nomor_identitas=form["nomor_identitas"], instansi=form["instansi"],
        telepon=form["telepon"], keperluan=form["keperluan"], unit_id=unit_id, unit_nama=unit_pilihan[unit_id],
        tanggal=tanggal, jenis="langsung" if walk_in else "daring",
        status="menunggu" if walk_in else "terdaftar", datang_at=kini if walk_in else None,
    )
    await row.save()
    return await cari(nomor)


async def cari(nomor: str) -> dict | None:
    return await Kunjungan.select().where(Kunjungan.nomor == normalkan_nomor(nomor)).first()


async def ambil_baris(kunjungan_id: int) -> dict | None:
    return await Kunjungan.select().where(Kunjungan.id == kunjungan_id).first()


async def datang(nomor: str) -> tuple[dict | None, str]:
    """Record the arrival of a registered visitor at the kiosk: (visit, message when refused)."""
    nomor = normalkan_nomor(nomor)
    if not nomor:
        return None, _("Ketik atau pindai nomor registrasi Anda.")
    row = await cari(nomor)
    if row is None:
        return None, _("Nomor registrasi %(nomor)s tidak ditemukan. Periksa kembali nomor Anda, "
                       "atau daftar langsung di anjungan ini.", nomor=nomor)
    today = hari_ini()
    if row["status"] != "terdaftar":
        return row, _("Kedatangan dengan nomor %(nomor)s sudah tercatat. Silakan menuju layanan yang dituju.",
                      nomor=nomor)
    if row["tanggal"] > today:
        return row, _("Nomor %(nomor)s terdaftar untuk %(tanggal)s, bukan hari ini.",
                      nomor=nomor, tanggal=format_date(row["tanggal"]))
    if row["tanggal"] < today:
        return row, _("Pendaftaran %(nomor)s untuk %(tanggal)s sudah lewat. Silakan daftar langsung di anjungan ini.",
                      nomor=nomor, tanggal=format_date(row["tanggal"]))
    updated = await Kunjungan.update({Kunjungan.status: "menunggu", Kunjungan.datang_at: sekarang()}).where(
        (Kunjungan.id == row["id"]) & (Kunjungan.status == "terdaftar")
    ).returning(Kunjungan.id)
    if not updated:  # checked in a moment ago from another kiosk
        return row, _("Kedatangan dengan nomor %(nomor)s sudah tercatat. Silakan menuju layanan yang dituju.",
                      nomor=nomor)
    return await cari(nomor), ""


async def layani(kunjungan_id: int, petugas_id: int, petugas_nama: str) -> bool:
    """The Petugas Layanan takes a waiting visitor; False when someone else took them first."""
    rows = await Kunjungan.update({
        Kunjungan.status: "dilayani", Kunjungan.dilayani_at: sekarang(),
        Kunjungan.petugas_id: petugas_id, Kunjungan.petugas_nama: petugas_nama,
    }).where((Kunjungan.id == kunjungan_id) & (Kunjungan.status == "menunggu")).returning(Kunjungan.id)
    return bool(rows)


def periksa_penutupan(data: dict) -> tuple[dict, dict]:
    form = {k: str(data.get(k) or "").strip() for k in ("layanan_diberikan", "hasil", "catatan")}
    errors = {}
    if len(form["layanan_diberikan"]) < 3:
        errors["layanan_diberikan"] = _("Tuliskan layanan yang diberikan.")
    if form["hasil"] not in HASIL:
        errors["hasil"] = _("Pilih hasil layanan.")
    if len(form["catatan"]) > 2000:
        errors["catatan"] = _("Catatan terlalu panjang (maksimal 2000 huruf).")
    return form, errors


async def tutup(kunjungan_id: int, petugas_id: int, form: dict) -> bool:
    """Close a visit being served by this officer; False when it is not theirs or not open."""
    rows = await Kunjungan.update({
        Kunjungan.status: "selesai", Kunjungan.selesai_at: sekarang(),
        Kunjungan.layanan_diberikan: form["layanan_diberikan"], Kunjungan.hasil: form["hasil"],
        Kunjungan.catatan: form["catatan"],
    }).where(
        (Kunjungan.id == kunjungan_id) & (Kunjungan.status == "dilayani") & (Kunjungan.petugas_id == petugas_id)
    ).returning(Kunjungan.id)
    return bool(rows)


def _di_unit(query, unit_ids):
    return query if unit_ids is None else query.where(Kunjungan.unit_id.is_in(list(unit_ids) or [-1]))


async def antrian(unit_ids) -> list[dict]:
    """Today's visitors of these units who have arrived and are not done yet, oldest first."""
    q = Kunjungan.select().where(Kunjungan.status.is_in(list(AKTIF)) & (Kunjungan.tanggal == hari_ini()))
    return await _di_unit(q, unit_ids).order_by(Kunjungan.datang_at)


async def diharapkan(unit_ids) -> int:
    """Registered for today, not arrived yet."""
    q = Kunjungan.count().where((Kunjungan.status == "terdaftar") & (Kunjungan.tanggal == hari_ini()))
    return await (q if unit_ids is None else q.where(Kunjungan.unit_id.is_in(list(unit_ids) or [-1])))


async def buku_tamu(unit_ids, dari: date, sampai: date) -> list[dict]:
    """Visitors who came (arrived) between the two local dates, inclusive."""
    q = Kunjungan.select().where(
        Kunjungan.datang_at.is_not_null()
        & (Kunjungan.datang_at >= awal_hari(dari))
        & (Kunjungan.datang_at < awal_hari(sampai + timedelta(days=1)))
    )
    return await _di_unit(q, unit_ids).order_by(Kunjungan.datang_at)
