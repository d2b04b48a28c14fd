"""The letters of a proposal (SOP 11, 14, 12): official documents of the core with the agency's
letterhead, numbered in the agency's register (with persuratan, also in the Buku Agenda Keluar),
signed by the Kepala Dinas (or the Plh standing in), kept on the case."""

from __future__ import annotations

import hashlib
import json

from balai.api import allocate_number, issue_document, issued_for, numbering_transaction, render_document, today

from balai_kepegawaian import izin

JENIS_NASKAH = "surat"
# Permendagri 83/2022: 800.1 Sumber Daya Manusia; the sub-codes for KGB, promotion and retirement
# could not be verified from the appendix, so the letters carry the parent code (the agency's
# administrator may renumber by template).
KLASIFIKASI = "800.1"


async def isi_pegawai(pegawai_id: int) -> dict:
    return await izin._data_pegawai({"pegawai": pegawai_id})


async def penanda_tangan(pegawai_id: int):
    return await izin.penanda_tangan({"pegawai": pegawai_id}, False)


def _sidik(template: str, context: dict) -> str:
    return hashlib.sha256(json.dumps([template, context], default=str, sort_keys=True).encode()).hexdigest()


async def konsep(template: str, context: dict, pegawai_id: int) -> bytes:
    """The draft (KONSEP across the page, no number) for the review steps."""
    return await render_document(template, {**context, "issued_on": today()}, draft=True,
                                 signer=await penanda_tangan(pegawai_id))


async def terbitkan(template: str, context: dict, *, case_id: int, pegawai_id: int, user, unit_id: int,
                    filename: str) -> dict:
    """Number and issue one letter of the case (a failure gives the number back)."""
    context = {**context, "issued_on": today()}
    async with numbering_transaction():
        # Signed again after a correction, a letter keeps its number (and becomes the next version).
        previous = next((r for r in await terbit(case_id) if r["template"] == template), None)
        if previous is not None and previous.get("number"):
            number = previous["number"]
        else:
            number = (await allocate_number(
                JENIS_NASKAH, classification=KLASIFIKASI, unit_id=unit_id, on=today(), subject=context["title"],
                addressee=context.get("tujuan") or context["pegawai"]["nama"], requester="kepegawaian",
                record=("case", case_id), user=user)).text
        return await issue_document(
            template, kind=JENIS_NASKAH, title=context["title"], owner=("case", case_id), user=user, context=context,
            number=number, signer=await penanda_tangan(pegawai_id), filename=filename,
            fingerprint=_sidik(template, context))


async def terbit(case_id: int | None) -> list[dict]:
    """The letters issued on a case, newest first."""
    return await issued_for("case", case_id) if case_id else []
