"""Where the Orders view shows a predicted date it shows the date it is 90 % likely by too
(issue 28): in the table, its tooltip, and the customer page, from the line's risk."""

from __future__ import annotations

from datetime import date

from app.analytics.order_risk import _reason
from widgets.orders.order_texts import latest_of, predicted_text, range_tooltip


def test_a_predicted_date_with_its_p90(qapp) -> None:
    assert predicted_text(date(2026, 3, 9), date(2026, 3, 12)) == "2026-03-09 (≤ 12 Mar)"
    assert predicted_text(date(2026, 3, 9), date(2026, 3, 9)) == "2026-03-09"
    assert predicted_text(date(2026, 3, 9)) == "2026-03-09"
    assert predicted_text(None, date(2026, 3, 9)) == "—"
    assert range_tooltip(date(2026, 3, 9), date(2026, 3, 8), date(2026, 3, 12)) == (
        "Predicted 9 Mar: 80 % likely between 8 Mar and 12 Mar, 90 % likely by 12 Mar.")


def test_the_p90_is_read_from_the_line_s_reasons(qapp) -> None:
    late = _reason("likely_late", latest=date(2026, 3, 12), promised=date(2026, 3, 10))
    fine = _reason("predicted_range", predicted=date(2026, 3, 9), latest=date(2026, 3, 11),
                   promised=date(2026, 3, 20))
    assert latest_of([late]) == date(2026, 3, 12)
    assert latest_of([fine]) == date(2026, 3, 11)
    assert latest_of([_reason("no_prediction")]) is None
