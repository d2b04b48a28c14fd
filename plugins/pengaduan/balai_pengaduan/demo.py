"""Demonstration reports for `balai demo`: one anonymous, one about the Kepala Dinas with the
reporter's identity kept apart; and one SP4N-LAPOR! complaint. Opened with no account behind them."""

from __future__ import annotations

from balai.api import open_case

from balai_pengaduan.sop import WBS
from balai_pengaduan.sp4n import SP4N
from balai_pengaduan.tables import Laporan

LAPORAN = (
    {"apa": "Dugaan pemotongan honor narasumber pelatihan UKM", "siapa": "Bendahara kegiatan pelatihan",
     "terlapor": "lain", "kapan": "Oktober 2026", "dimana": "Aula Dinas", "cara": "anonim", "identitas": "",
     "bagaimana": "Narasumber menerima honor lebih kecil dari yang tertera pada kuitansi."},
    {"apa": "Dugaan penerimaan hadiah dari pemohon izin", "siapa": "Kepala Dinas", "terlapor": "kepala_dinas",
     "kapan": "September 2026", "dimana": "Ruang Kepala Dinas", "cara": "nama",
     "identitas": "Pelapor Demo, NIP 19800101 200501 1 001, Sub Bagian Umum",
     "bagaimana": "Bingkisan diantar ke ruangan sehari sebelum izin terbit."},
)


async def isi_demo(units) -> None:
    if await Laporan.count() or "umum" not in units:
        return  # idempotent: the demo's reports exist already
    for data in LAPORAN:
        await open_case(WBS, data["apa"], user=None, unit_id=units["umum"], data=dict(data), opened_as="Pelapor",
                        complete_first="kirim")
    await open_case(SP4N, "Timbangan pasar belum ditera ulang", user=None, unit_id=units["umum"], opened_as="Pelapor",
                    complete_first="kirim", data=ADUAN)


# A complaint entered from SP4N-LAPOR! with its tracking ID, waiting for the Operator.
ADUAN = {"kelas": "pengaduan", "kategori": "metrologi", "subkategori": "Tera ulang",
         "judul": "Timbangan pasar belum ditera ulang", "uraian": "Timbangan di pasar belum ditera ulang tahun ini.",
         "nama": "", "rahasia": "ya", "anonim": "ya", "id_lapor": "LAPOR-DEMO-0001"}
