"""The six inventory cards (KIB, Permendagri 19/2016 and 47/2021) and the fields each card has.

An asset's card follows from its item code: the third level (jenis) of the kodefikasi is the card,
1.3.1 Tanah (A) … 1.3.6 Konstruksi Dalam Pengerjaan (F). The common columns (code, register, name,
value, date, source of funds, condition, place) are on ``Aset``; the card's own columns are here.
"""

from __future__ import annotations

from dataclasses import dataclass

from balai.api import lazy_gettext

JENIS_KIB = {"1.3.1": "A", "1.3.2": "B", "1.3.3": "C", "1.3.4": "D", "1.3.5": "E", "1.3.6": "F"}
NAMA_KIB = {
    "A": lazy_gettext("KIB A — Tanah"),
    "B": lazy_gettext("KIB B — Peralatan dan Mesin"),
    "C": lazy_gettext("KIB C — Gedung dan Bangunan"),
    "D": lazy_gettext("KIB D — Jalan, Irigasi dan Jaringan"),
    "E": lazy_gettext("KIB E — Aset Tetap Lainnya"),
    "F": lazy_gettext("KIB F — Konstruksi Dalam Pengerjaan"),
}
KONDISI = {"B": lazy_gettext("Baik"), "KB": lazy_gettext("Kurang Baik"), "RB": lazy_gettext("Rusak Berat")}
SUMBER_DANA = {"apbd": lazy_gettext("APBD"), "apbn": lazy_gettext("APBN"), "dak": lazy_gettext("DAK"),
               "hibah": lazy_gettext("Hibah"), "lainnya": lazy_gettext("Lainnya")}
CARA_PEROLEHAN = {"pembelian": lazy_gettext("Pembelian"), "hibah": lazy_gettext("Hibah"),
                  "pembangunan": lazy_gettext("Pembangunan"), "tukar": lazy_gettext("Tukar menukar"),
                  "lainnya": lazy_gettext("Perolehan lain yang sah")}
YA_TIDAK = {"ya": lazy_gettext("Ya"), "tidak": lazy_gettext("Tidak")}
STATUS_HAK = {"hak_pakai": lazy_gettext("Hak Pakai"), "hak_pengelolaan": lazy_gettext("Hak Pengelolaan"),
              "belum": lazy_gettext("Belum bersertifikat")}
KONSTRUKSI_F = {"P": lazy_gettext("Permanen"), "SP": lazy_gettext("Semi permanen"), "D": lazy_gettext("Darurat")}


@dataclass(frozen=True)
class Kolom:
    name: str
    label: object
    kind: str = "text"  # text, number, date, choice
    choices: dict | None = None
    required: bool = False
    max_length: int = 200


KARTU: dict[str, tuple[Kolom, ...]] = {
    "A": (Kolom("luas_m2", lazy_gettext("Luas (m²)"), "number", required=True),
          Kolom("alamat", lazy_gettext("Letak/alamat"), required=True, max_length=300),
          Kolom("status_hak", lazy_gettext("Status hak"), "choice", STATUS_HAK, required=True),
          Kolom("tanggal_sertifikat", lazy_gettext("Tanggal sertifikat"), "date"),
          Kolom("nomor_sertifikat", lazy_gettext("Nomor sertifikat")),
          Kolom("penggunaan", lazy_gettext("Penggunaan"))),
    "B": (Kolom("merek_tipe", lazy_gettext("Merek/tipe")),
          Kolom("ukuran_cc", lazy_gettext("Ukuran/CC")),
          Kolom("bahan", lazy_gettext("Bahan")),
          Kolom("nomor_pabrik", lazy_gettext("Nomor pabrik/seri")),
          Kolom("nomor_rangka", lazy_gettext("Nomor rangka")),
          Kolom("nomor_mesin", lazy_gettext("Nomor mesin")),
          Kolom("nomor_polisi", lazy_gettext("Nomor polisi")),
          Kolom("nomor_bpkb", lazy_gettext("Nomor BPKB"))),
    "C": (Kolom("bertingkat", lazy_gettext("Bertingkat"), "choice", YA_TIDAK, required=True),
          Kolom("beton", lazy_gettext("Beton"), "choice", YA_TIDAK, required=True),
          Kolom("luas_lantai_m2", lazy_gettext("Luas lantai (m²)"), "number", required=True),
          Kolom("alamat", lazy_gettext("Letak/alamat"), required=True, max_length=300),
          Kolom("nomor_dokumen", lazy_gettext("Nomor dokumen gedung")),
          Kolom("tanggal_dokumen", lazy_gettext("Tanggal dokumen gedung"), "date"),
          Kolom("luas_tanah_m2", lazy_gettext("Luas tanah (m²)"), "number"),
          Kolom("status_tanah", lazy_gettext("Status tanah")),
          Kolom("kode_tanah", lazy_gettext("Nomor kode tanah"))),
    "D": (Kolom("konstruksi", lazy_gettext("Konstruksi"), required=True),
          Kolom("panjang_m", lazy_gettext("Panjang (m)"), "number"),
          Kolom("lebar_m", lazy_gettext("Lebar (m)"), "number"),
          Kolom("luas_m2", lazy_gettext("Luas (m²)"), "number"),
          Kolom("alamat", lazy_gettext("Letak/lokasi"), required=True, max_length=300),
          Kolom("nomor_dokumen", lazy_gettext("Nomor dokumen")),
          Kolom("tanggal_dokumen", lazy_gettext("Tanggal dokumen"), "date"),
          Kolom("status_tanah", lazy_gettext("Status tanah")),
          Kolom("kode_tanah", lazy_gettext("Nomor kode tanah"))),
    "E": (Kolom("judul_pencipta", lazy_gettext("Buku/perpustakaan: judul/pencipta")),
          Kolom("spesifikasi", lazy_gettext("Spesifikasi")),
          Kolom("asal_daerah", lazy_gettext("Barang bercorak kesenian: asal daerah")),
          Kolom("pencipta", lazy_gettext("Pencipta")),
          Kolom("bahan", lazy_gettext("Bahan")),
          Kolom("jenis_hewan_tumbuhan", lazy_gettext("Hewan/tumbuhan: jenis")),
          Kolom("ukuran", lazy_gettext("Ukuran"))),
    "F": (Kolom("bangunan", lazy_gettext("Bangunan"), "choice", KONSTRUKSI_F, required=True),
          Kolom("bertingkat", lazy_gettext("Bertingkat"), "choice", YA_TIDAK),
          Kolom("beton", lazy_gettext("Beton"), "choice", YA_TIDAK),
          Kolom("luas_m2", lazy_gettext("Luas (m²)"), "number"),
          Kolom("alamat", lazy_gettext("Letak/lokasi"), required=True, max_length=300),
          Kolom("nomor_dokumen", lazy_gettext("Nomor dokumen")),
          Kolom("tanggal_dokumen", lazy_gettext("Tanggal dokumen"), "date"),
          Kolom("tanggal_mulai", lazy_gettext("Tanggal mulai pengerjaan"), "date", required=True),
          Kolom("status_tanah", lazy_gettext("Status tanah")),
          Kolom("nilai_kontrak", lazy_gettext("Nilai kontrak (Rp)"), "number")),
}


def kib_dari_kode(kode: str) -> str | None:
    """The card of an item code: ``1.3.2.10.01.02.002`` -> ``"B"``; None outside 1.3.1 … 1.3.6."""
    return JENIS_KIB.get(".".join(kode.split(".")[:3]))
