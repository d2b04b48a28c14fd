"""Demo data: a small, realistic Daftar Informasi Publik of the Dinas (invented but plausible items)."""

from __future__ import annotations

from balai.api import org_units

from balai_ppid.tables import Informasi

# (nomor, judul, ringkasan, unit code, pejabat, waktu, kategori, tahun, bentuk, retensi, terbit)
DIP = [
    ("DIP/2026/001", "Rencana Strategis Dinas 2025-2029", "Visi, misi, tujuan, sasaran dan program Dinas lima tahun.",
     "program", "Kepala Sub Bagian Perencanaan dan Program", "Maret 2025", "berkala", 2025, "keduanya", "10 tahun", True),
    ("DIP/2026/002", "Rencana Kerja Tahunan 2026", "Program, kegiatan dan target kinerja tahun 2026.",
     "program", "Kepala Sub Bagian Perencanaan dan Program", "Januari 2026", "berkala", 2026, "elektronik", "5 tahun", True),
    ("DIP/2026/003", "Laporan Kinerja Instansi Pemerintah (LKjIP) 2025", "Capaian kinerja Dinas tahun 2025.",
     "program", "Kepala Sub Bagian Perencanaan dan Program", "Februari 2026", "berkala", 2026, "elektronik", "10 tahun",
     True),
    ("DIP/2026/004", "Ringkasan Laporan Keuangan 2025", "Neraca, laporan realisasi anggaran dan catatan atas laporan "
     "keuangan.", "keuangan", "Kepala Sub Bagian Keuangan", "Maret 2026", "berkala", 2026, "keduanya", "10 tahun", True),
    ("DIP/2026/005", "Data Industri Kecil dan Menengah per Kabupaten/Kota", "Jumlah unit usaha, tenaga kerja dan nilai "
     "produksi IKM Kalimantan Timur.", "industri", "Kepala Bidang Perindustrian", "Desember 2025", "setiap_saat", 2025,
     "elektronik", "5 tahun", True),
    ("DIP/2026/006", "Perkembangan Harga Bahan Pokok Mingguan", "Harga rata-rata bahan pokok di pasar pantauan.",
     "perdagangan", "Kepala Bidang Perdagangan", "Setiap minggu", "berkala", 2026, "elektronik", "2 tahun", True),
    ("DIP/2026/007", "Daftar Koperasi Aktif", "Nama, badan hukum dan alamat koperasi aktif per kabupaten/kota.",
     "koperasi", "Kepala Bidang Koperasi", "Juni 2026", "setiap_saat", 2026, "elektronik", "5 tahun", True),
    ("DIP/2026/008", "Jadwal Pelatihan UMKM 2026", "Jadwal, syarat dan cara mendaftar pelatihan kewirausahaan.",
     "ukm", "Kepala Bidang Usaha Kecil dan Menengah", "Januari 2026", "berkala", 2026, "elektronik", "1 tahun", True),
    ("DIP/2026/009", "Standar Pelayanan Pengujian Mutu Barang", "Persyaratan, prosedur, waktu dan biaya pengujian.",
     "uptd-psmb", "Kepala UPTD Pengujian dan Sertifikasi Mutu Barang", "Agustus 2024", "setiap_saat", 2024, "keduanya",
     "Selama berlaku", True),
    ("DIP/2026/010", "Tarif Retribusi Tera dan Tera Ulang", "Tarif pelayanan metrologi legal menurut Perda.",
     "uptd-metrologi", "Kepala UPTD Metrologi Legal", "Januari 2024", "setiap_saat", 2024, "keduanya",
     "Selama berlaku", True),
    ("DIP/2026/011", "Peringatan Dini Peredaran Barang Berbahaya", "Pengumuman barang beredar yang membahayakan "
     "keselamatan konsumen.", "perdagangan", "Kepala Bidang Perdagangan", "Sewaktu-waktu", "serta_merta", 2026,
     "elektronik", "1 tahun", True),
    ("DIP/2026/012", "Daftar Penerima Bantuan Peralatan IKM 2026", "Nama usaha dan jenis bantuan (draf, belum "
     "ditetapkan).", "industri", "Kepala Bidang Perindustrian", "Oktober 2026", "setiap_saat", 2026, "elektronik",
     "5 tahun", False),
]
KECUALI = ("DIP/2026/013", "Data Pribadi Pelaku UMKM Penerima Fasilitasi", "NIK, alamat dan nomor rekening pelaku "
           "UMKM.", "ukm", "Kepala Bidang Usaha Kecil dan Menengah", "2026", "dikecualikan", 2026, "elektronik",
           "5 tahun", False)


async def seed(units: dict) -> None:
    have = {r["nomor"] for r in await Informasi.select(Informasi.nomor)}
    names = {u["code"]: u["name"] for u in await org_units()}
    for nomor, judul, ringkasan, unit, pejabat, waktu, kategori, tahun, bentuk, retensi, terbit in [*DIP, KECUALI]:
        if nomor in have or unit not in units:
            continue
        extra = {}
        if kategori == "dikecualikan":
            extra = dict(uji_pasal="17h", uji_bahaya="Membuka NIK, alamat dan rekening orang perorangan (Pasal 17 "
                         "huruf h) dan membuka peluang penyalahgunaan identitas.",
                         uji_kepentingan="Kepentingan publik atas penerima fasilitasi terpenuhi oleh daftar nama usaha "
                         "dan jenis fasilitasi yang diumumkan.", uji_jangka="Selama orangnya hidup",
                         uji_sk="SK PPID Nomor 480/01/PPID-DP2KUKM/2026")
        await Informasi.insert(Informasi(
            nomor=nomor, judul=judul, ringkasan=ringkasan, unit_id=units[unit], unit_nama=names.get(unit, unit),
            pejabat=pejabat, waktu_pembuatan=waktu, tempat_pembuatan="Samarinda", tahun=tahun, bentuk=bentuk,
            retensi=retensi, kategori=kategori, terbit=terbit, **extra))
    await seed_permohonan(units)


# Three requests in different states (opened as the desk would for a letter: no tracking code).
PERMOHONAN_DEMO = [
    ("demo-1", "Salinan laporan realisasi anggaran 2025 Sub Bagian Keuangan", "Yusuf Hamdani", "periksa"),
    ("demo-2", "Data jumlah IKM makanan olahan per kabupaten/kota 2025", "Lembaga Kajian Ekonomi Mahakam", "unit"),
    ("demo-3", "Daftar koperasi aktif di Kota Samarinda", "Sri Wahyuni", "dip"),
]


def _sebagai(user_id: int, role: str, unit_id: int):
    from balai.api import CurrentUser

    return CurrentUser(id=user_id, username="", full_name="", roles=[(role, unit_id)])


async def seed_permohonan(units: dict) -> None:
    from balai.api import act, case_tasks, open_case, role_holders

    from balai_ppid import permohonan
    from balai_ppid.sop import PENGELOLA, PERMOHONAN, PETUGAS
    from balai_ppid.tables import Permohonan

    petugas = await role_holders(PETUGAS, units["umum"])
    pengelola = await role_holders(PENGELOLA, units["umum"])
    have = {r["informasi_diminta"] for r in await Permohonan.select(Permohonan.informasi_diminta)}
    for key, rincian, nama, sampai in PERMOHONAN_DEMO:
        if rincian in have:
            continue
        data = {"jenis_pemohon": "lembaga" if "Lembaga" in nama else "perorangan", "nama": nama,
                "nik": "6472010101800001", "alamat": "Jl. Basuki Rahmat No. 12, Samarinda", "telepon": "0541 700000",
                "pekerjaan": "Wiraswasta", "rincian": rincian, "tujuan": "Bahan kajian", "cara_memperoleh": "salinan",
                "cara_mendapat": "email", "demo": key}
        case = await open_case(PERMOHONAN, rincian, user=None, unit_id=units["umum"], data=data,
                               opened_as="Pemohon (surat)", complete_first="kirim")
        if sampai == "periksa" or not petugas or not pengelola:
            continue

        async def tugas(step):
            return next(t for t in await case_tasks(case["id"]) if t["step"] == step and t["state"] == "terbuka")

        await act((await tugas("periksa"))["id"], "lengkap", user=_sebagai(petugas[0], PETUGAS, units["umum"]))
        officer = _sebagai(pengelola[0], PENGELOLA, units["umum"])
        if sampai == "unit":
            await act((await tugas("putus"))["id"], "disposisi", user=officer,
                      recipients=[{"unit_id": units["industri"]}], note="Mohon disiapkan datanya.")
        elif sampai == "dip":
            item = await Informasi.select().where(Informasi.nomor == "DIP/2026/007").first()
            await permohonan.jawab_dari_dip(await tugas("putus"), item, officer, "")
