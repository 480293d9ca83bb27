"""Working-day deadlines. Expected dates below were worked out by hand on a calendar."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from volunteer_app.domain.deadlines import (
    DUE_TIME,
    SWAPS_PATH,
    VN_TZ,
    add_working_days,
    due_at,
    effective_receipt_day,
    is_working_day,
    next_working_day,
    swaps_version,
    working_day_swaps,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=9, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=HCM)


def due(y, m, d):
    return datetime(y, m, d, 17, 0, tzinfo=HCM)


# --- calendar facts the cases rely on ---------------------------------------------

def test_holidays_package_tet_2026_dates():
    # Tết Bính Ngọ: mùng 1 = Tue 17/02/2026; offices close Mon 16 – Fri 20 (9 days with weekends).
    vn = holidays.country_holidays("VN", years=2026)
    assert {d for d in vn if date(2026, 2, 1) <= d <= date(2026, 2, 28)} == {
        date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19), date(2026, 2, 20),
    }


def test_holidays_package_national_day_dates():
    vn = holidays.country_holidays("VN", years=[2025, 2026])
    assert date(2025, 9, 1) in vn and date(2025, 9, 2) in vn  # Mon + Tue
    assert date(2026, 9, 1) in vn and date(2026, 9, 2) in vn  # Tue + Wed


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 2, 13), True),  # Friday before Tết
        (date(2026, 2, 16), False),  # Giao thừa
        (date(2026, 2, 20), False),  # mùng 4
        (date(2026, 2, 23), True),  # back to work
        (date(2026, 9, 2), False),  # Quốc khánh
        (date(2025, 9, 1), False),  # day attached to 2/9/2025
        (date(2025, 4, 26), True),  # make-up Saturday (swap data)
        (date(2025, 5, 2), False),  # swapped Friday
        (date(2026, 1, 2), False),  # swapped Friday (Tết Dương lịch)
        (date(2026, 1, 10), True),  # make-up Saturday
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 8, 31), False),  # swapped Monday
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_is_working_day_rejects_datetime():
    # A datetime's date depends on its zone; callers must convert first.
    with pytest.raises(TypeError):
        is_working_day(local(2026, 11, 27))


# --- add_working_days -------------------------------------------------------------

def test_add_working_days_zero_is_identity_even_on_weekend():
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 28)


def test_add_working_days_counts_from_the_next_day():
    assert add_working_days(date(2026, 11, 30), 1) == date(2026, 12, 1)
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from Saturday


def test_add_working_days_rejects_negative():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 30), -1)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 20))
def test_add_working_days_properties(start, n):
    result = add_working_days(start, n)
    if n == 0:
        assert result == start
    else:
        assert is_working_day(result)
        between = [start + timedelta(days=i) for i in range(1, (result - start).days + 1)]
        assert sum(is_working_day(d) for d in between) == n


# --- due_at: weekends -------------------------------------------------------------

def test_three_days_across_a_weekend():
    # Fri 27/11 → Mon 30, Tue 1/12, Wed 2/12.
    assert due_at(local(2026, 11, 27, 10), 3, True) == due(2026, 12, 2)


def test_seven_days_across_a_weekend():
    # Thu 8/10 → 9, 12, 13, 14, 15, 16, 19.
    assert due_at(local(2026, 10, 8, 10), 7, True) == due(2026, 10, 19)


def test_fifteen_days_three_weekends():
    # Mon 5/10 → 6,7,8,9 | 12–16 | 19–23 | 26 = 15th.
    assert due_at(local(2026, 10, 5, 9), 15, False) == due(2026, 10, 26)


# --- due_at: Tết 2026 (offices closed Sat 14 – Sun 22 Feb) ------------------------

def test_tet_three_days():
    # Thu 12/2 → Fri 13, Mon 23, Tue 24.
    assert due_at(local(2026, 2, 12, 10), 3, True) == due(2026, 2, 24)


def test_tet_seven_days():
    # Wed 11/2 → 12, 13, 23, 24, 25, 26, 27.
    assert due_at(local(2026, 2, 11, 9), 7, True) == due(2026, 2, 27)


def test_tet_fifteen_days():
    # Mon 2/2 → 3–6 (4), 9–13 (9), [Tết], 23–27 (14), Mon 2/3 (15).
    assert due_at(local(2026, 2, 2, 9), 15, True) == due(2026, 3, 2)


def test_tet_after_cutoff_on_last_day_before_tet():
    # Fri 13/2 at 16:00 counts as received Mon 23/2.
    assert due_at(local(2026, 2, 13, 16), 0, True) == due(2026, 2, 23)
    assert due_at(local(2026, 2, 13, 16), 3, True) == due(2026, 2, 26)


def test_received_during_tet():
    # Received online on mùng 2 (Wed 18/2) → effective Mon 23/2.
    assert due_at(local(2026, 2, 18, 9), 0, True) == due(2026, 2, 23)
    assert due_at(local(2026, 2, 18, 9), 1, False) == due(2026, 2, 24)


# --- due_at: 2 September -----------------------------------------------------------

def test_national_day_2026_with_swap():
    # Closed Sat 29/8 – Wed 2/9 (Mon 31/8 swapped with Sat 22/8). Fri 28/8 → Thu 3, Fri 4, Mon 7.
    assert due_at(local(2026, 8, 28, 10), 3, True) == due(2026, 9, 7)


def test_national_day_2025():
    # Closed Sat 30/8 – Tue 2/9. Fri 29/8 → Wed 3, Thu 4, Fri 5.
    assert due_at(local(2025, 8, 29, 14), 3, True) == due(2025, 9, 5)


def test_make_up_saturday_is_a_working_day():
    # Sat 22/8/2026 is a make-up day: same-day due, and Fri + 1 lands on it.
    assert due_at(local(2026, 8, 22, 10), 0, True) == due(2026, 8, 22)
    assert due_at(local(2026, 8, 21, 10), 1, True) == due(2026, 8, 22)


def test_swapped_friday_new_year_2026():
    # Wed 31/12/2025 → Thu 1/1 holiday, Fri 2/1 swapped off, weekend → Mon 5/1.
    assert due_at(local(2025, 12, 31, 10), 1, True) == due(2026, 1, 5)


def test_reunification_day_2025_swap():
    # Tue 29/4/2025 → 30/4, 1/5 holidays, Fri 2/5 swapped off, weekend → Mon 5/5.
    assert due_at(local(2025, 4, 29, 10), 1, True) == due(2025, 5, 5)


# --- 15:00 rule --------------------------------------------------------------------

def test_rule_15h_at_1459_is_same_day():
    assert due_at(local(2026, 12, 1, 14, 59), 0, True) == due(2026, 12, 1)


def test_rule_15h_at_1500_exactly_is_same_day():
    # "After 15:00" is strict.
    assert due_at(local(2026, 12, 1, 15, 0, 0), 0, True) == due(2026, 12, 1)


def test_rule_15h_at_1501_is_next_day():
    assert due_at(local(2026, 12, 1, 15, 1), 0, True) == due(2026, 12, 2)
    # Effective Wed 2/12 → Thu 3, Fri 4, Mon 7.
    assert due_at(local(2026, 12, 1, 15, 1), 3, True) == due(2026, 12, 7)
    # Same clock time before the cut-off: effective Tue 1/12 → Wed 2, Thu 3, Fri 4.
    assert due_at(local(2026, 12, 1, 14, 59), 3, True) == due(2026, 12, 4)


def test_friday_after_1500_rolls_over_the_weekend():
    # Fri 27/11 15:01 → effective Mon 30/11 → 3 days: Thu 3/12.
    assert due_at(local(2026, 11, 27, 15, 1), 3, True) == due(2026, 12, 3)


def test_without_rule_15h_afternoon_counts_same_day():
    assert due_at(local(2026, 12, 1, 15, 1), 0, False) == due(2026, 12, 1)
    assert due_at(local(2026, 12, 1, 17, 0), 0, False) == due(2026, 12, 1)


def test_without_rule_15h_after_office_hours_rolls_over():
    # Otherwise a same-day dossier received at 18:00 would be due before it arrived.
    assert due_at(local(2026, 12, 1, 18, 0), 0, False) == due(2026, 12, 2)


@pytest.mark.parametrize("rule_15h", [True, False])
def test_saturday_receipt_counts_from_monday(rule_15h):
    # Sat 28/11/2026 10:00 → effective Mon 30/11 (also before 15:00: the day itself is off).
    assert effective_receipt_day(local(2026, 11, 28, 10), rule_15h) == date(2026, 11, 30)
    assert due_at(local(2026, 11, 28, 10), 0, rule_15h) == due(2026, 11, 30)
    assert due_at(local(2026, 11, 28, 10), 3, rule_15h) == due(2026, 12, 3)


# --- time zones --------------------------------------------------------------------

def test_utc_input_is_converted_before_the_cutoff():
    # 07:59 UTC = 14:59 ICT (same day); 08:01 UTC = 15:01 ICT (next day).
    assert due_at(datetime(2026, 12, 1, 7, 59, tzinfo=timezone.utc), 0, True) == due(2026, 12, 1)
    assert due_at(datetime(2026, 12, 1, 8, 1, tzinfo=timezone.utc), 0, True) == due(2026, 12, 2)


def test_utc_sunday_evening_is_monday_in_vietnam():
    # Sun 29/11 20:00 UTC = Mon 30/11 03:00 ICT: a working day, before the cut-off.
    assert due_at(datetime(2026, 11, 29, 20, 0, tzinfo=timezone.utc), 0, True) == due(2026, 11, 30)


def test_result_is_in_ho_chi_minh_time():
    result = due_at(datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc), 3, True)
    assert result.tzinfo == VN_TZ
    assert result.utcoffset() == timedelta(hours=7)
    assert result.timetz().replace(tzinfo=None) == DUE_TIME == time(17, 0)
    assert result.astimezone(timezone.utc) == datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)


def test_naive_datetime_is_rejected():
    with pytest.raises(ValueError):
        due_at(datetime(2026, 12, 1, 9, 0), 3, True)


def test_negative_working_days_rejected():
    with pytest.raises(ValueError):
        due_at(local(2026, 12, 1), -1, True)


@given(
    st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20), timezones=st.just(timezone.utc)
    ),
    st.integers(0, 15),
    st.booleans(),
)
def test_due_at_properties(received, n, rule_15h):
    result = due_at(received, n, rule_15h)
    assert is_working_day(result.date())
    assert result > received  # never due before it arrived
    assert result.timetz().replace(tzinfo=None) == DUE_TIME
    start = effective_receipt_day(received, rule_15h)
    assert result.date() == add_working_days(start, n)


# --- swap data ---------------------------------------------------------------------

def test_swap_file_is_well_formed():
    raw = json.loads(SWAPS_PATH.read_text(encoding="utf-8"))
    assert raw["version"] == swaps_version() and raw["source"]
    for entry in raw["swaps"]:
        day = date.fromisoformat(entry["date"])
        assert entry["note"] and (entry.get("source") or entry.get("needs_verification"))
        # A make-up day is a weekend day; a swapped day off is a weekday.
        if entry["kind"] == "working_day":
            assert day.weekday() >= 5, entry
        else:
            assert entry["kind"] == "day_off" and day.weekday() < 5, entry


def test_swaps_come_in_pairs_per_year():
    swaps = working_day_swaps()
    for year in (2025, 2026):
        kinds = [k for d, k in swaps.items() if d.year == year or (d.year == year - 1 and d.month == 12)]
        assert kinds.count("day_off") == kinds.count("working_day")


def test_next_working_day_skips_tet():
    assert next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
