"""Argon2 with bounded memory: each password check costs a fixed amount of memory, and only a
few run at once per process, so a burst of anonymous sign-ins cannot exhaust the machine.

Django's default Argon2 parameters take 100 MiB per check (memory_cost=102400 KiB,
parallelism=8) with no bound on how many run together: 40 anonymous sign-ins added 3 GB.
Here each check takes 19 MiB (memory_cost=19456 KiB, time_cost=2, parallelism=1: the OWASP
Password Storage Cheat Sheet's first Argon2id setting), and at most
KABEUCHI_PASSWORD_HASH_CONCURRENCY checks run at once per process (default 2, one per core);
the others wait their turn.  So a process never holds more than 2 × 19 MiB for hashing.
docs/operations.md ("Password hashing") has the measurements.

Existing hashes keep verifying (Argon2 stores its parameters in the hash) and are re-hashed
with these parameters at the person's next sign-in (Django's ``must_update``).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(getattr(settings, "KABEUCHI_PASSWORD_HASH_CONCURRENCY", 2))
        return _slots


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password, salt):
        with _semaphore():
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _semaphore():
            return super().verify(password, encoded)


def return_large_blocks_to_the_os() -> None:
    """glibc raises its mmap threshold after the first large block is freed, so each thread's
    19 MiB hashing buffer then stays in that thread's malloc arena: 40 checks, two at a time,
    still grew the process by ~290 MB.  A fixed threshold (128 KiB, glibc's default starting
    value) returns such blocks to the system when freed (+20 MB for the same 40).  Linux/glibc
    only; elsewhere this does nothing.  Same effect as MALLOC_MMAP_THRESHOLD_=131072."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        return
