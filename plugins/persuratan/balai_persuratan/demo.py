"""A few letters for ``balai demo`` (added once), each with a small generated scan."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from balai.api import ActionError
from balai.api import today as hari_ini

from balai_persuratan import alur, masuk, penomoran
from balai_persuratan.tables import SuratMasuk

LETTERS = [
    ("Kementerian Perindustrian RI", "B/1021/IND/XI/2026", "Undangan rapat koordinasi IKM", "penting", "segera",
     "000.1.4"),
    ("Dinas Koperasi dan UKM Kota Samarinda", "500/877/DKUKM", "Permohonan data koperasi aktif", "biasa", "biasa",
     "500"),
    ("Biro Umum Setda Provinsi Kalimantan Timur", "000.1.2/4410/B.Um", "Pemberitahuan perjalanan dinas", "biasa",
     "biasa", "000.1.2"),
]


def _scan(title: str) -> bytes:
    from balai_persuratan import lembar

    pdf = lembar.Lembar()
    pdf.add_page()
    pdf.huruf(12)
    pdf.multi_cell(0, 8, pdf.t(title))
    return bytes(pdf.output())


async def seed(units: dict) -> None:
    if await SuratMasuk.count():
        return
    clerk = SimpleNamespace(id=None, full_name="Sub Bagian Umum", roles=[], is_admin=False)
    await penomoran.simpan_pengaturan(penomoran.DEFAULT["format"], penomoran.DEFAULT["lingkup"], {
        str(units[code]): kode for code, kode in (("umum", "Sek.Um"), ("sekretariat", "Sek"),
                                                  ("industri", "Ind"), ("perdagangan", "Dag"))
        if code in units})
    today = hari_ini()
    for i, (sender, number, subject, sifat, urgensi, kode) in enumerate(LETTERS):
        clean = {"pengirim": sender, "nomor_surat": number, "tanggal_surat": today - timedelta(days=3 + i),
                 "tanggal_terima": today - timedelta(days=i), "perihal": subject, "sifat": sifat,
                 "urgensi": urgensi, "klasifikasi": kode, "lampiran": 1, "catatan": "", "alasan_duplikat": ""}
        scan = SimpleNamespace(filename="scan.pdf", data=_scan(f"{sender}\n{number}\n{subject}"))
        scan.read = _reader(scan.data)
        async with penomoran.transaksi():
            surat = await masuk.catat(clean, [scan], clerk, units.get("dinas") or units["umum"])
        try:
            await alur.buka_surat_masuk(surat, None, opened_as=clerk.full_name)
        except ActionError:
            # The workflow may not be running (e.g. `balai demo` before any start): letters stay registered.
            pass


def _reader(data: bytes):
    chunks = [data]

    async def read(_size: int = -1) -> bytes:
        return chunks.pop() if chunks else b""

    return read
