"""The semester IKM report as an official document: the core's facility, with the agency's letterhead,
kept in the documents store as a new version whenever the figures of the semester change."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from balai.api import _, issue_document, issued_pdf, render_document, signature, today

from balai_layanan import ikm

LAPORAN_IKM = "layanan/naskah/laporan_ikm.html"
DOK_IKM = "layanan_ikm"  # owner of the kept reports: one record per semester (2019-1 -> 20191)
PENANDA_TANGAN = "kepala_dinas"


def _isi(rekap: dict) -> dict:
    hasil: ikm.Hasil = rekap["hasil"]
    unsur = [{"kode": u.kode, "nama": u.nama, "jumlah": u.jumlah, "mutu": u.mutu, "nilai": u.nilai,
              "nrr_desimal": Decimal(u.nrr.numerator) / Decimal(u.nrr.denominator),
              "tertimbang": Decimal(u.nrr.numerator) / Decimal(u.nrr.denominator) / len(ikm.UNSUR),
              "persen": float(u.nilai)} for u in hasil.unsur]
    return {"title": _("Laporan Survei Kepuasan Masyarakat — %(periode)s", periode=rekap["label"]), "signed_on": today(),
            "rekap": {**rekap, "hasil": {"responden": hasil.responden, "ikm": hasil.ikm, "mutu": hasil.mutu,
                                         "kinerja": hasil.kinerja, "unsur": unsur}}}


async def _tanda_tangan() -> dict:
    signer = await signature(PENANDA_TANGAN)
    return {"signer": signer} if signer else {}


async def ikm_pdf(rekap: dict, compress: bool = True) -> bytes:
    """The report as a PDF, not kept."""
    return await render_document(LAPORAN_IKM, _isi(rekap), compress=compress, **await _tanda_tangan())


async def terbitkan_ikm(rekap: dict, user, base_url: str = "") -> bytes:
    """The report kept among the semester's documents (a new version when the figures changed)."""
    ctx = _isi(rekap)
    sidik = hashlib.sha256(json.dumps(ctx["rekap"], default=str, sort_keys=True).encode()).hexdigest()
    row = await issue_document(
        LAPORAN_IKM, kind="laporan", title=ctx["title"], owner=(DOK_IKM, int(rekap["periode"].replace("-", ""))),
        user=user, context=ctx, issued_on=today(), filename=f"laporan-skm-{rekap['periode']}.pdf",
        base_url=base_url, fingerprint=sidik, **await _tanda_tangan())
    return await issued_pdf(row)
