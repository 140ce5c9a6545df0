"""A mosquitto broker on loopback: for the demo's Sparkplug B machines, the tests and the
benchmark. Each broker gets its own folder, config and free port; `restart()` brings it back on
the same port, as a plant's broker coming back after a crash would."""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
START_TIMEOUT_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class MosquittoBroker:
    def __init__(self, users: dict[str, str] | None = None) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="gemba-mosquitto-")
        self.port = free_port()
        self.users = users or {}
        self.process: subprocess.Popen[bytes] | None = None
        self._write_config()

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def _write_config(self) -> None:
        folder = Path(self.folder.name)
        # As root, mosquitto would switch to user "mosquitto", who cannot read this folder.
        lines = [f"listener {self.port} 127.0.0.1", "persistence false",
                 f"user {getpass.getuser()}",
                 "log_dest stderr", "log_type error", "log_type information",
                 "max_queued_messages 100000"]
        if self.users:
            passwords = folder / "passwords"
            passwords.touch()
            for user, password in self.users.items():
                subprocess.run([MOSQUITTO_PASSWD, "-b", str(passwords), user, password],
                               check=True, capture_output=True)
            lines += ["allow_anonymous false", f"password_file {passwords}"]
        else:
            lines.append("allow_anonymous true")
        (folder / "mosquitto.conf").write_text("\n".join(lines) + "\n")

    def start(self) -> MosquittoBroker:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(Path(self.folder.name) / "mosquitto.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        running = threading.Event()
        log: list[str] = []

        def read_log(stream) -> None:
            # Drains the log for the broker's whole life, so a full pipe never blocks it.
            for line in stream:
                log.append(line.strip())
                if " running" in line:
                    running.set()
            running.set()  # exited: the check below says so

        threading.Thread(target=read_log, args=(self.process.stderr,), daemon=True).start()
        running.wait(START_TIMEOUT_SECONDS)
        if self.process.poll() is not None or not port_accepts(self.port):
            self.stop()
            raise RuntimeError(f"mosquitto did not start on port {self.port}: "
                               + " / ".join(log[-3:]))
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self.folder.cleanup()
