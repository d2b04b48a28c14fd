"""A sealed SOP, declared as a whistle-blowing plugin would: only its Tim Telaah reads the reports."""

from __future__ import annotations

from balai.api import CASE_OPENED, PUBLIC, SOP, Clock, Extension, Sealed, SOPHeader, Step, acted, ditolak, go, selesai

HEADER = SOPHeader(nomor="UJI/RHS/2026", disahkan_oleh="Kepala Dinas (uji)")
TELAAH = "ujisop.telaah"  # holders read every report of their unit, whoever works on its tasks


def rahasia() -> SOP:
    """Reported by a citizen (public) or by staff; read by whoever works on it and by the Tim Telaah."""
    return SOP(
        code="ujisop.rahasia", name="Laporan Rahasia Uji", header=HEADER, reference_prefix="RHS",
        start_permission="ujisop.ajukan", started_by=PUBLIC, view_permission=TELAAH, sealed=Sealed(permission=TELAAH),
        # SP4N: a report is verified within 3 working days; a written reason may extend it once
        clocks=[Clock("verifikasi", "Verifikasi laporan", 3, starts_on=CASE_OPENED, stops_on=acted("teruskan"),
                      extension=Extension(times=1, length=2))],
        steps=[
            Step(1, "telaah", "Menelaah laporan", actor="ujisop_pemeriksa", time="3 hari kerja",
                 actions=[go("teruskan", "Teruskan", to="putuskan", fields=("temuan",))]),
            Step(2, "putuskan", "Memutuskan tindak lanjut", actor="ujisop_pemeriksa", time="5 hari kerja",
                 actions=[selesai("Tindak lanjuti"), ditolak()]),
        ],
    )
