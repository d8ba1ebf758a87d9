"""How well ``jatext.preview`` reads a request to see what the manager would see.

Usage (from the repository root)::

    python bench/preview_eval.py jatext/data/manager_view_blind_dev.tsv     # the set it was built on
    python bench/preview_eval.py jatext/data/manager_view_blind_held.tsv    # held aside, never tuned on
    python bench/preview_eval.py FILE --show                                # print the misses

Each line is ``label<TAB>lang<TAB>text``, ``view`` or ``other``, written and labelled blind by
someone who read only PRODUCT.md and COACHING.md. Prints recall on ``view``, false readings on
``other`` (precision), per language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jatext.preview import asks_for_manager_view  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    for path in args.files:
        rows = [line.rstrip("\n").split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        for lang in ("ja", "en", "all"):
            chosen = [r for r in rows if lang == "all" or r[1] == lang]
            view = [r for r in chosen if r[0] == "view"]
            other = [r for r in chosen if r[0] != "view"]
            found = [r for r in view if asks_for_manager_view(r[2])]
            false = [r for r in other if asks_for_manager_view(r[2])]
            precision = len(found) / (len(found) + len(false)) if found or false else 0.0
            print(f"{Path(path).name} {lang}: recall {len(found)}/{len(view)} ({len(found) / max(1, len(view)):.3f}), "
                  f"false readings {len(false)}/{len(other)}, precision {precision:.3f}")
            if args.show and lang == "all":
                for r in view:
                    if r not in found:
                        print("  MISSED", r[2])
                for r in false:
                    print("  FALSE ", r[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
