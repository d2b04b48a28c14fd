"""SOP 1 and SOP 9 as definitions: faithful to the official sheets, accepted by the engine, printable."""

from __future__ import annotations

import re
from datetime import date

from balai_layanan.sop import sop_satu_pintu, sop_skm


def test_sop_1_header_and_steps_follow_the_sheet():
    sop = sop_skm()
    h = sop.header
    assert sop.name == "Pelaksanaan Survey Kepuasan Masyarakat"
    assert h.nomor == "067/2016/SEK.UM/DP2KUKM"
    assert (h.tanggal_pembuatan, h.tanggal_revisi, h.tanggal_efektif) == (
        date(2023, 11, 8), date(2023, 12, 8), date(2023, 12, 11))
    assert h.disahkan_oleh == "Heni Purwaningsih, S. Si., M. Si" and h.disahkan_nip == "19730314 199803 2 009"
    assert len(h.dasar_hukum) == 4 and h.dasar_hukum[0].startswith("Undang-Undang Republik Indonesia Nomor 25")
    assert h.peralatan[-2:] == ("Website SP4N Lapor", "Website Dinas Perindagkop & UKM")
    assert [(s.no, s.time, s.output) for s in sop.steps] == [
        (1, "30 menit s/d 5 Hari", "Layanan"), (2, "10 menit", "Data Survey"), (3, "10 menit", "Data Survey"),
        (4, "6 Bulan", "Data Survey"), (5, "1 hari", "Laporan Survey Kepuasan Masyarakat"),
        (6, "2 hari", "Laporan Survey Kepuasan Masyarakat"), (7, "1 hari", "Laporan Survey Kepuasan Masyarakat"),
    ]
    assert sop.steps[1].actor == "Masyarakat" and sop.steps[1].outside
    assert [s.actor for s in sop.steps] == ["kepala_bidang", "Masyarakat", "kehumasan", "kehumasan", "kehumasan",
                                            "sekretaris", "kepala_bidang"]
    assert sop.actors() == ["kepala_bidang", "Masyarakat", "kehumasan", "sekretaris"]
    assert sop.steps[6].activity == "Bidang/UPTD Melaksanakan hasil masukan"


def test_sop_9_header_and_steps_follow_the_sheet():
    sop = sop_satu_pintu()
    h = sop.header
    assert sop.name == "Layanan Satu Pintu Dinas Perindagkop UKM Kaltim"
    assert h.nomor == "067/2016/SEK.UM/DP2KUKM" and h.tanggal_revisi == date(2023, 12, 4)
    assert h.peralatan == ("Meja Pelayanan", "Komputer", "Printer", "Anjungan Tamu", "ATK", "Telpon/Fax",
                           "Website Dinas Perindagkop & UKM")
    assert [(s.activity, s.time) for s in sop.steps] == [
        ("Tamu mengisi registrasi di e-tamu secara online h-1 kedatangan", "2 Menit"),
        ("Tamu datang, mengisi registrasi kedatangan di Anjungan Tamu", "2 Menit"),
        ("Tamu mendatangi pelayanan yang dituju", "2 Menit"),
        ("Proses pelayanan", "10 Menit"),
        ("Setelah mendapatkan pelayanan, tamu mengisi Survei Kepuasan Masyarakat melalui barcode via smartphone "
         "masing-masing tamu", "2 Menit"),
        ("Tamu pulang", ""),
    ]
    assert sop.steps[1].inputs == ("Kartu Identitas", "Anjungan Tamu")
    assert sop.steps[4].inputs == ("Barcode SKM",) and sop.steps[4].output == "Nilai SKM"
    assert sop.actors() == ["Tamu", "E-Tamu", "Anjungan Tamu", "petugas_layanan"]
    assert all(s.outside for s in sop.steps if s.actor != "petugas_layanan")


def test_both_are_loaded_and_checked_at_start_up(app):
    from balai.api import get_sop

    skm = get_sop("layanan.skm")
    assert skm.step("tindak_lanjut").time_standard.high.value == 2
    assert get_sop("layanan.satu_pintu").step("pelayanan").time_standard.high.unit == "menit"


async def test_the_sheets_render_from_the_definitions(login):
    c = await login("demo.kehumasan")
    sheet = await c.get("/sop/layanan.satu_pintu/sheet")
    assert sheet.status_code == 200
    text = re.sub(r"\s+", " ", sheet.text)
    for part in ("Layanan Satu Pintu Dinas Perindagkop UKM Kaltim", "067/2016/SEK.UM/DP2KUKM", "E-Tamu",
                 "Anjungan Tamu", "Petugas Layanan", "Nomor Registrasi Layanan", "Heni Purwaningsih"):
        assert part in text, part
    assert text.index("E-Tamu") < text.index("Petugas Layanan")
    skm = await c.get("/sop/layanan.skm/sheet")
    assert skm.status_code == 200 and "Tindak lanjut hasil masukan Survey Kepuasan Masyarakat" in skm.text
    pdf = await c.get("/sop/layanan.skm/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_plugin_imports_only_the_public_api():
    import ast
    from pathlib import Path

    import balai_layanan

    for source in Path(balai_layanan.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name == "balai" or name.startswith("balai."):
                    assert name == "balai.api", f"{source.name} imports {name}"
