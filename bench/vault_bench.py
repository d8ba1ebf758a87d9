"""Vault: encrypt + decrypt of a 2 KB value with a person's data key (goal < 50 µs).

    .venv/bin/python bench/vault_bench.py

Measures the crypto path the encrypted fields use once the data key is unwrapped (the usual
case: keys stay unwrapped in process memory for 30 s), and separately the first open of a
key (unwrap with the master key).
"""

import os
import statistics
import time
import uuid

os.environ.setdefault("KABEUCHI_MASTER_KEY", "b1:" + "A" * 43 + "=")
os.environ.setdefault("KABEUCHI_SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from kabeuchi.vault import crypto, keyring  # noqa: E402


def main() -> None:
    owner = str(uuid.uuid4())
    raw = crypto.new_data_key()
    key = crypto.make_key(uuid.uuid4(), owner, raw)
    value = ("本音を書く。" * 200).encode()[:2048]
    assert len(value) == 2048
    for _ in range(2000):
        crypto.open_with(key, "notebook.note.body", crypto.seal_with(key, "notebook.note.body", value))
    samples = []
    for _ in range(20):
        n = 5000
        start = time.perf_counter()
        for _ in range(n):
            crypto.open_with(key, "notebook.note.body", crypto.seal_with(key, "notebook.note.body", value))
        samples.append((time.perf_counter() - start) / n * 1e6)
    dek_id = uuid.uuid4()
    kek_id, wrapped = keyring.wrap(owner, str(dek_id), raw)
    n = 5000
    start = time.perf_counter()
    for _ in range(n):
        crypto.unwrap_key(owner, dek_id, kek_id, wrapped)
    unwrap_us = (time.perf_counter() - start) / n * 1e6
    print(f"vault encrypt+decrypt 2 KB: median {statistics.median(samples):.1f} µs, "
          f"worst batch {max(samples):.1f} µs (goal < 50 µs)")
    print(f"data key unwrap (first use per person per 30 s): {unwrap_us:.1f} µs")


if __name__ == "__main__":
    main()
