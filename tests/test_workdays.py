"""The working-day calendar of the plugin API (balai.api.calendar) against 2026 dates counted by
hand from the government's list (SKB: Nyepi 19 March, Idulfitri 21-22 March, Wafat Yesus Kristus
3 April, Kenaikan Yesus Kristus 14 May, Iduladha 27 May; cuti bersama 16 February, 18, 20, 23,
24 March, 15 and 28 May, 24 December). Every expected date below was counted on a paper
calendar, not by the code under test."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from balai.api import CountingRule, calendar
from balai.calendar import service
from balai.calendar.service import WorkCalendar, from_settings

WITA = ZoneInfo("Asia/Makassar")
LIBUR = WorkCalendar()  # cuti bersama is not a working day
MASUK = WorkCalendar(cuti_bersama_libur=False)  # cuti bersama is a working day


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=WITA)


def test_the_installed_holidays_package_knows_the_2026_days_these_tests_count_on():
    rows = {(d, kind) for d, _name, kind in LIBUR.holidays_of_year(2026)}
    public = {date(2026, 3, 19), date(2026, 3, 21), date(2026, 3, 22), date(2026, 4, 3), date(2026, 5, 14),
              date(2026, 5, 27), date(2026, 6, 1)}
    cuti = {date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24),
            date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24)}
    assert {(d, "nasional") for d in public} <= rows
    assert {d for d, kind in rows if kind == "cuti_bersama"} == cuti


# --- ten working days across Nyepi and Idulfitri --------------------------------------------------


def test_ten_working_days_across_nyepi_and_idulfitri_cuti_bersama_off():
    # Received Monday 16 March (not counted). 17 = 1; 18 cuti Nyepi, 19 Nyepi, 20 cuti Idulfitri,
    # 21-22 weekend (Idulfitri), 23-24 cuti Idulfitri; 25 = 2, 26 = 3, 27 = 4, 30 = 5, 31 = 6,
    # 1 April = 7, 2 = 8; 3 April Wafat Yesus Kristus, 4-5 weekend; 6 = 9, 7 = 10.
    deadline = LIBUR.deadline(at(2026, 3, 16), 10)
    assert deadline.received_on == date(2026, 3, 16)
    assert deadline.due_on == date(2026, 4, 7)
    assert deadline.due_at == at(2026, 4, 7, 16, 0)
    skipped = [(s.day, s.kind) for s in deadline.skipped if s.kind != "weekend"]
    assert skipped == [(date(2026, 3, 18), "cuti_bersama"), (date(2026, 3, 19), "holiday"),
                       (date(2026, 3, 20), "cuti_bersama"), (date(2026, 3, 23), "cuti_bersama"),
                       (date(2026, 3, 24), "cuti_bersama"), (date(2026, 4, 3), "holiday")]
    assert deadline.sentence() == (
        "diterima Senin, 16 Maret 2026; 10 hari kerja; dilewati: Sabtu/Minggu; "
        "18 Maret (Cuti Bersama Hari Suci Nyepi), 19 Maret (Hari Suci Nyepi), "
        "20, 23, 24 Maret (Cuti Bersama Hari Raya Idul Fitri), 3 April (Wafat Yesus Kristus); "
        "jatuh tempo Selasa, 7 April 2026")


def test_ten_working_days_across_nyepi_and_idulfitri_cuti_bersama_on():
    # Cuti bersama counts: 17 = 1, 18 = 2, (19 Nyepi), 20 = 3, (21-22), 23 = 4, 24 = 5, 25 = 6,
    # 26 = 7, 27 = 8, 30 = 9, 31 = 10.
    deadline = MASUK.deadline(at(2026, 3, 16), 10)
    assert deadline.due_on == date(2026, 3, 31)
    assert [s.day for s in deadline.skipped if s.kind != "weekend"] == [date(2026, 3, 19)]


def test_ten_working_days_across_ascension_and_iduladha():
    # Received Monday 11 May. Off: 12 = 1, 13 = 2, (14 Kenaikan, 15 cuti), 18 = 3 … 22 = 7,
    # 25 = 8, 26 = 9, (27 Iduladha, 28 cuti), 29 = 10: Friday 29 May, closing 16:30.
    off = LIBUR.deadline(at(2026, 5, 11), 10)
    assert (off.due_on, off.due_at) == (date(2026, 5, 29), at(2026, 5, 29, 16, 30))
    # On: 12, 13, (14), 15 = 3, 18 = 4 … 22 = 8, 25 = 9, 26 = 10.
    assert MASUK.deadline(at(2026, 5, 11), 10).due_on == date(2026, 5, 26)
    # Seven more (an extension) from Friday 29 May: (1 June Pancasila) 2 = 1 … 5 = 4, 8 = 5, 9 = 6, 10 = 7.
    assert LIBUR.deadline(at(2026, 5, 29), 7).due_on == date(2026, 6, 10)


def test_received_on_a_holiday_weekend_or_after_hours_counts_from_the_next_opening():
    # Saturday 14 March: received Monday 16, so the same 7 April as above.
    saturday = LIBUR.deadline(at(2026, 3, 14), 10)
    assert saturday.received_on == date(2026, 3, 16) and saturday.moved
    assert saturday.due_on == date(2026, 4, 7)
    assert "dihitung diterima Senin, 16 Maret 2026" in saturday.sentence()
    # Tuesday 17 March at 17:00 (after closing): received on Wednesday 25 March, the next opening;
    # 26 = 1, 27 = 2, 30 = 3.
    late = LIBUR.deadline(at(2026, 3, 17, 17), 3)
    assert (late.received_on, late.due_on) == (date(2026, 3, 25), date(2026, 3, 30))
    # Before opening on a working day: that day.
    assert LIBUR.received_on(at(2026, 3, 17, 6)) == date(2026, 3, 17)


def test_calendar_days_keep_the_receipt_rule():
    # Received Saturday 14 March = Monday 16; 14 calendar days: Monday 30 March.
    assert LIBUR.deadline(at(2026, 3, 14), 14, "hari").due_on == date(2026, 3, 30)


def test_working_days_between_both_ends_included_as_leave_is_counted():
    # 16-27 March: off 16, 17, 25, 26, 27 = 5; on (cuti bersama worked) also 18, 20, 23, 24 = 9.
    assert LIBUR.working_days_between(date(2026, 3, 16), date(2026, 3, 27)) == 5
    assert MASUK.working_days_between(date(2026, 3, 16), date(2026, 3, 27)) == 9
    # A week of leave 11-15 May: 11, 12, 13 (14 Kenaikan, 15 cuti bersama) = 3; on: 4.
    assert LIBUR.working_days_between(date(2026, 5, 11), date(2026, 5, 15)) == 3
    assert MASUK.working_days_between(date(2026, 5, 11), date(2026, 5, 15)) == 4
    assert LIBUR.working_days_between(date(2026, 5, 12), date(2026, 5, 12)) == 1
    assert LIBUR.working_days_between(date(2026, 5, 13), date(2026, 5, 12)) == 0


def test_a_day_says_why_it_is_not_a_working_day():
    assert LIBUR.status(date(2026, 3, 17)).working
    assert (LIBUR.status(date(2026, 3, 18)).kind, LIBUR.status(date(2026, 3, 18)).name) == \
        ("cuti_bersama", "Cuti Bersama Hari Suci Nyepi")
    assert (LIBUR.status(date(2026, 3, 19)).kind, LIBUR.status(date(2026, 3, 19)).name) == ("holiday", "Hari Suci Nyepi")
    assert (LIBUR.status(date(2026, 3, 21)).kind, LIBUR.status(date(2026, 3, 21)).name) == \
        ("weekend", "Hari Raya Idul Fitri")
    assert (LIBUR.status(date(2026, 3, 14)).kind, LIBUR.status(date(2026, 3, 14)).name) == ("weekend", "")
    assert MASUK.status(date(2026, 3, 18)).working
    agency = WorkCalendar(agency_holidays={date(2026, 1, 9): "HUT Provinsi Kalimantan Timur"})
    assert (agency.status(date(2026, 1, 9)).kind, agency.status(date(2026, 1, 9)).name) == \
        ("agency", "HUT Provinsi Kalimantan Timur")


def test_next_working_day():
    assert LIBUR.next_working_day(date(2026, 3, 13)) == date(2026, 3, 16)  # Friday -> Monday
    assert LIBUR.next_working_day(date(2026, 3, 17)) == date(2026, 3, 25)  # over Nyepi and Idulfitri
    assert MASUK.next_working_day(date(2026, 3, 17)) == date(2026, 3, 18)


def test_a_cuti_bersama_decided_late_is_skipped_under_rules_that_skip_cuti_bersama():
    # Wednesday 25 March marked as an extra cuti bersama: the ten days of 16 March end a day later,
    # Wednesday 8 April; where cuti bersama is worked nothing moves.
    extra = {date(2026, 3, 25): "Cuti bersama tambahan Idulfitri"}
    off = WorkCalendar(extra_cuti_bersama=extra)
    assert off.deadline(at(2026, 3, 16), 10).due_on == date(2026, 4, 8)
    assert off.status(date(2026, 3, 25)).kind == "cuti_bersama"
    assert WorkCalendar(cuti_bersama_libur=False, extra_cuti_bersama=extra).deadline(at(2026, 3, 16), 10).due_on \
        == date(2026, 3, 31)


def test_each_counting_rule_keeps_its_own_cuti_bersama_setting():
    rules = [CountingRule("x.informasi", "Informasi"), CountingRule("x.cuti", "Cuti", cuti_bersama_libur=False)]
    cal = from_settings({service.CUTI_BERSAMA_LIBUR: {"value": False}}, rules=rules)
    assert cal.for_rule("default").is_working_day(date(2026, 3, 20))  # the agency's general setting
    assert not cal.for_rule("x.informasi").is_working_day(date(2026, 3, 20))  # the rule's default
    assert cal.for_rule("x.cuti").is_working_day(date(2026, 3, 20))
    chosen = from_settings({service.COUNTING_RULES: {"x.informasi": {"cuti_bersama_libur": False}}}, rules=rules)
    assert chosen.for_rule("x.informasi").is_working_day(date(2026, 3, 20))
    with pytest.raises(ValueError):
        cal.for_rule("x.tidak_ada")


# --- through balai.api, on the app's calendar ------------------------------------------------


async def test_hook_counting_rules_and_the_plugin_api(app):
    # The test plugin declares "ujisop.informasi" (cuti bersama not a working day by default).
    assert calendar.add_working_days(at(2026, 3, 16), 10, rule="ujisop.informasi").due_on == date(2026, 4, 7)
    assert calendar.add_working_days(date(2026, 3, 16), 10, rule="ujisop.informasi").due_on == date(2026, 4, 7)
    assert calendar.day_status(date(2026, 3, 19)).name == "Hari Suci Nyepi"
    assert calendar.next_working_day(date(2026, 3, 17), rule="ujisop.informasi") == date(2026, 3, 25)
    assert calendar.working_days_between(date(2026, 3, 16), date(2026, 3, 27), rule="ujisop.informasi") == 5
    assert calendar.received_on(at(2026, 3, 14)) == date(2026, 3, 16)
    assert calendar.add_days(at(2026, 3, 14), 14).due_on == date(2026, 3, 30)
    with pytest.raises(ValueError):
        calendar.add_working_days(at(2026, 3, 16), 10, rule="ujisop.tidak_ada")


async def test_explanation_in_english(app):
    from balai import i18n

    token = i18n.set_locale("en")
    try:
        text = calendar.add_working_days(at(2026, 3, 16), 10, rule="ujisop.informasi").sentence()
    finally:
        i18n._current.reset(token)
    assert text == ("received Monday, 16 March 2026; 10 working days; skipped: Saturday/Sunday; "
                    "18 March (Day of Silence Joint Holiday), 19 March (Day of Silence), "
                    "20, 23, 24 March (Eid al-Fitr Joint Holiday), 3 April (Good Friday); due Tuesday, 7 April 2026")


async def test_admin_sets_cuti_bersama_per_counting_rule(login):
    admin = await login("admin")
    page = await admin.get("/admin/calendar")
    assert "Permintaan informasi uji" in page.text and 'name="rule_ujisop.informasi"' in page.text
    # Every rule's box as the page shows it now (other plugins' rules too), to put back afterwards.
    ticked = dict.fromkeys(re.findall(r'name="(rule_[^"]+)" value="1" checked', page.text), "1")
    try:
        saved = await admin.post("/admin/calendar/rules", data={})  # unticked: cuti bersama is worked
        assert saved.status_code == 303
        assert calendar.add_working_days(at(2026, 3, 16), 10, rule="ujisop.informasi").due_on == date(2026, 3, 31)
        assert calendar.add_working_days(at(2026, 3, 16), 10).due_on == date(2026, 4, 7)  # the general rule stays
    finally:
        await admin.post("/admin/calendar/rules", data=ticked | {"rule_ujisop.informasi": "1"})
    assert calendar.add_working_days(at(2026, 3, 16), 10, rule="ujisop.informasi").due_on == date(2026, 4, 7)


async def test_admin_marks_a_late_cuti_bersama(login):
    admin = await login("admin")
    added = await admin.post("/admin/calendar/cuti-bersama", data={"tanggal": "2026-03-25", "nama": "Cuti bersama tambahan"})
    try:
        assert added.status_code == 303
        assert calendar.day_status(date(2026, 3, 25)).kind == "cuti_bersama"
        assert calendar.add_working_days(at(2026, 3, 16), 10).due_on == date(2026, 4, 8)
        listed = await admin.get("/admin/calendar?tahun=2026")
        assert "Cuti bersama tambahan" in listed.text and "/admin/calendar/cuti-bersama/delete" in listed.text
        bad = await admin.post("/admin/calendar/cuti-bersama", data={"tanggal": "25-03-2026", "nama": "Typed name"})
        assert bad.status_code == 400 and "Tanggal tidak sah" in bad.text and 'value="Typed name"' in bad.text
    finally:
        removed = await admin.post("/admin/calendar/cuti-bersama/delete", data={"tanggal": "2026-03-25"})
    assert removed.status_code == 303
    assert calendar.day_status(date(2026, 3, 25)).working
    missing = await admin.post("/admin/calendar/cuti-bersama/delete", data={"tanggal": "2026-03-25"})
    assert missing.status_code == 400 and "bukan cuti bersama tambahan" in missing.text


def test_leave_of_a_year_counts_through_the_same_days():
    # All of 2026's working days (cuti bersama off): 365 days - 104 weekend days - the public
    # holidays on weekdays (1 Jan, 16 Jan, 17 Feb, 19 Mar, 3 Apr, 1 May, 14 May, 27 May, 1 Jun,
    # 16 Jun, 17 Aug, 25 Aug, 25 Dec = 13) - cuti bersama on weekdays (16 Feb, 18, 20, 23, 24 Mar,
    # 15 May, 28 May, 24 Dec = 8) = 240.
    assert LIBUR.working_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 240
    assert MASUK.working_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 248
    assert sum(1 for i in range(365) if (date(2026, 1, 1) + timedelta(days=i)).weekday() >= 5) == 104
