"""The SOP evaluation: real durations per step against the time standard, from task rows."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from balai.sop import evaluation as compliance
from balai.workflow.tables import Case, Task
from tests.sop_uji import sop_evaluasi  # noqa: F401  (fixture)

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)  # Monday 09:00 WITA
NOW = datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc)


async def make_case(unit: int, n: int) -> int:
    row = await Case.insert(Case(sop="uji.evaluasi", reference=f"EVAL/2026/{n:06d}", subject=f"Surat uji {n}",
                                 unit=unit, opened_at=T0)).returning(Case.id)
    return row[0]["id"]


async def make_task(case: int, unit: int, step: str, opened: datetime, minutes_allowed: int,
                    minutes_taken: int | None, state: str = "selesai") -> None:
    await Task.insert(Task(
        case=case, sop="uji.evaluasi", step=step, unit=unit, role="staf", state=state, opened_at=opened,
        due_at=opened + timedelta(minutes=minutes_allowed),
        closed_at=opened + timedelta(minutes=minutes_taken) if minutes_taken is not None else None,
    ))


@pytest.fixture
async def synthetic(demo, sop_evaluasi):
    """Five letters drafted in 5, 10, 15, 20 and 60 minutes against a 15-minute standard; two of them
    wait at the Kabid, one past its deadline; a cancelled task that must not count."""
    unit = demo["industri"]
    await Task.delete().where(Task.sop == "uji.evaluasi")
    await Case.delete().where(Case.sop == "uji.evaluasi")
    cases = [await make_case(unit, n) for n in range(1, 6)]
    for case, taken in zip(cases, (5, 10, 15, 20, 60)):
        await make_task(case, unit, "konsep", T0, 15, taken)
    await make_task(cases[0], unit, "periksa_kabid", T0 + timedelta(hours=1), 5, None, state="terbuka")  # late
    await make_task(cases[1], unit, "periksa_kabid", NOW - timedelta(minutes=1), 5, None, state="terbuka")
    await make_task(cases[2], unit, "periksa_kabid", T0, 5, 500, state="dibatalkan")
    yield sop_evaluasi


async def test_statistics_per_step(synthetic):
    stats, cases = await compliance.evaluate(synthetic, now=NOW)
    assert cases == 5
    konsep, kabid = stats[0], stats[1]
    assert (konsep.code, konsep.standard) == ("konsep", "15 menit")
    assert (konsep.cases, konsep.tasks, konsep.closed, konsep.late) == (5, 5, 5, 2)
    assert konsep.median == timedelta(minutes=15)
    assert konsep.p90 == timedelta(minutes=44)  # between 20 and 60 at rank 3.6 of 0..4
    assert konsep.median_share == pytest.approx(1.0)
    assert konsep.p90_share == pytest.approx(44 / 15)
    assert konsep.late_share == pytest.approx(0.4)
    assert (kabid.cases, kabid.tasks, kabid.closed, kabid.late) == (2, 2, 0, 1)
    assert kabid.median is None and kabid.late_share == pytest.approx(0.5)
    assert all(s.tasks == 0 and s.late_share is None for s in stats[2:])


async def test_period_filter(synthetic):
    stats, cases = await compliance.evaluate(synthetic, since=T0 + timedelta(minutes=30), now=NOW)
    assert cases == 2 and stats[0].tasks == 0 and stats[1].tasks == 2
    stats, cases = await compliance.evaluate(synthetic, until=T0 + timedelta(minutes=30), now=NOW)
    assert cases == 5 and stats[0].tasks == 5 and stats[1].tasks == 0


def test_percentile_and_durations():
    assert compliance.percentile([], 0.9) is None
    assert compliance.percentile([7.0], 0.9) == 7.0
    assert compliance.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == pytest.approx(9.1)
    assert compliance.format_duration(timedelta(days=3, hours=2)) == "3 hari 2 jam"
    assert compliance.format_duration(timedelta(hours=2, minutes=5)) == "2 jam 5 menit"
    assert compliance.format_duration(timedelta(seconds=45)) == "45 detik"
    assert compliance.format_duration(None) == "–"


async def test_chart_marks_the_standard_and_caps_long_bars(synthetic):
    stats, _cases = await compliance.evaluate(synthetic, now=NOW)
    svg = str(compliance.chart_svg(stats))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "standar (100 %)" in svg
    assert svg.count('fill="#0d6e57"') == 2  # the legend and the one step with a median
    assert "293 %" in svg  # 44 of 15 minutes, past the chart's edge: labelled
    assert "40 % (2/5)" in svg and "50 % (1/2)" in svg


async def test_evaluation_page(login, synthetic):
    c = await login("demo.staf")
    page = await c.get("/sop/uji.evaluasi/evaluation?dari=2026-03-01&sampai=2026-03-31")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="evaluation-table"' in html and "<svg" in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "15 menit (100 % dari standar)" in text and "44 menit (293 % dari standar)" in text
    assert "40 % (2/5)" in text
    assert "<script" not in html.split("<main", 1)[1]  # the chart is drawn on the server

    empty = await c.get("/sop/uji.evaluasi/evaluation?dari=2026-04-01")
    assert "belum ada data" in empty.text
    bad = await c.get("/sop/uji.evaluasi/evaluation?dari=kemarin")
    assert bad.status_code == 400 and "Tanggal tidak sah" in bad.text
    reversed_ = await c.get("/sop/uji.evaluasi/evaluation?dari=2026-03-10&sampai=2026-03-01")
    assert reversed_.status_code == 400
    assert (await c.get("/sop/tidak.ada/evaluation")).status_code == 404
