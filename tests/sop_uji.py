"""A test SOP (shaped like SOP 16, surat keluar) added to the app's SOPs for a test."""

from dataclasses import replace
from datetime import date

import pytest

from balai.api import SOP, SYSTEM, SOPHeader, Step, ditolak, go, perbaiki, selesai
from balai.workflow.definition import check_sop

SURAT_UJI = SOP(
    code="uji.surat_keluar",
    name="Pengendalian Surat Keluar Uji",
    reference_prefix="SKU",
    started_by=SYSTEM,  # like SOP 16: the drafter's page opens it
    header=SOPHeader(
        nomor="067/3326/Sek.Um/SOP/DP2KUKM/2022",
        tanggal_pembuatan=date(2023, 11, 8),
        tanggal_revisi=date(2023, 12, 4),
        tanggal_efektif=date(2023, 12, 11),
        disahkan_oleh="Heni Purwaningsih, S.Si., M.Si",
        disahkan_nip="19730314 199803 2 009",
        dasar_hukum=("Permendagri Nomor 1 Tahun 2023 tentang Tata Naskah Dinas", "Pergub Kaltim Nomor 71 Tahun 2016"),
        kualifikasi=("Menguasai Bahasa Indonesia yang baik",),
        keterkaitan=("SOP Pengendalian Surat Masuk",),
        peralatan=("Komputer", "Pemindai"),
        peringatan=("Pemindaian yang tidak cermat menghilangkan arsip",),
        pencatatan=("Sistem informasi persuratan",),
    ),
    steps=[
        Step(1, "konsep", "Membuat konsep surat keluar", actor="staf", inputs=["Disposisi"], time="15 menit",
             output="Konsep surat", actions=[go("kirim", "Ajukan", to="periksa_kabid")]),
        Step(2, "periksa_kabid", "Memeriksa tata naskah, bahasa dan kelengkapan", actor="kepala_bidang",
             inputs=["Konsep surat"], time="5 menit", output="Paraf/koreksi",
             actions=[go("setuju", "Setuju", to="periksa_sekretaris"), perbaiki(to="konsep")]),
        Step(3, "periksa_sekretaris", "Memeriksa konsep surat", actor="sekretaris", inputs=["Konsep surat"],
             time="5 menit", output="Paraf/koreksi",
             actions=[go("setuju", "Setuju", to="tanda_tangan"), perbaiki(to="konsep")]),
        Step(4, "tanda_tangan", "Memeriksa dan menandatangani surat", actor="kepala_dinas", inputs=["Konsep surat"],
             time="5 menit", output="Surat bertanda tangan",
             actions=[go("ttd", "Tanda tangan", to="kirim"), perbaiki(to="konsep"), ditolak()]),
        Step(5, "kirim", "Mencatat, menomori, memindai seluruh halaman dan mengirim surat", actor="staf",
             inputs=["Surat bertanda tangan"], time="5 menit - 1 jam", output="Tanda terima",
             note="Pindai dengan seluruh lampiran", actions=[selesai()]),
    ],
)


def install(app, sop: SOP):
    """Check ``sop`` and add it to the app's SOPs (its context); returns a function that removes it again."""
    loaded = app.state.balai.sops
    checked = check_sop(sop, set(app.state.catalogue.roles))
    previous = loaded.get(checked.code)
    loaded[checked.code] = checked

    def remove() -> None:
        if previous is None:
            loaded.pop(checked.code, None)
        else:
            loaded[checked.code] = previous

    return checked, remove


@pytest.fixture
def sop_uji(app):
    sop, remove = install(app, SURAT_UJI)
    yield sop
    remove()


@pytest.fixture
def sop_evaluasi(app):
    sop, remove = install(app, replace(SURAT_UJI, code="uji.evaluasi", name="SOP Evaluasi Uji"))
    yield sop
    remove()
