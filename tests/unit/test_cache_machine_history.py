"""Machine status history: raw samples, one-minute aggregates, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app import domain as d
from app.cache.store import CacheStore

pytest_plugins = ("tests.cache_db",)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def status(state: d.MachineState, good: int, temperature: float,
           machine: str = "M1") -> d.MachineStatus:
    return d.MachineStatus(id=machine, state=state, since=T0, good_count=Decimal(good),
                           signals={"temperature_c": temperature})


def test_samples_fold_into_one_minute_aggregates(store: CacheStore) -> None:
    running, down = d.MachineState.RUNNING, d.MachineState.DOWN
    # Minute 08:00: counts 10 -> 14; minute 08:01: 16, then a counter reset to 1.
    for second, state, good, temp in [(0, running, 10, 60.0), (20, running, 12, 62.0),
                                      (40, down, 14, 64.0), (60, down, 16, 70.0),
                                      (80, running, 1, 50.0)]:
        store.append_status_history("mes", [status(state, good, temp),
                                            status(running, 0, 20.0, "M2")],
                                    T0 + timedelta(seconds=second))
    assert store.aggregate_status_minutes() == 4  # two minutes of two machines
    assert store.aggregate_status_minutes() == 0  # nothing new

    first, second = store.status_minutes("mes", "M1", T0, T0 + timedelta(hours=1))
    assert first.minute == T0 and first.minute.tzinfo is UTC
    assert (first.samples, first.state, first.state_samples) == (3, down, {"running": 2,
                                                                           "down": 1})
    assert (first.good_count, first.good_delta) == (Decimal(14), Decimal(4))
    assert first.signals["temperature_c"] == {"min": 60.0, "avg": 62.0, "max": 64.0}
    assert second.minute == T0 + timedelta(minutes=1)
    assert second.good_delta == Decimal(3)  # 14 -> 16, then a reset that counted 1

    # A late sample for the first minute marks just that minute for redoing.
    store.append_status_history("mes", [status(down, 15, 66.0)], T0 + timedelta(seconds=50))
    assert store.aggregate_status_minutes() == 1
    first = store.status_minutes("mes", "M1", T0, T0 + timedelta(minutes=1))[0]
    assert (first.samples, first.good_count) == (4, Decimal(15))

    samples = store.status_samples("mes", "M1", T0, T0 + timedelta(minutes=1))
    assert [s.sampled_at.second for s in samples] == [0, 20, 40, 50]
    assert samples[0].signals == {"temperature_c": 60.0}


def test_retention_keeps_hours_of_samples_and_days_of_minutes(store: CacheStore) -> None:
    now = T0 + timedelta(days=10)
    for moment in (T0, now - timedelta(hours=3), now - timedelta(minutes=5)):
        store.append_status_history("mes", [status(d.MachineState.RUNNING, 1, 20.0)], moment)
    result = store.prune(raw_hours=2, aggregate_days=7, now=now)
    # The old sample was aggregated before it went; its minute is past the 7 days, too.
    assert result["raw_samples"] == 2
    assert result["minutes"] == 1
    assert len(store.status_samples("mes", "M1", T0, now)) == 1
    minutes = store.status_minutes("mes", "M1", T0, now)
    assert [m.minute for m in minutes] == [now - timedelta(hours=3), now - timedelta(minutes=5)]
