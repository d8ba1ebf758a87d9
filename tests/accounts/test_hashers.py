"""Argon2 with bounded memory per check and a bound on concurrent checks."""

import threading
import time

from django.contrib.auth.hashers import Argon2PasswordHasher

from kabeuchi.accounts import hashers


def test_production_hashes_with_19_mib_argon2_and_still_reads_old_hashes():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0] == "kabeuchi.accounts.hashers.BoundedArgon2PasswordHasher"
    hasher = hashers.BoundedArgon2PasswordHasher()
    encoded = hasher.encode("correct-horse-battery-42", hasher.salt())
    assert "m=19456,t=2,p=1" in encoded
    old = Argon2PasswordHasher().encode("correct-horse-battery-42", hasher.salt())  # Django's 100 MiB
    assert hasher.verify("correct-horse-battery-42", old)
    assert hasher.must_update(old)  # re-hashed at the next sign-in


def test_no_more_than_the_bound_run_at_once(monkeypatch, settings):
    settings.KABEUCHI_PASSWORD_HASH_CONCURRENCY = 2
    monkeypatch.setattr(hashers, "_slots", None)
    running = 0
    most = 0
    lock = threading.Lock()

    def slow_verify(self, password, encoded):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return False

    monkeypatch.setattr(Argon2PasswordHasher, "verify", slow_verify)
    hasher = hashers.BoundedArgon2PasswordHasher()
    threads = [threading.Thread(target=hasher.verify, args=("x", "argon2$...")) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 2
    monkeypatch.setattr(hashers, "_slots", None)
