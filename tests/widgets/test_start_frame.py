"""The first frame: the figures saved at the last run, shown before the cache is opened, then
handed over to the main window in the same place."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMainWindow

from app.analytics.kpi_types import Kpi, RowKind, Week, WeekPoint
from app.runtime import figures_snapshot as fs
from tests.widgets.test_gemba_cli import run_gemba
from widgets.start_frame import StartFrame, show_start_frame

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
WEEK = Week(date(2026, 11, 23), datetime(2026, 11, 22, 16, tzinfo=UTC),
            datetime(2026, 11, 29, 16, tzinfo=UTC))


def saved(as_of: datetime = NOW - timedelta(minutes=1)) -> fs.FiguresSnapshot:
    kpis = {
        "wip": Kpi("wip", 3333.0, "pcs", (WeekPoint(WEEK, 3333.0, 33),), (), RowKind.WORK_ORDER,
                   (("work orders", 33.0),)),
        "on_time_delivery": Kpi("on_time_delivery", 92.5, "%", (WeekPoint(WEEK, 92.5, 40),), (),
                                RowKind.ORDER_LINE, (("on time", 37.0), ("late", 3.0)),
                                since=date(2026, 11, 2)),
    }
    return fs.FiguresSnapshot(kpis, NOW, as_of, "Asia/Taipei")


def test_the_frame_shows_the_saved_figures_and_says_they_are_being_worked_out(qtbot) -> None:
    frame = StartFrame(saved(), NOW + timedelta(minutes=5))
    qtbot.addWidget(frame)
    assert frame.tiles["wip"].value_label.text() == "3,333"
    assert frame.tiles["wip"].detail_label.text() == "33 work orders"
    assert frame.tiles["on_time_delivery"].detail_label.text() == "37 of 40 lines on time"
    assert frame.tiles["oee"].value_label.text() == "—"  # not saved: nothing claimed
    assert "Working them out again" in frame.note.text()
    assert frame.statusBar().currentMessage() == "Opening the local cache…"


def test_the_main_window_takes_the_frames_place(qtbot, tmp_path: Path) -> None:
    fs.save(tmp_path / "cache.sqlite3.figures.json", saved())
    app = QApplication.instance()
    frame = show_start_frame(app, f"sqlite:///{tmp_path / 'cache.sqlite3'}", NOW,
                             first_frame=tmp_path / "first.png")
    assert frame is not None and frame.isVisible()
    assert not QImage(str(tmp_path / "first.png")).isNull()
    frame.setGeometry(QRect(40, 50, 1100, 700))
    where = frame.geometry()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    assert frame.handed_over and not frame.isVisible()
    assert window.geometry() == where


def test_no_saved_figures_no_frame(qtbot, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert show_start_frame(app, f"sqlite:///{tmp_path / 'cache.sqlite3'}", NOW,
                            first_frame=tmp_path / "first.png") is None
    assert not (tmp_path / "first.png").exists()
    assert show_start_frame(app, "postgresql+psycopg://desk@db/gemba", NOW) is None


def test_gemba_draws_the_first_frame_then_the_window(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    fs.save(tmp_path / "cache.sqlite3.figures.json", saved())
    first, shot = tmp_path / "first.png", tmp_path / "window.png"
    result = run_gemba("--cache", f"sqlite:///{cache}", "--first-frame", str(first),
                       "--screenshot", str(shot), "--quit-after", "0", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for image in (QImage(str(first)), QImage(str(shot))):
        assert (image.width(), image.height()) == (1280, 800)
    assert first.stat().st_mtime <= shot.stat().st_mtime
