"""Run the app the way production does, for the benchmark: gunicorn, two workers, DEBUG off."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.http import BenchError, Client

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment a production install would set, pointed at this data set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WOWDESK_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DATABASE_URL": database_url,
            "WOWDESK_VAR_DIR": str(var_dir),
            "WOWDESK_DEBUG": "0",
            "WOWDESK_SECRET_KEY": "bench-only-secret-key-not-for-production",
            "WOWDESK_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: cookies marked Secure would never come back.
            "WOWDESK_SECURE_COOKIES": "0",
            "WOWDESK_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "wowdesk.config.settings",
        }
    )
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> None:
    """``python -m wowdesk <args>`` in this data set's environment; output passes through unless quiet."""
    out = subprocess.DEVNULL if quiet else None
    result = subprocess.run([sys.executable, "-m", "wowdesk", *args], env=env, cwd=ROOT, stdout=out, check=False)
    if result.returncode != 0:
        raise BenchError(f"python -m wowdesk {' '.join(args)} failed with exit code {result.returncode}")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    return found


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def client(self) -> Client:
        return Client("127.0.0.1", self.port)

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid)

    def worker_peak_rss_mb(self) -> list[float]:
        return [peak_rss_mb(pid) for pid in self.worker_pids()]


@contextmanager
def serve(env: dict[str, str]) -> Iterator[Server]:
    """gunicorn on a free loopback port until the block ends; waits until /healthz/ answers."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "wowdesk.config.wsgi",
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--timeout", "300", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    server = Server(port=port, process=process)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn exited with {process.returncode} before answering")
            try:
                if server.client().get("/healthz/").status == 200 and len(server.worker_pids()) == WORKERS:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError("gunicorn did not answer /healthz/ within 60 s")
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
