"""The demo plant's size: `gemba-sim --machines N --orders N`, and the same on `gemba --demo`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.sim import cli, scale


def test_a_year_of_history_by_default_and_as_many_machine_days_on_a_big_plant() -> None:
    assert cli.history_of(cli.parse_args([])) == timedelta(days=365)
    big = cli.history_of(cli.parse_args(["--machines", "500", "--orders", "10000"]))
    assert timedelta(days=16) < big < timedelta(days=17)
    assert cli.history_of(cli.parse_args(["--machines", "500", "--history-days", "1"])) == \
        timedelta(days=1)


@pytest.mark.parametrize("argv", [["--machines", "3"], ["--orders", "-1"],
                                  ["--history-days", "-2"]])
def test_sizes_out_of_range_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parse_args(argv)


def test_machines_spread_over_the_work_centers_keeping_the_standard_ids() -> None:
    for n in (12, 23, 60, 500):
        table = scale.work_centers(n)
        ids = [m for *_, machines in table for m in machines]
        assert len(ids) == len(set(ids)) == n
        assert all(machines for *_, machines in table)
    assert scale.work_centers(None) == scale.work_centers(23)
    first = {wc: machines[0] for wc, _, _, machines in scale.work_centers(500)}
    assert first["WC-110"] == "M-111" and first["WC-310"] == "M-311"


def test_gemba_takes_a_machine_kind_a_machine_count_or_both() -> None:
    from widgets.cli import build_parser, demo_plant_args

    parser = build_parser()
    kind = parser.parse_args(["--demo", "--machines", "opcua"])
    assert (kind.machines, kind.plant_machines, demo_plant_args(kind)) == ("opcua", None, [])
    size = parser.parse_args(["--demo", "--machines", "500", "--orders", "10000"])
    assert size.machines == "http"
    assert demo_plant_args(size) == ["--machines", "500", "--orders", "10000"]
    both = parser.parse_args(["--demo", "--machines", "sparkplug", "--machines", "40"])
    assert (both.machines, demo_plant_args(both)) == ("sparkplug", ["--machines", "40"])
    with pytest.raises(SystemExit):
        parser.parse_args(["--demo", "--machines", "modbus"])
