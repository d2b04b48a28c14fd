"""Survey links and responses (SOP 1 steps 1–3): one link per service recipient, one answer per link."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import date, timedelta

from balai.api import _, lazy_gettext

from balai_layanan import ikm
from balai_layanan.tables import Pelayanan, ResponsSurvei, TautanSurvei
from balai.api import today as hari_ini  # the agency's day, the core's
from balai_layanan.waktu import awal_hari, sekarang

JENIS_LAYANAN = {
    "kunjungan": lazy_gettext("Kunjungan tamu / layanan meja (desk)"),
    "acara": lazy_gettext("Kegiatan / acara"),
    "rapat": lazy_gettext("Rapat"),
    "audiensi": lazy_gettext("Audiensi"),
    "permintaan_data": lazy_gettext("Permintaan data"),
    "lainnya": lazy_gettext("Kegiatan lainnya"),
}
USIA = {"le20": "≤ 20", "21-30": "21–30", "31-40": "31–40", "41-50": "41–50", "51-60": "51–60", "gt60": "> 60"}
JENIS_KELAMIN = {"L": lazy_gettext("Laki-laki"), "P": lazy_gettext("Perempuan")}
PENDIDIKAN = {"sd": "SD", "smp": "SMP", "sma": "SMA/SMK", "diploma": "D1–D4", "s1": "S1", "s2": "S2", "s3": "S3"}
PEKERJAAN = {
    "pns": lazy_gettext("PNS"), "tni_polri": lazy_gettext("TNI/Polri"), "swasta": lazy_gettext("Pegawai swasta"),
    "wirausaha": lazy_gettext("Wirausaha/pelaku usaha"), "pelajar": lazy_gettext("Pelajar/mahasiswa"),
    "lainnya": lazy_gettext("Lainnya"),
}
BERLAKU_KUNJUNGAN_HARI = 3
MAKS_TAUTAN = 200
# A person needs more than this to read nine questions; scripts usually do not wait.
DETIK_MINIMUM = 5


async def terbitkan(jenis: str, uraian: str, unit_id: int, unit_nama: str, *, jumlah: int = 1,
                    berlaku_hari: int = BERLAKU_KUNJUNGAN_HARI, tanggal: date | None = None,
                    kunjungan_id: int | None = None, user=None) -> tuple[int, list[str]]:
    """Record a service and issue ``jumlah`` one-time links for it. Returns (service id, tokens)."""
    kini = sekarang()
    async with Pelayanan._meta.db.transaction():
        row = await Pelayanan.insert(Pelayanan(
            jenis=jenis, uraian=uraian, unit_id=unit_id, unit_nama=unit_nama, tanggal=tanggal or hari_ini(),
            kunjungan_id=kunjungan_id, dibuat_oleh=getattr(user, "id", None),
            dibuat_nama=getattr(user, "full_name", ""),
        )).returning(Pelayanan.id)
        pelayanan_id = row[0]["id"]
        tokens = [secrets.token_urlsafe(24) for _ in range(jumlah)]
        await TautanSurvei.insert(*[
            TautanSurvei(pelayanan=pelayanan_id, token=t, dibuat_at=kini,
                         kedaluwarsa_at=kini + timedelta(days=berlaku_hari))
            for t in tokens
        ])
    return pelayanan_id, tokens


def periksa_penerbitan(data: dict, unit_pilihan: dict[int, str]) -> tuple[dict, dict]:
    form = {k: str(data.get(k) or "").strip() for k in ("jenis", "uraian", "unit_id", "tanggal", "jumlah", "berlaku")}
    errors = {}
    if form["jenis"] not in JENIS_LAYANAN or form["jenis"] == "kunjungan":
        errors["jenis"] = _("Pilih jenis layanan.")
    if len(form["uraian"]) < 5:
        errors["uraian"] = _("Uraikan layanan yang diberikan (mis. nama acara atau data yang diminta).")
    if not form["unit_id"].isdigit() or int(form["unit_id"]) not in unit_pilihan:
        errors["unit_id"] = _("Pilih Bidang/UPTD pemberi layanan.")
    try:
        tanggal = date.fromisoformat(form["tanggal"])
        if tanggal > hari_ini():
            errors["tanggal"] = _("Tanggal layanan tidak boleh di masa depan.")
    except ValueError:
        errors["tanggal"] = _("Tanggal layanan wajib diisi.")
    if not form["jumlah"].isdigit() or not 1 <= int(form["jumlah"]) <= MAKS_TAUTAN:
        errors["jumlah"] = _("Jumlah penerima layanan 1–%(maks)s.", maks=MAKS_TAUTAN)
    if not form["berlaku"].isdigit() or not 1 <= int(form["berlaku"]) <= 30:
        errors["berlaku"] = _("Masa berlaku tautan 1–30 hari.")
    return form, errors


async def tautan_pelayanan(pelayanan_id: int) -> tuple[dict | None, list[dict]]:
    pel = await Pelayanan.select().where(Pelayanan.id == pelayanan_id).first()
    links = await TautanSurvei.select().where(TautanSurvei.pelayanan == pelayanan_id).order_by(TautanSurvei.id)
    return pel, links


async def tautan_kunjungan(kunjungan_id: int) -> dict | None:
    pel = await Pelayanan.select(Pelayanan.id).where(Pelayanan.kunjungan_id == kunjungan_id).first()
    if pel is None:
        return None
    return await TautanSurvei.select().where(TautanSurvei.pelayanan == pel["id"]).first()


async def buka(token: str) -> tuple[dict | None, str]:
    """The link and its service, or a reason it cannot be used: tidak_dikenal, kedaluwarsa, terpakai."""
    if not token or len(token) > 64:
        return None, "tidak_dikenal"
    row = await TautanSurvei.select().where(TautanSurvei.token == token).first()
    if row is None:
        return None, "tidak_dikenal"
    pel = await Pelayanan.select(Pelayanan.jenis, Pelayanan.uraian, Pelayanan.unit_id, Pelayanan.unit_nama,
                                 Pelayanan.tanggal).where(Pelayanan.id == row["pelayanan"]).first()
    row.update(pel or {})
    if row["dipakai_at"] is not None:
        return row, "terpakai"
    if row["kedaluwarsa_at"] <= sekarang():
        return row, "kedaluwarsa"
    return row, ""


def pesan_tautan(alasan: str) -> str:
    return {
        "tidak_dikenal": _("Tautan survei tidak dikenal. Pastikan Anda memindai kode QR yang diberikan petugas."),
        "kedaluwarsa": _("Tautan survei ini sudah kedaluwarsa. Mintalah tautan baru kepada petugas layanan."),
        "terpakai": _("Survei untuk layanan ini sudah diisi. Setiap tautan hanya dapat dipakai sekali. Terima kasih."),
    }.get(alasan, "")


def cap_mulai(rahasia: str, token: str, saat: float | None = None) -> str:
    """A signed timestamp put in the form when it is shown (for the minimum fill time)."""
    saat = int(saat if saat is not None else time.time())
    tanda = hmac.new(rahasia.encode(), f"{token}:{saat}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{saat}.{tanda}"


def detik_sejak(rahasia: str, token: str, cap: str) -> float | None:
    saat, _sep, tanda = (cap or "").partition(".")
    if not saat.isdigit():
        return None
    harap = hmac.new(rahasia.encode(), f"{token}:{saat}".encode(), hashlib.sha256).hexdigest()[:32]
    if not hmac.compare_digest(harap, tanda):
        return None
    return time.time() - int(saat)


def periksa_jawaban(data: dict) -> tuple[dict, dict]:
    form = {k: str(data.get(k) or "").strip() for k in
            ikm.KODE_UNSUR + ["usia", "jenis_kelamin", "pendidikan", "pekerjaan", "saran"]}
    errors = {}
    for kode, nama, _q, _a in ikm.UNSUR:
        if form[kode] not in ("1", "2", "3", "4"):
            errors[kode] = _("Pilih salah satu jawaban untuk unsur %(unsur)s.", unsur=nama)
    for key, pilihan, pesan in (
        ("usia", USIA, _("Pilih kelompok usia.")),
        ("jenis_kelamin", JENIS_KELAMIN, _("Pilih jenis kelamin.")),
        ("pendidikan", PENDIDIKAN, _("Pilih pendidikan terakhir.")),
        ("pekerjaan", PEKERJAAN, _("Pilih pekerjaan.")),
    ):
        if form[key] not in pilihan:
            errors[key] = pesan
    if len(form["saran"]) > 2000:
        errors["saran"] = _("Saran terlalu panjang (maksimal 2000 huruf).")
    return form, errors


async def simpan(token: str, form: dict) -> str:
    """Store the answer, using the link up in the same transaction. Returns a refusal reason or ''."""
    kini = sekarang()
    async with TautanSurvei._meta.db.transaction():
        # The conditional update is the lock: of two submissions racing, only one finds the link unused.
        used = await TautanSurvei.update({TautanSurvei.dipakai_at: kini}).where(
            (TautanSurvei.token == token) & TautanSurvei.dipakai_at.is_null() & (TautanSurvei.kedaluwarsa_at > kini)
        ).returning(TautanSurvei.id, TautanSurvei.pelayanan)
        if not used:
            row, alasan = await buka(token)
            return alasan or "terpakai"
        pel = await Pelayanan.select(Pelayanan.unit_id).where(Pelayanan.id == used[0]["pelayanan"]).first()
        await ResponsSurvei.insert(ResponsSurvei(
            tautan=used[0]["id"], unit_id=pel["unit_id"], periode=ikm.periode_dari(hari_ini()), diisi_at=kini,
            **{k: int(form[k]) for k in ikm.KODE_UNSUR},
            usia=form["usia"], jenis_kelamin=form["jenis_kelamin"], pendidikan=form["pendidikan"],
            pekerjaan=form["pekerjaan"], saran=form["saran"],
        ))
    return ""


# --- results per period (Kehumasan) -----------------------------------------------------------

async def respons_periode(periode: str) -> list[dict]:
    return await ResponsSurvei.select().where(ResponsSurvei.periode == periode).order_by(ResponsSurvei.id)


async def jumlah_periode(periode: str) -> tuple[int, dict[str, int]]:
    """The number of responses in the period and each element's sum of scores, in one query."""
    sums = ", ".join(f"SUM({kode}) AS {kode}" for kode in ikm.KODE_UNSUR)
    rows = await ResponsSurvei.raw(f"SELECT COUNT(*) AS n, {sums} FROM layanan_respons_survei WHERE periode = {{}}",
                                   periode)
    row = rows[0]
    return row["n"], {kode: row[kode] or 0 for kode in ikm.KODE_UNSUR}


async def populasi(periode: str) -> int:
    """Service recipients in the period: every survey link issued is one recipient of one service."""
    dari, sampai = ikm.batas_periode(periode)
    return await TautanSurvei.count().where(
        (TautanSurvei.dibuat_at >= awal_hari(dari)) & (TautanSurvei.dibuat_at < awal_hari(sampai))
    )


async def rekap(periode: str) -> dict:
    """Everything the semester report shows."""
    rows = await respons_periode(periode)
    hasil = ikm.hitung(rows)
    n_pop = await populasi(periode)
    profil = {}
    for key, pilihan in (("usia", USIA), ("jenis_kelamin", JENIS_KELAMIN), ("pendidikan", PENDIDIKAN),
                         ("pekerjaan", PEKERJAAN)):
        profil[key] = [(str(label), sum(1 for r in rows if r[key] == kode)) for kode, label in pilihan.items()]
    return {
        "periode": periode,
        "label": ikm.label_periode(periode),
        "hasil": hasil,
        "populasi": n_pop,
        "sampel": ikm.ukuran_sampel(n_pop),
        "profil": profil,
        "saran": [r for r in rows if r["saran"]],
        "saran_ringkas": saran_ringkas(rows),
    }


def saran_ringkas(rows: list[dict]) -> list[tuple[str, int]]:
    """Each suggestion once, with how many respondents wrote it (the same words, ignoring case, spaces
    and a final full stop), the most frequent first: what the printed report lists."""
    counts: dict[str, list] = {}
    for r in rows:
        teks = " ".join((r["saran"] or "").split())
        if teks:
            entry = counts.setdefault(teks.casefold().rstrip(". "), [teks, 0])
            entry[1] += 1
    return sorted(((t, n) for t, n in counts.values()), key=lambda x: -x[1])


def label_profil(key: str, kode: str) -> str:
    """A respondent's answer as words ("S1", "Pegawai swasta", "Laki-laki"), for exports."""
    pilihan = {"usia": USIA, "jenis_kelamin": JENIS_KELAMIN, "pendidikan": PENDIDIKAN, "pekerjaan": PEKERJAAN}[key]
    return str(pilihan.get(kode, kode or ""))


async def periode_ada() -> list[str]:
    """Periods with responses, plus the current one, newest first."""
    rows = await ResponsSurvei.select(ResponsSurvei.periode).distinct()
    found = {r["periode"] for r in rows} | {ikm.periode_dari(hari_ini())}
    return sorted(found, reverse=True)


async def terbaru_masuk(limit: int = 10) -> list[dict]:
    """The latest responses as they come (SOP 1 step 3: Kehumasan receives the results)."""
    return await ResponsSurvei.select(
        ResponsSurvei.all_columns(), ResponsSurvei.tautan.pelayanan.uraian.as_alias("uraian"),
        ResponsSurvei.tautan.pelayanan.unit_nama.as_alias("unit_nama"),
    ).order_by(ResponsSurvei.id, ascending=False).limit(limit)


def simpulkan(hasil: ikm.Hasil) -> dict:
    """The result as plain JSON (kept when a period is published)."""
    return {
        "responden": hasil.responden,
        "ikm": str(hasil.ikm) if hasil.ikm is not None else None,
        "mutu": hasil.mutu,
        "kinerja": hasil.kinerja,
        "unsur": [{"kode": u.kode, "nama": u.nama, "nrr": f"{float(u.nrr):.4f}", "nilai": str(u.nilai),
                   "mutu": u.mutu} for u in hasil.unsur],
    }
