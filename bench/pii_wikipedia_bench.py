"""Person-name redaction measured on the Stockmark Wikipedia NER set (bench/data/).

Run from the repository root: ``python bench/pii_wikipedia_bench.py [-v] [--part tuned|untouched|all]``

Prints, for each part of the fixed split (``int(curid) % 4 == 0`` is the part looked at while
tuning, the rest is untouched):

- recall of person names by script (kanji, katakana, Latin) and overall: a name counts as
  hidden when every character of it ends up inside a redacted span (what matters for privacy);
- precision: redacted spans that overlap a gold person name, over all redacted spans (and how
  many of the false ones lie inside another annotated entity: a firm, place or work named after
  a person, which the set does not tag as 人名);
- false-replacement rate: sentences without any person name in which anything was replaced;
- end to end: the sentences sent in groups of eight as the turns of one request through a
  ``Pseudonymizer`` (what the model gateway does), and how many names still appear in clear.

``-v`` prints the missed names and the false replacements of the part. ``--rules-only`` turns
off the trained tagger (jatext.name_tagger), to compare with the rules alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jatext import pii  # noqa: E402
from jatext.pii import Pseudonymizer, redact  # noqa: E402

DATA = ROOT / "bench" / "data" / "ner-wikipedia.json"


def script_of(name: str) -> str:
    if any(c.isascii() and c.isalpha() for c in name):
        return "latin"
    if all("\u30a0" <= c <= "\u30ff" or c in "・･ｰ＝= " for c in name):
        return "katakana"
    return "kanji"


def part_of(record: dict) -> str:
    return "tuned" if int(record["curid"]) % 4 == 0 else "untouched"


def measure(records: list[dict], verbose: bool = False) -> dict:
    found = {"kanji": [0, 0], "katakana": [0, 0], "latin": [0, 0]}
    spans_total = spans_hit = inside_other = 0
    free = free_touched = 0
    timings: list[float] = []
    for record in records:
        text = record["text"]
        gold = [e for e in record["entities"] if e["type"] == "人名"]
        start = time.perf_counter()
        result = redact(text)
        timings.append(time.perf_counter() - start)
        covered = [False] * len(text)
        for entity in result.entities:
            for i in range(entity.start, entity.end):
                covered[i] = True
        for g in gold:
            a, b = g["span"]
            hidden = all(covered[a:b])
            bucket = found[script_of(g["name"])]
            bucket[1] += 1
            bucket[0] += hidden
            if verbose and not hidden:
                print(f"MISS {g['name']!r}: {text}")
        for entity in result.entities:
            hit = any(entity.start < g["span"][1] and g["span"][0] < entity.end for g in gold)
            spans_total += 1
            spans_hit += hit
            if not hit and any(
                entity.start < e["span"][1] and e["span"][0] < entity.end for e in record["entities"]
            ):
                inside_other += 1
            if verbose and not hit:
                print(f"FALSE {entity.original!r} ({entity.kind}): {text}")
        if not gold:
            free += 1
            free_touched += bool(result.entities)
    total_found = sum(v[0] for v in found.values())
    total = sum(v[1] for v in found.values())
    timings.sort()
    return {
        "sentences": len(records),
        "names": total,
        "recall": total_found / total if total else 1.0,
        "by_script": {k: (v[0] / v[1] if v[1] else 1.0, v[1]) for k, v in found.items()},
        "precision": spans_hit / spans_total if spans_total else 1.0,
        # false replacements inside another annotated entity: a person's name within a firm,
        # place, work or event name (ニクソン政権, 角川書店), which the set does not tag as 人名
        "inside_other": inside_other,
        "false_spans": spans_total - spans_hit,
        "name_free_sentences": free,
        "false_replacement_rate": free_touched / free if free else 0.0,
        "p50_ms": timings[len(timings) // 2] * 1000,
        "p99_ms": timings[int(len(timings) * 0.99)] * 1000,
    }


def end_to_end(records: list[dict], turns: int = 8) -> tuple[int, int]:
    """Sentences sent as the turns of one request (groups of ``turns``) through a session, as
    the model gateway does: how many gold names still appear in clear in what would be sent."""
    leaked = total = 0
    for i in range(0, len(records), turns):
        group = records[i : i + turns]
        sent = Pseudonymizer().redact_many([r["text"] for r in group])
        for record, text in zip(group, sent, strict=True):
            for g in record["entities"]:
                if g["type"] == "人名":
                    total += 1
                    leaked += g["name"] in text
    return leaked, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--part", choices=("tuned", "untouched", "all"), default=None)
    parser.add_argument("--rules-only", action="store_true", help="without the trained tagger")
    args = parser.parse_args()
    if args.rules_only:
        pii._TAGGER_ENABLED = False
    records = json.loads(DATA.read_text(encoding="utf-8"))
    redact("ウォームアップ")  # load the dictionary outside the timings
    parts = [args.part] if args.part else ["tuned", "untouched", "all"]
    for part in parts:
        chosen = records if part == "all" else [r for r in records if part_of(r) == part]
        m = measure(chosen, verbose=args.verbose)
        scripts = "  ".join(f"{k} {v[0]:.3f} (n={v[1]})" for k, v in m["by_script"].items())
        print(
            f"[{part}] sentences {m['sentences']}, names {m['names']}: recall {m['recall']:.3f} ({scripts}); "
            f"precision {m['precision']:.3f} ({m['inside_other']} of {m['false_spans']} false replacements are inside "
            f"another named entity); false replacement {m['false_replacement_rate']:.3f} "
            f"of {m['name_free_sentences']} name-free sentences; p50 {m['p50_ms']:.2f} ms p99 {m['p99_ms']:.2f} ms"
        )
        leaked, total = end_to_end(chosen)
        print(
            f"[{part}] end to end (8 sentences per request): {leaked} of {total} names sent in clear ({leaked / total:.1%})"
        )


if __name__ == "__main__":
    main()
