"""A sealed report of the test plugin's ``ujisop.rahasia``, shared by the sealed-content tests."""

from __future__ import annotations

from balai.workflow import engine
from tests.workflow_support import new_unit, open_task, person

SUBJECT = "Dugaan pungli di loket tiga"
DATA = {"kronologi": "Pak Hartono meminta Rp500.000 untuk izin"}
REPORTER = "Wulandari Pelapor"
NOTE = "Saksi: Ibu Kartika melihat sendiri"
TEMUAN = "bukti transfer ke rekening pribadi"
WORDS = ("pungli", "hartono", "rp500.000", "wulandari", "kartika", "transfer")


def leaks(text) -> list[str]:
    """The words of the report that appear in ``text`` (anything: rows, pages, bytes)."""
    text = (text.decode("latin-1") if isinstance(text, bytes) else str(text)).lower()
    return [w for w in WORDS if w in text]


async def open_report(app, demo) -> dict:
    """A report sent by a citizen and passed on by the worker with a note and a finding; the
    people around it: the worker, a Tim Telaah member of its unit, a worker of another unit."""
    unit = await new_unit(demo["sekretariat"])
    people = {
        "worker": await person(app, ("ujisop_pemeriksa", unit)),
        "telaah": await person(app, ("ujisop_telaah", unit)),
        "outsider": await person(app, ("ujisop_pemeriksa", await new_unit(demo["sekretariat"]))),
    }
    case = await engine.open_case("ujisop.rahasia", SUBJECT, user=None, unit_id=unit, data=DATA, opened_as=REPORTER)
    first = await open_task(case["id"])
    await engine.act(first["id"], "teruskan", user=people["worker"], note=NOTE, data={"temuan": TEMUAN})
    return {"case": case, "first": first, "second": await open_task(case["id"]), **people}
