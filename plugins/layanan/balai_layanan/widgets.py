"""Dashboard panels: today's queue for the Petugas Layanan, this semester's IKM for Kehumasan."""

from __future__ import annotations

from balai.api import Widget, lazy_gettext

from balai_layanan import ikm, kunjungan, org, survei
from balai.api import today as hari_ini  # the agency's day, the core's


def for_user(user) -> list[Widget]:
    async def antrian():
        units = await org.unit_antrian(user)
        rows = await kunjungan.antrian(units)
        return {"menunggu": sum(1 for r in rows if r["status"] == "menunggu"),
                "dilayani": sum(1 for r in rows if r["status"] == "dilayani"),
                "diharapkan": await kunjungan.diharapkan(units), "rows": rows[:5]}

    async def nilai():
        # Sums from the database: the dashboard's cost does not grow with the semester's answers.
        periode = ikm.periode_dari(hari_ini())
        return {"periode": periode, "label": ikm.label_periode(periode),
                "hasil": ikm.dari_jumlah(*await survei.jumlah_periode(periode))}

    return [
        Widget(lazy_gettext("Antrian tamu hari ini"), "layanan/widget_antrian.html", context=antrian,
               permission="layanan.serve", order=15),
        Widget(lazy_gettext("IKM semester berjalan"), "layanan/widget_ikm.html", context=nilai,
               permission="layanan.ikm", order=16),
    ]
