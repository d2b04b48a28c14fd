"""An SOP whose second step goes to the applicant's direct superior by position (assign="superior"),
as a leave request's "pertimbangan atasan langsung" does."""

from __future__ import annotations

from balai.api import SOP, SYSTEM, SOPHeader, Step, go, perbaiki, selesai


def atasan() -> SOP:
    return SOP(
        code="ujisop.atasan", name="Permohonan kepada Atasan Uji", header=SOPHeader(nomor="UJI/ATASAN/2026"),
        reference_prefix="ATS", started_by=SYSTEM,
        steps=[
            Step(1, "ajukan", "Mengajukan permohonan", actor="staf", assign="opener", time="1 hari kerja",
                 actions=[go("kirim", "Kirim ke atasan", to="pertimbangan")]),
            Step(2, "pertimbangan", "Memberi pertimbangan", actor="Atasan langsung", assign="superior",
                 time="2 hari kerja", actions=[selesai("Setujui", code="setuju"), perbaiki(to="ajukan")]),
        ],
    )
