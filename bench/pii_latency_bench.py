"""Latency and memory of detection + redaction per message (``jatext.pii``).

Run from the repository root: ``python bench/pii_latency_bench.py``

Each Wikipedia NER sentence (bench/data/) and each 400-character message built from them is
redacted through a ``Pseudonymizer`` with a 1,000-member directory (display name and e-mail
of each), as the model gateway does per request.  Prints p50/p99 in ms and the process RSS
after loading the Sudachi dictionary.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jatext import pii  # noqa: E402
from jatext.pii import Directory, Pseudonymizer  # noqa: E402

SURNAMES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水".split()
GIVEN = "太郎 花子 翔太 美咲 大輔 愛子 健 陽子 拓也 由美 誠 恵 直樹 彩 亮 真由美 浩二 裕子 達也 葵".split()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    if "--rules-only" in sys.argv:  # without the trained tagger (jatext.name_tagger), to compare
        pii._TAGGER_ENABLED = False
    records = json.loads((ROOT / "bench" / "data" / "ner-wikipedia.json").read_text(encoding="utf-8"))
    sentences = [r["text"] for r in records]
    messages, buffer = [], ""
    for text in sentences:
        buffer += text
        if len(buffer) >= 400:
            messages.append(buffer[:400])
            buffer = ""
    people = [(f"{SURNAMES[i % 20]} {GIVEN[(i // 20) % 20]}", f"user{i}@example.co.jp") for i in range(1000)]
    before = rss_mb()
    start = time.perf_counter()
    directory = Directory(people)
    build_ms = (time.perf_counter() - start) * 1000
    Pseudonymizer(directory).redact("準備")
    print(
        f"RSS {rss_mb():.0f} MB after loading (+{rss_mb() - before:.0f} MB for the dictionary); "
        f"directory of 1000 members built in {build_ms:.1f} ms"
    )
    for label, inputs in (
        (f"sentence (avg {statistics.mean(map(len, sentences)):.0f} chars)", sentences),
        ("400-char message", messages),
    ):
        timings = []
        for text in inputs:
            session = Pseudonymizer(directory)
            t0 = time.perf_counter()
            session.redact(text)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        print(
            f"{label}: n={len(timings)} p50 {timings[len(timings) // 2]:.2f} ms, p99 {timings[int(len(timings) * 0.99)]:.2f} ms, "
            f"max {timings[-1]:.2f} ms"
        )
    conversation(directory, sentences)


def conversation(directory: Directory, sentences: list[str]) -> None:
    """One request of a long saved conversation: 40 turns of about 200 characters, redacted for
    the reply and again for recording it (the second pass reuses the session's detections)."""
    turns = ["".join(sentences[i : i + 4])[:200] for i in range(0, 160, 4)]
    timings = []
    for _ in range(20):
        session = Pseudonymizer(directory)
        t0 = time.perf_counter()
        session.redact_many(turns)
        session.redact_many(turns + ["返事です。"])
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(
        f"one request of a 40-turn conversation (both passes): p50 {timings[10]:.1f} ms, max {timings[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
