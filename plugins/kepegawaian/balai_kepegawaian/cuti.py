"""Leave requests (SOP 13), as a service: counting, checking, applying, deciding, changing.

No pages here: the SOP 13 workflow, the pages, the permit PDF and the API call these functions.
Every refusal is a list of Indonesian messages (:class:`CutiError`), and nothing is written when
a request is refused: :func:`ajukan`, :func:`putuskan` and :func:`ubah` each run in one transaction
that first bumps ``Pegawai.versi`` (:func:`balai_kepegawaian.saldo.kunci`), so two requests against
the same balance are checked one after the other.

What a request carries in ``keterangan`` (a dict), by kind:

- sakit: ``surat_dokter`` (the doctor's letter: an archive/document id or its number) beyond one
  day, ``dokter_pemerintah`` (True: the letter is from a government doctor) beyond 14 days,
  ``gugur_kandungan`` (True: miscarriage, 1.5 months at most);
- melahirkan: ``anak_ke`` (1–3; from the 4th child the leave is a cuti besar);
- besar: ``melahirkan`` (True) with ``anak_ke`` (4 or more) for the birth of a fourth child;
- cltn: ``perpanjangan`` (True: the extension of a CLTN, at most a year).
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from balai.api import _, audit_record, calendar, format_date, ngettext, today

from balai_kepegawaian import aturan, saldo
from balai_kepegawaian.aturan import ALASAN_PENTING, BESAR, CLTN, JENIS, MELAHIRKAN, SAKIT, TAHUNAN
from balai_kepegawaian.tables import Cuti, Pegawai

DIAJUKAN, DISETUJUI, DITOLAK, DITANGGUHKAN, DIBATALKAN = (
    "diajukan", "disetujui", "ditolak", "ditangguhkan", "dibatalkan")
KEPUTUSAN = (DISETUJUI, DITOLAK, DITANGGUHKAN, DIBATALKAN)
BERJALAN = (DIAJUKAN, DISETUJUI)  # requests that hold days: they cannot overlap
PALING_PANJANG = 5 * 366  # days: CLTN with its extension is four years; anything longer is a slip


class CutiError(ValueError):
    """A request refused: ``messages`` lists every reason, in Indonesian."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


# --- counting -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lama:
    """The length of a request from ``mulai`` to ``selesai`` (both counted): ``hari_kerja`` by the
    core calendar (rule ``kepegawaian.cuti``: weekends, national holidays, cuti bersama and agency
    holidays skipped), ``hari_kalender``, and ``dilewati``: each day not counted, a
    ``calendar.DayStatus`` with its ``kind`` (weekend, holiday, cuti_bersama, agency) and ``name``."""

    mulai: date
    selesai: date
    hari_kerja: int
    hari_kalender: int
    dilewati: tuple = field(default=())

    def akhir_pekan(self) -> int:
        return sum(1 for s in self.dilewati if s.kind == calendar.WEEKEND)

    def penjelasan(self) -> list[str]:
        """The count explained, line by line, for the request page."""
        out = [_("%(mulai)s sampai dengan %(selesai)s: %(hari)s", mulai=format_date(self.mulai),
                 selesai=format_date(self.selesai),
                 hari=ngettext("%(num)s hari kalender", "%(num)s hari kalender", self.hari_kalender))]
        if self.akhir_pekan():
            out.append(_("Tidak dihitung: Sabtu/Minggu, %(hari)s",
                         hari=ngettext("%(num)s hari", "%(num)s hari", self.akhir_pekan())))
        for s in self.dilewati:
            if s.kind == calendar.WEEKEND:
                continue
            if s.kind == calendar.CUTI_BERSAMA:
                why = _("cuti bersama, tidak mengurangi hak cuti tahunan")
            elif s.kind == calendar.AGENCY:
                why = _("libur instansi")
            else:
                why = _("libur nasional")
            out.append(_("Tidak dihitung: %(hari)s, %(nama)s (%(alasan)s)", hari=format_date(s.day),
                         nama=s.name, alasan=why))
        out.append(_("Lama cuti: %(hari)s", hari=ngettext("%(num)s hari kerja", "%(num)s hari kerja", self.hari_kerja)))
        return out

    def as_dict(self) -> dict:
        return {"mulai": self.mulai.isoformat(), "selesai": self.selesai.isoformat(), "hari_kerja": self.hari_kerja,
                "hari_kalender": self.hari_kalender,
                "dilewati": [{"tanggal": s.day.isoformat(), "jenis": s.kind, "nama": s.name} for s in self.dilewati],
                "penjelasan": self.penjelasan()}


async def hitung_lama(mulai: date, selesai: date) -> Lama:
    """Working and calendar days from ``mulai`` to ``selesai``, both included (0 when ``selesai`` is
    before ``mulai``). CutiError for a span longer than five years."""
    if selesai < mulai:
        return Lama(mulai, selesai, 0, 0)
    if (selesai - mulai).days > PALING_PANJANG:
        raise CutiError(_("Rentang tanggal cuti terlalu panjang (lebih dari lima tahun)."))
    rule = aturan.HITUNG_CUTI.code
    kerja, dilewati, day = 0, [], mulai
    while day <= selesai:
        status = calendar.day_status(day, rule=rule)
        if status.working:
            kerja += 1
        else:
            dilewati.append(status)
        day += timedelta(days=1)
    return Lama(mulai, selesai, kerja, (selesai - mulai).days + 1, tuple(dilewati))


def akhir_paling_lambat(mulai: date, bulan: float) -> date:
    """The last day of a leave of ``bulan`` calendar months starting ``mulai`` (3 months from
    1 March end on 31 May; half a month is 15 days)."""
    whole = int(bulan)
    index = mulai.month - 1 + whole
    year, month = mulai.year + index // 12, index % 12 + 1
    end = date(year, month, min(mulai.day, _cal.monthrange(year, month)[1]))
    return end + timedelta(days=round((bulan - whole) * 30)) - timedelta(days=1)


def _bulan(n: float) -> str:
    if n == int(n):
        return ngettext("%(num)s bulan", "%(num)s bulan", int(n))
    return _("%(n)s bulan", n=f"{n:g}".replace(".", ","))


# --- checking -----------------------------------------------------------------------------------

async def _pegawai(pegawai_id: int) -> dict | None:
    return await Pegawai.select().where(Pegawai.id == pegawai_id).first()


async def _bertumpuk(pegawai_id: int, mulai: date, selesai: date, kecuali: int | None) -> list[dict]:
    where = ((Cuti.pegawai == pegawai_id) & Cuti.status.is_in(list(BERJALAN)) & (Cuti.mulai <= selesai)
             & (Cuti.selesai >= mulai))
    if kecuali is not None:
        where &= Cuti.id != kecuali
    return await (Cuti.select(Cuti.id, Cuti.jenis, Cuti.mulai, Cuti.selesai, Cuti.status).where(where)
                  .order_by(Cuti.mulai))


async def _cuti_tahun(pegawai_id: int, jenis: str, tahun: int, status: tuple, kecuali: int | None) -> list[dict]:
    where = ((Cuti.pegawai == pegawai_id) & (Cuti.jenis == jenis) & (Cuti.tahun == tahun)
             & Cuti.status.is_in(list(status)))
    if kecuali is not None:
        where &= Cuti.id != kecuali
    return await Cuti.select(Cuti.id, Cuti.mulai, Cuti.selesai, Cuti.status, Cuti.keterangan).where(where).output(
        load_json=True)


def _masa_kerja_kurang(pegawai: dict, tahun: int, pada: date) -> date | None:
    """The day ``tahun`` years of service are reached, when that is after ``pada``."""
    mulai = saldo.mulai_bekerja(pegawai)
    if mulai is None:
        return date.max
    cukup = saldo.tambah_tahun(mulai, tahun)
    return cukup if cukup > pada else None


def _lebih_lama(lama: Lama, bulan: float, label: str) -> list[str]:
    akhir = akhir_paling_lambat(lama.mulai, bulan)
    if lama.selesai > akhir:
        return [_("%(jenis)s paling lama %(lama)s: bila mulai %(mulai)s, selesai paling lambat %(akhir)s.",
                  jenis=label, lama=_bulan(bulan), mulai=format_date(lama.mulai, "long"),
                  akhir=format_date(akhir, "long"))]
    return []


async def periksa(pegawai_id: int, jenis: str, mulai: date, selesai: date, keterangan: dict | None = None,
                  dokumen: list | None = None, *, kecuali: int | None = None, lama: Lama | None = None) -> list[str]:
    """Every reason the request cannot be made, in Indonesian (an empty list: it may). ``kecuali``:
    the request being changed (its own days and reservation do not count against it); ``lama``: the
    count when the caller has it already."""
    keterangan = keterangan or {}
    pegawai = await _pegawai(pegawai_id)
    if pegawai is None:
        return [_("Data pegawai tidak ditemukan.")]
    if not pegawai["aktif"]:
        return [_("Pegawai ini tidak aktif.")]
    kind = JENIS.get(jenis)
    if kind is None:
        return [_("Jenis cuti tidak dikenal.")]
    if not kind.diajukan:
        return [_("Cuti bersama ditetapkan pemerintah untuk semua pegawai dan tidak diajukan.")]
    label = str(kind.label)
    if jenis not in await aturan.jenis_boleh(pegawai["jenis_kepegawaian"], mulai):
        return [_("%(jenis)s tidak dapat diambil oleh %(kepegawaian)s.", jenis=label,
                  kepegawaian=pegawai["jenis_kepegawaian"])]
    if selesai < mulai:
        return [_("Tanggal selesai cuti sebelum tanggal mulai.")]
    try:
        lama = lama or await hitung_lama(mulai, selesai)
    except CutiError as e:
        return e.messages
    salah: list[str] = []
    awal = calendar.day_status(mulai, rule=aturan.HITUNG_CUTI.code)
    if not awal.working:
        nama = awal.name or _("Sabtu/Minggu")
        salah.append(_("Cuti tidak dapat dimulai pada hari libur: %(hari)s (%(nama)s).", hari=format_date(mulai),
                       nama=nama))
    for lain in await _bertumpuk(pegawai_id, mulai, selesai, kecuali):
        salah.append(_("Bertumpuk dengan %(jenis)s %(mulai)s s.d. %(selesai)s yang %(status)s.",
                       jenis=aturan.label(lain["jenis"]), mulai=format_date(lain["mulai"], "long"),
                       selesai=format_date(lain["selesai"], "long"), status=label_status(lain["status"])))
    if jenis == TAHUNAN:
        salah += await _periksa_tahunan(pegawai, lama, kecuali)
    elif jenis == BESAR:
        salah += await _periksa_besar(pegawai, lama, keterangan, kecuali)
    elif jenis == SAKIT:
        salah += await _periksa_sakit(pegawai, lama, keterangan)
    elif jenis == MELAHIRKAN:
        salah += await _periksa_melahirkan(pegawai, lama, keterangan)
    elif jenis == ALASAN_PENTING:
        salah += _lebih_lama(lama, float(await aturan.nilai("cuti.alasan_penting.maks", mulai)), label)
    elif jenis == CLTN:
        salah += await _periksa_cltn(pegawai, lama, keterangan)
    if jenis != TAHUNAN and lama.hari_kerja < 1 and not salah:
        salah.append(_("Tidak ada hari kerja dalam rentang tanggal ini."))
    return salah


async def _periksa_tahunan(pegawai: dict, lama: Lama, kecuali: int | None) -> list[str]:
    salah = []
    mulai, tahun = lama.mulai, lama.mulai.year
    masa = int(await aturan.nilai("cuti.tahunan.masa_kerja", mulai))
    cukup = _masa_kerja_kurang(pegawai, masa, mulai)
    if cukup == date.max:
        return [_("TMT pegawai belum tercatat: masa kerja untuk cuti tahunan tidak dapat dihitung.")]
    if cukup:
        salah.append(_("Cuti tahunan baru dapat diambil setelah %(masa)s tahun masa kerja, yaitu mulai %(tanggal)s.",
                       masa=masa, tanggal=format_date(cukup, "long")))
    minimal = int(await aturan.nilai("cuti.tahunan.minimal", mulai))
    if lama.hari_kerja < minimal:
        salah.append(_("Cuti tahunan paling sedikit %(n)s; rentang ini %(ada)s.",
                       n=ngettext("%(num)s hari kerja", "%(num)s hari kerja", minimal),
                       ada=ngettext("%(num)s hari kerja", "%(num)s hari kerja", lama.hari_kerja)))
    if await _cuti_tahun(pegawai["id"], BESAR, tahun, BERJALAN, kecuali) and \
            await aturan.nilai("cuti.besar.hapus_tahunan", date(tahun, 1, 1)):
        salah.append(_("Pada tahun %(tahun)s ada cuti besar: tidak ada cuti tahunan pada tahun itu.", tahun=tahun))
        return salah
    s = await saldo.saldo(pegawai["id"], tahun)
    tersedia = s.tersedia
    if kecuali is not None:
        own = await Cuti.select(Cuti.tahun).where(Cuti.id == kecuali).first()
        if own and own["tahun"] == tahun:
            tersedia += await saldo.cadangan_cuti(kecuali)
    if lama.hari_kerja > tersedia:
        salah.append(_("Saldo cuti tahunan %(tahun)s tidak cukup: tersedia %(ada)s, diminta %(minta)s.", tahun=tahun,
                       ada=ngettext("%(num)s hari kerja", "%(num)s hari kerja", max(0, tersedia)),
                       minta=ngettext("%(num)s hari kerja", "%(num)s hari kerja", lama.hari_kerja)))
    return salah


async def _periksa_besar(pegawai: dict, lama: Lama, keterangan: dict, kecuali: int | None) -> list[str]:
    salah = []
    mulai, tahun = lama.mulai, lama.mulai.year
    label = aturan.label(BESAR)
    if keterangan.get("melahirkan"):
        # From the fourth child, leave for a birth is a cuti besar as long as cuti melahirkan.
        anak_maks = int(await aturan.nilai("cuti.melahirkan.anak_maks", mulai))
        anak_ke = _bulat(keterangan.get("anak_ke"))
        if pegawai["jenis_kelamin"] != "P":
            salah.append(_("Cuti untuk melahirkan hanya bagi pegawai perempuan."))
        if anak_ke is None or anak_ke <= anak_maks:
            salah.append(_("Cuti besar karena melahirkan untuk kelahiran anak ke-%(n)s dan seterusnya: isi anak "
                           "ke-berapa.", n=anak_maks + 1))
        if await aturan.nilai("cuti.melahirkan.anak_keempat_masa_kerja", mulai):
            salah += await _masa_besar(pegawai, mulai)
        salah += _lebih_lama(lama, float(await aturan.nilai("cuti.melahirkan.maks", mulai)), label)
    else:
        salah += await _masa_besar(pegawai, mulai)
        masa = int(await aturan.nilai("cuti.besar.masa_kerja", mulai))
        for lalu in await _cuti_tahun_semua(pegawai["id"], BESAR, kecuali):
            if lalu["keterangan"].get("melahirkan") or lalu["mulai"] >= mulai:
                continue
            boleh = saldo.tambah_tahun(lalu["selesai"] + timedelta(days=1), masa)
            if boleh > mulai:
                salah.append(_("Cuti besar berikutnya baru dapat dimulai %(tanggal)s (%(masa)s tahun setelah cuti "
                               "besar yang berakhir %(akhir)s).", tanggal=format_date(boleh, "long"), masa=masa,
                               akhir=format_date(lalu["selesai"], "long")))
        bulan = float(await aturan.nilai("cuti.besar.maks", mulai))
        salah += _lebih_lama(lama, bulan, label)
        # Cuti tahunan already taken that year shortens the cuti besar (lampiran I.B.3).
        if not salah and await aturan.nilai("cuti.besar.hapus_tahunan", date(tahun, 1, 1)):
            s = await saldo.saldo(pegawai["id"], tahun)
            if s.dipakai:
                penuh = await hitung_lama(mulai, akhir_paling_lambat(mulai, bulan))
                boleh = penuh.hari_kerja - s.dipakai
                if lama.hari_kerja > boleh:
                    salah.append(_("Cuti tahunan %(tahun)s sudah diambil %(pakai)s, sehingga cuti besar paling lama "
                                   "%(boleh)s.", tahun=tahun,
                                   pakai=ngettext("%(num)s hari kerja", "%(num)s hari kerja", s.dipakai),
                                   boleh=ngettext("%(num)s hari kerja", "%(num)s hari kerja", max(0, boleh))))
    if await _cuti_tahun(pegawai["id"], TAHUNAN, tahun, (DIAJUKAN,), kecuali) and \
            await aturan.nilai("cuti.besar.hapus_tahunan", date(tahun, 1, 1)):
        salah.append(_("Masih ada permintaan cuti tahunan %(tahun)s yang belum diputus: tahun cuti besar tidak ada "
                       "cuti tahunan.", tahun=tahun))
    return salah


async def _cuti_tahun_semua(pegawai_id: int, jenis: str, kecuali: int | None) -> list[dict]:
    where = (Cuti.pegawai == pegawai_id) & (Cuti.jenis == jenis) & (Cuti.status == DISETUJUI)
    if kecuali is not None:
        where &= Cuti.id != kecuali
    return await Cuti.select(Cuti.id, Cuti.mulai, Cuti.selesai, Cuti.keterangan).where(where).output(load_json=True)


async def _masa_besar(pegawai: dict, mulai: date) -> list[str]:
    masa = int(await aturan.nilai("cuti.besar.masa_kerja", mulai))
    cukup = _masa_kerja_kurang(pegawai, masa, mulai)
    if cukup == date.max:
        return [_("TMT pegawai belum tercatat: masa kerja untuk cuti besar tidak dapat dihitung.")]
    if cukup:
        return [_("Cuti besar baru dapat diambil setelah %(masa)s tahun masa kerja terus-menerus, yaitu mulai "
                  "%(tanggal)s.", masa=masa, tanggal=format_date(cukup, "long"))]
    return []


def _bulat(value) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if str(n) == str(value).strip() or isinstance(value, int) else None


async def _periksa_sakit(pegawai: dict, lama: Lama, keterangan: dict) -> list[str]:
    salah = []
    mulai = lama.mulai
    label = aturan.label(SAKIT)
    if keterangan.get("gugur_kandungan"):
        if pegawai["jenis_kelamin"] != "P":
            salah.append(_("Cuti sakit karena gugur kandungan hanya bagi pegawai perempuan."))
        salah += _lebih_lama(lama, float(await aturan.nilai("cuti.sakit.gugur_kandungan", mulai)), label)
    else:
        salah += _lebih_lama(lama, float(await aturan.nilai("cuti.sakit.maks", mulai)), label)
    surat = int(await aturan.nilai("cuti.sakit.surat_dokter", mulai))
    pemerintah = int(await aturan.nilai("cuti.sakit.dokter_pemerintah", mulai))
    if lama.hari_kalender > surat and not keterangan.get("surat_dokter"):
        salah.append(_("Cuti sakit lebih dari %(n)s harus dilampiri surat keterangan dokter.",
                       n=ngettext("%(num)s hari", "%(num)s hari", surat)))
    elif lama.hari_kalender > pemerintah and not keterangan.get("dokter_pemerintah"):
        salah.append(_("Cuti sakit lebih dari %(n)s harus dilampiri surat keterangan dokter pemerintah.",
                       n=ngettext("%(num)s hari", "%(num)s hari", pemerintah)))
    return salah


async def _periksa_melahirkan(pegawai: dict, lama: Lama, keterangan: dict) -> list[str]:
    salah = []
    mulai = lama.mulai
    if pegawai["jenis_kelamin"] != "P":
        salah.append(_("Cuti melahirkan hanya bagi pegawai perempuan; suami yang istrinya melahirkan dapat "
                       "mengajukan cuti karena alasan penting."))
    anak_maks = int(await aturan.nilai("cuti.melahirkan.anak_maks", mulai))
    anak_ke = _bulat(keterangan.get("anak_ke"))
    if anak_ke is None or anak_ke < 1:
        salah.append(_("Isi kelahiran anak ke-berapa."))
    elif anak_ke > anak_maks:
        salah.append(_("Kelahiran anak ke-%(n)s dan seterusnya diberikan sebagai cuti besar: ajukan cuti besar "
                       "karena melahirkan.", n=anak_maks + 1))
    salah += _lebih_lama(lama, float(await aturan.nilai("cuti.melahirkan.maks", mulai)), aturan.label(MELAHIRKAN))
    return salah


async def _periksa_cltn(pegawai: dict, lama: Lama, keterangan: dict) -> list[str]:
    salah = []
    mulai = lama.mulai
    masa = int(await aturan.nilai("cuti.cltn.masa_kerja", mulai))
    cukup = _masa_kerja_kurang(pegawai, masa, mulai)
    if cukup == date.max:
        salah.append(_("TMT pegawai belum tercatat: masa kerja untuk CLTN tidak dapat dihitung."))
    elif cukup:
        salah.append(_("Cuti di luar tanggungan negara baru dapat diambil setelah %(masa)s tahun masa kerja, yaitu "
                       "mulai %(tanggal)s.", masa=masa, tanggal=format_date(cukup, "long")))
    kunci = "cuti.cltn.perpanjangan" if keterangan.get("perpanjangan") else "cuti.cltn.maks"
    salah += _lebih_lama(lama, float(await aturan.nilai(kunci, mulai)), aturan.label(CLTN))
    return salah


def label_status(status: str) -> str:
    """The status as the pages write it."""
    return {DIAJUKAN: _("diajukan"), DISETUJUI: _("disetujui"), DITOLAK: _("ditolak"),
            DITANGGUHKAN: _("ditangguhkan"), DIBATALKAN: _("dibatalkan")}.get(status, status)


# --- writing ------------------------------------------------------------------------------------

def _id(user) -> int | None:
    return getattr(user, "id", user)


async def _saldo_lanjut(pegawai_id: int, dari_tahun: int) -> dict[int, int]:
    """``tersedia`` of every opened year from ``dari_tahun`` on."""
    out = {}
    for tahun in await saldo._tahun_terbuka(pegawai_id):
        if tahun >= dari_tahun:
            out[tahun] = (await saldo.saldo(pegawai_id, tahun)).tersedia
    return out


async def _jaga_saldo(pegawai_id: int, sebelum: dict[int, int], dari_tahun: int) -> None:
    """A change to one year's balance can lower the carry-over of the years after it, already
    opened and perhaps spent: refuse a write that leaves any of them overdrawn by it."""
    for tahun, tersedia in (await _saldo_lanjut(pegawai_id, dari_tahun)).items():
        if tersedia < 0 and tersedia < sebelum.get(tahun, 0):
            raise CutiError(_("Saldo cuti tahunan %(tahun)s tidak cukup: permintaan ini mengurangi sisa yang dibawa "
                              "ke tahun %(tahun)s, yang sudah dipakai atau dicadangkan.", tahun=tahun))


def _teks(value, batas: int, nama: str) -> str:
    value = (value or "").strip()
    if len(value) > batas:
        raise CutiError(_("%(nama)s terlalu panjang (paling banyak %(n)s karakter).", nama=nama, n=batas))
    return value


async def ajukan(pegawai_id: int, jenis: str, mulai: date, selesai: date, *, alasan: str = "",
                 alamat_cuti: str = "", telepon_cuti: str = "", keterangan: dict | None = None,
                 dokumen: list | None = None, oleh=None, buka_kasus=None) -> dict:
    """Make a leave request, in one transaction: lock the employee (``Pegawai.versi``), count and
    check it again (:func:`periksa`), insert the ``Cuti`` row (status ``diajukan``, ``tahun`` the
    year of ``mulai``), reserve its days when it is cuti tahunan, then ``await buka_kasus(row)`` if
    given, whose return value (the SOP case id) is stored in ``Cuti.case_id``. ``oleh``: the user
    applying (the employee, or the Pengelola for them; CurrentUser or id). Returns the row.
    Raises CutiError(messages) and writes nothing when refused (an exception from ``buka_kasus``
    also undoes everything)."""
    keterangan = dict(keterangan or {})
    dokumen = list(dokumen or [])
    alasan = _teks(alasan, 2000, _("Alasan cuti"))
    alamat_cuti = _teks(alamat_cuti, 1000, _("Alamat selama cuti"))
    telepon_cuti = _teks(telepon_cuti, 32, _("Telepon selama cuti"))
    async with saldo.transaksi():
        try:
            await saldo.kunci(pegawai_id)
        except LookupError:
            raise CutiError(_("Data pegawai tidak ditemukan.")) from None
        lama = await hitung_lama(mulai, selesai)
        salah = await periksa(pegawai_id, jenis, mulai, selesai, keterangan, dokumen, lama=lama)
        if salah:
            raise CutiError(salah)
        sebelum = await _saldo_lanjut(pegawai_id, mulai.year) if jenis == TAHUNAN else {}
        rows = await Cuti.insert(Cuti(
            pegawai=pegawai_id, jenis=jenis, mulai=mulai, selesai=selesai, hari_kerja=lama.hari_kerja,
            hari_kalender=lama.hari_kalender, alasan=alasan, alamat_cuti=alamat_cuti, telepon_cuti=telepon_cuti,
            status=DIAJUKAN, tahun=mulai.year, dokumen=dokumen, keterangan=keterangan, diajukan_oleh=_id(oleh),
        )).returning(*Cuti.all_columns())
        row = {**rows[0], "dokumen": dokumen, "keterangan": keterangan}
        if jenis == TAHUNAN:
            await saldo.cadangkan(row, lama.hari_kerja, oleh=_id(oleh))
            await _jaga_saldo(pegawai_id, sebelum, mulai.year)
        if buka_kasus is not None:
            case_id = await buka_kasus(row)
            if case_id is not None:
                await Cuti.update({Cuti.case_id: case_id}).where(Cuti.id == row["id"])
                row["case_id"] = case_id
        await audit_record(oleh, "kepegawaian.cuti.ajukan", "kepegawaian_cuti", row["id"],
                           {"pegawai": pegawai_id, "jenis": jenis, "mulai": mulai.isoformat(),
                            "selesai": selesai.isoformat(), "hari_kerja": lama.hari_kerja})
    return row


async def get_cuti(cuti_id: int) -> dict | None:
    """One request, with ``label`` (its kind's name)."""
    row = await Cuti.select().where(Cuti.id == cuti_id).output(load_json=True).first()
    return {**row, "label": aturan.label(row["jenis"])} if row else None


async def _terkunci(cuti_id: int) -> dict:
    row = await Cuti.select(Cuti.pegawai).where(Cuti.id == cuti_id).first()
    if row is None:
        raise CutiError(_("Permintaan cuti tidak ditemukan."))
    await saldo.kunci(row["pegawai"])
    return await get_cuti(cuti_id)


async def putuskan(cuti_id: int, keputusan: str, *, oleh, catatan: str = "") -> dict:
    """Decide a request: ``disetujui`` (the reservation becomes leave taken; a cuti besar takes the
    rest of that year's cuti tahunan), ``ditolak`` (released), ``ditangguhkan`` (cuti tahunan or an
    ordinary cuti besar, for urgent service: released, and cuti tahunan's days credited to the next
    year within the total of 24), ``dibatalkan`` (a pending request, or an approved one that has
    not begun: its days come back). ``catatan`` is kept with the decision (required for a refusal
    or deferral). Returns the updated row; CutiError when the decision does not fit the request."""
    if keputusan not in KEPUTUSAN:
        raise CutiError(_("Keputusan cuti tidak dikenal."))
    catatan = _teks(catatan, 2000, _("Catatan"))
    if keputusan in (DITOLAK, DITANGGUHKAN) and not catatan:
        raise CutiError(_("Tuliskan alasan penolakan atau penangguhan."))
    async with saldo.transaksi():
        row = await _terkunci(cuti_id)
        status = row["status"]
        if keputusan == DIBATALKAN and status == DISETUJUI:
            if row["mulai"] <= today():
                raise CutiError(_("Cuti yang sudah dimulai tidak dapat dibatalkan."))
        elif status != DIAJUKAN:
            raise CutiError(_("Permintaan cuti ini sudah %(status)s.", status=label_status(status)))
        if keputusan == DITANGGUHKAN and (row["jenis"] not in (TAHUNAN, BESAR) or row["keterangan"].get("melahirkan")):
            raise CutiError(_("Hanya cuti tahunan dan cuti besar yang dapat ditangguhkan."))
        if keputusan == DITANGGUHKAN and row["jenis"] == TAHUNAN and \
                int(await aturan.nilai("cuti.tahunan.tangguh_maks", row["mulai"])) < 1:
            raise CutiError(_("Penangguhan cuti tahunan tidak diizinkan menurut aturan yang berlaku."))
        now = datetime.now(timezone.utc)
        putusan = list(row["keterangan"].get("putusan") or [])
        putusan.append({"keputusan": keputusan, "oleh": _id(oleh), "catatan": catatan, "pada": now.isoformat()})
        keterangan = {**row["keterangan"], "putusan": putusan}
        await Cuti.update({Cuti.status: keputusan, Cuti.diputus_at: now, Cuti.keterangan: keterangan}).where(
            Cuti.id == cuti_id)
        row = {**row, "status": keputusan, "diputus_at": now, "keterangan": keterangan}
        uraian = saldo._uraian_cuti(row)
        sebelum = await _saldo_lanjut(row["pegawai"], row["tahun"] + 1)
        if row["jenis"] == TAHUNAN:
            if keputusan == DISETUJUI:
                await saldo.pakai(row, oleh=_id(oleh))
            elif keputusan == DITANGGUHKAN:
                await saldo.tangguhkan(row, oleh=_id(oleh))
            elif status == DISETUJUI:
                await saldo.batal_pakai(row, oleh=_id(oleh))
            else:
                why = _("Permintaan ditolak, cadangan dilepas: %(uraian)s", uraian=uraian) if keputusan == DITOLAK \
                    else _("Permintaan dibatalkan, cadangan dilepas: %(uraian)s", uraian=uraian)
                await saldo.lepas(row, why, oleh=_id(oleh))
        elif row["jenis"] == BESAR:
            if keputusan == DISETUJUI:
                await saldo.hapus_tahun_cuti_besar(row, oleh=_id(oleh))
            elif status == DISETUJUI:
                await saldo.batal_hapus(row, oleh=_id(oleh))
        # A deferral or a cuti besar lowers what the year carries into the next ones.
        await _jaga_saldo(row["pegawai"], sebelum, row["tahun"] + 1)
        await audit_record(oleh, f"kepegawaian.cuti.{keputusan}", "kepegawaian_cuti", cuti_id,
                           {"dari": status, "catatan": catatan})
    return row


async def ubah(cuti_id: int, mulai: date, selesai: date, *, oleh) -> dict:
    """A superior changes the dates of a pending request: counted and checked again (its own days
    do not count against it), the row updated and, for cuti tahunan, the reservation moved to the
    new length (and year). Returns the updated row; CutiError(messages) and nothing written when
    the new dates are refused."""
    async with saldo.transaksi():
        row = await _terkunci(cuti_id)
        if row["status"] != DIAJUKAN:
            raise CutiError(_("Permintaan cuti ini sudah %(status)s.", status=label_status(row["status"])))
        lama = await hitung_lama(mulai, selesai)
        salah = await periksa(row["pegawai"], row["jenis"], mulai, selesai, row["keterangan"], row["dokumen"],
                              kecuali=cuti_id, lama=lama)
        if salah:
            raise CutiError(salah)
        dari = min(row["tahun"], mulai.year)
        sebelum = await _saldo_lanjut(row["pegawai"], dari) if row["jenis"] == TAHUNAN else {}
        lama_lalu = (row["mulai"], row["selesai"], row["hari_kerja"])
        await Cuti.update({Cuti.mulai: mulai, Cuti.selesai: selesai, Cuti.hari_kerja: lama.hari_kerja,
                           Cuti.hari_kalender: lama.hari_kalender, Cuti.tahun: mulai.year}).where(Cuti.id == cuti_id)
        baru = {**row, "mulai": mulai, "selesai": selesai, "hari_kerja": lama.hari_kerja,
                "hari_kalender": lama.hari_kalender, "tahun": mulai.year}
        if row["jenis"] == TAHUNAN:
            await saldo.lepas(row, _("Tanggal diubah atasan, cadangan lama dilepas: %(uraian)s",
                                     uraian=saldo._uraian_cuti(row)), oleh=_id(oleh), selaras=False)
            await saldo.cadangkan(baru, lama.hari_kerja, oleh=_id(oleh))
            await saldo.selaraskan(row["pegawai"], dari)  # the old year too, when the dates moved year
            await _jaga_saldo(row["pegawai"], sebelum, dari)
        await audit_record(oleh, "kepegawaian.cuti.ubah", "kepegawaian_cuti", cuti_id,
                           {"dari": [lama_lalu[0].isoformat(), lama_lalu[1].isoformat(), lama_lalu[2]],
                            "menjadi": [mulai.isoformat(), selesai.isoformat(), lama.hari_kerja]})
    return baru


# --- reading ------------------------------------------------------------------------------------

async def cuti_pegawai(pegawai_id: int) -> list[dict]:
    """Every request of one employee, the latest start first, each with ``label``."""
    rows = await (Cuti.select().where(Cuti.pegawai == pegawai_id).order_by(Cuti.mulai, ascending=False)
                  .order_by(Cuti.id, ascending=False).output(load_json=True))
    return [{**r, "label": aturan.label(r["jenis"])} for r in rows]


async def cuti_unit(unit_ids, dari: date, sampai: date, status=BERJALAN) -> list[dict]:
    """Who is away when: the requests (pending and approved, unless ``status`` says otherwise) of
    the employees of ``unit_ids`` that touch ``dari``..``sampai``, ordered by start, each with the
    employee's ``nama``, ``nip``, ``unit_id`` and the kind's ``label``."""
    unit_ids = [int(u) for u in unit_ids]
    if not unit_ids:
        return []
    rows = await (Cuti.select(*Cuti.all_columns(), Cuti.pegawai.nama.as_alias("nama"),
                              Cuti.pegawai.gelar_depan.as_alias("gelar_depan"),
                              Cuti.pegawai.gelar_belakang.as_alias("gelar_belakang"),
                              Cuti.pegawai.nip.as_alias("nip"), Cuti.pegawai.unit_id.as_alias("unit_id"))
                  .where(Cuti.pegawai.unit_id.is_in(unit_ids) & Cuti.status.is_in(list(status))
                         & (Cuti.mulai <= sampai) & (Cuti.selesai >= dari))
                  .order_by(Cuti.mulai).order_by(Cuti.id).output(load_json=True))
    return [{**r, "label": aturan.label(r["jenis"])} for r in rows]
