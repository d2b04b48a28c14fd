"""Demonstration data for ``balai demo``: visits, services and answered surveys (added once)."""

from __future__ import annotations

import random
from datetime import timedelta

from balai_layanan import ikm
from balai_layanan.tables import Kunjungan, Pelayanan, ResponsSurvei, TautanSurvei
from balai.api import today as hari_ini  # the agency's day, the core's
from balai_layanan.waktu import sekarang

TAMU = [
    ("Rina Wulandari", "CV Amplang Samarinda", "Konsultasi sertifikasi halal produk olahan"),
    ("Budi Santoso", "Koperasi Mandiri Sejahtera", "Pendampingan rapat anggota tahunan koperasi"),
    ("Siti Aminah", "UD Kopi Kutai", "Informasi pameran produk UKM"),
    ("Ahmad Fauzi", "PT Borneo Agro", "Permohonan data ekspor industri agro"),
    ("Dewi Lestari", "-", "Konsultasi izin usaha mikro"),
]
SARAN = ["Ruang tunggu perlu ditambah kursi.", "Pelayanan sudah cepat, pertahankan.",
         "Informasi persyaratan sebaiknya dipasang di website.", ""]


async def seed(units: dict[str, int]) -> None:
    if await Pelayanan.count():
        return
    rnd = random.Random(17)
    unit_id, unit_nama = units.get("umum"), "Sub Bagian Umum"
    today = hari_ini()
    kini = sekarang()
    for i, (nama, instansi, keperluan) in enumerate(TAMU):
        hari = today - timedelta(days=200 - i * 40)
        datang = kini - timedelta(days=(today - hari).days)
        k = await Kunjungan.insert(Kunjungan(
            nomor=f"TM{hari:%y%m%d}-DEM{i}", nama=nama, nomor_identitas=f"64720{rnd.randrange(10**10):010d}",
            instansi=instansi, telepon=f"08125{rnd.randrange(10**6):06d}", keperluan=keperluan, unit_id=unit_id,
            unit_nama=unit_nama, tanggal=hari, jenis="daring", status="selesai", datang_at=datang,
            dilayani_at=datang + timedelta(minutes=3), selesai_at=datang + timedelta(minutes=14),
            petugas_nama="Petugas Layanan (demo)", layanan_diberikan="Penjelasan dan berkas informasi",
            hasil="selesai",
        )).returning(Kunjungan.id)
        pel = await Pelayanan.insert(Pelayanan(
            jenis="kunjungan", uraian=keperluan, unit_id=unit_id, unit_nama=unit_nama, tanggal=hari,
            kunjungan_id=k[0]["id"], dibuat_nama="Petugas Layanan (demo)", dibuat_at=datang,
        )).returning(Pelayanan.id)
        # A few more recipients per service so that the semester report has something to show.
        for j in range(6):
            t = await TautanSurvei.insert(TautanSurvei(
                pelayanan=pel[0]["id"], token=f"demo-{i}-{j}-{rnd.randrange(10**12)}", dibuat_at=datang,
                kedaluwarsa_at=datang + timedelta(days=3), dipakai_at=datang + timedelta(hours=1),
            )).returning(TautanSurvei.id)
            await ResponsSurvei.insert(ResponsSurvei(
                tautan=t[0]["id"], unit_id=unit_id, periode=ikm.periode_dari(hari), diisi_at=datang,
                **{k: rnd.choice((3, 3, 4, 4, 4, 2)) for k in ikm.KODE_UNSUR},
                usia=rnd.choice(["21-30", "31-40", "41-50"]), jenis_kelamin=rnd.choice("LP"),
                pendidikan=rnd.choice(["sma", "s1", "diploma"]), pekerjaan=rnd.choice(["wirausaha", "swasta", "pns"]),
                saran=rnd.choice(SARAN),
            ))
