"""The `gemba` command: version, screenshot, argument errors, and how sources are wired."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

import widgets.cli as cli
import widgets.console_start as console_start
from app.cache.database import default_cache_url
from app.cache.store import CacheStore
from app.sim.launcher import DemoPlantError
from app.sync.profiles import SourceProfile, save_profiles
from widgets.cache_location import demo_cache_path
from widgets.main_window import DEFAULT_SIZE

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_gemba(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "widgets.cli", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )


def test_version_is_printed(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"gemba {cli.package_version()}"


def test_version_through_python_m() -> None:
    result = run_gemba("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("gemba ")
    assert result.stdout.strip().split()[1][0].isdigit()


def test_a_screenshot_without_quit_after_waits_only_as_long_as_there_is_something_to_wait_for(
    tmp_path: Path,
) -> None:
    # Offline on an empty cache: no source to read, no plan to make; the shot is taken at once.
    shot = tmp_path / "overview.png"
    result = run_gemba("--screenshot", str(shot), "--cache",
                       f"sqlite:///{tmp_path / 'empty.sqlite3'}", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "had not caught up" not in result.stderr
    assert not QImage(str(shot)).isNull()


def test_unknown_view_is_an_error_listing_the_choices(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--view", "dashboard"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'dashboard'" in err
    for name in ("overview", "orders", "machines", "quality", "traceability", "complaints",
                 "planning"):
        assert name in err


def test_demo_and_url_exclude_each_other(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--demo", "--url", "http://127.0.0.1:1"])
    assert exit_info.value.code == 2


def test_machine_choices_are_the_live_demos_protocols() -> None:
    from app.sim.live_demo import KINDS

    # The CLI spells them out so that starting it does not import the live demos.
    assert cli.MACHINE_KINDS == KINDS


def test_screenshot_writes_a_png_of_the_window(tmp_path: Path) -> None:
    shot = tmp_path / "machines.png"
    result = run_gemba("--screenshot", str(shot), "--view", "machines", "--quit-after", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    assert (image.width(), image.height()) == (DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
    step = 16
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    assert len(colours) > 1


@pytest.fixture
def in_process_app(qapp, monkeypatch):
    """Run cli.main in this process without leaving its settings on the shared QApplication;
    stores it opens record that they were closed."""
    monkeypatch.setattr(cli, "apply_style", lambda app: None)
    monkeypatch.setattr(console_start, "CacheStore", RecordingStore)
    return qapp


class RecordingStore(CacheStore):
    closed = False

    def close(self) -> None:
        self.closed = True
        super().close()


class FakePlant:
    url = "http://127.0.0.1:45678"

    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def test_demo_starts_the_plant_and_stops_it_even_on_error(in_process_app, monkeypatch) -> None:
    plant = FakePlant()
    seen: dict[str, object] = {}

    def start(seed: int, speed: float, start: datetime, extra_args: list[str]) -> FakePlant:
        seen.update(seed=seed, speed=speed, start=start, extra_args=extra_args)
        return plant

    def run(app: QApplication, sources, view, quit_after, screenshot, store,
            language=None) -> int:
        seen.update(sources=sources, view=view, quit_after=quit_after, store=store)
        raise RuntimeError("window crashed")

    monkeypatch.setattr(console_start, "start_demo_plant", start)
    monkeypatch.setattr(console_start, "run_console", run)
    with pytest.raises(RuntimeError, match="window crashed"):
        cli.main(["--demo", "--seed", "11", "--speed", "5", "--view", "quality",
                  "--machines", "120", "--orders", "900",
                  "--screenshot", "/tmp/unused.png", "--lang", "en"])
    assert plant.stopped
    assert seen["seed"] == 11 and seen["speed"] == 5.0
    assert seen["extra_args"] == ["--machines", "120", "--orders", "900"]  # the plant's size
    # The plant's clock starts at the console's: its data and the window agree on the time.
    assert timedelta(0) <= datetime.now(UTC) - seen["start"] < timedelta(minutes=2)
    assert [s.name for s in seen["sources"]] == ["demo-crm", "demo-mes"]
    assert {s.base_url for s in seen["sources"]} == {plant.url}
    assert seen["view"] == "quality"
    # No --quit-after: the screenshot waits for the console to catch up (widgets.settle).
    assert seen["quit_after"] is None
    # A demo run gets its own cache, closed even though the window crashed.
    assert seen["store"].engine.url.database == str(demo_cache_path())
    assert seen["store"].closed


def test_url_connects_without_starting_a_plant(in_process_app, monkeypatch) -> None:
    seen: dict[str, object] = {}

    def run(app, sources, view, quit_after, screenshot, store, language=None) -> int:
        seen["sources"] = sources
        return 0

    monkeypatch.setattr(console_start, "start_demo_plant",
                        lambda **_: pytest.fail("must not start"))
    monkeypatch.setattr(console_start, "run_console", run)
    assert cli.main(["--url", "http://127.0.0.1:9999", "--lang", "en"]) == 0
    assert [s.base_url for s in seen["sources"]] == ["http://127.0.0.1:9999"] * 2


def test_no_sources_without_demo_or_url(in_process_app, monkeypatch) -> None:
    seen: dict[str, object] = {}

    def run(app, sources, view, quit_after, screenshot, store, language=None,
            profiles=None) -> int:
        seen.update(sources=sources, quit_after=quit_after, cache=store.engine.url.database,
                    profiles=profiles)
        return 0

    monkeypatch.setattr(console_start, "run_console", run)
    assert cli.main(["--lang", "en"]) == 0
    # Offline: no sources, but the user's own cache is open for the views.
    assert seen == {"sources": [], "quit_after": None,
                    "cache": make_url(default_cache_url()).database, "profiles": []}

    # With connection settings saved, their sources are read.
    saved = [SourceProfile(name="erp", role="crm", backend="tryton", url="http://erp:8000",
                           instance="prod"),
             SourceProfile(name="floor", role="mes", url="http://mes:8765")]
    save_profiles(saved)
    assert cli.main(["--lang", "en"]) == 0
    assert seen["profiles"] == saved


def test_demo_plant_failure_exits_non_zero_with_a_clear_error(
    in_process_app, monkeypatch, capsys
) -> None:
    def fail(**_: object) -> None:
        raise DemoPlantError("demo plant did not start (printed '')")

    monkeypatch.setattr(console_start, "start_demo_plant", fail)
    monkeypatch.setattr(console_start, "run_console", lambda *a: pytest.fail("must not run"))
    code = cli.main(["--demo", "--screenshot", "/tmp/unused.png", "--lang", "en"])
    assert code != 0
    assert "the demo plant could not be started" in capsys.readouterr().err


def capture_store(monkeypatch) -> dict[str, object]:
    seen: dict[str, object] = {}

    def run(app, sources, view, quit_after, screenshot, store, language=None, **_) -> int:
        seen.update(store=store, url=str(store.engine.url))
        return 0

    monkeypatch.setattr(console_start, "run_console", run)
    return seen


def test_cache_option_opens_that_cache(in_process_app, monkeypatch, tmp_path: Path) -> None:
    seen = capture_store(monkeypatch)
    url = f"sqlite:///{tmp_path / 'plant.sqlite3'}"
    assert cli.main(["--cache", url, "--lang", "en"]) == 0
    assert seen["url"] == url
    assert seen["store"].closed
    assert (tmp_path / "plant.sqlite3").exists()


def test_demo_cache_is_emptied_at_each_start(in_process_app, monkeypatch) -> None:
    monkeypatch.setattr(console_start, "start_demo_plant", lambda **_: FakePlant())
    seen = capture_store(monkeypatch)
    path = demo_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    stale = CacheStore.open(f"sqlite:///{path}")
    stale.mark_synced("demo-crm", "crm.orders")  # an earlier plant's sync
    stale.close()
    figures = path.with_name(path.name + ".figures.json")  # and its Overview's figures
    figures.write_text("{}", encoding="utf-8")
    assert cli.main(["--demo", "--lang", "en"]) == 0
    assert make_url(seen["url"]).database == str(path)
    assert seen["store"].synced_feeds("demo-crm") == {}
    assert not figures.exists()  # a new plant never shows the last one's figures


def test_cache_option_overrides_the_demo_cache(in_process_app, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(console_start, "start_demo_plant", lambda **_: FakePlant())
    seen = capture_store(monkeypatch)
    kept = tmp_path / "kept.sqlite3"
    earlier = CacheStore.open(f"sqlite:///{kept}")
    earlier.mark_synced("demo-crm", "crm.orders")
    earlier.close()
    assert cli.main(["--demo", "--cache", f"sqlite:///{kept}", "--lang", "en"]) == 0
    # The person's own cache is never emptied.
    assert set(seen["store"].synced_feeds("demo-crm")) == {"crm.orders"}
    assert not demo_cache_path().exists()


def test_a_cache_that_cannot_be_opened_is_a_clear_error(
    in_process_app, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(console_start, "run_console", lambda *a: pytest.fail("must not run"))
    monkeypatch.setattr(console_start, "start_demo_plant",
                        lambda **_: pytest.fail("must not start"))
    code = cli.main(["--demo", "--cache", "nosuchdb://x", "--screenshot", "/tmp/unused.png",
                     "--lang", "en"])
    assert code == console_start.EXIT_CACHE_FAILED
    assert "the local cache could not be opened" in capsys.readouterr().err


def test_a_damaged_cache_is_replaced_and_the_person_told(in_process_app, monkeypatch, capsys,
                                                         tmp_path) -> None:
    damaged = tmp_path / "cache.sqlite3"
    damaged.write_bytes(b"not a database, " * 512)
    seen: dict[str, object] = {}

    def run(app, sources, view, quit_after, screenshot, store, language=None,
            profiles=None) -> int:
        seen["feeds"] = store.sync_state()
        return 0

    monkeypatch.setattr(console_start, "run_console", run)
    assert cli.main(["--cache", f"sqlite:///{damaged}", "--view", "orders",
                     "--screenshot", "/tmp/unused.png", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "The local cache was damaged (file is not a database)" in err
    assert "0 action(s) waiting to be sent were kept" in err
    assert "could not be read from the damaged cache" in err
    assert seen["feeds"] == {}  # a new, empty cache: the sources fill it
    assert [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name]
