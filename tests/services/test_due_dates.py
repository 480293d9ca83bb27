"""Due dates of real catalog procedures across weekends, Tết and the 15:00 rule."""
from __future__ import annotations

from datetime import datetime

import pytest

from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.services import catalog
from volunteer_app.services.dossiers import _due


def local(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


CASES = [
    # 2.000635 trích lục: same day, 15:00 rule.
    ("2.000635", local(2026, 11, 27, 14, 59), local(2026, 11, 27, 17, 0), "Friday before 15:00: same day"),
    ("2.000635", local(2026, 11, 27, 15, 0), local(2026, 11, 27, 17, 0), "15:00 sharp is still the same day"),
    ("2.000635", local(2026, 11, 27, 15, 1), local(2026, 11, 30, 17, 0), "Friday after 15:00: Monday"),
    ("2.000635", local(2026, 11, 28, 9, 0), local(2026, 11, 30, 17, 0), "Saturday: Monday"),
    ("2.000635", local(2027, 2, 3, 16, 0), local(2027, 2, 11, 17, 0), "after 15:00 before Tết 2027: after Tết"),
    # 1.004194 tạm trú: 3 working days, no 15:00 rule (cut-off 17:00).
    ("1.004194", local(2026, 11, 27, 16, 0), local(2026, 12, 2, 17, 0), "Friday 16:00 counts Friday"),
    ("1.004194", local(2026, 11, 27, 17, 30), local(2026, 12, 3, 17, 0), "Friday after hours counts Monday"),
    # 1.004222 thường trú: 7 working days across Tết 2027 (4–10 February off).
    ("1.004222", local(2027, 2, 2, 10, 0), local(2027, 2, 18, 17, 0), "Tết days are skipped"),
    # 3.000333 lý lịch tư pháp: 10 working days across Tết 2026 (16–20 February) and two weekends.
    ("3.000333", local(2026, 2, 12, 9, 0), local(2026, 3, 5, 17, 0), "Tết 2026 and weekends"),
]


@pytest.mark.parametrize("code, received, expected, why", CASES, ids=[c[3] for c in CASES])
def test_due_date(code, received, expected, why):
    assert _due(catalog.procedure_data(code), received) == expected


def test_received_in_utc_is_judged_in_vietnam_time():
    from datetime import timezone

    # 08:30 UTC is 15:30 in Hà Nội: after the 15:00 cut-off.
    received = datetime(2026, 11, 26, 8, 30, tzinfo=timezone.utc)
    assert _due(catalog.procedure_data("2.000635"), received) == local(2026, 11, 27, 17, 0)
