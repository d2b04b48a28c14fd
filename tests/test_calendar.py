"""The working calendar: office minutes, working days, Indonesian holidays, agency settings."""

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from balai.calendar import service as calendar
from balai.calendar.service import WorkCalendar, from_settings
from balai.workflow.timestandard import parse_time_standard as ts

WITA = ZoneInfo("Asia/Makassar")
CAL = WorkCalendar()


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=WITA)


# --- minutes and hours count office time ------------------------------------------------------


def test_friday_afternoon_minutes_roll_to_monday_morning():
    # Friday 27 Nov 2026 16:20; the office closes 16:30 on Fridays
    assert CAL.due_at(at(2026, 11, 27, 16, 20), ts("30 menit")) == at(2026, 11, 30, 7, 50)


def test_monday_to_thursday_close_at_sixteen():
    # Thursday 26 Nov 2026 15:50 + 30 minutes: 10 minutes on Thursday, 20 on Friday morning
    assert CAL.due_at(at(2026, 11, 26, 15, 50), ts("30 menit")) == at(2026, 11, 27, 7, 50)
    # the same minutes on a Friday fit before 16:30
    assert CAL.due_at(at(2026, 11, 27, 15, 50), ts("30 menit")) == at(2026, 11, 27, 16, 20)


def test_count_that_ends_at_closing_time_ends_that_day():
    assert CAL.due_at(at(2026, 11, 27, 16, 0), ts("30 menit")) == at(2026, 11, 27, 16, 30)


def test_opened_before_office_hours_or_on_a_weekend_starts_at_the_next_opening():
    assert CAL.due_at(at(2026, 11, 26, 6, 0), ts("5 menit")) == at(2026, 11, 26, 7, 35)
    assert CAL.due_at(at(2026, 11, 26, 17, 0), ts("5 menit")) == at(2026, 11, 27, 7, 35)
    assert CAL.due_at(at(2026, 11, 28, 10, 0), ts("2 jam")) == at(2026, 11, 30, 9, 30)  # Saturday


def test_hours_span_several_days():
    # 8.5 office hours on Monday = one full day (07:30-16:00); 10 hours run into Tuesday
    assert CAL.due_at(at(2026, 11, 23, 7, 30), ts("10 jam")) == at(2026, 11, 24, 9, 0)


def test_monday_holiday_pushes_the_friday_minutes_to_tuesday():
    # Friday 14 Aug 2026 16:20 -> Monday 17 Aug is Hari Kemerdekaan
    assert CAL.due_at(at(2026, 8, 14, 16, 20), ts("30 menit")) == at(2026, 8, 18, 7, 50)


def test_minutes_skip_idul_fitri_and_cuti_bersama_2026():
    # Tuesday 17 Mar 2026 15:50; 18 Mar cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama Idul Fitri,
    # 21-22 Idul Fitri (weekend), 23-24 cuti bersama: the office reopens on Wednesday 25 March.
    assert CAL.due_at(at(2026, 3, 17, 15, 50), ts("2 jam")) == at(2026, 3, 25, 9, 20)


def test_range_uses_its_upper_end_and_per_item_standards_count_one_item():
    assert CAL.due_at(at(2026, 11, 24, 9, 0), ts("2 – 3 menit per surat")) == at(2026, 11, 24, 9, 3)
    assert CAL.due_at(at(2026, 11, 24, 9, 0), ts("5 menit - 1 jam")) == at(2026, 11, 24, 10, 0)


# --- working days -----------------------------------------------------------------------------


def test_one_working_day_is_due_at_closing_time_of_the_next_working_day():
    assert CAL.due_at(at(2026, 11, 24, 10), ts("1 hari kerja")) == at(2026, 11, 25, 16, 0)
    # opened Thursday: Friday closes at 16:30
    assert CAL.due_at(at(2026, 11, 26, 10), ts("1 hari kerja")) == at(2026, 11, 27, 16, 30)
    # opened Friday: the next working day is Monday
    assert CAL.due_at(at(2026, 11, 27, 10), ts("1 hari kerja")) == at(2026, 11, 30, 16, 0)
    # opened on Saturday: counts as received at Monday's opening, so Tuesday is the first day counted
    assert CAL.due_at(at(2026, 11, 28, 10), ts("1 hari kerja")) == at(2026, 12, 1, 16, 0)
    # after office hours on Tuesday: received Wednesday, due Thursday
    assert CAL.due_at(at(2026, 11, 24, 16, 0), ts("1 hari kerja")) == at(2026, 11, 26, 16, 0)
    # before opening on Tuesday: received that Tuesday
    assert CAL.due_at(at(2026, 11, 24, 6, 0), ts("1 hari kerja")) == at(2026, 11, 25, 16, 0)


def test_working_days_over_lebaran_2026():
    # Thursday 19 March 2026 (Nyepi): counts as received on Wednesday 25 March, the next opening
    assert CAL.due_at(at(2026, 3, 19, 10), ts("1 hari kerja")) == at(2026, 3, 26, 16, 0)
    # Monday 16 Mar 2026 + 5 working days: 17, 25, 26, 27, 30 March
    assert CAL.due_at(at(2026, 3, 16, 10), ts("5 hari kerja")) == at(2026, 3, 30, 16, 0)


def test_working_days_over_lebaran_2025():
    # 2025: 28 Mar cuti bersama Nyepi, 31 Mar-1 Apr Idul Fitri, 2-4 and 7 Apr cuti bersama
    assert CAL.due_at(at(2025, 3, 27, 10), ts("1 hari kerja")) == at(2025, 4, 8, 16, 0)


def test_ten_working_days_for_an_information_request():
    # UU 14/2008: 10 working days. From Monday 11 May 2026 (14 May Kenaikan, 15 cuti bersama,
    # 27 Idul Adha, 28 cuti bersama): 12, 13, 18, 19, 20, 21, 22, 25, 26, 29 May
    assert CAL.due_at(at(2026, 5, 11, 10), ts("10 hari kerja")) == at(2026, 5, 29, 16, 30)
    # the 11th: 1 June is Hari Lahir Pancasila
    assert CAL.due_at(at(2026, 5, 11, 10), ts("11 hari kerja")) == at(2026, 6, 2, 16, 0)


def test_cuti_bersama_counts_as_working_day_when_the_agency_says_so():
    cal = WorkCalendar(cuti_bersama_libur=False)
    assert cal.is_working_day(date(2026, 3, 20))  # cuti bersama Idul Fitri
    assert not cal.is_working_day(date(2026, 3, 19))  # Nyepi itself stays a holiday
    # received on Nyepi: counts as received Friday 20 (cuti bersama, working), due Monday 23
    assert cal.due_at(at(2026, 3, 19, 10), ts("1 hari kerja")) == at(2026, 3, 23, 16, 0)
    assert not CAL.is_working_day(date(2026, 3, 20))


def test_agency_holiday_is_skipped():
    # e.g. HUT Provinsi Kalimantan Timur, 9 January
    cal = WorkCalendar(agency_holidays={date(2026, 1, 9): "HUT Provinsi Kalimantan Timur"})
    assert cal.holiday(date(2026, 1, 9)) == "HUT Provinsi Kalimantan Timur"
    assert cal.due_at(at(2026, 1, 8, 10), ts("1 hari kerja")) == at(2026, 1, 12, 16, 0)
    assert CAL.due_at(at(2026, 1, 8, 10), ts("1 hari kerja")) == at(2026, 1, 9, 16, 30)


# --- calendar days, weeks, months -------------------------------------------------------------


def test_days_weeks_and_months_are_calendar_time():
    assert CAL.due_at(at(2026, 3, 17, 10), ts("2 hari")) == at(2026, 3, 19, 10)
    assert CAL.due_at(at(2026, 3, 17, 10), ts("1 minggu")) == at(2026, 3, 24, 10)
    assert CAL.due_at(at(2026, 1, 31, 10), ts("1 bulan")) == at(2026, 2, 28, 10)
    assert CAL.due_at(at(2026, 11, 15, 10), ts("6 bulan sekali")) == at(2027, 5, 15, 10)


def test_deadline_keeps_the_time_zone_it_was_given():
    opened = datetime(2026, 11, 27, 8, 20, tzinfo=timezone.utc)  # 16:20 WITA
    due = CAL.due_at(opened, ts("30 menit"))
    assert due.tzinfo == timezone.utc
    assert due == at(2026, 11, 30, 7, 50)
    naive_utc = datetime(2026, 11, 27, 8, 20)
    assert CAL.due_at(naive_utc, ts("30 menit")) == at(2026, 11, 30, 7, 50)


def test_holiday_names_are_indonesian_and_cover_cuti_bersama():
    rows = CAL.holidays_of_year(2026)
    assert (date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri", "cuti_bersama") in rows
    assert (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", "nasional") in rows


# --- settings ---------------------------------------------------------------------------------


def test_settings_build_the_calendar():
    cal = from_settings({
        calendar.OFFICE_HOURS: {"timezone": "Asia/Jakarta", "days": {"0": ["08:00", "15:00"], "5": ["08:00", "12:00"]}},
        calendar.CUTI_BERSAMA_LIBUR: {"value": False},
        calendar.AGENCY_HOLIDAYS: [{"date": "2026-12-31", "name": "Tutup buku"}],
    })
    assert cal.hours == {0: (time(8), time(15)), 5: (time(8), time(12))}
    assert cal.tz.key == "Asia/Jakarta"
    assert not cal.cuti_bersama_libur
    assert not cal.is_working_day(date(2026, 12, 31))
    assert cal.is_working_day(date(2026, 11, 28))  # a Saturday, now a working day
    defaults = from_settings({})
    assert defaults.hours[4] == (time(7, 30), time(16, 30)) and 5 not in defaults.hours
    assert defaults.cuti_bersama_libur


def test_broken_office_hours_are_refused():
    with pytest.raises(ValueError):
        calendar.parse_hours({"0": ["16:00", "07:30"]})
    with pytest.raises(ValueError):
        calendar.parse_hours({})


# --- the admin page ---------------------------------------------------------------------------


async def test_admin_adds_and_removes_an_agency_holiday(login):
    admin = await login("admin")
    page = await admin.get("/admin/calendar?tahun=2026")
    assert page.status_code == 200
    assert "Cuti Bersama Hari Raya Idul Fitri" in page.text
    # Reached from the other administration pages' tabs, and marked as the current one here.
    assert 'active" aria-current="page" href="/admin/calendar"' in page.text
    assert 'href="/admin/calendar"' in (await admin.get("/admin/users")).text

    added = await admin.post("/admin/calendar/holidays", data={"tanggal": "2026-01-09", "nama": "HUT Provinsi Kaltim"})
    assert added.status_code == 303
    assert calendar.current().holiday(date(2026, 1, 9)) == "HUT Provinsi Kaltim"
    assert calendar.due_at(at(2026, 1, 8, 10), ts("1 hari kerja")) == at(2026, 1, 12, 16, 0)
    listed = await admin.get("/admin/calendar?tahun=2026")
    assert "HUT Provinsi Kaltim" in listed.text

    removed = await admin.post("/admin/calendar/holidays/delete", data={"tanggal": "2026-01-09"})
    assert removed.status_code == 303
    assert calendar.current().holiday(date(2026, 1, 9)) is None
    assert calendar.due_at(at(2026, 1, 8, 10), ts("1 hari kerja")) == at(2026, 1, 9, 16, 30)


async def test_holiday_names_follow_the_readers_language(login):
    admin = await login("admin")
    admin.cookies.set("balai_locale", "en")
    english = await admin.get("/admin/calendar?tahun=2026")
    assert "Lunar New Year" in english.text and "Tahun Baru Imlek" not in english.text
    admin.cookies.set("balai_locale", "id")
    indonesian = await admin.get("/admin/calendar?tahun=2026")
    assert "Tahun Baru Imlek" in indonesian.text


async def test_admin_holiday_form_rejects_bad_input(login):
    admin = await login("admin")
    bad = await admin.post("/admin/calendar/holidays", data={"tanggal": "9 Januari", "nama": ""})
    assert bad.status_code == 400
    assert "Tanggal tidak sah" in bad.text and "wajib diisi" in bad.text
    missing = await admin.post("/admin/calendar/holidays/delete", data={"tanggal": "2026-02-02"})
    assert missing.status_code == 400


async def test_admin_sets_office_hours_and_cuti_bersama(login):
    admin = await login("admin")
    form = {f"mulai_{d}": "07:30" for d in range(5)} | {f"selesai_{d}": "16:00" for d in range(4)}
    form["selesai_4"] = "16:30"
    try:
        saved = await admin.post("/admin/calendar/settings", data=form)  # box unticked: cuti bersama works
        assert saved.status_code == 303
        assert calendar.current().is_working_day(date(2026, 3, 20))
        bad = await admin.post("/admin/calendar/settings", data=form | {"selesai_0": "07:00"})
        assert bad.status_code == 400 and "Jam kantor tidak sah" in bad.text
        assert calendar.current().hours[0] == (time(7, 30), time(16, 0))
    finally:
        await admin.post("/admin/calendar/settings", data=form | {"cuti_bersama_libur": "1"})
    assert not calendar.current().is_working_day(date(2026, 3, 20))


async def test_calendar_page_is_for_administrators_only(login):
    staff = await login("demo.staf")
    assert (await staff.get("/admin/calendar")).status_code == 403
    assert (await staff.post("/admin/calendar/holidays", data={"tanggal": "2026-01-09", "nama": "x"})).status_code == 403
