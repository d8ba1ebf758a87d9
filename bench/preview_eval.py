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
sys.path.insert(0, str(ROOT / "bench"))

from reader_eval import report  # noqa: E402

from jatext.preview import asks_for_manager_view  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    report(args.files, asks_for_manager_view, "view", label=0, lang=1, text=2, show=args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
