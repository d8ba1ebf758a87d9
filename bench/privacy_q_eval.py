"""How well ``jatext.privacy_q`` reads a question about who can see, keep or use what is written here.

Usage (from the repository root)::

    python bench/privacy_q_eval.py jatext/data/privacy_q_blind_dev.tsv     # the set it was built on
    python bench/privacy_q_eval.py jatext/data/privacy_q_blind_held.tsv    # held aside, never tuned on
    python bench/privacy_q_eval.py FILE --show                             # print the misses

Each line is ``lang<TAB>label<TAB>text``, ``asks_privacy`` or ``other``, written and labelled blind by
someone who read only PRODUCT.md. Prints recall on ``asks_privacy`` and false readings on ``other``,
per language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jatext.privacy_q import asks_about_privacy  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    for path in args.files:
        rows = [line.rstrip("\n").split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
        for lang in ("ja", "en", "all"):
            chosen = [r for r in rows if lang == "all" or r[0] == lang]
            asked = [r for r in chosen if r[1] == "asks_privacy"]
            other = [r for r in chosen if r[1] != "asks_privacy"]
            found = [r for r in asked if asks_about_privacy(r[2])]
            false = [r for r in other if asks_about_privacy(r[2])]
            precision = len(found) / (len(found) + len(false)) if found or false else 0.0
            print(f"{Path(path).name} {lang}: recall {len(found)}/{len(asked)} ({len(found) / max(1, len(asked)):.3f}), "
                  f"false readings {len(false)}/{len(other)}, precision {precision:.3f}")
            if args.show and lang == "all":
                for r in asked:
                    if r not in found:
                        print("  MISSED", r[2])
                for r in false:
                    print("  FALSE ", r[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
