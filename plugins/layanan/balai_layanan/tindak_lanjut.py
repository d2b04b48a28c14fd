"""Suggestions taken up as follow-up work: SOP 1 steps 6–7 run as workflow cases.

Kehumasan picks a suggestion from the semester's answers and names the Bidang/UPTD it concerns;
a case of SOP 1 opens there. Steps 1–5 were done in this plugin's pages, so they are skipped and
the Sekretaris gets the first task (decide the follow-up, 2 days), then the Bidang/UPTD (carry it
out, 1 day), each due by the sheet's time standard.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from balai.api import _, case_tasks, get_case, lazy_gettext, open_case

from balai_layanan import ikm
from balai_layanan.sop import SKM
from balai_layanan.tables import ResponsSurvei, TindakLanjut


def periksa(data: dict, unit_pilihan: dict[int, str]) -> tuple[dict, dict]:
    form = {k: str(data.get(k) or "").strip() for k in ("respons_id", "saran", "unit_id", "periode")}
    errors = {}
    if len(form["saran"]) < 5:
        errors["saran"] = _("Tuliskan saran/masukan yang akan ditindaklanjuti.")
    if not form["unit_id"].isdigit() or int(form["unit_id"]) not in unit_pilihan:
        errors["unit_id"] = _("Pilih Bidang/UPTD yang melaksanakan tindak lanjut.")
    if not ikm.periode_sah(form["periode"]):
        errors["periode"] = _("Periode tidak sah.")
    return form, errors


async def buat(form: dict, user) -> dict:
    """Record the follow-up and open its case, together."""
    respons_id = int(form["respons_id"]) if form["respons_id"].isdigit() else None
    if respons_id is not None and not await ResponsSurvei.exists().where(ResponsSurvei.id == respons_id):
        respons_id = None
    async with TindakLanjut._meta.db.transaction():
        row = await TindakLanjut.insert(TindakLanjut(
            respons_id=respons_id, periode=form["periode"], saran=form["saran"], unit_id=int(form["unit_id"]),
            dibuat_oleh=user.full_name,
        )).returning(TindakLanjut.id)
        tl_id = row[0]["id"]
        case = await open_case(
            SKM, _("Tindak lanjut saran SKM %(periode)s: %(saran)s", periode=ikm.label_periode(form["periode"]),
                   saran=form["saran"][:150]),
            user=user, unit_id=int(form["unit_id"]),
            data={"tindak_lanjut": True, "periode": form["periode"], "saran": form["saran"][:2000]},
            record=("layanan.tindak_lanjut", tl_id),
        )
        await TindakLanjut.update({TindakLanjut.case_id: case["id"]}).where(TindakLanjut.id == tl_id)
    return case


LANGKAH = {
    "tindak_lanjut": lazy_gettext("Sekretaris menetapkan tindak lanjut"),
    "laksanakan": lazy_gettext("Bidang/UPTD melaksanakan"),
}


async def daftar(periode: str) -> list[dict]:
    """The period's follow-ups with their case and the task now open (its step and deadline)."""
    rows = await TindakLanjut.select().where(TindakLanjut.periode == periode).order_by(TindakLanjut.id)
    for r in rows:
        r["case"] = await get_case(r["case_id"]) if r["case_id"] else None
        terbuka = [t for t in await case_tasks(r["case_id"]) if t["state"] == "terbuka"] if r["case_id"] else []
        r["tugas"] = terbuka[0] if terbuka else None
        r["langkah"] = str(LANGKAH.get(terbuka[0]["step"], terbuka[0]["step"])) if terbuka else ""
    return rows


def panel(case: dict, task: dict):
    """The suggestion, shown in the Sekretaris's and the Bidang's task pages."""
    if case.get("sop") != SKM:
        return None
    data = case.get("data") or {}
    periode = data.get("periode", "")
    label = ikm.label_periode(periode) if ikm.periode_sah(periode) else periode
    return Markup(
        '<div class="card mb-3" data-testid="panel-skm"><div class="card-body">'
        f'<h2 class="h6">{escape(_("Saran/masukan Survei Kepuasan Masyarakat"))}</h2>'
        f'<p class="mb-1">{escape(data.get("saran", ""))}</p>'
        f'<p class="small text-muted mb-0">{escape(_("Periode"))}: {escape(label)} · '
        f'<a href="/layanan/ikm?periode={escape(periode)}">{escape(_("Laporan IKM"))}</a></p>'
        "</div></div>"
    )
