"""Helpers for the BMD tests: a building and a room, an asset written through the service."""

from __future__ import annotations

import secrets
from datetime import date

from balai_bmd import register
from balai_bmd.tables import Gedung, Ruang


async def ruang_baru(nama="Ruang Uji", gudang=False) -> dict:
    tag = secrets.token_hex(3)
    g = (await Gedung.insert(Gedung(nama=f"Gedung {tag}")).returning(Gedung.id))[0]["id"]
    rows = await Ruang.insert(Ruang(gedung=g, kode=f"R-{tag}", nama=nama, penanggung_jawab="Siti Rahmah",
                                    penanggung_jawab_nip="198503122010012004", gudang=gudang)) \
        .returning(*Ruang.all_columns())
    return rows[0]


def isian_aset(ruang_id: int, **over) -> dict:
    form = {"kode_barang": "1.3.2.10.01.02.002", "nama": "Laptop ASUS VivoBook 14", "nilai": "12500000",
            "tanggal_perolehan": "2025-03-10", "sumber_dana": "apbd", "cara_perolehan": "pembelian",
            "kondisi": "B", "ruang": str(ruang_id), "pemegang": "", "pemegang_nip": "", "keterangan": "",
            "jumlah": "1", "r_merek_tipe": "ASUS X1404"}
    form.update(over)
    return form


async def aset_baru(ruang_id: int, user=None, **over) -> dict:
    values, errors = await register.periksa_aset(isian_aset(ruang_id, **over))
    assert not errors, errors
    return (await register.catat_aset(values, user, tanggal=date(2025, 3, 10)))[0]
