"""Cold start and memory of the console.

    python -m tests.benchmarks.bench_startup

Cold start: wall time from launching the process to the moment its window, showing the cached
figures, is written to a PNG (the file's modification time; shutting down is not counted), for
the console opened on a cache that already holds the demo plant's data (no sources: no network
in the way), and for a bare PySide6 window doing the same in the same run; the ratio is the
figure. The console's first frame is drawn from the figures saved beside the cache, before the
cache is opened (widgets/start_frame.py); the time until the whole main window is up, its views
and services built on the opened cache, is reported beside it. Both run from compiled bytecode,
as an installed console and the baseline's PySide6 do.
Memory: peak resident size of the console process while it syncs the demo plant for 30 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab().save(sys.argv[1], "PNG")
"""
PROJECT = Path(__file__).resolve().parents[2]
RUNS = 5
SAMPLE_SECONDS = 0.25  # how often the memory benchmark reads the process's resident size


def _timed(cmd: list[str], *shots: Path) -> list[float]:
    """Seconds from launch to each screenshot being written."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for shot in shots:
        shot.unlink(missing_ok=True)
    start = time.time()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return [shot.stat().st_mtime - start for shot in shots]


def _compile_bytecode() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "app"),
                    str(PROJECT / "widgets")], check=True, capture_output=True)


def _filled_cache(folder: Path) -> str:
    """A cache holding a demo plant's data, filled the way the console fills it."""
    url = f"sqlite:///{folder / 'cache.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "widgets.cli", "--demo", "--cache", url,
                    "--quit-after", "12"], check=True, env=env, capture_output=True)
    return url


def _peak_rss_mib(seconds: float, folder: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "widgets.cli", "--demo", "--cache",
         f"sqlite:///{folder / 'memory.sqlite3'}", "--quit-after", str(seconds)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            break
        time.sleep(SAMPLE_SECONDS)
    return peak / 1024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gemba-startup-") as name:
        folder = Path(name)
        url = _filled_cache(folder)
        shot, first = folder / "shot.png", folder / "first.png"
        _compile_bytecode()
        bare = [_timed([sys.executable, "-c", BARE_WINDOW, str(shot)], shot)[0]
                for _ in range(RUNS)]
        console = [_timed([sys.executable, "-m", "widgets.cli", "--cache", url, "--view",
                           "overview", "--quit-after", "0", "--first-frame", str(first),
                           "--screenshot", str(shot)], first, shot)
                   for _ in range(RUNS)]
        peak = _peak_rss_mib(30, folder)
    bare_s = statistics.median(bare)
    console_s = statistics.median(t[0] for t in console)
    window_s = statistics.median(t[1] for t in console)
    print(f"cold_start_console: {console_s * 1000:.0f} ms (target: <= 3x bare window)")
    print(f"cold_start_window_complete: {window_s * 1000:.0f} ms (target: none, the whole "
          f"main window on the opened cache)")
    print(f"cold_start_bare_pyside6: {bare_s * 1000:.0f} ms (target: none, the baseline)")
    print(f"cold_start_ratio: {console_s / bare_s:.2f} x (target: <= 3)")
    print(f"console_memory_peak_rss: {peak:.0f} MiB (target: < 250 MiB)")


if __name__ == "__main__":
    main()
