"""The forecast: for every active PNS, the next KGB, the earliest regular promotion and the TMT
pensiun (``jam``), when each case opens, and what is still missing for it; with the proposal
already being worked, if any. Read by the forecast page, the API, the personnel file and the
schedule that opens the cases (``jadwal``)."""

from __future__ import annotations

from datetime import date

from balai.api import _, today

from balai_kepegawaian import jam
from balai_kepegawaian.pegawai import label_pangkat, nama_lengkap, nama_unit, rupiah, terakhir
from balai_kepegawaian.tables import (
    Aturan, GajiPokok, HukumanDisiplin, Pegawai, PenilaianKinerja, PenundaanKGB, RiwayatJabatan, RiwayatKGB,
    RiwayatPangkat, Usulan,
)

JENIS = {"kgb": "KGB", "kp": "KP", "pensiun": "pensiun"}
HORIZON = (1, 3, 6, 12)  # months the page offers
SETELAN_PERIODE = "kp.bulan_periode"  # Aturan rows: the agency's promotion months from a date on
# The working days steps 1-3 of SOP 11 take (1 working day + 1 hour + 1 working day, rounded up):
# the case opens this much before the notice date.
KGB_HARI_KERJA_SEBELUM = 3
AKTIF = ("proses", "diajukan", "tms", "disetujui")


def label_jenis(jenis: str) -> str:
    return {"kgb": _("Kenaikan gaji berkala"), "kp": _("Kenaikan pangkat"), "pensiun": _("Pensiun (BUP)")}[jenis]


async def setelan_periode() -> list[tuple[date, tuple[int, ...]]]:
    rows = await Aturan.select().where(Aturan.kunci == SETELAN_PERIODE).output(load_json=True)
    out = []
    for r in rows:
        value = r["nilai"].get("nilai") if isinstance(r["nilai"], dict) else r["nilai"]
        if isinstance(value, list) and value and all(isinstance(m, int) and 1 <= m <= 12 for m in value):
            out.append((r["berlaku_mulai"], tuple(sorted(set(value)))))
    return out


async def tabel_gaji() -> list[dict]:
    """Every gaji pokok row: those the agency loaded, over the ones shipped with the plugin."""
    from balai_kepegawaian import gaji

    return gaji.gabung(await GajiPokok.select())


def _by_pegawai(rows: list[dict]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in rows:
        out.setdefault(r["pegawai"], []).append(r)
    return out


async def _bahan(ids: list[int] | None = None) -> dict:
    """Everything the clock reads, for the given people (None: every active PNS), in a few queries."""
    where = (Pegawai.aktif == True) & (Pegawai.jenis_kepegawaian == "PNS")  # noqa: E712
    if ids is not None:
        where = Pegawai.id.is_in(ids or [0])
    people = await Pegawai.select().where(where).order_by(Pegawai.nama)
    pid = [p["id"] for p in people] or [0]

    async def per(table):
        return _by_pegawai(await table.select().where(table.pegawai.is_in(pid)))

    return {"pegawai": people, "pangkat": await per(RiwayatPangkat), "jabatan": await per(RiwayatJabatan),
            "kgb": await per(RiwayatKGB), "kinerja": await per(PenilaianKinerja), "hukdis": await per(HukumanDisiplin),
            "penundaan": await per(PenundaanKGB), "usulan": await per(Usulan), "gaji": await tabel_gaji(),
            "setelan": await setelan_periode()}


def _hukuman_pada(hukdis: list[dict], pada: date) -> dict | None:
    return next((h for h in hukdis if h["mulai"] <= pada and (h["selesai"] is None or h["selesai"] >= pada)), None)


def _kurang_predikat(kode: str) -> str:
    _p, tahun, keadaan = kode.split(":")
    from balai_kepegawaian.pegawai import PREDIKAT

    if keadaan == "belum":
        return _("Predikat kinerja tahun %(tahun)s belum dicatat", tahun=tahun)
    return _("Predikat kinerja tahun %(tahun)s %(predikat)s (paling rendah Baik)", tahun=tahun,
             predikat=str(PREDIKAT.get(keadaan, keadaan)))


def _usulan(rows: list[dict], jenis: str, tmt: date | None) -> dict | None:
    """The proposal of this kind being worked (or done) for this date."""
    return next((u for u in sorted(rows, key=lambda u: u["id"], reverse=True)
                 if u["jenis"] == jenis and (tmt is None or u["tmt"] == tmt)), None)


def hitung(p: dict, b: dict, pada: date, is_working_day=None) -> list[dict]:
    """The person's three dates as forecast items (``jenis``, ``tanggal``, ``buka``, ``kurang``,
    ``usulan`` and the figures each letter needs)."""
    from balai.api import calendar

    is_working_day = is_working_day or calendar.is_working_day
    pid = p["id"]
    pangkat, kgb, jabatan = b["pangkat"].get(pid, []), b["kgb"].get(pid, []), b["jabatan"].get(pid, [])
    kinerja, hukdis, usulan = b["kinerja"].get(pid, []), b["hukdis"].get(pid, []), b["usulan"].get(pid, [])
    items = []
    dasar = {"pegawai": p, "nama": nama_lengkap(p), "nip": p.get("nip")}

    k = jam.kgb_berikut(pangkat, kgb, b["penundaan"].get(pid, []), setelah=_setelah(usulan, "kgb"))
    if k is not None:
        kurang = []
        nilai = {r["tahun"]: r["predikat"] for r in kinerja}
        tahun = k.tmt.year - 1
        if nilai.get(tahun) is None:
            kurang.append(_kurang_predikat(f"predikat:{tahun}:belum"))
        elif nilai[tahun] not in jam.PREDIKAT_CUKUP:
            kurang.append(_kurang_predikat(f"predikat:{tahun}:{nilai[tahun]}"))
        if (h := _hukuman_pada(hukdis, k.tmt)) is not None:
            kurang.append(_("Sedang menjalani hukuman disiplin %(jenis)s", jenis=h["jenis"]))
        lama_row = jam.gaji_dari_tabel(b["gaji"], k.golongan, max(k.mkg[0] - 1, 0), k.tmt)
        baru_row = jam.gaji_dari_tabel(b["gaji"], k.golongan, k.mkg[0], k.tmt)
        gaji_lama = (terakhir(kgb) or {}).get("gaji_pokok")
        if baru_row is None:
            kurang.append(_("Gaji pokok %(golongan)s MKG %(mkg)s tahun tidak ada di tabel gaji: isi pada usulan",
                            golongan=k.golongan, mkg=k.mkg[0]))
        items.append({**dasar, "jenis": "kgb", "tanggal": k.tmt, "tmt_semula": k.tmt_semula,
                      "ditunda_bulan": k.ditunda_bulan, "golongan": k.golongan, "pangkat_label": label_pangkat(k.golongan),
                      "mkg": k.mkg, "gaji_lama": gaji_lama or (lama_row or {}).get("gaji"),
                      "gaji_baru": (baru_row or {}).get("gaji"), "gaji_sumber": (baru_row or {}).get("peraturan", ""),
                      "buka": jam.kgb_dibuka(k.tmt, KGB_HARI_KERJA_SEBELUM, is_working_day),
                      "kurang": kurang, "usulan": _usulan(usulan, "kgb", k.tmt)})

    kp = jam.kp_berikut(pangkat, kinerja, b["setelan"], setelah=_setelah(usulan, "kp"))
    if kp is not None:
        items.append({**dasar, "jenis": "kp", "tanggal": kp.periode, "golongan": kp.golongan_dari,
                      "golongan_ke": kp.golongan_ke, "pangkat_label": label_pangkat(kp.golongan_dari),
                      "pangkat_ke_label": label_pangkat(kp.golongan_ke), "syarat_masa": kp.syarat_masa,
                      "buka": jam.kp_dibuka(kp.periode), "kurang": [_kurang_predikat(x) for x in kp.kurang],
                      "usulan": _usulan(usulan, "kp", kp.periode)})

    ps = jam.pensiun(p["tanggal_lahir"], jabatan)
    if ps is not None:
        items.append({**dasar, "jenis": "pensiun", "tanggal": ps.tmt, "bup": ps.bup, "usia_bup": ps.usia_bup,
                      "buka": jam.pensiun_dibuka(ps), "kurang": [], "usulan": _usulan(usulan, "pensiun", ps.tmt)})
    for it in items:
        it["label"] = label_jenis(it["jenis"])
        it["jatuh_tempo"] = it["buka"] <= pada
        for key in ("gaji_lama", "gaji_baru"):
            if key in it:
                it[key + "_label"] = rupiah(it[key]) if it[key] else ""
    return items


def _setelah(usulan: list[dict], jenis: str) -> date | None:
    """A raise or promotion already granted moves the clock past its date (until the history gets
    the new row, which it does when the SK is archived)."""
    done = [u["tmt"] for u in usulan if u["jenis"] == jenis and u["status"] == "selesai"]
    return max(done) if done else None


async def satu_orang(p: dict, parts: dict, pada: date) -> list[dict]:
    """The forecast items of one file (``parts``: its histories as ``pegawai.berkas`` reads them)."""
    if p.get("jenis_kepegawaian") != "PNS" or not p.get("aktif", True):
        return []
    b = await _bahan([p["id"]])
    return hitung(p, b, pada)


async def daftar(*, bulan: int = 12, pada: date | None = None, unit_ids: set[int] | None = None,
                 jenis: str = "") -> list[dict]:
    """Every item due within ``bulan`` months (and any already due or being worked), soonest first;
    ``unit_ids`` limits to people of those units (None: everyone)."""
    pada = pada or today()
    batas = jam.tambah_bulan(pada, bulan)
    b = await _bahan()
    units = await nama_unit()
    out = []
    for p in b["pegawai"]:
        if unit_ids is not None and p["unit_id"] not in unit_ids:
            continue
        for it in hitung(p, b, pada):
            if jenis and it["jenis"] != jenis:
                continue
            if it["tanggal"] <= batas or it["jatuh_tempo"]:
                it["unit_nama"] = units.get(p["unit_id"], "")
                out.append(it)
    out.sort(key=lambda it: (it["tanggal"], it["nama"]))
    return out


def sebagai_json(it: dict) -> dict:
    u = it.get("usulan")
    return {
        "jenis": it["jenis"], "pegawai_id": it["pegawai"]["id"], "nama": it["nama"], "nip": it["nip"],
        "unit": it.get("unit_nama", ""), "tanggal": it["tanggal"].isoformat(), "dibuka_pada": it["buka"].isoformat(),
        "jatuh_tempo": it["jatuh_tempo"], "kurang": [str(x) for x in it["kurang"]],
        **({"golongan": it["golongan"], "mkg_tahun": it["mkg"][0], "mkg_bulan": it["mkg"][1],
            "ditunda_bulan": it["ditunda_bulan"], "gaji_lama": it["gaji_lama"], "gaji_baru": it["gaji_baru"]}
           if it["jenis"] == "kgb" else {}),
        **({"golongan": it["golongan"], "golongan_ke": it["golongan_ke"]} if it["jenis"] == "kp" else {}),
        **({"bup": it["bup"]} if it["jenis"] == "pensiun" else {}),
        "usulan": {"id": u["id"], "status": u["status"], "case_id": u["case_id"]} if u else None,
    }
