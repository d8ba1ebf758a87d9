"""Latency and memory of the jatext functions on 200-character sentences.

Run: ``.venv/bin/python bench/jatext_bench.py [--rounds N]``

Prints p50/p99 in milliseconds for keywords, cues, the safety rules alone, safety.detect (rules
plus the shipped classifier), pii.redact and detect+redact together on 200-character Japanese
sentences built from the labelled sets, plus the resident memory the safety classifier's weights
and the Sudachi dictionary and tokenizer add (RSS deltas), and how long the first loads take.
The RSS is read before anything from jatext or sudachipy is imported, so the delta is the
cost a web process pays for enabling Japanese text handling.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc); falls back to the peak RSS elsewhere."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sentences_of_200_characters(texts: list[str]) -> list[str]:
    """Glue labelled sentences together and cut them into 200-character pieces."""
    pieces: list[str] = []
    buffer = ""
    for text in texts:
        buffer += text
        while len(buffer) >= 200:
            pieces.append(buffer[:200])
            buffer = buffer[200:]
    return pieces


def percentiles(function: Callable[[str], object], inputs: list[str], rounds: int) -> tuple[float, float]:
    timings: list[float] = []
    for _ in range(rounds):
        for text in inputs:
            start = time.perf_counter()
            function(text)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return p50, p99


def _dev_lines(path: Path) -> list:
    from jatext.train_safety import load_dev

    return load_dev(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the input sentences (default 5)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import numpy  # noqa: F401  (already loaded by the web process; not part of the model's cost)

    before_model = rss_mb()
    model_started = time.perf_counter()
    from jatext import safety, safety_model

    model = safety_model.load()
    model_seconds = time.perf_counter() - model_started
    after_model = rss_mb()

    before = rss_mb()
    started = time.perf_counter()
    from jatext import pii, tokens
    from jatext.evaluate import DEVELOPMENT_SET, HOLDOUT_SET, load_cases
    from jatext.evaluate_pii import PII_CASES
    from jatext.evaluate_pii import load_cases as load_pii_cases

    tokens.warm_up()
    load_seconds = time.perf_counter() - started
    after = rss_mb()

    texts = [case.text for path in (DEVELOPMENT_SET, HOLDOUT_SET) for case in load_cases(path)]
    texts += [case.text for case in load_pii_cases(PII_CASES)]
    inputs = [
        text for text in sentences_of_200_characters(texts) if any("\u3040" <= c <= "\u30ff" for c in text)
    ]

    for function in (tokens.keywords, tokens.cues, safety.detect, pii.redact):  # warm every code path
        for text in inputs[:20]:
            function(text)

    print(f"inputs: {len(inputs)} sentences of 200 characters, {args.rounds} rounds each")
    print(f"{'function':<16} {'p50 ms':>8} {'p99 ms':>8}")

    def detect_and_redact(text: str) -> object:
        return safety.detect(text), pii.redact(text)

    # English messages go through both shipped models (the Latin-script one reads their crisis)
    english = [
        case.text for path in sorted(Path(safety_model.MODEL_PATH).parent.glob("safety_dev_*.tsv"))
        for case in _dev_lines(path) if safety_model.is_latin(case.text)
    ][:400]
    for text in english[:20]:
        safety.detect(text)
    p50, p99 = percentiles(safety.detect, english, args.rounds)
    print(f"{'detect (English)':<16} {p50:>8.3f} {p99:>8.3f}   ({len(english)} English development lines)")
    for name, function in (
        ("keywords", tokens.keywords),
        ("cues", tokens.cues),
        ("safety.rules", safety.rule_kinds),
        ("safety.detect", safety.detect),
        ("pii.redact", pii.redact),
        ("detect+redact", detect_and_redact),
    ):
        p50, p99 = percentiles(function, inputs, args.rounds)
        print(f"{name:<16} {p50:>8.3f} {p99:>8.3f}")
    print(
        f"safety classifier weights ({'char n-grams + Sudachi lemmas' if model.lemmas else 'char n-grams'}): "
        f"RSS {before_model:.1f} MB -> {after_model:.1f} MB (delta {after_model - before_model:.1f} MB), "
        f"load {model_seconds * 1000:.0f} ms"
    )
    print(
        f"tokenizer memory (Sudachi, shared by keywords, pii and the classifier's lemmas): "
        f"RSS {before:.1f} MB -> {after:.1f} MB (delta {after - before:.1f} MB)"
    )
    print(f"first load (import + dictionary + tokenizer): {load_seconds * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
