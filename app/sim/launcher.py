"""Start the demo plant in a child process on a free loopback port (for `gemba --demo`)."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

# In the frozen console (PyInstaller) there is no Python to run `-m app.sim.cli` with:
# sys.executable is the `gemba` program itself, which serves the demo plant when its first
# argument is this flag (packaging/gemba_main.py).
FROZEN_SIM_FLAG = "--serve-demo-plant"


class DemoPlantError(RuntimeError):
    pass


def demo_plant_command(args: list[str]) -> list[str]:
    """The command line that runs `gemba-sim` with `args`, from source or frozen."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_SIM_FLAG, *args]
    return [sys.executable, "-m", "app.sim.cli", *args]


@dataclass
class DemoPlant:
    url: str
    process: subprocess.Popen[str] = field(repr=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> DemoPlant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_demo_plant(
    seed: int = 7,
    speed: float = 60.0,
    extra_args: list[str] | None = None,
    timeout: float = 30.0,
    port: int = 0,
    start: datetime | None = None,
) -> DemoPlant:
    """Run `gemba-sim` (on a free port unless one is given) and wait for the URL it prints
    on its first line. `start`: the plant's clock at launch (default: today 00:00 UTC)."""
    at = ["--start", start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")] if start else []
    cmd = demo_plant_command(["--port", str(port), "--seed", str(seed), "--speed", str(speed),
                              *at, *(extra_args or [])])
    process = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=None, text=True, bufsize=1
    )
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()))
    reader.daemon = True
    reader.start()
    reader.join(timeout)
    url = first_line[0].strip() if first_line else ""
    if not url.startswith("http"):
        process.kill()
        raise DemoPlantError(f"demo plant did not start (printed {url!r})")
    # Keep draining stdout so the child never blocks on a full pipe.
    threading.Thread(target=lambda: process.stdout.read(), daemon=True).start()
    return DemoPlant(url=url, process=process)
