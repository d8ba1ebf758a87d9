"""Who holds which TCP connection, read from Linux's /proc (no ss, no psutil): for
tests/core/test_serve.py and bench/accept_balance_bench.py."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

AVAILABLE = sys.platform.startswith("linux") and Path("/proc/net/tcp").exists()
_ESTABLISHED, _LISTEN = "01", "0A"


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _inodes(port: int, state: str) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if int(parts[1].rsplit(":", 1)[1], 16) == port and parts[3] == state:
                found.add(parts[9])
    return found


def _held(pids: list[int], inodes: set[str]) -> Counter:
    held: Counter = Counter()
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                held[pid] += 1
    return held


def established(pids: list[int], port: int) -> Counter:
    """How many established connections on local ``port`` each of ``pids`` holds."""
    return _held(pids, _inodes(port, _ESTABLISHED))


def listening(pids: list[int], port: int) -> Counter:
    """How many sockets listening on ``port`` each of ``pids`` holds."""
    return _held(pids, _inodes(port, _LISTEN))
