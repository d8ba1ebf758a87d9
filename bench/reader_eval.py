"""Recall and false readings of a yes/no reader on labelled blind files, shared by the readers' evals.

Each file is TSV; ``columns`` says where the label, the language and the text are. Prints, per
language and in all, how many ``positive`` lines the reader takes, how many others it takes too,
and the precision; ``show`` prints the misses and the false readings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path


def report(
    files: Sequence[str], read: Callable[[str], bool], positive: str, *, label: int, lang: int, text: int, show: bool = False
) -> None:
    for path in files:
        rows = [
            line.rstrip("\n").split("\t")
            for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        for language in ("ja", "en", "all"):
            chosen = [r for r in rows if language == "all" or r[lang] == language]
            wanted = [r for r in chosen if r[label] == positive]
            other = [r for r in chosen if r[label] != positive]
            found = [r for r in wanted if read(r[text])]
            false = [r for r in other if read(r[text])]
            precision = len(found) / (len(found) + len(false)) if found or false else 0.0
            print(f"{Path(path).name} {language}: recall {len(found)}/{len(wanted)} ({len(found) / max(1, len(wanted)):.3f}), "
                  f"false readings {len(false)}/{len(other)}, precision {precision:.3f}")
            if show and language == "all":
                for r in wanted:
                    if r not in found:
                        print("  MISSED", r[text])
                for r in false:
                    print("  FALSE ", r[text])
