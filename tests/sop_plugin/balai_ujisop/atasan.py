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


def dua_atasan() -> SOP:
    """A leave request's two approvals: the direct superior, then the superior's superior."""
    return SOP(
        code="ujisop.dua_atasan", name="Permohonan kepada Dua Atasan Uji", header=SOPHeader(nomor="UJI/ATASAN2/2026"),
        reference_prefix="AT2", started_by=SYSTEM,
        steps=[
            Step(1, "ajukan", "Mengajukan permohonan", actor="staf", assign="opener", time="1 hari kerja",
                 actions=[go("kirim", "Kirim ke atasan", to="pertimbangan")]),
            Step(2, "pertimbangan", "Memberi pertimbangan", actor="Atasan langsung", assign="superior",
                 time="1 hari kerja", actions=[go("setuju", "Setujui", to="keputusan")]),
            Step(3, "keputusan", "Memutuskan", actor="Atasan dari atasan langsung", assign="superior:2",
                 time="1 hari kerja", actions=[selesai("Setujui", code="setuju")]),
        ],
    )
