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
sys.path.insert(0, str(ROOT / "bench"))

from reader_eval import report  # noqa: E402

from jatext.privacy_q import asks_about_privacy  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    report(args.files, asks_about_privacy, "asks_privacy", label=1, lang=0, text=2, show=args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
