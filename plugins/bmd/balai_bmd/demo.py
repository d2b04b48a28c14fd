"""Demo data: the Dinas's two buildings with their rooms, a register of some 250 assets and 32 supply
items whose stock comes from ten months of movements (invented but plausible: names, NIPs, prices).

Written straight into the tables in one write transaction (the services would take a transaction per
asset and per movement, and the demo runs at every start); the register numbers still come from the
counter rows, and the ledger is made in date order with no issue beyond the stock, so the pages
compute it as they would a real one. Dates are counted back from today, so the ledger never holds a
movement in the future. No semester is closed: that is the Pejabat Penatausahaan's act.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from balai.api import org_units, today, write_transaction

from balai_bmd.kib import kib_dari_kode
from balai_bmd.register import nomor_lengkap
from balai_bmd.tables import Aset, AsetPeristiwa, Barang, Gedung, Mutasi, NomorRegister, Ruang

GEDUNG = (("Gedung Kantor DP2KUKM", "Jl. Basuki Rahmat No. 55, Samarinda"),
          ("Gedung UPTD Metrologi Legal", "Jl. Juanda No. 8, Samarinda"))

# (kode, nama, gedung index, unit code, penanggung jawab, NIP, gudang, kind of room)
RUANG = (
    ("GK-L2-01", "Ruang Kepala Dinas", 0, "dinas", "Hj. Rusmini Andayani", "197203151998032004", False, "pimpinan"),
    ("GK-L2-02", "Ruang Sekretaris", 0, "sekretariat", "Ir. Bambang Sutrisno", "197508212000031003", False, "pimpinan"),
    ("GK-L1-01", "Ruang Sub Bagian Umum", 0, "umum", "Siti Rahmah, S.E.", "198503122010012004", False, "kerja"),
    ("GK-L1-02", "Ruang Sub Bagian Keuangan", 0, "keuangan", "Dewi Lestari, S.E., M.Si.", "198110052006042011", False, "kerja"),
    ("GK-L1-03", "Ruang Sub Bagian Perencanaan dan Program", 0, "program", "Arief Rahman Hakim, S.T.", "198607142011011006", False, "kerja"),
    ("GK-L3-01", "Ruang Bidang Perindustrian", 0, "industri", "Muhammad Yusran, S.T., M.T.", "197911232005011007", False, "kerja"),
    ("GK-L3-02", "Ruang Bidang Perdagangan", 0, "perdagangan", "Nur Aini Safitri, S.E.", "198204172008012015", False, "kerja"),
    ("GK-L3-03", "Ruang Bidang Koperasi", 0, "koperasi", "Drs. Hendra Kusuma", "197006061996031008", False, "kerja"),
    ("GK-L3-04", "Ruang Bidang Usaha Kecil dan Menengah", 0, "ukm", "Rina Marlina, S.Sos.", "198309092009022006", False, "kerja"),
    ("GK-L2-03", "Ruang Rapat Utama", 0, "sekretariat", "Siti Rahmah, S.E.", "198503122010012004", False, "rapat"),
    ("GK-L1-04", "Aula Serbaguna", 0, "umum", "Siti Rahmah, S.E.", "198503122010012004", False, "aula"),
    ("GK-L1-05", "Lobi dan Ruang Tunggu", 0, "umum", "Agus Salim", "198801202014061002", False, "lobi"),
    ("GK-L2-04", "Ruang Server", 0, "program", "Arief Rahman Hakim, S.T.", "198607142011011006", False, "server"),
    ("GK-B-01", "Gudang Persediaan ATK", 0, "umum", "Agus Salim", "198801202014061002", True, "gudang"),
    ("GK-B-02", "Gudang Umum", 0, "umum", "Agus Salim", "198801202014061002", True, "gudang"),
    ("UM-L1-01", "Ruang Kepala UPTD Metrologi Legal", 1, "uptd-metrologi", "Yohanes Pasangka, S.T.", "197812112003121004", False, "pimpinan"),
    ("UM-L1-02", "Ruang Pelayanan Tera", 1, "uptd-metrologi", "Yohanes Pasangka, S.T.", "197812112003121004", False, "kerja"),
    ("UM-L1-03", "Ruang UPTD Pengujian Mutu Barang", 1, "uptd-psmb", "Fitriani Hasanah, S.Si.", "198705252012012009", False, "kerja"),
)

# What each kind of room holds: (kode, nama, merek/tipe, nilai, how many).
ISI = {
    "pimpinan": (("1.3.2.05.02.01.002", "Meja Kerja Kayu Jati", "Olympic Executive", 4_750_000, 1),
                 ("1.3.2.05.02.01.032", "Kursi Putar Direksi", "Chitose Eksekutif", 3_200_000, 1),
                 ("1.3.2.05.02.01.031", "Kursi Tamu", "Informa", 1_150_000, 4),
                 ("1.3.2.05.02.01.048", "Sofa 3 Dudukan", "Informa Vienna", 6_800_000, 1),
                 ("1.3.2.05.01.04.002", "Lemari Kayu Arsip", "Olympic", 2_450_000, 1),
                 ("1.3.2.05.02.04.004", "AC Split 1 PK", "Daikin FTV25", 5_600_000, 1),
                 ("1.3.2.10.01.02.002", "Laptop", "ASUS ExpertBook B1", 14_250_000, 1),
                 ("1.3.2.05.02.06.028", "Lambang Garuda Pancasila", "", 450_000, 1),
                 ("1.3.2.05.02.06.029", "Gambar Presiden/Wakil Presiden", "", 350_000, 2)),
    "kerja": (("1.3.2.05.02.01.001", "Meja Kerja Besi", "Chitose", 1_850_000, 5),
              ("1.3.2.05.02.01.032", "Kursi Putar Staf", "Chitose", 950_000, 5),
              ("1.3.2.10.01.02.001", "PC Unit", "Lenovo ThinkCentre M70t", 11_400_000, 3),
              ("1.3.2.10.02.03.002", "Monitor 22 inci", "Lenovo ThinkVision", 1_950_000, 3),
              ("1.3.2.10.01.02.002", "Laptop", "Acer TravelMate P2", 12_900_000, 1),
              ("1.3.2.10.02.03.003", "Printer", "Epson L3210", 2_750_000, 1),
              ("1.3.2.05.01.04.005", "Filling Cabinet Besi 4 Laci", "Brother", 3_100_000, 2),
              ("1.3.2.05.01.04.003", "Rak Besi Arsip", "", 1_200_000, 1),
              ("1.3.2.05.02.04.004", "AC Split 1,5 PK", "Panasonic CS-PN12", 6_300_000, 1)),
    "rapat": (("1.3.2.05.02.01.008", "Meja Rapat Oval", "Olympic", 8_500_000, 1),
              ("1.3.2.05.02.01.030", "Kursi Rapat", "Chitose", 875_000, 16),
              ("1.3.2.05.01.05.043", "LCD Projector", "Epson EB-X500", 7_850_000, 1),
              ("1.3.2.05.01.05.053", "Layar LCD Projector", "Screenview 70 inci", 1_450_000, 1),
              ("1.3.2.05.02.06.008", "Sound System Ruang Rapat", "TOA ZA-2128", 9_200_000, 1),
              ("1.3.2.05.02.04.004", "AC Split 2 PK", "Daikin FTV50", 9_750_000, 2)),
    "aula": (("1.3.2.05.02.01.035", "Bangku Tunggu 3 Dudukan", "Indachi", 1_650_000, 6),
             ("1.3.2.05.02.06.039", "Mimbar/Podium", "", 3_800_000, 1),
             ("1.3.2.05.02.06.014", "Microphone Wireless", "Shure SVX24", 4_200_000, 2),
             ("1.3.2.05.02.06.032", "Tiang Bendera", "", 1_250_000, 2),
             ("1.3.2.05.02.06.002", "Televisi LED 55 inci", "Samsung UA55", 8_900_000, 1)),
    "lobi": (("1.3.2.05.02.01.014", "Meja Resepsionis", "", 4_600_000, 1),
             ("1.3.2.05.02.01.035", "Bangku Tunggu 3 Dudukan", "Indachi", 1_650_000, 4),
             ("1.3.2.05.01.05.075", "Mesin Antrian", "Qmatic", 12_500_000, 1),
             ("1.3.2.05.01.02.010", "Mesin Absen Sidik Jari", "Solution X100C", 2_350_000, 1),
             ("1.3.2.05.02.06.038", "Dispenser", "Miyako WD-190", 850_000, 1),
             ("1.3.2.05.01.05.002", "Kamera CCTV", "Hikvision", 1_750_000, 4)),
    "server": (("1.3.2.10.02.04.001", "Server", "Dell PowerEdge T350", 68_500_000, 1),
               ("1.3.2.10.02.04.024", "Switch 24 Port", "Cisco CBS250", 6_900_000, 2),
               ("1.3.2.10.02.04.002", "Router", "MikroTik RB4011", 4_850_000, 1),
               ("1.3.2.10.02.04.023", "Wireless Access Point", "Ubiquiti U6 Lite", 2_150_000, 4),
               ("1.3.2.05.02.04.004", "AC Split 1 PK", "Daikin FTV25", 5_600_000, 1)),
    "gudang": (("1.3.2.05.01.04.003", "Rak Besi Gudang", "", 1_800_000, 3),),
}

# (nama, satuan, harga beli, berapa dibeli tiap kali)
PERSEDIAAN = (
    ("Kertas HVS A4 70 g", "rim", 52_000, 100), ("Kertas HVS F4 70 g", "rim", 56_000, 80),
    ("Kertas HVS A4 80 g", "rim", 61_000, 40), ("Map Snelhecter Plastik", "buah", 4_500, 200),
    ("Map Ordner Besar", "buah", 32_000, 40), ("Pulpen Hitam Standard", "kotak", 24_000, 30),
    ("Pulpen Biru Standard", "kotak", 24_000, 20), ("Spidol Whiteboard", "kotak", 78_000, 10),
    ("Stabilo Boss", "kotak", 96_000, 6), ("Isi Staples No. 10", "kotak", 3_500, 100),
    ("Stapler HD-10", "buah", 18_500, 20), ("Amplop Putih Kop Dinas", "kotak", 48_000, 20),
    ("Amplop Coklat Folio", "pak", 35_000, 20), ("Lakban Bening 2 inci", "gulung", 14_000, 48),
    ("Binder Clip No. 200", "kotak", 16_000, 30), ("Paper Clip", "kotak", 4_000, 50),
    ("Tinta Printer Epson 003 Hitam", "botol", 89_000, 30), ("Tinta Printer Epson 003 Warna", "botol", 89_000, 30),
    ("Toner HP 107A", "buah", 675_000, 6), ("Baterai AA Alkaline", "pak", 38_000, 24),
    ("Flashdisk 32 GB", "buah", 85_000, 20), ("Buku Agenda Surat", "buah", 45_000, 12),
    ("Materai Tempel 10.000", "lembar", 10_000, 200), ("Air Mineral 600 ml", "dus", 52_000, 60),
    ("Kopi Bubuk 200 g", "bungkus", 28_000, 24), ("Gula Pasir 1 kg", "kg", 17_500, 30),
    ("Teh Celup", "kotak", 9_500, 40), ("Sabun Cuci Tangan Cair", "botol", 24_500, 24),
    ("Tisu Wajah", "kotak", 16_500, 48), ("Pembersih Lantai 800 ml", "botol", 19_000, 24),
    ("Kantong Plastik Sampah Besar", "pak", 22_000, 30), ("Lampu LED 12 W", "buah", 42_000, 40),
)
UNIT_MINTA = ("umum", "keuangan", "program", "industri", "perdagangan", "koperasi", "ukm", "uptd-metrologi")


async def seed(units: dict) -> None:
    if await Gedung.exists().where(Gedung.nama == GEDUNG[0][0]):
        return  # seeded before: a restart leaves the register as people left it
    names = {u["code"]: u["name"] for u in await org_units()}
    rnd = random.Random(17)  # the same demo every time
    async with write_transaction():
        rooms = await _ruang(units, names)
        await _aset(rooms, rnd)
        await _persediaan(rooms, units, names, rnd)


async def _ruang(units: dict, names: dict) -> list[dict]:
    gedung = []
    for nama, alamat in GEDUNG:
        gedung.append((await Gedung.insert(Gedung(nama=nama, alamat=alamat)).returning(Gedung.id))[0]["id"])
    rows = []
    for kode, nama, g, unit, pj, nip, is_gudang, kind in RUANG:
        row = (await Ruang.insert(Ruang(
            gedung=gedung[g], kode=kode, nama=nama, unit_id=units.get(unit), unit_nama=names.get(unit, ""),
            penanggung_jawab=pj, penanggung_jawab_nip=nip, gudang=is_gudang)).returning(*Ruang.all_columns()))[0]
        rows.append({**row, "kind": kind})
    return rows


async def _register(kode: str, n: int) -> list[int]:
    """n fresh register numbers of ``kode`` from its counter row (as the service takes them)."""
    await NomorRegister.insert(NomorRegister(kode=kode, terakhir=0)).on_conflict(
        target=NomorRegister.kode, action="DO NOTHING")
    rows = await NomorRegister.update({NomorRegister.terakhir: NomorRegister.terakhir + n}) \
        .where(NomorRegister.kode == kode).returning(NomorRegister.terakhir)
    last = rows[0]["terakhir"]
    return list(range(last - n + 1, last + 1))


async def _aset(rooms: list[dict], rnd: random.Random) -> None:
    now = today()
    plan = []  # (kode, nama, rincian, nilai, tanggal, kondisi, ruang id, pemegang)
    for room in rooms:
        for kode, nama, merek, nilai, n in ISI[room["kind"]]:
            for _i in range(n):
                years = rnd.choice((0, 1, 2, 3, 4, 5, 6, 8, 10))
                tanggal = min(now - timedelta(days=30), date(now.year - years, rnd.randint(2, 11), rnd.randint(1, 28)))
                # Older goods wear out: about one in five of those over five years is KB, a few RB.
                kondisi = "B" if years < 5 else rnd.choices(("B", "KB", "RB"), (70, 22, 8))[0]
                holder = room["penanggung_jawab"] if nama.startswith("Laptop") else ""
                plan.append((kode, nama, {"merek_tipe": merek} if merek else {}, nilai, tanggal, kondisi,
                             room["id"], holder))
    plan.append(("1.3.1.01.01.04.001", "Tanah Kantor DP2KUKM Jl. Basuki Rahmat",
                 {"luas_m2": "2450", "alamat": GEDUNG[0][1], "status_hak": "hak_pakai",
                  "nomor_sertifikat": "HP 00127/Sungai Pinang Dalam", "tanggal_sertifikat": "1998-08-17",
                  "penggunaan": "Kantor Dinas"}, 4_287_500_000, date(1995, 4, 1), "B", None, ""))
    plan.append(("1.3.3.01.01.01.001", "Gedung Kantor DP2KUKM 3 Lantai",
                 {"bertingkat": "ya", "beton": "ya", "luas_lantai_m2": "1840", "alamat": GEDUNG[0][1],
                  "nomor_dokumen": "PBG 640/112/DPMPTSP/2011", "luas_tanah_m2": "2450", "status_tanah": "Hak Pakai",
                  "kode_tanah": "1.3.1.01.01.04.001.0001"}, 9_650_000_000, date(2012, 12, 20), "B", None, ""))
    numbers = {kode: iter(await _register(kode, n)) for kode, n in Counter(p[0] for p in plan).items()}
    made = []
    for kode, nama, rincian, nilai, tanggal, kondisi, ruang_id, holder in plan:
        reg = next(numbers[kode])
        made.append(Aset(kode_barang=kode, nomor_register=reg, nomor=nomor_lengkap(kode, reg), kib=kib_dari_kode(kode),
                         nama=nama, nilai=nilai, tanggal_perolehan=tanggal, sumber_dana="apbd",
                         cara_perolehan="pembangunan" if kode.startswith("1.3.3") else "pembelian", kondisi=kondisi,
                         ruang=ruang_id, pemegang=holder, rincian=rincian))
    for start in range(0, len(made), 50):  # SQLite's bound on variables per statement
        rows = await Aset.insert(*made[start:start + 50]).returning(Aset.id, Aset.kondisi, Aset.ruang, Aset.pemegang,
                                                                    Aset.tanggal_perolehan)
        await AsetPeristiwa.insert(*[AsetPeristiwa(
            aset=r["id"], jenis="catat", kondisi_ke=r["kondisi"], ruang_ke=r["ruang"], pemegang_ke=r["pemegang"],
            tanggal=r["tanggal_perolehan"], alasan="Dicatat dalam register (data demo)", oleh_nama="Agus Salim")
            for r in rows])


async def _persediaan(rooms: list[dict], units: dict, names: dict, rnd: random.Random) -> None:
    gudang = [r for r in rooms if r["gudang"]]
    now = today()
    start = now - timedelta(days=300)
    for i, (nama, satuan, harga, beli) in enumerate(PERSEDIAAN):
        item = (await Barang.insert(Barang(nama=nama, satuan=satuan, kode_barang="1.1.7")).returning(Barang.id))[0]["id"]
        store = gudang[0 if i < 23 else 1]["id"]  # ATK in the first store room, household goods in the second
        stock, moves, day = 0, [], start + timedelta(days=rnd.randint(0, 10))
        price = harga
        while day < now - timedelta(days=3):
            if stock < max(2, beli // 4):
                moves.append(Mutasi(barang=item, gudang=store, jenis="terima", jumlah=beli, harga_satuan=price,
                                    tanggal=day, alasan="Pengadaan persediaan (data demo)",
                                    dokumen=f"BAST {day:%m}/{100 + i}/UM/{day.year}", oleh_nama="Agus Salim"))
                stock += beli
                price = round(price * rnd.uniform(1.0, 1.08) / 100) * 100  # the next purchase costs a little more
            else:
                unit = rnd.choice(UNIT_MINTA)
                n = min(stock - 1, max(1, rnd.randint(beli // 20, beli // 6)))  # never the last one: a page shows stock
                moves.append(Mutasi(barang=item, gudang=store, jenis="keluar", jumlah=-n, tanggal=day,
                                    alasan=f"Untuk {names.get(unit, unit)} (data demo)", oleh_nama="Agus Salim"))
                stock -= n
            day += timedelta(days=rnd.randint(9, 24))
        await Mutasi.insert(*moves)
